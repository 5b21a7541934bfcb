/* rank.h - where a total stands among others: quantiles and percentile
 * ranks. Pure functions on sorted arrays: no database, no allocation. */
#ifndef SD_RULES_RANK_H
#define SD_RULES_RANK_H

#include <stddef.h>

/* Percentile-style quantile with linear interpolation between ranks
 * (the same as Excel's QUARTILE.INC). sorted must be ascending, n > 0. */
double sd_quantile(const int *sorted, size_t n, double q);

/* Percentile rank of value among sorted (ascending, n > 0): the share of
 * totals below it plus half of those equal, times 100 (the mid-rank
 * definition, so ties share one rank and a lone member is at 50). */
double sd_percentile_rank(const int *sorted, size_t n, int value);

#endif
