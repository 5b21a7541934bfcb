/* xlsx.c - streamed xlsx reader: minizip for the zip, expat for the XML.
 *
 * The small parts (relationships, workbook, styles, shared strings) are
 * read first; the worksheet is then parsed in chunks, and the rows each
 * chunk completes are handed out one by one, so memory does not grow with
 * the number of rows. Every part is read with a cap on its inflated size
 * and on its compression ratio, and a part that declares a DTD is refused
 * (xlsx never needs one; that closes entity expansion). */
#include <expat.h>
#include <stdarg.h>
#include <math.h>
#include <minizip/unzip.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/templates.h"
#include "core/util.h"
#include "ingest/sheet.h"
#include "ingest/zpart.h"

#define SD_XLSX_CHUNK 65536

typedef struct {
    char *name; /* as shown on the tab */
    char *part; /* zip entry, e.g. xl/worksheets/sheet1.xml */
    char *rid;  /* relationship id, until resolved */
    bool chart; /* a chart sheet (or dialog or macro sheet): no cells */
} sd_xsheet;

typedef enum { SD_CT_NUMBER, SD_CT_SHARED, SD_CT_INLINE, SD_CT_STR, SD_CT_BOOL, SD_CT_ERROR, SD_CT_DATE } sd_ctype;

typedef struct {
    sd_sheet base;
    sd_zpart z;              /* the package and the part being read */
    XML_Parser xp;
    sd_error herr;   /* error raised inside an expat handler */
    char hmsg[300];  /* its message */
    /* workbook */
    char *rels_workbook, *wb_part, *ss_part, *styles_part;
    sd_xsheet *sheets;
    size_t nsheets, cur;
    bool chosen;     /* sheet picked by name: no moving on */
    bool date1904;
    /* shared strings: one arena, offsets into it */
    sd_buf ss;
    size_t *ss_off;
    size_t ss_n, ss_cap;
    /* styles: per cellXfs index, 1 when it formats a date, 0x80 | width
     * when it pads whole numbers with zeros */
    unsigned char *xf_date;
    size_t nxf, xf_cap;
    int *fmt_ids;            /* custom number formats that are dates */
    size_t nfmt, fmt_cap;
    int pad_ids[64];         /* custom formats of zeros only (00000) */
    unsigned char pad_width[64];
    size_t npad;
    /* element state while parsing */
    int depth_sheetdata;     /* inside <sheetData> */
    bool in_si, in_rph, in_t, in_v, in_is, in_c, in_cellxfs, in_row;
    sd_buf text;             /* text of the current <v>, <t> or <si> */
    sd_ctype ctype;
    long cstyle;
    long col, last_col;
    size_t row_no, last_row;
    char **cur_cells;
    size_t ncur, capcur;
    bool sheet_done;         /* </sheetData> seen or part exhausted */
    sd_rowq rows;            /* rows completed by the last chunk */
    sd_merges merges;        /* the sheet's merged ranges (<mergeCells>) */
    int mc_depth;            /* element depth while collecting them */
    bool in_mergecells;
} sd_xlsx;

/* ---- small helpers ---- */

/* A cell's address for messages: column 0, row 5 -> "A5". */
static const char *sd_addr(long col, size_t row, char out[32])
{
    char letters[16];
    sd_column_letters((size_t)col, letters);
    snprintf(out, 32, "%s%zu", letters, row);
    return out;
}

static const char *sd_local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *sd_attr(const char **atts, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(sd_local(atts[i]), local) == 0)
            return atts[i + 1];
    return NULL;
}

static void sd_x_fail(sd_xlsx *x, sd_error e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void sd_x_fail(sd_xlsx *x, sd_error e, const char *fmt, ...)
{
    if (x->herr)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->hmsg, sizeof x->hmsg, fmt, ap);
    va_end(ap);
    x->herr = e;
    if (x->xp)
        XML_StopParser(x->xp, XML_FALSE);
}

/* "B12" -> column 1, row 12 (both 0 when absent). Returns false when the
 * reference is not a cell address. */
