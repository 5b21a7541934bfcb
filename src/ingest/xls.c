/* xls.c - Excel 97-2003 workbooks (.xls, BIFF8 in an OLE compound file)
 * through libfreexl, with what it leaves out read from the records.
 *
 * libfreexl reads the whole workbook when it opens it and then answers
 * cell by cell, so rows are built here on demand from its grid: empty rows
 * are passed over, as the other readers never hand out rows with nothing
 * in them. Dates come as libfreexl formats them (YYYY-MM-DD, YYYY-MM-DD
 * HH:MM:SS), which is what the xlsx reader gives; a time of day alone is
 * given as the fraction of a day, as the xlsx reader gives it too.
 * libfreexl gives no formula results and no merged ranges: both are read
 * here from the Workbook stream's FORMULA, STRING and MERGEDCELLS records
 * (a formula's date by its cell format, as libfreexl and the xlsx reader
 * decide it), and merged cells are filled as the other readers fill them
 * (sd_merges). A whole number in a format of zeros only (00000, how a
 * member number keeps its zeros) is read from its NUMBER, RK or MULRK
 * record as it is shown, 00120, as the xlsx and ods readers read it. */
#include <freexl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/columns.h"
#include "core/limits.h"
#include "core/util.h"
#include "ingest/sheet.h"

/* ---- what libfreexl leaves out, read from the BIFF records themselves:
 * formulas' cached results and merged ranges. The compound file is read
 * into memory (libfreexl holds it all too), the Workbook stream found in
 * its directory, and its records walked; anything out of bounds ends the
 * walk, and a workbook that is no BIFF8 gets nothing added. ---- */

typedef struct {
    const unsigned char *p;
    size_t n;
} sd_bytes;

