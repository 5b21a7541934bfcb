/* csv.c - streamed CSV reader: encoding detection, iconv to UTF-8, libcsv */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/templates.h"
#include "core/text.h"
#include "core/util.h"
#include "ingest/sheet.h"

#define SD_CSV_CHUNK 65536

/* libcsv grows a field's buffer by this much at a time (its default, 128
 * bytes, makes a hostile 10 MB cell cost 80,000 reallocations). */
#define SD_CSV_FIELD_BLOCK (64 * 1024)

typedef struct {
    sd_sheet base;
    FILE *fp;
    iconv_t cd;             /* CP932 -> UTF-8, or (iconv_t)-1 for UTF-8 input */
    struct csv_parser parser;
    bool eof;               /* input exhausted and parser finished */
    bool bom_checked;
    char carry[8];          /* incomplete multibyte sequence between chunks */
    size_t ncarry;
    /* row being assembled by the callbacks */
    char **cur;
    size_t ncur, capcur;
    size_t physical_rows;   /* rows seen so far, blank ones included */
    int last_term;          /* terminator of the previous row */
    bool too_long;          /* a cell or row exceeded a limit */
    size_t long_row, long_col; /* where (1-based); long_col past the limit: too many columns */
    size_t long_len;        /* the over-long cell's bytes */
    sd_rowq rows;           /* completed rows waiting to be handed out */
} sd_csv;

/* libcsv as every reader here uses it: every newline reported, fields
 * NUL-terminated, grown a block at a time. Returns 0 or -1. */
static int sd_csv_parser_init(sd_csv *c)
{
    if (csv_init(&c->parser, CSV_APPEND_NULL | CSV_REPALL_NL) != 0)
        return -1;
    csv_set_blk_size(&c->parser, SD_CSV_FIELD_BLOCK);
    return 0;
}

static void sd_csv_field_cb(void *data, size_t len, void *user)
{
    sd_csv *c = user;
    if ((long)c->ncur >= sd_lim.columns || (long)len > sd_lim.cell_bytes) {
        if (!c->too_long) {
            c->too_long = true;
            c->long_row = c->physical_rows + 1;
            c->long_col = c->ncur + 1;
            c->long_len = len;
        }
        return;
    }
    if (c->ncur == c->capcur) {
        c->capcur = c->capcur ? c->capcur * 2 : 32;
        c->cur = sd_xrealloc(c->cur, c->capcur * sizeof *c->cur);
    }
    c->cur[c->ncur++] = sd_xstrndup(data ? data : "", data ? len : 0);
}

static void sd_csv_row_cb(int term, void *user)
{
    sd_csv *c = user;
    /* With CSV_REPALL_NL every newline is reported; the LF of a CRLF pair
     * after a row is not a row of its own. */
    if (c->ncur == 0 && term == '\n' && c->last_term == '\r') {
        c->last_term = 0;
        return;
    }
    c->last_term = term;
    c->physical_rows++;
    sd_rowq_push(&c->rows, c->cur, c->ncur, c->physical_rows);
    c->cur = NULL;
    c->ncur = c->capcur = 0;
}

/* Converts CP932 bytes to UTF-8; an invalid byte becomes U+FFFD so that
 * the cell holding it is rejected with its row and column. */
static void sd_csv_convert(sd_csv *c, const char *in, size_t inlen, bool final, sd_buf *out)
{
    char obuf[4 * SD_CSV_CHUNK];
    char *src;
    size_t srclen;
    sd_buf joined = {0};
    if (c->ncarry) {
        sd_buf_add(&joined, c->carry, c->ncarry);
        sd_buf_add(&joined, in, inlen);
        src = joined.data;
        srclen = joined.len;
        c->ncarry = 0;
    } else {
        src = (char *)in;
        srclen = inlen;
    }
    while (srclen > 0) {
        char *op = obuf;
        size_t olen = sizeof obuf;
        size_t r = iconv(c->cd, &src, &srclen, &op, &olen);
        sd_buf_add(out, obuf, (size_t)(op - obuf));
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        if (errno == EINVAL && !final && srclen < sizeof c->carry) {
            memcpy(c->carry, src, srclen);
            c->ncarry = srclen;
            break;
        }
        sd_buf_adds(out, "\xEF\xBF\xBD");
        src++;
        srclen--;
        iconv(c->cd, NULL, NULL, NULL, NULL);
    }
    sd_buf_free(&joined);
}

static sd_error sd_csv_fill(sd_csv *c, char *err, size_t errlen)
{
    char raw[SD_CSV_CHUNK];
    size_t n = fread(raw, 1, sizeof raw, c->fp);
    if (ferror(c->fp))
        return sd_fail(err, errlen, SD_ERR_IO, "ファイルの読み込みに失敗しました");
    const char *data = raw;
    size_t len = n;
    if (!c->bom_checked) {
        c->bom_checked = true;
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
            data += 3;
            len -= 3;
        }
    }
    sd_buf conv = {0};
    if (c->cd != (iconv_t)-1) {
        sd_csv_convert(c, data, len, n == 0, &conv);
        data = conv.data ? conv.data : "";
        len = conv.len;
    }
    if (len && csv_parse(&c->parser, data, len, sd_csv_field_cb, sd_csv_row_cb, c) != len) {
        sd_buf_free(&conv);
        return sd_fail(err, errlen, SD_ERR_FORMAT, "CSV を解析できません: %s",
                       csv_strerror(csv_error(&c->parser)));
    }
    sd_buf_free(&conv);
    if (n == 0) {
        csv_fini(&c->parser, sd_csv_field_cb, sd_csv_row_cb, c);
        c->eof = true;
    }
    return SD_OK;
}

