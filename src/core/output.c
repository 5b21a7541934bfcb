/* output.c - write to NAME.tmp, check everything, sync, rename */
#include "core/output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

struct sd_output {
    char *path;     /* the real name */
    char *tmp;      /* path.tmp */
    FILE *fp;       /* open on tmp, or NULL once closed */
};

sd_error sd_output_open(const char *path, unsigned mode, sd_output **out, char *err, size_t errlen)
{
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
    *out = o;
    return SD_OK;
}

FILE *sd_output_stream(sd_output *o) { return o->fp; }

static void sd_output_free(sd_output *o)
{
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

/* Syncs the folder holding path, so the rename survives a power cut. */
static int sd_sync_dir_of(const char *path)
{
    char *copy = sd_xstrdup(path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(copy);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    /* some file systems (and /dev/shm) cannot sync a folder: not an error */
    if (rc != 0 && (errno == EINVAL || errno == EROFS))
        rc = 0;
    close(fd);
    return rc;
}

sd_error sd_output_commit(sd_output *o, char *err, size_t errlen)
{
    sd_error rc = SD_OK;
    int fd = -1;
    if (o->fp) {
        /* written through our stream: flush, then sync its descriptor */
        if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0) {
            rc = sd_fail(err, errlen, SD_ERR_IO, "%s に書き込めません: %s", o->tmp, strerror(errno ? errno : EIO));
            goto fail;
        }
        FILE *fp = o->fp;
        o->fp = NULL;
        if (fclose(fp) != 0) {
            rc = sd_fail(err, errlen, SD_ERR_IO, "%s に書き込めません: %s", o->tmp, strerror(errno));
            goto fail;
        }
    } else {
        /* written by a library by name: sync what it wrote */
        fd = open(o->tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 || fsync(fd) != 0) {
            rc = sd_fail(err, errlen, SD_ERR_IO, "%s に書き込めません: %s", o->tmp, strerror(errno));
            goto fail;
        }
        if (close(fd) != 0) {
            fd = -1;
            rc = sd_fail(err, errlen, SD_ERR_IO, "%s に書き込めません: %s", o->tmp, strerror(errno));
            goto fail;
        }
        fd = -1;
    }
    if (rename(o->tmp, o->path) != 0) {
        rc = sd_fail(err, errlen, SD_ERR_IO, "%s を作成できません: %s", o->path, strerror(errno));
        goto fail;
    }
    if (sd_sync_dir_of(o->path) != 0) {
        /* the file is whole under its name; only its durability is in doubt */
        rc = sd_fail(err, errlen, SD_ERR_IO, "%s のフォルダを同期できません: %s", o->path, strerror(errno));
        sd_output_free(o);
        return rc;
    }
    sd_output_free(o);
    return SD_OK;
fail:
    if (fd >= 0)
        close(fd);
    sd_output_abort(o);
    return rc;
}

const char *sd_output_by_name(sd_output *o)
{
    if (o->fp) {
        fclose(o->fp); /* nothing was written through it */
        o->fp = NULL;
    }
    return o->tmp;
}
