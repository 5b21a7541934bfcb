/* band.c - which band a number falls in: judgement bands, totals, size bands */
#include "rules/band.h"

#include "core/templates.h"

int sd_bands_find(const sd_band *bands, int n, int total)
{
    for (int i = 0; i < n; i++)
        if (total >= bands[i].min && total <= bands[i].max)
            return i;
    return -1;
}

int sd_bands_gap(const sd_band *bands, int n, int lo, int hi)
{
    int next_max = hi;
    for (int b = 0; b < n; b++) {
        if (bands[b].max != next_max || bands[b].min > bands[b].max)
            return b;
        next_max = bands[b].min - 1;
    }
    return n == 0 || next_max + 1 != lo ? n : -1;
}

int sd_total_min(int nquestions, int worst) { return nquestions * worst; }
int sd_total_max(int nquestions, int best) { return nquestions * best; }

int sd_size_bands_find(const sd_size_band *bands, int n, int employees)
{
    for (int i = 0; i < n; i++)
        if (employees >= bands[i].min && (bands[i].max == 0 || employees <= bands[i].max))
            return bands[i].id;
    return 0;
}

int sd_max_total(const sd_templates *t)
{
    return sd_total_max(t->nquestions, t->choices[SD_CHOICE_DONE].points);
}

int sd_min_total(const sd_templates *t)
{
    return sd_total_min(t->nquestions, t->choices[SD_CHOICE_UNKNOWN].points);
}

int sd_band_index(const sd_templates *t, int total)
{
    return sd_bands_find(t->bands, t->nbands, total);
}

const sd_band *sd_band_for(const sd_templates *t, int total)
{
    int i = sd_band_index(t, total);
    return i < 0 ? NULL : &t->bands[i];
}

int sd_size_band_for(const sd_templates *t, int employees)
{
    return sd_size_bands_find(t->size_bands, t->nsize_bands, employees);
}
