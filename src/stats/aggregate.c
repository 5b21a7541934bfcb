/* aggregate.c - group figures: n, mean, quartiles, parts, bands, suppression */
#include "stats/aggregate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/db.h"

void sd_stats_table_free(sd_stats_table *t)
{
    if (!t)
        return;
    free(t->groups);
    t->groups = NULL;
    t->n = 0;
}

bool sd_grouping_parse(const char *name, sd_grouping *by)
{
    static const struct {
        const char *name;
        sd_grouping by;
    } names[] = {{"all", SD_BY_ALL},       {"industry", SD_BY_INDUSTRY},
                 {"region", SD_BY_PREFECTURE}, {"prefecture", SD_BY_PREFECTURE},
                 {"municipality", SD_BY_MUNICIPALITY}, {"size", SD_BY_SIZE},
                 {"band", SD_BY_BAND},     {"period", SD_BY_PERIOD},
                 {"industry-prefecture", SD_BY_INDUSTRY_PREFECTURE}, {"cross", SD_BY_INDUSTRY_PREFECTURE}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *by = names[i].by;
            return true;
        }
    return false;
}

static const char *sd_group_key_sql(sd_grouping by)
{
    switch (by) {
    case SD_BY_INDUSTRY_PREFECTURE:
        return "industry || printf('%02d', prefecture)";
    case SD_BY_INDUSTRY:
        return "industry";
    case SD_BY_PREFECTURE:
        return "printf('%02d', prefecture)";
    case SD_BY_MUNICIPALITY:
        return "printf('%02d', prefecture) || coalesce(municipality, '')";
    case SD_BY_SIZE:
        return "size_band";
    case SD_BY_PERIOD:
        return "period";
    case SD_BY_BAND: /* computed in C from the total */
    case SD_BY_ALL:
        break;
    }
    return "''";
}

void sd_group_label(const sd_templates *t, sd_grouping by, const char *key, sd_group_stats *g)
{
    snprintf(g->key, sizeof g->key, "%s", key);
    switch (by) {
    case SD_BY_INDUSTRY: {
        const sd_industry *ind = sd_industry_by_letter(t, key[0]);
        snprintf(g->label, sizeof g->label, "%s", ind ? ind->name : key);
        break;
    }
    case SD_BY_PREFECTURE:
    case SD_BY_MUNICIPALITY: {
        int code = atoi(key);
        const char *pref = code >= 1 && code <= SD_NPREFECTURES ? t->prefectures[code - 1].name : "";
        snprintf(g->label, sizeof g->label, "%s%s", pref, by == SD_BY_MUNICIPALITY ? key + 2 : "");
        if (by == SD_BY_MUNICIPALITY)
            snprintf(g->key, sizeof g->key, "%s", g->label);
        break;
    }
    case SD_BY_SIZE: {
        const sd_size_band *b = sd_size_band_by_id(t, atoi(key));
        snprintf(g->label, sizeof g->label, "%s", b ? b->label : key);
        break;
    }
    case SD_BY_BAND: {
        int i = atoi(key);
        sd_band_name(t, i, g->label, sizeof g->label);
        snprintf(g->key, sizeof g->key, "%d", i + 1);
        break;
    }
    case SD_BY_ALL:
        snprintf(g->label, sizeof g->label, "%s", "全体");
        snprintf(g->key, sizeof g->key, "%s", "all");
        break;
    case SD_BY_PERIOD:
        snprintf(g->label, sizeof g->label, "%s", key);
        break;
    case SD_BY_INDUSTRY_PREFECTURE: {
        const sd_industry *ind = sd_industry_by_letter(t, key[0]);
        int code = atoi(key + 1);
        snprintf(g->label, sizeof g->label, "%s × %s", ind ? ind->name : "?",
                 code >= 1 && code <= SD_NPREFECTURES ? t->prefectures[code - 1].name : "?");
        break;
    }
    }
}