static unsigned sd_u16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static unsigned long sd_u32(const unsigned char *p)
{
    return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

#define SD_OLE_END 0xFFFFFFFEUL

/* Follows a sector chain into a new buffer of at most size bytes (all of
 * the chain when size is 0); NULL when it leaves the file or loops. */
static unsigned char *sd_ole_chain(const sd_bytes *f, const unsigned long *fat, size_t nfat, unsigned long start,
                                   size_t ssz, const unsigned char *base, size_t base_n, size_t base_off,
                                   size_t size, size_t *got)
{
    sd_buf b = {0};
    size_t steps = 0;
    unsigned long s = start;
    (void)f;
    while (s != SD_OLE_END && (size == 0 || b.len < size)) {
        size_t off = base_off + (size_t)s * ssz;
        if (s >= nfat || ++steps > nfat || off + ssz > base_n) {
            sd_buf_free(&b);
            return NULL;
        }
        size_t take = size && size - b.len < ssz ? size - b.len : ssz;
        sd_buf_add(&b, (const char *)base + off, take);
        s = fat[s];
    }
    if (size && b.len < size) {
        sd_buf_free(&b);
        return NULL;
    }
    *got = b.len;
    return b.data ? (unsigned char *)sd_buf_steal(&b) : sd_xcalloc(1, 1);
}

/* The Workbook stream of a compound file, or NULL. */
static unsigned char *sd_ole_workbook(const sd_bytes *f, size_t *len)
{
    const unsigned char *h = f->p;
    if (f->n < 512 || memcmp(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) != 0)
        return NULL;
    unsigned shift = sd_u16(h + 0x1E), mshift = sd_u16(h + 0x20);
    if ((shift != 9 && shift != 12) || mshift != 6)
        return NULL;
    size_t ssz = (size_t)1 << shift, per = ssz / 4;
    unsigned long nfatsec = sd_u32(h + 0x2C), dir = sd_u32(h + 0x30), cutoff = sd_u32(h + 0x38),
                  minifat = sd_u32(h + 0x3C), difat = sd_u32(h + 0x44), ndifat = sd_u32(h + 0x48);
    size_t nsec = f->n / ssz + 1;
    if (nfatsec > nsec || ndifat > nsec)
        return NULL;
    /* the FAT's own sectors: 109 in the header, the rest in DIFAT sectors */
    unsigned long *fatsec = sd_xcalloc(nfatsec + 1, sizeof *fatsec);
    size_t k = 0;
    for (size_t i = 0; i < 109 && k < nfatsec; i++)
        fatsec[k++] = sd_u32(h + 0x4C + 4 * i);
    for (unsigned long d = difat, steps = 0; k < nfatsec && d != SD_OLE_END && steps++ < ndifat + 1;) {
        size_t off = ((size_t)d + 1) * ssz;
        if (off + ssz > f->n)
            break;
        for (size_t i = 0; i + 1 < per && k < nfatsec; i++)
            fatsec[k++] = sd_u32(f->p + off + 4 * i);
        d = sd_u32(f->p + off + ssz - 4);
    }
    size_t nfat = k * per;
    unsigned long *fat = sd_xcalloc(nfat + 1, sizeof *fat);
    for (size_t i = 0; i < k; i++) {
        size_t off = ((size_t)fatsec[i] + 1) * ssz;
        for (size_t j = 0; j < per; j++)
            fat[i * per + j] = off + ssz <= f->n ? sd_u32(f->p + off + 4 * j) : SD_OLE_END;
    }
    free(fatsec);
    unsigned char *out = NULL, *dirs = NULL, *mini = NULL, *mfat = NULL;
    size_t ndir = 0, nmini = 0, nmfat = 0;
    if (!(dirs = sd_ole_chain(f, fat, nfat, dir, ssz, f->p, f->n, ssz, 0, &ndir)))
        goto done;
    const unsigned char *root = NULL, *wb = NULL;
    for (size_t off = 0; off + 128 <= ndir; off += 128) {
        const unsigned char *e = dirs + off;
        unsigned nl = sd_u16(e + 0x40), type = e[0x42];
        if (type == 5 && !root)
            root = e;
        /* "Workbook" (BIFF8), in UTF-16 with its terminator */
        if (type == 2 && nl == 18 && memcmp(e, "W\0o\0r\0k\0b\0o\0o\0k\0", 16) == 0)
            wb = e;
    }
    if (!wb)
        goto done;
    unsigned long start = sd_u32(wb + 0x74), size = sd_u32(wb + 0x78);
    if (size == 0 || size > f->n)
        goto done;
    if (size >= cutoff) {
        out = sd_ole_chain(f, fat, nfat, start, ssz, f->p, f->n, ssz, size, len);
    } else if (root) {
        /* a small stream lives in 64-byte sectors of the root's stream */
        if (!(mini = sd_ole_chain(f, fat, nfat, sd_u32(root + 0x74), ssz, f->p, f->n, ssz, 0, &nmini)) ||
            !(mfat = sd_ole_chain(f, fat, nfat, minifat, ssz, f->p, f->n, ssz, 0, &nmfat)))
            goto done;
        size_t nm = nmfat / 4;
        unsigned long *mf = sd_xcalloc(nm + 1, sizeof *mf);
        for (size_t i = 0; i < nm; i++)
            mf[i] = sd_u32(mfat + 4 * i);
        out = sd_ole_chain(f, mf, nm, start, 64, mini, nmini, 0, size, len);
        free(mf);
    }
done:
    free(dirs), free(mini), free(mfat), free(fat);
    return out;
}

/* An XLUnicodeString's characters (after its count) as UTF-8: flags bit 0
 * says two bytes a character. Reads at most n bytes of p; *used says how
 * many it took. */
static char *sd_biff_chars(const unsigned char *p, size_t n, size_t cch, bool wide, size_t *used)
{
    sd_buf b = {0};
    size_t i = 0, c = 0;
    while (c < cch && i + (wide ? 2 : 1) <= n) {
        unsigned long u = wide ? sd_u16(p + i) : p[i];
        i += wide ? 2 : 1;
        c++;
        if (wide && u >= 0xD800 && u < 0xDC00 && c < cch && i + 2 <= n) {
            unsigned lo = sd_u16(p + i);
            if (lo >= 0xDC00 && lo < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
                c++;
            }
        }
        char tmp[4];
        size_t k = 0;
        if (u < 0x80)
            tmp[k++] = (char)u;
        else if (u < 0x800)
            tmp[k++] = (char)(0xC0 | u >> 6), tmp[k++] = (char)(0x80 | (u & 0x3F));
        else if (u < 0x10000)
            tmp[k++] = (char)(0xE0 | u >> 12), tmp[k++] = (char)(0x80 | (u >> 6 & 0x3F)),
            tmp[k++] = (char)(0x80 | (u & 0x3F));
        else
            tmp[k++] = (char)(0xF0 | u >> 18), tmp[k++] = (char)(0x80 | (u >> 12 & 0x3F)),
            tmp[k++] = (char)(0x80 | (u >> 6 & 0x3F)), tmp[k++] = (char)(0x80 | (u & 0x3F));
        sd_buf_add(&b, tmp, k);
    }
    *used = i;
    if (c < cch) { /* cut short: not a value to give */
        sd_buf_free(&b);
        return NULL;
    }
    return b.data ? sd_buf_steal(&b) : sd_xstrdup("");
}

typedef struct {
    unsigned row, col;
    char *value;
} sd_fcell;

typedef struct {
    unsigned long pos;
    char *name;
    bool used;
} sd_bsheet;

typedef struct {
    unsigned char *wb; /* the Workbook stream */
    size_t n;
    bool biff8, date1904;
    unsigned *xf_fmt; /* format id per XF */
    size_t nxf;
    long *date_fmts;  /* custom formats that are dates */
    size_t ndate;
    long pad_fmts[64]; /* custom formats of zeros only (00000) */
    unsigned char pad_width[64];
    size_t npad;
    sd_bsheet *sheets;
    size_t nsheets;
} sd_biff;

static void sd_biff_free(sd_biff *b)
{
    free(b->wb);
    free(b->xf_fmt);
    free(b->date_fmts);
    for (size_t i = 0; i < b->nsheets; i++)
        free(b->sheets[i].name);
    free(b->sheets);
    memset(b, 0, sizeof *b);
}

/* The globals: BIFF version, date system, formats, XFs, sheets. */
static void sd_biff_load(sd_biff *b, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return;
    sd_buf file = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0 && (long long)file.len <= sd_lim.file_bytes)
        sd_buf_add(&file, chunk, got);
    fclose(fp);
    sd_bytes f = {(const unsigned char *)file.data, file.len};
    b->wb = f.p ? sd_ole_workbook(&f, &b->n) : NULL;
    sd_buf_free(&file);
    if (!b->wb)
        return;
    size_t off = 0;
    bool first = true;
    while (off + 4 <= b->n) {
        unsigned type = sd_u16(b->wb + off), len = sd_u16(b->wb + off + 2);
        const unsigned char *d = b->wb + off + 4;
        if (off + 4 + len > b->n)
            break;
        off += 4 + (size_t)len;
        if (first) {
            first = false;
            b->biff8 = type == 0x0809 && len >= 2 && sd_u16(d) == 0x0600;
            if (!b->biff8)
                return;
            continue;
        }
        if (type == 0x000A) /* EOF of the globals */
            break;
        if (type == 0x0022 && len >= 2) {
            b->date1904 = sd_u16(d) == 1;
        } else if (type == 0x041E && len >= 5) {
            size_t used;
            char *code = sd_biff_chars(d + 5, len - 5, sd_u16(d + 2), d[4] & 1, &used);
            int width = sd_sheet_format_pad_width(code);
            if (code && sd_sheet_format_is_date(code) && b->ndate < 100000) {
                b->date_fmts = sd_xrealloc(b->date_fmts, (b->ndate + 1) * sizeof *b->date_fmts);
                b->date_fmts[b->ndate++] = (long)sd_u16(d);
            } else if (width && b->npad < 64) {
                b->pad_fmts[b->npad] = (long)sd_u16(d);
                b->pad_width[b->npad++] = (unsigned char)width;
            }
            free(code);
        } else if (type == 0x00E0 && len >= 4 && b->nxf < 1000000) {
            b->xf_fmt = sd_xrealloc(b->xf_fmt, (b->nxf + 1) * sizeof *b->xf_fmt);
            b->xf_fmt[b->nxf++] = sd_u16(d + 2);
        } else if (type == 0x0085 && len >= 8 && b->nsheets < 10000) {
            size_t used;
            char *name = sd_biff_chars(d + 8, len - 8, d[6], d[7] & 1, &used);
            b->sheets = sd_xrealloc(b->sheets, (b->nsheets + 1) * sizeof *b->sheets);
            b->sheets[b->nsheets++] = (sd_bsheet){.pos = sd_u32(d), .name = name ? name : sd_xstrdup("")};
        }
    }
}

