/* test_font.c - the pieces of the font a PDF embeds: every character of a
 * report maps, through its glyph in the part's program, to the same
 * outline and advance as in the full font; characters the font lacks map
 * to .notdef; the program is deflated in zlib's format and holds only what
 * a CID font needs. */
#include <hb.h>
#include <libdeflate.h>
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

/* The part's program, inflated (its length must be program_len). */
static char *inflate_program(const sd_font_part *p)
{
    char *raw = malloc(p->program_len);
    size_t got = 0;
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    assert_int_equal(libdeflate_zlib_decompress(d, p->program.data, p->program.len, raw, p->program_len, &got),
                     LIBDEFLATE_SUCCESS);
    libdeflate_free_decompressor(d);
    assert_int_equal(got, p->program_len);
    return raw;
}

static void check_part(const sd_font *full, const sd_cpset *set, const sd_font_part *part, bool whole)
{
    char *raw = inflate_program(part);
    hb_blob_t *blob = hb_blob_create(raw, (unsigned)part->program_len, HB_MEMORY_MODE_READONLY, raw, free);
    hb_face_t *sface = hb_face_create(blob, 0);
    hb_font_t *sfont = hb_font_create(sface);
    hb_face_t *fface;
    hb_font_t *ffont = font_from_file(sd_font_path(full), &fface);
    if (!whole)
        assert_true(hb_face_get_glyph_count(sface) < hb_face_get_glyph_count(fface) / 10);
    assert_int_equal(part->chars.n, set->n);
    /* every character has a glyph of its own: the CID is the glyph, and
     * no CIDToGIDMap is written */
    assert_true(part->identity);
    assert_int_equal(part->cidmap.len, 0);
    int checked = 0;
    for (size_t k = 0; k < set->n; k++) {
        hb_codepoint_t cp = set->cps[k], fg;
        assert_true(hb_font_get_nominal_glyph(ffont, cp, &fg));
        hb_codepoint_t sg = part->gids[k];
        assert_int_equal(sd_font_part_cid(part, cp), (long)sg);
        if (sg == 0)
            fail_msg("U+%04X has no glyph in the part", cp);
        hb_glyph_extents_t fe, se;
        assert_true(hb_font_get_glyph_extents(ffont, fg, &fe));
        assert_true(hb_font_get_glyph_extents(sfont, sg, &se));
        if (memcmp(&fe, &se, sizeof fe) != 0 ||
            hb_font_get_glyph_h_advance(ffont, fg) != hb_font_get_glyph_h_advance(sfont, sg))
            fail_msg("U+%04X (glyph %u) is another outline in the part", cp, sg);
        assert_int_equal(sd_font_advance(full, cp),
                         (int)(hb_font_get_glyph_h_advance(ffont, fg) * 1000 / hb_face_get_upem(fface)));
        checked++;
    }
    assert_int_equal(checked, (int)set->n);
    if (!whole) { /* a CID font's program: outlines and metrics, no hinting, no cmap */
        static const char *const kept[] = {"glyf", "loca", "head", "hhea", "hmtx", "maxp"};
        static const char *const gone[] = {"cmap", "fpgm", "prep", "cvt ", "name", "GSUB"};
        for (size_t i = 0; i < 6; i++) {
            hb_blob_t *t = hb_face_reference_table(sface, hb_tag_from_string(kept[i], 4));
            if (!hb_blob_get_length(t))
                fail_msg("the program lacks '%s'", kept[i]);
            hb_blob_destroy(t);
            t = hb_face_reference_table(sface, hb_tag_from_string(gone[i], 4));
            if (hb_blob_get_length(t))
                fail_msg("the program keeps '%s'", gone[i]);
            hb_blob_destroy(t);
        }
    }
    hb_font_destroy(ffont);
    hb_font_destroy(sfont);
    hb_face_destroy(fface);
    hb_face_destroy(sface);
    hb_blob_destroy(blob);
}

