/* import.c - one input file through the pipeline: source → load, or the
 * source alone for check */
#include "batch/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ingest/mapping.h"
#include "ingest/source.h"
#include "store/load.h"

void sd_import_result_free(sd_import_result *r)
{
    if (!r)
        return;
    sd_rejects_free(&r->rejects);
    free(r->columns);
    r->columns = NULL;
}

/* The sink's state: the result being counted, and where records go
 * (NULL: checked only). */
typedef struct {
    const sd_templates *t;
    sd_loader *loader; /* borrowed, or NULL */
    sd_import_result *res;
} sd_import_sink;

static void sd_touch(sd_import_result *res, const char *period)
{
    for (int i = 0; i < res->ntouched; i++)
        if (strcmp(res->touched[i], period) == 0)
            return;
    if (res->ntouched < SD_MAX_TOUCHED)
        memcpy(res->touched[res->ntouched++], period, 8);
}

/* A row not taken: listed, and stored when importing. */
static sd_error sd_sink_reject(void *ctx, const sd_reject *why, size_t n, const char *period, char *err,
                               size_t errlen)
{
    sd_import_sink *k = ctx;
    size_t before = k->res->rejects.n;
    for (size_t i = 0; i < n; i++)
        sd_rejects_copy(&k->res->rejects, &why[i]);
    k->res->rows_rejected++;
    if (!k->loader)
        return SD_OK;
    return sd_load_reject(k->loader, k->res->rejects.items + before, n, period, err, errlen);
}

/* A row taken: stored when importing; a stale one (a later answer for the
 * same member and month is stored) becomes a reject. */
static sd_error sd_sink_record(void *ctx, const sd_record *rec, const sd_reject *warnings, size_t n,
                               char *err, size_t errlen)
{
    sd_import_sink *k = ctx;
    sd_import_result *res = k->res;
    size_t before = res->rejects.n;
    for (size_t i = 0; i < n; i++)
        sd_rejects_copy(&res->rejects, &warnings[i]);
    sd_load_outcome outcome = SD_LOAD_NEW;
    if (k->loader) {
        const sd_reject *copied = n ? res->rejects.items + before : NULL; /* items is NULL while none is kept */
        sd_error rc = sd_load_put(k->loader, rec, copied, n, &outcome, err, errlen);
        if (rc)
            return rc;
    }
    if (outcome == SD_LOAD_STALE) {
        char why[200];
        snprintf(why, sizeof why,
                 "%s の回答は、回答日が新しい別の回答（同じ会員・同じ月）が既にあるため使いません",
                 rec->answered_on);
        sd_rejects_add(&res->rejects, rec->row, k->t->columns[SD_FIELD_ANSWERED_ON].label, rec->answered_on,
                       why);
        sd_rejects_name_member(&res->rejects, res->rejects.n - 1, rec->member_no, rec->name);
        res->rows_rejected++;
        return sd_load_reject(k->loader, res->rejects.items + before, res->rejects.n - before, rec->period,
                              err, errlen);
    }
    res->rows_ok++;
    res->rows_replaced += outcome == SD_LOAD_REPLACED;
    res->warnings += n;
    sd_touch(res, rec->period);
    return SD_OK;
}

/* What the source found, into res. */
static void sd_result_from_source(sd_import_result *res, const sd_source_info *info)
{
    memcpy(res->sha256, info->sha256, sizeof res->sha256);
    res->format = info->format;
    memcpy(res->sheet, info->sheet, sizeof res->sheet);
    res->nsheets = info->nsheets;
    res->is_form = info->is_form;
    res->rows_summary = info->rows_summary;
    free(res->columns);
    res->columns = info->columns ? sd_xstrdup(info->columns) : NULL;
}

static sd_source_opts sd_source_opts_of(const sd_import_opts *opts)
{
    return (sd_source_opts){
        .forced_period = opts->forced_period, .encoding = opts->encoding, .sheet = opts->sheet};
}

sd_error sd_check_file(const sd_templates *t, const char *path, const sd_import_opts *opts,
                       sd_import_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    sd_source *src = NULL;
    sd_source_opts so = sd_source_opts_of(opts);
    sd_error rc = sd_source_open(t, path, &so, &src, err, errlen);
    if (rc)
        return rc;
    sd_import_sink k = {.t = t, .loader = NULL, .res = res};
    sd_sink sink = {.record = sd_sink_record, .reject = sd_sink_reject, .ctx = &k};
    rc = sd_source_read(src, &sink, err, errlen);
    sd_result_from_source(res, sd_source_info_get(src));
    if (!rc)
        res->status = SD_IMPORT_CHECKED;
    sd_source_free(src);
    return rc;
}

sd_error sd_import_file(sqlite3 *db, const sd_templates *t, const char *path, const sd_import_opts *opts,
                        sd_import_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    sd_source *src = NULL;
    sd_loader *loader = NULL;
    sd_source_opts so = sd_source_opts_of(opts);
    sd_error rc = sd_source_open(t, path, &so, &src, err, errlen);
    if (rc)
        return rc;
    sd_result_from_source(res, sd_source_info_get(src));
    if ((rc = sd_load_begin(db, t, path, res->sha256, res->format, &loader, err, errlen)))
        goto cleanup;
    if (!loader) {
        res->status = SD_IMPORT_DUPLICATE;
        goto cleanup;
    }
    sd_import_sink k = {.t = t, .loader = loader, .res = res};
    sd_sink sink = {.record = sd_sink_record, .reject = sd_sink_reject, .ctx = &k};
    rc = sd_source_read(src, &sink, err, errlen);
    sd_result_from_source(res, sd_source_info_get(src));
    if (rc)
        goto cleanup;
    if (opts->strict && res->rows_rejected > 0) {
        rc = sd_fail(err, errlen, SD_ERR_REJECTED,
                     "%zu 行を取り込めないため、このファイルは取り込みませんでした", res->rows_rejected);
        goto cleanup;
    }
    rc = sd_load_commit(loader, err, errlen);
    loader = NULL; /* committed or rolled back: freed either way */
    if (!rc)
        res->status = SD_IMPORT_STORED;

cleanup:
    sd_load_abort(loader);
    if (rc && rc != SD_ERR_REJECTED) {
        res->rows_ok = res->rows_replaced = 0;
        res->ntouched = 0;
    }
    sd_source_free(src);
    return rc;
}