static bool sd_cell_ref(const char *r, long *col, size_t *row)
{
    long c = 0;
    unsigned long long rw = 0;
    const char *p = r;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        if (c > 100000000L)
            return false;
        c = c * 26 + ((*p | 0x20) - 'a' + 1);
        p++;
    }
    if (p == r)
        return false;
    while (*p == '$')
        p++;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (rw > 100000000000ULL)
            return false;
        rw = rw * 10 + (unsigned)(*p - '0');
    }
    if (*p)
        return false;
    *col = c - 1;
    *row = (size_t)rw;
    return true;
}

/* Joins a relationship target to the folder of the part that names it. */
static char *sd_resolve(const char *base_dir, const char *target)
{
    if (target[0] == '/')
        return sd_xstrdup(target + 1);
    sd_buf b = {0};
    sd_buf_adds(&b, base_dir);
    const char *t = target;
    while (strncmp(t, "../", 3) == 0) {
        t += 3;
        if (b.len > 0) {
            b.data[b.len - 1] = '\0'; /* drop the trailing slash */
            char *slash = strrchr(b.data, '/');
            b.len = slash ? (size_t)(slash - b.data) + 1 : 0;
            b.data[b.len] = '\0';
        }
    }
    sd_buf_adds(&b, t);
    return sd_buf_steal(&b);
}

/* ---- reading one part through expat ---- */

static void XMLCALL sd_doctype(void *user, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    sd_xlsx *x = user;
    sd_x_fail(x, SD_ERR_FORMAT, "%s に DTD（文書型宣言）があります。xlsx では使われないため、安全のため読みません",
              x->z.part);
}

static sd_error sd_part_open(sd_xlsx *x, const char *part, bool required, char *err, size_t errlen)
{
    x->herr = SD_OK;
    x->hmsg[0] = '\0';
    return sd_zpart_open(&x->z, part, required, "Excel のブック", "xlsx", err, errlen);
}

static sd_error sd_part_read(sd_xlsx *x, char *buf, size_t cap, size_t *got, char *err, size_t errlen)
{
    return sd_zpart_read(&x->z, buf, cap, got, err, errlen);
}

static XML_Parser sd_parser_new(sd_xlsx *x, XML_StartElementHandler start, XML_EndElementHandler end,
                                XML_CharacterDataHandler text)
{
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        fprintf(stderr, "shindan: メモリが足りません\n");
        abort();
    }
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, text);
    XML_SetStartDoctypeDeclHandler(p, sd_doctype);
    return p;
}

/* Feeds one chunk to expat and turns any failure into an error. */
static sd_error sd_feed(sd_xlsx *x, const char *buf, size_t n, bool final, char *err, size_t errlen)
{
    enum XML_Status st = XML_Parse(x->xp, buf, (int)n, final);
    if (x->herr)
        return sd_fail(err, errlen, x->herr, "%s", x->hmsg);
    if (st != XML_STATUS_OK)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "%s の XML が壊れています（%lu 行目: %s）", x->z.part,
                       (unsigned long)XML_GetCurrentLineNumber(x->xp), XML_ErrorString(XML_GetErrorCode(x->xp)));
    return SD_OK;
}

/* Parses a whole (small) part with the given handlers. */
static sd_error sd_parse_part(sd_xlsx *x, const char *part, bool required, XML_StartElementHandler start,
                              XML_EndElementHandler end, XML_CharacterDataHandler text, char *err, size_t errlen)
{
    sd_error rc = sd_part_open(x, part, required, err, errlen);
    if (rc)
        return rc;
    x->xp = sd_parser_new(x, start, end, text);
    char buf[SD_XLSX_CHUNK];
    size_t got = 1;
    while (!rc && got > 0) {
        if ((rc = sd_part_read(x, buf, sizeof buf, &got, err, errlen)))
            break;
        rc = sd_feed(x, buf, got, got == 0, err, errlen);
    }
    if (rc && !x->z.eof)
        unzCloseCurrentFile(x->z.zip);
    XML_ParserFree(x->xp);
    x->xp = NULL;
    return rc;
}

/* ---- relationships and workbook ---- */

static void XMLCALL sd_rels_root_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    sd_xlsx *x = user;
    if (strcmp(sd_local(name), "Relationship") != 0)
        return;
    const char *type = sd_attr(atts, "Type"), *target = sd_attr(atts, "Target");
    size_t tl = type ? strlen(type) : 0;
    if (target && tl >= 15 && strcmp(type + tl - 15, "/officeDocument") == 0 && !x->wb_part)
        x->wb_part = sd_resolve("", target);
}

