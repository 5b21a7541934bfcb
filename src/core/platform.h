/* platform.h - the few things shindan does differently on Linux and on
 * Windows, behind one interface.
 *
 * platform_posix.c keeps the Linux calls (flock, syncfs, memfd_create,
 * the *at family); platform_win.c does the same work with the Win32 API.
 * The rest of the program calls only these. GNU functions missing from
 * the Windows C library (getline, strndup, memmem, timegm) come from
 * core/compat_win.h, included into every file of the Windows build only;
 * so does iconv for CP932 and UTF-16 text, done there with
 * MultiByteToWideChar (iconv of the C library elsewhere).
 * Every function sets errno on failure, as the call it replaces does. */
#ifndef SD_PLATFORM_H
#define SD_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <dirent.h>
#include <sys/stat.h>

/* Takes a whole-file lock on an open descriptor without waiting:
 * exclusive for the one batch that writes, shared for a reader that
 * needs no writer at work. Returns 0, or -1 with errno EWOULDBLOCK when
 * another process holds it (or another errno). Released when fd closes.
 * Never touches the byte ranges SQLite locks. */
int sd_lock_file(int fd, bool exclusive);

/* Writes everything written so far in dir's file system to disk and
 * syncs dir itself. Returns 0, or -1 with errno; *opened says whether
 * dir could be opened at all (false: the error is about opening). A file
 * system that cannot sync a folder is not an error. */
int sd_sync_dir(const char *dir, bool *opened);

/* Removes the regular files directly in dir (never through a link, never
 * a folder) whose names own accepts (every one when own is NULL). Errors
 * are ignored: what is left is removed by the next run. */
void sd_remove_files_in(const char *dir, bool (*own)(const char *name));

/* Whether name in the folder dir (opened as d by the caller) is a
 * regular file once links are followed. */
bool sd_dir_entry_is_file(DIR *d, const char *dir, const char *name);

/* Renames from to to, replacing an existing to in one step. Windows: an
 * output that Explorer or a virus scanner holds open for a moment is
 * tried again for up to a few seconds. Returns 0 or -1 with errno. */
int sd_replace_file(const char *from, const char *to);

/* An anonymous file for an in-memory copy of an input: returns a
 * descriptor open for writing, and in path (size n) a name by which the
 * readers open it. -1 with errno on failure. sd_memfile_close closes it
 * and removes whatever the name stood for. */
int sd_memfile_open(char *path, size_t n);
void sd_memfile_close(int fd, const char *path);

/* Whether two stat results describe the same file unchanged: device,
 * inode, size, and modification and change times to the nanosecond
 * where the system keeps them. */
bool sd_stat_same(const struct stat *a, const struct stat *b);

/* Processors online, at least 1. */
int sd_cpu_count(void);

/* The folder holding the running program (UTF-8, no trailing slash), or
 * NULL when it cannot be told. The caller frees it. */
char *sd_program_dir(void);

/* A file of the IPAex font family: Linux asks fontconfig; Windows looks
 * in fonts\ next to the exe. Returns a malloc'd path, or NULL. */
char *sd_system_font(const char *family);

/* Sends everything written to stderr also to write(cookie, ...) (with
 * *console set to the stream the console gets) until sd_stderr_tee_end.
 * Returns false when it cannot: the messages then reach only the
 * console. */
bool sd_stderr_tee_begin(long (*write)(void *cookie, const char *buf, size_t n), void *cookie,
                         FILE **console);
void sd_stderr_tee_end(void);

/* Windows: every file opened in binary mode from now on, and the console
 * in UTF-8 until exit. Nothing on Linux. Call once at the start of main. */
void sd_console_init(void);

/* One line from in, as getline: Windows reads the console through its
 * wide-character call so Japanese typed there arrives as UTF-8. */
long sd_read_console_line(char **line, size_t *cap, FILE *in);

#endif
