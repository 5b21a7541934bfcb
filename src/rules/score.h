/* score.h - a member's score: the total and each part's, from its answers */
#ifndef SD_SCORE_H
#define SD_SCORE_H

#include "core/templates.h"

/* The pure rule over plain data: points[q] is question q's points and
 * part_of[q] its 0-based part (< nparts), for n questions. Writes the sum
 * of every question's points to *total and each part's sum to parts
 * (nparts entries). Allocates nothing; cannot fail. */
void sd_score_points(const int *points, const int *part_of, int n, int nparts, int *total, int *parts);

/* The same over a member's answers (choice codes, t->nquestions of them):
 * each answer's points and each question's part come from the
 * questionnaire. */
void sd_score(const sd_templates *t, const int *answers, int *total, int *parts);

#endif
