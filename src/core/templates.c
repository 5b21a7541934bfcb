/* templates.c - load and check the files under templates/ */
#include "core/templates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ini.h"
#include "core/text.h"
#include "core/tsv.h"
#include "core/limits.h"
#include "core/platform.h"
#include "core/util.h"

#ifndef SD_DATADIR
#define SD_DATADIR "/usr/local/share/shindan/templates"
#endif

/* ---- small parsing helpers ---- */

static bool sd_parse_int(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end)
        return false;
    *out = (int)v;
    return true;
}

/* ---- questionnaire.ini ---- */

static int sd_choice_index(const char *code)
{
    static const char *const codes[SD_NCHOICES] = {"done", "partial", "none", "unknown"};
    for (int i = 0; i < SD_NCHOICES; i++)
        if (strcmp(code, codes[i]) == 0)
            return i;
    return -1;
}

static int sd_questionnaire_handler(void *user, const char *section, const char *name,
                                    const char *value)
{
    sd_ini_ctx *c = user;
    sd_templates *t = c->t;
    int idx, num;

    if (strcmp(section, "questionnaire") == 0) {
        if (strcmp(name, "title") == 0)
            return sd_ini_text(c, section, name, &t->title, value);
        if (strcmp(name, "questions") == 0) {
            if (!sd_ini_one_line(c, section, name))
                return 0;
            if (!sd_parse_int(value, &t->nquestions) || t->nquestions < 1 ||
                t->nquestions > SD_MAX_QUESTIONS)
                return sd_ini_error(c, section, name, "設問数は 1〜25 の整数にしてください");
        }
        return 1;
    }
    if (sscanf(section, "part.%d", &num) == 1) {
        if (num < 1 || num > SD_MAX_PARTS)
            return sd_ini_error(c, section, name, "分野の番号は 1〜3 です");
        sd_part *p = &t->parts[num - 1];
        if (num > t->nparts)
            t->nparts = num;
        if (strcmp(name, "name") == 0)
            return sd_ini_text(c, section, name, &p->name, value);
        if ((strcmp(name, "first") == 0 || strcmp(name, "last") == 0) && !sd_ini_one_line(c, section, name))
            return 0;
        if (strcmp(name, "first") == 0 && !sd_parse_int(value, &p->first))
            return sd_ini_error(c, section, name, "整数ではありません");
        if (strcmp(name, "last") == 0 && !sd_parse_int(value, &p->last))
            return sd_ini_error(c, section, name, "整数ではありません");
        return 1;
    }
    if (strncmp(section, "choice.", 7) == 0) {
        if ((idx = sd_choice_index(section + 7)) < 0)
            return sd_ini_error(c, section, name, "選択肢は done, partial, none, unknown です");
        sd_choice *ch = &t->choices[idx];
        if (strcmp(name, "label") == 0)
            return sd_ini_text(c, section, name, &ch->label, value);
        if (strcmp(name, "short") == 0)
            return sd_ini_text(c, section, name, &ch->short_label, value);
        if (strcmp(name, "mark") == 0)
            return sd_ini_text(c, section, name, &ch->mark, value);
        if (strcmp(name, "points") == 0) {
            if (!sd_ini_one_line(c, section, name))
                return 0;
            if (!sd_parse_int(value, &ch->points))
                return sd_ini_error(c, section, name, "整数ではありません");
        } else if (strcmp(name, "synonyms") == 0) {
            sd_ini_list(c, &ch->keys, value);
        }
        return 1;
    }
    if (sscanf(section, "band.%d", &num) == 1) {
        if (num < 1 || num > SD_MAX_BANDS)
            return sd_ini_error(c, section, name, "判定区分は 8 個までです");
        sd_band *b = &t->bands[num - 1];
        if (num > t->nbands)
            t->nbands = num;
        if ((strcmp(name, "min") == 0 || strcmp(name, "max") == 0) && !sd_ini_one_line(c, section, name))
            return 0;
        if (strcmp(name, "min") == 0 && !sd_parse_int(value, &b->min))
            return sd_ini_error(c, section, name, "整数ではありません");
        if (strcmp(name, "max") == 0 && !sd_parse_int(value, &b->max))
            return sd_ini_error(c, section, name, "整数ではありません");
        if (strcmp(name, "label") == 0)
            return sd_ini_text(c, section, name, &b->label, value);
        if (strcmp(name, "meaning") == 0)
            return sd_ini_text(c, section, name, &b->meaning, value);
        /* next (a fixed sentence per band) is read no more: what a member
         * does next follows its answers (rules/plan.c); older templates
         * that still have it load as they are */
        return 1;
    }
    if (sscanf(section, "q.%d", &num) == 1) {
        if (num < 1 || num > SD_MAX_QUESTIONS)
            return sd_ini_error(c, section, name, "設問番号は 1〜25 です");
        sd_question *q = &t->questions[num - 1];
        if (strcmp(name, "label") == 0)
            return sd_ini_text(c, section, name, &q->label, value);
        if (strcmp(name, "advice") == 0)
            return sd_ini_text(c, section, name, &q->advice, value);
        if (strcmp(name, "text") == 0)
            return sd_ini_text(c, section, name, &q->text, value);
        if (strcmp(name, "aliases") == 0) {
            sd_ini_list(c, &q->aliases, value);
            return 1;
        }
        return sd_ini_error(c, section, name, "不明な項目です");
    }
    return sd_ini_error(c, section, name, "不明な項目です");
}

