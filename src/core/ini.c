/* ini.c - the templates' .ini files read strictly, line by line */
#include "core/ini.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/templates.h"
#include "core/text.h"
#include "core/util.h"

/* The format is inih's (the INI reader the templates were first written
 * for, as Debian builds it: `;`/`#` comments, inline ` ;` comments,
 * indented continuation lines, a UTF-8 BOM); sd_ini_parse below reads it
 * by the same rules, so the files and the messages stay as they were,
 * and Linux and Windows share the one reader.
 *
 * inih reads a line into a fixed buffer: Debian's libinih, 200 bytes for
 * the text, the line end and the NUL, so 198 bytes of text (a CRLF line:
 * 197). A longer line is cut, its tail read as a line of its own: the
 * value loses its end and the error names the line after. So inih is
 * handed the lines by sd_ini_reader, which ends every line with a bare
 * "\n" and so keeps inih's line numbers the file's own. A line longer than
 * inih's buffer (a long sentence typed in Notepad on one line) is handed
 * over as its key with a marker for a value; the value itself waits in
 * the context and sd_ini_dispatch puts it in the marker's place, so a line
 * may be of any length. A comment that long is handed over as an empty
 * comment.
 *
 * inih passes an indented line after `key = value` to the handler as the
 * same key again (a continuation line). sd_ini_reader works out, by inih's
 * own rules, whether the line it hands over is one, so a handler can tell
 * a continuation (a text: appended without a space; a list: more items)
 * from the key written twice. */

/* Keys meant to be written more than once, each adding to a list. */
static const char *const sd_ini_repeatable[][2] = {{"form_tool", "ignore"}};

/* What inih will make of a line. */
typedef enum {
    SD_LINE_BLANK,
    SD_LINE_COMMENT,
    SD_LINE_MORE,
    SD_LINE_SECTION,
    SD_LINE_PAIR,
    SD_LINE_BAD,
    SD_LINE_REFUSED /* a section or key written twice: c->err says so */
} sd_line_kind;

/* Remembers what (a section, or a key in a section) line writes; returns
 * the line it was written on before, or 0. */
static int sd_ini_seen(sd_ini_ctx *c, const char *what)
{
    for (size_t i = 0; i < c->nseen; i++)
        if (strcmp(c->seen[i], what) == 0)
            return c->seen_line[i];
    c->seen = sd_xrealloc(c->seen, (c->nseen + 1) * sizeof *c->seen);
    c->seen_line = sd_xrealloc(c->seen_line, (c->nseen + 1) * sizeof *c->seen_line);
    c->seen[c->nseen] = sd_xstrdup(what);
    c->seen_line[c->nseen++] = c->lineno;
    return 0;
}

int sd_ini_error(sd_ini_ctx *c, const char *section, const char *name, const char *what)
{
    if (!c->failed)
        snprintf(c->err, c->errlen, "%s: [%s] %s: %s", c->file, section, name, what);
    c->failed = true;
    return 0;
}

/* isspace() in the C locale, as inih uses it */
static bool sd_ini_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\v' || ch == '\f' || ch == '\r' || ch == '\n';
}

/* inih's find_chars_or_comment: the first of chars, an inline comment
 * (`;` after a space) or the end. */
static const char *sd_ini_find(const char *s, const char *chars)
{
    bool was_space = false;
    while (*s && !(chars && strchr(chars, *s)) && !(was_space && *s == ';')) {
        was_space = sd_ini_space(*s);
        s++;
    }
    return s;
}

/* A `[section]` line: remembers the section; SD_LINE_REFUSED when it was
 * written before. */
static sd_line_kind sd_ini_section_line(sd_ini_ctx *c, const char *start)
{
    const char *close = sd_ini_find(start + 1, "]");
    if (*close != ']')
        return SD_LINE_SECTION;
    c->key[0] = '\0';
    snprintf(c->section, sizeof c->section, "%.*s", (int)(close - start - 1), start + 1);
    char what[80];
    snprintf(what, sizeof what, "[%s", c->section);
    int before = sd_ini_seen(c, what);
    if (!before)
        return SD_LINE_SECTION;
    snprintf(c->err, c->errlen, "%s %d 行目: [%s] が 2 度書かれています（%d 行目にもあります）。一つにまとめてください",
             c->path, c->lineno, c->section, before);
    return SD_LINE_REFUSED;
}

/* A `name = value` line (eq at its = or :): remembers the key into name
 * (64 bytes); SD_LINE_REFUSED when it was written before in the section. */
