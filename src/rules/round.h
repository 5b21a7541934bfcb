/* round.h - the one rounding rule of every figure shindan prints: 四捨五入
 * (a half rounds away from zero, as Excel's ROUND and its number formats
 * do), on exact integers wherever the figure is a ratio of counts, so 5/8
 * prints as 63% everywhere and never 62% where binary floating point
 * holds 62.5 as 62.4999…; pure, no allocation */
#ifndef SD_RULES_ROUND_H
#define SD_RULES_ROUND_H

#include <stddef.h>

/* num / den * scale rounded half away from zero, in integer arithmetic
 * (den != 0; num * scale must fit in a long long). */
long long sd_round_ratio(long long num, long long den, long long scale);

/* v * 10^places rounded half away from zero to a whole number. When den
 * > 0 and v * den is a whole number (v is a share of den members, or a
 * mean of den whole totals), the exact ratio is rounded; otherwise v
 * itself, a value within 1e-7 of the last place's unit below a half
 * taken as the half (the error of a double, never a real difference
 * between the figures shindan computes). places is 0..8. */
long long sd_round_units(double v, long long den, int places);

/* The same as a double (units / 10^places): what a workbook cell stores
 * so that its number format shows the very digits the PDFs print. */
double sd_round_value(double v, long long den, int places);

/* Writes v rounded (sd_round_units) with places decimals into out: "62.5",
 * "63", "-0.3"; never "-0". Returns out. */
char *sd_round_text(char *out, size_t len, double v, long long den, int places);

/* A share (0..1) of den as a percentage with places decimals, without
 * the % sign: 0.625 → "63" (places 0), "62.5" (places 1). Returns out. */
char *sd_percent_text(char *out, size_t len, double share, long long den, int places);

#endif
