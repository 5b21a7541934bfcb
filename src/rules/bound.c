/* bound.c - a share of a small group shown as a bound (rules/bound.h) */
#include "rules/bound.h"

#include <stdio.h>

sd_share_bound sd_share_bound_of(long long count, long long n, int k)
{
    sd_share_bound b = {SD_SHARE_EXACT, 0};
    if (k < 1 || n <= 0 || n >= SD_BOUND_BELOW((long long)k))
        return b;
    /* floor(10 (n-1) / n) and ceil(10 / n), in integers */
    long long hi = 10 * (n - 1) / n, lo = (10 + n - 1) / n;
    hi = hi > 9 ? 9 : hi < 1 ? 1 : hi;
    lo = lo > 9 ? 9 : lo < 1 ? 1 : lo;
    if (count * 10 >= hi * n) {
        b.kind = SD_SHARE_AT_LEAST;
        b.tenths = (int)hi;
    } else if (count * 10 <= lo * n) {
        b.kind = SD_SHARE_AT_MOST;
        b.tenths = (int)lo;
    }
    return b;
}

double sd_share_bound_value(sd_share_bound b) { return b.tenths / 10.0; }

char *sd_share_bound_text(sd_share_bound b, char *out, size_t len)
{
    if (len == 0)
        return out;
    if (b.kind == SD_SHARE_EXACT)
        out[0] = 0;
    else
        snprintf(out, len, "%d割%s", b.tenths, b.kind == SD_SHARE_AT_LEAST ? "以上" : "以下");
    return out;
}
