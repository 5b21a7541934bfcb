/* tsv.c - a template's tab-separated file, read line by line */
#include "core/tsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

sd_error sd_tsv_read(const char *path, sd_tsv_fn fn, void *ctx, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s を開けません", path);
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0;
    sd_error rc = SD_OK;
    while (rc == SD_OK && getline(&line, &cap, fp) > 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (lineno == 1 && sd_skip_bom(line) != line)
            memmove(line, line + 3, strlen(line + 3) + 1);
        if (sd_template_line_problem(line, path, lineno, err, errlen)) {
            rc = SD_ERR_TEMPLATE;
            break;
        }
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *cols[SD_TSV_MAX_COLS] = {0};
        size_t n = 0;
        for (char *s = line, *tab; n < SD_TSV_MAX_COLS; s = tab + 1) {
            cols[n++] = s;
            if (!(tab = strchr(s, '\t')))
                break;
            *tab = '\0';
        }
        rc = fn(ctx, cols, n, lineno, err, errlen);
    }
    if (rc == SD_OK && ferror(fp))
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE, "%s を読めません", path);
    free(line);
    fclose(fp);
    return rc;
}
