/* columns.c - spreadsheet column letters to and from 0-based indexes */
#include "core/columns.h"

int sd_column_index(const char *letters)
{
    int col = 0;
    const char *p = letters;
    while (*p == ' ')
        p++;
    if (!*p)
        return -1;
    for (; *p && *p != ' '; p++) {
        char ch = *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
        if (ch < 'A' || ch > 'Z' || col > 1000000)
            return -1;
        col = col * 26 + (ch - 'A' + 1);
    }
    return col - 1;
}

void sd_column_letters(size_t col, char out[16])
{
    char tmp[16];
    int n = 0;
    for (col++; col > 0 && n < 15; col = (col - 1) / 26)
        tmp[n++] = (char)('A' + (col - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}
