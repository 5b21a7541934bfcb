/* snapshot.h - one read of an input file: its bytes copied once into an
 * anonymous in-memory file while they are hashed, so the SHA-256 that
 * makes a re-import a no-op and the rows that are stored come from the
 * same bytes, even when Excel or a synced folder replaces the file while
 * shindan reads it. */
#ifndef SD_SNAPSHOT_H
#define SD_SNAPSHOT_H

#include "core/error.h"

typedef struct {
    int fd;              /* the in-memory copy, -1 when none */
    char path[1024];     /* the copy's name for readers (/proc/self/fd/N on Linux) */
    char sha256[65];     /* hex digest of the copied bytes */
    long long size;      /* bytes */
} sd_snapshot;

/* Copies path. Refused with a message (file named by the caller): not a
 * regular file (a folder, FIFO, device or socket; a link is followed to
 * what it names), larger than max_bytes, unreadable, or changed while it
 * was read (size, time or identity differ before and after). Returns
 * SD_OK, SD_ERR_IO, SD_ERR_LIMIT or SD_ERR_FORMAT. Release with
 * sd_snapshot_release. */
sd_error sd_snapshot_take(const char *path, long long max_bytes, sd_snapshot *s, char *err, size_t errlen);
void sd_snapshot_release(sd_snapshot *s);

/* Hex SHA-256 of a file's content, read through a snapshot. */
sd_error sd_file_sha256(const char *path, char out[65]);

#endif
