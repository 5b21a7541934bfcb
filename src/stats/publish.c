/* publish.c - the privacy rule and the published view every output draws */
#include "stats/publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/db.h"
#include "store/ledger.h"
#include "store/seminar.h"

struct sd_pub_private {
    sd_totals totals; /* every total of the period, for members' own ranks */
};

/* ---- the rule ---- */

/* Hides the smallest group of a line that is still shown and was not
 * published before over the same members (hiding that one would not hide
 * it: the earlier release shows it); returns whether one was. */
static bool sd_hide_smallest(sd_group_stats **line, size_t n)
{
    sd_group_stats *smallest = NULL;
    for (size_t i = 0; i < n; i++)
        if (!line[i]->suppressed && !line[i]->pinned && (!smallest || line[i]->n < smallest->n))
            smallest = line[i];
    if (!smallest)
        return false;
    smallest->suppressed = true;
    return true;
}

/* Within one line whose whole is published: exactly one hidden part could
 * be found by subtraction, so a second is hidden. Returns whether it
 * changed anything; *stuck is set when no second part may be hidden. */
static bool sd_complement(sd_group_stats **line, size_t n, bool *stuck)
{
    size_t hidden = 0;
    for (size_t i = 0; i < n; i++)
        hidden += line[i]->suppressed;
    if (hidden != 1)
        return false;
    if (sd_hide_smallest(line, n))
        return true;
    /* stuck only when a part is still shown (a pinned one); with none,
     * the lone part is hidden with its whole as before */
    for (size_t i = 0; i < n; i++)
        if (!line[i]->suppressed)
            *stuck = true;
    return false;
}

bool sd_suppress_line(sd_group_stats *groups, size_t n, int k)
{
    sd_group_stats **line = sd_xcalloc(n ? n : 1, sizeof *line);
    bool stuck = false;
    for (size_t i = 0; i < n; i++) {
        groups[i].suppressed = groups[i].suppressed || groups[i].n < k;
        line[i] = &groups[i];
    }
    sd_complement(line, n, &stuck);
    free(line);
    return !stuck;
}

static const sd_group_stats *sd_raw_find(const sd_stats_table *tab, const char *key, size_t keylen)
{
    for (size_t i = 0; i < tab->n; i++)
        if (strlen(tab->groups[i].key) == keylen && strncmp(tab->groups[i].key, key, keylen) == 0)
            return &tab->groups[i];
    return NULL;
}

/* Cells whose industry (first character of the key) or prefecture (the
 * two digits after it) is hidden are hidden; then every row and column
 * with exactly one hidden cell hides another, until none has. */
bool sd_suppress_cross(sd_stats_table *tab, int k, const sd_stats_table *industry,
                       const sd_stats_table *prefecture)
{
    bool stuck = false;
    for (size_t i = 0; i < tab->n; i++) {
        sd_group_stats *g = &tab->groups[i];
        const sd_group_stats *gi = sd_raw_find(industry, g->key, 1);
        const sd_group_stats *gp = sd_raw_find(prefecture, g->key + 1, strlen(g->key + 1));
        g->suppressed = g->suppressed || g->n < k || !gi || gi->suppressed || !gp || gp->suppressed;
    }
    sd_group_stats **line = sd_xcalloc(tab->n ? tab->n : 1, sizeof *line);
    bool changed = true;
    while (changed) {
        changed = false;
        for (int axis = 0; axis < 2; axis++)
            for (size_t i = 0; i < tab->n; i++) {
                const char *ki = tab->groups[i].key;
                size_t n = 0;
                for (size_t j = 0; j < tab->n; j++) {
                    const char *kj = tab->groups[j].key;
                    if (axis == 0 ? ki[0] == kj[0] : strcmp(ki + 1, kj + 1) == 0)
                        line[n++] = &tab->groups[j];
                }
                changed |= sd_complement(line, n, &stuck);
            }
    }
    free(line);
    return !stuck;
}

