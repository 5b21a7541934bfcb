/* headers.c - what one header cell names: a field, a question, a form
 * tool's own column, or nothing. Never a guess: a header that could be two
 * things says so, and the mapping refuses the file. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"
#include "ingest/mapping.h"

/* ---- text similarity of a header to a question ---- */

/* Code points of s, without the endings every question shares
 * (…していますか？) and without brackets and punctuation, so only the
 * words that tell questions apart are compared. */
static size_t sd_codepoints(const char *s, int32_t *out, size_t cap)
{
    size_t n = 0;
    const char *p = s;
    while (*p && n < cap) {
        int32_t cp = sd_utf8_next(&p);
        if (cp <= 0)
            continue;
        if (cp < 0x80 && strchr("?!()[]\"'-/~", (int)cp))
            continue;
        if (cp == 0xFF1F || cp == 0x300C || cp == 0x300D || cp == 0x3002 || cp == 0xFF08 || cp == 0xFF09 ||
            cp == 0x3010 || cp == 0x3011 || cp == 0x301C || cp == 0xFF5E)
            continue;
        out[n++] = cp;
    }
    static const char *const endings[] = {"していますか", "いますか", "ますか",
                                          "ですか",       "している", "します"};
    for (size_t e = 0; e < sizeof endings / sizeof endings[0]; e++) {
        int32_t tail[16];
        size_t tn = 0;
        const char *q = endings[e];
        while (*q && tn < 16)
            tail[tn++] = sd_utf8_next(&q);
        if (n >= tn && memcmp(out + n - tn, tail, tn * sizeof *tail) == 0) {
            n -= tn;
            break;
        }
    }
    return n;
}

/* Dice coefficient of the character bigrams of a and b (0..1). */
static double sd_dice(const char *a, const char *b)
{
    int32_t x[512], y[512];
    size_t nx = sd_codepoints(a, x, 512), ny = sd_codepoints(b, y, 512);
    if (nx < 2 || ny < 2)
        return 0;
    bool *used = sd_xcalloc(ny, sizeof *used);
    size_t common = 0;
    for (size_t i = 0; i + 1 < nx; i++)
        for (size_t j = 0; j + 1 < ny; j++)
            if (!used[j] && x[i] == y[j] && x[i + 1] == y[j + 1]) {
                used[j] = true;
                common++;
                break;
            }
    free(used);
    return 2.0 * (double)common / (double)((nx - 1) + (ny - 1));
}

/* How well text (a normalised key) names question q: 1 for an alias or its
 * label exactly, else the best bigram similarity to its text and label. */
static double sd_question_score(const sd_templates *t, int q, const char *text)
{
    const sd_question *qq = &t->questions[q];
    for (char **a = qq->aliases; *a; a++)
        if (strcmp(*a, text) == 0)
            return 1.0;
    char *label = sd_text_key(qq->label);
    double best = label && strcmp(label, text) == 0 ? 1.0 : 0;
    if (best < 1.0) {
        double s = label ? sd_dice(text, label) : 0;
        best = s > best ? s : best;
        char *full = qq->text ? sd_text_key(qq->text) : NULL;
        if (full) {
            s = sd_dice(text, full);
            best = s > best ? s : best;
        }
        free(full);
    }
    free(label);
    return best;
}

/* The question text matches best, its score, and the runner-up's. */
static int sd_best_question(const sd_templates *t, const char *text, double *best, double *second)
{
    int arg = -1;
    *best = *second = 0;
    for (int q = 0; q < t->nquestions; q++) {
        double s = sd_question_score(t, q, text);
        if (s > *best) {
            *second = *best;
            *best = s;
            arg = q;
        } else if (s > *second) {
            *second = s;
        }
    }
    return arg;
}

/* A text names a question clearly when it is close to one and well ahead
 * of the next; "close but not ahead" is ambiguous. */
#define SD_Q_CLEAR 0.40  /* similarity that makes a question */
#define SD_Q_AHEAD 0.12  /* lead over the runner-up */
#define SD_Q_AGREES 0.22 /* a numbered header's text agreeing with its number */

/* ---- taking a header apart ---- */

/* The highest number a header may carry as an item number (a form that
 * numbers its details and questions together). */
