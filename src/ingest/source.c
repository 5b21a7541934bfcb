/* source.c - one input file read as records: snapshot, worksheets,
 * header search, forms, periods, summary rows; no SQL */
#include "ingest/source.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/snapshot.h"
#include "core/text.h"
#include "core/util.h"
#include "ingest/mapping.h"
#include "ingest/transposed.h"
#include "ingest/undated.h"
#include "ingest/values.h"

/* Rows above the header (titles, notes, a block of 記入上の注意) that are
 * skipped while looking for it. */
#define SD_HEADER_SEARCH_ROWS 60
/* A header row names columns: a row with fewer filled cells (a title, an
 * instruction line that happens to say 回答日) is never joined with the
 * row below it as a two-row header. */
#define SD_HEADER_MIN_CELLS 3

struct sd_source {
    const sd_templates *t; /* borrowed */
    sd_source_opts opts;   /* its strings borrowed */
    sd_sheet *sheet;       /* owned */
    char name_period[8];   /* the month in the file's name, or "" */
    sd_rejects rejects;    /* owned: the row being read */
    sd_source_info info;   /* its columns owned */
    sd_turned turned;      /* owned: the sheet being read when it is a table on its side */
};

/* The header search on one worksheet: the row above (a label merged over
 * two header rows) and the refused row that named the most columns, so a
 * refusal speaks of the real header, not a title above it. */
typedef struct {
    char **prev; /* owned copy of the row above, or NULL */
    size_t nprev;
    int best;        /* columns the likeliest row named; -1 before any */
    char why[2048];  /* its problem */
    char *best_text; /* owned: what each of its headers would name */
} sd_header_search;

sd_error sd_source_open(const sd_templates *t, const char *path, const sd_source_opts *opts, sd_source **out,
                        char *err, size_t errlen)
{
    *out = NULL;
    sd_snapshot snap;
    sd_error rc = sd_snapshot_take(path, sd_lim.file_bytes, &snap, err, errlen);
    if (rc)
        return rc;
    sd_source *s = sd_xcalloc(1, sizeof *s);
    s->t = t;
    s->opts = *opts;
    memcpy(s->info.sha256, snap.sha256, sizeof s->info.sha256);
    char *pathcopy = sd_xstrdup(path);
    if (!sd_period_from_name(basename(pathcopy), s->name_period))
        s->name_period[0] = '\0';
    free(pathcopy);
    rc = sd_sheet_open_named(snap.path, path, opts->encoding, opts->sheet, &s->sheet, err, errlen);
    /* the readers hold their own descriptors on the copy */
    sd_snapshot_release(&snap);
    if (rc) {
        sd_source_free(s);
        return rc;
    }
    s->info.format = sd_sheet_format(s->sheet);
    *out = s;
    return SD_OK;
}

const sd_source_info *sd_source_info_get(const sd_source *s)
{
    return &s->info;
}

void sd_source_free(sd_source *s)
{
    if (!s)
        return;
    sd_sheet_free(s->sheet);
    sd_turned_free(&s->turned);
    sd_rejects_free(&s->rejects);
    free(s->info.columns);
    free(s);
}

/* A survey tool's word under a question in its second header row
 * (SurveyMonkey: 回答, 自由回答, Response, Open-Ended Response): it says
 * nothing the row above does not. */
static bool sd_is_filler(const char *cell)
{
    static const char *const words[] = {
        "回答", "自由回答", "response", "open-endedresponse", "openendedresponse", "選択肢", "answer"};
    char *key = sd_text_key(cell);
    bool hit = false;
    for (size_t i = 0; key && i < sizeof words / sizeof words[0] && !hit; i++)
        hit = strcmp(key, words[i]) == 0;
    free(key);
    return hit;
}

/* True for a header's second row read as data: every filled cell a
 * survey tool's filler word. */
static bool sd_row_is_subheader(const sd_row *row)
{
    size_t filled = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        if (sd_str_empty(row->cells[c]))
            continue;
        if (!sd_is_filler(row->cells[c]))
            return false;
        filled++;
    }
    return filled > 0;
}

static size_t sd_filled_cells(const sd_row *row)
{
    size_t n = 0;
    for (size_t c = 0; c < row->ncells; c++)
        n += !sd_str_empty(row->cells[c]);
    return n;
}

/* Two header rows as one, cell by cell. The top cell of a title spanning
 * several columns (merged, or written once over empty cells to its right)
 * with an item below reads as 「title [item]」, as a grid column does; a
 * filler word below, or the same text twice (a merged label filled down),
 * gives the top alone; two other texts are joined (Q6 + its sentence);
 * otherwise whichever is filled. Returns the cells (free with sd_strv_free). */