static sd_error sd_check_questionnaire(sd_templates *t, char *err, size_t errlen)
{
    const char *f = "questionnaire.ini";
    if (!t->title || !t->nquestions)
        return sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s: [questionnaire] title と questions が必要です", f);
    int expect = 1;
    for (int p = 0; p < t->nparts; p++) {
        sd_part *part = &t->parts[p];
        if (!part->name || part->first != expect || part->last < part->first)
            return sd_fail(err, errlen, SD_ERR_TEMPLATE,
                           "%s: [part.%d] は設問 %d から始まり、名前を持つ必要があります", f, p + 1,
                           expect);
        for (int q = part->first; q <= part->last && q <= t->nquestions; q++)
            t->questions[q - 1].part = p;
        part->max_points = 0;
        expect = part->last + 1;
    }
    if (expect != t->nquestions + 1)
        return sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s: 分野が設問 1〜%d を隙間なく覆っていません", f,
                       t->nquestions);
    for (int i = 0; i < SD_NCHOICES; i++) {
        sd_choice *ch = &t->choices[i];
        if (!ch->label || !ch->short_label || !ch->mark || !ch->keys)
            return sd_fail(err, errlen, SD_ERR_TEMPLATE,
                           "%s: 選択肢 %d に label, short, mark, synonyms が必要です", f, i + 1);
        if (i > 0 && ch->points >= t->choices[i - 1].points)
            return sd_fail(err, errlen, SD_ERR_TEMPLATE,
                           "%s: 選択肢の点数は done > partial > none > unknown の順にしてください", f);
    }
    for (int p = 0; p < t->nparts; p++)
        t->parts[p].max_points =
            (t->parts[p].last - t->parts[p].first + 1) * t->choices[SD_CHOICE_DONE].points;
    for (int q = 0; q < t->nquestions; q++)
        if (!t->questions[q].label || !t->questions[q].advice)
            return sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s: [q.%d] に label と advice が必要です", f,
                           q + 1);
    /* Bands must cover every possible total exactly once, best first. */
    int lo = sd_min_total(t), hi = sd_max_total(t);
    int gap = sd_bands_gap(t->bands, t->nbands, lo, hi);
    for (int b = 0; b < t->nbands; b++) {
        sd_band *band = &t->bands[b];
        if (!band->label || !band->meaning)
            return sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s: [band.%d] に label と meaning が必要です",
                           f, b + 1);
        if (b == gap)
            return sd_fail(err, errlen, SD_ERR_TEMPLATE,
                           "%s: [band.%d] は %d 点から始まる必要があります（判定区分に隙間か重なりがあります）",
                           f, b + 1, b == 0 ? hi : t->bands[b - 1].min - 1);
    }
    if (gap >= 0)
        return sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s: 判定区分が %d〜%d 点をすべて覆っていません", f,
                       lo, hi);
    return SD_OK;
}

/* ---- columns.ini ---- */

