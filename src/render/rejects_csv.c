/* rejects_csv.c - rejects.csv: every row that could not be taken, for the
 * staff, in a form Excel opens (UTF-8 with BOM, CRLF) */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/output.h"
#include "render/reports.h"

static void sd_csv_field(FILE *fp, const char *s, bool last)
{
    sd_csv_quoted(fp, s);
    fputs(last ? "\r\n" : ",", fp);
}

static sd_error sd_rejects_csv_row(FILE *fp, const sd_reject_row *x, char *err, size_t errlen)
{
    char row[32];
    snprintf(row, sizeof row, "%d", x->row);
    sd_csv_field(fp, x->source, false);
    sd_csv_field(fp, row, false);
    sd_csv_field(fp, x->column, false);
    sd_csv_field(fp, x->value, false);
    sd_csv_field(fp, x->reason, false);
    sd_csv_field(fp, x->member_no, false);
    sd_csv_field(fp, x->name, true);
    /* stop at the first failed write rather than go on into a full disk */
    if (ferror(fp))
        return sd_fail(err, errlen, SD_ERR_IO, "書き込めません: %s", strerror(errno));
    return SD_OK;
}

sd_error sd_rejects_csv_write(const sd_reject_rows *rejects, const char *path, char *err, size_t errlen)
{
    sd_output *out;
    /* rejected rows hold members' own text: readable by this user only */
    sd_error rc = sd_output_open(path, 0600, &out, err, errlen);
    if (rc)
        return rc;
    FILE *fp = sd_output_stream(out);
    fputs("\xEF\xBB\xBF", fp); /* BOM: Excel then reads UTF-8 */
    /* whom a row is about comes last: the first five columns stay where
     * staff's own sheets and macros look for them */
    fputs("ファイル,行,列,値,理由,会員番号,事業所名\r\n", fp);
    for (size_t i = 0; i < rejects->n; i++) {
        if ((rc = sd_rejects_csv_row(fp, &rejects->rows[i], err, errlen))) {
            sd_output_abort(out);
            return rc;
        }
    }
    return sd_output_commit(out, err, errlen);
}