static char **sd_join_header_rows(char **top, size_t ntop, const sd_row *row, size_t *count)
{
    size_t n = row->ncells > ntop ? row->ncells : ntop;
    char **cells = sd_xcalloc(n + 1, sizeof *cells);
    const char *title = NULL; /* the spanning title carried to the right */
    for (size_t c = 0; c < n; c++) {
        const char *t = c < ntop ? top[c] : "", *b = c < row->ncells ? row->cells[c] : "";
        bool t_empty = sd_str_empty(t), b_empty = sd_str_empty(b);
        if (!t_empty) {
            /* a title spans when the next top is empty over an item, or repeats */
            const char *nt = c + 1 < ntop ? top[c + 1] : "",
                       *nb = c + 1 < row->ncells ? row->cells[c + 1] : "";
            bool spans = !b_empty && !sd_is_filler(b) &&
                         ((sd_str_empty(nt) && !sd_str_empty(nb)) || strcmp(nt, t) == 0 ||
                          (title && strcmp(title, t) == 0));
            title = spans ? t : NULL;
        } else if (b_empty) {
            title = NULL;
        }
        if (title && !b_empty && !sd_is_filler(b))
            cells[c] = sd_xasprintf("%s [%s]", title, b);
        else if (!t_empty && (b_empty || sd_is_filler(b) || strcmp(t, b) == 0))
            cells[c] = sd_xstrdup(t);
        else if (!t_empty)
            cells[c] = sd_xasprintf("%s%s", t, b);
        else
            cells[c] = sd_xstrdup(b);
    }
    *count = n;
    return cells;
}

/* Keeps in hs the refused mapping that named the most columns, with its
 * problem and what it made of each column (the same mapping). */
static void sd_keep_best(const sd_templates *t, sd_header_search *hs, const sd_mapping *m, const char *why)
{
    if (m->recognised > hs->best || !hs->why[0]) {
        hs->best = m->recognised;
        snprintf(hs->why, sizeof hs->why, "%s", why);
        free(hs->best_text);
        hs->best_text = sd_mapping_describe(t, m);
    }
}

/* Tries row, then row combined with the row above it (a label merged over
 * two header rows, question numbers below; a survey tool's second row), as
 * the header. Returns SD_OK with *map filled, or SD_ERR_NO_HEADER, keeping
 * in hs the problem of the row that named the most columns. */
static sd_error sd_try_header(const sd_templates *t, const sd_row *row, sd_mapping *map, sd_header_search *hs)
{
    char this_err[2048];
    bool alone = sd_mapping_try(t, row, map, this_err, sizeof this_err) == SD_OK;
    if (!alone) {
        sd_keep_best(t, hs, map, this_err);
        sd_mapping_free(map);
    }
    if (hs->prev && hs->nprev) {
        size_t n;
        char **cells = sd_join_header_rows(hs->prev, hs->nprev, row, &n);
        sd_row two = {.cells = cells, .ncells = n, .row_no = row->row_no};
        char two_err[1024];
        sd_mapping both;
        sd_error rc = sd_mapping_try(t, &two, &both, two_err, sizeof two_err);
        sd_strv_free(cells);
        /* the two rows read together win when they name more (回答日時
         * over both rows of a survey tool's numbered header) */
        if (rc == SD_OK && (!alone || both.recognised > map->recognised)) {
            if (alone)
                sd_mapping_free(map);
            *map = both;
            return SD_OK;
        }
        if (alone) {
            sd_mapping_free(&both);
            return SD_OK;
        }
        *map = both;
        snprintf(this_err, sizeof this_err, "%s（%zu〜%zu 行目を 2 段の見出しとして）", two_err,
                 row->row_no - 1, row->row_no);
        sd_keep_best(t, hs, map, this_err);
        sd_mapping_free(map);
    } else if (alone) {
        return SD_OK;
    }
    return SD_ERR_NO_HEADER;
}

/* Looks for the header among the first rows of the current sheet.
 * Returns SD_OK with *map filled, SD_ERR_NO_HEADER with the likeliest
 * row's problem in hs->why (and what its headers name in the source's
 * columns), or a read error in err. */