static int sd_field_index(const char *name)
{
    static const char *const names[SD_FIELD_COUNT] = {
        "member_no", "name",      "industry",    "prefecture", "municipality",
        "address",   "employees", "answered_on", "sa_level"};
    for (int i = 0; i < SD_FIELD_COUNT; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

static int sd_columns_handler(void *user, const char *section, const char *name, const char *value)
{
    sd_ini_ctx *c = user;
    sd_templates *t = c->t;
    if (strcmp(section, "question") == 0) {
        char ***list = strcmp(name, "prefixes") == 0        ? &t->question_prefixes
                       : strcmp(name, "part_prefixes") == 0 ? &t->part_prefixes
                                                            : NULL;
        if (!list)
            return sd_ini_error(c, section, name, "不明な項目です");
        sd_ini_list(c, list, value);
        return 1;
    }
    if (strcmp(section, "form_tool") == 0) {
        if (strcmp(name, "ignore") != 0)
            return sd_ini_error(c, section, name, "不明な項目です");
        /* the list may be split over several `ignore =` lines, and
         * continuation lines */
        sd_ini_list_append(&t->form_meta, value);
        return 1;
    }
    int f = sd_field_index(section);
    if (f < 0)
        return sd_ini_error(c, section, name, "不明な列の種類です");
    sd_column *col = &t->columns[f];
    if (strcmp(name, "label") == 0)
        return sd_ini_text(c, section, name, &col->label, value);
    else if (strcmp(name, "required") == 0) {
        if (!sd_ini_one_line(c, section, name))
            return 0;
        col->required = strcmp(value, "yes") == 0 || strcmp(value, "true") == 0;
    } else if (strcmp(name, "synonyms") == 0)
        sd_ini_list(c, &col->keys, value);
    else if (strcmp(name, "keywords") == 0)
        sd_ini_list(c, &col->keywords, value);
    else if (strcmp(name, "weak") == 0)
        sd_ini_list(c, &col->weak, value);
    else
        return sd_ini_error(c, section, name, "不明な項目です");
    return 1;
}

/* ---- shindan.ini ---- */

const char *const sd_org_keys[SD_ORG_NFIELDS] = {"name", "department", "desk", "phone", "email", "web"};
const char *const sd_org_labels[SD_ORG_NFIELDS] = {"団体名", "部署名", "担当窓口", "電話番号", "メールアドレス",
                                                   "ウェブページ（相談窓口の案内）"};

static int sd_settings_handler(void *user, const char *section, const char *name, const char *value)
{
    sd_ini_ctx *c = user;
    sd_templates *t = c->t;
    if (strcmp(section, "organisation") == 0) {
        char **fields[SD_ORG_NFIELDS] = {&t->org_name,  &t->org_department, &t->org_desk,
                                         &t->org_phone, &t->org_email,      &t->org_web};
        for (int i = 0; i < SD_ORG_NFIELDS; i++)
            if (strcmp(name, sd_org_keys[i]) == 0) {
                if (c->override && !c->continuation) {
                    free(*fields[i]);
                    *fields[i] = NULL;
                }
                return sd_ini_text(c, section, name, fields[i], value);
            }
    } else if (strcmp(section, "privacy") == 0 && strcmp(name, "min_group") == 0) {
        if (!sd_ini_one_line(c, section, name))
            return 0;
        if (!sd_parse_int(value, &t->min_group) || t->min_group < 1)
            return sd_ini_error(c, section, name, "1 以上の整数にしてください");
    } else if (strcmp(section, "security_action") == 0) {
        int level = strcmp(name, "none") == 0        ? 0
                    : strcmp(name, "one_star") == 0  ? 1
                    : strcmp(name, "two_stars") == 0 ? 2
                                                     : -1;
        if (level < 0)
            return sd_ini_error(c, section, name, "none, one_star, two_stars のいずれかです");
        sd_ini_list(c, &t->sa_keys[level], value);
    } else if (strcmp(section, "output") == 0) {
        if (!sd_ini_one_line(c, section, name))
            return 0;
        if (strcmp(name, "group_readable") != 0)
            return sd_ini_error(c, section, name, "group_readable だけが書けます");
        char *k = sd_text_key(value);
        bool yes = k && (strcmp(k, "yes") == 0 || strcmp(k, "はい") == 0 || strcmp(k, "true") == 0 || strcmp(k, "1") == 0);
        bool no = k && (strcmp(k, "no") == 0 || strcmp(k, "いいえ") == 0 || strcmp(k, "false") == 0 || strcmp(k, "0") == 0);
        free(k);
        if (!yes && !no)
            return sd_ini_error(c, section, name, "yes か no にしてください");
        t->group_readable = yes;
    } else if (strcmp(section, "limits") == 0) {
        int v;
        if (!sd_ini_one_line(c, section, name))
            return 0;
        if (!sd_parse_int(value, &v) || v < 1)
            return sd_ini_error(c, section, name, "1 以上の整数にしてください");
        const char *why = sd_limits_set(name, v);
        if (why)
            return sd_ini_error(c, section, name, why);
    }
    return 1;
}

/* ---- form.ini ---- */

static int sd_form_handler(void *user, const char *section, const char *name, const char *value)
{
    sd_ini_ctx *c = user;
    sd_form *f = &c->t->form;
    if (strcmp(section, "form") != 0)
        return 1;
    if (!sd_ini_one_line(c, section, name))
        return 0;
    if (strcmp(name, "number_column") == 0 || strcmp(name, "answer_column") == 0) {
        int col = sd_column_index(value);
        if (col < 0 || col > 700)
            return sd_ini_error(c, section, name, "列は A, B, … AZ のような英字で書いてください");
        *(name[0] == 'n' ? &f->number_col : &f->answer_col) = col;
    } else if (strcmp(name, "detail_reach") == 0 || strcmp(name, "max_rows") == 0) {
        int v;
        if (!sd_parse_int(value, &v) || v < 1 || v > 100000)
            return sd_ini_error(c, section, name, "1 以上の整数にしてください");
        *(name[0] == 'd' ? &f->detail_reach : &f->max_rows) = v;
    } else {
        return sd_ini_error(c, section, name, "number_column, answer_column, detail_reach, max_rows のいずれかです");
    }
    return 1;
}

/* ---- TSV files ---- */

typedef int (*sd_tsv_row_fn)(sd_templates *t, char **cols, size_t ncols);

typedef struct {
    sd_templates *t;
    const char *file;
    sd_tsv_row_fn fn;
} sd_tsv_rows;

static sd_error sd_tsv_row(void *ctx, char **cols, size_t n, int lineno, char *err, size_t errlen)
{
    sd_tsv_rows *r = ctx;
    if (!r->fn(r->t, cols, n))
        return sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s: %d 行目の形式が正しくありません", r->file, lineno);
    return SD_OK;
}

static sd_error sd_load_tsv(sd_templates *t, const char *file, sd_tsv_row_fn fn, char *err, size_t errlen)
{
    char *path = sd_xasprintf("%s/%s", t->dir, file);
    sd_tsv_rows rows = {.t = t, .file = file, .fn = fn};
    sd_error rc = sd_tsv_read(path, sd_tsv_row, &rows, err, errlen);
    free(path);
    return rc;
}

static int sd_industry_row(sd_templates *t, char **cols, size_t n)
{
    if (n < 4 || strlen(cols[0]) != 1 || cols[0][0] < 'A' || cols[0][0] > 'T')
        return 0;
    sd_industry *ind = &t->industries[cols[0][0] - 'A'];
    if (ind->letter)
        return 0; /* listed twice */
    ind->letter = cols[0][0];
    ind->name = sd_xstrdup(cols[1]);
    ind->short_name = sd_xstrdup(cols[2]);
    /* The letter, the full name and the short name always match too. */
    char *all = sd_xasprintf("%s|%s|%s|%s", cols[0], cols[1], cols[2], cols[3]);
    ind->keys = sd_ini_keys(all);
    free(all);
    return 1;
}

static int sd_prefecture_row(sd_templates *t, char **cols, size_t n)
{
    int code;
    if (n < 3 || !sd_parse_int(cols[0], &code) || code < 1 || code > SD_NPREFECTURES)
        return 0;
    sd_prefecture *p = &t->prefectures[code - 1];
    if (p->code)
        return 0;
    p->code = code;
    p->name = sd_xstrdup(cols[1]);
    p->short_name = sd_xstrdup(cols[2]);
    p->name_key = sd_xstrdup(cols[1]);
    p->short_key = sd_xstrdup(cols[2]);
    sd_places_fold(p->name_key);
    sd_places_fold(p->short_key);
    return 1;
}

static int sd_size_row(sd_templates *t, char **cols, size_t n)
{
    int id, lo, hi;
    if (n < 4 || !sd_parse_int(cols[0], &id) || !sd_parse_int(cols[2], &lo) ||
        !sd_parse_int(cols[3], &hi) || id != t->nsize_bands + 1 || id > SD_MAX_SIZE_BANDS)
        return 0;
    int expect_lo = id == 1 ? 1 : t->size_bands[id - 2].max + 1;
    if (lo != expect_lo || (hi != 0 && hi < lo) || (id > 1 && t->size_bands[id - 2].max == 0))
        return 0;
    sd_size_band *b = &t->size_bands[t->nsize_bands++];
    b->id = id;
    b->label = sd_xstrdup(cols[1]);
    b->min = lo;
    b->max = hi;
    return 1;
}

sd_error sd_templates_load(const char *dir, sd_templates **out, char *err, size_t errlen)
{
    sd_templates *t = sd_xcalloc(1, sizeof *t);
    t->dir = sd_xstrdup(dir);
    t->min_group = 5;
    t->form = (sd_form){.number_col = 0, .answer_col = 3, .detail_reach = 16, .max_rows = 500};
    sd_error rc;
    *out = NULL;

    if ((rc = sd_ini_load(t, t->dir, "questionnaire.ini", sd_questionnaire_handler, err, errlen)) ||
        (rc = sd_check_questionnaire(t, err, errlen)) ||
        (rc = sd_ini_load(t, t->dir, "columns.ini", sd_columns_handler, err, errlen)) ||
        (rc = sd_ini_load(t, t->dir, "shindan.ini", sd_settings_handler, err, errlen)) ||
        (rc = sd_ini_load(t, t->dir, "report.ini", sd_catalogue_handler, err, errlen)) ||
        (rc = sd_ini_load(t, t->dir, "form.ini", sd_form_handler, err, errlen)) ||
        (rc = sd_load_tsv(t, "industries.tsv", sd_industry_row, err, errlen)) ||
        (rc = sd_load_tsv(t, "prefectures.tsv", sd_prefecture_row, err, errlen)) ||
        (rc = sd_load_tsv(t, "size_bands.tsv", sd_size_row, err, errlen)))
        goto cleanup;
    /* the industry words: the organisation's first, then the classification */
    t->industry_words = sd_jsic_new();
    for (int i = 0; i < SD_NINDUSTRIES; i++)
        for (char **k = t->industries[i].keys; k && *k; k++)
            sd_jsic_add(t->industry_words, *k, t->industries[i].letter, 1);
    char *words_path = sd_xasprintf("%s/industry_words.tsv", t->dir);
    char *jsic_path = sd_xasprintf("%s/jsic.tsv", t->dir);
    rc = sd_jsic_load(t->industry_words, words_path, 1, err, errlen);
    if (rc == SD_OK)
        rc = sd_jsic_load(t->industry_words, jsic_path, 0, err, errlen);
    free(words_path);
    free(jsic_path);
    if (rc)
        goto cleanup;
    sd_jsic_finish(t->industry_words);
    char *muni_path = sd_xasprintf("%s/municipalities.tsv", t->dir);
    rc = sd_places_load(muni_path, &t->places, err, errlen);
    free(muni_path);
    if (rc)
        goto cleanup;

    for (int i = 0; i < SD_NINDUSTRIES; i++)
        if (!t->industries[i].letter) {
            rc = sd_fail(err, errlen, SD_ERR_TEMPLATE, "industries.tsv: 業種 %c がありません", 'A' + i);
            goto cleanup;
        }
    for (int i = 0; i < SD_NPREFECTURES; i++)
        if (!t->prefectures[i].code) {
            rc = sd_fail(err, errlen, SD_ERR_TEMPLATE, "prefectures.tsv: コード %02d がありません", i + 1);
            goto cleanup;
        }
    if (t->nsize_bands == 0 || t->size_bands[t->nsize_bands - 1].max != 0) {
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE, "size_bands.tsv: 最後の区分は上限なし（0）にしてください");
        goto cleanup;
    }
    for (int f = 0; f < SD_FIELD_COUNT; f++)
        if (!t->columns[f].label || !t->columns[f].keys) {
            rc = sd_fail(err, errlen, SD_ERR_TEMPLATE, "columns.ini: 列 %d に label と synonyms が必要です",
                         f + 1);
            goto cleanup;
        }
    if (!t->question_prefixes) {
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE, "columns.ini: [question] prefixes が必要です");
        goto cleanup;
    }
    /* optional lists default to empty, so matching needs no NULL checks */
    char ***lists[] = {&t->part_prefixes, &t->form_meta};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (!*lists[i])
            *lists[i] = sd_xcalloc(1, sizeof(char *));
    for (int f = 0; f < SD_FIELD_COUNT; f++) {
        if (!t->columns[f].keywords)
            t->columns[f].keywords = sd_xcalloc(1, sizeof(char *));
        if (!t->columns[f].weak)
            t->columns[f].weak = sd_xcalloc(1, sizeof(char *));
    }
    for (int q = 0; q < t->nquestions; q++)
        if (!t->questions[q].aliases)
            t->questions[q].aliases = sd_xcalloc(1, sizeof(char *));
    for (int i = 0; i < 3; i++)
        if (!t->sa_keys[i]) {
            rc = sd_fail(err, errlen, SD_ERR_TEMPLATE,
                         "shindan.ini: [security_action] に none, one_star, two_stars が必要です");
            goto cleanup;
        }
    if (!t->org_name)
        t->org_name = sd_xstrdup("");
    char **org[] = {&t->org_department, &t->org_desk, &t->org_phone, &t->org_email, &t->org_web};
    for (size_t i = 0; i < sizeof org / sizeof org[0]; i++)
        if (!*org[i])
            *org[i] = sd_xstrdup("");
    if ((rc = sd_catalogue_finish(&t->texts, err, errlen)))
        goto cleanup;
    *out = t;
    return SD_OK;

cleanup:
    sd_templates_free(t);
    return rc;
}

