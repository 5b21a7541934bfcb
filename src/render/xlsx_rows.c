/* xlsx_rows.c - a workbook sheet's rows written straight into its package
 * (see xlsx_rows.h for why) */
#include "render/xlsx_rows.h"

#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/util.h"

/* Deflate level of the rows. At 10,000 companies (213,525 rows) the
 * workbook took 0.57 s and 3.9 MB at level 1, 0.52 s and 3.5 MB at 3,
 * 0.81 s and 2.7 MB at 6 (zlib's default, what libxlsxwriter uses; it was
 * 2.8 s and 10.7 MB before): 6 keeps the smallest file for the mail and
 * the share well within the batch's budget. */
#define SD_XROWS_LEVEL 6
/* A frame is libxlsxwriter's sheet with its header row: a few kilobytes. */
#define SD_XROWS_FRAME_MAX (1 << 20)

typedef struct {
    char *xml;
    size_t head; /* the frame up to the end of its header row */
    size_t tail; /* where </sheetData> starts */
    size_t len;
    bool found;
} sd_frame;

struct sd_xrows {
    unzFile in;
    zipFile zip;
    char *shown;             /* the output's name in messages */
    sd_xrows_part *parts;
    sd_frame *frames;
    int nparts;
    int cur;                 /* the part being written, -1 before the first */
    long long done;          /* data rows of the current part started */
    bool in_row;
    int zerr;                /* the first failed zip call's code */
    uLong dos_date;          /* the entries' time as libxlsxwriter wrote it */
    size_t n;
    char buf[1 << 16];
};

static void sd_xflush(sd_xrows *x)
{
    if (x->n && !x->zerr) {
        int z = zipWriteInFileInZip(x->zip, x->buf, (unsigned)x->n);
        if (z != ZIP_OK)
            x->zerr = z;
    }
    x->n = 0;
}

/* Room for k more bytes in the buffer (k well under its size). */
static inline char *sd_xroom(sd_xrows *x, size_t k)
{
    if (sizeof x->buf - x->n < k)
        sd_xflush(x);
    return x->buf + x->n;
}

static void sd_xput(sd_xrows *x, const char *s, size_t len)
{
    while (len) {
        size_t k = len < sizeof x->buf / 2 ? len : sizeof x->buf / 2;
        memcpy(sd_xroom(x, k), s, k);
        x->n += k;
        s += k;
        len -= k;
    }
}

#define SD_XLIT(x, lit) sd_xput((x), (lit), sizeof(lit) - 1)

static void sd_xint(sd_xrows *x, long long v)
{
    char tmp[24];
    sd_int_text(tmp, sizeof tmp, v);
    sd_xput(x, tmp, strlen(tmp));
}

static bool sd_xhex4(const char *s)
{
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

static bool sd_xspace(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

void sd_xrows_text(sd_xrows *x, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (!len) {
        SD_XLIT(x, "<c/>");
        return;
    }
    /* leading or trailing white space is kept only when marked */
    if (sd_xspace((unsigned char)s[0]) || sd_xspace((unsigned char)s[len - 1]))
        SD_XLIT(x, "<c t=\"inlineStr\"><is><t xml:space=\"preserve\">");
    else
        SD_XLIT(x, "<c t=\"inlineStr\"><is><t>");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char *o = sd_xroom(x, 8);
        if (c == '&') {
            memcpy(o, "&amp;", 5), x->n += 5;
        } else if (c == '<') {
            memcpy(o, "&lt;", 4), x->n += 4;
        } else if (c == '>') {
            memcpy(o, "&gt;", 4), x->n += 4;
        } else if ((c < 0x20 && c != '\t' && c != '\n') ||
                   (c == '_' && i + 6 < len && s[i + 1] == 'x' && sd_xhex4(s + i + 2) && s[i + 6] == '_')) {
            /* a control character has no XML form: Excel reads _xHHHH_
             * as the character, so a literal _xHHHH_ escapes its _ */
            snprintf(o, 8, "_x%04X_", c);
            x->n += 7;
        } else {
            *o = (char)c;
            x->n++;
        }
    }
    SD_XLIT(x, "</t></is></c>");
}

void sd_xrows_int(sd_xrows *x, long long v, int style)
{
    if (style > 0) {
        SD_XLIT(x, "<c s=\"");
        sd_xint(x, style);
        SD_XLIT(x, "\"><v>");
    } else {
        SD_XLIT(x, "<c><v>");
    }
    sd_xint(x, v);
    SD_XLIT(x, "</v></c>");
}

static sd_error sd_xzip_fail(sd_xrows *x, const char *what, int code, char *err, size_t errlen)
{
    if (code == ZIP_ERRNO) /* a read or write of the file itself */
        return sd_fail(err, errlen, SD_ERR_IO, "%s を作成できません: %sの途中でファイルの読み書きに失敗しました（ディスクの空きを確かめてください）",
                       x->shown, what);
    return sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %sに失敗しました（zip のエラー %d）", x->shown, what,
                   code);
}

