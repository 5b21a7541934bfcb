/* five.h - the 情報セキュリティ5か条 rule, which SECURITY ACTION ★
 * declares, and the choice codes it reads */
#ifndef SD_RULES_FIVE_H
#define SD_RULES_FIVE_H

#include <stdbool.h>

/* SECURITY ACTION ★ declares the 情報セキュリティ5か条, questions 1-5. */
#define SD_FIVE_ARTICLES 5

/* Choice codes, in the order of the questionnaire (best first). */
typedef enum { SD_CHOICE_DONE = 0, SD_CHOICE_PARTIAL, SD_CHOICE_NONE, SD_CHOICE_UNKNOWN } sd_choice_code;

/* The 5か条 rule, defined here only: questions 1-5 all 実施している.
 * answers holds nquestions choice codes; false when there are fewer than
 * five. */
bool sd_five_articles_done(const int *answers, int nquestions);

#endif
