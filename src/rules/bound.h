/* bound.h - a share of a small group shown as a bound near 0 % and 100 %
 *
 * In a group of five, 100 % 実施 on a question tells every member's answer
 * and 0 % tells which companies lack the measure. In a group under
 * SD_BOUND_BELOW(k) members (the size under which order statistics are
 * hidden too, stats/publish.h), a share whose count is within one member
 * of none or of all is shown only as a bound: 「8割以上」 / 「2割以下」 for
 * groups of 5 to 9 when k is 5. Each bound is chosen to cover at least two
 * counts (all and all but one; none and one), so the bound never reads as
 * an exact 0 % or 100 %: a tighter 「9割以上」 would, under ten members,
 * hold 100 % only. Pure, no allocation; every output asks this one rule
 * through stats/publish.c's view. */
#ifndef SD_RULES_BOUND_H
#define SD_RULES_BOUND_H

#include <stddef.h>

/* Groups under this many members show extreme shares as bounds. */
#define SD_BOUND_BELOW(k) (2 * (k))

typedef enum {
    SD_SHARE_EXACT = 0, /* the share is shown as it is */
    SD_SHARE_AT_LEAST,  /* 「N割以上」: count within one of all */
    SD_SHARE_AT_MOST,   /* 「N割以下」: count within one of none */
} sd_share_kind;

typedef struct {
    sd_share_kind kind;
    int tenths; /* the bound in tenths (N of N割), 0 when exact */
} sd_share_bound;

/* How a share of count out of n members of a group is shown with minimum
 * group k: exact when n is 0 or at least SD_BOUND_BELOW(k) or k < 1,
 * else a bound when count*10 reaches the upper bound (the largest whole
 * tenth not above (n-1)/n, at most 9) or stays within the lower one (the
 * smallest whole tenth not below 1/n, at least 1). */
sd_share_bound sd_share_bound_of(long long count, long long n, int k);

/* The bound as a share 0..1 (tenths / 10): what a chart or an ordering
 * may use in place of the hidden exact share. */
double sd_share_bound_value(sd_share_bound b);

/* The bound as people read it: 「8割以上」, 「2割以下」 (without brackets);
 * "" when exact. Returns out. */
char *sd_share_bound_text(sd_share_bound b, char *out, size_t len);

#endif