/* Rows of one group gathered while scanning. */
typedef struct {
    int *totals;
    size_t n, cap;
    long part_sum[SD_MAX_PARTS];
    int band_count[SD_MAX_BANDS];
    int sa_count[3];
    int sa_known;
    int ready_undeclared;
    sd_member_set members;
} sd_acc;

static void sd_acc_add(sd_acc *a, const sd_templates *t, sqlite3_stmt *st)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->totals = sd_xrealloc(a->totals, a->cap * sizeof *a->totals);
    }
    int total = sqlite3_column_int(st, 1);
    a->totals[a->n++] = total;
    for (int p = 0; p < t->nparts; p++)
        a->part_sum[p] += sqlite3_column_int(st, 2 + p);
    int b = sd_band_index(t, total);
    if (b >= 0)
        a->band_count[b]++;
    /* a declaration that is not known counts in no SECURITY ACTION share */
    int sa = sqlite3_column_int(st, 5);
    bool known = sqlite3_column_int(st, 7) != 0;
    if (known && sa >= 0 && sa <= 2) {
        a->sa_count[sa]++;
        a->sa_known++;
    }
    if (known && sa == 0 && sqlite3_column_int(st, 6))
        a->ready_undeclared++;
    /* the response and what it adds to the figures: an answer replaced
     * under a reused id still makes another set */
    long long el[8] = {sqlite3_column_int64(st, 8), total};
    for (int i = 2; i < 8; i++)
        el[i] = sqlite3_column_int64(st, i);
    sd_member_set_add(&a->members, el, 8);
}

static int sd_int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void sd_acc_finish(sd_acc *a, const sd_templates *t, sd_group_stats *g)
{
    size_t n = a->n;
    g->n = (int)n;
    g->members = a->members;
    if (n == 0)
        return;
    qsort(a->totals, n, sizeof *a->totals, sd_int_cmp);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += a->totals[i];
    g->mean = sum / (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (a->totals[i] - g->mean) * (a->totals[i] - g->mean);
    g->sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
    g->min = a->totals[0];
    g->max = a->totals[n - 1];
    g->median = sd_quantile(a->totals, n, 0.5);
    g->q1 = sd_quantile(a->totals, n, 0.25);
    g->q3 = sd_quantile(a->totals, n, 0.75);
    for (int p = 0; p < t->nparts; p++) {
        g->part_mean[p] = (double)a->part_sum[p] / (double)n;
        g->part_share[p] = g->part_mean[p] / t->parts[p].max_points;
    }
    for (int b = 0; b < t->nbands; b++)
        g->band_share[b] = (double)a->band_count[b] / (double)n;
    g->sa_known = a->sa_known;
    for (int s = 0; s < 3; s++)
        g->sa_share[s] = a->sa_known ? (double)a->sa_count[s] / (double)a->sa_known : 0;
    g->ready_undeclared = a->ready_undeclared;
    g->ready_undeclared_share = a->sa_known ? (double)a->ready_undeclared / (double)a->sa_known : 0;
}

sd_error sd_stats_groups(sqlite3 *db, const sd_templates *t, const char *period, sd_grouping by,
                         sd_stats_table *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    /* ordered by the key only: each group's totals are sorted in
     * sd_acc_finish, and by period the index gives the order unsorted */
    char *sql = sd_xasprintf("SELECT %s, total, " SD_DB_PARTS("") ", sa_level, basics_done, sa_known, id FROM response"
                             " WHERE %s ORDER BY 1",
                             sd_group_key_sql(by), by == SD_BY_PERIOD ? "period <= ?1" : "period = ?1");
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, sql, &st, err, errlen);
    free(sql);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);

    /* Band groups come from totals, so gather per band index instead of
     * relying on the SQL order. */
    size_t nacc = by == SD_BY_BAND ? (size_t)t->nbands : 0, capacc = nacc;
    sd_acc *acc = nacc ? sd_xcalloc(nacc, sizeof *acc) : NULL;
    char (*keys)[160] = nacc ? sd_xcalloc(nacc, sizeof *keys) : NULL;
    for (size_t i = 0; i < nacc; i++)
        snprintf(keys[i], sizeof keys[i], "%zu", i);

    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        size_t idx;
        if (by == SD_BY_BAND) {
            int b = sd_band_index(t, sqlite3_column_int(st, 1));
            if (b < 0)
                continue;
            idx = (size_t)b;
        } else {
            const char *key = (const char *)sqlite3_column_text(st, 0);
            key = key ? key : "";
            if (nacc == 0 || strcmp(keys[nacc - 1], key) != 0) {
                if (nacc == capacc) {
                    capacc = capacc ? capacc * 2 : 16;
                    acc = sd_xrealloc(acc, capacc * sizeof *acc);
                    keys = sd_xrealloc(keys, capacc * sizeof *keys);
                }
                memset(&acc[nacc], 0, sizeof *acc);
                snprintf(keys[nacc], sizeof keys[nacc], "%s", key);
                nacc++;
            }
            idx = nacc - 1;
        }
        sd_acc_add(&acc[idx], t, st);
    }
    if (r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);

    if (!rc) {
        out->groups = sd_xcalloc(nacc ? nacc : 1, sizeof *out->groups);
        out->n = nacc;
        for (size_t i = 0; i < nacc; i++) {
            sd_group_label(t, by, keys[i], &out->groups[i]);
            sd_acc_finish(&acc[i], t, &out->groups[i]);
        }
    }
    for (size_t i = 0; i < nacc; i++)
        free(acc[i].totals);
    free(acc);
    free(keys);
    return rc;
}