void sd_templates_free(sd_templates *t)
{
    if (!t)
        return;
    free(t->dir);
    free(t->title);
    for (int i = 0; i < SD_MAX_PARTS; i++)
        free(t->parts[i].name);
    for (int i = 0; i < SD_NCHOICES; i++) {
        free(t->choices[i].label);
        free(t->choices[i].short_label);
        free(t->choices[i].mark);
        sd_strv_free(t->choices[i].keys);
    }
    for (int i = 0; i < SD_MAX_BANDS; i++) {
        free(t->bands[i].label);
        free(t->bands[i].meaning);
    }
    for (int i = 0; i < SD_MAX_QUESTIONS; i++) {
        free(t->questions[i].label);
        free(t->questions[i].advice);
        free(t->questions[i].text);
        sd_strv_free(t->questions[i].aliases);
    }
    for (int i = 0; i < SD_NINDUSTRIES; i++) {
        free(t->industries[i].name);
        free(t->industries[i].short_name);
        sd_strv_free(t->industries[i].keys);
    }
    for (int i = 0; i < SD_NPREFECTURES; i++) {
        free(t->prefectures[i].name);
        free(t->prefectures[i].short_name);
        free(t->prefectures[i].name_key);
        free(t->prefectures[i].short_key);
    }
    sd_places_free(t->places);
    sd_jsic_free(t->industry_words);
    free(t->settings_path);
    for (int i = 0; i < SD_MAX_SIZE_BANDS; i++)
        free(t->size_bands[i].label);
    for (int i = 0; i < SD_FIELD_COUNT; i++) {
        free(t->columns[i].label);
        sd_strv_free(t->columns[i].keys);
        sd_strv_free(t->columns[i].keywords);
        sd_strv_free(t->columns[i].weak);
    }
    sd_strv_free(t->question_prefixes);
    sd_strv_free(t->part_prefixes);
    sd_strv_free(t->form_meta);
    sd_catalogue_clear(&t->texts);
    free(t->org_name);
    free(t->org_department);
    free(t->org_desk);
    free(t->org_phone);
    free(t->org_email);
    free(t->org_web);
    for (int i = 0; i < 3; i++)
        sd_strv_free(t->sa_keys[i]);
    free(t);
}

