/* test_font.c - the per-document subset: every character of a report maps
 * to the same outline as in the full font after the cmap is rewritten for
 * libharu, and characters left out map to nothing. */
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "render/fontsubset.h"

static const char *sample =
    "情報セキュリティ自社診断 結果のお知らせ 株式会社ＡＢＣ製作所 総合点 94／100点 判定：一部不足 "
    "（業種・地域）「次に取り組むこと」髙橋 ①②③ ㈱ 〜 ★★ 実施していない わからない。、";

static hb_font_t *font_from_file(const char *path, hb_face_t **face_out)
{
    hb_blob_t *blob = hb_blob_create_from_file(path);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    *face_out = face;
    return hb_font_create(face);
}

static void test_subset_maps_every_character_to_its_outline(void **state)
{
    (void)state;
    char err[512];
    sd_font *full = NULL;
    assert_int_equal(sd_font_open(NULL, "fonts", &full, err, sizeof err), SD_OK);
    sd_cpset set = {0};
    sd_cpset_add_utf8(&set, sample);
    sd_font_file sub;
    assert_int_equal(sd_font_subset_file(full, &set, true, &sub, err, sizeof err), SD_OK);
    const char *path = sub.path;

    hb_face_t *fface, *sface;
    hb_font_t *ffont = font_from_file(sd_font_path(full), &fface);
    hb_font_t *sfont = font_from_file(path, &sface);
    assert_true(hb_face_get_glyph_count(sface) < hb_face_get_glyph_count(fface) / 10);

    int checked = 0;
    for (const char *p = sample; *p;) {
        hb_codepoint_t cp;
        unsigned char c = (unsigned char)*p;
        int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (int i = 1; i < n; i++)
            cp = cp << 6 | ((unsigned char)p[i] & 0x3F);
        p += n;
        hb_codepoint_t fg, sg;
        assert_true(hb_font_get_nominal_glyph(ffont, cp, &fg));
        if (!hb_font_get_nominal_glyph(sfont, cp, &sg))
            fail_msg("U+%04X missing from the subset", cp);
        hb_glyph_extents_t fe, se;
        assert_true(hb_font_get_glyph_extents(ffont, fg, &fe));
        assert_true(hb_font_get_glyph_extents(sfont, sg, &se));
        if (memcmp(&fe, &se, sizeof fe) != 0 ||
            hb_font_get_glyph_h_advance(ffont, fg) != hb_font_get_glyph_h_advance(sfont, sg))
            fail_msg("U+%04X maps to another outline in the subset", cp);
        checked++;
    }
    assert_true(checked > 60);
    /* characters not used are not there */
    hb_codepoint_t g;
    assert_false(hb_font_get_nominal_glyph(sfont, 0x732B /* 猫 */, &g));

    hb_font_destroy(ffont);
    hb_font_destroy(sfont);
    hb_face_destroy(fface);
    hb_face_destroy(sface);
    sd_font_file_close(&sub);
    sd_cpset_free(&set);
    sd_font_free(full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subset_maps_every_character_to_its_outline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
