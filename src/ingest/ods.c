/* ods.c - streamed OpenDocument spreadsheet reader (LibreOffice's .ods):
 * minizip for the package, expat for content.xml.
 *
 * Every sheet is a <table:table> in the one content.xml; its names are
 * read in a first pass, and a sheet is then parsed in chunks, its rows
 * handed out one by one. Repeated rows and cells (number-rows-repeated,
 * number-columns-repeated: LibreOffice ends a sheet with a run of a
 * million empty rows) are never expanded when empty; a repeated row that
 * holds values is handed out once per row, lazily (the parser is
 * suspended meanwhile), within the rows and columns limits. Merged cells
 * (number-rows-spanned on the top-left cell, covered-table-cell for the
 * rest) read as the xlsx reader reads them (sd_merges). */
#include <expat.h>
#include <minizip/unzip.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/columns.h"
#include "core/limits.h"
#include "core/util.h"
#include "ingest/sheet.h"
#include "ingest/zpart.h"

#define SD_ODS_CHUNK 65536
#define SD_ODS_MIME "application/vnd.oasis.opendocument.spreadsheet"

/* Element and attribute names as expat gives them with namespaces: the
 * namespace URI, '|', the local name. */
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0|"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0|"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0|"
#define NS_CALCEXT "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0|"

typedef struct {
    sd_sheet base;
    sd_zpart z;
    XML_Parser xp;
    sd_error herr;
    char hmsg[300];
    char **names; /* sheet names, in order */
    size_t nsheets, cur;
    bool chosen, spreadsheet;
    /* parse state */
    int depth, tdepth;    /* element depth; nesting of tables */
    long tindex;          /* top-level tables begun so far, less one */
    bool in_target, target_done, suspended;
    bool in_row, in_cell, covered;
    int row_depth, p_depth, note_depth;
    size_t next_row, row_no;
    unsigned long row_rep, col_rep, rows_span, cols_span;
    size_t col;
    /* the cell being read */
    char vtype[16];
    bool error_cell;
    char *attr_value, *attr_date, *attr_time, *attr_bool, *attr_string;
    sd_buf text;
    int paras;
    /* the row being read */
    char **cur_cells;
    size_t ncur, capcur;
    /* a repeated row with values, handed out copy by copy */
    char **rep_cells;
    size_t nrep, rep_row;
    unsigned long rep_left;
    sd_rowq rows;
    sd_merges merges;
    char buf[SD_ODS_CHUNK];
} sd_ods;

static void sd_o_fail(sd_ods *o, sd_error e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void sd_o_fail(sd_ods *o, sd_error e, const char *fmt, ...)
{
    if (o->herr)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->hmsg, sizeof o->hmsg, fmt, ap);
    va_end(ap);
    o->herr = e;
    if (o->xp)
        XML_StopParser(o->xp, XML_FALSE);
}

static const char *sd_o_attr(const char **atts, const char *qname)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], qname) == 0)
            return atts[i + 1];
    return NULL;
}

/* A repeat or span count: 1 when absent or not a positive number. */
static unsigned long sd_o_count(const char **atts, const char *qname)
{
    const char *v = sd_o_attr(atts, qname);
    if (!v)
        return 1;
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    return end == v || *end || n == 0 || n > 100000000UL ? 1 : n;
}

static void XMLCALL sd_o_doctype(void *user, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                                 int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    sd_o_fail(user, SD_ERR_FORMAT, "content.xml に DTD（文書型宣言）があります。ods では使われないため、安全のため読みません");
}

static XML_Parser sd_o_parser(sd_ods *o, XML_StartElementHandler start, XML_EndElementHandler end,
                              XML_CharacterDataHandler text)
{
    XML_Parser p = XML_ParserCreateNS(NULL, '|');
    if (!p) {
        fprintf(stderr, "shindan: メモリが足りません\n");
        abort();
    }
    XML_SetUserData(p, o);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, text);
    XML_SetStartDoctypeDeclHandler(p, sd_o_doctype);
    return p;
}

static sd_error sd_o_status(sd_ods *o, enum XML_Status st, char *err, size_t errlen)
{
    if (o->herr)
        return sd_fail(err, errlen, o->herr, "%s", o->hmsg);
    if (st == XML_STATUS_ERROR)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "content.xml の XML が壊れています（%lu 行目: %s）",
                       (unsigned long)XML_GetCurrentLineNumber(o->xp), XML_ErrorString(XML_GetErrorCode(o->xp)));
    o->suspended = st == XML_STATUS_SUSPENDED;
    return SD_OK;
}

