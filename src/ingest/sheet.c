/* sheet.c - choose a reader for an input file */
#include "ingest/sheet.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "core/limits.h"
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

/* What a file's name says it is. */
typedef enum { SD_EXT_OTHER, SD_EXT_XLSX, SD_EXT_XLS, SD_EXT_ODS, SD_EXT_TEXT } sd_ext;

static sd_ext sd_ext_of(const char *name)
{
    if (sd_has_ext(name, ".xlsx") || sd_has_ext(name, ".xlsm"))
        return SD_EXT_XLSX;
    if (sd_has_ext(name, ".xls"))
        return SD_EXT_XLS;
    if (sd_has_ext(name, ".ods"))
        return SD_EXT_ODS;
    if (sd_has_ext(name, ".csv") || sd_has_ext(name, ".txt") || sd_has_ext(name, ".tsv"))
        return SD_EXT_TEXT;
    return SD_EXT_OTHER;
}

/* The reader follows the content; when the name says another spreadsheet
 * format, the format shown (check, the import summary) says so. */
static void sd_note_mismatch(sd_sheet *s, sd_ext ext, sd_ext content)
{
    if (ext == content || ext == SD_EXT_OTHER)
        return;
    static const char *const notes[] = {
        [SD_EXT_XLSX] = "xlsx（拡張子と違い、中身は Excel のブック .xlsx）",
        [SD_EXT_XLS] = "xls（拡張子と違い、中身は Excel 97-2003 形式 .xls）",
        [SD_EXT_ODS] = "ods（拡張子と違い、中身は OpenDocument 表計算 .ods）",
    };
    if (content != SD_EXT_TEXT && notes[content])
        s->format = notes[content];
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
    sd_ext ext = sd_ext_of(name);
    sd_error rc;
    if (encrypted)
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "パスワードで保護されたブックです。Excel でパスワードを外して保存し直してください");
    if (ole) {
        if ((rc = sd_xls_open(path, sheet_name, out, err, errlen)) == SD_OK)
            sd_note_mismatch(*out, ext, SD_EXT_XLS);
        return rc;
    }
    if (zip && sd_ods_sniff(path)) {
        if ((rc = sd_ods_open(path, sheet_name, out, err, errlen)) == SD_OK)
            sd_note_mismatch(*out, ext, SD_EXT_ODS);
        return rc;
    }
    if (zip) {
        if ((rc = sd_xlsx_open(path, sheet_name, out, err, errlen)) == SD_OK)
            sd_note_mismatch(*out, ext, SD_EXT_XLSX);
        return rc;
    }
    static const char *const wanted[] = {[SD_EXT_XLSX] = "Excel のブック（zip）",
                                         [SD_EXT_XLS] = "Excel 97-2003 形式のブック",
                                         [SD_EXT_ODS] = "OpenDocument の表計算（zip）"};
    if (ext == SD_EXT_XLSX || ext == SD_EXT_ODS || (ext == SD_EXT_XLS && n > 0 && magic[0] == '<'))
        /* a web page or Excel 2003 XML saved as .xls is the usual case of
         * the last: business systems export HTML under that name */
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "名前は %s ですが、中身が %sではありません%s。Excel か LibreOffice で開いて .xlsx として保存し直してください",
                       ext == SD_EXT_XLSX ? ".xlsx" : ext == SD_EXT_ODS ? ".ods" : ".xls", wanted[ext],
                       n > 0 && magic[0] == '<' ? "（HTML か XML のようです）" : "");
    if (sheet_name)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "CSV ファイルにはシートがないため --sheet は使えません");
    rc = sd_csv_open_named(path, name, enc, out, err, errlen);
    if (rc == SD_OK && ext == SD_EXT_XLS)
        (*out)->format = "CSV（名前は .xls ですが、中身は文字の表です）";
    return rc;
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

/* ---- values shared by the workbook readers ---- */

bool sd_sheet_builtin_date(long id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
           (id >= 50 && id <= 58);
}

/* A number format is a date when it has a year, day or era token, or
 * months without hours (outside quoted text, [..] and escapes). */