static void XMLCALL sd_rels_wb_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    sd_xlsx *x = user;
    if (strcmp(sd_local(name), "Relationship") != 0)
        return;
    const char *type = sd_attr(atts, "Type"), *target = sd_attr(atts, "Target"), *id = sd_attr(atts, "Id");
    if (!type || !target || !id)
        return;
    const char *kind = strrchr(type, '/');
    kind = kind ? kind + 1 : type;
    /* the workbook's folder, e.g. "xl/" */
    char dir[256] = "";
    const char *slash = strrchr(x->wb_part, '/');
    if (slash && (size_t)(slash - x->wb_part) + 1 < sizeof dir)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - x->wb_part) + 1, x->wb_part);
    if (strcmp(kind, "sharedStrings") == 0 && !x->ss_part)
        x->ss_part = sd_resolve(dir, target);
    else if (strcmp(kind, "styles") == 0 && !x->styles_part)
        x->styles_part = sd_resolve(dir, target);
    else if (strcmp(kind, "worksheet") == 0) {
        for (size_t i = 0; i < x->nsheets; i++)
            if (x->sheets[i].rid && !x->sheets[i].part && strcmp(x->sheets[i].rid, id) == 0)
                x->sheets[i].part = sd_resolve(dir, target);
    } else if (strcmp(kind, "chartsheet") == 0 || strcmp(kind, "dialogsheet") == 0 ||
               strcmp(kind, "macrosheet") == 0) {
        for (size_t k = 0; k < x->nsheets; k++)
            if (x->sheets[k].rid && strcmp(x->sheets[k].rid, id) == 0)
                x->sheets[k].chart = true;
    }
}

static void XMLCALL sd_wb_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    sd_xlsx *x = user;
    const char *l = sd_local(name);
    if (strcmp(l, "workbookPr") == 0) {
        const char *d = sd_attr(atts, "date1904");
        x->date1904 = d && (strcmp(d, "1") == 0 || strcasecmp(d, "true") == 0);
    } else if (strcmp(l, "sheet") == 0) {
        const char *n = sd_attr(atts, "name"), *id = sd_attr(atts, "id");
        if (!n || !id)
            return;
        if (x->nsheets >= 10000) {
            sd_x_fail(x, SD_ERR_LIMIT, "シートが多すぎます");
            return;
        }
        x->sheets = sd_xrealloc(x->sheets, (x->nsheets + 1) * sizeof *x->sheets);
        x->sheets[x->nsheets++] = (sd_xsheet){.name = sd_xstrdup(n), .rid = sd_xstrdup(id)};
    }
}

static void XMLCALL sd_no_end(void *user, const XML_Char *name) { (void)user, (void)name; }
static void XMLCALL sd_no_text(void *user, const XML_Char *s, int len) { (void)user, (void)s, (void)len; }

/* ---- styles: which cell formats are dates ---- */

static bool sd_fmt_is_custom_date(const sd_xlsx *x, long id)
{
    for (size_t i = 0; i < x->nfmt; i++)
        if (x->fmt_ids[i] == id)
            return true;
    return false;
}