/* ---- first pass: the sheet names ---- */

static void XMLCALL sd_names_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    sd_ods *o = user;
    if (strcmp(name, NS_OFFICE "spreadsheet") == 0) {
        o->spreadsheet = true;
    } else if (strcmp(name, NS_TABLE "table") == 0) {
        if (o->tdepth++ > 0)
            return; /* a table inside a cell */
        if (o->nsheets >= 10000) {
            sd_o_fail(o, SD_ERR_LIMIT, "シートが多すぎます");
            return;
        }
        const char *n = sd_o_attr(atts, NS_TABLE "name");
        o->names = sd_xrealloc(o->names, (o->nsheets + 1) * sizeof *o->names);
        o->names[o->nsheets] = n ? sd_xstrdup(n) : sd_xasprintf("シート%zu", o->nsheets + 1);
        o->nsheets++;
    }
}

static void XMLCALL sd_names_end(void *user, const XML_Char *name)
{
    sd_ods *o = user;
    if (strcmp(name, NS_TABLE "table") == 0)
        o->tdepth--;
}

static void XMLCALL sd_no_text(void *user, const XML_Char *s, int len) { (void)user, (void)s, (void)len; }

static sd_error sd_read_names(sd_ods *o, char *err, size_t errlen)
{
    sd_error rc = sd_zpart_open(&o->z, "content.xml", true, "OpenDocument の表計算", "ods", err, errlen);
    if (rc)
        return rc;
    o->xp = sd_o_parser(o, sd_names_start, sd_names_end, sd_no_text);
    size_t got = 1;
    while (!rc && got > 0) {
        if ((rc = sd_zpart_read(&o->z, o->buf, sizeof o->buf, &got, err, errlen)))
            break;
        rc = sd_o_status(o, XML_Parse(o->xp, o->buf, (int)got, got == 0), err, errlen);
    }
    sd_zpart_close(&o->z);
    XML_ParserFree(o->xp);
    o->xp = NULL;
    o->tdepth = 0;
    return rc;
}

/* ---- a sheet's rows ---- */

static void sd_o_clear_cell(sd_ods *o)
{
    free(o->attr_value), free(o->attr_date), free(o->attr_time), free(o->attr_bool), free(o->attr_string);
    o->attr_value = o->attr_date = o->attr_time = o->attr_bool = o->attr_string = NULL;
    sd_buf_clear(&o->text);
}

static char *sd_o_dup_attr(const char **atts, const char *qname)
{
    const char *v = sd_o_attr(atts, qname);
    return v ? sd_xstrndup(v, strlen(v) < 65536 ? strlen(v) : 65536) : NULL;
}

static void sd_o_text(sd_ods *o, const char *s, size_t len)
{
    if ((long)(o->text.len + len) > sd_lim.cell_bytes) {
        char a[16];
        sd_column_letters(o->col, a);
        sd_o_fail(o, SD_ERR_LIMIT, "%zu 行目 セル %s%zu: セルが長すぎます（上限 %ld バイト）", o->row_no, a, o->row_no,
                  sd_lim.cell_bytes);
        return;
    }
    sd_buf_add(&o->text, s, len);
}

/* "PT12H30M00S" (a time of day) to the fraction of a day, as the xlsx
 * reader gives a time: 0.520833333333333. NULL when it is no such time. */
static char *sd_o_time(const char *v)
{
    double h = 0, m = 0, sec = 0;
    if (strncmp(v, "PT", 2) != 0)
        return NULL;
    const char *p = v + 2;
    while (*p) {
        char *end;
        double n = strtod(p, &end);
        if (end == p)
            return NULL;
        if (*end == 'H')
            h = n;
        else if (*end == 'M')
            m = n;
        else if (*end == 'S')
            sec = n;
        else
            return NULL;
        p = end + 1;
    }
    return sd_sheet_number((h * 3600 + m * 60 + sec) / 86400.0);
}

/* "2026-10-15T12:00:00.5" to "2026-10-15 12:00:00", and to "2026-10-15"
 * at midnight, as the xlsx reader gives a date. */
static char *sd_o_date(const char *v)
{
    const char *tee = strchr(v, 'T');
    if (!tee)
        return sd_xstrdup(v);
    size_t dl = (size_t)(tee - v);
    char tm[9] = "";
    snprintf(tm, sizeof tm, "%s", tee + 1);
    if (strcmp(tm, "00:00:00") == 0 || strlen(tm) < 8)
        return sd_xstrndup(v, dl);
    return sd_xasprintf("%.*s %s", (int)dl, v, tm);
}

