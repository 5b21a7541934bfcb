/* attendees.c - a seminar's sign-up list read and matched to members */
#include "ingest/attendees.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/limits.h"
#include "core/text.h"
#include "core/util.h"
#include "ingest/mapping.h"
#include "ingest/sheet.h"
#include "ingest/values.h"

/* A name key and the member it belongs to. */
struct sd_name_ref {
    const char *key; /* points into the member's keys */
    size_t entry;    /* index into the dir's items */
};

/* ---- the company key ---- */

/* The company-form words, after NFKC and case folding (㈱ and （株） are
 * then "(株)"). */
static const char *const sd_company_forms[] = {
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "(有)", "(同)", "(資)", "(名)", NULL,
};

char *sd_company_key(const char *name)
{
    char *key = sd_text_key(name ? name : "");
    if (!key)
        return NULL;
    for (const char *const *f = sd_company_forms; *f; f++) {
        size_t len = strlen(*f);
        char *at;
        while ((at = strstr(key, *f)))
            memmove(at, at + len, strlen(at + len) + 1);
    }
    return key;
}

/* A name as compared exactly: sd_text_clean (NFKC: width, ㈱ as (株))
 * without its spaces, so 「さくら商事 株式会社」 is 「さくら商事株式会社」
 * but not 「株式会社さくら商事」. NULL on invalid UTF-8. */
static char *sd_exact_form(const char *name)
{
    char *s = sd_text_clean(name ? name : "");
    if (s) {
        char *w = s;
        for (const char *r = s; *r; r++)
            if (*r != ' ')
                *w++ = *r;
        *w = '\0';
    }
    return s;
}

/* ---- the members ---- */

void sd_member_dir_add(sd_member_dir *d, long long id, const char *member_no, const char *name)
{
    sd_member_entry *e = NULL;
    /* names come grouped by member: look at the last one first */
    if (d->n && d->items[d->n - 1].id == id)
        e = &d->items[d->n - 1];
    for (size_t i = 0; !e && i < d->n; i++)
        if (d->items[i].id == id)
            e = &d->items[i];
    if (!e) {
        if (d->n == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 64;
            d->items = sd_xrealloc(d->items, d->cap * sizeof *d->items);
        }
        e = &d->items[d->n++];
        memset(e, 0, sizeof *e);
        e->id = id;
        e->member_no = sd_xstrdup(member_no);
        e->name = sd_xstrdup(name ? name : "");
        e->keys = sd_xcalloc(1, sizeof *e->keys);
        e->names = sd_xcalloc(1, sizeof *e->names);
    }
    char *clean = sd_exact_form(name);
    bool known = !clean || !*clean;
    for (size_t k = 0; !known && k < e->nnames; k++)
        known = strcmp(e->names[k], clean) == 0;
    if (known) {
        free(clean);
    } else {
        e->names = sd_xrealloc(e->names, (e->nnames + 2) * sizeof *e->names);
        e->names[e->nnames++] = clean;
        e->names[e->nnames] = NULL;
    }
    char *key = sd_company_key(name);
    if (!key || !*key) {
        free(key);
        return;
    }
    for (size_t k = 0; k < e->nkeys; k++)
        if (strcmp(e->keys[k], key) == 0) {
            free(key);
            return;
        }
    e->keys = sd_xrealloc(e->keys, (e->nkeys + 2) * sizeof *e->keys);
    e->keys[e->nkeys++] = key;
    e->keys[e->nkeys] = NULL;
}

static int sd_entry_cmp(const void *a, const void *b)
{
    return strcmp(((const sd_member_entry *)a)->member_no, ((const sd_member_entry *)b)->member_no);
}

static int sd_ref_cmp(const void *a, const void *b)
{
    const struct sd_name_ref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->entry > y->entry) - (x->entry < y->entry);
}