static sd_line_kind sd_ini_pair_line(sd_ini_ctx *c, const char *start, const char *eq, char *name)
{
    const char *z = eq;
    while (z > start && sd_ini_space(z[-1]))
        z--;
    snprintf(name, 64, "%.*s", (int)(z - start), start);
    snprintf(c->key, sizeof c->key, "%s", name);
    c->key_line = c->lineno;
    bool repeatable = false;
    for (size_t i = 0; i < sizeof sd_ini_repeatable / sizeof sd_ini_repeatable[0]; i++)
        repeatable = repeatable ||
                     (strcmp(c->section, sd_ini_repeatable[i][0]) == 0 && strcmp(name, sd_ini_repeatable[i][1]) == 0);
    char what[160];
    snprintf(what, sizeof what, "%s]%s", c->section, name);
    int before = repeatable ? 0 : sd_ini_seen(c, what);
    if (!before)
        return SD_LINE_PAIR;
    snprintf(c->err, c->errlen,
             "%s %d 行目: [%s] の %s が 2 度書かれています（%d 行目にもあります）。どちらか一つにしてください",
             c->path, c->lineno, c->section, name, before);
    return SD_LINE_REFUSED;
}

/* What inih will make of the line whose text starts at start (the same
 * tests in the same order), and the key it belongs to, into name (64
 * bytes). */
static sd_line_kind sd_ini_classify(sd_ini_ctx *c, const char *line, const char *start, char *name)
{
    c->continuation = false;
    if (!*start)
        return SD_LINE_BLANK;
    if (*start == ';' || *start == '#')
        return SD_LINE_COMMENT;
    if (c->key[0] && start > line) {
        c->continuation = true;
        snprintf(name, 64, "%s", c->key);
        return SD_LINE_MORE;
    }
    if (*start == '[')
        return sd_ini_section_line(c, start);
    const char *eq = sd_ini_find(start, "=:");
    if (*eq == '=' || *eq == ':')
        return sd_ini_pair_line(c, start, eq, name);
    return SD_LINE_BAD;
}

/* Records that a line of n bytes does not fit inih's buffer of num. */
static void sd_ini_too_long(sd_ini_ctx *c, sd_line_kind kind, const char *name, ssize_t n, int num)
{
    int max = num > 2 ? num - 2 : 0;
    bool keyed = kind == SD_LINE_MORE || kind == SD_LINE_PAIR;
    char what[96] = "";
    if (keyed)
        snprintf(what, sizeof what, "（%s）", name);
    else if (kind == SD_LINE_COMMENT)
        snprintf(what, sizeof what, "（注釈）");
    snprintf(c->err, c->errlen, "%s %d 行目%sが長すぎます（%zd バイト。1 行 %d バイト、全角でおよそ %d 文字まで）%s",
             c->path, c->lineno, what, n, max, max / 3,
             keyed                      ? "。続きは次の行に字下げして書いてください"
             : kind == SD_LINE_COMMENT ? "。注釈は ; で始まる行に分けて書いてください"
                                       : "");
}

static char *sd_ini_long_line(sd_ini_ctx *c, sd_line_kind kind, const char *name, const char *start, ssize_t n,
                              char *str, int num);

/* An fgets-like ini_reader: one physical line ending in "\n", or NULL at
 * the end of the file and on a line that cannot be read (c->failed set). */
static char *sd_ini_reader(char *str, int num, void *stream)
{
    sd_ini_ctx *c = stream;
    if (c->failed)
        return NULL;
    ssize_t n = getline(&c->buf, &c->cap, c->fp);
    if (n < 0)
        return NULL;
    c->lineno++;
    while (n > 0 && (c->buf[n - 1] == '\n' || c->buf[n - 1] == '\r'))
        c->buf[--n] = '\0';
    if (sd_template_line_problem(c->buf, c->path, c->lineno, c->err, c->errlen)) {
        c->failed = true;
        return NULL;
    }
    const char *line = c->buf;
    size_t bom = c->lineno == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *start = line + bom;
    while (*start && sd_ini_space(*start))
        start++;
    char name[64] = "";
    sd_line_kind kind = sd_ini_classify(c, line, start, name);
    if (kind == SD_LINE_REFUSED) {
        c->failed = true;
        return NULL;
    }

    /* A line indented with a full-width space is not indented for inih:
     * it would be read as a key of its own. */
    const char *lead = line + bom;
    while (*lead == ' ' || *lead == '\t')
        lead++;
    if (strncmp(lead, "\xE3\x80\x80", 3) == 0) {
        snprintf(c->err, c->errlen,
                 "%s %d 行目が全角の空白で始まっています。続きの行は半角の空白かタブで字下げしてください",
                 c->path, c->lineno);
        c->failed = true;
        return NULL;
    }
    if (kind == SD_LINE_BAD && !c->bad_line) {
        c->bad_line = c->lineno;
        c->bad_hint = c->key[0] && start == line + bom
                          ? "。前の行の続きなら、行の頭に半角の空白を入れて字下げしてください"
                          : "（「名前 = 値」の形にしてください）";
    }

    /* inih needs the text, "\n" and a NUL in num bytes. */
    if ((size_t)n + 2 > (size_t)(num > 0 ? num : 0))
        return sd_ini_long_line(c, kind, name, start, n, str, num);
    memcpy(str, c->buf, (size_t)n);
    str[n] = '\n';
    str[n + 1] = '\0';
    return str;
}

