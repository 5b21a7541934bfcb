/* tsv.h - reading a template's tab-separated file, line by line, the one
 * way every such file is read (industries, prefectures, size bands,
 * municipalities, the industry words and the classification) */
#ifndef SD_TSV_H
#define SD_TSV_H

#include <stddef.h>

#include "core/error.h"

#define SD_TSV_MAX_COLS 8

/* Called for each line that is neither blank nor a comment (#): its
 * columns (split at tabs, empty ones kept, at most SD_TSV_MAX_COLS) and
 * its number. Returns SD_OK to go on, else an error with its message in
 * err (the line's number is the caller's to name). */
typedef sd_error (*sd_tsv_fn)(void *ctx, char **cols, size_t ncols, int lineno, char *err, size_t errlen);

/* Reads the file at path: a BOM on the first line and CR line ends taken
 * off, every line checked as UTF-8 (a file saved as Shift_JIS is named as
 * such with the line). Returns SD_OK, SD_ERR_TEMPLATE when the file cannot
 * be opened or read or a line is no UTF-8, or what fn returned. */
sd_error sd_tsv_read(const char *path, sd_tsv_fn fn, void *ctx, char *err, size_t errlen);

#endif