static bool sd_biff_is_date_xf(const sd_biff *b, unsigned xf)
{
    if (xf >= b->nxf)
        return false;
    long id = (long)b->xf_fmt[xf];
    if (sd_sheet_builtin_date(id))
        return true;
    for (size_t i = 0; i < b->ndate; i++)
        if (b->date_fmts[i] == id)
            return true;
    return false;
}

/* The width of the zeros-only format of XF xf, or 0. */
static int sd_biff_pad_xf(const sd_biff *b, unsigned xf)
{
    if (xf >= b->nxf)
        return 0;
    for (size_t i = 0; i < b->npad; i++)
        if (b->pad_fmts[i] == (long)b->xf_fmt[xf])
            return b->pad_width[i];
    return 0;
}

/* An RK value (BIFF's compact number): 30 bits of an integer or of a
 * double's high part, maybe divided by 100. */
static double sd_biff_rk(unsigned long rk)
{
    double v;
    if (rk & 2) {
        v = (double)((int32_t)(uint32_t)rk >> 2);
    } else {
        uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCUL) << 32;
        memcpy(&v, &bits, sizeof v);
    }
    return rk & 1 ? v / 100 : v;
}

/* A number in a zeros-only format as it is shown (00120), or NULL when
 * the format is another or the number is no whole one. */
