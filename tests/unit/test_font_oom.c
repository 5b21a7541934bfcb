/* test_font_oom.c - a font part is whole or refused: every allocation
 * hb-subset makes while a part is made is failed in turn, alone and with
 * every one after it (as when the address space runs out), and each time
 * the part must either be refused with a message or be the very part a
 * run with memory to spare makes. A failed allocation inside hb-subset
 * once gave a plan with empty glyph maps and a program without outlines:
 * the report printed blanks where its text was and passed for a good one.
 *
 * The allocator is replaced in this program only (malloc, calloc, realloc
 * and free call glibc's own), and fails only calls made from HarfBuzz's
 * libraries, so the project's own allocations, which end the program when
 * they fail, are never hit. Skipped under AddressSanitizer and valgrind,
 * which replace the allocator themselves. */

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "render/fontsubset.h"

static bool armed;       /* count and fail allocations now */
static bool from_on;     /* fail every allocation from fail_at on, not only that one */
static long count;       /* allocations from HarfBuzz since armed */
static long fail_at;     /* the one to fail (1-based), 0: none */
static long failed;      /* how many were failed */
#ifndef SD_TEST_ASAN /* its interceptors own malloc */
static __thread bool in_hook;
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static bool should_fail(void *caller)
{
    if (!armed || in_hook)
        return false;
    in_hook = true;
    Dl_info info;
    bool hb = dladdr(caller, &info) && info.dli_fname && strstr(info.dli_fname, "libharfbuzz");
    in_hook = false;
    if (!hb)
        return false;
    count++;
    bool fail = fail_at > 0 && (from_on ? count >= fail_at : count == fail_at);
    failed += fail;
    return fail;
}

void *malloc(size_t n) { return should_fail(__builtin_return_address(0)) ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t size)
{
    return should_fail(__builtin_return_address(0)) ? NULL : __libc_calloc(n, size);
}
void *realloc(void *p, size_t n)
{
    return should_fail(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}
void free(void *p) { __libc_free(p); }
#endif

static bool same_buf(const sd_buf *a, const sd_buf *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

static bool same_part(const sd_font_part *a, const sd_font_part *b)
{
    return a->chars.n == b->chars.n && a->program_len == b->program_len && a->identity == b->identity &&
           memcmp(a->gids, b->gids, a->chars.n * sizeof *a->gids) == 0 &&
           memcmp(a->cids, b->cids, a->chars.n * sizeof *a->cids) == 0 && same_buf(&a->program, &b->program) &&
           same_buf(&a->cidmap, &b->cidmap) && same_buf(&a->tounicode, &b->tounicode) &&
           same_buf(&a->widths, &b->widths);
}

/* Makes the part with allocation k failed (and, from_on, every one after
 * it) for every k HarfBuzz reaches, each time with a font just opened (its
 * outlines not yet drawn); returns how many were refused. After a refusal
 * the same font must make the good part: a failure leaves nothing behind
 * (an outline drawn while memory ran out is not kept for the glyph). */
static long attack(const sd_cpset *set, const sd_font_part *good, long total, bool every)
{
    long refused = 0;
    char err[512];
    for (long k = 1; k <= total; k++) {
        sd_font *font = NULL;
        assert_int_equal(sd_font_open(NULL, "fonts", &font, err, sizeof err), SD_OK);
        sd_font_part part;
        err[0] = '\0';
        count = failed = 0;
        fail_at = k;
        from_on = every;
        armed = true;
        sd_error rc = sd_font_part_make(font, set, false, 6, &part, err, sizeof err);
        armed = false;
        if (failed == 0) {
            /* this run took another path with fewer allocations */
        } else if (rc != SD_OK) {
            if (!strstr(err, "部分集合"))
                fail_msg("allocation %ld failed%s: refused without saying so: [%s]", k, every ? " and on" : "", err);
            refused++;
            if (sd_font_part_make(font, set, false, 6, &part, err, sizeof err) != SD_OK || !same_part(&part, good))
                fail_msg("allocation %ld failed%s: the same font then makes another part or none: [%s]", k,
                         every ? " and on" : "", err);
        } else if (!same_part(&part, good)) {
            fail_msg("allocation %ld failed%s: a part unlike the one made with memory to spare passed for good "
                     "(program %zu bytes against %zu)",
                     k, every ? " and on" : "", part.program_len, good->program_len);
        }
        sd_font_part_free(&part); /* a refused part is left empty */
        sd_font_free(font);
    }
    return refused;
}

static void test_failed_allocations_refuse_or_change_nothing(void **state)
{
    (void)state;
    if (!sd_test_glibc_malloc())
        skip(); /* not this program's malloc, above, that runs */
    char err[512];
    sd_font *font = NULL;
    assert_int_equal(sd_font_open(NULL, "fonts", &font, err, sizeof err), SD_OK);
    sd_cpset set = {0};
    sd_cpset_add_utf8(&set, "情報セキュリティ自社診断 結果のお知らせ 総合点 94／100点 髙橋 ①②③ 〜 ★ ＡＢＣ");
    sd_cpset_finish(&set);

    sd_font_part good;
    count = failed = 0;
    fail_at = 0;
    armed = true;
    assert_int_equal(sd_font_part_make(font, &set, false, 6, &good, err, sizeof err), SD_OK);
    armed = false;
    long total = count;
    /* the allocator really is HarfBuzz's: a subset allocates many times */
    assert_true(total > 20);
    long refused_one = attack(&set, &good, total, false);
    long refused_on = attack(&set, &good, total, true);
    /* failing every allocation from the first on must refuse the part */
    assert_true(refused_on > 0);
    printf("# %ld allocations by hb-subset; failing one: %ld refused, the rest whole; failing all from one on: "
           "%ld refused, the rest whole\n",
           total, refused_one, refused_on);
    sd_font_part_free(&good);
    sd_cpset_free(&set);
    sd_font_free(font);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failed_allocations_refuse_or_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