/* The value of the cell just ended, or NULL when it is empty. */
static char *sd_o_value(sd_ods *o)
{
    const char *shown = o->text.data ? o->text.data : "";
    const char *t = o->vtype;
    if (o->error_cell) /* a formula's error: its cached value is 0, the text says #DIV/0! */
        return *shown ? sd_xstrdup(shown) : NULL;
    if ((strcmp(t, "float") == 0 || strcmp(t, "percentage") == 0 || strcmp(t, "currency") == 0) && o->attr_value) {
        /* 00120 shown for 120 (a member number in a zero-padded format):
         * the shown text is the value, as in the xlsx reader */
        size_t n = strlen(shown);
        if (n > 1 && shown[0] == '0' && strspn(shown, "0123456789") == n) {
            char *end;
            double d = strtod(o->attr_value, &end);
            if (!*end && d >= 0 && d < 1e15 && d == (double)strtoll(shown, NULL, 10))
                return sd_xstrdup(shown);
        }
        return sd_sheet_number_text(o->attr_value);
    }
    if (strcmp(t, "date") == 0 && o->attr_date)
        return sd_o_date(o->attr_date);
    if (strcmp(t, "time") == 0 && o->attr_time) {
        char *v = sd_o_time(o->attr_time);
        if (v)
            return v;
    }
    if (strcmp(t, "boolean") == 0 && o->attr_bool)
        return sd_xstrdup(strcmp(o->attr_bool, "true") == 0 ? "TRUE" : "FALSE");
    if (strcmp(t, "string") == 0 && o->attr_string) /* a formula's text result */
        return *o->attr_string ? sd_xstrdup(o->attr_string) : NULL;
    return *shown ? sd_xstrdup(shown) : NULL;
}

static bool sd_o_put(sd_ods *o, size_t col, char *value)
{
    if ((long)col >= sd_lim.columns) {
        free(value);
        char a[16];
        sd_column_letters(col, a);
        sd_o_fail(o, SD_ERR_LIMIT, "%zu 行目 セル %s%zu: 列が多すぎます（上限 %ld 列）", o->row_no, a, o->row_no,
                  sd_lim.columns);
        return false;
    }
    size_t need = col + 1;
    if (need > o->capcur) {
        size_t cap = o->capcur ? o->capcur : 32;
        while (cap < need)
            cap *= 2;
        o->cur_cells = sd_xrealloc(o->cur_cells, cap * sizeof *o->cur_cells);
        o->capcur = cap;
    }
    while (o->ncur < need)
        o->cur_cells[o->ncur++] = sd_cell_empty;
    if (o->cur_cells[col] != sd_cell_empty)
        free(o->cur_cells[col]);
    o->cur_cells[col] = value;
    return true;
}

static void sd_o_row_clear(sd_ods *o)
{
    for (size_t i = 0; i < o->ncur; i++)
        if (o->cur_cells[i] != sd_cell_empty)
            free(o->cur_cells[i]);
    o->ncur = 0;
}

static char **sd_o_copy(char *const *cells, size_t n)
{
    char **c = sd_xcalloc(n ? n : 1, sizeof *c);
    for (size_t i = 0; i < n; i++)
        c[i] = cells[i] == sd_cell_empty ? sd_cell_empty : sd_xstrdup(cells[i]);
    return c;
}

/* Queues the row just ended (a copy of it, to which the merges apply) and,
 * when it repeats, keeps it to hand out again and suspends the parser. */
static void sd_o_row_end(sd_ods *o)
{
    unsigned long rep = o->row_rep;
    o->next_row = o->row_no + rep;
    if (o->ncur == 0)
        return; /* empty, however often repeated: nothing to hand out */
    if ((unsigned long long)o->row_no + rep - 1 > (unsigned long long)sd_lim.rows) {
        sd_o_fail(o, SD_ERR_LIMIT, "行数が上限（%ld 行）を超えています", sd_lim.rows);
        return;
    }
    char **cells = sd_o_copy(o->cur_cells, o->ncur);
    size_t n = o->ncur;
    sd_merges_apply(&o->merges, o->row_no, &cells, &n);
    sd_rowq_push(&o->rows, cells, n, o->row_no);
    if (rep > 1) {
        sd_cells_free(o->rep_cells, o->nrep);
        o->rep_cells = sd_o_copy(o->cur_cells, o->ncur);
        o->nrep = o->ncur;
        o->rep_row = o->row_no + 1;
        o->rep_left = rep - 1;
        XML_StopParser(o->xp, XML_TRUE);
    }
}