bool sd_sheet_format_is_date(const char *code)
{
    if (strcasecmp(code, "General") == 0)
        return false;
    bool ymd = false, m = false, hs = false;
    for (const char *p = code; *p; p++) {
        char c = (char)(*p | 0x20);
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q)
                break;
            p = q;
        } else if (*p == '[') {
            const char *q = strchr(p + 1, ']');
            if (!q)
                break;
            p = q;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (!p[1])
                break;
            p++;
        } else if ((*p == 'E' || *p == 'e') && (p[1] == '+' || p[1] == '-')) {
            return false; /* scientific notation */
        } else if (c == 'y' || c == 'd' || c == 'e' || c == 'g') {
            ymd = true;
        } else if (c == 'm') {
            m = true;
        } else if (c == 'h' || c == 's') {
            hs = true;
        }
    }
    return ymd || (m && !hs);
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void sd_civil(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long yy = yoe + era * 400;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* An Excel serial date to "YYYY-MM-DD" (with " HH:MM:SS" when it has a
 * time). Returns false when the number is no plausible date. */
bool sd_sheet_serial_date(double v, bool date1904, char *out, size_t outlen)
{
    if (!isfinite(v) || v < 1 || v > 2958465)
        return false;
    long long days = (long long)floor(v);
    long long secs = llround((v - (double)days) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    /* 1900 system: serial 1 is 1900-01-01, and Excel counts a 29 Feb 1900
     * that never was, so from serial 61 on 25569 is 1970-01-01. The 1904
     * system counts from 1904-01-01 = serial 0. */
    long long unix_days = date1904 ? days - 24107 : days >= 61 ? days - 25569 : days - 25568;
    int y, m, d;
    sd_civil(unix_days, &y, &m, &d);
    if (secs)
        snprintf(out, outlen, "%04d-%02d-%02d %02lld:%02lld:%02lld", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
    else
        snprintf(out, outlen, "%04d-%02d-%02d", y, m, d);
    return true;
}

char *sd_sheet_number(double d)
{
    if (fabs(d) < 1e15 && fabs(d - (double)llround(d)) < 1e-9)
        return sd_xasprintf("%lld", llround(d));
    return sd_xasprintf("%.15g", d);
}

int sd_sheet_format_pad_width(const char *code)
{
    size_t zeros = code ? strspn(code, "0") : 0;
    return zeros > 1 && zeros <= 30 && !code[zeros] ? (int)zeros : 0;
}

char *sd_sheet_padded(double d, int width)
{
    if (!(d >= 0 && d < 1e15 && d == (double)(long long)d))
        return NULL;
    return sd_xasprintf("%0*lld", width, (long long)d);
}

char *sd_sheet_number_text(const char *v)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !isfinite(d))
        return sd_xstrdup(v);
    return sd_sheet_number(d);
}

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

/* ---- merged cells ---- */

bool sd_merges_add(sd_merges *m, size_t r1, size_t c1, size_t r2, size_t c2)
{
    if (r2 < r1) {
        size_t t = r1;
        r1 = r2, r2 = t;
    }
    if (c2 < c1) {
        size_t t = c1;
        c1 = c2, c2 = t;
    }
    if (r1 == r2 && c1 == c2)
        return true;
    if ((long)m->total >= sd_lim.rows)
        return false;
    m->total++;
    if (m->npending == m->pcap) {
        m->pcap = m->pcap ? 2 * m->pcap : 16;
        m->pending = sd_xrealloc(m->pending, m->pcap * sizeof *m->pending);
    }
    m->pending[m->npending++] = (sd_merge){.r1 = r1, .r2 = r2, .c1 = c1, .c2 = c2};
    return true;
}

static int sd_merge_cmp(const void *a, const void *b)
{
    const sd_merge *x = a, *y = b;
    return x->r1 < y->r1 ? -1 : x->r1 > y->r1 ? 1 : x->c1 < y->c1 ? -1 : x->c1 > y->c1;
}

void sd_merges_sort(sd_merges *m)
{
    if (m->npending > m->next)
        qsort(m->pending + m->next, m->npending - m->next, sizeof *m->pending, sd_merge_cmp);
}

void sd_merges_apply(sd_merges *m, size_t row_no, char ***cells, size_t *ncells)
{
    /* ranges starting by this row become active; a reader that adds them as
     * it goes (ods) adds them in row order, so no sort is needed there */
    while (m->next < m->npending && m->pending[m->next].r1 <= row_no) {
        if (m->nactive == m->acap) {
            m->acap = m->acap ? 2 * m->acap : 16;
            m->active = sd_xrealloc(m->active, m->acap * sizeof *m->active);
        }
        m->active[m->nactive++] = m->pending[m->next++];
    }
    if (m->next == m->npending)
        m->next = m->npending = 0;
    size_t limit = sd_lim.columns > 0 ? (size_t)sd_lim.columns : 1;
    /* a row with no value of its own stays blank: a range reaching past the
     * table's last row does not make rows of one value */
    bool own = false;
    for (size_t c = 0; c < *ncells && !own; c++)
        own = (*cells)[c][0] != '\0';
    for (size_t i = 0; i < m->nactive;) {
        sd_merge *g = &m->active[i];
        if (g->r2 < row_no) { /* passed: drop it */
            free(g->value);
            m->active[i] = m->active[--m->nactive];
            continue;
        }
        i++;
        if (row_no < g->r1)
            continue;
        if (row_no == g->r1 && !g->seen) {
            g->seen = true;
            g->value = sd_xstrdup(g->c1 < *ncells ? (*cells)[g->c1] : "");
        }
        if (!g->value || g->c1 >= limit)
            continue; /* its top row is not in the file */
        /* covered cells show nothing in Excel, whatever the file kept in
         * them (LibreOffice can keep their old contents) */
        size_t last = g->c2 < limit ? g->c2 : limit - 1;
        for (size_t c = g->c1; c <= last && c < *ncells; c++)
            if ((row_no != g->r1 || c != g->c1) && (*cells)[c] != sd_cell_empty) {
                free((*cells)[c]);
                (*cells)[c] = sd_cell_empty;
            }
        /* the value goes down the range's first column only: a label merged
         * across a form's label and value cells, or a group label over the
         * question columns, must not become each column's own value */
        if (row_no == g->r1 || !g->value[0] || !own)
            continue;
        if (*ncells < g->c1 + 1) {
            *cells = sd_xrealloc(*cells, (g->c1 + 1) * sizeof **cells);
            while (*ncells < g->c1 + 1)
                (*cells)[(*ncells)++] = sd_cell_empty;
        }
        (*cells)[g->c1] = sd_xstrdup(g->value);
    }
}

void sd_merges_clear(sd_merges *m)
{
    for (size_t i = 0; i < m->nactive; i++)
        free(m->active[i].value);
    m->nactive = m->npending = m->next = m->total = 0;
}

void sd_merges_free(sd_merges *m)
{
    sd_merges_clear(m);
    free(m->pending);
    free(m->active);
    memset(m, 0, sizeof *m);
}

void sd_sheet_free(sd_sheet *s)
{
    if (s)
        s->free(s);
}