void sd_member_dir_finish(sd_member_dir *d)
{
    if (d->n)
        qsort(d->items, d->n, sizeof *d->items, sd_entry_cmp);
    size_t nrefs = 0;
    for (size_t i = 0; i < d->n; i++)
        nrefs += d->items[i].nkeys;
    free(d->by_key);
    d->by_key = sd_xcalloc(nrefs ? nrefs : 1, sizeof *d->by_key);
    d->nrefs = 0;
    for (size_t i = 0; i < d->n; i++)
        for (size_t k = 0; k < d->items[i].nkeys; k++)
            d->by_key[d->nrefs++] = (struct sd_name_ref){d->items[i].keys[k], i};
    if (d->nrefs)
        qsort(d->by_key, d->nrefs, sizeof *d->by_key, sd_ref_cmp);
}

void sd_member_dir_free(sd_member_dir *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].member_no);
        free(d->items[i].name);
        sd_strv_free(d->items[i].keys);
        sd_strv_free(d->items[i].names);
    }
    free(d->items);
    free(d->by_key);
    memset(d, 0, sizeof *d);
}

const sd_member_entry *sd_member_dir_find(const sd_member_dir *d, const char *member_no)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcasecmp(d->items[mid].member_no, member_no);
        if (c == 0)
            return &d->items[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The first of the directory's (key, entry) references whose key is not
 * below key (d->nrefs when none is): a binary search over by_key. */
static size_t sd_first_ref(const sd_member_dir *d, const char *key)
{
    size_t lo = 0, hi = d->nrefs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(d->by_key[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The members whose names have key: their indexes, distinct and in
 * member-number order, at most max kept in out; returns how many. */
static size_t sd_members_named(const sd_member_dir *d, const char *key, size_t *out, size_t max)
{
    size_t lo = sd_first_ref(d, key);
    size_t count = 0, last = (size_t)-1;
    for (size_t i = lo; i < d->nrefs && strcmp(d->by_key[i].key, key) == 0; i++) {
        if (d->by_key[i].entry == last)
            continue; /* refs of one key are sorted by entry: a repeat is adjacent */
        last = d->by_key[i].entry;
        if (count < max)
            out[count] = last;
        count++;
    }
    return count;
}

/* The one member among those whose names have key that answered under
 * clean itself (the list's name): its index in *found,
 * (as sd_exact_form), true; false when none or more than one did. */
static bool sd_member_named_exactly(const sd_member_dir *d, const char *key, const char *clean, size_t *found)
{
    size_t lo = sd_first_ref(d, key), count = 0;
    for (size_t i = lo; clean && i < d->nrefs && strcmp(d->by_key[i].key, key) == 0; i++) {
        const sd_member_entry *e = &d->items[d->by_key[i].entry];
        if (i > lo && d->by_key[i].entry == d->by_key[i - 1].entry)
            continue; /* one member under two names of one key */
        for (size_t k = 0; k < e->nnames; k++)
            if (strcmp(e->names[k], clean) == 0) {
                *found = d->by_key[i].entry;
                count++;
                break;
            }
    }
    return count == 1;
}

static bool sd_member_has_key(const sd_member_entry *e, const char *key)
{
    for (size_t k = 0; k < e->nkeys; k++)
        if (strcmp(e->keys[k], key) == 0)
            return true;
    return false;
}

/* "M00012 株式会社水戸製作所、M00033 ㈲水戸製作所" (and ほか n 社). */
static void sd_member_names(const sd_member_dir *d, const size_t *idx, size_t shown, size_t count, char *out,
                            size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < shown && used < len; i++)
        used += (size_t)snprintf(out + used, len - used, "%s%s %s", i ? "、" : "", d->items[idx[i]].member_no,
                                 d->items[idx[i]].name);
    if (count > shown && used < len)
        snprintf(out + used, len - used, " ほか %zu 社", count - shown);
}

void sd_attendee_match(const sd_member_dir *d, const char *member_no_cell, const char *name_cell,
                       sd_match *out)
{
    memset(out, 0, sizeof *out);
    out->kind = SD_MATCH_NONE;
    bool has_no = !sd_str_empty(member_no_cell), has_name = !sd_str_empty(name_cell);
    if ((has_no && (!sd_text_valid(member_no_cell) || sd_text_control(member_no_cell))) ||
        (has_name && (!sd_text_valid(name_cell) || sd_text_control(name_cell)))) {
        snprintf(out->reason, sizeof out->reason,
                 "読めない文字か制御文字を含んでいます。名簿を直してください");
        return;
    }
    char *key = has_name ? sd_company_key(name_cell) : NULL;
    char *clean = has_name ? sd_exact_form(name_cell) : NULL;
    size_t exact = 0;
    enum { SHOWN = 3 };
    size_t idx[SHOWN] = {0}, count = key && *key ? sd_members_named(d, key, idx, SHOWN) : 0;
    char names[320]; /* with the longest text around it, within a reason */
    sd_member_names(d, idx, count < SHOWN ? count : SHOWN, count, names, sizeof names);

    if (has_name && sd_utf8_len(name_cell) > SD_LIMIT_NAME) {
        snprintf(out->reason, sizeof out->reason, "事業所名が長すぎます（%d 文字まで）", SD_LIMIT_NAME);
    } else if (has_no) {
        out->member_no = sd_parse_member_no(member_no_cell);
        const sd_member_entry *e = out->member_no ? sd_member_dir_find(d, out->member_no) : NULL;
        if (!out->member_no) {
            snprintf(out->reason, sizeof out->reason,
                     "会員番号「%.64s」を読めません（英数字とハイフン（-）、下線（_）だけで 32 文字まで）",
                     member_no_cell);
        } else if (e) {
            out->kind = SD_MATCH_NUMBER;
            out->member = e;
            if (key && *key && !sd_member_has_key(e, key))
                snprintf(out->reason, sizeof out->reason,
                         "名簿の事業所名「%.200s」は登録の「%.200s」と違います（会員番号で照合しました）",
                         name_cell, e->name);
        } else if (count > 0) {
            snprintf(out->reason, sizeof out->reason,
                     "会員番号 %s の回答はまだありませんが、事業所名は %s "
                     "のものです。どちらが正しいか確かめてください",
                     out->member_no, names);
        } else {
            out->kind = SD_MATCH_NEW;
        }
    } else if (!has_name) {
        snprintf(out->reason, sizeof out->reason, "会員番号も事業所名も空です");
    } else if (!key || !*key) {
        snprintf(out->reason, sizeof out->reason,
                 "事業所名から会社の名前を読み取れません（会社の種類だけです）");
    } else if (count == 1) {
        out->kind = SD_MATCH_NAME;
        out->member = &d->items[idx[0]];
    } else if (count > 1 && sd_member_named_exactly(d, key, clean, &exact)) {
        /* written exactly as one of them answered: that one, and the
         * others named so that staff can check */
        out->kind = SD_MATCH_NAME;
        out->member = &d->items[exact];
        size_t others[SHOWN], nothers = 0;
        for (size_t i = 0; i < (count < SHOWN ? count : SHOWN); i++)
            if (idx[i] != exact)
                others[nothers++] = idx[i];
        sd_member_names(d, others, nothers, count - 1, names, sizeof names);
        snprintf(out->reason, sizeof out->reason,
                 "事業所名がそのまま一致する %s で照合しました（会社の種類を除くと %s "
                 "も同じ名前です）",
                 out->member->member_no, names);
    } else if (count > 1) {
        snprintf(out->reason, sizeof out->reason,
                 "事業所名が %zu 社（%s）に当てはまります。会員番号を書き加えてください", count, names);
    } else {
        snprintf(out->reason, sizeof out->reason,
                 "この事業所名の会員は見つかりません（まだ回答がないか、名前の書き方が違います）。会員番号を"
                 "書き加えてください");
    }
    free(key);
    free(clean);
}

void sd_match_clear(sd_match *m)
{
    if (!m)
        return;
    free(m->member_no);
    memset(m, 0, sizeof *m);
}

/* ---- the list ---- */

static void sd_list_push(sd_signup_list *l, size_t row, const char *number, const char *name)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->rows = sd_xrealloc(l->rows, l->cap * sizeof *l->rows);
    }
    sd_list_row *r = &l->rows[l->n++];
    r->row = row;
    r->number = sd_xstrdup(number);
    /* the name as the list wrote it; a cell that is not valid text is kept
     * in a visible form (the matcher says it cannot be read) */
    r->name = sd_text_valid(name) ? sd_xstrdup(name) : sd_text_visible(name);
}

void sd_signup_free(sd_signup_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->rows[i].number);
        free(l->rows[i].name);
    }
    free(l->rows);
    memset(l, 0, sizeof *l);
}

