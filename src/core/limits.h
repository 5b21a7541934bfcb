/* limits.h - size limits for untrusted input, named in one place.
 * The defaults are far above what a chamber's spreadsheets hold; an
 * organisation can change them in shindan.ini [limits]. */
#ifndef SD_LIMITS_H
#define SD_LIMITS_H

typedef struct {
    long long file_bytes;     /* one input file */
    long long inflated_bytes; /* one xlsx part after decompression */
    long zip_ratio;           /* inflated / compressed above which a large part is a zip bomb */
    long cell_bytes;          /* one cell, after conversion to UTF-8 */
    long columns;             /* columns in a row */
    long rows;                /* rows in a sheet */
    long shared_strings;      /* distinct strings in an xlsx workbook */
    long detail_rows;         /* answer rows per 回答明細 sheet of the workbook (an output limit) */
} sd_limits;

/* Excel's rows per sheet, less the header row. */
#define SD_EXCEL_DATA_ROWS 1048575L

/* The limits in force: defaults until the settings are loaded. */
extern sd_limits sd_lim;

/* Sets the limit that shindan.ini's [limits] calls name to v (at least 1;
 * file_mb and inflated_mb in MiB, cell_kb in KiB). Returns NULL, or why
 * it cannot (an unknown name, more detail rows than a sheet holds): the
 * message for the settings error, naming no file. Not thread-safe: the
 * settings are read before any worker starts. */
const char *sd_limits_set(const char *name, int v);

#define SD_LIMIT_MEMBER_NO 32 /* bytes of a member number (part of file names) */
#define SD_LIMIT_NAME 200     /* code points of a company name */

#endif