sd_error sd_stats_questions(sqlite3 *db, const sd_templates *t, const char *period, sd_question_stats *out,
                            char *err, size_t errlen)
{
    memset(out, 0, (size_t)(SD_NINDUSTRIES + 1) * SD_MAX_QUESTIONS * sizeof *out);
    /* one pass over the period's answers for all members and every
     * industry, counted here (a pass per industry read every answer 21
     * times; GROUP BY sorted them all in a temporary b-tree) */
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db,
                                "SELECT r.industry, a.question, a.choice FROM response r"
                                " CROSS JOIN answer a ON a.response_id = r.id WHERE r.period = ?1",
                                &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    int (*c)[SD_MAX_QUESTIONS][SD_NCHOICES] = sd_xcalloc(SD_NINDUSTRIES + 1, sizeof *c);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *ind = (const char *)sqlite3_column_text(st, 0);
        int q = sqlite3_column_int(st, 1), ch = sqlite3_column_int(st, 2);
        if (q < 1 || q > t->nquestions || ch < 0 || ch >= SD_NCHOICES)
            continue;
        c[0][q - 1][ch]++;
        if (ind && ind[0] >= 'A' && ind[0] < 'A' + SD_NINDUSTRIES && !ind[1])
            c[ind[0] - 'A' + 1][q - 1][ch]++;
    }
    if (r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    for (int g = 0; g <= SD_NINDUSTRIES && !rc; g++) {
        sd_question_stats *o = out + (size_t)g * SD_MAX_QUESTIONS;
        for (int q = 0; q < t->nquestions; q++) {
            int n = 0;
            for (int k = 0; k < SD_NCHOICES; k++)
                n += c[g][q][k];
            o[q].n = n;
            for (int k = 0; k < SD_NCHOICES && n; k++)
                o[q].share[k] = (double)c[g][q][k] / n;
            o[q].rate = o[q].share[SD_CHOICE_DONE] + o[q].share[SD_CHOICE_PARTIAL];
        }
    }
    free(c);
    return rc;
}

/* Appends x; the capacity is 64, then doubles each time n reaches a power
 * of two, so it need not be stored. */
static void sd_ints_push(int **v, size_t *n, int x)
{
    if (*n == 0 || (*n >= 64 && (*n & (*n - 1)) == 0))
        *v = sd_xrealloc(*v, (*n ? 2 * *n : 64) * sizeof **v);
    (*v)[(*n)++] = x;
}