static char *sd_biff_padded(const sd_biff *b, unsigned xf, double v)
{
    int w = sd_biff_pad_xf(b, xf);
    return w ? sd_sheet_padded(v, w) : NULL;
}

/* A little-endian IEEE double, as NUMBER and FORMULA records hold it. */
static double sd_le_double(const unsigned char *p)
{
    uint64_t bits = 0;
    for (int i = 7; i >= 0; i--)
        bits = bits << 8 | p[i];
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* Appends a cell's value (owned) to the sheet's cells. */
static void sd_fcell_push(sd_fcell **cells, size_t *ncells, size_t *cap, unsigned row, unsigned col, char *value)
{
    if (*ncells == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        *cells = sd_xrealloc(*cells, *cap * sizeof **cells);
    }
    (*cells)[(*ncells)++] = (sd_fcell){row, col, value};
}

static int sd_fcell_cmp(const void *a, const void *b)
{
    const sd_fcell *x = a, *y = b;
    return x->row != y->row ? (x->row < y->row ? -1 : 1) : x->col < y->col ? -1 : x->col > y->col;
}

/* The sheet's record for libfreexl's sheet named name: the first with
 * that name not taken yet, or -1. */
static long sd_biff_find(sd_biff *b, const char *name)
{
    for (size_t i = 0; i < b->nsheets; i++)
        if (!b->sheets[i].used && strcmp(b->sheets[i].name, name) == 0) {
            b->sheets[i].used = true;
            return (long)i;
        }
    return -1;
}

/* Sheet k's formula results (sorted by row and column) and merged ranges.
 * Returns false when a value cannot be read whole or there are too many
 * ranges (then the caller refuses rather than read cells empty). */
static bool sd_biff_sheet(sd_biff *b, long k, sd_fcell **cells, size_t *ncells, sd_merges *merges)
{
    *cells = NULL;
    *ncells = 0;
    if (k < 0 || !b->biff8)
        return true;
    size_t off = b->sheets[k].pos, cap = 0;
    bool want_string = false, ok = true;
    unsigned srow = 0, scol = 0;
    while (off + 4 <= b->n) {
        unsigned type = sd_u16(b->wb + off), len = sd_u16(b->wb + off + 2);
        const unsigned char *d = b->wb + off + 4;
        if (off + 4 + len > b->n)
            break;
        off += 4 + (size_t)len;
        if (type == 0x000A)
            break;
        char *value = NULL;
        unsigned row = 0, col = 0;
        if (type == 0x0006 && len >= 20) {
            row = sd_u16(d), col = sd_u16(d + 2);
            unsigned xf = sd_u16(d + 4);
            want_string = false;
            if (d[12] == 0xFF && d[13] == 0xFF) {
                if (d[6] == 0) { /* text: in the STRING record that follows */
                    want_string = true;
                    srow = row, scol = col;
                } else if (d[6] == 1) {
                    value = sd_xstrdup(d[8] ? "TRUE" : "FALSE");
                } else if (d[6] == 2) {
                    static const struct { unsigned char code; const char *text; } errs[] = {
                        {0x00, "#NULL!"}, {0x07, "#DIV/0!"}, {0x0F, "#VALUE!"}, {0x17, "#REF!"},
                        {0x1D, "#NAME?"}, {0x24, "#NUM!"},  {0x2A, "#N/A"}};
                    for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++)
                        if (errs[i].code == d[8])
                            value = sd_xstrdup(errs[i].text);
                }
            } else {
                double v = sd_le_double(d + 6);
                char date[64];
                if (sd_biff_is_date_xf(b, xf) && sd_sheet_serial_date(v, b->date1904, date, sizeof date))
                    value = sd_xstrdup(date);
                else if (isfinite(v))
                    value = sd_sheet_number(v);
            }
        } else if (type == 0x0207 && want_string && len >= 3) {
            want_string = false;
            size_t used, cch = sd_u16(d);
            value = sd_biff_chars(d + 3, len - 3, cch, d[2] & 1, &used);
            if (!value) { /* continued in CONTINUE records: not read here */
                ok = false;
                break;
            }
            if ((long)strlen(value) > sd_lim.cell_bytes) {
                free(value);
                ok = false;
                break;
            }
            row = srow, col = scol;
        } else if (type == 0x0203 && len >= 14 && b->npad) { /* NUMBER */
            row = sd_u16(d), col = sd_u16(d + 2);
            value = sd_biff_padded(b, sd_u16(d + 4), sd_le_double(d + 6));
        } else if (type == 0x027E && len >= 10 && b->npad) { /* RK */
            row = sd_u16(d), col = sd_u16(d + 2);
            value = sd_biff_padded(b, sd_u16(d + 4), sd_biff_rk(sd_u32(d + 6)));
        } else if (type == 0x00BD && len >= 6 && b->npad) { /* MULRK: a run of RKs in one row */
            row = sd_u16(d);
            unsigned first = sd_u16(d + 2);
            for (size_t i = 0; 4 + 6 * (i + 1) + 2 <= len; i++) {
                const unsigned char *r = d + 4 + 6 * i;
                char *v = sd_biff_padded(b, sd_u16(r), sd_biff_rk(sd_u32(r + 2)));
                if (v)
                    sd_fcell_push(cells, ncells, &cap, row, first + (unsigned)i, v);
            }
        } else if (type == 0x00E5 && len >= 2) {
            unsigned n = sd_u16(d);
            for (unsigned i = 0; i < n && 2 + 8 * (size_t)(i + 1) <= len; i++) {
                const unsigned char *r = d + 2 + 8 * i;
                if (!sd_merges_add(merges, sd_u16(r) + 1, sd_u16(r + 4), sd_u16(r + 2) + 1, sd_u16(r + 6))) {
                    ok = false;
                    break;
                }
            }
        }
        if (value)
            sd_fcell_push(cells, ncells, &cap, row, col, value);
    }
    if (*ncells)
        qsort(*cells, *ncells, sizeof **cells, sd_fcell_cmp);
    sd_merges_sort(merges);
    return ok;
}

