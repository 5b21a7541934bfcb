/* error.h - the one error enum of shindan and its messages */
#ifndef SD_ERROR_H
#define SD_ERROR_H

#include <stddef.h>

typedef enum {
    SD_OK = 0,            /* success */
    SD_DONE,              /* end of a sequence (not an error) */
    SD_ERR_NOMEM,         /* out of memory */
    SD_ERR_IO,            /* file could not be read or written */
    SD_ERR_FORMAT,        /* file content is not what it claims to be */
    SD_ERR_ENCODING,      /* text encoding could not be converted */
    SD_ERR_TEMPLATE,      /* a template file is missing or inconsistent */
    SD_ERR_DB,            /* SQLite reported an error */
    SD_ERR_DB_VERSION,    /* database written by a newer shindan */
    SD_ERR_NO_HEADER,     /* no header row with the required columns */
    SD_ERR_PDF,           /* libharu reported an error */
    SD_ERR_FONT,          /* font not found or could not be subset */
    SD_ERR_XLSX,          /* libxlsxwriter reported an error */
    SD_ERR_NO_DATA,       /* nothing to report for the period */
    SD_ERR_LIMIT,         /* a size limit was exceeded */
    SD_ERR_REJECTED,      /* rows were rejected in strict mode */
    SD_ERR_COUNT          /* number of codes; keep last */
} sd_error;

/* Returns a Japanese message for err; never NULL. */
const char *sd_strerror(sd_error err);

/* Formats a detail message into buf (printf-style) and returns err, so a
 * caller can write `return sd_fail(buf, len, SD_ERR_IO, "...", ...)`. */
sd_error sd_fail(char *buf, size_t len, sd_error err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
