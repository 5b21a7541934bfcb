/* init.c - `shindan init`: the organisation's own name, desk and contacts
 * written into the templates folder it uses (shindan.ini [organisation]),
 * asked for one by one on a terminal, taken from options otherwise */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/batch.h"
#include "core/output.h"
#include "core/platform.h"
#include "core/templates.h"
#include "core/text.h"
#include "core/util.h"

/* Why value cannot be stored for field i, or NULL when it can. */
static const char *sd_org_problem(int i, const char *value)
{
    if (sd_text_control(value) || !sd_text_valid(value))
        return "改行や制御文字は使えません";
    if (strchr(value, ';') || strchr(value, '#'))
        return "「;」と「#」は使えません（設定ファイルで注記の印になります）";
    /* one line of shindan.ini holds 198 bytes, "department = " included */
    if (strlen(value) > 180)
        return "長すぎます（全角でおよそ 60 文字まで）";
    if (i == 0 && (!*value || strcmp(value, SD_ORG_PLACEHOLDER) == 0))
        return "団体名を入れてください（例: 水戸商工会議所）";
    if (i == 3 && *value && strspn(value, "0123456789-()+ ") != strlen(value))
        return "電話番号は数字とハイフンで書いてください（例: 029-224-3315）";
    if (i == 4 && *value && (!strchr(value, '@') || strchr(value, ' ')))
        return "メールアドレスの形ではありません";
    if (i == 5 && *value && strncmp(value, "https://", 8) != 0 && strncmp(value, "http://", 7) != 0)
        return "https:// で始まるアドレスにしてください";
    return NULL;
}

/* One line from stdin without its newline, or NULL at the end of input. */
static char *sd_read_line(void)
{
    char *line = NULL;
    size_t cap = 0;
    long n = sd_read_console_line(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = 0;
    return line;
}

/* shindan.ini with the [organisation] keys set to values; every other
 * line (comments, other sections) kept as it was. */
static char *sd_rewrite_ini(const char *old, char *const *values)
{
    sd_buf out = {0};
    bool in_org = false, written[SD_ORG_NFIELDS] = {false}, seen_org = false, replacing = false;
    const char *p = old;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = sd_xstrndup(p, len);
        char *trim = line + strspn(line, " \t");
        /* the indented continuation lines of a key being replaced go too */
        if (replacing && trim != line && *trim && *trim != ';' && *trim != '#') {
            free(line);
            p += len + (nl ? 1 : 0);
            continue;
        }
        replacing = false;
        if (*trim == '[') {
            if (in_org) /* leaving the section: add the keys it lacked */
                for (int i = 0; i < SD_ORG_NFIELDS; i++)
                    if (!written[i] && *values[i])
                        sd_buf_printf(&out, "%s = %s\n", sd_org_keys[i], values[i]), written[i] = true;
            in_org = strncmp(trim, "[organisation]", 14) == 0;
            seen_org |= in_org;
            sd_buf_printf(&out, "%s\n", line);
        } else {
            int key = -1;
            if (in_org)
                for (int i = 0; i < SD_ORG_NFIELDS; i++) {
                    size_t kl = strlen(sd_org_keys[i]);
                    if (strncmp(trim, sd_org_keys[i], kl) == 0 && strchr(" \t=", trim[kl]))
                        key = i;
                }
            if (key >= 0) {
                replacing = true;
                if (!written[key])
                    sd_buf_printf(&out, "%s =%s%s\n", sd_org_keys[key], *values[key] ? " " : "", values[key]);
                written[key] = true;
            } else {
                sd_buf_printf(&out, "%s\n", line);
            }
        }
        free(line);
        p += len + (nl ? 1 : 0);
    }
    if (!seen_org)
        sd_buf_printf(&out, "\n[organisation]\n");
    if (in_org || !seen_org)
        for (int i = 0; i < SD_ORG_NFIELDS; i++)
            if (!written[i] && *values[i])
                sd_buf_printf(&out, "%s = %s\n", sd_org_keys[i], values[i]);
    return sd_buf_steal(&out);
}

static char *sd_read_file(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    sd_buf b = {0};
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
        sd_buf_add(&b, chunk, k);
    bool bad = ferror(fp);
    fclose(fp);
    if (bad) {
        sd_buf_free(&b);
        return NULL;
    }
    *n = b.len;
    return b.data ? sd_buf_steal(&b) : sd_xstrdup("");
}