/* The columns of a header row for the number (0) and the name (1): the
 * strongest claim of each (a weak one never counts). Returns false when
 * neither is there; a tie is described in tie (else tie is ""). */
static bool sd_list_header(const sd_templates *t, const sd_row *row, int col[2], char *tie, size_t tielen)
{
    static const int fields[2] = {SD_FIELD_MEMBER_NO, SD_FIELD_NAME};
    int strength[2] = {0, 0};
    col[0] = col[1] = -1;
    tie[0] = '\0';
    for (size_t c = 0; c < row->ncells; c++) {
        sd_col_match m = sd_header_classify(t, row->cells[c]);
        if (m.kind != SD_COL_FIELD || m.strength < 2)
            continue;
        for (int f = 0; f < 2; f++) {
            if (m.field != fields[f])
                continue;
            if (m.strength > strength[f]) {
                strength[f] = m.strength;
                col[f] = (int)c;
            } else if (m.strength == strength[f] && !tie[0]) {
                char la[16], lb[16];
                sd_column_letters((size_t)col[f], la);
                sd_column_letters(c, lb);
                snprintf(tie, tielen, "%s列「%s」と %s列「%s」がどちらも%sの列に見えます", la,
                         row->cells[col[f]], lb, row->cells[c], t->columns[fields[f]].label);
            }
        }
    }
    /* a tie at a weaker level than the chosen column does not count */
    return col[0] >= 0 || col[1] >= 0;
}

