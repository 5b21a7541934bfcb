/* helpers.h - shared set-up for the unit tests: the real templates */
#ifndef SD_TEST_HELPERS_H
#define SD_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

#endif
