/* fuzz_values.c - the header mapping and the answer parsing on their own:
 * the input's first line is a header row and its second a data row, cells
 * split at tabs. When the header does not map, the data row is read under
 * the template's own header, so the value parsers always run. Each cell
 * also goes through every parser directly, and a member number that
 * passes must be safe as a file name. */
#include <string.h>

#include "fuzz.h"
#include "ingest/mapping.h"
#include "ingest/values.h"

static size_t split(char *line, char **cells, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        cells[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = 0;
        p = tab + 1;
    }
    return n;
}

static void parsers(const sd_templates *t, const char *s)
{
    int i1, i2;
    char c, d[11], per[8];
    sd_place pl;
    sd_parse_answer(t, s, &i1);
    sd_parse_industry(t, s, &c);
    for (int expected = 0; expected <= 47; expected += 47) {
        sd_place_parse(t, s, expected, &pl);
        /* a municipality always comes with its prefecture */
        if (pl.municipality && (pl.prefecture < 1 || pl.prefecture > 47))
            abort();
        sd_place_clear(&pl);
    }
    sd_parse_employees(t, s, &i1, &i2);
    sd_parse_date(s, d);
    sd_parse_period(s, per);
    sd_period_from_name(s, per);
    char why[512];
    /* a month and day is read as a whole date (YYYY-MM-DD) or not at all */
    if (sd_parse_month_day(s, "2026-10", "2026-10", d, why, sizeof why) == SD_MONTHDAY_READ &&
        (strlen(d) != 10 || d[4] != '-' || d[7] != '-'))
        abort();
    sd_parse_sa_level(t, s, &i1);
    char *no = sd_parse_member_no(s);
    if (no) {
        /* becomes companies/NO.pdf: no separator, no dot, no control byte */
        if (!*no || no[0] == '-' || strspn(no, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_") !=
                                        strlen(no))
            abort();
        free(no);
    }
}

enum { MAXC = 256 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sd_templates *t = fuzz_templates();
    char *text = sd_xstrndup((const char *)data, size); /* stops at a NUL, like a C string cell */
    char *nl = strchr(text, '\n');
    char *second = nl ? nl + 1 : text + strlen(text);
    if (nl)
        *nl = 0;
    char *hcells[MAXC], *dcells[MAXC];
    size_t nh = split(text, hcells, MAXC), nd = split(second, dcells, MAXC);
    sd_row header = {.cells = hcells, .ncells = nh, .row_no = 1};
    sd_row row = {.cells = dcells, .ncells = nd, .row_no = 2};

    sd_mapping m;
    char err[1024];
    char *canon[SD_FIELD_COUNT + SD_MAX_QUESTIONS];
    size_t ncanon = 0;
    if (sd_mapping_from_header(t, &header, &m, err, sizeof err) != SD_OK) {
        for (int f = 0; f < SD_FIELD_COUNT; f++)
            if (f != SD_FIELD_ADDRESS)
                canon[ncanon++] = sd_xstrdup(t->columns[f].label);
        for (int q = 1; q <= t->nquestions; q++)
            canon[ncanon++] = sd_xasprintf("Q%d", q);
        sd_row ch = {.cells = canon, .ncells = ncanon, .row_no = 1};
        if (sd_mapping_from_header(t, &ch, &m, err, sizeof err) != SD_OK)
            abort(); /* the template's own header must map */
    }
    sd_record rec;
    sd_rejects rejects = {0};
    if (sd_mapping_read_row(t, &m, &row, NULL, "2026-10", &rec, &rejects)) {
        if (rec.total < sd_min_total(t) || rec.total > sd_max_total(t))
            abort();
        sd_record_clear(&rec);
    }
    sd_rejects_free(&rejects);
    sd_mapping_free(&m);
    for (size_t i = 0; i < ncanon; i++)
        free(canon[i]);
    for (size_t i = 0; i < nd; i++)
        parsers(t, dcells[i]);
    free(text);
    return 0;
}
