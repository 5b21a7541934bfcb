/* score.c - a member's score: the total and each part's, from its answers */
#include "rules/score.h"

void sd_score_points(const int *points, const int *part_of, int n, int nparts, int *total, int *parts)
{
    *total = 0;
    for (int p = 0; p < nparts; p++)
        parts[p] = 0;
    for (int q = 0; q < n; q++) {
        *total += points[q];
        parts[part_of[q]] += points[q];
    }
}

void sd_score(const sd_templates *t, const int *answers, int *total, int *parts)
{
    int points[SD_MAX_QUESTIONS], part_of[SD_MAX_QUESTIONS];
    for (int q = 0; q < t->nquestions; q++) {
        points[q] = t->choices[answers[q]].points;
        part_of[q] = t->questions[q].part;
    }
    sd_score_points(points, part_of, t->nquestions, t->nparts, total, parts);
}
