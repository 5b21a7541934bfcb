/* stats_print.c - `shindan stats`: published figures as a console table
 * or CSV, from the same view every other output draws */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "render/reports.h"
#include "rules/round.h"

void sd_csv_quoted(FILE *fp, const char *s)
{
    fputc('"', fp);
    if (s[0] && strchr("=+-@", s[0]))
        fputc('\'', fp);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', fp);
        fputc(*p, fp);
    }
    fputc('"', fp);
}

/* A CSV number with four decimals, rounded by the one rule (den: the
 * count it is a share or mean of, 0 when none); empty for a suppressed
 * group. */
static void sd_print_num(FILE *out, double v, long long den, bool suppressed)
{
    char buf[48];
    fputc(',', out);
    if (!suppressed)
        fputs(sd_round_text(buf, sizeof buf, v, den, 4), out);
}

static void sd_print_question_row(FILE *out, const sd_published *pub, const char *prefix, int q,
                                  const sd_pub_question *qs, bool csv)
{
    const sd_templates *t = pub->t;
    char buf[96];
    if (!csv) {
        if (qs->suppressed)
            fprintf(out, "%sQ%-3d 非表示（%s）\n", prefix, q + 1, sd_hidden_reason(t, 0, buf, sizeof buf));
        else if (qs->rate_bound.kind != SD_SHARE_EXACT)
            fprintf(out, "%sQ%-3d %5d  実施率 %s  %s\n", prefix, q + 1, qs->n,
                    sd_share_bound_text(qs->rate_bound, buf, sizeof buf), t->questions[q].label);
        else
            fprintf(out, "%sQ%-3d %5d  実施率 %5s%%  %s\n", prefix, q + 1, qs->n,
                    sd_percent_text(buf, sizeof buf, qs->rate, qs->n, 1), t->questions[q].label);
        return;
    }
    fprintf(out, "%s%d,", prefix, q + 1);
    sd_csv_quoted(out, t->questions[q].label);
    if (qs->suppressed) {
        fprintf(out, ",,1,,,,,\n");
        return;
    }
    fprintf(out, ",%d,0", qs->n);
    /* a small group: its rate only, near 0 % or 100 % as a bound */
    for (int c = 0; c < SD_NCHOICES; c++)
        sd_print_num(out, qs->share[c], qs->n, qs->shares_hidden);
    if (qs->rate_bound.kind != SD_SHARE_EXACT)
        fprintf(out, ",%s", sd_share_bound_text(qs->rate_bound, buf, sizeof buf));
    else
        sd_print_num(out, qs->rate, qs->n, false);
    fputc('\n', out);
}

static void sd_print_questions(FILE *out, const sd_published *pub, bool csv)
{
    const sd_templates *t = pub->t;
    if (csv)
        fputs("period,question,label,n,suppressed,done,partial,none,unknown,rate\n", out);
    else
        fprintf(out, "%s  設問別（実施率 = 実施 + 一部実施）\n", pub->period);
    char prefix[16] = "";
    if (csv)
        snprintf(prefix, sizeof prefix, "%s,", pub->period);
    for (int q = 0; q < t->nquestions; q++)
        sd_print_question_row(out, pub, prefix, q, &pub->q_all[q], csv);
}

/* Per industry and question; an industry suppressed in the industry
 * table is suppressed here too (the view carries it so). */
static void sd_print_question_industry(FILE *out, const sd_published *pub, bool csv)
{
    const sd_templates *t = pub->t;
    const sd_pub_table *ind = sd_published_table(pub, SD_BY_INDUSTRY);
    if (csv)
        fputs("period,industry,question,label,n,suppressed,done,partial,none,unknown,rate\n", out);
    for (size_t k = 0; k < ind->n; k++) {
        const sd_pub_group *g = &ind->groups[k];
        int i = g->key[0] - 'A';
        if (i < 0 || i >= SD_NINDUSTRIES)
            continue;
        char prefix[200];
        if (csv)
            snprintf(prefix, sizeof prefix, "%s,%s,", pub->period, g->key);
        else
            snprintf(prefix, sizeof prefix, "%s ", g->key);
        for (int q = 0; q < t->nquestions; q++)
            sd_print_question_row(out, pub, prefix, q, &pub->q_industry[i][q], csv);
    }
}