static void XMLCALL sd_ws_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    sd_ods *o = user;
    o->depth++;
    if (strcmp(name, NS_TABLE "table") == 0) {
        if (o->tdepth++ == 0 && ++o->tindex == (long)o->cur) {
            o->in_target = true;
            o->next_row = 1;
        }
        return;
    }
    if (!o->in_target || o->tdepth != 1 || o->target_done)
        return;
    if (strcmp(name, NS_TABLE "table-row") == 0) {
        o->in_row = true;
        o->row_depth = o->depth;
        o->row_no = o->next_row;
        o->row_rep = sd_o_count(atts, NS_TABLE "number-rows-repeated");
        o->col = 0;
        sd_o_row_clear(o);
    } else if (o->in_row && o->depth == o->row_depth + 1 &&
               (strcmp(name, NS_TABLE "table-cell") == 0 || strcmp(name, NS_TABLE "covered-table-cell") == 0)) {
        o->in_cell = true;
        o->covered = name[strlen(NS_TABLE)] == 'c';
        sd_o_clear_cell(o);
        const char *vt = sd_o_attr(atts, NS_OFFICE "value-type"), *cx = sd_o_attr(atts, NS_CALCEXT "value-type");
        snprintf(o->vtype, sizeof o->vtype, "%s", vt ? vt : "");
        o->error_cell = cx && strcmp(cx, "error") == 0;
        o->attr_value = sd_o_dup_attr(atts, NS_OFFICE "value");
        o->attr_date = sd_o_dup_attr(atts, NS_OFFICE "date-value");
        o->attr_time = sd_o_dup_attr(atts, NS_OFFICE "time-value");
        o->attr_bool = sd_o_dup_attr(atts, NS_OFFICE "boolean-value");
        const char *sv = sd_o_attr(atts, NS_OFFICE "string-value");
        if (sv) {
            if ((long)strlen(sv) > sd_lim.cell_bytes) {
                sd_o_fail(o, SD_ERR_LIMIT, "%zu 行目: セルが長すぎます（上限 %ld バイト）", o->row_no, sd_lim.cell_bytes);
                return;
            }
            o->attr_string = sd_xstrdup(sv);
        }
        o->col_rep = sd_o_count(atts, NS_TABLE "number-columns-repeated");
        o->rows_span = o->covered ? 1 : sd_o_count(atts, NS_TABLE "number-rows-spanned");
        o->cols_span = o->covered ? 1 : sd_o_count(atts, NS_TABLE "number-columns-spanned");
        o->paras = 0;
        o->p_depth = o->note_depth = 0;
    } else if (o->in_cell && !o->note_depth) {
        if (strcmp(name, NS_OFFICE "annotation") == 0) {
            o->note_depth = o->depth; /* a comment: not the cell's text */
        } else if (strcmp(name, NS_TEXT "p") == 0 || strcmp(name, NS_TEXT "h") == 0) {
            if (!o->p_depth) {
                if (o->paras++)
                    sd_o_text(o, "\n", 1);
                o->p_depth = o->depth;
            }
        } else if (o->p_depth && strcmp(name, NS_TEXT "s") == 0) {
            unsigned long n = sd_o_count(atts, NS_TEXT "c");
            for (unsigned long i = 0; i < n && !o->herr; i++)
                sd_o_text(o, " ", 1);
        } else if (o->p_depth && strcmp(name, NS_TEXT "tab") == 0) {
            sd_o_text(o, "\t", 1);
        } else if (o->p_depth && strcmp(name, NS_TEXT "line-break") == 0) {
            sd_o_text(o, "\n", 1);
        }
    }
}

