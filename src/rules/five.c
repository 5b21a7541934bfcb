/* five.c - the 情報セキュリティ5か条 rule */
#include "rules/five.h"

bool sd_five_articles_done(const int *answers, int nquestions)
{
    if (nquestions < SD_FIVE_ARTICLES)
        return false;
    for (int q = 0; q < SD_FIVE_ARTICLES; q++)
        if (answers[q] != SD_CHOICE_DONE)
            return false;
    return true;
}
