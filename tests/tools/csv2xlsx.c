/* csv2xlsx.c - test tool: writes a UTF-8 CSV as an xlsx workbook with
 * libxlsxwriter, the way a staff member's macro or another program would.
 *
 * usage: csv2xlsx [--typed] [--constant-memory] [--cover] IN.csv OUT.xlsx
 *   --typed            integers as numbers, YYYY/MM/DD as dates (else text)
 *   --constant-memory  libxlsxwriter's streaming mode (inline strings)
 *   --cover            a first sheet with a note, so the answers are on the second
 */
#include <csv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct {
    lxw_worksheet *ws;
    lxw_format *date_fmt;
    bool typed;
    lxw_row_t row;
    lxw_col_t col;
} ctx;

static bool is_int(const char *s)
{
    const char *p = s + (*s == '-');
    if (!*p || strlen(p) > 9)
        return false;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

static void on_field(void *data, size_t len, void *user)
{
    ctx *c = user;
    char *s = malloc(len + 1);
    memcpy(s, data ? data : "", len);
    s[len] = '\0';
    char *text = s;
    if (c->row == 0 && c->col == 0 && strncmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3;
    int y, m, d, n = 0;
    if (!*text) {
        /* an empty cell stays absent */
    } else if (c->typed && c->row > 0 && is_int(text)) {
        worksheet_write_number(c->ws, c->row, c->col, atof(text), NULL);
    } else if (c->typed && c->row > 0 && sscanf(text, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 && !text[n] &&
               m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        lxw_datetime dt = {y, m, d, 0, 0, 0};
        worksheet_write_datetime(c->ws, c->row, c->col, &dt, c->date_fmt);
    } else {
        worksheet_write_string(c->ws, c->row, c->col, text, NULL);
    }
    free(s);
    c->col++;
}

static void on_row(int term, void *user)
{
    (void)term;
    ctx *c = user;
    c->row++;
    c->col = 0;
}

int main(int argc, char **argv)
{
    bool typed = false, constant = false, cover = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--typed") == 0)
            typed = true;
        else if (strcmp(argv[i], "--constant-memory") == 0)
            constant = true;
        else if (strcmp(argv[i], "--cover") == 0)
            cover = true;
        else
            break;
    }
    if (argc - i != 2) {
        fprintf(stderr, "usage: csv2xlsx [--typed] [--constant-memory] [--cover] IN.csv OUT.xlsx\n");
        return 2;
    }
    FILE *in = fopen(argv[i], "rb");
    if (!in) {
        perror(argv[i]);
        return 1;
    }
    lxw_workbook_options opt = {.constant_memory = constant, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(argv[i + 1], &opt);
    if (!wb) {
        fprintf(stderr, "cannot create %s\n", argv[i + 1]);
        return 1;
    }
    if (cover) {
        lxw_worksheet *note = workbook_add_worksheet(wb, "説明");
        worksheet_write_string(note, 0, 0, "このブックは会員の回答をまとめたものです。", NULL);
        worksheet_write_string(note, 2, 0, "回答は次のシートにあります。", NULL);
    }
    ctx c = {.ws = workbook_add_worksheet(wb, "回答"), .typed = typed};
    c.date_fmt = workbook_add_format(wb);
    format_set_num_format(c.date_fmt, "yyyy/mm/dd");
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, &c) != n) {
            fprintf(stderr, "%s: %s\n", argv[i], csv_strerror(csv_error(&p)));
            return 1;
        }
    csv_fini(&p, on_field, on_row, &c);
    csv_free(&p);
    fclose(in);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
