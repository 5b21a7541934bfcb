/* text.h - Unicode helpers: NFKC, trimming, comparison keys, UTF-8 walking */
#ifndef SD_TEXT_H
#define SD_TEXT_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

/* NFKC-normalises s (full-width digits and letters become ASCII, ㈱ becomes
 * (株), half-width kana become full-width), trims white space at both ends
 * and collapses runs of white space into one ASCII space. Returns a new
 * string the caller frees, or NULL when s is not valid UTF-8. */
char *sd_text_clean(const char *s);

/* A key for matching labels: sd_text_clean, then case-folded, with all
 * white space and the punctuation 「・、,.:_」 removed. NULL on invalid UTF-8. */
char *sd_text_key(const char *s);

/* True when s is valid UTF-8 without U+FFFD (the mark of a failed conversion). */
bool sd_text_valid(const char *s);

/* Why a line of a template file is no UTF-8: NULL when it is, else a
 * Japanese sentence naming path and line that says to save it again as
 * UTF-8 (and that it was saved as Shift_JIS, 「ANSI」, when it reads so). */
const char *sd_template_line_problem(const char *line, const char *path, int lineno, char *buf, size_t len);

/* Skips a UTF-8 byte order mark at the start of s. */
const char *sd_skip_bom(const char *s);

/* The first control character in s (C0 other than tab, CR and LF; DEL;
 * C1), or 0 when there is none. Such characters have no place in a
 * member's answers and could drive a terminal reading our messages. */
int32_t sd_text_control(const char *s);

/* A copy of s fit to print: control characters (and invalid bytes)
 * written as <U+001B>, tab and newlines as spaces. */
char *sd_text_visible(const char *s);
/* True when a file name holds any control character, tab and line breaks
 * included (they would forge lines in a log), or invalid UTF-8. */
bool sd_name_has_control(const char *s);

/* Decodes the code point at *p and advances *p; returns -1 on bad UTF-8
 * (advancing one byte). */
int32_t sd_utf8_next(const char **p);

/* sd_utf8_next for what a page is mostly made of, without a library
 * call: ASCII and well-formed three-byte sequences (kana, kanji) are
 * decoded here, anything else by sd_utf8_next. */
static inline int32_t sd_utf8_next_fast(const char **p)
{
    const unsigned char *c = (const unsigned char *)*p;
    if (c[0] < 0x80) {
        (*p)++;
        return c[0];
    }
    if ((c[0] & 0xF0) == 0xE0 && (c[1] & 0xC0) == 0x80 && (c[2] & 0xC0) == 0x80) {
        int32_t cp = (c[0] & 0x0F) << 12 | (c[1] & 0x3F) << 6 | (c[2] & 0x3F);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            *p += 3;
            return cp;
        }
    }
    return sd_utf8_next(p);
}

/* Number of code points in s. */
size_t sd_utf8_len(const char *s);

/* Appends the UTF-8 encoding of cp to out (at least 4 bytes of space);
 * returns the bytes written. */
size_t sd_utf8_put(char *out, int32_t cp);

/* True when s starts with prefix. */
bool sd_starts_with(const char *s, const char *prefix);

/* Columns s takes in a terminal: East Asian wide and full-width
 * characters count two, combining marks none. */
size_t sd_text_width(const char *s);
/* Writes s to out, then spaces up to width columns. */
void sd_text_pad(FILE *out, const char *s, size_t width);

/* cp as UTF-16 code units in u; returns how many (1, or 2 for a
 * surrogate pair). */
int sd_utf16(uint32_t cp, unsigned u[2]);

#endif
