/* places.c - the list of municipalities and the longest-name lookup */
#include "core/places.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/tsv.h"
#include "core/util.h"

typedef struct {
    char *key;  /* folded name */
    size_t row; /* index into v */
} sd_place_key;

struct sd_places {
    sd_muni *v; /* the file's lines */
    size_t n;
    sd_place_key *keys; /* sorted by key */
    size_t nkeys;
};

/* Spellings of one character: each from has the to's UTF-8 length. */
static const char *const sd_fold_pairs[][2] = {
    {"ヶ", "ケ"}, {"ヵ", "ケ"}, {"竜", "龍"}, {"竈", "釜"}, {"竃", "釜"}, {"檜", "桧"},
    {"檮", "梼"}, {"惠", "恵"}, {"鰺", "鯵"}, {"髙", "高"}, {"﨑", "崎"}, {"邊", "辺"},
    {"邉", "辺"}, {"澤", "沢"}, {"濱", "浜"}, {"廣", "広"},
};

void sd_places_fold(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        if (*r == ' ') {
            r++;
            continue;
        }
        const char *start = r;
        sd_utf8_next(&r);
        size_t len = (size_t)(r - start);
        const char *to = NULL;
        for (size_t i = 0; i < sizeof sd_fold_pairs / sizeof sd_fold_pairs[0] && !to; i++)
            if (strlen(sd_fold_pairs[i][0]) == len && memcmp(start, sd_fold_pairs[i][0], len) == 0)
                to = sd_fold_pairs[i][1];
        memmove(w, to ? to : start, len);
        w += len;
    }
    *w = '\0';
}

static int sd_key_cmp(const void *a, const void *b)
{
    const sd_place_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

static void sd_add_key(sd_places *p, size_t *cap, size_t row, const char *a, const char *b)
{
    if (p->nkeys == *cap) {
        *cap = *cap ? *cap * 2 : 4096;
        p->keys = sd_xrealloc(p->keys, *cap * sizeof *p->keys);
    }
    char *k = sd_xasprintf("%s%s", a, b ? b : "");
    sd_places_fold(k);
    p->keys[p->nkeys++] = (sd_place_key){.key = k, .row = row};
}

static bool sd_valid_code(const char *s)
{
    if (strlen(s) != 6)
        return false;
    for (const char *c = s; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    return true;
}

typedef struct {
    sd_places *p;
    const char *path;
    size_t cap, kcap;
} sd_places_reader;

/* One line: code, prefecture, municipality, ward, area (the last two
 * often empty, never both set). */
static sd_error sd_places_line(void *ctx, char **cols, size_t ncols, int lineno, char *err, size_t errlen)
{
    sd_places_reader *r = ctx;
    sd_places *p = r->p;
    int pref = 0;
    bool ok = ncols == 5 && sd_valid_code(cols[0]) && sscanf(cols[1], "%d", &pref) == 1 && pref >= 1 &&
              pref <= 47 && *cols[2] && (!*cols[3] || !*cols[4]);
    if (!ok)
        return sd_fail(err, errlen, SD_ERR_TEMPLATE,
                       "%s: %d 行目の形式が正しくありません（コード、都道府県番号、市区町村、区、郡の 5 "
                       "列をタブで区切ってください）",
                       r->path, lineno);
    if (p->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 2048;
        p->v = sd_xrealloc(p->v, r->cap * sizeof *p->v);
    }
    sd_muni *m = &p->v[p->n];
    memcpy(m->code, cols[0], 7);
    m->prefecture = pref;
    m->municipality = sd_xstrdup(cols[2]);
    m->ward = *cols[3] ? sd_xstrdup(cols[3]) : NULL;
    m->area = *cols[4] ? sd_xstrdup(cols[4]) : NULL;
    size_t row = p->n++;
    if (m->ward) {
        sd_add_key(p, &r->kcap, row, m->municipality, m->ward);
        sd_add_key(p, &r->kcap, row, m->ward, NULL);
    } else {
        sd_add_key(p, &r->kcap, row, m->municipality, NULL);
        if (m->area)
            sd_add_key(p, &r->kcap, row, m->area, m->municipality);
    }
    return SD_OK;
}

sd_error sd_places_load(const char *path, sd_places **out, char *err, size_t errlen)
{
    *out = NULL;
    sd_places_reader r = {.p = sd_xcalloc(1, sizeof(sd_places)), .path = path};
    sd_error rc = sd_tsv_read(path, sd_places_line, &r, err, errlen);
    if (rc == SD_OK && r.p->n == 0)
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s に市区町村がありません", path);
    if (rc != SD_OK) {
        sd_places_free(r.p);
        return rc;
    }
    qsort(r.p->keys, r.p->nkeys, sizeof *r.p->keys, sd_key_cmp);
    *out = r.p;
    return SD_OK;
}

void sd_places_free(sd_places *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].municipality);
        free(p->v[i].ward);
        free(p->v[i].area);
    }
    for (size_t i = 0; i < p->nkeys; i++)
        free(p->keys[i].key);
    free(p->v);
    free(p->keys);
    free(p);
}

size_t sd_places_count(const sd_places *p)
{
    return p ? p->n : 0;
}

const sd_muni *sd_places_at(const sd_places *p, size_t i)
{
    return p && i < p->n ? &p->v[i] : NULL;
}

/* The first key equal to the len bytes at s, or nkeys. */
static size_t sd_lower_bound(const sd_places *p, const char *s, size_t len)
{
    size_t lo = 0, hi = p->nkeys;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *k = p->keys[mid].key;
        int c = strncmp(k, s, len);
        if (c == 0 && k[len] != '\0')
            c = 1; /* a longer key sorts after the prefix */
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t sd_places_match(const sd_places *p, const char *folded, int pref, size_t *rows, size_t max,
                       size_t *nrows)
{
    *nrows = 0;
    if (!p)
        return 0;
    /* every prefix ending on a character boundary, longest first */
    size_t ends[64], nends = 0;
    for (const char *r = folded; *r && nends < sizeof ends / sizeof ends[0];) {
        sd_utf8_next(&r);
        ends[nends++] = (size_t)(r - folded);
    }
    for (size_t e = nends; e-- > 0;) {
        size_t len = ends[e];
        for (size_t i = sd_lower_bound(p, folded, len);
             i < p->nkeys && strncmp(p->keys[i].key, folded, len) == 0 && p->keys[i].key[len] == '\0'; i++) {
            const sd_muni *m = &p->v[p->keys[i].row];
            if (pref && m->prefecture != pref)
                continue;
            if (*nrows < max)
                rows[(*nrows)++] = p->keys[i].row;
        }
        if (*nrows)
            return len;
    }
    return 0;
}