/* A templates folder next to the running program: the checkout's
 * templates/ for build/shindan, PREFIX/share/shindan/templates for an
 * installed PREFIX/bin/shindan (whatever PREFIX was); on Windows the
 * templates folder beside shindan.exe. */
static const char *sd_templates_near_exe(void)
{
    static char found[4096];
    char *exe = sd_program_dir();
    if (!exe)
        return NULL;
#ifdef _WIN32
    /* the release folder: templates\ beside shindan.exe */
    static const char *const rel[] = {"/templates"};
#else
    static const char *const rel[] = {"/../templates", "/../share/shindan/templates"};
#endif
    const char *hit = NULL;
    for (size_t i = 0; i < sizeof rel / sizeof rel[0] && !hit; i++) {
        char probe[4200];
        snprintf(found, sizeof found, "%s%s", exe, rel[i]);
        snprintf(probe, sizeof probe, "%s/questionnaire.ini", found);
        if (sd_file_exists(probe))
            hit = found;
    }
    free(exe);
    return hit;
}

const char *sd_templates_find(const char *explicit_dir)
{
    if (explicit_dir)
        return explicit_dir;
    const char *env = getenv("SHINDAN_TEMPLATES");
    if (env && *env)
        return env;
    if (sd_file_exists("templates/questionnaire.ini"))
        return "templates";
    const char *near = sd_templates_near_exe();
    if (near)
        return near;
    if (sd_file_exists(SD_DATADIR "/questionnaire.ini"))
        return SD_DATADIR;
    return NULL;
}