typedef struct {
    sd_sheet base;
    const void *h; /* the libfreexl handle */
    char **names;
    unsigned nsheets, cur;
    bool chosen;
    unsigned rows;   /* of the current sheet */
    unsigned short cols;
    unsigned next;   /* 0-based row to read next */
    char **cells;    /* the row handed out last */
    size_t ncells;
    sd_biff biff;    /* what libfreexl leaves out */
    long *bsheet;    /* per sheet: its index in biff.sheets, or -1 */
    sd_fcell *fcells; /* the current sheet's formula results */
    size_t nfcells;
    sd_merges merges;
} sd_xls;

static void sd_xls_row_free(sd_xls *x)
{
    sd_cells_free(x->cells, x->ncells);
    x->cells = NULL;
    x->ncells = 0;
}

/* "12:30:00" to the fraction of a day, as the xlsx reader gives a time. */
static char *sd_xls_time(const char *t)
{
    unsigned h, m, s;
    if (sscanf(t, "%u:%u:%u", &h, &m, &s) != 3)
        return sd_xstrdup(t);
    return sd_sheet_number((h * 3600.0 + m * 60.0 + s) / 86400.0);
}

/* One cell as text, or NULL when it is empty; SD_ERR_* in *rc on a read
 * failure or a cell over the limit. */
