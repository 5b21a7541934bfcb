/* zpart.h - one part (entry) of a zip package read with the size limits:
 * shared by the xlsx and ods readers. */
#ifndef SD_ZPART_H
#define SD_ZPART_H

#include <minizip/unzip.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

typedef struct {
    unzFile zip;    /* borrowed: the package */
    char part[256]; /* the entry being read, for messages */
    long long inflated, compressed;
    bool eof;       /* read to its end (and closed) */
} sd_zpart;

/* Finds an entry by name; some exporters write its folders with
 * backslashes (xl\worksheets\sheet1.xml), which is tried second. */
int sd_zpart_locate(unzFile zip, const char *part);

/* Opens part for reading. SD_DONE when it is missing and not required;
 * errors for an encrypted or oddly compressed entry, or one declaring
 * more than the inflated limit. what and ext name the package for the
 * message of a missing part ("Excel のブック", "xlsx"). */
sd_error sd_zpart_open(sd_zpart *z, const char *part, bool required, const char *what, const char *ext,
                       char *err, size_t errlen);

/* Reads the next chunk; *got = 0 at its end (then the entry is closed and
 * its CRC checked). Errors past the inflated limit or the compression
 * ratio that marks a zip bomb. */
sd_error sd_zpart_read(sd_zpart *z, char *buf, size_t cap, size_t *got, char *err, size_t errlen);

/* Closes an entry left before its end. */
void sd_zpart_close(sd_zpart *z);

#endif