/* Children (municipalities) belong to the parent (prefecture) whose label
 * starts their key. A hidden parent hides its children; within a shown
 * parent, the line rule applies. */
bool sd_suppress_nested(sd_stats_table *tab, int k, const sd_stats_table *parent)
{
    bool stuck = false;
    sd_group_stats **line = sd_xcalloc(tab->n ? tab->n : 1, sizeof *line);
    for (size_t i = 0; i < tab->n; i++)
        tab->groups[i].suppressed = tab->groups[i].suppressed || tab->groups[i].n < k;
    for (size_t p = 0; p < parent->n; p++) {
        const sd_group_stats *pg = &parent->groups[p];
        size_t plen = strlen(pg->label), n = 0;
        for (size_t i = 0; i < tab->n; i++)
            if (strncmp(tab->groups[i].key, pg->label, plen) == 0)
                line[n++] = &tab->groups[i];
        if (pg->suppressed)
            for (size_t i = 0; i < n; i++)
                line[i]->suppressed = true;
        else
            sd_complement(line, n, &stuck);
    }
    free(line);
    return !stuck;
}

/* ---- the view ---- */

/* Copies what may be published of g. A suppressed group keeps its key
 * and label only (a score band keeps its count: the band distribution of
 * all members is published as a whole). Order statistics only from
 * SD_ORDER_MIN(k) responses, SECURITY ACTION shares only over k known
 * declarations (rule k of 0: the unsuppressed view, everything). */
static void sd_pub_copy(const sd_group_stats *g, bool suppressed, bool keep_n, int k, sd_pub_group *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->key, sizeof p->key, "%s", g->key);
    snprintf(p->label, sizeof p->label, "%s", g->label);
    p->suppressed = suppressed;
    p->near_release = suppressed && g->near_release;
    p->members = g->members;
    if (suppressed) {
        if (keep_n)
            p->n = g->n;
        return;
    }
    p->n = g->n;
    p->mean = g->mean;
    p->median = g->median;
    p->q1 = g->q1;
    p->q3 = g->q3;
    p->sd = g->sd;
    memcpy(p->part_mean, g->part_mean, sizeof p->part_mean);
    memcpy(p->part_share, g->part_share, sizeof p->part_share);
    memcpy(p->band_share, g->band_share, sizeof p->band_share);
    p->sa_known = g->sa_known;
    memcpy(p->sa_share, g->sa_share, sizeof p->sa_share);
    p->ready_undeclared = g->ready_undeclared;
    p->ready_undeclared_share = g->ready_undeclared_share;
    if (g->n < SD_ORDER_MIN(k)) {
        p->order_hidden = true;
        p->median = p->q1 = p->q3 = p->sd = 0;
        /* a small group's shares: 100 % of six in one band, or every
         * point of a part, tells each member's band or answers; 0 %
         * tells who lacks them */
        p->shares_hidden = true;
        memset(p->part_mean, 0, sizeof p->part_mean);
        memset(p->part_share, 0, sizeof p->part_share);
        memset(p->band_share, 0, sizeof p->band_share);
    }
    if (g->sa_known < SD_ORDER_MIN(k)) {
        /* ★ 100% of one known declaration is that member's, and of six
         * it is each of the six's */
        p->sa_known = 0;
        memset(p->sa_share, 0, sizeof p->sa_share);
        p->ready_undeclared = 0;
        p->ready_undeclared_share = 0;
    }
}

static void sd_pub_table_from(const sd_stats_table *raw, sd_grouping by, bool all_hidden, sd_view_kind kind,
                              int k, sd_pub_table *out)
{
    out->n = raw->n;
    out->groups = sd_xcalloc(raw->n ? raw->n : 1, sizeof *out->groups);
    if (kind == SD_VIEW_DETAILS || kind == SD_VIEW_UNSUPPRESSED)
        out->extremes = sd_xcalloc(raw->n ? raw->n : 1, sizeof *out->extremes);
    for (size_t i = 0; i < raw->n; i++) {
        const sd_group_stats *g = &raw->groups[i];
        bool hidden = kind != SD_VIEW_UNSUPPRESSED && g->suppressed;
        sd_pub_copy(g, hidden, by == SD_BY_BAND && !all_hidden, k, &out->groups[i]);
        if (out->extremes && !hidden) {
            out->extremes[i][0] = g->min;
            out->extremes[i][1] = g->max;
        }
    }
}

