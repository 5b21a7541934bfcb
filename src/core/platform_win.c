/* platform_win.c - the platform layer on Windows: LockFileEx, MoveFileEx,
 * a temporary file for the in-memory copy, MultiByteToWideChar for
 * CP932 and UTF-16, the console in UTF-8; and the GNU calls the Windows C
 * library lacks (core/compat_win.h). Paths are UTF-8 throughout: the exe's
 * manifest makes UTF-8 the process's code page (Windows 10 1903 and
 * later), and the calls here convert to UTF-16 themselves. */
#ifdef _WIN32
#include "core/platform.h"

#include <windows.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* UTF-8 to a malloc'd UTF-16 string; NULL with errno on bad input. */
static wchar_t *sd_wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0) {
        errno = EINVAL;
        return NULL;
    }
    wchar_t *w = sd_xmalloc((size_t)n * sizeof *w);
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
    return w;
}

/* UTF-16 to a malloc'd UTF-8 string, '\\' turned into '/'. */
static char *sd_narrow(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return NULL;
    char *s = sd_xmalloc((size_t)n);
    WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    for (char *p = s; *p; p++)
        if (*p == '\\')
            *p = '/';
    return s;
}

static void sd_set_errno(DWORD e)
{
    switch (e) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
        errno = ENOENT;
        break;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        errno = EACCES;
        break;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        errno = ENOSPC;
        break;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        errno = ENOMEM;
        break;
    default:
        errno = EIO;
    }
}

int sd_lock_file(int fd, bool exclusive)
{
    HANDLE h = (HANDLE)_get_osfhandle(fd);
    if (h == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    /* One byte at 2^62, far from the bytes SQLite locks (from 2^30): a
     * Windows lock is mandatory, so it must cover nothing anyone reads. */
    OVERLAPPED ov = {0};
    ov.OffsetHigh = 0x40000000;
    DWORD flags = LOCKFILE_FAIL_IMMEDIATELY | (exclusive ? LOCKFILE_EXCLUSIVE_LOCK : 0);
    if (LockFileEx(h, flags, 0, 1, 0, &ov))
        return 0;
    DWORD e = GetLastError();
    if (e == ERROR_LOCK_VIOLATION || e == ERROR_IO_PENDING)
        errno = EWOULDBLOCK;
    else
        sd_set_errno(e);
    return -1;
}

/* Each output was flushed to disk as it was renamed (sd_replace_file);
 * Windows cannot sync a folder, so this only checks the folder is there. */
int sd_sync_dir(const char *dir, bool *opened)
{
    wchar_t *w = sd_wide(dir);
    DWORD a = w ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
    free(w);
    *opened = a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY);
    if (!*opened) {
        errno = ENOENT;
        return -1;
    }
    return 0;
}

void sd_remove_files_in(const char *dir, bool (*own)(const char *name))
{
    char *pattern = sd_xasprintf("%s/*", dir);
    wchar_t *wp = sd_wide(pattern);
    free(pattern);
    if (!wp)
        return;
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileW(wp, &fd);
    free(wp);
    if (h == INVALID_HANDLE_VALUE)
        return;
    do {
        /* a file, not a folder and not a link or junction */
        if (fd.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT))
            continue;
        char *name = sd_narrow(fd.cFileName);
        if (name && (!own || own(name))) {
            char *path = sd_xasprintf("%s/%s", dir, name);
            wchar_t *w = sd_wide(path);
            if (w)
                DeleteFileW(w);
            free(w);
            free(path);
        }
        free(name);
    } while (FindNextFileW(h, &fd));
    FindClose(h);
}

bool sd_dir_entry_is_file(DIR *d, const char *dir, const char *name)
{
    (void)d;
    char *path = sd_xasprintf("%s/%s", dir, name);
    struct stat st;
    bool ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return ok;
}