static void XMLCALL sd_styles_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    sd_xlsx *x = user;
    const char *l = sd_local(name);
    if (strcmp(l, "numFmt") == 0) {
        const char *id = sd_attr(atts, "numFmtId"), *code = sd_attr(atts, "formatCode");
        /* 00000: Excel shows 5201 as 05201, and that text is the value
         * (a member number typed into a number cell) */
        int width = sd_sheet_format_pad_width(code);
        if (id && width && x->npad < 64) {
            x->pad_ids[x->npad] = atoi(id);
            x->pad_width[x->npad++] = (unsigned char)width;
        }
        if (id && code && sd_sheet_format_is_date(code) && x->nfmt < 100000) {
            if (x->nfmt == x->fmt_cap) {
                x->fmt_cap = x->fmt_cap ? 2 * x->fmt_cap : 16;
                x->fmt_ids = sd_xrealloc(x->fmt_ids, x->fmt_cap * sizeof *x->fmt_ids);
            }
            x->fmt_ids[x->nfmt++] = atoi(id);
        }
    } else if (strcmp(l, "cellXfs") == 0) {
        x->in_cellxfs = true;
    } else if (strcmp(l, "xf") == 0 && x->in_cellxfs) {
        if (x->nxf >= 1000000) {
            sd_x_fail(x, SD_ERR_LIMIT, "%s の書式が多すぎます", x->z.part);
            return;
        }
        const char *id = sd_attr(atts, "numFmtId");
        long fid = id ? atol(id) : 0;
        if (x->nxf == x->xf_cap) {
            x->xf_cap = x->xf_cap ? 2 * x->xf_cap : 64;
            x->xf_date = sd_xrealloc(x->xf_date, x->xf_cap);
        }
        unsigned char kind = sd_sheet_builtin_date(fid) || sd_fmt_is_custom_date(x, fid);
        for (size_t i = 0; i < x->npad && !kind; i++)
            if (x->pad_ids[i] == fid)
                kind = (unsigned char)(0x80 | x->pad_width[i]);
        x->xf_date[x->nxf++] = kind;
    }
}

static void XMLCALL sd_styles_end(void *user, const XML_Char *name)
{
    sd_xlsx *x = user;
    if (strcmp(sd_local(name), "cellXfs") == 0)
        x->in_cellxfs = false;
}

/* ---- shared strings ---- */

static void sd_text_add(sd_xlsx *x, const char *s, size_t len)
{
    if ((long)(x->text.len + len) > sd_lim.cell_bytes) {
        if (x->in_si)
            sd_x_fail(x, SD_ERR_LIMIT, "%s: %zu 番目の文字列が長すぎます（上限 %ld バイト）", x->z.part, x->ss_n + 1,
                      sd_lim.cell_bytes);
        else
        {
            char a[32];
            sd_x_fail(x, SD_ERR_LIMIT, "%zu 行目 セル %s: セルが長すぎます（上限 %ld バイト）", x->row_no,
                      sd_addr(x->col, x->row_no, a), sd_lim.cell_bytes);
        }
        return;
    }
    sd_buf_add(&x->text, s, len);
}

static void XMLCALL sd_ss_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    sd_xlsx *x = user;
    const char *l = sd_local(name);
    if (strcmp(l, "si") == 0) {
        x->in_si = true;
        sd_buf_clear(&x->text);
    } else if (strcmp(l, "rPh") == 0) {
        x->in_rph = true; /* furigana: not part of the text */
    } else if (strcmp(l, "t") == 0 && x->in_si && !x->in_rph) {
        x->in_t = true;
    }
}

static void XMLCALL sd_ss_end(void *user, const XML_Char *name)
{
    sd_xlsx *x = user;
    const char *l = sd_local(name);
    if (strcmp(l, "t") == 0) {
        x->in_t = false;
    } else if (strcmp(l, "rPh") == 0) {
        x->in_rph = false;
    } else if (strcmp(l, "si") == 0) {
        x->in_si = false;
        if ((long)x->ss_n >= sd_lim.shared_strings) {
            sd_x_fail(x, SD_ERR_LIMIT, "共有文字列が上限（%ld 個）を超えています", sd_lim.shared_strings);
            return;
        }
        if (x->ss_n == x->ss_cap) {
            x->ss_cap = x->ss_cap ? 2 * x->ss_cap : 1024;
            x->ss_off = sd_xrealloc(x->ss_off, x->ss_cap * sizeof *x->ss_off);
        }
        x->ss_off[x->ss_n++] = x->ss.len;
        sd_buf_add(&x->ss, x->text.data ? x->text.data : "", x->text.len);
        sd_buf_addc(&x->ss, '\0');
    }
}

static void XMLCALL sd_collect_text(void *user, const XML_Char *s, int len)
{
    sd_xlsx *x = user;
    if (x->in_t || x->in_v)
        sd_text_add(x, s, (size_t)len);
}

/* ---- the worksheet ---- */