/* The cell at col, trimmed of white space at both ends (a copy). */
static char *sd_list_cell(const sd_row *row, int col)
{
    if (col < 0 || (size_t)col >= row->ncells)
        return sd_xstrdup("");
    const char *s = row->cells[col];
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return sd_xstrndup(s, n);
}

sd_error sd_signup_read(const sd_templates *t, const char *path, sd_signup_list *out, char *err,
                        size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!sd_file_exists(path))
        return sd_fail(err, errlen, SD_ERR_IO, "名簿 %s がありません（通常のファイルではありません）", path);
    sd_sheet *s = NULL;
    sd_error rc = sd_sheet_open(path, SD_ENC_AUTO, NULL, &s, err, errlen);
    if (rc)
        return rc;
    snprintf(out->format, sizeof out->format, "%s", sd_sheet_format(s));
    char seen[512] = ""; /* the first row read, for the message when no header is found */
    int col[2] = {-1, -1};
    bool found = false;
    while (!found && !rc) {
        sd_row row;
        for (int scanned = 0; scanned < 20 && !found;) {
            rc = sd_sheet_next(s, &row, err, errlen);
            if (rc)
                break;
            if (sd_row_is_blank(&row))
                continue;
            scanned++;
            char tie[400];
            if (sd_list_header(t, &row, col, tie, sizeof tie)) {
                if (tie[0]) {
                    rc = sd_fail(err, errlen, SD_ERR_NO_HEADER,
                                 "名簿の見出しが決められません: %s。どちらかの見出しを変えてください", tie);
                    break;
                }
                found = true;
                size_t used = 0;
                for (int f = 0; f < 2; f++)
                    if (col[f] >= 0 && used < sizeof out->columns) {
                        char letters[16];
                        sd_column_letters((size_t)col[f], letters);
                        used += (size_t)snprintf(out->columns + used, sizeof out->columns - used,
                                                 "%s%s列「%.120s」", used ? "、" : "", letters,
                                                 row.cells[col[f]]);
                    }
            } else if (!seen[0]) {
                size_t used = 0;
                for (size_t c = 0; c < row.ncells && c < 8 && used < sizeof seen; c++)
                    if (!sd_str_empty(row.cells[c])) {
                        char *v = sd_text_visible(row.cells[c]);
                        used += (size_t)snprintf(seen + used, sizeof seen - used, "%s「%.60s」",
                                                 used ? " " : "", v);
                        free(v);
                    }
            }
        }
        if (rc == SD_DONE)
            rc = SD_OK;
        if (rc || found)
            break;
        /* no header on this sheet: the next one, if the workbook has one */
        rc = sd_sheet_next_sheet(s, err, errlen);
        if (rc == SD_DONE) {
            char shown[600] = "";
            if (seen[0])
                snprintf(shown, sizeof shown, "（最初の行: %s）", seen);
            rc = sd_fail(
                err, errlen, SD_ERR_NO_HEADER,
                "名簿に「会員番号」か「事業所名」の見出しの列がありません%s。見出しの行を加えてください"
                "（templates/columns.ini の名前が使えます）",
                shown);
        }
    }
    while (!rc) {
        sd_row row;
        rc = sd_sheet_next(s, &row, err, errlen);
        if (rc)
            break;
        if (sd_row_is_blank(&row))
            continue;
        char *number = sd_list_cell(&row, col[0]), *name = sd_list_cell(&row, col[1]);
        if (*number || *name)
            sd_list_push(out, row.row_no, number, name);
        else
            sd_list_push(out, row.row_no, "", ""); /* a line with neither: listed as unmatched */
        free(number);
        free(name);
    }
    if (rc == SD_DONE)
        rc = SD_OK;
    sd_sheet_free(s);
    if (rc)
        sd_signup_free(out);
    return rc;
}

