/* scratch.h - a scratch folder per test, real files written into it, and
 * the real templates loaded once per test program (for test_readers.c and
 * test_load.c) */
#ifndef SD_TEST_SCRATCH_H
#define SD_TEST_SCRATCH_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

/* What every test gets: the templates (loaded once) and its own folder. */
static struct {
    sd_templates *t;
    char dir[64];
} fx;

__attribute__((unused)) static int sd_scratch_group_setup(void **state)
{
    void *t = NULL;
    if (sd_setup_templates(&t) != 0)
        return -1;
    fx.t = t;
    return 0;
}

__attribute__((unused)) static int sd_scratch_group_teardown(void **state)
{
    sd_templates_free(fx.t);
    fx.t = NULL;
    return 0;
}

__attribute__((unused)) static int sd_scratch_setup(void **state)
{
    snprintf(fx.dir, sizeof fx.dir, "/tmp/shindan-unit-XXXXXX");
    return mkdtemp(fx.dir) ? 0 : -1;
}

static int sd_scratch_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

__attribute__((unused)) static int sd_scratch_teardown(void **state)
{
    if (fx.dir[0] && !getenv("KEEP"))
        nftw(fx.dir, sd_scratch_rm, 16, FTW_DEPTH | FTW_PHYS);
    fx.dir[0] = '\0';
    return 0;
}

/* The path of name in the test's folder (static buffer: copy it before the
 * next call). */
__attribute__((unused)) static const char *sd_scratch_path(const char *name)
{
    static char path[2][512];
    static int k;
    k ^= 1;
    snprintf(path[k], sizeof path[k], "%s/%s", fx.dir, name);
    return path[k];
}

/* Writes n bytes to name in the test's folder; returns its path (as
 * sd_scratch_path). Fails the test when the file cannot be written. */
__attribute__((unused)) static const char *sd_scratch_write(const char *name, const void *bytes, size_t n)
{
    const char *path = sd_scratch_path(name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
    return path;
}

__attribute__((unused)) static const char *sd_scratch_write_str(const char *name, const char *text)
{
    return sd_scratch_write(name, text, strlen(text));
}

#define SD_SCRATCH_TEST(f) cmocka_unit_test_setup_teardown(f, sd_scratch_setup, sd_scratch_teardown)

#endif