static void test_subset_part_keeps_every_outline(void **state)
{
    (void)state;
    char err[512];
    sd_font *full = NULL;
    assert_int_equal(sd_font_open(NULL, "fonts", &full, err, sizeof err), SD_OK);
    sd_cpset set = {0};
    sd_cpset_add_utf8(&set, sample);
    sd_cpset_add(&set, ' ');
    sd_cpset_finish(&set);
    sd_font_part part;
    assert_int_equal(sd_font_part_make(full, &set, false, 6, &part, err, sizeof err), SD_OK);
    assert_true(set.n > 60);
    check_part(full, &set, &part, false);
    /* a character outside the part has no CID */
    assert_int_equal(sd_font_part_cid(&part, 0x9B31 /* 鬱 */), -1);
    assert_int_equal(sd_font_part_cid(NULL, 0x60C5), -1);
    sd_font_part_free(&part);
    sd_cpset_free(&set);
    sd_font_free(full);
}

static void test_whole_part_is_the_font_file(void **state)
{
    (void)state;
    char err[512];
    sd_font *full = NULL;
    assert_int_equal(sd_font_open(NULL, "fonts", &full, err, sizeof err), SD_OK);
    sd_cpset set = {0};
    sd_cpset_add_utf8(&set, "総合点 ＡＢＣ 髙橋");
    sd_cpset_finish(&set);
    sd_font_part part;
    assert_int_equal(sd_font_part_make(full, &set, true, 1, &part, err, sizeof err), SD_OK);
    FILE *fp = fopen(sd_font_path(full), "rb");
    fseek(fp, 0, SEEK_END);
    assert_int_equal((size_t)ftell(fp), part.program_len);
    fclose(fp);
    check_part(full, &set, &part, true);
    sd_font_part_free(&part);
    sd_cpset_free(&set);
    sd_font_free(full);
}

/* A character the font has no glyph for is drawn as .notdef (glyph 0),
 * as the whole font would draw it, instead of failing the report. */
static void test_missing_character_is_notdef(void **state)
{
    (void)state;
    char err[512];
    sd_font *full = NULL;
    assert_int_equal(sd_font_open(NULL, "fonts", &full, err, sizeof err), SD_OK);
    sd_cpset set = {0};
    sd_cpset_add(&set, 'A');
    sd_cpset_add(&set, 0xE000); /* private use: not in IPAex */
    sd_cpset_finish(&set);
    sd_font_part part;
    assert_int_equal(sd_font_part_make(full, &set, false, 6, &part, err, sizeof err), SD_OK);
    assert_int_not_equal(part.gids[0], 0);
    assert_int_equal(part.gids[1], 0);
    /* two characters may not share a CID: the map is written out */
    assert_false(part.identity);
    assert_true(part.cidmap.len > 0);
    assert_int_equal(sd_font_part_cid(&part, 'A'), 1);
    assert_int_equal(sd_font_part_cid(&part, 0xE000), 2);
    sd_font_part_free(&part);
    sd_cpset_free(&set);
    sd_font_free(full);
}

/* The batch's shared part: made once, found by every later document. */
static void test_shared_part(void **state)
{
    (void)state;
    char err[512];
    sd_font *full = NULL;
    assert_int_equal(sd_font_open(NULL, "fonts", &full, err, sizeof err), SD_OK);
    assert_null(sd_font_shared(full));
    sd_cpset set = {0};
    sd_cpset_add_utf8(&set, "結果のお知らせ");
    sd_cpset_finish(&set);
    assert_int_equal(sd_font_share(full, &set, err, sizeof err), SD_OK);
    const sd_font_part *p = sd_font_shared(full);
    assert_non_null(p);
    check_part(full, &set, p, false);
    assert_true(sd_font_part_cid(p, 0x7D50 /* 結 */) > 0);
    assert_int_equal(sd_font_part_cid(p, 0x60C5 /* 情 */), -1);
    /* an empty set is refused, never an empty font */
    sd_cpset none = {0};
    assert_int_equal(sd_font_share(full, &none, err, sizeof err), SD_ERR_FONT);
    assert_ptr_equal(sd_font_shared(full), p);
    sd_cpset_free(&set);
    sd_font_free(full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subset_part_keeps_every_outline),
        cmocka_unit_test(test_whole_part_is_the_font_file),
        cmocka_unit_test(test_missing_character_is_notdef),
        cmocka_unit_test(test_shared_part),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
