/* qr.c - a QR code drawn as a 1-bit image mask (libqrencode makes the
 * modules): one small image object per code and document, however often
 * the document draws it, instead of a rectangle per run of dark modules in
 * the page's content. A report's codes are the organisation's and IPA's
 * pages, the same in every report: each text is encoded once per process. */
#include <pthread.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "render/style.h"

/* A code's modules as image rows: a set bit is a dark module. */
typedef struct {
    char *text;
    int width;           /* modules per side */
    unsigned char *bits; /* width rows of (width + 7) / 8 bytes, from the top */
} sd_qr_code;

enum { SD_QR_CACHED = 8 };
static sd_qr_code sd_qr_cache[SD_QR_CACHED];
static size_t sd_qr_ncached;
static pthread_mutex_t sd_qr_lock = PTHREAD_MUTEX_INITIALIZER;

/* Encodes text into c; false when libqrencode cannot (too long, memory). */
static bool sd_qr_encode(const char *text, sd_qr_code *c)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return false;
    size_t stride = (size_t)(qr->width + 7) / 8;
    unsigned char *bits = sd_xcalloc(stride * (size_t)qr->width, 1);
    for (int r = 0; r < qr->width; r++)
        for (int col = 0; col < qr->width; col++)
            if (qr->data[r * qr->width + col] & 1)
                bits[(size_t)r * stride + (size_t)col / 8] |= (unsigned char)(0x80 >> (col % 8));
    c->text = sd_xstrdup(text);
    c->width = qr->width;
    c->bits = bits;
    QRcode_free(qr);
    return true;
}

/* The code of text, from the cache or made now; NULL when it cannot be
 * encoded. A full cache still encodes (into *spare, the caller frees). */
static const sd_qr_code *sd_qr_get(const char *text, sd_qr_code *spare)
{
    const sd_qr_code *found = NULL;
    pthread_mutex_lock(&sd_qr_lock);
    for (size_t i = 0; i < sd_qr_ncached && !found; i++)
        if (strcmp(sd_qr_cache[i].text, text) == 0)
            found = &sd_qr_cache[i];
    if (!found && sd_qr_ncached < SD_QR_CACHED && sd_qr_encode(text, &sd_qr_cache[sd_qr_ncached]))
        found = &sd_qr_cache[sd_qr_ncached++];
    pthread_mutex_unlock(&sd_qr_lock);
    if (!found && sd_qr_encode(text, spare))
        found = spare;
    return found;
}

bool sd_pdf_qr(sd_pdf *pdf, float x, float y, float size, const char *text)
{
    if (!text || !*text)
        return false;
    if (sd_pdf_collecting(pdf))
        return true; /* no characters in a code */
    sd_qr_code spare = {0};
    const sd_qr_code *c = sd_qr_get(text, &spare);
    if (!c)
        return false;
    /* the quiet zone of four modules is the caller's white margin */
    sd_pdf_mask(pdf, text, c->width, c->width, c->bits, x, y, size, (sd_rgb){0, 0, 0});
    free(spare.text);
    free(spare.bits);
    return true;
}
