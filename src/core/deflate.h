/* deflate.h - zlib-format compression of whole buffers (libdeflate), for
 * PDF streams: the FlateDecode filter is zlib's format. */
#ifndef SD_DEFLATE_H
#define SD_DEFLATE_H

#include <stddef.h>

#include "core/util.h"

typedef struct sd_deflater sd_deflater;

/* A compressor at level (1 fastest .. 12 smallest), for one thread at a
 * time (out of memory ends the process, as sd_xmalloc does). */
sd_deflater *sd_deflater_new(int level);
void sd_deflater_free(sd_deflater *d);

/* Appends data, deflated in zlib's format, to out. */
void sd_deflate(sd_deflater *d, const void *data, size_t len, sd_buf *out);

#endif
