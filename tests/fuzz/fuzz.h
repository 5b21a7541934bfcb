/* fuzz.h - what the fuzz targets share: the templates loaded once, and the
 * fuzz input written to a file of a given name (the readers take paths).
 *
 * Each target defines LLVMFuzzerTestOneInput. Built with clang's
 * -fsanitize=fuzzer it is a libFuzzer binary (make fuzz); built with
 * replay.c it runs saved inputs once each, which make test does for the
 * seed corpus and every crasher kept under tests/fuzz/regress/. */
#ifndef SD_FUZZ_H
#define SD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/limits.h"
#include "core/templates.h"
#include "core/util.h"
#include "batch/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The project's templates (SHINDAN_TEMPLATES or ./templates), loaded on
 * first use; aborts when they cannot be, since no input could be tried. */
static inline const sd_templates *fuzz_templates(void)
{
    static sd_templates *t;
    if (!t) {
        char err[512];
        if (sd_templates_load(sd_templates_find(NULL), &t, err, sizeof err)) {
            fprintf(stderr, "fuzz: templates: %s\n", err);
            abort();
        }
    }
    return t;
}

static char fuzz_dir_path[64];

static inline void fuzz_dir_remove(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir_path);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir_path);
}

/* A private folder for this process's files, made on first use and
 * removed at exit. */
static inline const char *fuzz_dir(void)
{
    char *dir = fuzz_dir_path;
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof fuzz_dir_path, "%s/shindan-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            abort();
        atexit(fuzz_dir_remove);
    }
    return dir;
}

/* Writes data to NAME in the private folder; returns the path (static). */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
    FILE *fp = fopen(path, "wb");
    if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0)
        abort();
    return path;
}

/* Reads path the way `shindan check` does: sniffing, decoding, header
 * search, form fallback, mapping, every value parser; nothing stored. */
static inline void fuzz_check_file(const char *path)
{
    sd_import_opts opts = {0};
    sd_import_result res;
    char err[1024];
    sd_check_file(fuzz_templates(), path, &opts, &res, err, sizeof err);
    sd_import_result_free(&res);
}

#endif
