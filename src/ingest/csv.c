/* csv.c - streamed CSV reader: encoding detection, iconv to UTF-8, libcsv */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    iconv_t cd;             /* CP932 or UTF-16 -> UTF-8, or (iconv_t)-1 for UTF-8 input */
    size_t bom_len;         /* bytes of byte-order mark to skip (UTF-8 3, UTF-16 2) */
    char delim;             /* ',' or '\t' (Excel's テキスト and Unicode テキスト) */
    char *raw, *obuf;       /* read and conversion buffers (heap: a small stack
                             * under `ulimit -v` must not meet 320 KB frames) */
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
    csv_set_delim(&c->parser, (unsigned char)(c->delim ? c->delim : ','));
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
    char *obuf = c->obuf;
    const size_t obuf_len = 4 * SD_CSV_CHUNK;
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
        size_t olen = obuf_len;
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
    char *raw = c->raw;
    size_t n = fread(raw, 1, SD_CSV_CHUNK, c->fp);
    if (ferror(c->fp))
        return sd_fail(err, errlen, SD_ERR_IO, "ファイルの読み込みに失敗しました");
    const char *data = raw;
    size_t len = n;
    if (!c->bom_checked) {
        c->bom_checked = true;
        if (len >= c->bom_len) {
            data += c->bom_len;
            len -= c->bom_len;
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
    free(c->raw);
    free(c->obuf);
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
    unsigned char *buf = sd_xmalloc(SD_CSV_CHUNK + 4);
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
    free(buf);
    rewind(fp);
    return bom || invalid == 0 || valid >= 20 * invalid;
}

/* The separator of the first line: a tab when it has tabs and no more
 * commas (Excel's テキスト（タブ区切り） and Unicode テキスト), else a comma.
 * step is 2 for UTF-16LE (each ASCII character then a zero byte). */
static char sd_sniff_delim(const unsigned char *b, size_t n, size_t step, size_t skip)
{
    size_t tabs = 0, commas = 0;
    bool quoted = false;
    for (size_t i = skip; i + step <= n; i += step) {
        if (step == 2 && b[i + 1] != 0)
            continue;
        unsigned char ch = b[i];
        if (ch == '"')
            quoted = !quoted;
        else if (!quoted && (ch == '\n' || ch == '\r'))
            break;
        else if (!quoted && ch == '\t')
            tabs++;
        else if (!quoted && ch == ',')
            commas++;
    }
    return tabs > 0 && tabs >= commas ? '\t' : ',';
}

static bool sd_has_suffix(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

sd_error sd_csv_open_named(const char *path, const char *name, sd_encoding enc, sd_sheet **out, char *err,
                           size_t errlen)
{
    sd_csv *c = sd_xcalloc(1, sizeof *c);
    c->base.next = sd_csv_next;
    c->base.free = sd_csv_free;
    c->base.rewind = sd_csv_rewind;
    c->cd = (iconv_t)-1;
    c->raw = sd_xmalloc(SD_CSV_CHUNK);
    c->obuf = sd_xmalloc(4 * SD_CSV_CHUNK);
    *out = NULL;
    if (!(c->fp = fopen(path, "rb"))) {
        sd_csv_free(&c->base);
        return sd_fail(err, errlen, SD_ERR_IO, "ファイルを開けません: %s", strerror(errno));
    }
    /* the start of the file: byte-order mark and separator */
    unsigned char *head = (unsigned char *)c->raw;
    size_t nhead = fread(head, 1, SD_CSV_CHUNK, c->fp);
    rewind(c->fp);
    bool utf16 = nhead >= 2 && head[0] == 0xFF && head[1] == 0xFE;
    bool utf16be = nhead >= 2 && head[0] == 0xFE && head[1] == 0xFF;
    bool utf8bom = nhead >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0;
    if (utf16be) {
        sd_csv_free(&c->base);
        return sd_fail(err, errlen, SD_ERR_ENCODING,
                       "UTF-16（ビッグエンディアン）のテキストは読めません。Excel で CSV（UTF-8）として保存し直してください");
    }
    c->delim = sd_sniff_delim(head, nhead, utf16 ? 2 : 1, utf16 ? 2 : utf8bom ? 3 : 0);
    if (sd_has_suffix(name, ".tsv"))
        c->delim = '\t';
    const char *label;
    if (utf16) {
        c->bom_len = 2;
        c->cd = iconv_open("UTF-8", "UTF-16LE");
        label = "UTF-16";
    } else {
        if (enc == SD_ENC_AUTO)
            enc = sd_file_is_utf8(c->fp) ? SD_ENC_UTF8 : SD_ENC_CP932;
        if (enc == SD_ENC_CP932)
            c->cd = iconv_open("UTF-8", "CP932");
        c->bom_len = utf8bom && enc == SD_ENC_UTF8 ? 3 : 0;
        label = enc == SD_ENC_CP932 ? "CP932" : "UTF-8";
    }
    if ((utf16 || enc == SD_ENC_CP932) && c->cd == (iconv_t)-1) {
        int e = errno;
        sd_csv_free(&c->base);
        return sd_fail(err, errlen, SD_ERR_ENCODING, "%s から UTF-8 への変換が使えません: %s", label, strerror(e));
    }
    if (sd_csv_parser_init(c) != 0) {
        sd_csv_free(&c->base);
        return SD_ERR_NOMEM;
    }
    static const char *const formats[2][3] = {{"CSV (UTF-8)", "CSV (CP932)", "CSV (UTF-16)"},
                                              {"タブ区切り (UTF-8)", "タブ区切り (CP932)", "タブ区切り (UTF-16)"}};
    c->base.format = formats[c->delim == '\t'][utf16 ? 2 : enc == SD_ENC_CP932 ? 1 : 0];
    *out = &c->base;
    return SD_OK;
}

sd_error sd_csv_open(const char *path, sd_encoding enc, sd_sheet **out, char *err, size_t errlen)
{
    return sd_csv_open_named(path, path, enc, out, err, errlen);
}
