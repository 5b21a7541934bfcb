/* columns.h - spreadsheet column letters (A, Z, AA, AB) to and from
 * 0-based column indexes */
#ifndef SD_COLUMNS_H
#define SD_COLUMNS_H

#include <stddef.h>

/* Column letters ("A", "AB", either case, spaces around) to a 0-based
 * index, or -1 when they are not letters. */
int sd_column_index(const char *letters);

/* A 0-based column index to its letters: 0 -> "A", 27 -> "AB". */
void sd_column_letters(size_t col, char out[16]);

#endif
