/* platform_posix.c - the platform layer on Linux: flock, syncfs, the *at
 * family, memfd_create and fontconfig */
#ifndef _WIN32
#include "core/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/util.h"

int sd_lock_file(int fd, bool exclusive)
{
    /* flock does not touch the POSIX record locks SQLite uses */
    return flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB);
}

int sd_sync_dir(const char *dir, bool *opened)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    *opened = fd >= 0;
    if (fd < 0)
        return -1;
    /* syncfs writes every file of the file system out in one call and
     * reports a write-back error any of ours met; then the folder itself */
    int rc = syncfs(fd);
    if (rc == 0)
        rc = fsync(fd);
    /* some file systems cannot sync a folder: that is not a lost write */
    if (rc != 0 && (errno == EINVAL || errno == EROFS))
        rc = 0;
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

void sd_remove_files_in(const char *dir, bool (*own)(const char *name))
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        struct stat st;
        if ((!own || own(e->d_name)) && fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode))
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

bool sd_dir_entry_is_file(DIR *d, const char *dir, const char *name)
{
    (void)dir;
    struct stat st;
    return fstatat(dirfd(d), name, &st, 0) == 0 && S_ISREG(st.st_mode);
}

int sd_replace_file(const char *from, const char *to)
{
    return rename(from, to);
}

int sd_memfile_open(char *path, size_t n)
{
    int fd = memfd_create("shindan-input", MFD_CLOEXEC);
    if (fd >= 0)
        snprintf(path, n, "/proc/self/fd/%d", fd);
    return fd;
}

void sd_memfile_close(int fd, const char *path)
{
    (void)path; /* the name goes with the descriptor */
    if (fd >= 0)
        close(fd);
}

bool sd_stat_same(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

int sd_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

char *sd_program_dir(void)
{
    char exe[4000];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = 0;
    return sd_xstrdup(exe);
}

char *sd_system_font(const char *family)
{
    char *result = NULL;
    if (!FcInit())
        return NULL;
    FcPattern *pat = FcNameParse((const FcChar8 *)family);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    FcChar8 *file = NULL, *fam = NULL;
    if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch &&
        strncasecmp((const char *)fam, "IPAex", 5) == 0)
        result = sd_xstrdup((const char *)file);
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pat);
    FcFini(); /* the path is all we keep; release fontconfig's caches */
    return result;
}

static FILE *sd_tee_console, *sd_tee_both;
static long (*sd_tee_fn)(void *, const char *, size_t);

static ssize_t sd_tee_cookie_write(void *cookie, const char *buf, size_t n)
{
    return (ssize_t)sd_tee_fn(cookie, buf, n);
}

bool sd_stderr_tee_begin(long (*write)(void *cookie, const char *buf, size_t n), void *cookie, FILE **console)
{
    sd_tee_fn = write;
    *console = stderr;
    sd_tee_console = stderr;
    sd_tee_both = fopencookie(cookie, "w", (cookie_io_functions_t){.write = sd_tee_cookie_write});
    if (!sd_tee_both)
        return false;
    setvbuf(sd_tee_both, NULL, _IOLBF, 0);
    stderr = sd_tee_both;
    return true;
}

void sd_stderr_tee_end(void)
{
    fflush(sd_tee_both);
    stderr = sd_tee_console;
    fclose(sd_tee_both);
    sd_tee_both = NULL;
}

void sd_console_init(void) {}

long sd_read_console_line(char **line, size_t *cap, FILE *in)
{
    return (long)getline(line, cap, in);
}
#endif
