/* output.h - the one way an output file comes to exist under its name.
 *
 * An output is written as NAME.tmp (created afresh with its final mode,
 * no symbolic link followed), every write and the close are checked, and
 * only then is it renamed to NAME. A file under its real name is therefore
 * always whole; a failure leaves no NAME.tmp behind and the earlier NAME
 * (if any) untouched. Durability against a power cut is per folder, not
 * per file (one sync instead of thousands): sd_output_sync runs before a
 * period leaves the pending list, so a period whose files might not have
 * reached the disk is written again by the next run. */
#ifndef SD_OUTPUT_H
#define SD_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"

typedef struct sd_output sd_output;

/* Creates path.tmp with mode. Returns SD_OK and the handle in *out, or
 * SD_ERR_IO with the reason (errno text) in err. */
sd_error sd_output_open(const char *path, unsigned mode, sd_output **out, char *err, size_t errlen);

/* The stream to write the content to (buffered; errors are kept by stdio
 * and checked at commit). */
FILE *sd_output_stream(sd_output *o);

/* For a library that writes a file by name (libxlsxwriter): closes the
 * stream and returns the temporary file's name (owned by o); the library
 * writes there, and commit syncs and renames it. */
const char *sd_output_by_name(sd_output *o);

/* Finishes the output: flushes and checks the stream, closes it (checking
 * the close) and renames it to its real name. Frees o. On any failure
 * removes the temporary file and returns SD_ERR_IO naming the file and
 * the reason. */
sd_error sd_output_commit(sd_output *o, char *err, size_t errlen);

/* Writes everything written so far in dir's file system to disk (syncfs)
 * and syncs dir itself. Returns SD_OK or SD_ERR_IO with the reason. */
sd_error sd_output_sync(const char *dir, char *err, size_t errlen);

/* Gives the output up: closes and removes the temporary file. Frees o;
 * accepts NULL. */
void sd_output_abort(sd_output *o);

/* Removes the regular files directly in dir (never through a link, never
 * a folder) whose names own accepts (every one when own is NULL): what a
 * killed batch left of its own. */
void sd_output_sweep(const char *dir, bool (*own)(const char *name));

/* Whether outputs are shared with the process's group (a server's share):
 * a private file (0600) is then made 0640 and a private folder 0750; what
 * is for everyone stays as it is. Set once at start from the settings. */
void sd_output_share_with_group(bool on);

/* mode as outputs are made with it (see sd_output_share_with_group). */
unsigned sd_output_mode(unsigned mode);

#endif