static char *sd_xls_cell(sd_xls *x, unsigned r, unsigned short c, sd_error *rc, char *err, size_t errlen)
{
    FreeXL_CellValue v;
    int e = freexl_get_cell_value(x->h, r, c, &v);
    if (e != FREEXL_OK) {
        *rc = sd_fail(err, errlen, SD_ERR_FORMAT,
                      "%u 行目: セルを読めません（xls ファイルが壊れています、libfreexl のエラー %d）", r + 1, e);
        return NULL;
    }
    switch (v.type) {
    case FREEXL_CELL_INT:
        return sd_xasprintf("%d", v.value.int_value);
    case FREEXL_CELL_DOUBLE:
        return sd_sheet_number(v.value.double_value);
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        if (!v.value.text_value || !*v.value.text_value)
            return NULL;
        if ((long)strlen(v.value.text_value) > sd_lim.cell_bytes) {
            char a[16];
            sd_column_letters(c, a);
            *rc = sd_fail(err, errlen, SD_ERR_LIMIT, "%u 行目 セル %s%u: セルが長すぎます（上限 %ld バイト）", r + 1, a,
                          r + 1, sd_lim.cell_bytes);
            return NULL;
        }
        return sd_xstrdup(v.value.text_value);
    case FREEXL_CELL_DATE:
        return sd_xstrdup(v.value.text_value);
    case FREEXL_CELL_DATETIME: {
        /* midnight: the date alone, as the xlsx reader gives it */
        size_t n = strlen(v.value.text_value);
        if (n > 9 && strcmp(v.value.text_value + n - 9, " 00:00:00") == 0)
            return sd_xstrndup(v.value.text_value, n - 9);
        return sd_xstrdup(v.value.text_value);
    }
    case FREEXL_CELL_TIME:
        return sd_xls_time(v.value.text_value);
    default:
        return NULL;
    }
}