/* The marker that stands for a long line's value (a byte no text has:
 * sd_template_line_problem refuses control characters). */
#define SD_INI_LONG "\x01"

/* A line that does not fit inih's buffer of num bytes: a comment becomes
 * an empty one; `key = value` or a continuation keeps its key (or its
 * indent) with the marker for its value, the value read here as inih
 * would (up to an inline " ;" comment, blanks trimmed) and kept in c. */
static char *sd_ini_long_line(sd_ini_ctx *c, sd_line_kind kind, const char *name, const char *start, ssize_t n,
                              char *str, int num)
{
    const char *head_end = NULL, *v = NULL;
    if (kind == SD_LINE_COMMENT) {
        head_end = start;
        v = NULL;
    } else if (kind == SD_LINE_PAIR) {
        head_end = sd_ini_find(start, "=:") + 1;
        v = head_end;
    } else if (kind == SD_LINE_MORE) {
        head_end = start;
        v = start;
    }
    size_t head = head_end ? (size_t)(head_end - c->buf) : 0;
    if (!head_end || head + 8 > (size_t)(num > 0 ? num : 0)) {
        sd_ini_too_long(c, kind, name, n, num);
        c->failed = true;
        return NULL;
    }
    memcpy(str, c->buf, head);
    if (!v) {
        snprintf(str + head, (size_t)num - head, ";\n");
        return str;
    }
    while (*v && sd_ini_space(*v))
        v++;
    const char *end = sd_ini_find(v, NULL);
    while (end > v && sd_ini_space(end[-1]))
        end--;
    free(c->long_value);
    c->long_value = sd_xstrndup(v, (size_t)(end - v));
    snprintf(str + head, (size_t)num - head, "%s" SD_INI_LONG "\n", kind == SD_LINE_PAIR ? " " : "");
    return str;
}

/* Every pair inih reads passes here: a long line's marker is replaced by
 * its value before the file's handler sees it. */
static int sd_ini_dispatch(void *user, const char *section, const char *name, const char *value)
{
    sd_ini_ctx *c = user;
    if (c->long_value && strcmp(value, SD_INI_LONG) == 0) {
        int r = c->handler(user, section, name, c->long_value);
        free(c->long_value);
        c->long_value = NULL;
        return r;
    }
    return c->handler(user, section, name, value);
}

/* Characters in a UTF-8 string (a kanji is one). */
static size_t sd_utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int sd_ini_text_fits(sd_ini_ctx *c, const char *section, const char *name, const char *text)
{
    size_t chars = sd_utf8_chars(text);
    if (chars <= SD_TEXT_MAX_CHARS)
        return 1;
    if (!c->failed)
        snprintf(c->err, c->errlen,
                 "%s %d 行目からの [%s] %s が長すぎます（%zu 文字。1 項目 %d 文字まで）。短くしてください",
                 c->path, c->key_line, section, name, chars, SD_TEXT_MAX_CHARS);
    c->failed = true;
    return 0;
}

/* A continuation line is appended without a space (Japanese runs on;
 * report.ini's summary.method was written so), and so is the key written
 * twice, as before. */
int sd_ini_text(sd_ini_ctx *c, const char *section, const char *name, char **dst, const char *v)
{
    if (*dst) {
        char *joined = sd_xasprintf("%s%s", *dst, v);
        free(*dst);
        *dst = joined;
    } else {
        *dst = sd_xstrdup(v);
    }
    return sd_ini_text_fits(c, section, name, *dst);
}

char **sd_ini_keys(const char *list)
{
    size_t n = 0;
    char **raw = sd_split(list, '|', &n);
    for (size_t i = 0; i < n; i++) {
        char *k = sd_text_key(raw[i]);
        free(raw[i]);
        raw[i] = k ? k : sd_xstrdup("");
    }
    return raw;
}

void sd_ini_list_append(char ***list, const char *v)
{
    char **more = sd_ini_keys(v);
    size_t n = 0, m = 0;
    while (*list && (*list)[n])
        n++;
    while (more[m])
        m++;
    *list = sd_xrealloc(*list, (n + m + 1) * sizeof **list);
    memcpy(*list + n, more, (m + 1) * sizeof *more);
    free(more);
}

