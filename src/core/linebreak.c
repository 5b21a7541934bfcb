/* linebreak.c - line-break opportunities by UAX #14's pair table */
#include "core/linebreak.h"

#include <stdint.h>

/* The classes of the pair table, in its order, then those resolved
 * before it is consulted. */
/* clang-format off */
typedef enum {
    SD_LB_OP, SD_LB_CL, SD_LB_CP, SD_LB_QU, SD_LB_GL, SD_LB_NS, SD_LB_EX, SD_LB_SY, SD_LB_IS,
    SD_LB_PR, SD_LB_PO, SD_LB_NU, SD_LB_AL, SD_LB_ID, SD_LB_IN, SD_LB_HY, SD_LB_BA, SD_LB_BB,
    SD_LB_B2, SD_LB_ZW, SD_LB_CM, SD_LB_WJ, SD_LB_H2, SD_LB_H3, SD_LB_JL, SD_LB_JV, SD_LB_JT,
    SD_LB_NPAIR,
    SD_LB_BK = SD_LB_NPAIR, SD_LB_CR, SD_LB_LF, SD_LB_SP, SD_LB_CB
} sd_lb_class;
/* clang-format on */

typedef struct {
    uint32_t lo, hi;
    sd_lb_class cls;
} sd_lb_range;

#include "core/linebreak_table.h"

static sd_lb_class sd_lb_class_of(uint32_t cp)
{
    if (cp >= 0xAC00 && cp <= 0xD7A3)
        return (cp - 0xAC00) % 28 == 0 ? SD_LB_H2 : SD_LB_H3;
    size_t lo = 0, hi = sizeof sd_lb_ranges / sizeof sd_lb_ranges[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < sd_lb_ranges[mid].lo)
            hi = mid;
        else if (cp > sd_lb_ranges[mid].hi)
            lo = mid + 1;
        else
            return sd_lb_ranges[mid].cls;
    }
    return SD_LB_AL;
}

/* What the pair table says of a break between two classes:
 * _ a break, % a break only after spaces, # the same for a combining
 * mark (else the mark takes the class before it), @ never, even after
 * spaces, for a combining mark, ^ never. */
/* clang-format off */
static const char sd_lb_pairs[SD_LB_NPAIR][SD_LB_NPAIR + 1] = {
    /*         OP CL CP QU GL NS EX SY IS PR PO NU AL ID IN HY BA BB B2 ZW CM WJ H2 H3 JL JV JT */
    /* OP */ "^^^^^^^^^^^^^^^^^^^^@^^^^^^",
    /* CL */ "_^^%%^^^^%%____%%__^#^_____",
    /* CP */ "_^^%%^^^^%%%%__%%__^#^_____",
    /* QU */ "^^^%%%^^^%%%%%%%%%%^#^%%%%%",
    /* GL */ "%^^%%%^^^%%%%%%%%%%^#^%%%%%",
    /* NS */ "_^^%%%^^^______%%__^#^_____",
    /* EX */ "_^^%%%^^^______%%__^#^_____",
    /* SY */ "_^^%%%^^^__%___%%__^#^_____",
    /* IS */ "_^^%%%^^^__%%__%%__^#^_____",
    /* PR */ "%^^%%%^^^__%%%_%%__^#^%%%%%",
    /* PO */ "%^^%%%^^^__%%__%%__^#^_____",
    /* NU */ "%^^%%%^^^%%%%_%%%__^#^_____",
    /* AL */ "%^^%%%^^^__%%_%%%__^#^_____",
    /* ID */ "_^^%%%^^^_%___%%%__^#^_____",
    /* IN */ "_^^%%%^^^_____%%%__^#^_____",
    /* HY */ "_^^%_%^^^__%___%%__^#^_____",
    /* BA */ "_^^%_%^^^______%%__^#^_____",
    /* BB */ "%^^%%%^^^%%%%%%%%%%^#^%%%%%",
    /* B2 */ "_^^%%%^^^______%%_^^#^_____",
    /* ZW */ "___________________^_______",
    /* CM */ "%^^%%%^^^__%%_%%%__^#^_____",
    /* WJ */ "%^^%%%^^^%%%%%%%%%%^#^%%%%%",
    /* H2 */ "_^^%%%^^^_%___%%%__^#^___%%",
    /* H3 */ "_^^%%%^^^_%___%%%__^#^____%",
    /* JL */ "_^^%%%^^^_%___%%%__^#^%%%%_",
    /* JV */ "_^^%%%^^^_%___%%%__^#^___%%",
    /* JT */ "_^^%%%^^^_%___%%%__^#^____%",
};
/* clang-format on */

