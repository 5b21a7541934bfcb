/* period.c - load the figures a period's documents share */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "render/reports.h"
#include "store/db.h"

void sd_period_label(const char *period, char out[32])
{
    int y = 0, m = 0;
    if (sscanf(period, "%4d-%2d", &y, &m) == 2)
        snprintf(out, 32, "%d年%d月", y, m);
    else
        snprintf(out, 32, "%s", period);
}

sd_error sd_period_ctx_load(sqlite3 *db, const sd_templates *t, const char *period, sd_period_ctx *ctx,
                            char *err, size_t errlen)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->db = db;
    ctx->t = t;
    snprintf(ctx->period, sizeof ctx->period, "%s", period);
    sd_stats_table all = {0};
    sd_error rc;
    if ((rc = sd_stats_groups(db, t, period, SD_BY_ALL, false, &all, err, errlen)))
        return rc;
    if (all.n == 0 || all.groups[0].n == 0) {
        sd_stats_table_free(&all);
        return sd_fail(err, errlen, SD_ERR_NO_DATA, "%s の回答がありません", period);
    }
    ctx->all = all.groups[0];
    sd_stats_table_free(&all);
    if ((rc = sd_stats_groups(db, t, period, SD_BY_INDUSTRY, false, &ctx->by_industry, err, errlen)) ||
        (rc = sd_stats_groups(db, t, period, SD_BY_PREFECTURE, false, &ctx->by_prefecture, err, errlen)) ||
        (rc = sd_stats_questions(db, t, period, 0, false, ctx->q_all, err, errlen)))
        goto fail;
    for (int i = 0; i < SD_NINDUSTRIES; i++)
        if ((rc = sd_stats_questions(db, t, period, (char)('A' + i), false, ctx->q_industry[i], err, errlen)))
            goto fail;
    if ((rc = sd_totals_load(db, period, &ctx->totals, err, errlen)))
        goto fail;
    return SD_OK;
fail:
    sd_period_ctx_free(ctx);
    return rc;
}

void sd_period_ctx_free(sd_period_ctx *ctx)
{
    if (!ctx)
        return;
    sd_stats_table_free(&ctx->by_industry);
    sd_stats_table_free(&ctx->by_prefecture);
    sd_totals_free(&ctx->totals);
}

void sd_company_answer_clear(sd_company_answer *c)
{
    free(c->name);
    free(c->municipality);
    memset(c, 0, sizeof *c);
}

sd_error sd_period_members(sqlite3 *db, const char *period, const char *only, char ***out, size_t *n, char *err,
                           size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db,
                                "SELECT c.member_no FROM response r JOIN company c ON c.id = r.company_id"
                                " WHERE r.period = ?1 AND (?2 IS NULL OR c.member_no = ?2) ORDER BY c.member_no",
                                &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    if (only)
        sqlite3_bind_text(st, 2, only, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 2);
    size_t cap = 64, count = 0;
    char **v = sd_xcalloc(cap, sizeof *v);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (count + 2 > cap) {
            cap *= 2;
            v = sd_xrealloc(v, cap * sizeof *v);
        }
        v[count++] = sd_xstrdup((const char *)sqlite3_column_text(st, 0));
        v[count] = NULL;
    }
    if (r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    if (!rc && only && count == 0)
        rc = sd_fail(err, errlen, SD_ERR_NO_DATA, "会員番号 %s の %s の回答はありません", only, period);
    if (rc) {
        sd_strv_free(v);
        return rc;
    }
    *out = v;
    *n = count;
    return SD_OK;
}

sd_error sd_company_answer_load(sqlite3 *db, const sd_templates *t, const char *period, const char *member_no,
                                sd_company_answer *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db,
                                "SELECT r.id, r.name, r.industry, r.prefecture, r.municipality, r.size_band,"
                                " r.sa_level, r.total, r.part1, r.part2, r.part3, r.company_id"
                                " FROM response r JOIN company c ON c.id = r.company_id"
                                " WHERE c.member_no = ?1 AND r.period = ?2",
                                &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, member_no, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sd_fail(err, errlen, SD_ERR_NO_DATA, "会員番号 %s の %s の回答がありません", member_no, period);
    }
    sqlite3_int64 rid = sqlite3_column_int64(st, 0);
    sqlite3_int64 cid = sqlite3_column_int64(st, 11);
    snprintf(out->member_no, sizeof out->member_no, "%s", member_no);
    out->name = sd_xstrdup((const char *)sqlite3_column_text(st, 1));
    out->industry = ((const char *)sqlite3_column_text(st, 2))[0];
    out->prefecture = sqlite3_column_int(st, 3);
    if (sqlite3_column_type(st, 4) != SQLITE_NULL)
        out->municipality = sd_xstrdup((const char *)sqlite3_column_text(st, 4));
    out->size_band = sqlite3_column_int(st, 5);
    out->sa_level = sqlite3_column_int(st, 6);
    out->total = sqlite3_column_int(st, 7);
    for (int p = 0; p < 3; p++)
        out->parts[p] = sqlite3_column_int(st, 8 + p);
    sqlite3_finalize(st);

    if ((rc = sd_db_prepare(db, "SELECT question, choice FROM answer WHERE response_id = ?1", &st, err, errlen)))
        goto fail;
    sqlite3_bind_int64(st, 1, rid);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int q = sqlite3_column_int(st, 0);
        if (q >= 1 && q <= t->nquestions)
            out->answers[q - 1] = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);

    if ((rc = sd_db_prepare(db,
                            "SELECT period, total, part1, part2, part3 FROM response"
                            " WHERE company_id = ?1 AND period < ?2 ORDER BY period DESC LIMIT 1",
                            &st, err, errlen)))
        goto fail;
    sqlite3_bind_int64(st, 1, cid);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->has_prev = true;
        snprintf(out->prev_period, sizeof out->prev_period, "%s", (const char *)sqlite3_column_text(st, 0));
        out->prev_total = sqlite3_column_int(st, 1);
        for (int p = 0; p < 3; p++)
            out->prev_parts[p] = sqlite3_column_int(st, 2 + p);
    }
    sqlite3_finalize(st);
    return SD_OK;
fail:
    sd_company_answer_clear(out);
    return rc;
}