/* The part a package entry is, or -1. */
static int sd_xpart_of(const sd_xrows *x, const char *name)
{
    int no;
    char end;
    if (sscanf(name, "xl/worksheets/sheet%d.xm%c", &no, &end) != 2 || end != 'l')
        return -1;
    char want[64];
    snprintf(want, sizeof want, "xl/worksheets/sheet%d.xml", no);
    if (strcmp(want, name))
        return -1;
    for (int i = 0; i < x->nparts; i++) {
        if (x->parts[i].sheet == no)
            return i;
    }
    return -1;
}

/* Reads the current entry (a part's frame) and finds where its rows go. */
static sd_error sd_xframe_read(sd_xrows *x, int part, const unz_file_info64 *info, const char *name, char *err,
                               size_t errlen)
{
    sd_frame *f = &x->frames[part];
    if (f->found)
        return sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %s が二つあります", x->shown, name);
    if (info->uncompressed_size > SD_XROWS_FRAME_MAX)
        return sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %s に行が書かれています", x->shown, name);
    f->len = (size_t)info->uncompressed_size;
    f->xml = sd_xmalloc(f->len + 1);
    int z = unzOpenCurrentFile(x->in);
    if (z != UNZ_OK)
        return sd_xzip_fail(x, "シートの読み込み", z, err, errlen);
    int got = unzReadCurrentFile(x->in, f->xml, (unsigned)f->len);
    z = unzCloseCurrentFile(x->in); /* checks the CRC */
    if (got < 0 || (size_t)got != f->len || z != UNZ_OK)
        return sd_xzip_fail(x, "シートの読み込み", got < 0 ? got : z, err, errlen);
    f->xml[f->len] = '\0';
    f->found = true;

    /* <sheetData><row r="1" …>header</row><row r="N+1"><c …/></row></sheetData> */
    const char *data = strstr(f->xml, "<sheetData>");
    const char *hend = data ? strstr(data, "</row>") : NULL;
    const char *tail = hend ? strstr(hend, "</sheetData>") : NULL;
    char last[48];
    snprintf(last, sizeof last, "<row r=\"%lld\"", x->parts[part].rows + 1);
    const char *more = tail ? strstr(hend + 6 + strlen(last), "<row") : NULL;
    if (!tail || strncmp(hend + 6, last, strlen(last)) || (more && more < tail))
        return sd_fail(err, errlen, SD_ERR_XLSX,
                       "%s を作成できません: %s の枠が見込みと違います（見出しの行と %lld 行目だけのはずです）", x->shown,
                       name, x->parts[part].rows + 1);
    f->head = (size_t)(hend + 6 - f->xml);
    f->tail = (size_t)(tail - f->xml);
    return SD_OK;
}

/* Copies the current entry with its compressed data as it is. */
static sd_error sd_xcopy(sd_xrows *x, const unz_file_info64 *info, const char *name, char *err, size_t errlen)
{
    int method = 0, level = 0;
    int z = unzOpenCurrentFile2(x->in, &method, &level, 1);
    char what[600];
    snprintf(what, sizeof what, "部品 %s の写し", name);
    if (z != UNZ_OK)
        return sd_xzip_fail(x, what, z, err, errlen);
    zip_fileinfo zi = {.dosDate = info->dosDate, .internal_fa = info->internal_fa, .external_fa = info->external_fa};
    z = zipOpenNewFileInZip2_64(x->zip, name, &zi, NULL, 0, NULL, 0, NULL, method, level, 1,
                                info->uncompressed_size >= 0xffffffffULL);
    int got;
    while (z == ZIP_OK && (got = unzReadCurrentFile(x->in, x->buf, sizeof x->buf)) != 0) {
        if (got < 0)
            z = got;
        else
            z = zipWriteInFileInZip(x->zip, x->buf, (unsigned)got);
    }
    if (z == ZIP_OK)
        z = zipCloseFileInZipRaw64(x->zip, info->uncompressed_size, info->crc);
    unzCloseCurrentFile(x->in); /* raw: no CRC to check, the copy carries it */
    return z == ZIP_OK ? SD_OK : sd_xzip_fail(x, what, z, err, errlen);
}