static void sd_pub_table_free(sd_pub_table *t)
{
    free(t->groups);
    free(t->extremes);
    memset(t, 0, sizeof *t);
}

void sd_published_free(sd_published *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < sizeof p->by / sizeof p->by[0]; i++)
        sd_pub_table_free(&p->by[i]);
    if (p->priv) {
        sd_totals_free(&p->priv->totals);
        free(p->priv);
    }
    memset(p, 0, sizeof *p);
}

const sd_pub_table *sd_published_table(const sd_published *p, sd_grouping by)
{
    return by >= SD_BY_ALL && by <= SD_BY_INDUSTRY_PREFECTURE ? &p->by[by] : NULL;
}

const sd_pub_group *sd_pub_find(const sd_pub_table *tab, const char *key)
{
    for (size_t i = 0; tab && i < tab->n; i++)
        if (strcmp(tab->groups[i].key, key) == 0)
            return &tab->groups[i];
    return NULL;
}

/* A group's question figures as published: all of them, or (k > 0 and
 * the group under SD_BOUND_BELOW(k)) the rate only, as a bound near 0 %
 * and 100 % (rules/bound.h). */
static void sd_pub_questions(const sd_question_stats *raw, int nq, bool hidden, int k, sd_pub_question *out)
{
    for (int q = 0; q < nq; q++) {
        memset(&out[q], 0, sizeof out[q]);
        out[q].suppressed = hidden;
        if (hidden)
            continue;
        out[q].n = raw[q].n;
        memcpy(out[q].share, raw[q].share, sizeof out[q].share);
        out[q].rate = raw[q].rate;
        if (k > 0 && raw[q].n < SD_BOUND_BELOW(k)) {
            out[q].shares_hidden = true;
            memset(out[q].share, 0, sizeof out[q].share);
            long long count = (long long)(raw[q].rate * raw[q].n + 0.5); /* a whole count */
            out[q].rate_bound = sd_share_bound_of(count, raw[q].n, k);
            if (out[q].rate_bound.kind != SD_SHARE_EXACT)
                out[q].rate = sd_share_bound_value(out[q].rate_bound);
        }
    }
}

/* Question shares add up over industries to all members': on each
 * question, the industries whose rate is hidden or only a bound together
 * are all members' count minus the exact ones'. A lone such industry
 * would be given exactly, and several together under SD_BOUND_BELOW(k)
 * members are a small group whose 0 % or 100 % is each of their members'
 * answer. So, question by question, the smallest industry exact on it is
 * hidden with them (no question figure at all) until they are at least
 * two with SD_BOUND_BELOW(k) members together, or none is exact. Only
 * where all members' shares are exact. */
static void sd_question_complement(sd_published *out, const sd_stats_table *industries, int nq, int k)
{
    if (out->q_all[0].suppressed || out->q_all[0].shares_hidden)
        return;
    for (int q = 0; q < nq; q++) {
        for (;;) {
            int inexact = 0, smallest = -1, smallest_n = 0;
            long long together = 0;
            for (size_t g = 0; g < industries->n; g++) {
                const sd_group_stats *ig = &industries->groups[g];
                int i = ig->key[0] - 'A';
                if (ig->n == 0 || i < 0 || i >= SD_NINDUSTRIES)
                    continue;
                const sd_pub_question *qi = &out->q_industry[i][q];
                if (qi->suppressed || qi->rate_bound.kind != SD_SHARE_EXACT) {
                    inexact++;
                    together += ig->n;
                } else if (smallest < 0 || ig->n < smallest_n) {
                    smallest = i;
                    smallest_n = ig->n;
                }
            }
            if (smallest < 0 || inexact == 0 || (inexact >= 2 && together >= SD_BOUND_BELOW(k)))
                break;
            for (int j = 0; j < SD_MAX_QUESTIONS; j++) {
                memset(&out->q_industry[smallest][j], 0, sizeof out->q_industry[smallest][j]);
                out->q_industry[smallest][j].suppressed = true;
            }
        }
    }
}