static sd_error sd_xls_next(sd_sheet *s, sd_row *row, char *err, size_t errlen)
{
    sd_xls *x = (sd_xls *)s;
    sd_xls_row_free(x);
    while (x->next < x->rows) {
        unsigned r = x->next++;
        char **cells = sd_xcalloc(x->cols ? x->cols : 1, sizeof *cells);
        size_t n = 0;
        sd_error rc = SD_OK;
        for (unsigned short c = 0; c < x->cols; c++) {
            char *v = sd_xls_cell(x, r, c, &rc, err, errlen);
            if (rc) {
                sd_cells_free(cells, c);
                return rc;
            }
            if (x->nfcells) {
                /* a formula (libfreexl has no value for it, its record
                 * has) or a number shown with its zeros (00120) */
                sd_fcell key = {r, c, NULL}, *hit = bsearch(&key, x->fcells, x->nfcells, sizeof key, sd_fcell_cmp);
                if (hit) {
                    free(v);
                    v = sd_xstrdup(hit->value);
                }
            }
            cells[c] = v ? v : sd_cell_empty;
            if (v)
                n = (size_t)c + 1;
        }
        /* the trailing empty cells (all sd_cell_empty) are left out */
        if (n == 0) {
            free(cells);
            continue;
        }
        sd_merges_apply(&x->merges, (size_t)r + 1, &cells, &n);
        x->cells = cells;
        x->ncells = n;
        row->cells = cells;
        row->ncells = n;
        row->row_no = (size_t)r + 1;
        return SD_OK;
    }
    return SD_DONE;
}

static void sd_xls_extra_free(sd_xls *x)
{
    for (size_t i = 0; i < x->nfcells; i++)
        free(x->fcells[i].value);
    free(x->fcells);
    x->fcells = NULL;
    x->nfcells = 0;
    sd_merges_clear(&x->merges);
}

static sd_error sd_xls_begin(sd_xls *x, char *err, size_t errlen)
{
    sd_xls_row_free(x);
    sd_xls_extra_free(x);
    if (!sd_biff_sheet(&x->biff, x->bsheet[x->cur], &x->fcells, &x->nfcells, &x->merges))
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "シート「%s」の数式の結果か結合セルを読めません（長すぎるか多すぎます）。Excel で .xlsx "
                       "として保存し直してください",
                       x->names[x->cur]);
    x->base.sheet_name = x->names[x->cur];
    x->next = x->rows = 0;
    x->cols = 0;
    if (freexl_select_active_worksheet(x->h, (unsigned short)x->cur) != FREEXL_OK ||
        freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "シート「%s」を読めません（xls ファイルが壊れています）",
                       x->names[x->cur]);
    if ((long long)x->rows > sd_lim.rows)
        return sd_fail(err, errlen, SD_ERR_LIMIT, "シート「%s」: 行数が上限（%ld 行）を超えています", x->names[x->cur],
                       sd_lim.rows);
    if ((long)x->cols > sd_lim.columns)
        return sd_fail(err, errlen, SD_ERR_LIMIT, "シート「%s」: 列が多すぎます（上限 %ld 列）", x->names[x->cur],
                       sd_lim.columns);
    return SD_OK;
}

static sd_error sd_xls_next_sheet(sd_sheet *s, char *err, size_t errlen)
{
    sd_xls *x = (sd_xls *)s;
    if (x->chosen || x->cur + 1 >= x->nsheets)
        return SD_DONE;
    x->cur++;
    return sd_xls_begin(x, err, errlen);
}

static sd_error sd_xls_rewind(sd_sheet *s, char *err, size_t errlen)
{
    return sd_xls_begin((sd_xls *)s, err, errlen);
}

