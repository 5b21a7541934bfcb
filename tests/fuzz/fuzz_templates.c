/* fuzz_templates.c - the template loader (inih for the .ini files, our own
 * reader for the .tsv lists): the input's first byte picks which template
 * file the rest replaces, the others stay as shipped. A template an
 * organisation edits by hand must give a clear error, never a crash. */
#include <string.h>

#include "fuzz.h"

static const char *const files[] = {"questionnaire.ini", "columns.ini", "shindan.ini", "report.ini",
                                    "form.ini",          "industries.tsv", "prefectures.tsv", "size_bands.tsv"};
enum { NFILES = sizeof files / sizeof files[0] };
static char *original[NFILES];
static size_t original_len[NFILES];

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        abort();
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, fp) != (size_t)n)
        abort();
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!original[0]) {
        const char *src = sd_templates_find(NULL);
        for (int i = 0; i < NFILES; i++) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", src, files[i]);
            original[i] = slurp(path, &original_len[i]);
            fuzz_file(files[i], (const uint8_t *)original[i], original_len[i]);
        }
    }
    if (size == 0)
        return 0;
    int which = data[0] % NFILES;
    fuzz_file(files[which], data + 1, size - 1);
    sd_templates *t = NULL;
    char err[1024];
    if (sd_templates_load(fuzz_dir(), &t, err, sizeof err) == SD_OK)
        sd_templates_free(t);
    else if (!err[0])
        abort(); /* a refusal must say why */
    fuzz_file(files[which], (const uint8_t *)original[which], original_len[which]);
    return 0;
}
