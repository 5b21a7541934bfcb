/* test_publish.c - the privacy rule: small groups and their complements */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "stats/publish.h"

static sd_stats_table sd_table(const char *const *keys, const char *const *labels, const int *n, size_t count)
{
    sd_stats_table t = {calloc(count, sizeof(sd_group_stats)), count};
    for (size_t i = 0; i < count; i++) {
        snprintf(t.groups[i].key, sizeof t.groups[i].key, "%s", keys[i]);
        snprintf(t.groups[i].label, sizeof t.groups[i].label, "%s", labels ? labels[i] : keys[i]);
        t.groups[i].n = n[i];
    }
    return t;
}

static int sd_hidden(const sd_stats_table *t)
{
    int h = 0;
    for (size_t i = 0; i < t->n; i++)
        h += t->groups[i].suppressed;
    return h;
}

static void test_lone_small_group_takes_the_next_smallest(void **state)
{
    const char *keys[] = {"A", "B", "C", "D"};
    int n[] = {3, 10, 7, 20};
    sd_stats_table t = sd_table(keys, NULL, n, 4);
    sd_suppress_line(t.groups, t.n, 5);
    assert_true(t.groups[0].suppressed);
    assert_true(t.groups[2].suppressed); /* 7: the smallest shown one */
    assert_false(t.groups[1].suppressed);
    assert_false(t.groups[3].suppressed);
    sd_stats_table_free(&t);
}

static void test_two_small_groups_need_no_complement(void **state)
{
    const char *keys[] = {"A", "B", "C", "D"};
    int n[] = {3, 4, 10, 20};
    sd_stats_table t = sd_table(keys, NULL, n, 4);
    sd_suppress_line(t.groups, t.n, 5);
    assert_int_equal(sd_hidden(&t), 2);
    assert_false(t.groups[2].suppressed);
    /* nothing small: nothing hidden */
    int big[] = {5, 6, 10, 20};
    sd_stats_table u = sd_table(keys, NULL, big, 4);
    sd_suppress_line(u.groups, u.n, 5);
    assert_int_equal(sd_hidden(&u), 0);
    sd_stats_table_free(&t);
    sd_stats_table_free(&u);
}

static void test_municipalities_follow_their_prefecture(void **state)
{
    const char *pkeys[] = {"08", "09", "10"}, *plabels[] = {"茨城県", "栃木県", "群馬県"};
    int pn[] = {12, 3, 30};
    sd_stats_table pref = sd_table(pkeys, plabels, pn, 3);
    sd_suppress_line(pref.groups, pref.n, 5);
    assert_true(pref.groups[1].suppressed); /* 3 */
    assert_true(pref.groups[0].suppressed); /* the complement: 12 is the smallest shown */
    const char *mkeys[] = {"群馬県前橋市", "群馬県高崎市", "群馬県桐生市", "栃木県宇都宮市", "茨城県水戸市",
                           "茨城県日立市"};
    int mn[] = {20, 8, 2, 3, 8, 4};
    sd_stats_table mu = sd_table(mkeys, NULL, mn, 6);
    sd_suppress_nested(&mu, 5, &pref);
    /* 群馬県 shown: 桐生市 (2) hidden alone, so 高崎市 (8) goes too */
    assert_true(mu.groups[2].suppressed);
    assert_true(mu.groups[1].suppressed);
    assert_false(mu.groups[0].suppressed);
    /* a hidden prefecture hides its municipalities, even one of 8 */
    assert_true(mu.groups[3].suppressed);
    assert_true(mu.groups[4].suppressed);
    assert_true(mu.groups[5].suppressed);
    sd_stats_table_free(&pref);
    sd_stats_table_free(&mu);
}

/* A small deterministic generator, so a failure can be replayed. */
static unsigned sd_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* Random cross-tabs: whatever the counts, no cell of a hidden industry or
 * prefecture is shown, and no line whose total is shown has exactly one
 * hidden cell (it could be found by subtraction). */