/* The next code point of text[*pos, len), advancing *pos; a byte that
 * starts no valid sequence stands for itself. */
static uint32_t sd_lb_next(const unsigned char *s, size_t len, size_t *pos)
{
    size_t i = *pos;
    uint32_t c = s[i];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (n > 1 && i + n <= len) {
        uint32_t cp = c & (0x7F >> n);
        size_t k = 1;
        for (; k < n && (s[i + k] & 0xC0) == 0x80; k++)
            cp = cp << 6 | (s[i + k] & 0x3F);
        if (k == n) {
            *pos = i + n;
            return cp;
        }
    }
    *pos = i + 1;
    return c;
}

void sd_linebreaks(const char *text, size_t len, char *brks)
{
    const unsigned char *s = (const unsigned char *)text;
    if (len == 0)
        return;
    size_t cur = 0;  /* the byte after the character read last */
    size_t last = 0; /* the last byte of the character before it */
    uint32_t ch = sd_lb_next(s, len, &cur);
    for (size_t i = 0; i + 1 < cur; i++)
        brks[i] = SD_BREAK_INSIDE;
    last = cur - 1;
    sd_lb_class before = sd_lb_class_of(ch);
    sd_lb_class prev = SD_LB_NPAIR; /* the class of the character before, for "after spaces" */
    sd_lb_class next = SD_LB_NPAIR;
    /* a line's first character: a newline counts as a hard break, a
     * space as a word joiner (no break before what follows it) */
    for (;;) {
        if (before == SD_LB_LF)
            before = SD_LB_BK;
        else if (before == SD_LB_SP)
            before = SD_LB_WJ;
        else if (before == SD_LB_CB)
            before = SD_LB_AL;
    next_char:
        prev = next;
        if (cur >= len)
            break;
        size_t start = cur;
        ch = sd_lb_next(s, len, &cur);
        for (size_t i = start; i + 1 < cur; i++)
            brks[i] = SD_BREAK_INSIDE;
        next = sd_lb_class_of(ch);
        if (before == SD_LB_BK || (before == SD_LB_CR && next != SD_LB_LF)) {
            brks[last] = SD_BREAK_MUST;
            last = cur - 1;
            before = next;
            continue; /* a new line */
        }
        switch (next) {
        case SD_LB_SP:
            brks[last] = SD_BREAK_NO;
            last = cur - 1;
            goto next_char;
        case SD_LB_BK:
        case SD_LB_LF:
            brks[last] = SD_BREAK_NO;
            last = cur - 1;
            before = SD_LB_BK;
            goto next_char;
        case SD_LB_CR:
            brks[last] = SD_BREAK_NO;
            last = cur - 1;
            before = SD_LB_CR;
            goto next_char;
        case SD_LB_CB:
            brks[last] = SD_BREAK_ALLOW;
            last = cur - 1;
            before = SD_LB_BA;
            goto next_char;
        default:
            break;
        }
        char rule = before < SD_LB_NPAIR ? sd_lb_pairs[before][next] : '^';
        switch (rule) {
        case '_':
            brks[last] = SD_BREAK_ALLOW;
            break;
        case '%':
        case '#':
            brks[last] = prev == SD_LB_SP ? SD_BREAK_ALLOW : SD_BREAK_NO;
            break;
        case '@':
            brks[last] = SD_BREAK_NO;
            if (prev != SD_LB_SP) {
                last = cur - 1;
                goto next_char; /* the mark takes the class before it */
            }
            break;
        default:
            brks[last] = SD_BREAK_NO;
        }
        last = cur - 1;
        before = next;
        goto next_char;
    }
    brks[last] = SD_BREAK_MUST;
}