/* ---- hidden and empty alike ---- */

static int sd_size_key_cmp(const void *a, const void *b)
{
    return atoi(((const sd_group_stats *)a)->key) - atoi(((const sd_group_stats *)b)->key);
}

static int sd_key_cmp(const void *a, const void *b)
{
    return strcmp(((const sd_group_stats *)a)->key, ((const sd_group_stats *)b)->key);
}

/* Lists every value of a fixed classification (industries A-T, the 47
 * prefectures, the size bands) in raw, those without members as hidden
 * groups of no members: a hidden group listed where an empty one is not
 * would say it has members. Called after the rule, so an empty group
 * never counts as a hidden part of a line. */
static void sd_list_every_value(const sd_templates *t, sd_grouping by, sd_stats_table *raw)
{
    int nvalues = by == SD_BY_INDUSTRY ? SD_NINDUSTRIES : by == SD_BY_PREFECTURE ? SD_NPREFECTURES : t->nsize_bands;
    raw->groups = sd_xrealloc(raw->groups, ((size_t)nvalues + raw->n + 1) * sizeof *raw->groups);
    size_t n0 = raw->n;
    for (int v = 0; v < nvalues; v++) {
        char key[16];
        if (by == SD_BY_INDUSTRY)
            snprintf(key, sizeof key, "%c", 'A' + v);
        else if (by == SD_BY_PREFECTURE)
            snprintf(key, sizeof key, "%02d", v + 1);
        else
            snprintf(key, sizeof key, "%d", v + 1);
        bool have = false;
        for (size_t i = 0; i < n0 && !have; i++)
            have = strcmp(raw->groups[i].key, key) == 0;
        if (have)
            continue;
        sd_group_stats *g = &raw->groups[raw->n++];
        memset(g, 0, sizeof *g);
        sd_group_label(t, by, key, g);
        g->suppressed = true;
    }
    qsort(raw->groups, raw->n, sizeof *raw->groups, by == SD_BY_SIZE ? sd_size_key_cmp : sd_key_cmp);
}

/* ---- the ledger ---- */

/* The ledger's name of a grouping's figures. A trend row is the figure
 * "all" of its own period: the same members as that period's summary. */
static const char *const sd_figure_names[] = {
    [SD_BY_ALL] = "all",           [SD_BY_INDUSTRY] = "industry", [SD_BY_PREFECTURE] = "prefecture",
    [SD_BY_MUNICIPALITY] = "municipality", [SD_BY_SIZE] = "size", [SD_BY_BAND] = "band",
    [SD_BY_PERIOD] = "all",        [SD_BY_INDUSTRY_PREFECTURE] = "industry-prefecture",
};

static void sd_figure_of(sd_grouping by, const char *period, const char *key, const char **period_out,
                         const char **key_out)
{
    *period_out = by == SD_BY_PERIOD ? key : period;
    *key_out = by == SD_BY_PERIOD || by == SD_BY_ALL ? "all" : key;
}

/* Marks every raw group by what the ledger holds: hidden when hidden
 * before over the same members or near another set, pinned when shown
 * before over the same members. *withheld: all members of the period are
 * near an earlier set (one late answer: 40 * m2 - 39 * m1 is its score).
 * Returns SD_OK or SD_ERR_DB. */
