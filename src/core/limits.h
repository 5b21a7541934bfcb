/* limits.h - size limits for untrusted input, named in one place.
 * The defaults are far above what a chamber's spreadsheets hold. */
#ifndef SD_LIMITS_H
#define SD_LIMITS_H

#define SD_LIMIT_FILE_BYTES (512L * 1024 * 1024) /* one input file */
#define SD_LIMIT_CELL_BYTES (64 * 1024)          /* one cell, after conversion */
#define SD_LIMIT_COLUMNS 1024                    /* columns in a row */
#define SD_LIMIT_ROWS 2000000                    /* rows in a sheet */
#define SD_LIMIT_MEMBER_NO 32                    /* bytes of a member number */
#define SD_LIMIT_NAME 200                        /* code points of a company name */

#endif