int sd_replace_file(const char *from, const char *to)
{
    wchar_t *wf = sd_wide(from), *wt = sd_wide(to);
    int rc = -1;
    if (!wf || !wt)
        goto done;
    /* the content on disk before the name points at it */
    HANDLE h = CreateFileW(wf, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        sd_set_errno(GetLastError());
        goto done;
    }
    BOOL flushed = FlushFileBuffers(h);
    DWORD fe = GetLastError();
    CloseHandle(h);
    if (!flushed) {
        sd_set_errno(fe);
        goto done;
    }
    /* Explorer's preview, a virus scanner or a sync client may hold the
     * old output open for a moment: try again for up to 5 seconds */
    for (int tries = 0;; tries++) {
        if (MoveFileExW(wf, wt, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
            rc = 0;
            break;
        }
        DWORD e = GetLastError();
        if (tries >= 50 ||
            (e != ERROR_ACCESS_DENIED && e != ERROR_SHARING_VIOLATION && e != ERROR_LOCK_VIOLATION)) {
            sd_set_errno(e);
            break;
        }
        Sleep(100);
    }
done:
    free(wf);
    free(wt);
    return rc;
}

int sd_memfile_open(char *path, size_t n)
{
    /* a temporary file in the user's own %TEMP%, removed on release */
    wchar_t dir[MAX_PATH + 1], file[MAX_PATH + 1];
    DWORD len = GetTempPathW(MAX_PATH + 1, dir);
    if (len == 0 || len > MAX_PATH || !GetTempFileNameW(dir, L"shd", 0, file)) {
        sd_set_errno(GetLastError());
        return -1;
    }
    HANDLE h = CreateFileW(file, GENERIC_READ | GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_TEMPORARY, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        sd_set_errno(GetLastError());
        DeleteFileW(file);
        return -1;
    }
    int fd = _open_osfhandle((intptr_t)h, _O_BINARY | _O_RDWR);
    char *name = sd_narrow(file);
    if (fd < 0 || !name || strlen(name) >= n) {
        if (fd >= 0)
            _close(fd);
        else
            CloseHandle(h);
        DeleteFileW(file);
        free(name);
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(path, name);
    free(name);
    return fd;
}

void sd_memfile_close(int fd, const char *path)
{
    if (fd >= 0)
        _close(fd);
    wchar_t *w = path && *path ? sd_wide(path) : NULL;
    if (w)
        DeleteFileW(w);
    free(w);
}

bool sd_stat_same(const struct stat *a, const struct stat *b)
{
    /* no inode numbers and whole seconds only in the C library's stat */
    return a->st_dev == b->st_dev && a->st_size == b->st_size && a->st_mtime == b->st_mtime &&
           a->st_ctime == b->st_ctime;
}

int sd_cpu_count(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwNumberOfProcessors > 0 ? (int)si.dwNumberOfProcessors : 1;
}

char *sd_program_dir(void)
{
    wchar_t exe[32768];
    DWORD n = GetModuleFileNameW(NULL, exe, sizeof exe / sizeof exe[0]);
    if (n == 0 || n >= sizeof exe / sizeof exe[0])
        return NULL;
    char *s = sd_narrow(exe);
    char *slash = s ? strrchr(s, '/') : NULL;
    if (!slash) {
        free(s);
        return NULL;
    }
    *slash = 0;
    return s;
}

char *sd_system_font(const char *family)
{
    (void)family; /* the release ships the one family: fonts\ipaexg.ttf */
    char *dir = sd_program_dir();
    if (!dir)
        return NULL;
    char *path = sd_xasprintf("%s/fonts/ipaexg.ttf", dir);
    free(dir);
    if (_access(path, 4) != 0) {
        free(path);
        return NULL;
    }
    return path;
}

/* The stderr tee: fd 2 becomes a pipe's write end, and a thread hands
 * what arrives to the callback, which writes it to the console through a
 * copy of the old fd 2. */
static long (*sd_tee_fn)(void *, const char *, size_t);
static void *sd_tee_cookie;
static HANDLE sd_tee_read, sd_tee_thread;
static int sd_tee_restore = -1;
static FILE *sd_tee_console;

static DWORD WINAPI sd_tee_pump(LPVOID arg)
{
    (void)arg;
    char buf[4096];
    DWORD got;
    while (ReadFile(sd_tee_read, buf, sizeof buf, &got, NULL) && got > 0)
        sd_tee_fn(sd_tee_cookie, buf, got);
    return 0;
}

bool sd_stderr_tee_begin(long (*write)(void *cookie, const char *buf, size_t n), void *cookie, FILE **console)
{
    HANDLE r, w;
    if (!CreatePipe(&r, &w, NULL, 0))
        return false;
    fflush(stderr);
    int wfd = _open_osfhandle((intptr_t)w, _O_BINARY | _O_WRONLY);
    int restore = _dup(2), shown = _dup(2);
    FILE *con = shown >= 0 ? _fdopen(shown, "wb") : NULL;
    if (wfd < 0 || restore < 0 || !con || _dup2(wfd, 2) != 0) {
        if (con)
            fclose(con);
        else if (shown >= 0)
            _close(shown);
        if (restore >= 0)
            _close(restore);
        if (wfd >= 0)
            _close(wfd);
        else
            CloseHandle(w);
        CloseHandle(r);
        return false;
    }
    _close(wfd); /* fd 2 holds the pipe now */
    sd_tee_fn = write;
    sd_tee_cookie = cookie;
    sd_tee_read = r;
    sd_tee_restore = restore;
    sd_tee_console = con;
    *console = con;
    sd_tee_thread = CreateThread(NULL, 0, sd_tee_pump, NULL, 0, NULL);
    if (!sd_tee_thread) {
        sd_stderr_tee_end();
        return false;
    }
    return true;
}

void sd_stderr_tee_end(void)
{
    fflush(stderr);
    _dup2(sd_tee_restore, 2); /* closes the pipe's last write end */
    _close(sd_tee_restore);
    if (sd_tee_thread) {
        WaitForSingleObject(sd_tee_thread, INFINITE);
        CloseHandle(sd_tee_thread);
    }
    CloseHandle(sd_tee_read);
    fclose(sd_tee_console);
    sd_tee_thread = sd_tee_read = NULL;
    sd_tee_restore = -1;
    sd_tee_console = NULL;
}

static UINT sd_console_out_cp, sd_console_in_cp;

/* The console's code pages as they were: cmd.exe reads the rest of a
 * Shift_JIS batch file in them after shindan.exe returns. */
static void sd_console_restore(void)
{
    if (sd_console_out_cp)
        SetConsoleOutputCP(sd_console_out_cp);
    if (sd_console_in_cp)
        SetConsoleCP(sd_console_in_cp);
}

void sd_console_init(void)
{
    /* every open and fopen in binary mode, as on Linux: text mode would
     * turn CRLF into LF in inputs and LF into CRLF in PDFs */
    _fmode = _O_BINARY;
    sd_console_out_cp = GetConsoleOutputCP();
    sd_console_in_cp = GetConsoleCP();
    if (sd_console_out_cp || sd_console_in_cp)
        atexit(sd_console_restore);
    SetConsoleOutputCP(CP_UTF8);
    SetConsoleCP(CP_UTF8);
    /* the same bytes as on Linux when output goes to a file or a pipe */
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
}

long sd_read_console_line(char **line, size_t *cap, FILE *in)
{
    HANDLE h = (HANDLE)_get_osfhandle(_fileno(in));
    DWORD mode;
    if (h == INVALID_HANDLE_VALUE || !GetConsoleMode(h, &mode))
        return (long)getline(line, cap, in);
    /* the console: UTF-16 from ReadConsoleW, so Japanese typed there is
     * read whatever the console's code page */
    wchar_t buf[4096];
    size_t nw = 0;
    for (;;) {
        DWORD got = 0;
        if (nw + 1 >= sizeof buf / sizeof buf[0] || !ReadConsoleW(h, buf + nw, 1, &got, NULL) || got == 0)
            break;
        if (buf[nw] == L'\n') {
            nw++;
            break;
        }
        if (buf[nw] == 0x1A && nw == 0) /* Ctrl+Z: the end of input */
            return -1;
        nw++;
    }
    if (nw == 0)
        return -1;
    buf[nw] = 0;
    int n = WideCharToMultiByte(CP_UTF8, 0, buf, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return -1;
    if (*cap < (size_t)n) {
        *line = sd_xrealloc(*line, (size_t)n);
        *cap = (size_t)n;
    }
    WideCharToMultiByte(CP_UTF8, 0, buf, -1, *line, n, NULL, NULL);
    return n - 1;
}

/* ---- GNU and POSIX calls the Windows C library lacks ---- */

int sd_compat_fcntl(int fd, int cmd, ...)
{
    (void)fd;
    return cmd == F_GETFL ? 0 : 0;
}

ssize_t getline(char **line, size_t *cap, FILE *fp)
{
    if (!line || !cap || !fp) {
        errno = EINVAL;
        return -1;
    }
    size_t n = 0;
    int c;
    while ((c = getc(fp)) != EOF) {
        if (n + 2 > *cap) {
            size_t want = *cap ? *cap * 2 : 128;
            char *p = realloc(*line, want);
            if (!p) {
                errno = ENOMEM;
                return -1;
            }
            *line = p;
            *cap = want;
        }
        (*line)[n++] = (char)c;
        if (c == '\n')
            break;
    }
    if (n == 0)
        return -1;
    (*line)[n] = 0;
    return (ssize_t)n;
}

char *sd_compat_basename(char *path)
{
    if (!path || !*path)
        return ".";
    char *end = path + strlen(path);
    while (end > path + 1 && (end[-1] == '/' || end[-1] == '\\'))
        *--end = 0;
    char *p = end;
    while (p > path && p[-1] != '/' && p[-1] != '\\')
        p--;
    return p;
}

char *strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = 0;
    }
    return p;
}

void *memmem(const void *hay, size_t hlen, const void *needle, size_t nlen)
{
    if (nlen == 0)
        return (void *)hay;
    const unsigned char *h = hay;
    for (size_t i = 0; nlen <= hlen && i <= hlen - nlen; i++)
        if (h[i] == *(const unsigned char *)needle && memcmp(h + i, needle, nlen) == 0)
            return (void *)(h + i);
    return NULL;
}

/* ---- iconv: CP932 or UTF-16LE to UTF-8 ---- */

struct sd_iconv {
    bool utf16; /* UTF-16LE, else CP932 */
};

iconv_t iconv_open(const char *to, const char *from)
{
    if (_stricmp(to, "UTF-8") != 0 || (_stricmp(from, "CP932") != 0 && _stricmp(from, "UTF-16LE") != 0)) {
        errno = EINVAL;
        return (iconv_t)-1;
    }
    iconv_t cd = malloc(sizeof *cd);
    if (!cd) {
        errno = ENOMEM;
        return (iconv_t)-1;
    }
    cd->utf16 = _stricmp(from, "UTF-16LE") == 0;
    return cd;
}

int iconv_close(iconv_t cd)
{
    free(cd);
    return 0;
}

/* Writes code point cp as UTF-8; false when out has no room. */
static bool sd_put_utf8(uint32_t cp, char **out, size_t *left)
{
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | cp >> 18);
        b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (*left < n)
        return false;
    memcpy(*out, b, n);
    *out += n;
    *left -= n;
    return true;
}