static void test_cross_tab_never_leaves_one_hidden_cell_in_a_line(void **state)
{
    unsigned seed = 20261130;
    for (int round = 0; round < 300; round++) {
        int ni = 2 + (int)(sd_rand(&seed) % 5), np = 2 + (int)(sd_rand(&seed) % 5);
        char ikeys[8][4], pkeys[8][4];
        const char *ik[8], *pk[8];
        int in[8] = {0}, pn[8] = {0};
        char ckeys[64][8];
        const char *ck[64];
        int cn[64], nc = 0;
        for (int i = 0; i < ni; i++) {
            snprintf(ikeys[i], sizeof ikeys[i], "%c", 'A' + i);
            ik[i] = ikeys[i];
        }
        for (int p = 0; p < np; p++) {
            snprintf(pkeys[p], sizeof pkeys[p], "%02d", p + 1);
            pk[p] = pkeys[p];
        }
        for (int i = 0; i < ni; i++)
            for (int p = 0; p < np; p++) {
                int n = (int)(sd_rand(&seed) % 12);
                if (n == 0)
                    continue; /* empty cells are not groups */
                snprintf(ckeys[nc], sizeof ckeys[nc], "%s%s", ikeys[i], pkeys[p]);
                ck[nc] = ckeys[nc];
                cn[nc++] = n;
                in[i] += n;
                pn[p] += n;
            }
        sd_stats_table ind = sd_table(ik, NULL, in, (size_t)ni), pref = sd_table(pk, NULL, pn, (size_t)np);
        sd_stats_table cross = sd_table(ck, NULL, cn, (size_t)nc);
        sd_suppress_line(ind.groups, ind.n, 5);
        sd_suppress_line(pref.groups, pref.n, 5);
        sd_suppress_cross(&cross, 5, &ind, &pref);
        for (int c = 0; c < nc; c++) {
            const sd_group_stats *g = &cross.groups[c];
            if (g->n < 5)
                assert_true(g->suppressed);
            if (ind.groups[g->key[0] - 'A'].suppressed || pref.groups[atoi(g->key + 1) - 1].suppressed)
                assert_true(g->suppressed);
        }
        for (int axis = 0; axis < 2; axis++)
            for (int l = 0; l < (axis ? np : ni); l++) {
                bool total_hidden = axis ? pref.groups[l].suppressed : ind.groups[l].suppressed;
                int hidden = 0, cells = 0;
                for (int c = 0; c < nc; c++) {
                    const char *k = cross.groups[c].key;
                    if (axis ? strcmp(k + 1, pkeys[l]) == 0 : k[0] == ikeys[l][0]) {
                        cells++;
                        hidden += cross.groups[c].suppressed;
                    }
                }
                if (!total_hidden && cells > 1 && hidden == 1)
                    fail_msg("round %d: %s %d has exactly one hidden cell", round, axis ? "column" : "row", l);
            }
        sd_stats_table_free(&ind);
        sd_stats_table_free(&pref);
        sd_stats_table_free(&cross);
    }
}

/* A group published before over the same members (pinned) is public
 * already: hiding it as the complement would hide nothing, so the next
 * smallest goes; a group the ledger hid stays hidden whatever its n. */
static void test_pinned_group_is_never_the_complement(void **state)
{
    const char *keys[] = {"A", "B", "C", "D"};
    int n[] = {3, 7, 9, 20};
    sd_stats_table t = sd_table(keys, NULL, n, 4);
    t.groups[1].pinned = true;
    assert_true(sd_suppress_line(t.groups, t.n, 5));
    assert_true(t.groups[0].suppressed);
    assert_false(t.groups[1].suppressed);
    assert_true(t.groups[2].suppressed);
    int m[] = {30, 7, 9, 20};
    sd_stats_table u = sd_table(keys, NULL, m, 4);
    u.groups[0].suppressed = true; /* the ledger: near an earlier release */
    u.groups[1].pinned = u.groups[2].pinned = u.groups[3].pinned = true;
    assert_false(sd_suppress_line(u.groups, u.n, 5)); /* nothing may cover it: the period is withheld */
    assert_true(u.groups[0].suppressed);
    sd_stats_table_free(&t);
    sd_stats_table_free(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lone_small_group_takes_the_next_smallest),
        cmocka_unit_test(test_two_small_groups_need_no_complement),
        cmocka_unit_test(test_municipalities_follow_their_prefecture),
        cmocka_unit_test(test_cross_tab_never_leaves_one_hidden_cell_in_a_line),
        cmocka_unit_test(test_pinned_group_is_never_the_complement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
