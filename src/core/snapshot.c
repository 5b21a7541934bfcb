/* snapshot.c - copy an input once into memory, hashing it on the way */
#include "core/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/platform.h"

static bool sd_write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

sd_error sd_snapshot_take(const char *path, long long max_bytes, sd_snapshot *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    /* O_NONBLOCK: a FIFO opens at once (and is then refused) instead of
     * waiting for a writer while the database is locked */
    int in = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (in < 0)
        return sd_fail(err, errlen, SD_ERR_IO, "ファイルを開けません: %s", strerror(errno));
    struct stat before, after;
    unsigned char *buf = NULL;
    sd_error rc = SD_OK;
    if (fstat(in, &before) != 0) {
        rc = sd_fail(err, errlen, SD_ERR_IO, "ファイルを調べられません: %s", strerror(errno));
        goto done;
    }
    if (!S_ISREG(before.st_mode)) {
        rc = sd_fail(err, errlen, SD_ERR_FORMAT,
                     "通常のファイルではありません（フォルダ、パイプ、デバイスなど）。読みません");
        goto done;
    }
    if (before.st_size > max_bytes) {
        rc = sd_fail(err, errlen, SD_ERR_LIMIT, "ファイルが大きすぎます（上限 %lld MB）", max_bytes / (1024 * 1024));
        goto done;
    }
    int flags = fcntl(in, F_GETFL);
    if (flags >= 0)
        fcntl(in, F_SETFL, flags & ~O_NONBLOCK);
    s->fd = sd_memfile_open(s->path, sizeof s->path);
    if (s->fd < 0) {
        rc = sd_fail(err, errlen, SD_ERR_IO, "読み込み用のメモリを確保できません: %s", strerror(errno));
        goto done;
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    buf = malloc(65536);
    long long total = 0;
    if (!buf) {
        rc = sd_fail(err, errlen, SD_ERR_NOMEM, "メモリが足りません");
        goto done;
    }
    for (;;) {
        ssize_t n = read(in, buf, 65536);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = sd_fail(err, errlen, SD_ERR_IO, "ファイルを読めません: %s", strerror(errno));
            goto done;
        }
        if (n == 0)
            break;
        total += n;
        if (total > max_bytes) {
            rc = sd_fail(err, errlen, SD_ERR_LIMIT, "ファイルが大きすぎます（上限 %lld MB）",
                         max_bytes / (1024 * 1024));
            goto done;
        }
        sha256_update(&ctx, (size_t)n, buf);
        if (!sd_write_all(s->fd, buf, (size_t)n)) {
            rc = sd_fail(err, errlen, SD_ERR_IO, "読み込み用のメモリに書けません: %s", strerror(errno));
            goto done;
        }
    }
    if (fstat(in, &after) != 0 || !sd_stat_same(&before, &after) || total != (long long)before.st_size) {
        rc = sd_fail(err, errlen, SD_ERR_IO,
                     "読み込みの途中でファイルが変わりました（保存中か同期中です）。保存が終わってからもう一度実行してください");
        goto done;
    }
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(s->sha256 + 2 * i, 3, "%02x", digest[i]);
    s->size = total;
done:
    free(buf);
    close(in);
    if (rc)
        sd_snapshot_release(s);
    return rc;
}

void sd_snapshot_release(sd_snapshot *s)
{
    if (s->fd >= 0)
        sd_memfile_close(s->fd, s->path);
    s->fd = -1;
    s->path[0] = 0;
}

sd_error sd_file_sha256(const char *path, char out[65])
{
    sd_snapshot s;
    char err[256];
    sd_error rc = sd_snapshot_take(path, 1LL << 40, &s, err, sizeof err);
    if (rc)
        return rc;
    memcpy(out, s.sha256, 65);
    sd_snapshot_release(&s);
    return SD_OK;
}
