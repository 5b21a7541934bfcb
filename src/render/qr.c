/* qr.c - a QR code drawn as vectors (libqrencode makes the modules; each
 * run of dark modules in a row is one filled rectangle) */
#include <qrencode.h>
#include <string.h>

#include "render/style.h"

bool sd_pdf_qr(sd_pdf *pdf, float x, float y, float size, const char *text)
{
    if (!text || !*text)
        return false;
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return false;
    /* the quiet zone of four modules is the caller's white margin */
    float m = size / (float)qr->width;
    static const sd_rgb black = {0, 0, 0};
    for (int r = 0; r < qr->width; r++) {
        int c = 0;
        while (c < qr->width) {
            if (!(qr->data[r * qr->width + c] & 1)) {
                c++;
                continue;
            }
            int start = c;
            while (c < qr->width && (qr->data[r * qr->width + c] & 1))
                c++;
            /* a hair of overlap so no seam shows between modules */
            sd_pdf_rect(pdf, x + m * (float)start, y + m * (float)r, m * (float)(c - start) + 0.05f, m + 0.05f, &black,
                        NULL, 0);
        }
    }
    QRcode_free(qr);
    return true;
}
