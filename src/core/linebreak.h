/* linebreak.h - where a line of text may, must or must not be broken:
 * the line-breaking algorithm of Unicode's UAX #14 (its pair table) with
 * Japanese conventions (no break before 。、」 or small kana, ambiguous
 * characters wide) */
#ifndef SD_LINEBREAK_H
#define SD_LINEBREAK_H

#include <stddef.h>

enum {
    SD_BREAK_MUST = 0,  /* a line ends here (a newline; the text's end) */
    SD_BREAK_ALLOW = 1, /* a line may end after this character */
    SD_BREAK_NO = 2,    /* no break after this character */
    SD_BREAK_INSIDE = 3 /* not the last byte of a character */
};

/* Fills brks[0..len) for the UTF-8 text[0..len): brks[i] says whether a
 * line may end after byte i. An invalid byte counts as one character. */
void sd_linebreaks(const char *text, size_t len, char *brks);

#endif
