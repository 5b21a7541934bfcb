/* round.c - 四捨五入 on exact integers where the figure allows it (see
 * round.h) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "rules/round.h"
#include "core/util.h"

static const long long sd_pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

static int sd_places(int places)
{
    return places < 0 ? 0 : places > 8 ? 8 : places;
}

long long sd_round_ratio(long long num, long long den, long long scale)
{
    if (den == 0)
        return 0;
    long long a = num * scale, b = den;
    int neg = (a < 0) != (b < 0);
    unsigned long long ua = (unsigned long long)llabs(a), ub = (unsigned long long)llabs(b);
    /* floor(a / b + 1/2) on magnitudes: a half goes up, away from zero */
    unsigned long long r = (2 * ua + ub) / (2 * ub);
    return neg ? -(long long)r : (long long)r;
}

/* v * 10^places rounded half away from zero, with a double's error
 * around the half forgiven. */
static long long sd_round_double(double v, int places)
{
    double x = fabs(v) * (double)sd_pow10[places];
    double whole = floor(x);
    long long r = (long long)whole + (x - whole >= 0.5 - 1e-7 ? 1 : 0);
    return v < 0 ? -r : r;
}

long long sd_round_units(double v, long long den, int places)
{
    places = sd_places(places);
    if (!isfinite(v))
        return 0;
    if (den > 0) {
        double num = v * (double)den;
        double whole = nearbyint(num);
        if (fabs(num - whole) < 1e-6 && fabs(whole) < 9e15 / (double)sd_pow10[places])
            return sd_round_ratio((long long)whole, den, sd_pow10[places]);
    }
    return sd_round_double(v, places);
}

double sd_round_value(double v, long long den, int places)
{
    places = sd_places(places);
    return (double)sd_round_units(v, den, places) / (double)sd_pow10[places];
}

/* units / 10^places as text with places decimals. */
static char *sd_units_text(char *out, size_t len, long long units, int places)
{
    unsigned long long u = (unsigned long long)llabs(units);
    unsigned long long p = (unsigned long long)sd_pow10[places];
    const char *sign = units < 0 ? "-" : "";
    if (places == 0)
        sd_int_text(out, len, units); /* a report's hundreds of whole percents */
    else
        snprintf(out, len, "%s%llu.%0*llu", sign, u / p, places, u % p);
    return out;
}

char *sd_round_text(char *out, size_t len, double v, long long den, int places)
{
    places = sd_places(places);
    return sd_units_text(out, len, sd_round_units(v, den, places), places);
}

char *sd_percent_text(char *out, size_t len, double share, long long den, int places)
{
    places = sd_places(places);
    long long units;
    double num = share * (double)den;
    if (den > 0 && fabs(num - nearbyint(num)) < 1e-6)
        units = sd_round_ratio((long long)nearbyint(num), den, 100 * sd_pow10[places]);
    else
        units = sd_round_double(share * 100, places);
    return sd_units_text(out, len, units, places);
}
