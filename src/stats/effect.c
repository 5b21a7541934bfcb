/* effect.c - a seminar's effect, with the privacy rule */
#include "stats/effect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/ledger.h"

void sd_effect_group_from(const sd_change_pair *pairs, size_t n, bool attended, int nparts,
                          sd_effect_group *g)
{
    memset(g, 0, sizeof *g);
    long long change = 0, parts[SD_MAX_PARTS] = {0};
    int improved = 0, ready_before = 0, ready_after = 0, reached = 0;
    for (size_t i = 0; i < n; i++) {
        const sd_change_pair *p = &pairs[i];
        if (p->attended != attended)
            continue;
        g->n++;
        change += p->after_total - p->before_total;
        for (int k = 0; k < nparts && k < SD_MAX_PARTS; k++)
            parts[k] += p->after_parts[k] - p->before_parts[k];
        improved += p->after_total > p->before_total;
        ready_before += p->before_basics;
        ready_after += p->after_basics;
        reached += !p->before_basics && p->after_basics;
    }
    if (g->n == 0)
        return;
    double n_ = (double)g->n;
    g->mean_change = (double)change / n_;
    for (int k = 0; k < nparts && k < SD_MAX_PARTS; k++)
        g->part_change[k] = (double)parts[k] / n_;
    g->improved_share = improved / n_;
    g->ready_before = ready_before / n_;
    g->ready_after = ready_after / n_;
    g->reached_share = reached / n_;
}

/* Pairs of one group as (company, before, after) triples, sorted. */
typedef struct {
    long long company, before, after;
} sd_triple;

static int sd_triple_cmp(const void *a, const void *b)
{
    const sd_triple *x = a, *y = b;
    if (x->company != y->company)
        return x->company < y->company ? -1 : 1;
    if (x->before != y->before)
        return x->before < y->before ? -1 : 1;
    return (x->after > y->after) - (x->after < y->after);
}

static size_t sd_triples(const sd_change_pair *p, size_t n, bool attended, sd_triple **out)
{
    size_t k = 0;
    *out = sd_xcalloc(n ? n : 1, sizeof **out);
    for (size_t i = 0; i < n; i++)
        if (p[i].attended == attended)
            (*out)[k++] = (sd_triple){p[i].company_id, p[i].before_id, p[i].after_id};
    if (k)
        qsort(*out, k, sizeof **out, sd_triple_cmp);
    return k;
}

size_t sd_effect_difference(const sd_change_pair *a, size_t na, const sd_change_pair *b, size_t nb,
                            bool attended)
{
    sd_triple *x, *y;
    size_t nx = sd_triples(a, na, attended, &x), ny = sd_triples(b, nb, attended, &y);
    size_t i = 0, j = 0, diff = 0;
    while (i < nx || j < ny) {
        int c = i >= nx ? 1 : j >= ny ? -1 : sd_triple_cmp(&x[i], &y[j]);
        if (c == 0) {
            i++;
            j++;
        } else {
            diff++;
            if (c < 0)
                i++;
            else
                j++;
        }
    }
    free(x);
    free(y);
    return diff;
}

static void sd_effect_hide(sd_effect_group *g)
{
    memset(g, 0, sizeof *g);
    g->suppressed = true;
}

void sd_effect_suppress(sd_effect *e, int k, size_t nearest, long long near_id)
{
    e->rule = SD_EFFECT_SHOWN;
    e->near_seminar = 0;
    /* the two groups make up every member compared: one hidden group
     * would be the whole minus the other, so both go */
    if (e->attended.n < k || e->others.n < k) {
        e->rule = SD_EFFECT_SMALL;
    } else if (nearest > 0 && nearest < (size_t)k) {
        e->rule = SD_EFFECT_NEAR_OTHER;
        e->near_seminar = near_id;
    }
    if (e->rule != SD_EFFECT_SHOWN) {
        sd_effect_hide(&e->attended);
        sd_effect_hide(&e->others);
    }
}

typedef struct {
    sd_change_pair *v;
    size_t n, cap;
    const char *upto; /* NULL, or the last period whose answers count */
} sd_pairs;

static sd_error sd_pair_keep(void *ctx, const sd_change_pair *p, char *err, size_t errlen)
{
    sd_pairs *ps = ctx;
    if (ps->upto && strcmp(p->after_period, ps->upto) > 0)
        return SD_OK;
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? 2 * ps->cap : 256;
        ps->v = sd_xrealloc(ps->v, ps->cap * sizeof *ps->v);
    }
    ps->v[ps->n++] = *p;
    return SD_OK;
}

sd_error sd_effect_compute(sqlite3 *db, const sd_templates *t, const sd_seminar *s, sd_effect *out, char *err,
                           size_t errlen)
{
    return sd_effect_compute_upto(db, t, s, NULL, out, err, errlen);
}