static sd_error sd_ledger_marks(sqlite3 *db, const char *period, sd_stats_table *raw, int k, bool *withheld,
                                char *err, size_t errlen)
{
    for (int by = SD_BY_ALL; by <= SD_BY_INDUSTRY_PREFECTURE; by++)
        for (size_t i = 0; i < raw[by].n; i++) {
            sd_group_stats *g = &raw[by].groups[i];
            const char *fp, *fk;
            sd_figure_of((sd_grouping)by, period, g->key, &fp, &fk);
            sd_ledger_state st;
            sd_error rc = sd_ledger_lookup(db, sd_figure_names[by], fp, fk, &g->members, k, &st, err, errlen);
            if (rc)
                return rc;
            g->pinned = st == SD_LEDGER_SHOWN;
            g->suppressed = st == SD_LEDGER_HIDDEN || st == SD_LEDGER_NEAR;
            g->near_release = st == SD_LEDGER_NEAR;
            /* the whole near an earlier release, or hidden before over
             * these very members though it has k of them (only the ledger
             * hides such a whole): the period stays withheld */
            bool whole = by == SD_BY_ALL || (by == SD_BY_PERIOD && strcmp(g->key, period) == 0);
            if (whole && (st == SD_LEDGER_NEAR || (st == SD_LEDGER_HIDDEN && g->n >= k)))
                *withheld = true;
        }
    return SD_OK;
}

sd_error sd_published_record(sqlite3 *db, const sd_published *p, const char *output, char *err, size_t errlen)
{
    if (p->kind == SD_VIEW_UNSUPPRESSED || p->kind == SD_VIEW_RECORDED)
        return SD_OK;
    sd_error rc = sd_ledger_begin(db, err, errlen);
    for (int by = SD_BY_ALL; by <= SD_BY_INDUSTRY_PREFECTURE && !rc; by++)
        for (size_t i = 0; i < p->by[by].n && !rc; i++) {
            const sd_pub_group *g = &p->by[by].groups[i];
            if (g->members.n == 0) /* a value listed without members */
                continue;
            const char *fp, *fk;
            sd_figure_of((sd_grouping)by, p->period, g->key, &fp, &fk);
            rc = sd_ledger_record(db, output, sd_figure_names[by], fp, fk, &g->members, !g->suppressed, err,
                                  errlen);
        }
    if (!rc)
        rc = sd_ledger_commit(db, err, errlen);
    if (rc)
        sd_ledger_rollback(db);
    return rc;
}