#define SD_NUMBER_MAX 99

#define SD_NWORDS(a) (sizeof(a) / sizeof(a)[0])

/* Words after a question's number (normalised keys) that make the column a
 * companion of the answer, never the answer: a comment or note beside it
 * (Q1コメント, 問3 備考)… */
static const char *const sd_comment_words[] = {
    "コメント", "コメント欄", "備考",   "理由", "回答理由", "補足", "メモ", "意見",
    "自由記述", "具体的に",   "その他", "詳細", "特記事項", "判定", "評価", "結果"};
/* … or its points (Q1点, 問1得点): a helper column beside word answers */
static const char *const sd_points_words[] = {"点",    "点数",  "得点",   "配点", "スコア",
                                              "score", "point", "points", "pt"};
/* A whole header that is a total or a verdict over the answers (合計,
 * 判定), or a part's (基本的対策計, パート1合計): never an answer. */
static const char *const sd_total_words[] = {"合計",     "合計点",   "総合点",   "総合計", "総点",   "総得点",
                                             "得点",     "点数",     "小計",     "計",     "判定",   "評価",
                                             "総合評価", "判定結果", "診断結果", "ランク", "スコア", "total"};

static bool sd_in_words(const char *const *words, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(words[i], key) == 0)
            return true;
    return false;
}

static bool sd_in_list(char **list, const char *key)
{
    for (char **k = list; k && *k; k++)
        if (strcmp(*k, key) == 0)
            return true;
    return false;
}

static bool sd_contains_any(char **list, const char *key)
{
    for (char **k = list; k && *k; k++)
        if (**k && strstr(key, *k))
            return true;
    return false;
}

/* Removes notes in brackets: （正式名称）, (半角), 【…】 at the end … but
 * keeps a Google grid's trailing [item], which is the point. */
static char *sd_strip_notes(const char *key)
{
    static const char *const open[] = {"(", "【", "〔", "<", "《"};
    static const char *const close[] = {")", "】", "〕", ">", "》"};
    char *s = sd_xstrdup(key);
    for (size_t b = 0; b < sizeof open / sizeof open[0]; b++) {
        char *o;
        while ((o = strstr(s, open[b]))) {
            char *c = strstr(o + strlen(open[b]), close[b]);
            if (!c)
                break;
            memmove(o, c + strlen(close[b]), strlen(c + strlen(close[b])) + 1);
        }
    }
    return s;
}

/* Parses a leading question number. key is normalised (NFKC: ① is "1",
 * （1） is "(1)"). Forms: a prefix then digits (q1, 問1, 設問1, no1),
 * digits in brackets ([1], (1), 〔1〕), digits then ) or 】, bare digits.
 * Returns the number (0 for none), *rest the text after it, *bare true
 * when nothing but the digits said "question". */
static int sd_leading_number(const sd_templates *t, const char *key, const char **rest, bool *bare)
{
    const char *p = key;
    *bare = false;
    bool prefixed = false;
    for (char **pre = t->question_prefixes; *pre && !prefixed; pre++)
        if (sd_starts_with(p, *pre) && isdigit((unsigned char)p[strlen(*pre)])) {
            p += strlen(*pre);
            prefixed = true;
        }
    bool bracket = false;
    static const char *const open[] = {"[", "(", "〔", "【"};
    static const char *const close[] = {"]", ")", "〕", "】"};
    size_t which = 0;
    for (size_t b = 0; !prefixed && b < sizeof open / sizeof open[0]; b++)
        if (sd_starts_with(p, open[b]) && isdigit((unsigned char)p[strlen(open[b])])) {
            p += strlen(open[b]);
            bracket = true;
            which = b;
            break;
        }
    if (!isdigit((unsigned char)*p))
        return 0;
    char *end;
    long n = strtol(p, &end, 10);
    /* beyond the questions too: a form tool numbers every item (details
     * 1-5, questions 6-30), and the caller checks the text; a year is no
     * number */
    if (n < 1 || n > SD_NUMBER_MAX)
        return 0;
    if (bracket) {
        if (!sd_starts_with(end, close[which]))
            return 0;
        end += strlen(close[which]);
    } else if (!prefixed) {
        /* bare digits: a closing mark right after counts as a bracket */
        if (*end == ')' || sd_starts_with(end, "】") || sd_starts_with(end, "〕") || *end == ']')
            end += *end == ')' || *end == ']' ? 1 : strlen("】");
        else
            *bare = true;
    }
    /* numbered per part, 1-1 … 3-7: the part, then the question within it */
    if (*end == '-' && isdigit((unsigned char)end[1]) && n <= t->nparts) {
        char *after;
        long k = strtol(end + 1, &after, 10);
        const sd_part *part = &t->parts[n - 1];
        if (k >= 1 && k <= part->last - part->first + 1) {
            n = part->first + k - 1;
            end = after;
        }
    }
    /* "問7" then a separator, "Q1-" … */
    while (*end == '-' || *end == '=')
        end++;
    *rest = end;
    return (int)n;
}

