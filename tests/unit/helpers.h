/* helpers.h - shared set-up for the unit tests: the real templates */
#ifndef SD_TEST_HELPERS_H
#define SD_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/templates.h"

__attribute__((unused)) static int sd_setup_templates(void **state)
{
    char err[512];
    sd_templates *t = NULL;
    const char *dir = getenv("SHINDAN_TEMPLATES") ? getenv("SHINDAN_TEMPLATES") : "templates";
    if (sd_templates_load(dir, &t, err, sizeof err) != SD_OK) {
        fprintf(stderr, "templates: %s\n", err);
        return -1;
    }
    *state = t;
    return 0;
}

__attribute__((unused)) static int sd_teardown_templates(void **state)
{
    sd_templates_free(*state);
    return 0;
}

/* AddressSanitizer and valgrind replace glibc's allocator: what a test
 * learns from it (mallinfo2) or does to it (its own malloc) is then not
 * about the program. */
#if defined(__SANITIZE_ADDRESS__)
#define SD_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SD_TEST_ASAN 1
#endif
#endif

__attribute__((unused)) static bool sd_test_glibc_malloc(void)
{
#ifdef SD_TEST_ASAN
    return false;
#else
    const char *pre = getenv("LD_PRELOAD");
    return !(pre && strstr(pre, "vgpreload"));
#endif
}

#endif