sd_error sd_published_load(sqlite3 *db, const sd_templates *t, const char *period, sd_view_kind kind,
                           sd_published *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->t = t;
    out->kind = kind;
    snprintf(out->period, sizeof out->period, "%s", period);
    const int k = t->min_group;
    const bool rule = kind != SD_VIEW_UNSUPPRESSED;
    enum { NBY = SD_BY_INDUSTRY_PREFECTURE + 1 };
    sd_stats_table raw[NBY];
    memset(raw, 0, sizeof raw);
    sd_question_stats *q = sd_xcalloc(SD_NINDUSTRIES + 1, sizeof(sd_question_stats) * SD_MAX_QUESTIONS);
    sd_error rc = SD_OK;
    for (int by = 0; by < NBY && !rc; by++)
        rc = sd_stats_groups(db, t, period, (sd_grouping)by, &raw[by], err, errlen);
    if (rc)
        goto done;
    if (raw[SD_BY_ALL].n == 0 || raw[SD_BY_ALL].groups[0].n == 0) {
        rc = sd_fail(err, errlen, SD_ERR_NO_DATA, "%s の回答がありません", period);
        goto done;
    }
    if ((rc = sd_stats_questions(db, t, period, q, err, errlen)))
        goto done;
    out->priv = sd_xcalloc(1, sizeof *out->priv);
    if ((rc = sd_totals_load(db, period, &out->priv->totals, err, errlen)))
        goto done;

    /* the ledger first: what was published before over these or nearly
     * these members */
    sd_group_stats *all = &raw[SD_BY_ALL].groups[0];
    bool withheld = false;
    if (rule && (rc = sd_ledger_marks(db, period, raw, k, &withheld, err, errlen)))
        goto done;
    /* the rule, on the raw tables */
    all->suppressed = all->suppressed || all->n < k;
    bool covered = sd_suppress_line(raw[SD_BY_INDUSTRY].groups, raw[SD_BY_INDUSTRY].n, k);
    covered &= sd_suppress_line(raw[SD_BY_PREFECTURE].groups, raw[SD_BY_PREFECTURE].n, k);
    covered &= sd_suppress_line(raw[SD_BY_SIZE].groups, raw[SD_BY_SIZE].n, k);
    covered &= sd_suppress_nested(&raw[SD_BY_MUNICIPALITY], k, &raw[SD_BY_PREFECTURE]);
    covered &= sd_suppress_cross(&raw[SD_BY_INDUSTRY_PREFECTURE], k, &raw[SD_BY_INDUSTRY], &raw[SD_BY_PREFECTURE]);
    /* a score band publishes its count and share only: the 100-point
     * band's mean is 100 by definition, so band means would give a lone
     * low band's total by subtraction whatever was hidden */
    for (size_t i = 0; i < raw[SD_BY_BAND].n; i++)
        raw[SD_BY_BAND].groups[i].suppressed = true;
    /* periods are not parts of a published whole: each stands alone */
    for (size_t i = 0; i < raw[SD_BY_PERIOD].n; i++)
        raw[SD_BY_PERIOD].groups[i].suppressed = raw[SD_BY_PERIOD].groups[i].suppressed ||
                                                 raw[SD_BY_PERIOD].groups[i].n < k;
    /* the whole differs from an earlier release by a few members, or a
     * lone hidden part cannot be covered: the period says nothing new */
    if (rule && (withheld || !covered)) {
        out->withheld = true;
        for (int by = SD_BY_ALL; by < NBY; by++)
            for (size_t i = 0; i < raw[by].n; i++)
                if (by != SD_BY_PERIOD || strcmp(raw[by].groups[i].key, period) == 0)
                    raw[by].groups[i].suppressed = true;
    }

    /* a reader that cannot record: only what is public already, figures
     * shown before over these very members (the same values: the member
     * set's hash covers what each member adds) */
    if (kind == SD_VIEW_RECORDED)
        for (int by = SD_BY_ALL; by < NBY; by++)
            for (size_t i = 0; i < raw[by].n; i++) {
                sd_group_stats *g = &raw[by].groups[i];
                /* (bands are hidden already: their counts go with all) */
                if (!g->suppressed && !g->pinned) {
                    g->suppressed = true;
                    out->unrecorded = true;
                }
            }

    /* industries, prefectures and sizes list every value, the empty ones
     * as hidden (not in the unsuppressed view: internal checks) */
    if (rule) {
        sd_list_every_value(t, SD_BY_INDUSTRY, &raw[SD_BY_INDUSTRY]);
        sd_list_every_value(t, SD_BY_PREFECTURE, &raw[SD_BY_PREFECTURE]);
        sd_list_every_value(t, SD_BY_SIZE, &raw[SD_BY_SIZE]);
    }

    const int kr = rule ? k : 0;
    sd_pub_copy(all, rule && all->suppressed, false, kr, &out->all);
    for (int by = SD_BY_ALL; by < NBY; by++)
        sd_pub_table_from(&raw[by], (sd_grouping)by, rule && all->suppressed, kind, kr, &out->by[by]);
    sd_pub_questions(q, t->nquestions, rule && all->suppressed, kr, out->q_all);
    for (int i = 0; i < SD_NINDUSTRIES; i++) {
        char key[2] = {(char)('A' + i), 0};
        const sd_group_stats *g = sd_raw_find(&raw[SD_BY_INDUSTRY], key, 1);
        bool hidden = !g || (rule && g->suppressed);
        sd_pub_questions(q + (size_t)(i + 1) * SD_MAX_QUESTIONS, t->nquestions, hidden, kr, out->q_industry[i]);
    }
    if (rule)
        sd_question_complement(out, &raw[SD_BY_INDUSTRY], t->nquestions, k);
done:
    for (int by = 0; by < NBY; by++)
        sd_stats_table_free(&raw[by]);
    free(q);
    if (rc)
        sd_published_free(out);
    return rc;
}

