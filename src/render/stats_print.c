/* stats_print.c - `shindan stats`: published figures as a console table
 * or CSV, from the same view every other output draws */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "render/reports.h"

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

/* A CSV number with four decimals; empty for a suppressed group. */
static void sd_print_num(FILE *out, double v, bool suppressed)
{
    fputc(',', out);
    if (!suppressed)
        fprintf(out, "%.4f", v);
}

static void sd_print_question_row(FILE *out, const sd_published *pub, const char *prefix, int q,
                                  const sd_pub_question *qs, bool csv)
{
    const sd_templates *t = pub->t;
    if (!csv) {
        if (qs->suppressed)
            fprintf(out, "%sQ%-3d 非表示（%d社未満）\n", prefix, q + 1, t->min_group);
        else
            fprintf(out, "%sQ%-3d %5d  実施率 %5.1f%%  %s\n", prefix, q + 1, qs->n, qs->rate * 100,
                    t->questions[q].label);
        return;
    }
    fprintf(out, "%s%d,", prefix, q + 1);
    sd_csv_quoted(out, t->questions[q].label);
    if (qs->suppressed) {
        fprintf(out, ",,1,,,,,\n");
        return;
    }
    fprintf(out, ",%d,0", qs->n);
    for (int c = 0; c < SD_NCHOICES; c++)
        fprintf(out, ",%.4f", qs->share[c]);
    fprintf(out, ",%.4f\n", qs->rate);
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
            double v[] = {g->mean, g->median, g->q1, g->q3};
            for (int k = 0; k < 4; k++)
                sd_print_num(out, v[k], s || (k > 0 && g->order_hidden));
            if (extremes) {
                sd_print_num(out, tab->extremes[i][0], s);
                sd_print_num(out, tab->extremes[i][1], s);
            }
            sd_print_num(out, g->sd, s || g->order_hidden);
            for (int p = 0; p < t->nparts; p++) {
                sd_print_num(out, g->part_mean[p], s);
                sd_print_num(out, g->part_share[p], s);
            }
            for (int b = 0; b < t->nbands; b++)
                sd_print_num(out, g->band_share[b], s);
            /* SECURITY ACTION figures only where declarations were given */
            bool nosa = s || g->sa_known == 0;
            fputc(',', out);
            if (!s)
                fprintf(out, "%d", g->sa_known);
            for (int k = 0; k < 3; k++)
                sd_print_num(out, g->sa_share[k], nosa);
            fputc(',', out);
            if (!nosa)
                fprintf(out, "%d", g->ready_undeclared);
            sd_print_num(out, g->ready_undeclared_share, nosa);
            fputc('\n', out);
        } else {
            sd_text_pad(out, g->key, wkey);
            fputc(' ', out);
            sd_text_pad(out, g->label, wlabel);
            if (s) {
                if (show_n)
                    fprintf(out, " %6d", g->n);
                fprintf(out, "  非表示（%d社未満）\n", t->min_group);
                continue;
            }
            char med[16] = "-"; /* a small group's median is not published */
            if (!g->order_hidden)
                snprintf(med, sizeof med, "%.1f", g->median);
            fprintf(out, " %6d %7.1f %7s", g->n, g->mean, med);
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