int sd_cmd_init(const sd_opts *o)
{
    const char *dir = sd_templates_find(o->templates);
    if (!dir) {
        fprintf(stderr, "%s: テンプレートのフォルダが見つかりません。--templates DIR で指定してください\n", sd_prog);
        return SD_EXIT_FAIL;
    }
    char err[1024];
    sd_templates *t = NULL;
    /* where the values go: the settings file when there is one (the
     * packaged /etc/shindan/shindan.ini, --config, $SHINDAN_CONFIG), else
     * the templates' own shindan.ini, as in a checkout */
    char *settings = sd_settings_find(o->config);
    if (sd_templates_load(dir, &t, err, sizeof err) ||
        (settings && sd_file_exists(settings) && sd_templates_apply_settings(t, settings, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        sd_templates_free(t);
        free(settings);
        return SD_EXIT_FAIL;
    }
    char *path = settings ? settings : sd_xasprintf("%s/shindan.ini", dir);
    const char *current[SD_ORG_NFIELDS] = {t->org_name,  t->org_department, t->org_desk,
                                           t->org_phone, t->org_email,      t->org_web};
    char *values[SD_ORG_NFIELDS] = {NULL};
    int status = SD_EXIT_OK;
    bool given = false;
    for (int i = 0; i < SD_ORG_NFIELDS; i++)
        given |= o->org[i] != NULL;
    bool ask = !given && isatty(0);
    if (!given && !ask) {
        sd_templates_free(t);
        free(path);
        return sd_misuse("端末から実行するか、--name などで値を指定してください");
    }
    if (ask)
        printf("団体の情報を %s に書きます。Enter だけなら [ ] の値のままです。\n", path);
    for (int i = 0; i < SD_ORG_NFIELDS && !status; i++) {
        if (!ask) {
            values[i] = sd_xstrdup(o->org[i] ? o->org[i] : current[i]);
            const char *why = sd_org_problem(i, values[i]);
            if (why) {
                fprintf(stderr, "%s: %s「%s」: %s\n", sd_prog, sd_org_labels[i], values[i], why);
                status = SD_EXIT_USAGE;
            }
            continue;
        }
        for (;;) {
            printf("%s [%s]: ", sd_org_labels[i], current[i]);
            fflush(stdout);
            char *line = sd_read_line();
            if (!line) {
                fprintf(stderr, "\n%s: 入力が終わったので何も書きませんでした\n", sd_prog);
                status = SD_EXIT_USAGE;
                break;
            }
            char *v = sd_text_clean(line);
            free(line);
            if (!v || !*v) {
                free(v);
                v = sd_xstrdup(current[i]);
            }
            const char *why = sd_org_problem(i, v);
            if (!why) {
                values[i] = v;
                break;
            }
            printf("  %s\n", why);
            free(v);
        }
    }
    if (!status) {
        size_t n = 0;
        struct stat st;
        bool exists = stat(path, &st) == 0;
        /* a settings file named but not there yet is made, holding the
         * organisation alone (its folder too, for ~/.config/shindan) */
        char *old = exists ? sd_read_file(path, &n) : sd_xstrdup("; shindan.ini - 団体の設定（shindan init が書きます）\n");
        const char *slash = strrchr(path, '/');
        if (!exists && slash && slash != path) {
            char *parent = sd_xstrndup(path, (size_t)(slash - path));
            sd_mkdirs(parent, 0755);
            free(parent);
        }
        sd_output *out = NULL;
        sd_error rc = SD_OK;
        if (!old) {
            rc = sd_fail(err, sizeof err, SD_ERR_IO, "%s を読めません: %s", path, strerror(errno));
        } else if (!(rc = sd_output_open(path, exists ? st.st_mode & 0777 : 0644, &out, err, sizeof err))) {
            char *text = sd_rewrite_ini(old, values);
            fputs(text, sd_output_stream(out));
            free(text);
            rc = sd_output_commit(out, err, sizeof err);
        }
        if (rc) {
            fprintf(stderr, "%s: %s\n", sd_prog, err);
            status = SD_EXIT_FAIL;
        } else {
            printf("%s に書きました:\n", path);
            for (int i = 0; i < SD_ORG_NFIELDS; i++)
                printf("  %s: %s\n", sd_org_labels[i], *values[i] ? values[i] : "（なし）");
        }
        free(old);
    }
    free(path);
    for (int i = 0; i < SD_ORG_NFIELDS; i++)
        free(values[i]);
    sd_templates_free(t);
    return status;
}