/* ---- one member ---- */

void sd_company_view_clear(sd_company_view *c)
{
    free(c->member_no);
    free(c->name);
    free(c->municipality);
    memset(c, 0, sizeof *c);
}

sd_error sd_period_members(sqlite3 *db, const char *period, const char *only, char ***out, size_t *n, char *err,
                           size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db,
                                "SELECT c.member_no, r.id FROM response r JOIN company c ON c.id = r.company_id"
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
        const char *no = (const char *)sqlite3_column_text(st, 0);
        if (!no || !*no) {
            /* a member without its number would silently get no report */
            rc = sd_fail(err, errlen, SD_ERR_DB,
                         "%s の回答（番号 %lld）の会員番号がデータベースで壊れています。"
                         "shindan verify で調べ、バックアップから戻してください",
                         period, (long long)sqlite3_column_int64(st, 1));
            break;
        }
        v[count++] = sd_xstrdup(no);
        v[count] = NULL;
    }
    if (!rc && r != SQLITE_DONE)
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

/* Reads the answer codes of response rid into out->answers: every
 * question must have a valid code (a missing one is never 実施). Returns
 * SD_OK or SD_ERR_DB. */
static sd_error sd_view_answers(sqlite3 *db, const sd_templates *t, sqlite3_int64 rid, const char *member_no,
                                sd_company_view *out, char *err, size_t errlen)
{
    bool seen[SD_MAX_QUESTIONS] = {false};
    sqlite3_stmt *st = NULL;
    int r;
    sd_error rc =
        sd_db_prepare_kept(db, "SELECT question, choice FROM answer WHERE response_id = ?1", &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, rid);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int q = sqlite3_column_int(st, 0), c = sqlite3_column_int(st, 1);
        if (q < 1 || q > t->nquestions || c < 0 || c >= SD_NCHOICES) {
            rc = sd_fail(err, errlen, SD_ERR_DB, "会員番号 %s の回答（設問 %d、コード %d）がデータベースで壊れています",
                         member_no, q, c);
            goto done;
        }
        out->answers[q - 1] = c;
        seen[q - 1] = true;
    }
    if (r != SQLITE_DONE) {
        rc = sd_db_error(db, err, errlen);
        goto done;
    }
    for (int q = 0; q < t->nquestions; q++)
        if (!seen[q]) {
            rc = sd_fail(err, errlen, SD_ERR_DB, "会員番号 %s の Q%d の回答がデータベースにありません", member_no,
                         q + 1);
            goto done;
        }
done:
    sd_db_done(st);
    return rc;
}

/* Reads company cid's latest answer before pub's period into out's prev_*
 * (has_prev stays false when there is none) and its response id into
 * *prev_id (0 when none). Returns SD_OK or SD_ERR_DB. */
static sd_error sd_view_previous(sqlite3 *db, const sd_published *pub, sqlite3_int64 cid, sd_company_view *out,
                                 sqlite3_int64 *prev_id, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc;
    if ((rc = sd_db_prepare_kept(db,
                                 "SELECT period, total, " SD_DB_PARTS("") ", id FROM response"
                                 " WHERE company_id = ?1 AND period < ?2 ORDER BY period DESC LIMIT 1",
                                 &st, err, errlen)))
        return rc;
    sqlite3_bind_int64(st, 1, cid);
    sqlite3_bind_text(st, 2, pub->period, -1, SQLITE_STATIC);
    *prev_id = 0;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        out->has_prev = true;
        snprintf(out->prev_period, sizeof out->prev_period, "%s", (const char *)sqlite3_column_text(st, 0));
        out->prev_total = sqlite3_column_int(st, 1);
        for (int p = 0; p < 3; p++)
            out->prev_parts[p] = sqlite3_column_int(st, 2 + p);
        *prev_id = sqlite3_column_int64(st, 5);
    } else if (r != SQLITE_DONE) {
        rc = sd_db_error(db, err, errlen);
    }
    sd_db_done(st);
    return rc;
}