/* ---- the whole list ---- */

typedef struct {
    char *ident; /* who the row names; NULL when nobody (never a duplicate) */
    size_t i;
} sd_ident;

static int sd_ident_cmp(const void *a, const void *b)
{
    const sd_ident *x = a, *y = b;
    int c = strcmp(x->ident, y->ident);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

void sd_attendees_match_list(const sd_member_dir *d, const sd_signup_list *list, sd_attendee_list *out)
{
    memset(out, 0, sizeof *out);
    out->items = sd_xcalloc(list->n ? list->n : 1, sizeof *out->items);
    out->n = list->n;
    sd_ident *ids = sd_xcalloc(list->n ? list->n : 1, sizeof *ids);
    size_t nids = 0;
    for (size_t i = 0; i < list->n; i++) {
        const sd_list_row *r = &list->rows[i];
        sd_attendee *a = &out->items[i];
        a->row = r->row;
        a->raw_name = r->name;
        sd_attendee_match(d, r->number, r->name, &a->m);
        char *ident = NULL;
        if (a->m.kind == SD_MATCH_NUMBER || a->m.kind == SD_MATCH_NAME) {
            ident = sd_xasprintf("#%lld", a->m.member->id);
        } else if (a->m.kind == SD_MATCH_NEW) {
            ident = sd_xasprintf("N%s", a->m.member_no);
        } else {
            char *key = sd_company_key(r->name);
            if (a->m.member_no || (key && *key))
                ident = sd_xasprintf("U%s\x1f%s", a->m.member_no ? a->m.member_no : "", key ? key : "");
            free(key);
        }
        if (ident)
            ids[nids++] = (sd_ident){ident, i};
    }
    if (nids)
        qsort(ids, nids, sizeof *ids, sd_ident_cmp);
    for (size_t k = 1; k < nids; k++) {
        size_t first = k;
        while (first > 0 && strcmp(ids[first - 1].ident, ids[k].ident) == 0)
            first--;
        if (first != k)
            out->items[ids[k].i].dup_of = out->items[ids[first].i].row;
    }
    for (size_t k = 0; k < nids; k++)
        free(ids[k].ident);
    free(ids);
    for (size_t i = 0; i < out->n; i++) {
        const sd_attendee *a = &out->items[i];
        if (a->dup_of) {
            out->duplicates++;
            continue;
        }
        switch (a->m.kind) {
        case SD_MATCH_NUMBER:
            out->by_number++;
            break;
        case SD_MATCH_NAME:
            out->by_name++;
            break;
        case SD_MATCH_NEW:
            out->new_members++;
            break;
        case SD_MATCH_NONE:
            out->unmatched++;
            break;
        }
    }
}

void sd_attendee_list_free(sd_attendee_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        sd_match_clear(&l->items[i].m);
    free(l->items);
    memset(l, 0, sizeof *l);
}
