/* sheet.c - choose a reader for an input file */
#include "ingest/sheet.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "core/util.h"

static bool sd_has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* An OLE compound file is either an old .xls or an encrypted xlsx: Office
 * keeps a password-protected workbook in a compound file with a stream
 * named "EncryptionInfo" (UTF-16 in the directory). */
static bool sd_ole_is_encrypted(FILE *fp)
{
    static const char name[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";
    const size_t nlen = sizeof name - 1;
    char buf[65536 + sizeof name];
    size_t keep = 0, n, total = 0;
    rewind(fp);
    while ((n = fread(buf + keep, 1, 65536, fp)) > 0 && total < 64u * 1024 * 1024) {
        size_t len = keep + n;
        if (memmem(buf, len, name, nlen))
            return true;
        keep = len < nlen ? len : nlen;
        memmove(buf, buf + len - keep, keep);
        total += n;
    }
    return false;
}

sd_error sd_sheet_open(const char *path, sd_encoding enc, const char *sheet_name, sd_sheet **out, char *err,
                       size_t errlen)
{
    return sd_sheet_open_named(path, path, enc, sheet_name, out, err, errlen);
}

sd_error sd_sheet_open_named(const char *path, const char *name, sd_encoding enc, const char *sheet_name,
                             sd_sheet **out, char *err, size_t errlen)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return sd_fail(err, errlen, SD_ERR_IO, "ファイルを開けません");
    unsigned char magic[8] = {0};
    size_t n = fread(magic, 1, sizeof magic, fp);

    bool zip = n >= 4 && (memcmp(magic, "PK\x03\x04", 4) == 0 || memcmp(magic, "PK\x05\x06", 4) == 0);
    bool ole = n >= 8 && memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
    bool encrypted = ole && sd_ole_is_encrypted(fp);
    fclose(fp);
    if (encrypted)
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "パスワードで保護されたブックです。Excel でパスワードを外して保存し直してください");
    if (ole)
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "古い Excel 形式（.xls）です。Excel で .xlsx か CSV として保存し直してください");
    if (zip)
        return sd_xlsx_open(path, sheet_name, out, err, errlen);
    if (sd_has_ext(name, ".xlsx") || sd_has_ext(name, ".xlsm"))
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "名前は .xlsx ですが、中身が Excel のブック（zip）ではありません。Excel で開いて保存し直してください");
    if (sheet_name)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "CSV ファイルにはシートがないため --sheet は使えません");
    return sd_csv_open_named(path, name, enc, out, err, errlen);
}

sd_error sd_sheet_next(sd_sheet *s, sd_row *row, char *err, size_t errlen)
{
    row->cell_rows = NULL;
    row->cell_refs = NULL;
    return s->next(s, row, err, errlen);
}

sd_error sd_sheet_next_sheet(sd_sheet *s, char *err, size_t errlen)
{
    return s->next_sheet ? s->next_sheet(s, err, errlen) : SD_DONE;
}

sd_error sd_sheet_rewind(sd_sheet *s, char *err, size_t errlen) { return s->rewind(s, err, errlen); }

const char *sd_sheet_format(const sd_sheet *s) { return s->format; }

const char *sd_sheet_name(const sd_sheet *s) { return s->sheet_name; }

char sd_cell_empty[] = "";

void sd_cells_free(char **cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cells[i] != sd_cell_empty)
            free(cells[i]);
    free(cells);
}

void sd_rowq_push(sd_rowq *q, char **cells, size_t ncells, size_t row_no)
{
    if (q->head + q->len == q->cap) {
        if (q->head > 0) {
            memmove(q->items, q->items + q->head, q->len * sizeof *q->items);
            q->head = 0;
        } else {
            q->cap = q->cap ? q->cap * 2 : 64;
            q->items = sd_xrealloc(q->items, q->cap * sizeof *q->items);
        }
    }
    q->items[q->head + q->len++] = (sd_rowbuf){cells, ncells, row_no};
}

bool sd_rowq_pop(sd_rowq *q, sd_row *row)
{
    sd_cells_free(q->current.cells, q->current.ncells);
    q->current = (sd_rowbuf){0};
    if (q->len == 0)
        return false;
    q->current = q->items[q->head++];
    q->len--;
    row->cells = q->current.cells;
    row->ncells = q->current.ncells;
    row->row_no = q->current.row_no;
    return true;
}

void sd_rowq_clear(sd_rowq *q)
{
    sd_cells_free(q->current.cells, q->current.ncells);
    q->current = (sd_rowbuf){0};
    for (size_t i = 0; i < q->len; i++)
        sd_cells_free(q->items[q->head + i].cells, q->items[q->head + i].ncells);
    q->head = q->len = 0;
}

void sd_rowq_free(sd_rowq *q)
{
    sd_rowq_clear(q);
    free(q->items);
    q->items = NULL;
    q->cap = 0;
}

void sd_sheet_free(sd_sheet *s)
{
    if (s)
        s->free(s);
}
