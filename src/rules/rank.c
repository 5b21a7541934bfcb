/* rank.c - quantiles and percentile ranks of sorted totals */
#include "rules/rank.h"

#include <math.h>

double sd_quantile(const int *sorted, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    double frac = pos - (double)lo;
    return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

double sd_percentile_rank(const int *sorted, size_t n, int value)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* first index >= value */
        size_t mid = (lo + hi) / 2;
        if (sorted[mid] < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t below = lo, equal = 0;
    while (below + equal < n && sorted[below + equal] == value)
        equal++;
    return 100.0 * ((double)below + 0.5 * (double)equal) / (double)n;
}