static sd_error sd_find_header(sd_source *s, sd_mapping *map, sd_header_search *hs, char *err, size_t errlen)
{
    sd_row row;
    size_t seen_rows = 0;
    sd_error result = SD_ERR_NO_HEADER;
    hs->best = -1;
    hs->why[0] = '\0';
    while (seen_rows < SD_HEADER_SEARCH_ROWS) {
        sd_error rc = sd_sheet_next(s->sheet, &row, err, errlen);
        if (rc == SD_DONE)
            break;
        if (rc) {
            result = rc;
            break;
        }
        if (sd_row_is_blank(&row))
            continue;
        seen_rows++;
        /* a title or an instruction line is never half of a two-row header */
        bool line = sd_filled_cells(&row) < SD_HEADER_MIN_CELLS;
        if (line) {
            sd_strv_free(hs->prev);
            hs->prev = NULL;
            hs->nprev = 0;
        }
        if (sd_try_header(s->t, &row, map, hs) == SD_OK) {
            result = SD_OK;
            break;
        }
        sd_strv_free(hs->prev);
        hs->prev = NULL;
        hs->nprev = 0;
        if (line)
            continue;
        hs->prev = sd_xcalloc(row.ncells + 1, sizeof *hs->prev);
        for (size_t c = 0; c < row.ncells; c++)
            hs->prev[c] = sd_xstrdup(row.cells[c]);
        hs->nprev = row.ncells;
    }
    sd_strv_free(hs->prev);
    hs->prev = NULL;
    if (result == SD_ERR_NO_HEADER && hs->best > 0) {
        free(s->info.columns);
        s->info.columns = hs->best_text;
    } else {
        free(hs->best_text);
    }
    hs->best_text = NULL;
    if (result == SD_ERR_NO_HEADER && !hs->why[0])
        snprintf(hs->why, sizeof hs->why, "データがありません");
    return result;
}

/* Maps the current worksheet: a table whose header is among its first
 * rows, else a per-company form (then *form holds its rows and *is_form
 * is set). Returns SD_OK with *map filled; SD_ERR_NO_HEADER when the sheet
 * maps to nothing, writing why into header_err unless a sheet before
 * already did; or a read error in err. */
static sd_error sd_map_sheet(sd_source *s, sd_mapping *map, sd_form_rows *form, bool *is_form,
                             char *header_err, size_t header_errlen, char *err, size_t errlen)
{
    sd_header_search hs = {0};
    *is_form = false;
    sd_error rc = sd_find_header(s, map, &hs, err, errlen);
    if (rc != SD_ERR_NO_HEADER)
        return rc;
    if ((rc = sd_sheet_rewind(s->sheet, err, errlen)))
        return rc;
    /* labels down a column, a column per company: read as the table it is */
    if ((rc = sd_turned_read(s->t, s->sheet, &s->turned, map, err, errlen)) != SD_ERR_NO_HEADER ||
        (rc = sd_sheet_rewind(s->sheet, err, errlen)))
        return rc;
    char form_why[2048] = "";
    rc = sd_form_read(s->t, s->sheet, form, form_why, sizeof form_why);
    if (rc == SD_OK) {
        if (sd_mapping_from_header(s->t, &form->header, map, form_why, sizeof form_why) == SD_OK) {
            *is_form = true;
            return SD_OK;
        }
        sd_form_rows_free(form);
    } else if (rc != SD_ERR_NO_HEADER) {
        memcpy(err, form_why, errlen < sizeof form_why ? errlen : sizeof form_why);
        err[errlen - 1] = '\0';
        return rc;
    }
    if (!header_err[0]) {
        /* a sheet that is plainly a table is not also "not a form" */
        bool tableish = hs.best >= 3;
        const char *sn = sd_sheet_name(s->sheet);
        snprintf(header_err, header_errlen, "%s%s%s%s%s%s", sn ? "シート「" : "", sn ? sn : "",
                 sn ? "」: " : "", hs.why, form_why[0] && !tableish ? "。" : "", tableish ? "" : form_why);
    }
    return SD_ERR_NO_HEADER;
}

/* Checks one data row and hands it to the sink as a record or a reject.
 * fallback is the period of undated rows (from the sheet's or the file's
 * name), or NULL. */
static sd_error sd_take_row(sd_source *s, const sd_mapping *map, const sd_row *row, const char *fallback,
                            const sd_sink *sink, char *err, size_t errlen)
{
    const char *forced = s->opts.forced_period;
    sd_record rec;
    sd_rejects_clear(&s->rejects);
    /* a 回答日 without its year (10月4日) takes the period's; the file's
     * name must then agree with the sheet's on the year */
    sd_undated u;
    const char *other = !forced && fallback != s->name_period && s->name_period[0] ? s->name_period : NULL;
    sd_monthday md = sd_undated_read(s->t, map, row, forced ? forced : fallback, other, &u);
    /* a row refused for its year needs no second message about its month */
    const char *month = md == SD_MONTHDAY_REFUSED && !fallback ? "2000-01" : fallback;
    bool ok = sd_mapping_read_row(s->t, map, md ? &u.row : row, forced, month, &rec, &s->rejects);
    if (md == SD_MONTHDAY_REFUSED) {
        if (ok)
            sd_record_clear(&rec);
        ok = false;
        sd_undated_reject(s->t, map, row, &u, &s->rejects);
    }
    sd_undated_free(&u);
    if (!ok)
        return sink->reject(sink->ctx, s->rejects.items, s->rejects.n, forced ? forced : fallback, err,
                            errlen);
    sd_error rc = sink->record(sink->ctx, &rec, s->rejects.items, s->rejects.n, err, errlen);
    sd_record_clear(&rec);
    return rc;
}

