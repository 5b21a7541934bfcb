/* output.c - write to NAME.tmp, check everything, sync, rename */
#include "core/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/platform.h"
#include "core/util.h"

struct sd_output {
    char *path;     /* the real name */
    char *tmp;      /* path.tmp */
    FILE *fp;       /* open on tmp, or NULL once closed */
    char *buf;      /* fp's buffer, freed after fp is closed */
};

/* A member's report is about 54 KB: one write instead of fourteen of the
 * C library's 4 KB */
#define SD_OUTPUT_BUFFER (64 * 1024)

static bool sd_share_group;

void sd_output_share_with_group(bool on)
{
    sd_share_group = on;
}

unsigned sd_output_mode(unsigned mode)
{
    if (!sd_share_group)
        return mode;
    /* the group reads what the owner reads, enters what the owner enters */
    return mode | ((mode & 0500) >> 3);
}

sd_error sd_output_open(const char *path, unsigned mode, sd_output **out, char *err, size_t errlen)
{
    mode = sd_output_mode(mode);
    *out = NULL;
    sd_output *o = sd_xcalloc(1, sizeof *o);
    o->path = sd_xstrdup(path);
    o->tmp = sd_xasprintf("%s.tmp", path);
    /* sd_create_file removes a stale NAME.tmp (a link is removed, never
     * followed) and creates it with O_EXCL */
    int fd = sd_create_file(o->tmp, mode);
    if (fd < 0 || !(o->fp = fdopen(fd, "wb"))) {
        sd_error rc = sd_fail(err, errlen, SD_ERR_IO, "%s を作成できません: %s", o->tmp, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        free(o->path);
        free(o);
        return rc;
    }
    o->buf = sd_xmalloc(SD_OUTPUT_BUFFER);
    setvbuf(o->fp, o->buf, _IOFBF, SD_OUTPUT_BUFFER);
    *out = o;
    return SD_OK;
}

FILE *sd_output_stream(sd_output *o) { return o->fp; }

static void sd_output_free(sd_output *o)
{
    free(o->buf);
    free(o->tmp);
    free(o->path);
    free(o);
}

void sd_output_abort(sd_output *o)
{
    if (!o)
        return;
    if (o->fp)
        fclose(o->fp);
    unlink(o->tmp);
    sd_output_free(o);
}

sd_error sd_output_commit(sd_output *o, char *err, size_t errlen)
{
    sd_error rc = SD_OK;
    if (o->fp) {
        /* written through our stream: every buffered byte out, then close */
        FILE *fp = o->fp;
        o->fp = NULL;
        bool bad = fflush(fp) != 0 || ferror(fp);
        int saved = errno;
        if (fclose(fp) != 0 || bad) {
            rc = sd_fail(err, errlen, SD_ERR_IO, "%s に書き込めません: %s", o->tmp, strerror(bad ? saved : errno));
            goto fail;
        }
    }
    /* a file a library wrote by name was closed and checked by it */
    if (sd_replace_file(o->tmp, o->path) != 0) {
        rc = sd_fail(err, errlen, SD_ERR_IO, "%s を作成できません: %s", o->path, strerror(errno));
        goto fail;
    }
    sd_output_free(o);
    return SD_OK;
fail:
    sd_output_abort(o);
    return rc;
}

sd_error sd_output_sync(const char *dir, char *err, size_t errlen)
{
    bool opened;
    if (sd_sync_dir(dir, &opened) != 0) {
        if (!opened)
            return sd_fail(err, errlen, SD_ERR_IO, "フォルダ %s を開けません: %s", dir, strerror(errno));
        return sd_fail(err, errlen, SD_ERR_IO, "%s を書き込めません（ディスクへの書き出しに失敗）: %s", dir,
                       strerror(errno));
    }
    return SD_OK;
}

const char *sd_output_by_name(sd_output *o)
{
    if (o->fp) {
        fclose(o->fp); /* nothing was written through it */
        o->fp = NULL;
    }
    return o->tmp;
}

void sd_output_sweep(const char *dir, bool (*own)(const char *name)) { sd_remove_files_in(dir, own); }