static char *sd_cell_value(sd_xlsx *x)
{
    const char *v = x->text.data ? x->text.data : "";
    switch (x->ctype) {
    case SD_CT_SHARED: {
        if (!*v) /* <c t="s"><v/></c>: some exporters write an empty cell so */
            return NULL;
        char *end;
        unsigned long long i = strtoull(v, &end, 10);
        if (end == v || *end || i >= x->ss_n) {
            sd_x_fail(x, SD_ERR_FORMAT, "%zu 行目: 共有文字列の番号（%.20s）が範囲外です（ファイルが壊れています）",
                      x->row_no, v);
            return NULL;
        }
        return sd_xstrdup(x->ss.data + x->ss_off[i]);
    }
    case SD_CT_BOOL:
        return sd_xstrdup(strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
    case SD_CT_DATE: {
        char *s = sd_xstrdup(v); /* ISO 8601: keep the date and time */
        char *tee = strchr(s, 'T');
        if (tee)
            *tee = ' ';
        return s;
    }
    case SD_CT_NUMBER: {
        if (!*v)
            return NULL;
        char date[64];
        unsigned char kind = x->cstyle >= 0 && (size_t)x->cstyle < x->nxf ? x->xf_date[x->cstyle] : 0;
        if (kind == 1 && sd_sheet_serial_date(strtod(v, NULL), x->date1904, date, sizeof date))
            return sd_xstrdup(date);
        if (kind & 0x80) {
            char *end, *padded;
            double d = strtod(v, &end);
            if (!*end && (padded = sd_sheet_padded(d, kind & 0x7F)))
                return padded;
        }
        return sd_sheet_number_text(v);
    }
    default:
        return *v ? sd_xstrdup(v) : NULL;
    }
}

/* Drops the cells of the row being read. */
static void sd_row_cells_clear(sd_xlsx *x)
{
    for (size_t i = 0; i < x->ncur; i++)
        if (x->cur_cells[i] != sd_cell_empty)
            free(x->cur_cells[i]);
    x->ncur = 0;
}

static void sd_put_cell(sd_xlsx *x, long col, char *value)
{
    if (col >= sd_lim.columns) {
        free(value);
        char a[32];
        sd_x_fail(x, SD_ERR_LIMIT, "%zu 行目 セル %s: 列が多すぎます（上限 %ld 列）", x->row_no, sd_addr(col, x->row_no, a),
                  sd_lim.columns);
        return;
    }
    size_t need = (size_t)col + 1;
    if (need > x->capcur) {
        size_t cap = x->capcur ? x->capcur : 32;
        while (cap < need)
            cap *= 2;
        x->cur_cells = sd_xrealloc(x->cur_cells, cap * sizeof *x->cur_cells);
        x->capcur = cap;
    }
    while (x->ncur < need)
        x->cur_cells[x->ncur++] = sd_cell_empty;
    if (x->cur_cells[col] != sd_cell_empty)
        free(x->cur_cells[col]); /* a repeated address: the last one wins */
    x->cur_cells[col] = value;
}

static void XMLCALL sd_ws_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    sd_xlsx *x = user;
    const char *l = sd_local(name);
    if (!x->depth_sheetdata) {
        if (strcmp(l, "sheetData") == 0)
            x->depth_sheetdata = 1;
        return;
    }
    if (strcmp(l, "row") == 0) {
        const char *r = sd_attr(atts, "r");
        unsigned long long n = r ? strtoull(r, NULL, 10) : 0;
        x->row_no = n > 0 ? (size_t)n : x->last_row + 1;
        if ((long long)x->row_no > sd_lim.rows) {
            sd_x_fail(x, SD_ERR_LIMIT, "行数が上限（%ld 行）を超えています", sd_lim.rows);
            return;
        }
        x->in_row = true;
        x->last_col = -1;
        sd_row_cells_clear(x); /* a row left open by a broken file */
    } else if (strcmp(l, "c") == 0 && x->in_row) {
        const char *r = sd_attr(atts, "r"), *t = sd_attr(atts, "t"), *s = sd_attr(atts, "s");
        long col;
        size_t row;
        if (r && sd_cell_ref(r, &col, &row))
            x->col = col;
        else
            x->col = x->last_col + 1;
        x->ctype = !t || strcmp(t, "n") == 0 ? SD_CT_NUMBER
                   : strcmp(t, "s") == 0     ? SD_CT_SHARED
                   : strcmp(t, "inlineStr") == 0 ? SD_CT_INLINE
                   : strcmp(t, "str") == 0   ? SD_CT_STR
                   : strcmp(t, "b") == 0     ? SD_CT_BOOL
                   : strcmp(t, "d") == 0     ? SD_CT_DATE
                                             : SD_CT_ERROR;
        x->cstyle = s ? atol(s) : -1;
        x->in_c = true;
        sd_buf_clear(&x->text);
    } else if (x->in_c) {
        if (strcmp(l, "v") == 0 && x->ctype != SD_CT_INLINE)
            x->in_v = true;
        else if (strcmp(l, "is") == 0)
            x->in_is = true;
        else if (strcmp(l, "rPh") == 0)
            x->in_rph = true;
        else if (strcmp(l, "t") == 0 && x->in_is && !x->in_rph)
            x->in_t = true;
    }
}

