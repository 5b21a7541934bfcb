/* test_font.c - the per-document subset: every character of a report maps,
 * through its document code, to the same outline as in the full font, and
 * characters left out map to nothing. */
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "render/fontsubset.h"

static const char *sample =
    "情報セキュリティ自社診断 結果のお知らせ 株式会社ＡＢＣ製作所 総合点 94／100点 判定：一部不足 "
    "（業種・地域）「次に取り組むこと」髙橋 𠀋 ①②③ ㈱ 〜 ★★ 実施していない わからない。、";

static hb_font_t *font_from_file(const char *path, hb_face_t **face_out)
{
    hb_blob_t *blob = hb_blob_create_from_file(path);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    *face_out = face;
    return hb_font_create(face);
}

static hb_font_t *font_from_blob(hb_blob_t *blob, hb_face_t **face_out)
{
    hb_face_t *face = hb_face_create(blob, 0);
    *face_out = face;
    return hb_font_create(face);
}

/* Each character k of the document is looked up by libharu through its
 * code sd_font_code(k): the subset's cmap must map that code to the very
 * outline and advance the whole font has for the character. */
static void test_subset_maps_every_code_to_its_outline(void **state)
{
    (void)state;
    char err[512];
    sd_font *full = NULL;
    assert_int_equal(sd_font_open(NULL, "fonts", &full, err, sizeof err), SD_OK);
    sd_cpset set = {0};
    sd_cpset_add_utf8(&set, sample);
    sd_cpset_add(&set, ' ');
    sd_cpset_finish(&set);
    sd_buf sub = {0};
    assert_int_equal(sd_font_subset(full, &set, &sub, err, sizeof err), SD_OK);

    hb_face_t *fface, *sface;
    hb_font_t *ffont = font_from_file(sd_font_path(full), &fface);
    hb_blob_t *blob = hb_blob_create(sub.data, (unsigned)sub.len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_font_t *sfont = font_from_blob(blob, &sface);
    assert_true(hb_face_get_glyph_count(sface) < hb_face_get_glyph_count(fface) / 10);

    int checked = 0;
    for (size_t k = 0; k < set.n; k++) {
        hb_codepoint_t cp = set.cps[k], fg, sg;
        unsigned code = sd_font_code(k);
        assert_int_equal(sd_font_index(code), (long)k);
        assert_true(hb_font_get_nominal_glyph(ffont, cp, &fg));
        if (!hb_font_get_nominal_glyph(sfont, code, &sg))
            fail_msg("U+%04X (code %04X) missing from the subset", cp, code);
        hb_glyph_extents_t fe, se;
        assert_true(hb_font_get_glyph_extents(ffont, fg, &fe));
        assert_true(hb_font_get_glyph_extents(sfont, sg, &se));
        if (memcmp(&fe, &se, sizeof fe) != 0 ||
            hb_font_get_glyph_h_advance(ffont, fg) != hb_font_get_glyph_h_advance(sfont, sg))
            fail_msg("U+%04X (code %04X) maps to another outline in the subset", cp, code);
        assert_int_equal(sd_font_advance(full, cp),
                         (int)(hb_font_get_glyph_h_advance(ffont, fg) * 1000 / hb_face_get_upem(fface)));
        checked++;
    }
    assert_true(checked > 60);
    /* the code after the last maps to nothing, and so does Unicode */
    hb_codepoint_t g;
    assert_false(hb_font_get_nominal_glyph(sfont, sd_font_code(set.n), &g));
    assert_false(hb_font_get_nominal_glyph(sfont, 0x60C5 /* 情 */, &g));
    /* libharu 2.3.0 cannot save a font whose last table ('prep') is empty
     * and ends on a 4,096-byte boundary: the subset's prep is never empty */
    hb_blob_t *prep = hb_face_reference_table(sface, HB_TAG('p', 'r', 'e', 'p'));
    assert_true(hb_blob_get_length(prep) > 0);
    hb_blob_destroy(prep);

    hb_font_destroy(ffont);
    hb_font_destroy(sfont);
    hb_face_destroy(fface);
    hb_face_destroy(sface);
    hb_blob_destroy(blob);
    sd_buf_free(&sub);
    sd_cpset_free(&set);
    sd_font_free(full);
}

/* 255 codes per lead byte: the 256th character starts the next block, and
 * no code has a zero byte (encoded text is a C string for libharu). */
static void test_codes_skip_zero_bytes(void **state)
{
    (void)state;
    assert_int_equal(sd_font_code(0), 0x0101);
    assert_int_equal(sd_font_code(254), 0x01FF);
    assert_int_equal(sd_font_code(255), 0x0201);
    for (size_t k = 0; k < SD_FONT_MAX_CODES + 1; k++) {
        unsigned c = sd_font_code(k);
        if ((c & 0xFF) == 0 || (c >> 8) == 0)
            fail_msg("code %04X for %zu has a zero byte", c, k);
        assert_int_equal(sd_font_index(c), (long)k);
    }
    assert_int_equal(sd_font_index(0x0200), -1);
    assert_int_equal(sd_font_index(0x00FF), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subset_maps_every_code_to_its_outline),
        cmocka_unit_test(test_codes_skip_zero_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