static void sd_print_groups(FILE *out, const sd_published *pub, sd_grouping by, const sd_pub_table *tab, bool csv)
{
    const sd_templates *t = pub->t;
    bool extremes = tab->extremes != NULL;
    /* columns as wide as their widest cell, in display width */
    size_t wkey = sd_text_width("コード"), wlabel = sd_text_width("区分");
    for (size_t i = 0; i < tab->n; i++) {
        size_t k = sd_text_width(tab->groups[i].key), l = sd_text_width(tab->groups[i].label);
        wkey = k > wkey ? k : wkey;
        wlabel = l > wlabel ? l : wlabel;
    }
    if (csv) {
        fprintf(out, "period,key,label,n,suppressed,mean,median,q1,q3,%ssd", extremes ? "min,max," : "");
        for (int p = 0; p < t->nparts; p++)
            fprintf(out, ",part%d_mean,part%d_share", p + 1, p + 1);
        for (int b = 0; b < t->nbands; b++)
            fprintf(out, ",band%d_share", b + 1);
        fprintf(out, ",sa_known,sa0_share,sa1_share,sa2_share,ready_undeclared,ready_undeclared_share\n");
    } else {
        sd_text_pad(out, "コード", wkey);
        fputc(' ', out);
        sd_text_pad(out, "区分", wlabel);
        /* headers right-aligned over their numbers, by display width */
        const char *heads[] = {"回答数", "平均", "中央値", "最小", "最大"};
        const size_t widths[] = {6, 7, 7, 7, 7};
        for (int h = 0; h < (extremes ? 5 : 3); h++) {
            fputc(' ', out);
            for (size_t w = sd_text_width(heads[h]); w < widths[h]; w++)
                fputc(' ', out);
            fputs(heads[h], out);
        }
        fputc('\n', out);
    }
    for (size_t i = 0; i < tab->n; i++) {
        const sd_pub_group *g = &tab->groups[i];
        bool s = g->suppressed;
        /* municipalities and industry x prefecture pairs have no fixed
         * list: only what is shown is listed, so a hidden one looks like an
         * empty one (industries, prefectures and sizes list every value) */
        if (s && (by == SD_BY_MUNICIPALITY || by == SD_BY_INDUSTRY_PREFECTURE))
            continue;
        /* a score band's count is part of all members' distribution */
        bool show_n = !s || (by == SD_BY_BAND && g->n > 0);
        if (csv) {
            fprintf(out, "%s,", by == SD_BY_PERIOD ? g->key : pub->period);
            sd_csv_quoted(out, g->key);
            fputc(',', out);
            sd_csv_quoted(out, g->label);
            fputc(',', out);
            if (show_n)
                fprintf(out, "%d", g->n);
            fprintf(out, ",%d", s ? 1 : 0);
            /* a mean of n totals, a median of halves, quartiles of
             * quarters: each exact as a ratio; a small group's order
             * statistics are not published */
            sd_print_num(out, g->mean, g->n, s);
            sd_print_num(out, g->median, 2, s || g->order_hidden);
            sd_print_num(out, g->q1, 4, s || g->order_hidden);
            sd_print_num(out, g->q3, 4, s || g->order_hidden);
            if (extremes) {
                sd_print_num(out, tab->extremes[i][0], 1, s);
                sd_print_num(out, tab->extremes[i][1], 1, s);
            }
            sd_print_num(out, g->sd, 0, s || g->order_hidden);
            /* a small group's part and band shares are not published */
            bool sh = s || g->shares_hidden;
            for (int p = 0; p < t->nparts; p++) {
                sd_print_num(out, g->part_mean[p], g->n, sh);
                sd_print_num(out, g->part_share[p], 0, sh);
            }
            for (int b = 0; b < t->nbands; b++)
                sd_print_num(out, g->band_share[b], g->n, sh);
            /* SECURITY ACTION figures only where declarations were given */
            bool nosa = s || g->sa_known == 0;
            fputc(',', out);
            if (!s)
                fprintf(out, "%d", g->sa_known);
            for (int k = 0; k < 3; k++)
                sd_print_num(out, g->sa_share[k], g->sa_known, nosa);
            fputc(',', out);
            if (!nosa)
                fprintf(out, "%d", g->ready_undeclared);
            sd_print_num(out, g->ready_undeclared_share, g->sa_known, nosa);
            fputc('\n', out);
        } else {
            sd_text_pad(out, g->key, wkey);
            fputc(' ', out);
            sd_text_pad(out, g->label, wlabel);
            char reason[96], mean[32];
            if (s) {
                if (show_n)
                    fprintf(out, " %6d", g->n);
                fprintf(out, "  非表示（%s）\n", sd_hidden_reason(t, show_n ? g->n : 0, reason, sizeof reason));
                continue;
            }
            char med[32] = "-"; /* a small group's median is not published */
            if (!g->order_hidden)
                sd_round_text(med, sizeof med, g->median, 2, 1);
            fprintf(out, " %6d %7s %7s", g->n, sd_round_text(mean, sizeof mean, g->mean, g->n, 1), med);
            if (extremes)
                fprintf(out, " %7d %7d", tab->extremes[i][0], tab->extremes[i][1]);
            fputc('\n', out);
        }
    }
}

sd_error sd_stats_print(FILE *out, const sd_published *pub, const char *by, bool csv, char *err, size_t errlen)
{
    sd_grouping g;
    if (strcmp(by, "question") == 0)
        sd_print_questions(out, pub, csv);
    else if (strcmp(by, "question-industry") == 0)
        sd_print_question_industry(out, pub, csv);
    else if (sd_grouping_parse(by, &g))
        sd_print_groups(out, pub, g, sd_published_table(pub, g), csv);
    else
        return sd_fail(err, errlen, SD_ERR_FORMAT, "--by の値 %s が分かりません", by);
    if (fflush(out) != 0 || ferror(out))
        return sd_fail(err, errlen, SD_ERR_IO, "出力に書き込めません");
    return SD_OK;
}

void sd_stats_notes(FILE *out, const sd_published *pub, const char *by)
{
    const int k = pub->t->min_group;
    if (pub->withheld) {
        fprintf(out,
                "%s の集計はすべて非表示です: 以前に公表した同じ月の集計と回答が %d 社未満しか違わず、"
                "差し引きでその会員の点数が分かるため（%d 社以上の回答が増えると公表できます）\n",
                pub->period, k, k);
        return;
    }
    sd_grouping g;
    if (!sd_grouping_parse(by, &g))
        return;
    const sd_pub_table *tab = sd_published_table(pub, g);
    size_t n = 0;
    for (size_t i = 0; tab && i < tab->n; i++)
        n += tab->groups[i].near_release;
    if (n == 0)
        return;
    fprintf(out, "次の %zu 区分は、以前に公表した集計と回答が %d 社未満しか違わないため非表示です"
                 "（差し引きでその会員の点数が分かるため。出力ではほかの非表示と区別していません）:",
            n, k);
    for (size_t i = 0; i < tab->n; i++)
        if (tab->groups[i].near_release)
            fprintf(out, " %s", tab->groups[i].label);
    fputc('\n', out);
}