static void XMLCALL sd_ws_end(void *user, const XML_Char *name)
{
    sd_xlsx *x = user;
    if (!x->depth_sheetdata)
        return;
    const char *l = sd_local(name);
    if (strcmp(l, "v") == 0) {
        x->in_v = false;
    } else if (strcmp(l, "t") == 0) {
        x->in_t = false;
    } else if (strcmp(l, "rPh") == 0) {
        x->in_rph = false;
    } else if (strcmp(l, "is") == 0) {
        x->in_is = false;
    } else if (strcmp(l, "c") == 0 && x->in_c) {
        x->in_c = false;
        x->last_col = x->col;
        char *value = sd_cell_value(x);
        if (value)
            sd_put_cell(x, x->col, value);
    } else if (strcmp(l, "row") == 0 && x->in_row) {
        x->in_row = false;
        x->last_row = x->row_no;
        sd_merges_apply(&x->merges, x->row_no, &x->cur_cells, &x->ncur);
        if (x->ncur > x->capcur)
            x->capcur = x->ncur;
        sd_rowq_push(&x->rows, x->ncur ? x->cur_cells : NULL, x->ncur, x->row_no);
        if (x->ncur) {
            x->cur_cells = NULL;
            x->capcur = 0;
        }
        x->ncur = 0;
    } else if (strcmp(l, "sheetData") == 0) {
        x->depth_sheetdata = 0;
        x->sheet_done = true;
    }
}

static void sd_sheet_reset(sd_xlsx *x)
{
    if (x->xp) {
        XML_ParserFree(x->xp);
        x->xp = NULL;
        if (!x->z.eof)
            unzCloseCurrentFile(x->z.zip);
    }
    sd_rowq_clear(&x->rows);
    sd_row_cells_clear(x);
    sd_merges_clear(&x->merges);
    x->depth_sheetdata = 0;
    x->in_row = x->in_c = x->in_v = x->in_t = x->in_is = x->in_rph = false;
    x->sheet_done = false;
    x->row_no = x->last_row = 0;
    sd_buf_clear(&x->text);
}

/* ---- merged ranges: <mergeCells> follows <sheetData>, so they are read
 * in a pass of their own before the rows are handed out. A quick scan of
 * the raw part first: most sheets have none and pay no second parse. ---- */

static void XMLCALL sd_mc_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    sd_xlsx *x = user;
    const char *l = sd_local(name);
    x->mc_depth++;
    if (x->mc_depth == 2 && strcmp(l, "mergeCells") == 0) {
        x->in_mergecells = true;
    } else if (x->in_mergecells && x->mc_depth == 3 && strcmp(l, "mergeCell") == 0) {
        const char *ref = sd_attr(atts, "ref");
        const char *colon = ref ? strchr(ref, ':') : NULL;
        char a[32];
        long c1, c2;
        size_t r1, r2;
        if (!colon || (size_t)(colon - ref) >= sizeof a)
            return;
        snprintf(a, sizeof a, "%.*s", (int)(colon - ref), ref);
        if (!sd_cell_ref(a, &c1, &r1) || !sd_cell_ref(colon + 1, &c2, &r2) || r1 == 0 || r2 == 0 || c1 < 0 ||
            c2 < 0)
            return; /* not a cell range: nothing Excel would show merged */
        if (!sd_merges_add(&x->merges, r1, (size_t)c1, r2, (size_t)c2))
            sd_x_fail(x, SD_ERR_LIMIT, "%s: 結合セルが多すぎます（上限 %ld 個）", x->z.part, sd_lim.rows);
    }
}

