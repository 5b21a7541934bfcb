/* util.c - allocation wrappers, growable buffers and file helpers */
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Out of memory ends the process here with exit status 1 (the one exit
 * outside main.c): an unfinished import's transaction is rolled back by
 * SQLite, and a period whose outputs were not all written stays pending,
 * so nothing is lost and the next run finishes it. _exit, not exit: other
 * threads may be mid-way, and no atexit work is wanted then. */
void *sd_check_alloc(void *p)
{
    if (!p) {
        static const char msg[] = "shindan: メモリが足りません。処理を中止しました（取り込み途中のファイルは保存されず、"
                                  "作りかけの出力は次の実行で作り直されます）\n";
        if (write(2, msg, sizeof msg - 1) < 0) {
            /* nothing more can be said */
        }
        _exit(1);
    }
    return p;
}

void *sd_xmalloc(size_t n) { return sd_check_alloc(malloc(n ? n : 1)); }
void *sd_xcalloc(size_t n, size_t size) { return sd_check_alloc(calloc(n ? n : 1, size ? size : 1)); }
void *sd_xrealloc(void *p, size_t n) { return sd_check_alloc(realloc(p, n ? n : 1)); }
char *sd_xstrdup(const char *s) { return sd_check_alloc(strdup(s ? s : "")); }
char *sd_xstrndup(const char *s, size_t n) { return sd_check_alloc(strndup(s, n)); }

char *sd_int_text(char *out, size_t len, long long v)
{
    char tmp[24], *e = tmp + sizeof tmp, *p = e;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    size_t n = (size_t)(e - p);
    if (len == 0)
        return out;
    if (n >= len)
        n = len - 1; /* cut, as snprintf cuts */
    memcpy(out, p, n);
    out[n] = '\0';
    return out;
}

char *sd_xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *out = NULL;
    va_start(ap, fmt);
    int r = vasprintf(&out, fmt, ap);
    va_end(ap);
    if (r < 0)
        sd_check_alloc(NULL);
    return out;
}

static void sd_buf_reserve(sd_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = sd_xrealloc(b->data, cap);
    b->cap = cap;
}

void sd_buf_add(sd_buf *b, const char *s, size_t n)
{
    sd_buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sd_buf_adds(sd_buf *b, const char *s) { sd_buf_add(b, s, strlen(s)); }
void sd_buf_addc(sd_buf *b, char c) { sd_buf_add(b, &c, 1); }

void sd_buf_printf(sd_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sd_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sd_buf_clear(sd_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void sd_buf_free(sd_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *sd_buf_steal(sd_buf *b)
{
    char *s = b->data ? b->data : sd_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

static bool sd_is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char **sd_split(const char *s, char sep, size_t *n)
{
    size_t count = 0, cap = 4;
    char **v = sd_xcalloc(cap, sizeof *v);
    const char *p = s ? s : "";
    for (;;) {
        const char *end = strchr(p, sep);
        if (!end)
            end = p + strlen(p);
        const char *a = p, *z = end;
        while (a < z && sd_is_space(*a))
            a++;
        while (z > a && sd_is_space(z[-1]))
            z--;
        if (z > a) {
            if (count + 2 > cap) {
                cap *= 2;
                v = sd_xrealloc(v, cap * sizeof *v);
            }
            v[count++] = sd_xstrndup(a, (size_t)(z - a));
        }
        if (!*end)
            break;
        p = end + 1;
    }
    v[count] = NULL;
    if (n)
        *n = count;
    return v;
}

void sd_strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

bool sd_str_empty(const char *s) { return !s || !*s; }

bool sd_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool sd_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int sd_mkdirs(const char *path, unsigned mode)
{
    char *p = sd_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, mode) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int r = mkdir(p, mode);
    free(p);
    return (r == 0 || errno == EEXIST) ? 0 : -1;
}

int sd_create_file(const char *path, unsigned mode)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return -1;
    return open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
}
