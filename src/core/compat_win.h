/* compat_win.h - what the Windows C library lacks of the POSIX and GNU
 * calls shindan uses; included into every file of the Windows build
 * (-include), never into the Linux one. Definitions in platform_win.c. */
#ifndef SD_COMPAT_WIN_H
#define SD_COMPAT_WIN_H
#ifdef _WIN32

/* gmtime_r and localtime_r from mingw-w64's time.h */
#ifndef _POSIX_THREAD_SAFE_FUNCTIONS
#define _POSIX_THREAD_SAFE_FUNCTIONS 200112L
#endif
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

/* open flags that have no meaning there */
#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#ifndef O_NOCTTY
#define O_NOCTTY 0
#endif
#ifndef O_NONBLOCK
#define O_NONBLOCK 0
#endif
#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif
#define F_GETFL 3
#define F_SETFL 4
/* file status flags cannot be changed there: a no-op that succeeds */
int sd_compat_fcntl(int fd, int cmd, ...);
#define fcntl sd_compat_fcntl

#ifndef EWOULDBLOCK
#define EWOULDBLOCK EAGAIN
#endif

ssize_t getline(char **line, size_t *cap, FILE *fp);
char *strndup(const char *s, size_t n);
void *memmem(const void *hay, size_t hlen, const void *needle, size_t nlen);
#define timegm _mkgmtime
/* the C library's basename goes through the locale's multibyte code page
 * and splits UTF-8 names; this one is byte-wise ('/' and '\\') */
#define basename sd_compat_basename
char *sd_compat_basename(char *path);
/* no links to refuse there; mkdir takes no mode (permissions come from
 * the folder's ACL: see README) */
#define lstat stat
#define mkdir(path, mode) _mkdir(path)

/* iconv for the two encodings shindan converts from (CP932 and
 * UTF-16LE, to UTF-8), over MultiByteToWideChar: the same contract as
 * the C library's (EILSEQ, EINVAL at an incomplete end, E2BIG). */
typedef struct sd_iconv *iconv_t;
iconv_t iconv_open(const char *to, const char *from);
size_t iconv(iconv_t cd, char **in, size_t *inleft, char **out, size_t *outleft);
int iconv_close(iconv_t cd);

#endif
#endif