/* The member's ranks, only among groups that are published. */
static void sd_view_ranks(const sd_published *pub, sd_company_view *out)
{
    const sd_totals *tot = &pub->priv->totals;
    char key[2] = {out->industry, 0};
    const sd_pub_group *gi = sd_pub_find(&pub->by[SD_BY_INDUSTRY], key);
    size_t ki = (size_t)(out->industry - 'A');
    if (gi && !gi->suppressed && tot->nindustry[ki] > 0) {
        out->has_rank_industry = true;
        out->top_industry = 100.0 - sd_percentile_rank(tot->industry[ki], tot->nindustry[ki], out->total);
    }
    if (!pub->all.suppressed && tot->nall > 0) {
        out->has_rank_all = true;
        out->top_all = 100.0 - sd_percentile_rank(tot->all, tot->nall, out->total);
    }
}

sd_error sd_company_view_load(sqlite3 *db, const sd_published *pub, const char *member_no, sd_company_view *out,
                              char *err, size_t errlen)
{
    const sd_templates *t = pub->t;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare_kept(db,
                                     "SELECT r.id, r.name, r.industry, r.prefecture, r.municipality, r.size_band,"
                                     " r.sa_level, r.total, " SD_DB_PARTS("r.") ", r.company_id, r.basics_done,"
                                     " r.sa_known"
                                     " FROM response r JOIN company c ON c.id = r.company_id"
                                     " WHERE c.member_no = ?1 AND r.period = ?2",
                                     &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, member_no, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, pub->period, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        rc = r == SQLITE_DONE ? sd_fail(err, errlen, SD_ERR_NO_DATA, "会員番号 %s の %s の回答がありません",
                                        member_no, pub->period)
                              : sd_db_error(db, err, errlen);
        goto fail;
    }
    sqlite3_int64 rid = sqlite3_column_int64(st, 0);
    sqlite3_int64 cid = sqlite3_column_int64(st, 11);
    out->member_no = sd_xstrdup(member_no);
    out->name = sd_xstrdup((const char *)sqlite3_column_text(st, 1));
    const char *ind = (const char *)sqlite3_column_text(st, 2);
    out->industry = ind ? ind[0] : 0;
    out->prefecture = sqlite3_column_int(st, 3);
    if (sqlite3_column_type(st, 4) != SQLITE_NULL)
        out->municipality = sd_xstrdup((const char *)sqlite3_column_text(st, 4));
    out->size_band = sqlite3_column_int(st, 5);
    out->sa_level = sqlite3_column_int(st, 6);
    out->total = sqlite3_column_int(st, 7);
    for (int p = 0; p < 3; p++)
        out->parts[p] = sqlite3_column_int(st, 8 + p);
    out->basics_done = sqlite3_column_int(st, 12) != 0;
    out->sa_known = sqlite3_column_int(st, 13) != 0;
    sd_db_done(st);
    st = NULL;
    if (!sd_industry_by_letter(t, out->industry) || out->prefecture < 1 || out->prefecture > SD_NPREFECTURES) {
        rc = sd_fail(err, errlen, SD_ERR_DB, "会員番号 %s の業種か都道府県がデータベースで壊れています", member_no);
        goto fail;
    }

    if ((rc = sd_view_answers(db, t, rid, member_no, out, err, errlen)))
        goto fail;
    sqlite3_int64 prev_id;
    if ((rc = sd_view_previous(db, pub, cid, out, &prev_id, err, errlen)))
        goto fail;
    /* the report names a seminar the member attended between its two answers */
    if (out->has_prev &&
        (rc = sd_seminar_attended_between(db, cid, out->member_no, prev_id, rid, out->seminar_on, err, errlen)))
        goto fail;

    sd_view_ranks(pub, out);
    return SD_OK;
fail:
    sd_db_done(st);
    sd_company_view_clear(out);
    return rc;
}