static void XMLCALL sd_mc_end(void *user, const XML_Char *name)
{
    sd_xlsx *x = user;
    if (x->mc_depth == 2 && strcmp(sd_local(name), "mergeCells") == 0)
        x->in_mergecells = false;
    x->mc_depth--;
}

static sd_error sd_read_merges(sd_xlsx *x, const char *part, char *err, size_t errlen)
{
    static const char key[] = "mergeCell";
    const size_t klen = sizeof key - 1;
    sd_error rc = sd_part_open(x, part, true, err, errlen);
    if (rc)
        return rc;
    char buf[SD_XLSX_CHUNK + sizeof key];
    size_t keep = 0, got = 1;
    bool found = false;
    while (!found && got > 0) {
        if ((rc = sd_part_read(x, buf + keep, SD_XLSX_CHUNK, &got, err, errlen)))
            break;
        size_t len = keep + got;
        found = memmem(buf, len, key, klen) != NULL;
        keep = len < klen - 1 ? len : klen - 1;
        memmove(buf, buf + len - keep, keep);
    }
    if (!x->z.eof)
        unzCloseCurrentFile(x->z.zip);
    if (rc || !found)
        return rc;
    x->mc_depth = 0;
    x->in_mergecells = false;
    if ((rc = sd_parse_part(x, part, true, sd_mc_start, sd_mc_end, sd_no_text, err, errlen)))
        return rc;
    sd_merges_sort(&x->merges);
    return SD_OK;
}

static sd_error sd_sheet_begin(sd_xlsx *x, char *err, size_t errlen)
{
    sd_sheet_reset(x);
    const sd_xsheet *sh = &x->sheets[x->cur];
    x->base.sheet_name = sh->name;
    if (!sh->part && sh->chart) {
        /* a chart sheet holds no cells: read as an empty sheet, passed over */
        x->sheet_done = true;
        return SD_OK;
    }
    if (!sh->part)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "シート「%s」の中身が見つかりません（壊れています）", sh->name);
    sd_error rc = sd_read_merges(x, sh->part, err, errlen);
    if (rc)
        return rc;
    rc = sd_part_open(x, sh->part, true, err, errlen);
    if (rc)
        return rc;
    x->xp = sd_parser_new(x, sd_ws_start, sd_ws_end, sd_collect_text);
    return SD_OK;
}

static sd_error sd_xlsx_next(sd_sheet *s, sd_row *row, char *err, size_t errlen)
{
    sd_xlsx *x = (sd_xlsx *)s;
    char buf[SD_XLSX_CHUNK];
    while (x->rows.len == 0 && !x->sheet_done && !x->z.eof) {
        size_t got;
        sd_error rc = sd_part_read(x, buf, sizeof buf, &got, err, errlen);
        if (!rc)
            rc = sd_feed(x, buf, got, got == 0, err, errlen);
        if (rc) {
            x->sheet_done = true;
            return rc;
        }
    }
    return sd_rowq_pop(&x->rows, row) ? SD_OK : SD_DONE;
}

static sd_error sd_xlsx_next_sheet(sd_sheet *s, char *err, size_t errlen)
{
    sd_xlsx *x = (sd_xlsx *)s;
    if (x->chosen || x->cur + 1 >= x->nsheets)
        return SD_DONE;
    x->cur++;
    return sd_sheet_begin(x, err, errlen);
}

static sd_error sd_xlsx_rewind(sd_sheet *s, char *err, size_t errlen)
{
    return sd_sheet_begin((sd_xlsx *)s, err, errlen);
}

static void sd_xlsx_free(sd_sheet *s)
{
    sd_xlsx *x = (sd_xlsx *)s;
    sd_sheet_reset(x);
    if (x->z.zip)
        unzClose(x->z.zip);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].part);
        free(x->sheets[i].rid);
    }
    free(x->sheets);
    free(x->wb_part);
    free(x->ss_part);
    free(x->styles_part);
    free(x->rels_workbook);
    sd_buf_free(&x->ss);
    free(x->ss_off);
    free(x->xf_date);
    free(x->fmt_ids);
    sd_buf_free(&x->text);
    free(x->cur_cells);
    sd_rowq_free(&x->rows);
    sd_merges_free(&x->merges);
    free(x);
}