static void XMLCALL sd_ws_end(void *user, const XML_Char *name)
{
    sd_ods *o = user;
    int d = o->depth--;
    if (strcmp(name, NS_TABLE "table") == 0) {
        if (--o->tdepth == 0 && o->in_target) {
            o->in_target = false;
            o->target_done = true;
            XML_StopParser(o->xp, XML_TRUE); /* the sheets after it are not read */
        }
        return;
    }
    if (!o->in_target || o->tdepth != 1 || o->target_done)
        return;
    if (o->in_cell && d == o->row_depth + 1) {
        o->in_cell = false;
        char *value = sd_o_value(o);
        if (!o->covered && (o->rows_span > 1 || o->cols_span > 1) &&
            !sd_merges_add(&o->merges, o->row_no, o->col, o->row_no + o->rows_span - 1, o->col + o->cols_span - 1)) {
            free(value);
            sd_o_fail(o, SD_ERR_LIMIT, "結合セルが多すぎます（上限 %ld 個）", sd_lim.rows);
            return;
        }
        if (value) {
            /* the same value in cells side by side is written once, repeated */
            if (o->col_rep > (unsigned long)sd_lim.columns) {
                free(value);
                sd_o_fail(o, SD_ERR_LIMIT, "%zu 行目: 列が多すぎます（上限 %ld 列）", o->row_no, sd_lim.columns);
                return;
            }
            for (unsigned long i = 1; i < o->col_rep; i++)
                if (!sd_o_put(o, o->col + i, sd_xstrdup(value))) {
                    free(value);
                    return;
                }
            if (!sd_o_put(o, o->col, value))
                return;
        }
        o->col += o->col_rep;
        sd_o_clear_cell(o);
    } else if (o->in_cell) {
        if (d == o->note_depth)
            o->note_depth = 0;
        else if (d == o->p_depth)
            o->p_depth = 0;
    } else if (o->in_row && d == o->row_depth && strcmp(name, NS_TABLE "table-row") == 0) {
        o->in_row = false;
        sd_o_row_end(o);
    }
}

static void XMLCALL sd_ws_text(void *user, const XML_Char *s, int len)
{
    sd_ods *o = user;
    if (o->in_cell && o->p_depth && !o->note_depth)
        sd_o_text(o, s, (size_t)len);
}

static void sd_o_reset(sd_ods *o)
{
    if (o->xp) {
        XML_ParserFree(o->xp);
        o->xp = NULL;
    }
    sd_zpart_close(&o->z);
    sd_rowq_clear(&o->rows);
    sd_merges_clear(&o->merges);
    sd_o_row_clear(o);
    sd_o_clear_cell(o);
    sd_cells_free(o->rep_cells, o->nrep);
    o->rep_cells = NULL;
    o->nrep = 0;
    o->rep_left = 0;
    o->depth = o->tdepth = 0;
    o->tindex = -1;
    o->in_target = o->target_done = o->suspended = o->in_row = o->in_cell = false;
    o->herr = SD_OK;
    o->hmsg[0] = '\0';
}

static sd_error sd_o_begin(sd_ods *o, char *err, size_t errlen)
{
    sd_o_reset(o);
    o->base.sheet_name = o->names[o->cur];
    sd_error rc = sd_zpart_open(&o->z, "content.xml", true, "OpenDocument の表計算", "ods", err, errlen);
    if (rc)
        return rc;
    o->xp = sd_o_parser(o, sd_ws_start, sd_ws_end, sd_ws_text);
    return SD_OK;
}

static sd_error sd_ods_next(sd_sheet *s, sd_row *row, char *err, size_t errlen)
{
    sd_ods *o = (sd_ods *)s;
    for (;;) {
        if (sd_rowq_pop(&o->rows, row))
            return SD_OK;
        if (o->rep_left > 0) {
            char **cells = sd_o_copy(o->rep_cells, o->nrep);
            size_t n = o->nrep;
            sd_merges_apply(&o->merges, o->rep_row, &cells, &n);
            sd_rowq_push(&o->rows, cells, n, o->rep_row);
            o->rep_row++;
            o->rep_left--;
            continue;
        }
        if (o->target_done || !o->xp)
            return SD_DONE;
        sd_error rc;
        if (o->suspended) {
            rc = sd_o_status(o, XML_ResumeParser(o->xp), err, errlen);
        } else if (o->z.eof) {
            return SD_DONE;
        } else {
            size_t got;
            rc = sd_zpart_read(&o->z, o->buf, sizeof o->buf, &got, err, errlen);
            if (!rc)
                rc = sd_o_status(o, XML_Parse(o->xp, o->buf, (int)got, got == 0), err, errlen);
        }
        if (rc) {
            o->target_done = true;
            return rc;
        }
    }
}

static sd_error sd_ods_next_sheet(sd_sheet *s, char *err, size_t errlen)
{
    sd_ods *o = (sd_ods *)s;
    if (o->chosen || o->cur + 1 >= o->nsheets)
        return SD_DONE;
    o->cur++;
    return sd_o_begin(o, err, errlen);
}