sd_error sd_effect_compute_upto(sqlite3 *db, const sd_templates *t, const sd_seminar *s, const char *upto,
                                sd_effect *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sd_pairs mine = {.upto = upto}, other = {.upto = upto};
    sd_seminar *all = NULL;
    size_t nall = 0;
    sd_error rc = sd_seminar_pairs_each(db, s->id, s->held_on, sd_pair_keep, &mine, err, errlen);
    if (rc)
        goto done;
    out->compared = mine.n;
    for (size_t i = 0; i < mine.n; i++) {
        if (!out->first_before[0] || strcmp(mine.v[i].before_period, out->first_before) < 0)
            memcpy(out->first_before, mine.v[i].before_period, 8);
        if (strcmp(mine.v[i].after_period, out->last_after) > 0)
            memcpy(out->last_after, mine.v[i].after_period, 8);
    }
    sd_effect_group_from(mine.v, mine.n, true, t->nparts, &out->attended);
    sd_effect_group_from(mine.v, mine.n, false, t->nparts, &out->others);
    out->seminar = s->id;
    for (size_t i = 0; i < mine.n; i++) {
        const sd_change_pair *p = &mine.v[i];
        long long el[3] = {p->company_id, p->before_id, p->after_id};
        sd_member_set_add(&out->members[p->attended ? 1 : 0], el, 3);
    }

    /* every other seminar's groups, compared member by member with ours */
    size_t nearest = 0;
    long long near_id = 0;
    if ((rc = sd_seminar_list(db, &all, &nall, err, errlen)))
        goto done;
    for (size_t i = 0; i < nall; i++) {
        if (all[i].id == s->id)
            continue;
        other.n = 0;
        if ((rc = sd_seminar_pairs_each(db, all[i].id, all[i].held_on, sd_pair_keep, &other, err, errlen)))
            goto done;
        for (int attended = 0; attended < 2; attended++) {
            size_t d = sd_effect_difference(mine.v, mine.n, other.v, other.n, attended);
            if (d > 0 && (nearest == 0 || d < nearest)) {
                nearest = d;
                near_id = all[i].id;
            }
        }
    }
    /* this seminar's own effect published before over nearly these members */
    bool again = false;
    char key[24];
    snprintf(key, sizeof key, "%lld", s->id);
    for (int a = 0; a < 2 && !rc; a++) {
        sd_ledger_state st;
        rc = sd_ledger_lookup(db, a ? "effect-attended" : "effect-others", "", key, &out->members[a], t->min_group,
                              &st, err, errlen);
        again |= st == SD_LEDGER_NEAR || st == SD_LEDGER_HIDDEN;
    }
    if (rc)
        goto done;
    if (again) {
        nearest = 1;
        near_id = s->id;
    }
    sd_effect_suppress(out, t->min_group, nearest, near_id);
done:
    sd_seminars_free(all, nall);
    free(mine.v);
    free(other.v);
    return rc;
}

sd_error sd_seminar_effects_load(sqlite3 *db, const sd_templates *t, const char *upto,
                                 sd_seminar_effects *out, char *err, size_t errlen)
{
    *out = (sd_seminar_effects){0};
    sd_seminar *all = NULL;
    size_t nall = 0;
    sd_error rc = sd_seminar_list(db, &all, &nall, err, errlen);
    if (rc)
        return rc;
    out->seminars = all;
    out->effects = sd_xcalloc(nall ? nall : 1, sizeof *out->effects);
    /* kept in place: the seminars compared move down over those that
     * are not, which are freed */
    for (size_t i = 0; i < nall; i++) {
        sd_effect e;
        if ((rc = sd_effect_compute_upto(db, t, &all[i], upto, &e, err, errlen))) {
            for (size_t j = i; j < nall; j++)
                sd_seminar_clear(&all[j]);
            break;
        }
        if (e.compared == 0) {
            sd_seminar_clear(&all[i]);
            continue;
        }
        out->seminars[out->n] = all[i];
        out->effects[out->n++] = e;
    }
    if (rc)
        sd_seminar_effects_free(out);
    return rc;
}

void sd_seminar_effects_free(sd_seminar_effects *x)
{
    if (!x)
        return;
    sd_seminars_free(x->seminars, x->n);
    free(x->effects);
    *x = (sd_seminar_effects){0};
}

sd_error sd_effect_record(sqlite3 *db, const sd_effect *e, const char *output, char *err, size_t errlen)
{
    if (e->compared == 0)
        return SD_OK;
    char key[24];
    snprintf(key, sizeof key, "%lld", e->seminar);
    sd_error rc = sd_ledger_record(db, output, "effect-others", "", key, &e->members[0], !e->others.suppressed,
                                   err, errlen);
    if (!rc)
        rc = sd_ledger_record(db, output, "effect-attended", "", key, &e->members[1], !e->attended.suppressed,
                              err, errlen);
    return rc;
}

sd_error sd_seminar_effects_record(sqlite3 *db, const sd_seminar_effects *x, const char *output, char *err,
                                   size_t errlen)
{
    bool own = sqlite3_get_autocommit(db) != 0;
    sd_error rc = own ? sd_ledger_begin(db, err, errlen) : SD_OK;
    for (size_t i = 0; i < x->n && !rc; i++)
        rc = sd_effect_record(db, &x->effects[i], output, err, errlen);
    if (own && !rc)
        rc = sd_ledger_commit(db, err, errlen);
    if (own && rc)
        sd_ledger_rollback(db);
    return rc;
}
