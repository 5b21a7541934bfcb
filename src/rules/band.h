/* band.h - which band a number falls in: the judgement bands of a total,
 * the range of totals, the employee size bands; pure over plain data */
#ifndef SD_RULES_BAND_H
#define SD_RULES_BAND_H

struct sd_templates;

typedef struct {
    int min, max;  /* inclusive range of totals */
    char *label;   /* 一部不足 */
    char *meaning; /* what the band says about the company */
} sd_band;

typedef struct {
    int id;      /* 1.. */
    char *label; /* 6〜20人 */
    int min;     /* inclusive */
    int max;     /* inclusive, 0 = open */
} sd_size_band;

/* The index of the band of bands[0..n) whose range holds total, or -1. */
int sd_bands_find(const sd_band *bands, int n, int total);

/* Whether bands[0..n), best first, cover lo..hi each total exactly once:
 * -1 when they do, else the index of the first band that is empty or
 * does not start just below the one before it (the first at hi), or n
 * when the last does not reach down to lo (and when n is 0). */
int sd_bands_gap(const sd_band *bands, int n, int lo, int hi);

/* The lowest and the highest total nquestions answers can make, each
 * answer worth from worst to best points. */
int sd_total_min(int nquestions, int worst);
int sd_total_max(int nquestions, int best);

/* The id of the size band of bands[0..n) that holds employees, or 0. */
int sd_size_bands_find(const sd_size_band *bands, int n, int employees);

/* The same rules over the loaded templates; each returns NULL (or -1, or
 * 0 for a size band) when nothing matches. */
const sd_band *sd_band_for(const struct sd_templates *t, int total);
int sd_band_index(const struct sd_templates *t, int total);
int sd_max_total(const struct sd_templates *t);
int sd_min_total(const struct sd_templates *t);
int sd_size_band_for(const struct sd_templates *t, int employees);

#endif