/* Skips a part heading in front: 【基本的対策】 (already a note), part1,
 * パート1, 第1部, or a part's own name. */
static const char *sd_skip_part(const sd_templates *t, const char *key)
{
    for (char **pre = t->part_prefixes; *pre; pre++)
        if (sd_starts_with(key, *pre)) {
            const char *p = key + strlen(*pre);
            if (!isdigit((unsigned char)*p))
                continue;
            while (isdigit((unsigned char)*p))
                p++;
            if (sd_starts_with(p, "部"))
                p += strlen("部");
            while (*p == '-' || *p == ')')
                p++;
            return p;
        }
    for (int i = 0; i < t->nparts; i++) {
        char *name = sd_text_key(t->parts[i].name);
        size_t len = name ? strlen(name) : 0;
        bool hit = len && sd_starts_with(key, name) && key[len];
        free(name);
        if (hit)
            return key + len;
    }
    return key;
}

/* The text inside a trailing [ ] (a Google Forms grid row), or NULL. */
static char *sd_grid_item(const char *key)
{
    size_t n = strlen(key);
    if (n < 3 || key[n - 1] != ']')
        return NULL;
    const char *open = NULL;
    for (const char *p = key; (p = strchr(p, '[')); p++)
        open = p;
    if (!open || open == key)
        return NULL;
    return sd_xstrndup(open + 1, (size_t)(key + n - 1 - open - 1));
}

/* Classifies a question candidate from its text (no number). */
static void sd_text_question(const sd_templates *t, const char *text, sd_col_match *m)
{
    double best, second;
    int q = sd_best_question(t, text, &best, &second);
    if (q < 0 || best < SD_Q_CLEAR)
        return;
    if (best - second < SD_Q_AHEAD && best < 1.0) {
        m->kind = SD_COL_AMBIGUOUS;
        snprintf(m->note, sizeof m->note, "どの設問か決められません（Q%d とも他の設問とも読めます）", q + 1);
        return;
    }
    m->kind = SD_COL_QUESTION;
    m->question = q + 1;
    m->strength = 1;
}

/* The choice a word names (実施している, 一部実施, わからない, ○), or -1. */
static int sd_choice_word(const sd_templates *t, const char *key)
{
    for (int k = 0; k < SD_NCHOICES; k++)
        if (sd_in_list(t->choices[k].keys, key))
            return k;
    return -1;
}

/* The field a short text names: exactly one synonym or one keyword (a
 * form's "1. 会員番号"), or -1. */
static int sd_text_field(const sd_templates *t, const char *text)
{
    int found = -1, count = 0;
    for (int f = 0; f < SD_FIELD_COUNT; f++)
        if (sd_in_list(t->columns[f].keys, text))
            return f;
    for (int f = 0; f < SD_FIELD_COUNT; f++)
        if (sd_contains_any(t->columns[f].keywords, text)) {
            found = found < 0 ? f : found;
            count++;
        }
    return count == 1 ? found : -1;
}

/* A column beside question q named by the word after its number: one of
 * its choices (Q1_実施している), its points (Q1点) or a comment (Q1コメント).
 * Returns true with m filled, false for any other word. */