const sd_industry *sd_industry_by_letter(const sd_templates *t, char letter)
{
    if (letter < 'A' || letter > 'T')
        return NULL;
    return &t->industries[letter - 'A'];
}

const sd_prefecture *sd_prefecture_by_name(const sd_templates *t, const char *name)
{
    for (int i = 0; i < SD_NPREFECTURES; i++)
        if (strcmp(name, t->prefectures[i].name) == 0 || strcmp(name, t->prefectures[i].short_name) == 0)
            return &t->prefectures[i];
    return NULL;
}

const sd_size_band *sd_size_band_by_id(const sd_templates *t, int id)
{
    return (id >= 1 && id <= t->nsize_bands) ? &t->size_bands[id - 1] : NULL;
}

/* ---- the settings file ---- */

char *sd_settings_find(const char *explicit_path)
{
    if (explicit_path)
        return sd_xstrdup(explicit_path);
    const char *env = getenv("SHINDAN_CONFIG");
    if (env)
        return *env ? sd_xstrdup(env) : NULL;
    char *candidates[3] = {sd_xstrdup("shindan.ini"), NULL, sd_xstrdup("/etc/shindan/shindan.ini")};
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg == '/')
        candidates[1] = sd_xasprintf("%s/shindan/shindan.ini", xdg);
    else if (home && *home)
        candidates[1] = sd_xasprintf("%s/.config/shindan/shindan.ini", home);
    char *found = NULL;
    for (int i = 0; i < 3; i++) {
        if (!found && candidates[i] && sd_file_exists(candidates[i]))
            found = candidates[i];
        else
            free(candidates[i]);
    }
    return found;
}

sd_error sd_templates_apply_settings(sd_templates *t, const char *path, char *err, size_t errlen)
{
    if (!sd_file_exists(path))
        return sd_fail(err, errlen, SD_ERR_TEMPLATE,
                       "設定ファイル %s が見つかりません（--config か環境変数 SHINDAN_CONFIG の指定を確かめてください）",
                       path);
    free(t->settings_path);
    t->settings_path = sd_xstrdup(path);
    const char *base = strrchr(path, '/');
    return sd_ini_load_at(t, t->dir, base ? base + 1 : path, sd_xstrdup(path), true, sd_settings_handler, err,
                          errlen);
}