static void sd_xls_free(sd_sheet *s)
{
    sd_xls *x = (sd_xls *)s;
    sd_xls_row_free(x);
    sd_xls_extra_free(x);
    sd_merges_free(&x->merges);
    sd_biff_free(&x->biff);
    free(x->bsheet);
    if (x->h)
        freexl_close(x->h);
    for (unsigned i = 0; i < x->nsheets; i++)
        free(x->names[i]);
    free(x->names);
    free(x);
}

sd_error sd_xls_open(const char *path, const char *sheet_name, sd_sheet **out, char *err, size_t errlen)
{
    *out = NULL;
    sd_xls *x = sd_xcalloc(1, sizeof *x);
    x->base.next = sd_xls_next;
    x->base.next_sheet = sd_xls_next_sheet;
    x->base.rewind = sd_xls_rewind;
    x->base.free = sd_xls_free;
    x->base.format = "xls";
    sd_error rc = SD_OK;
    int e = freexl_open(path, &x->h);
    if (e != FREEXL_OK) {
        if (e == FREEXL_INSUFFICIENT_MEMORY)
            rc = sd_fail(err, errlen, SD_ERR_LIMIT, "xls ファイルが大きすぎて読めません（メモリが足りません）");
        else if (e == FREEXL_UNSUPPORTED_CHARSET)
            /* a workbook older than Excel 97 in a code page this build
             * cannot convert (the Windows build converts UTF-16 and CP932) */
            rc = sd_fail(err, errlen, SD_ERR_FORMAT,
                         "Excel 97 より前の形式の .xls で、文字コードを読めません。"
                         "Excel で開いて .xlsx として保存し直してください");
        else
            rc = sd_fail(err, errlen, SD_ERR_FORMAT,
                         "Excel 97-2003 形式（.xls）のファイルですが、壊れていて読めません（libfreexl のエラー %d）。"
                         "Excel で開いて .xlsx として保存し直してください",
                         e);
        goto fail;
    }
    unsigned info = 0;
    if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info == FREEXL_BIFF_OBFUSCATED) {
        rc = sd_fail(err, errlen, SD_ERR_FORMAT,
                     "パスワードで保護されたブック（.xls）です。Excel でパスワードを外して保存し直してください");
        goto fail;
    }
    if (freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &info) != FREEXL_OK || info == 0) {
        rc = sd_fail(err, errlen, SD_ERR_FORMAT, "ブックにシートがありません");
        goto fail;
    }
    if (info > 10000) {
        rc = sd_fail(err, errlen, SD_ERR_LIMIT, "シートが多すぎます");
        goto fail;
    }
    x->names = sd_xcalloc(info, sizeof *x->names);
    x->bsheet = sd_xcalloc(info, sizeof *x->bsheet);
    sd_biff_load(&x->biff, path);
    for (unsigned i = 0; i < info; i++) {
        const char *n = NULL;
        if (freexl_get_worksheet_name(x->h, (unsigned short)i, &n) != FREEXL_OK || !n)
            n = "";
        x->bsheet[i] = sd_biff_find(&x->biff, n);
        x->names[x->nsheets++] = *n ? sd_xstrdup(n) : sd_xasprintf("シート%u", i + 1);
    }
    if (sheet_name) {
        unsigned i = 0;
        while (i < x->nsheets && strcmp(x->names[i], sheet_name) != 0)
            i++;
        if (i == x->nsheets) {
            sd_buf names = {0};
            for (unsigned k = 0; k < x->nsheets; k++)
                sd_buf_printf(&names, "%s「%s」", k ? "、" : "", x->names[k]);
            rc = sd_fail(err, errlen, SD_ERR_FORMAT, "シート「%s」がありません（このブックのシート: %s）", sheet_name,
                         names.data);
            sd_buf_free(&names);
            goto fail;
        }
        x->cur = i;
        x->chosen = true;
    }
    if ((rc = sd_xls_begin(x, err, errlen)))
        goto fail;
    *out = &x->base;
    return SD_OK;

fail:
    sd_xls_free(&x->base);
    return rc;
}
