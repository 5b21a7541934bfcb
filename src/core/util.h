/* util.h - allocation that cannot fail silently, growable strings, small helpers */
#ifndef SD_UTIL_H
#define SD_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Allocation wrappers: abort with a message on exhaustion, since a batch
 * that runs out of memory half-way cannot continue meaningfully. */
void *sd_xmalloc(size_t n);
void *sd_xcalloc(size_t n, size_t size);
void *sd_xrealloc(void *p, size_t n);
char *sd_xstrdup(const char *s);
char *sd_xstrndup(const char *s, size_t n);
char *sd_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* v in decimal, as snprintf's "%lld" writes it, into out (len >= 21);
 * returns out. For the numbers a report draws by the hundred. */
char *sd_int_text(char *out, size_t len, long long v);
/* p, or the out-of-memory exit when p is NULL (for other allocators). */
void *sd_check_alloc(void *p);

/* A growable NUL-terminated byte buffer. */
typedef struct {
    char *data; /* owned; always NUL-terminated once anything was added */
    size_t len; /* bytes used, without the NUL */
    size_t cap; /* bytes allocated */
} sd_buf;

void sd_buf_add(sd_buf *b, const char *s, size_t n);
void sd_buf_adds(sd_buf *b, const char *s);
void sd_buf_addc(sd_buf *b, char c);
void sd_buf_printf(sd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sd_buf_clear(sd_buf *b);
void sd_buf_free(sd_buf *b);
/* Returns the string and leaves b empty; the caller owns the result. */
char *sd_buf_steal(sd_buf *b);

/* Splits s at sep into a NULL-terminated array of trimmed, non-empty,
 * newly allocated strings; free with sd_strv_free. *n gets the count. */
char **sd_split(const char *s, char sep, size_t *n);
void sd_strv_free(char **v);

bool sd_str_empty(const char *s);
bool sd_file_exists(const char *path);
bool sd_is_dir(const char *path);
/* mkdir -p; returns 0 or -1 with errno set. */
int sd_mkdirs(const char *path, unsigned mode);
/* Creates path afresh (an old file of that name is removed first) with
 * mode, which the process umask narrows as usual, so a private file is
 * never readable by others, not even while it is being written. Returns
 * an open descriptor, or -1 with errno set. */
int sd_create_file(const char *path, unsigned mode);

#endif
