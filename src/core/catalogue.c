/* catalogue.c - the texts of report.ini, every key the program uses checked at load */
#include "core/catalogue.h"

#include <stdlib.h>
#include <string.h>

#include "core/ini.h"
#include "core/templates.h"
#include "core/util.h"

/* Keys the renderers and the CLI look up; report.ini must define each, so
 * a text a staff member deleted is reported when the templates load, not
 * printed as an empty line. */
static const char *const sd_required_texts[] = {
    "company.title", "company.member_no", "company.industry", "company.region",
    "company.employees", "company.period", "company.total", "company.band",
    "company.parts", "company.comparison", "company.answers", "company.industry_rate",
    "company.next_steps", "company.unknown_note", "company.sa_title", "company.sa_start", "company.sa_keep",
    "company.sa_done_basics", "company.sa_unknown_done", "company.lead_done", "company.lead_unknown",
    "company.lead_basics", "company.lead_basics_only", "company.lead_rest", "company.lead_finish",
    "company.sa_one", "company.sa_two", "company.sa_done", "company.change",
    "company.change_first", "company.you", "company.all_members", "company.suppressed",
    "company.rank_industry", "company.rank_all",
    "company.question", "company.answer", "company.points", "company.page",
    "company.weak_none", "company.next_steps_count", "company.unknown_check",
    "company.target", "company.target_many", "company.negative_part", "company.marker_industry",
    "company.marker_all", "company.contact", "company.contact_phone", "company.contact_email", "company.qr_desk",
    "company.qr_security_action", "company.qr_five_articles", "company.rank_top", "company.rank_bottom",
    "company.url_security_action", "company.url_five_articles",
    "summary.title", "summary.overview", "summary.respondents", "summary.mean",
    "summary.median", "summary.bands", "summary.by_industry", "summary.by_region",
    "summary.by_size", "summary.by_question", "summary.method", "summary.suppressed_note", "summary.more_groups",
    "summary.sa", "summary.sa_none", "summary.sa_one", "summary.sa_two", "summary.sa_ready", "summary.sa_declared",
    "summary.sa_unknown", "summary.sa_partial", "company.sa_unknown", "summary.dash_legend", "summary.low",
    "summary.high", "summary.band_trend", "workbook.sheet_cross_matrix",
    "summary.trend", "summary.period",
    "summary.n", "summary.group", "summary.rate", "summary.page",
    "workbook.title", "workbook.sheet_overview", "workbook.sheet_industry",
    "workbook.sheet_prefecture", "workbook.sheet_municipality", "workbook.sheet_cross", "workbook.sheet_trend", "workbook.sheet_size", "workbook.sheet_question",
    "workbook.sheet_details", "workbook.sheet_rejects",
    /* the seminar kit and the effect report (these once had a default in
     * the code, which a template without them silently fell back on) */
    "company.seminar_after", "seminar.answered_on", "seminar.attended", "seminar.blank_page",
    "seminar.continued", "seminar.count_included", "seminar.count_no_answer", "seminar.count_sheets",
    "seminar.count_unmatched", "seminar.cover_more", "seminar.date", "seminar.date_blank",
    "seminar.effect_chart", "seminar.effect_improved", "seminar.effect_matched", "seminar.effect_method",
    "seminar.effect_method_title", "seminar.effect_months", "seminar.effect_n", "seminar.effect_near",
    "seminar.effect_none", "seminar.effect_part", "seminar.effect_reached", "seminar.effect_ready",
    "seminar.effect_small", "seminar.effect_table", "seminar.effect_title", "seminar.effect_total",
    "seminar.employees", "seminar.file_page", "seminar.hand_in", "seminar.hand_in_title",
    "seminar.handout_title", "seminar.input_sheet", "seminar.list", "seminar.list_included",
    "seminar.list_no_answer", "seminar.list_unmatched", "seminar.name", "seminar.new_member",
    "seminar.no_period", "seminar.none", "seminar.not_attended", "seminar.period", "seminar.period_rule",
    "seminar.place", "seminar.points_five", "seminar.points_title", "seminar.points_total",
    "seminar.sa_none", "seminar.sa_one", "seminar.sa_two", "seminar.sheet", "seminar.sheet_details",
    "seminar.sheet_details_new", "seminar.sheet_how", "seminar.sheet_nobody", "workbook.sheet_seminar",
    /* effect.pdf: the attendees not compared, and reading the difference */
    "seminar.effect_uncompared", "seminar.effect_no_before", "seminar.effect_no_after", "seminar.effect_and",
    "seminar.effect_uncompared_none", "seminar.effect_uncompared_hidden", "seminar.effect_caveat_title",
    "seminar.effect_self_selected",
    NULL};

int sd_catalogue_handler(void *user, const char *section, const char *name, const char *value)
{
    sd_ini_ctx *c = user;
    sd_catalogue *cat = &c->t->texts;
    char *key = sd_xasprintf("%s.%s", section, name);
    /* a continuation line (or the key again, straight after) goes on */
    if (cat->n && strcmp(cat->entries[cat->n - 1].key, key) == 0) {
        free(key);
        return sd_ini_text(c, section, name, &cat->entries[cat->n - 1].value, value);
    }
    cat->entries = sd_xrealloc(cat->entries, (cat->n + 1) * sizeof *cat->entries);
    cat->entries[cat->n].key = key;
    cat->entries[cat->n].value = sd_xstrdup(value);
    cat->n++;
    return sd_ini_text_fits(c, section, name, value);
}

static int sd_text_cmp(const void *a, const void *b)
{
    return strcmp(((const sd_text_entry *)a)->key, ((const sd_text_entry *)b)->key);
}

sd_error sd_catalogue_finish(sd_catalogue *cat, char *err, size_t errlen)
{
    if (cat->n) /* qsort must not be given a NULL array, even empty */
        qsort(cat->entries, cat->n, sizeof *cat->entries, sd_text_cmp);
    for (const char *const *k = sd_required_texts; *k; k++)
        if (!*sd_catalogue_get(cat, *k))
            return sd_fail(err, errlen, SD_ERR_TEMPLATE, "report.ini: %s がありません", *k);
    return SD_OK;
}

const char *sd_catalogue_get(const sd_catalogue *cat, const char *key)
{
    sd_text_entry probe = {.key = (char *)key};
    const sd_text_entry *e =
        cat->n ? bsearch(&probe, cat->entries, cat->n, sizeof *cat->entries, sd_text_cmp) : NULL;
    return e ? e->value : "";
}

void sd_catalogue_clear(sd_catalogue *cat)
{
    for (size_t i = 0; i < cat->n; i++) {
        free(cat->entries[i].key);
        free(cat->entries[i].value);
    }
    free(cat->entries);
    cat->entries = NULL;
    cat->n = 0;
}

const char *sd_text(const sd_templates *t, const char *key)
{
    return sd_catalogue_get(&t->texts, key);
}