sd_error sd_xrows_open(const char *from, const char *to, const char *shown, const sd_xrows_part *parts, int nparts,
                       sd_xrows **out, char *err, size_t errlen)
{
    *out = NULL;
    sd_xrows *x = sd_xmalloc(sizeof *x);
    *x = (sd_xrows){.shown = sd_xstrdup(shown), .nparts = nparts, .cur = -1, .dos_date = 0x00210000 /* 1980-01-01 */};
    x->parts = sd_xmalloc((size_t)(nparts ? nparts : 1) * sizeof *x->parts);
    x->frames = sd_xmalloc((size_t)(nparts ? nparts : 1) * sizeof *x->frames);
    for (int i = 0; i < nparts; i++) {
        x->parts[i] = parts[i];
        x->frames[i] = (sd_frame){0};
    }
    sd_error rc = SD_OK;
    if (!(x->in = unzOpen64(from))) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: 途中のブックを開けません", shown);
        goto fail;
    }
    if (!(x->zip = zipOpen64(to, APPEND_STATUS_CREATE))) {
        rc = sd_fail(err, errlen, SD_ERR_IO, "%s に書き込めません", shown);
        goto fail;
    }
    int z;
    for (z = unzGoToFirstFile(x->in); z == UNZ_OK; z = unzGoToNextFile(x->in)) {
        unz_file_info64 info;
        char name[512];
        if ((z = unzGetCurrentFileInfo64(x->in, &info, name, sizeof name, NULL, 0, NULL, 0)) != UNZ_OK)
            break;
        int part = sd_xpart_of(x, name);
        if (part >= 0) {
            x->dos_date = info.dosDate;
            rc = sd_xframe_read(x, part, &info, name, err, errlen);
        } else {
            rc = sd_xcopy(x, &info, name, err, errlen);
        }
        if (rc)
            goto fail;
    }
    if (z != UNZ_END_OF_LIST_OF_FILE) {
        rc = sd_xzip_fail(x, "途中のブックの読み込み", z, err, errlen);
        goto fail;
    }
    for (int i = 0; i < nparts; i++) {
        if (!x->frames[i].found || x->parts[i].rows < 1) {
            rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: シート %d の枠がありません", shown,
                         x->parts[i].sheet);
            goto fail;
        }
    }
    *out = x;
    return SD_OK;
fail:
    sd_xrows_abort(x);
    return rc;
}

static void sd_xpart_end(sd_xrows *x)
{
    const sd_frame *f = &x->frames[x->cur];
    if (x->in_row)
        SD_XLIT(x, "</row>");
    x->in_row = false;
    sd_xput(x, f->xml + f->tail, f->len - f->tail);
    sd_xflush(x);
    int z = zipCloseFileInZip(x->zip);
    if (z != ZIP_OK && !x->zerr)
        x->zerr = z;
}

sd_error sd_xrows_row(sd_xrows *x, char *err, size_t errlen)
{
    if (x->cur < 0 || x->done == x->parts[x->cur].rows) {
        if (x->cur >= 0)
            sd_xpart_end(x);
        if (++x->cur == x->nparts)
            return sd_fail(err, errlen, SD_ERR_XLSX,
                           "%s を作成できません: 書く行が数えた行より多くなりました（取り込みが同時に動いていませんか）",
                           x->shown);
        char name[64];
        snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", x->parts[x->cur].sheet);
        zip_fileinfo zi = {.dosDate = x->dos_date};
        int z = zipOpenNewFileInZip64(x->zip, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, SD_XROWS_LEVEL, 1);
        if (z != ZIP_OK && !x->zerr)
            x->zerr = z;
        x->done = 0;
        const sd_frame *f = &x->frames[x->cur];
        sd_xput(x, f->xml, f->head);
    } else if (x->in_row) {
        SD_XLIT(x, "</row>");
    }
    if (x->zerr)
        return sd_xzip_fail(x, "行の書き込み", x->zerr, err, errlen);
    x->done++;
    SD_XLIT(x, "<row r=\"");
    sd_xint(x, x->done + 1);
    SD_XLIT(x, "\">");
    x->in_row = true;
    return SD_OK;
}

sd_error sd_xrows_close(sd_xrows *x, char *err, size_t errlen)
{
    sd_error rc = SD_OK;
    if (x->nparts > 0 && (x->cur != x->nparts - 1 || x->done != x->parts[x->cur].rows)) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX,
                     "%s を作成できません: 書いた行が数えた行より少なくなりました（取り込みが同時に動いていませんか）",
                     x->shown);
    } else {
        if (x->nparts > 0)
            sd_xpart_end(x);
        int z = zipClose(x->zip, NULL);
        x->zip = NULL;
        if (x->zerr || z != ZIP_OK)
            rc = sd_xzip_fail(x, "仕上げ", x->zerr ? x->zerr : z, err, errlen);
    }
    sd_xrows_abort(x);
    return rc;
}

void sd_xrows_abort(sd_xrows *x)
{
    if (!x)
        return;
    if (x->zip)
        zipClose(x->zip, NULL);
    if (x->in)
        unzClose(x->in);
    for (int i = 0; i < x->nparts; i++)
        free(x->frames[i].xml);
    free(x->frames);
    free(x->parts);
    free(x->shown);
    free(x);
}