void sd_ini_list(sd_ini_ctx *c, char ***list, const char *v)
{
    if (!c->continuation) {
        sd_strv_free(*list);
        *list = NULL;
    }
    sd_ini_list_append(list, v);
}

bool sd_ini_one_line(sd_ini_ctx *c, const char *section, const char *name)
{
    if (!c->continuation)
        return true;
    if (!c->failed)
        snprintf(c->err, c->errlen,
                 "%s %d 行目: [%s] %s は 1 行で書いてください（字下げした行は前の項目の続きになります）",
                 c->path, c->lineno, section, name);
    c->failed = true;
    return false;
}

/* inih's line buffer (INI_MAX_LINE) and its section and key buffers
 * (MAX_SECTION, MAX_NAME): the limits the messages above describe. */
#define SD_INI_MAX_LINE 200
#define SD_INI_MAX_NAME 50

static char *sd_ini_lskip(char *s)
{
    while (*s && sd_ini_space(*s))
        s++;
    return s;
}

static char *sd_ini_rstrip(char *s)
{
    char *p = s + strlen(s);
    while (p > s && sd_ini_space(p[-1]))
        *--p = '\0';
    return s;
}

/* Reads lines from reader and calls handler for every `name = value` and
 * every continuation line, as inih's ini_parse_stream does: a comment
 * line, a section line, a pair or an indented continuation of the last
 * key. Goes on after an error. Returns 0, or the number of the first line
 * that was malformed or that the handler refused (returned 0). */
static int sd_ini_parse(char *(*reader)(char *str, int num, void *stream), void *stream,
                        sd_ini_handler handler, void *user)
{
    char line[SD_INI_MAX_LINE];
    char section[SD_INI_MAX_NAME] = "", prev_name[SD_INI_MAX_NAME] = "";
    int lineno = 0, error = 0;
    while (reader(line, (int)sizeof line, stream)) {
        lineno++;
        char *start = line;
        if (lineno == 1 && strncmp(start, "\xEF\xBB\xBF", 3) == 0)
            start += 3;
        start = sd_ini_lskip(sd_ini_rstrip(start));
        if (*start == ';' || *start == '#' || !*start) {
            /* a comment or a blank line */
        } else if (*prev_name && start > line) {
            /* indented: the value of the last key goes on */
            char *end = (char *)sd_ini_find(start, NULL);
            *end = '\0';
            sd_ini_rstrip(start);
            if (!handler(user, section, prev_name, start) && !error)
                error = lineno;
        } else if (*start == '[') {
            char *end = (char *)sd_ini_find(start + 1, "]");
            if (*end == ']') {
                *end = '\0';
                snprintf(section, sizeof section, "%s", start + 1);
                prev_name[0] = '\0';
            } else if (!error) {
                error = lineno;
            }
        } else {
            char *end = (char *)sd_ini_find(start, "=:");
            if (*end == '=' || *end == ':') {
                *end = '\0';
                char *name = sd_ini_rstrip(start);
                char *value = end + 1;
                end = (char *)sd_ini_find(value, NULL);
                *end = '\0';
                value = sd_ini_lskip(value);
                sd_ini_rstrip(value);
                snprintf(prev_name, sizeof prev_name, "%s", name);
                if (!handler(user, section, name, value) && !error)
                    error = lineno;
            } else if (!error) {
                error = lineno;
            }
        }
    }
    return error;
}

sd_error sd_ini_load(struct sd_templates *t, const char *dir, const char *file, sd_ini_handler h, char *err,
                     size_t errlen)
{
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    return sd_ini_load_at(t, dir, file, sd_xasprintf("%.*s/%s", (int)dl, dir, file), false, h, err, errlen);
}

sd_error sd_ini_load_at(struct sd_templates *t, const char *dir, const char *file, char *path, bool override,
                        sd_ini_handler h, char *err, size_t errlen)
{
    sd_ini_ctx c = {.t = t, .file = file, .path = path, .err = err, .errlen = errlen, .override = override};
    sd_error rc = SD_OK;
    if (!(c.fp = fopen(c.path, "r"))) {
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s/%s を開けません", dir, file);
        goto cleanup;
    }
    c.handler = h;
    int r = sd_ini_parse(sd_ini_reader, &c, sd_ini_dispatch, &c);
    bool io = ferror(c.fp);
    fclose(c.fp);
    if (c.failed)
        rc = SD_ERR_TEMPLATE;
    else if (io)
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s を読めません", c.path);
    else if (r != 0)
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s: %d 行目の形式が正しくありません%s", file, r,
                     r == c.bad_line ? c.bad_hint : "");
cleanup:
    free(c.long_value);
    for (size_t i = 0; i < c.nseen; i++)
        free(c.seen[i]);
    free(c.seen);
    free(c.seen_line);
    free(c.buf);
    free(c.path);
    return rc;
}