/* Reads the data rows of a mapped worksheet (form: its one gathered row,
 * or NULL for a table) into the sink. */
static sd_error sd_read_sheet(sd_source *s, const sd_mapping *map, const sd_form_rows *form,
                              const sd_sink *sink, char *err, size_t errlen)
{
    const char *sn = sd_sheet_name(s->sheet);
    if (sn) {
        size_t used = strlen(s->info.sheet);
        snprintf(s->info.sheet + used, sizeof s->info.sheet - used, "%s%s", used ? "」「" : "", sn);
    }
    s->info.is_form = form != NULL;
    free(s->info.columns);
    s->info.columns =
        s->turned.hcells ? sd_turned_describe(s->t, &s->turned, map) : sd_mapping_describe(s->t, map);
    /* a sheet named for its month (2026年10月) gives undated rows
     * their period, before the file name does */
    char sheet_period[8];
    const char *fallback = s->name_period[0] ? s->name_period : NULL;
    if (sn && sd_period_from_name(sn, sheet_period))
        fallback = sheet_period;
    if (form)
        return sd_take_row(s, map, &form->data, fallback, sink, err, errlen);
    sd_row row;
    bool first = !s->turned.hcells; /* a sideways table has no second header row */
    for (size_t k = 0;; k++) {
        sd_error rc = s->turned.hcells ? (k < s->turned.n ? SD_OK : SD_DONE)
                                       : sd_sheet_next(s->sheet, &row, err, errlen);
        if (s->turned.hcells && rc == SD_OK)
            row = s->turned.rows[k]; /* a company's column */
        if (rc == SD_DONE)
            return SD_OK;
        if (rc)
            return rc;
        if (sd_row_is_blank(&row))
            continue;
        /* a survey tool's second header row (回答, 自由回答) under a header
         * that mapped alone is no member */
        bool sub = first && sd_row_is_subheader(&row);
        first = false;
        if (sub)
            continue;
        if (sd_row_is_summary(map, &row)) {
            s->info.rows_summary++;
            continue;
        }
        if ((rc = sd_take_row(s, map, &row, fallback, sink, err, errlen)))
            return rc;
    }
}

/* Every sheet that maps is read (a workbook with a sheet per month),
 * unless --sheet picked one. A sheet that maps to nothing (a cover,
 * notes, a chart) is passed over; only when none maps is the file
 * refused, with the likeliest sheet's reason. */
sd_error sd_source_read(sd_source *s, const sd_sink *sink, char *err, size_t errlen)
{
    sd_mapping map = {0};
    sd_form_rows form = {0};
    char header_err[4096] = "";
    sd_error rc;
    for (;;) {
        bool is_form = false;
        rc = sd_map_sheet(s, &map, &form, &is_form, header_err, sizeof header_err, err, errlen);
        if (rc == SD_OK) {
            s->info.nsheets++;
            rc = sd_read_sheet(s, &map, is_form ? &form : NULL, sink, err, errlen);
            sd_turned_free(&s->turned);
            sd_mapping_free(&map);
            sd_form_rows_free(&form);
            memset(&form, 0, sizeof form);
        }
        if (rc && rc != SD_ERR_NO_HEADER)
            goto cleanup;
        rc = sd_sheet_next_sheet(s->sheet, err, errlen);
        if (rc == SD_DONE)
            break;
        if (rc)
            goto cleanup;
    }
    rc = SD_OK;
    if (s->info.nsheets == 0) {
        sd_rejects_clear(&s->rejects);
        sd_rejects_add(&s->rejects, 0, "見出し行", "",
                       header_err[0] ? header_err : "データがありません（空のファイルです）");
        rc = sink->reject(sink->ctx, s->rejects.items, s->rejects.n, s->opts.forced_period, err, errlen);
    }

cleanup:
    sd_mapping_free(&map);
    sd_form_rows_free(&form);
    return rc;
}
