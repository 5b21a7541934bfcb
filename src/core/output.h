/* output.h - the one way an output file comes to exist under its name.
 *
 * An output is written as NAME.tmp (created afresh with its final mode,
 * no symbolic link followed), every write and the close are checked, the
 * data is synced to disk, and only then is it renamed to NAME. A file
 * under its real name is therefore always whole; a failure leaves no
 * NAME.tmp behind and the earlier NAME (if any) untouched. */
#ifndef SD_OUTPUT_H
#define SD_OUTPUT_H

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

/* Finishes the output: flushes and checks the stream, syncs the file,
 * closes it (checking the close), renames it to its real name and syncs
 * the folder. Frees o. On any failure removes the temporary file and
 * returns SD_ERR_IO naming the file and the reason. */
sd_error sd_output_commit(sd_output *o, char *err, size_t errlen);

/* Gives the output up: closes and removes the temporary file. Frees o;
 * accepts NULL. */
void sd_output_abort(sd_output *o);

#endif