sd_error sd_totals_load(sqlite3 *db, const char *period, sd_totals *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, "SELECT industry, total FROM response WHERE period = ?1 ORDER BY total", &st,
                                err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *ind = sqlite3_column_text(st, 0);
        int total = sqlite3_column_int(st, 1);
        sd_ints_push(&out->all, &out->nall, total);
        int k = ind ? ind[0] - 'A' : -1;
        if (k >= 0 && k < SD_NINDUSTRIES)
            sd_ints_push(&out->industry[k], &out->nindustry[k], total);
    }
    if (r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    if (rc)
        sd_totals_free(out);
    return rc;
}

void sd_totals_free(sd_totals *t)
{
    free(t->all);
    for (int k = 0; k < SD_NINDUSTRIES; k++)
        free(t->industry[k]);
    memset(t, 0, sizeof *t);
}

sd_error sd_stats_companies(sqlite3 *db, const char *period, sd_company_stats **out, size_t *n, char *err,
                            size_t errlen)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db,
                                "SELECT c.member_no, r.name, r.industry, r.prefecture, r.total,"
                                " p.period, p.total FROM response r JOIN company c ON c.id = r.company_id"
                                " LEFT JOIN response p ON p.company_id = r.company_id AND p.period ="
                                "  (SELECT max(period) FROM response q WHERE q.company_id = r.company_id"
                                "   AND q.period < r.period)"
                                " WHERE r.period = ?1 ORDER BY c.member_no",
                                &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    size_t cap = 0, count = 0;
    sd_company_stats *v = NULL;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? 2 * cap : 256;
            v = sd_xrealloc(v, cap * sizeof *v);
        }
        sd_company_stats *c = &v[count++];
        memset(c, 0, sizeof *c);
        snprintf(c->member_no, sizeof c->member_no, "%s", (const char *)sqlite3_column_text(st, 0));
        c->name = sd_xstrdup((const char *)sqlite3_column_text(st, 1));
        c->industry = (char)sqlite3_column_text(st, 2)[0];
        c->prefecture = sqlite3_column_int(st, 3);
        c->total = sqlite3_column_int(st, 4);
        if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
            c->has_prev = true;
            snprintf(c->prev_period, sizeof c->prev_period, "%s", (const char *)sqlite3_column_text(st, 5));
            c->prev_total = sqlite3_column_int(st, 6);
        }
    }
    if (r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    if (rc) {
        sd_company_stats_free(v, count);
        return rc;
    }
    sd_totals tot;
    if ((rc = sd_totals_load(db, period, &tot, err, errlen))) {
        sd_company_stats_free(v, count);
        return rc;
    }
    for (size_t i = 0; i < count; i++) {
        int k = v[i].industry - 'A';
        v[i].pct_all = sd_percentile_rank(tot.all, tot.nall, v[i].total);
        v[i].pct_industry = k >= 0 && k < SD_NINDUSTRIES && tot.nindustry[k]
                                ? sd_percentile_rank(tot.industry[k], tot.nindustry[k], v[i].total)
                                : 0;
    }
    sd_totals_free(&tot);
    *out = v;
    *n = count;
    return SD_OK;
}

void sd_company_stats_free(sd_company_stats *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].name);
    free(v);
}

void sd_band_name(const sd_templates *t, int b, char *out, size_t len)
{
    const sd_band *band = &t->bands[b];
    if (band->min == band->max)
        snprintf(out, len, "%s（%d点）", band->label, band->min);
    else if (band->min <= sd_min_total(t))
        snprintf(out, len, "%s（%d点以下）", band->label, band->max);
    else if (band->max >= sd_max_total(t))
        snprintf(out, len, "%s（%d点以上）", band->label, band->min);
    else
        snprintf(out, len, "%s（%d〜%d点）", band->label, band->min, band->max);
}
