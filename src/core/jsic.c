/* jsic.c - the industry words: sorted keys, looked up stage by stage */
#include "core/jsic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/tsv.h"
#include "core/util.h"

typedef struct {
    char *key;   /* sd_text_key of the word, or its stem */
    char letter; /* A-T */
    unsigned char stage;
} sd_jsic_entry;

struct sd_jsic {
    sd_jsic_entry *v;
    size_t n, cap;
};

/* Longest first, so 事務所 goes before 所 would. */
static const char *const sd_endings[] = {"事務所", "事業所", "事業", "商店", "会社",
                                         "業者",   "業",     "店",   "屋"};

char **sd_jsic_stems(const char *key)
{
    size_t kl = strlen(key), n = 0;
    char **v = sd_xcalloc(sizeof sd_endings / sizeof sd_endings[0] + 2, sizeof *v);
    v[n++] = sd_xstrdup(key);
    for (size_t i = 0; i < sizeof sd_endings / sizeof sd_endings[0]; i++) {
        size_t el = strlen(sd_endings[i]);
        if (kl <= el || strcmp(key + kl - el, sd_endings[i]) != 0)
            continue;
        char *stem = sd_xstrndup(key, kl - el);
        if (sd_utf8_len(stem) >= 2)
            v[n++] = stem;
        else
            free(stem);
    }
    return v;
}

sd_jsic *sd_jsic_new(void)
{
    return sd_xcalloc(1, sizeof(sd_jsic));
}

void sd_jsic_free(sd_jsic *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->n; i++)
        free(j->v[i].key);
    free(j->v);
    free(j);
}

static void sd_jsic_push(sd_jsic *j, char *key, char letter, int stage)
{
    if (!key || !*key) {
        free(key);
        return;
    }
    if (j->n == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 1024;
        j->v = sd_xrealloc(j->v, j->cap * sizeof *j->v);
    }
    j->v[j->n++] = (sd_jsic_entry){.key = key, .letter = letter, .stage = (unsigned char)stage};
}

/* Pushes the key and each of its stems at stage. */
static void sd_jsic_push_stems(sd_jsic *j, const char *key, char letter, int stage)
{
    char **stems = sd_jsic_stems(key);
    for (char **s = stems; *s; s++) {
        sd_jsic_push(j, *s, letter, stage);
    }
    free(stems);
}

/* A name's parts: the whole; without a note in brackets (…業（…を除く）);
 * each of a list's items (酒場、ビヤホール). */
void sd_jsic_add(sd_jsic *j, const char *name, char letter, int own)
{
    int exact = own ? SD_JSIC_OWN : SD_JSIC_NAME;
    char *key = sd_text_key(name);
    if (!key)
        return;
    sd_jsic_push_stems(j, key, letter, exact + 1);
    sd_jsic_push(j, key, letter, exact);
    if (own)
        return;
    char *plain = sd_text_clean(name);
    if (!plain)
        return;
    char *open = strchr(plain, '(');
    if (open && open > plain) {
        *open = '\0';
        sd_jsic_add(j, plain, letter, own);
    } else if (!open && strstr(plain, "、")) {
        for (char *p = plain, *sep; *p; p = sep + strlen("、")) {
            sep = strstr(p, "、");
            char *item = sep ? sd_xstrndup(p, (size_t)(sep - p)) : sd_xstrdup(p);
            char *ik = sd_text_key(item);
            if (ik) {
                sd_jsic_push_stems(j, ik, letter, exact + 1);
                sd_jsic_push(j, ik, letter, exact);
            }
            free(item);
            if (!sep)
                break;
        }
    }
    free(plain);
}

typedef struct {
    sd_jsic *j;
    const char *path;
    int own;
} sd_jsic_reader;

/* jsic.tsv: code, letter, name; industry_words.tsv: word, letter[, note]. */
static sd_error sd_jsic_line(void *ctx, char **cols, size_t n, int lineno, char *err, size_t errlen)
{
    sd_jsic_reader *r = ctx;
    const char *word = r->own ? cols[0] : n > 2 ? cols[2] : NULL;
    const char *letter = n > 1 ? cols[1] : NULL;
    if (!letter || strlen(letter) != 1 || letter[0] < 'A' || letter[0] > 'T' || !word || !*word)
        return sd_fail(err, errlen, SD_ERR_TEMPLATE,
                       r->own ? "%s: %d 行目の形式が正しくありません（業種の言葉、タブ、大分類の文字 A〜T "
                                "の順に書いてください）"
                              : "%s: %d 行目の形式が正しくありません（コード、大分類の文字、分類名）",
                       r->path, lineno);
    sd_jsic_add(r->j, word, letter[0], r->own);
    return SD_OK;
}

sd_error sd_jsic_load(sd_jsic *j, const char *path, int own, char *err, size_t errlen)
{
    sd_jsic_reader r = {.j = j, .path = path, .own = own};
    return sd_tsv_read(path, sd_jsic_line, &r, err, errlen);
}

static int sd_entry_cmp(const void *a, const void *b)
{
    const sd_jsic_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->stage != y->stage)
        return x->stage - y->stage;
    return x->letter - y->letter;
}

void sd_jsic_finish(sd_jsic *j)
{
    if (j->n)
        qsort(j->v, j->n, sizeof *j->v, sd_entry_cmp);
}

/* Adds the letters of the entries with key at stage to letters[] (those
 * not there yet); returns how many letters it now holds. */
static int sd_jsic_collect(const sd_jsic *j, const char *key, int stage, char letters[21])
{
    size_t lo = 0, hi = j->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(j->v[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    int n = (int)strlen(letters);
    for (size_t i = lo; i < j->n && strcmp(j->v[i].key, key) == 0; i++) {
        if (j->v[i].stage != stage || strchr(letters, j->v[i].letter))
            continue;
        letters[n++] = j->v[i].letter;
        letters[n] = '\0';
    }
    return n;
}

int sd_jsic_lookup(const sd_jsic *j, const char *text, char letters[21])
{
    letters[0] = '\0';
    char *key = sd_text_key(text);
    if (!key || !*key) {
        free(key);
        return 0;
    }
    char **stems = sd_jsic_stems(key);
    int n = 0;
    for (int stage = 0; stage < SD_JSIC_NSTAGES && n == 0; stage++) {
        if (stage % 2 == 0)
            n = sd_jsic_collect(j, key, stage, letters);
        else
            for (char **s = stems; *s; s++)
                n = sd_jsic_collect(j, *s, stage, letters);
    }
    /* letters in order, for a stable message */
    for (int a = 1; a < n; a++)
        for (int b = a; b > 0 && letters[b - 1] > letters[b]; b--) {
            char c = letters[b];
            letters[b] = letters[b - 1];
            letters[b - 1] = c;
        }
    sd_strv_free(stems);
    free(key);
    return n;
}
