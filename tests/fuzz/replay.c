/* replay.c - runs a fuzz target once over each saved input: the files
 * given, and every file in the folders given. Exits non-zero if a folder
 * cannot be read; a crash is the target's own (abort or sanitizer).
 * usage: replay_TARGET FILE|DIR... */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    size_t cap = 1 << 16, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(fp);
    if (!buf)
        return 1;
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    int bad = 0, ran = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: no such file or folder: %s\n", argv[i]);
            bad = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            bad |= run_file(argv[i]);
            ran++;
            continue;
        }
        struct dirent **list = NULL;
        int n = scandir(argv[i], &list, NULL, NULL);
        if (n < 0) {
            bad = 1;
            continue;
        }
        char **names = malloc((size_t)n * sizeof *names);
        int m = 0;
        for (int k = 0; k < n; k++) {
            if (list[k]->d_name[0] != '.')
                names[m++] = strdup(list[k]->d_name);
            free(list[k]);
        }
        free(list);
        qsort(names, (size_t)m, sizeof *names, cmp_names);
        for (int k = 0; k < m; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], names[k]);
            bad |= run_file(path);
            ran++;
            free(names[k]);
        }
        free(names);
    }
    printf("%s: %d inputs replayed\n", argv[0], ran);
    return bad;
}
