/* qr.c - a QR code drawn as vectors (libqrencode makes the modules; each
 * run of dark modules in a row is one filled rectangle). A report's codes
 * are the organisation's and IPA's pages, the same in every report: each
 * text is encoded once per process. */
#include <pthread.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "render/style.h"

/* A code's dark runs in module units: row, first column, length. */
typedef struct {
    char *text;
    int width;        /* modules per side */
    int *runs;        /* 3 ints per run */
    size_t nruns;
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
    sd_buf runs = {0};
    size_t n = 0;
    for (int r = 0; r < qr->width; r++) {
        int col = 0;
        while (col < qr->width) {
            if (!(qr->data[r * qr->width + col] & 1)) {
                col++;
                continue;
            }
            int start = col;
            while (col < qr->width && (qr->data[r * qr->width + col] & 1))
                col++;
            int run[3] = {r, start, col - start};
            sd_buf_add(&runs, (const char *)run, sizeof run);
            n++;
        }
    }
    c->text = sd_xstrdup(text);
    c->width = qr->width;
    c->runs = (int *)sd_buf_steal(&runs);
    c->nruns = n;
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
    float m = size / (float)c->width;
    float *xywh = sd_xmalloc((c->nruns ? c->nruns : 1) * 4 * sizeof *xywh);
    for (size_t i = 0; i < c->nruns; i++) {
        const int *run = c->runs + 3 * i;
        /* a hair of overlap so no seam shows between modules */
        xywh[4 * i] = x + m * (float)run[1];
        xywh[4 * i + 1] = y + m * (float)run[0];
        xywh[4 * i + 2] = m * (float)run[2] + 0.05f;
        xywh[4 * i + 3] = m + 0.05f;
    }
    sd_pdf_rects(pdf, xywh, c->nruns, (sd_rgb){0, 0, 0});
    free(xywh);
    free(spare.text);
    free(spare.runs);
    return true;
}
