/* deflate.c - whole-buffer zlib-format compression with libdeflate */
#include "core/deflate.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct sd_deflater {
    struct libdeflate_compressor *c;
    int level;
    sd_deflater *next; /* in the idle list */
};

/* Compressors given back, kept for the next document: a level 6
 * compressor is half a megabyte of tables, which a fresh allocation maps
 * and faults in again for every report (a tenth of a report's time). At
 * most SD_IDLE_MAX are kept; they stay reachable until the process ends.
 * Levels from SD_IDLE_LEVEL_MAX + 1 on (8.8 MB each, used once a batch
 * for the shared font part) are freed, not kept. */
#define SD_IDLE_MAX 8
#define SD_IDLE_LEVEL_MAX 9
static sd_deflater *sd_idle;
static int sd_nidle;
static pthread_mutex_t sd_idle_lock = PTHREAD_MUTEX_INITIALIZER;

sd_deflater *sd_deflater_new(int level)
{
    sd_deflater *d = NULL;
    pthread_mutex_lock(&sd_idle_lock);
    for (sd_deflater **p = &sd_idle; *p; p = &(*p)->next)
        if ((*p)->level == level) {
            d = *p;
            *p = d->next;
            sd_nidle--;
            break;
        }
    pthread_mutex_unlock(&sd_idle_lock);
    if (d)
        return d;
    struct libdeflate_compressor *c = sd_check_alloc(libdeflate_alloc_compressor(level));
    d = sd_xmalloc(sizeof *d);
    *d = (sd_deflater){c, level, NULL};
    return d;
}

void sd_deflater_free(sd_deflater *d)
{
    if (!d)
        return;
    pthread_mutex_lock(&sd_idle_lock);
    if (d->level <= SD_IDLE_LEVEL_MAX && sd_nidle < SD_IDLE_MAX) {
        d->next = sd_idle;
        sd_idle = d;
        sd_nidle++;
        d = NULL;
    }
    pthread_mutex_unlock(&sd_idle_lock);
    if (d) {
        libdeflate_free_compressor(d->c);
        free(d);
    }
}

void sd_deflate(sd_deflater *d, const void *data, size_t len, sd_buf *out)
{
    size_t bound = libdeflate_zlib_compress_bound(d->c, len);
    if (out->len + bound + 1 > out->cap) {
        out->cap = out->len + bound + 1;
        out->data = sd_xrealloc(out->data, out->cap);
    }
    /* the bound is libdeflate's own worst case: compression cannot fail */
    size_t n = libdeflate_zlib_compress(d->c, data, len, out->data + out->len, bound);
    if (n == 0) {
        fprintf(stderr, "shindan: libdeflate could not compress %zu bytes within its own bound\n", len);
        abort();
    }
    out->len += n;
    out->data[out->len] = '\0';
}
