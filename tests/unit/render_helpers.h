/* render_helpers.h - a document drawn by a test into a temporary file */
#ifndef SD_TEST_RENDER_HELPERS_H
#define SD_TEST_RENDER_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "render/fontsubset.h"
#include "render/pdf.h"

/* Renders draw_fn(data) with the project's font into a new temporary file,
 * whose name is left in path (the caller removes it); fails the test when
 * the render does. */
__attribute__((unused)) static void sd_test_render(sd_pdf_draw_fn draw_fn, void *data, const char *title,
                                                   char path[static 32])
{
    char err[512];
    snprintf(path, 32, "/tmp/shindan-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    sd_font *font = NULL;
    assert_int_equal(sd_font_open(NULL, "fonts", &font, err, sizeof err), SD_OK);
    sd_pdf_info info = {title, "test", "test"};
    assert_int_equal(sd_pdf_render(font, &info, draw_fn, data, path, 0600, err, sizeof err), SD_OK);
    sd_font_free(font);
}

#endif