static bool sd_companion_of(const sd_templates *t, int q, const char *word, sd_col_match *m)
{
    int choice = sd_choice_word(t, word);
    if (choice >= 0) {
        m->kind = SD_COL_CHOICE;
        m->question = q;
        m->choice = choice;
        m->strength = 2;
        return true;
    }
    if (sd_in_words(sd_points_words, SD_NWORDS(sd_points_words), word)) {
        m->kind = SD_COL_POINTS;
        m->question = q;
        m->strength = 2;
        return true;
    }
    if (sd_in_words(sd_comment_words, SD_NWORDS(sd_comment_words), word)) {
        m->kind = SD_COL_COMPANION;
        m->question = q;
        snprintf(m->note, sizeof m->note, "Q%d に添えた列です（回答ではありません）", q);
        return true;
    }
    return false;
}

/* A total or a verdict (合計, 判定, 基本的対策計, パート1合計). */
static bool sd_is_total(const sd_templates *t, const char *key)
{
    if (sd_in_words(sd_total_words, SD_NWORDS(sd_total_words), key))
        return true;
    const char *rest = sd_skip_part(t, key);
    return rest != key && sd_in_words(sd_total_words, SD_NWORDS(sd_total_words), rest);
}

/* A code column of a field: its synonym then コード, code or cd (業種コード,
 * 業種CD). Returns the field or -1; *alone is true when the header is
 * itself the field's synonym (業種コード may stand for 業種 alone). */
static int sd_code_field(const sd_templates *t, const char *key, bool *alone)
{
    static const char *const suffixes[] = {"コード", "code", "cd"};
    size_t n = strlen(key);
    for (size_t s = 0; s < SD_NWORDS(suffixes); s++) {
        size_t sl = strlen(suffixes[s]);
        if (n <= sl || strcmp(key + n - sl, suffixes[s]) != 0)
            continue;
        char *stem = sd_xstrndup(key, n - sl);
        int found = -1;
        for (int f = 0; f < SD_FIELD_COUNT && found < 0; f++)
            if (sd_in_list(t->columns[f].keys, stem))
                found = f;
        free(stem);
        if (found >= 0) {
            *alone = sd_in_list(t->columns[found].keys, key);
            return found;
        }
    }
    return -1;
}

/* A numbered header: n and the text after it. Its text must agree with
 * the number, or name a field (a form numbering its details), or name
 * another question clearly (kept as number and text: the mapping accepts
 * a form tool's offset only when every column shows the same one). */
static void sd_numbered(const sd_templates *t, int n, const char *text, bool bare, sd_col_match *m)
{
    m->number = n;
    bool in_range = n <= t->nquestions;
    if (!*text) {
        if (in_range) {
            m->kind = SD_COL_QUESTION;
            m->question = n;
            m->strength = 3;
        }
        return;
    }
    if (in_range && sd_companion_of(t, n, text, m))
        return;
    double own = in_range ? sd_question_score(t, n - 1, text) : 0, best, second;
    int q = sd_best_question(t, text, &best, &second);
    if (q >= 0 && best >= SD_Q_CLEAR && best - second >= SD_Q_AHEAD)
        m->text_question = q + 1;
    int field;
    if (in_range && (own >= SD_Q_AGREES || (q == n - 1 && best >= SD_Q_AGREES))) {
        m->kind = SD_COL_QUESTION;
        m->question = n;
        m->strength = 2;
    } else if (m->text_question) {
        m->kind = SD_COL_AMBIGUOUS;
        snprintf(m->note, sizeof m->note, "番号は Q%d ですが、文は Q%d のものです", n, m->text_question);
    } else if ((field = sd_text_field(t, text)) >= 0) {
        m->kind = SD_COL_FIELD;
        m->field = field;
        m->strength = 2;
    } else if (!bare && in_range) {
        /* Q7 with a short text of its own: the number says it */
        m->kind = SD_COL_QUESTION;
        m->question = n;
        m->strength = 2;
    }
    /* else bare digits and unrelated text (1つ星, 5か条): not a question */
}

