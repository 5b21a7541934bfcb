/* deflate.c - whole-buffer zlib-format compression with libdeflate */
#include "core/deflate.h"

#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>

struct sd_deflater {
    struct libdeflate_compressor *c;
};

sd_deflater *sd_deflater_new(int level)
{
    struct libdeflate_compressor *c = sd_check_alloc(libdeflate_alloc_compressor(level));
    sd_deflater *d = sd_xmalloc(sizeof *d);
    d->c = c;
    return d;
}

void sd_deflater_free(sd_deflater *d)
{
    if (!d)
        return;
    libdeflate_free_compressor(d->c);
    free(d);
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
