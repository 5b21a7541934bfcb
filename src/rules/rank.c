/* rank.c - quantiles and percentile ranks of sorted totals */
#include "rules/rank.h"

#include <math.h>
#include <stdbool.h>

double sd_quantile(const int *sorted, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    double frac = pos - (double)lo;
    return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

/* The first index in sorted[0..n) whose value is not below value (or,
 * with above, not at most value). */
static size_t sd_bound(const int *sorted, size_t n, int value, bool above)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (sorted[mid] < value || (above && sorted[mid] == value))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

double sd_percentile_rank(const int *sorted, size_t n, int value)
{
    /* both ends by bisection: a hundred possible totals among 100,000
     * members are a thousand equal values each, which a walk would step
     * through for every report */
    size_t below = sd_bound(sorted, n, value, false);
    size_t equal = sd_bound(sorted, n, value, true) - below;
    return 100.0 * ((double)below + 0.5 * (double)equal) / (double)n;
}