sd_col_match sd_header_classify(const sd_templates *t, const char *header)
{
    sd_col_match m = {.kind = SD_COL_UNKNOWN, .field = -1};
    char *key = sd_text_key(header);
    char *plain = NULL, *grid = NULL;
    if (!key || !*key)
        goto done;
    /* 0. a code column of a field (業種コード beside 業種) */
    bool alone = false;
    int code = sd_code_field(t, key, &alone);
    if (code >= 0) {
        m.kind = SD_COL_FIELD;
        m.field = code;
        m.code = true;
        m.strength = alone ? 3 : 0;
        goto done;
    }
    /* 1. a field's exact name */
    for (int f = 0; f < SD_FIELD_COUNT; f++)
        if (sd_in_list(t->columns[f].keys, key)) {
            m.kind = SD_COL_FIELD;
            m.field = f;
            m.strength = 3;
            goto done;
        }
    /* 2. an online form's own column (ID, 名前, 開始時刻 …) */
    if (sd_in_list(t->form_meta, key)) {
        m.kind = SD_COL_FORM_TOOL;
        goto done;
    }
    /* 3. a field taken only when nothing stronger claims it (No., タイムスタンプ) */
    for (int f = 0; f < SD_FIELD_COUNT; f++)
        if (sd_in_list(t->columns[f].weak, key)) {
            m.kind = SD_COL_FIELD;
            m.field = f;
            m.strength = 1;
            goto done;
        }
    /* 3b. a total or a verdict (合計, 判定) */
    if (sd_is_total(t, key)) {
        m.kind = SD_COL_COMPANION;
        snprintf(m.note, sizeof m.note, "合計や判定の列です（回答ではありません）");
        goto done;
    }
    /* 4. a question: by a grid's [item] (its number, its text, or one of
     *    its choices), by number (its text, when there is one, must
     *    agree), or by its own text. A grid's item comes first: digits in
     *    the title (5分でできる！…) are no question number. */
    plain = sd_strip_notes(key);
    grid = sd_grid_item(plain);
    const char *body = sd_skip_part(t, plain);
    const char *rest = NULL;
    bool bare = false;
    if (grid) {
        int gn = sd_leading_number(t, grid, &rest, &bare);
        if (gn) {
            sd_numbered(t, gn, rest, bare, &m);
            if (m.kind != SD_COL_UNKNOWN)
                goto done;
        } else {
            /* the title's question with a choice, points or a comment */
            char *title = sd_xstrndup(plain, (size_t)(strrchr(plain, '[') - plain));
            sd_col_match tm = sd_header_classify(t, title);
            free(title);
            if (tm.kind == SD_COL_QUESTION && sd_companion_of(t, tm.question, grid, &m))
                goto done;
            sd_text_question(t, grid, &m);
            if (m.kind != SD_COL_UNKNOWN)
                goto done;
        }
        m = (sd_col_match){.kind = SD_COL_UNKNOWN, .field = -1};
    }
    int n = sd_leading_number(t, body, &rest, &bare);
    if (n)
        sd_numbered(t, n, rest, bare, &m);
    else
        sd_text_question(t, body, &m);
    /* 5. a field asked in a sentence (貴社名を入力してください) */
    if (m.kind == SD_COL_UNKNOWN) {
        int found = -1, count = 0;
        for (int f = 0; f < SD_FIELD_COUNT; f++)
            if (sd_contains_any(t->columns[f].keywords, plain)) {
                found = found < 0 ? f : found;
                count++;
            }
        /* 所在地の市区町村, 所在地（都道府県）: the more specific place wins */
        if (count == 2 && sd_contains_any(t->columns[SD_FIELD_ADDRESS].keywords, plain) &&
            (found == SD_FIELD_PREFECTURE || found == SD_FIELD_MUNICIPALITY))
            count = 1;
        if (count == 1) {
            m.kind = SD_COL_FIELD;
            m.field = found;
            m.strength = 2;
        } else if (count > 1) {
            m.kind = SD_COL_AMBIGUOUS;
            snprintf(m.note, sizeof m.note, "複数の項目の名前を含むため、どれか決められません");
        }
    }
done:
    free(plain);
    free(grid);
    free(key);
    return m;
}

int sd_header_question(const sd_templates *t, const char *header)
{
    sd_col_match m = sd_header_classify(t, header);
    return m.kind == SD_COL_QUESTION ? m.question : 0;
}

int sd_header_field(const sd_templates *t, const char *header)
{
    sd_col_match m = sd_header_classify(t, header);
    return m.kind == SD_COL_FIELD ? m.field : -1;
}