size_t iconv(iconv_t cd, char **in, size_t *inleft, char **out, size_t *outleft)
{
    if (!in || !*in)
        return 0; /* reset: neither conversion keeps a state */
    while (*inleft > 0) {
        const unsigned char *p = (const unsigned char *)*in;
        size_t used;
        uint32_t cp;
        if (cd->utf16) {
            if (*inleft < 2)
                goto incomplete;
            cp = (uint32_t)(p[0] | p[1] << 8);
            used = 2;
            if (cp >= 0xDC00 && cp < 0xE000)
                goto invalid;
            if (cp >= 0xD800 && cp < 0xDC00) {
                if (*inleft < 4)
                    goto incomplete;
                uint32_t lo = (uint32_t)(p[2] | p[3] << 8);
                if (lo < 0xDC00 || lo >= 0xE000)
                    goto invalid;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                used = 4;
            }
        } else {
            used = (p[0] >= 0x81 && p[0] <= 0x9F) || (p[0] >= 0xE0 && p[0] <= 0xFC) ? 2 : 1;
            if (*inleft < used)
                goto incomplete;
            if (p[0] < 0x80) {
                cp = p[0];
            } else {
                wchar_t w[2];
                int n = MultiByteToWideChar(932, MB_ERR_INVALID_CHARS, (const char *)p, (int)used, w, 2);
                if (n != 1)
                    goto invalid;
                cp = (uint32_t)w[0];
            }
        }
        if (!sd_put_utf8(cp, out, outleft)) {
            errno = E2BIG;
            return (size_t)-1;
        }
        *in += used;
        *inleft -= used;
    }
    return 0;
incomplete:
    errno = EINVAL;
    return (size_t)-1;
invalid:
    errno = EILSEQ;
    return (size_t)-1;
}
#endif