static sd_error sd_ods_rewind(sd_sheet *s, char *err, size_t errlen) { return sd_o_begin((sd_ods *)s, err, errlen); }

static void sd_ods_free(sd_sheet *s)
{
    sd_ods *o = (sd_ods *)s;
    sd_o_reset(o);
    if (o->z.zip)
        unzClose(o->z.zip);
    for (size_t i = 0; i < o->nsheets; i++)
        free(o->names[i]);
    free(o->names);
    sd_buf_free(&o->text);
    free(o->cur_cells);
    sd_rowq_free(&o->rows);
    sd_merges_free(&o->merges);
    free(o);
}

bool sd_ods_sniff(const char *path)
{
    unzFile zip = unzOpen64(path);
    if (!zip)
        return false;
    char mime[sizeof SD_ODS_MIME + 8] = "";
    bool ods = false;
    if (unzLocateFile(zip, "mimetype", 1) == UNZ_OK && unzOpenCurrentFile(zip) == UNZ_OK) {
        int n = unzReadCurrentFile(zip, mime, sizeof mime - 1);
        unzCloseCurrentFile(zip);
        if (n > 0) {
            mime[n] = '\0';
            mime[strcspn(mime, "\r\n")] = '\0';
            ods = strcmp(mime, SD_ODS_MIME) == 0 || strcmp(mime, SD_ODS_MIME "-template") == 0;
        }
    }
    unzClose(zip);
    return ods;
}

sd_error sd_ods_open(const char *path, const char *sheet_name, sd_sheet **out, char *err, size_t errlen)
{
    *out = NULL;
    sd_ods *o = sd_xcalloc(1, sizeof *o);
    o->base.next = sd_ods_next;
    o->base.next_sheet = sd_ods_next_sheet;
    o->base.rewind = sd_ods_rewind;
    o->base.free = sd_ods_free;
    o->base.format = "ods";
    o->z.eof = true;
    o->tindex = -1;
    sd_error rc;
    if (!(o->z.zip = unzOpen64(path))) {
        free(o);
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "zip として読めません（ファイルが途中で切れているか壊れています）。LibreOffice で開いて保存し直してください");
    }
    if (unzLocateFile(o->z.zip, "META-INF/manifest.xml", 1) == UNZ_OK) {
        /* an encrypted entry is marked in the manifest; the zip itself is not */
        rc = sd_zpart_open(&o->z, "META-INF/manifest.xml", true, "OpenDocument の表計算", "ods", err, errlen);
        if (rc)
            goto fail;
        sd_buf m = {0};
        size_t got = 1;
        while (!rc && got > 0 && m.len < 4u * 1024 * 1024) {
            if (!(rc = sd_zpart_read(&o->z, o->buf, sizeof o->buf, &got, err, errlen)))
                sd_buf_add(&m, o->buf, got);
        }
        sd_zpart_close(&o->z);
        bool encrypted = m.data && strstr(m.data, "encryption-data");
        sd_buf_free(&m);
        if (rc)
            goto fail;
        if (encrypted) {
            rc = sd_fail(err, errlen, SD_ERR_FORMAT,
                         "パスワードで保護された ods ファイルです。LibreOffice でパスワードを外して保存し直してください");
            goto fail;
        }
    }
    if ((rc = sd_read_names(o, err, errlen)))
        goto fail;
    if (!o->spreadsheet) {
        rc = sd_fail(err, errlen, SD_ERR_FORMAT, "OpenDocument ファイルですが、表計算（.ods）ではありません");
        goto fail;
    }
    if (o->nsheets == 0) {
        rc = sd_fail(err, errlen, SD_ERR_FORMAT, "ブックにシートがありません");
        goto fail;
    }
    if (sheet_name) {
        size_t i = 0;
        while (i < o->nsheets && strcmp(o->names[i], sheet_name) != 0)
            i++;
        if (i == o->nsheets) {
            sd_buf names = {0};
            for (size_t k = 0; k < o->nsheets; k++)
                sd_buf_printf(&names, "%s「%s」", k ? "、" : "", o->names[k]);
            rc = sd_fail(err, errlen, SD_ERR_FORMAT, "シート「%s」がありません（このブックのシート: %s）", sheet_name,
                         names.data);
            sd_buf_free(&names);
            goto fail;
        }
        o->cur = i;
        o->chosen = true;
    }
    if ((rc = sd_o_begin(o, err, errlen)))
        goto fail;
    *out = &o->base;
    return SD_OK;

fail:
    sd_ods_free(&o->base);
    return rc;
}