/* Names the format of a zip that is not an xlsx workbook. */
static sd_error sd_not_xlsx(sd_xlsx *x, char *err, size_t errlen)
{
    if (unzLocateFile(x->z.zip, "xl/workbook.bin", 2) == UNZ_OK)
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "Excel バイナリ形式（.xlsb）です。Excel で .xlsx か CSV として保存し直してください");
    if (unzLocateFile(x->z.zip, "content.xml", 2) == UNZ_OK)
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "OpenDocument の文書ですが、表計算（.ods）ではありません");
    return sd_fail(err, errlen, SD_ERR_FORMAT, "zip ファイルですが、Excel のブック（xlsx）ではありません");
}

sd_error sd_xlsx_open(const char *path, const char *sheet_name, sd_sheet **out, char *err, size_t errlen)
{
    *out = NULL;
    sd_xlsx *x = sd_xcalloc(1, sizeof *x);
    x->base.next = sd_xlsx_next;
    x->base.next_sheet = sd_xlsx_next_sheet;
    x->base.rewind = sd_xlsx_rewind;
    x->base.free = sd_xlsx_free;
    x->base.format = "xlsx";
    sd_error rc = SD_OK;

    if (!(x->z.zip = unzOpen64(path))) {
        free(x);
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "zip として読めません（ファイルが途中で切れているか壊れています）。Excel で開いて保存し直してください");
    }
    rc = sd_parse_part(x, "_rels/.rels", false, sd_rels_root_start, sd_no_end, sd_no_text, err, errlen);
    if (rc && rc != SD_DONE)
        goto fail;
    if (!x->wb_part)
        x->wb_part = sd_xstrdup("xl/workbook.xml");
    if (sd_zpart_locate(x->z.zip, x->wb_part) != UNZ_OK) {
        rc = sd_not_xlsx(x, err, errlen);
        goto fail;
    }
    if ((rc = sd_parse_part(x, x->wb_part, true, sd_wb_start, sd_no_end, sd_no_text, err, errlen)))
        goto fail;
    if (x->nsheets == 0) {
        rc = sd_fail(err, errlen, SD_ERR_FORMAT, "ブックにシートがありません");
        goto fail;
    }
    {
        const char *slash = strrchr(x->wb_part, '/');
        x->rels_workbook = slash ? sd_xasprintf("%.*s_rels/%s.rels", (int)(slash - x->wb_part) + 1, x->wb_part, slash + 1)
                                 : sd_xasprintf("_rels/%s.rels", x->wb_part);
    }
    rc = sd_parse_part(x, x->rels_workbook, false, sd_rels_wb_start, sd_no_end, sd_no_text, err, errlen);
    if (rc && rc != SD_DONE)
        goto fail;
    rc = sd_parse_part(x, x->styles_part ? x->styles_part : "xl/styles.xml", false, sd_styles_start, sd_styles_end,
                       sd_no_text, err, errlen);
    if (rc && rc != SD_DONE)
        goto fail;
    rc = sd_parse_part(x, x->ss_part ? x->ss_part : "xl/sharedStrings.xml", false, sd_ss_start, sd_ss_end,
                       sd_collect_text, err, errlen);
    if (rc && rc != SD_DONE)
        goto fail;
    sd_buf_clear(&x->text);

    if (sheet_name) {
        size_t i = 0;
        while (i < x->nsheets && strcmp(x->sheets[i].name, sheet_name) != 0)
            i++;
        if (i == x->nsheets) {
            sd_buf names = {0};
            for (size_t k = 0; k < x->nsheets; k++)
                sd_buf_printf(&names, "%s「%s」", k ? "、" : "", x->sheets[k].name);
            rc = sd_fail(err, errlen, SD_ERR_FORMAT, "シート「%s」がありません（このブックのシート: %s）", sheet_name,
                         names.data);
            sd_buf_free(&names);
            goto fail;
        }
        x->cur = i;
        x->chosen = true;
    }
    if ((rc = sd_sheet_begin(x, err, errlen)))
        goto fail;
    *out = &x->base;
    return SD_OK;

fail:
    sd_xlsx_free(&x->base);
    return rc;
}
