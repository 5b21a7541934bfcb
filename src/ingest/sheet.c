/* sheet.c - choose a reader for an input file */
#include "ingest/sheet.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool sd_has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

sd_error sd_sheet_open(const char *path, sd_encoding enc, sd_sheet **out, char *err, size_t errlen)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return sd_fail(err, errlen, SD_ERR_IO, "ファイルを開けません");
    unsigned char magic[8] = {0};
    size_t n = fread(magic, 1, sizeof magic, fp);
    fclose(fp);

    bool zip = n >= 4 && memcmp(magic, "PK\x03\x04", 4) == 0;
    bool ole = n >= 8 && memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
    if (ole)
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "古い Excel 形式（.xls）かパスワード付きのブックです。Excel で .xlsx か CSV として保存し直してください");
    if (zip || sd_has_ext(path, ".xlsx") || sd_has_ext(path, ".xlsm"))
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "xlsx ファイルはこの版ではまだ読めません。Excel で CSV として保存してください");
    return sd_csv_open(path, enc, out, err, errlen);
}

sd_error sd_sheet_next(sd_sheet *s, sd_row *row, char *err, size_t errlen)
{
    return s->next(s, row, err, errlen);
}

const char *sd_sheet_format(const sd_sheet *s) { return s->format; }

void sd_sheet_free(sd_sheet *s)
{
    if (s)
        s->free(s);
}