static sd_error sd_csv_next(sd_sheet *s, sd_row *row, char *err, size_t errlen)
{
    sd_csv *c = (sd_csv *)s;
    while (c->rows.len == 0 && !c->eof) {
        sd_error rc = sd_csv_fill(c, err, errlen);
        if (rc)
            return rc;
        if (c->too_long) {
            char col[16];
            if ((long)c->long_col > sd_lim.columns) {
                sd_column_letters((size_t)sd_lim.columns - 1, col);
                return sd_fail(err, errlen, SD_ERR_LIMIT, "%zu 行目: 列が多すぎます（上限 %ld 列、%s 列まで）",
                               c->long_row, sd_lim.columns, col);
            }
            sd_column_letters(c->long_col - 1, col);
            return sd_fail(err, errlen, SD_ERR_LIMIT,
                           "%zu 行目 %s 列: セルが長すぎます（%zu バイト。上限 %ld バイト）", c->long_row, col,
                           c->long_len, sd_lim.cell_bytes);
        }
        if ((long)c->physical_rows > sd_lim.rows)
            return sd_fail(err, errlen, SD_ERR_LIMIT, "行数が上限（%ld 行）を超えています", sd_lim.rows);
    }
    return sd_rowq_pop(&c->rows, row) ? SD_OK : SD_DONE;
}

static void sd_csv_free(sd_sheet *s)
{
    sd_csv *c = (sd_csv *)s;
    if (c->fp)
        fclose(c->fp);
    if (c->cd != (iconv_t)-1)
        iconv_close(c->cd);
    csv_free(&c->parser);
    sd_rowq_free(&c->rows);
    for (size_t i = 0; i < c->ncur; i++)
        free(c->cur[i]);
    free(c->cur);
    free(c);
}

static sd_error sd_csv_rewind(sd_sheet *s, char *err, size_t errlen)
{
    sd_csv *c = (sd_csv *)s;
    sd_rowq_clear(&c->rows);
    for (size_t i = 0; i < c->ncur; i++)
        free(c->cur[i]);
    c->ncur = 0;
    csv_free(&c->parser);
    if (sd_csv_parser_init(c) != 0)
        return SD_ERR_NOMEM;
    if (c->cd != (iconv_t)-1)
        iconv(c->cd, NULL, NULL, NULL, NULL);
    c->eof = c->bom_checked = c->too_long = false;
    c->ncarry = 0;
    c->physical_rows = 0;
    c->last_term = 0;
    if (fseek(c->fp, 0, SEEK_SET) != 0)
        return sd_fail(err, errlen, SD_ERR_IO, "ファイルを読み直せません");
    return SD_OK;
}

/* UTF-8 or CP932? A BOM says UTF-8. Otherwise the file is UTF-8 when its
 * multibyte sequences are valid UTF-8, or nearly all are: a UTF-8 file
 * with a few broken bytes is still UTF-8, and its broken cells are then
 * rejected one by one (row and column) instead of the whole file being
 * misread as CP932. CP932 Japanese text almost never forms valid UTF-8
 * sequences, so it has few valid ones and many invalid ones. */
static bool sd_file_is_utf8(FILE *fp)
{
    unsigned char buf[SD_CSV_CHUNK + 4];
    size_t keep = 0, n, valid = 0, invalid = 0;
    bool first = true, bom = false;
    while ((n = fread(buf + keep, 1, SD_CSV_CHUNK, fp)) > 0) {
        size_t len = keep + n, i = 0;
        if (first && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
            bom = true;
            break;
        }
        first = false;
        while (i < len) {
            unsigned char b = buf[i];
            size_t need = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
            if (need == 1) {
                i++;
                continue;
            }
            if (need && i + need > len)
                break; /* sequence continues in the next chunk */
            bool ok = need > 0;
            for (size_t k = 1; ok && k < need; k++)
                ok = (buf[i + k] & 0xC0) == 0x80;
            if (ok) {
                valid++;
                i += need;
            } else {
                invalid++;
                i++;
            }
        }
        keep = len - i;
        memmove(buf, buf + i, keep);
    }
    invalid += keep > 0;
    rewind(fp);
    return bom || invalid == 0 || valid >= 20 * invalid;
}

sd_error sd_csv_open(const char *path, sd_encoding enc, sd_sheet **out, char *err, size_t errlen)
{
    sd_csv *c = sd_xcalloc(1, sizeof *c);
    c->base.next = sd_csv_next;
    c->base.free = sd_csv_free;
    c->base.rewind = sd_csv_rewind;
    c->cd = (iconv_t)-1;
    *out = NULL;
    if (sd_csv_parser_init(c) != 0) {
        free(c);
        return SD_ERR_NOMEM;
    }
    if (!(c->fp = fopen(path, "rb"))) {
        sd_csv_free(&c->base);
        return sd_fail(err, errlen, SD_ERR_IO, "ファイルを開けません");
    }
    if (enc == SD_ENC_AUTO)
        enc = sd_file_is_utf8(c->fp) ? SD_ENC_UTF8 : SD_ENC_CP932;
    if (enc == SD_ENC_CP932) {
        c->cd = iconv_open("UTF-8", "CP932");
        if (c->cd == (iconv_t)-1) {
            sd_csv_free(&c->base);
            return sd_fail(err, errlen, SD_ERR_ENCODING, "CP932 から UTF-8 への変換が使えません");
        }
        c->base.format = "CSV (CP932)";
    } else {
        c->base.format = "CSV (UTF-8)";
    }
    *out = &c->base;
    return SD_OK;
}
