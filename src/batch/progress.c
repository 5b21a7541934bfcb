/* progress.c - a redrawn bar on a terminal, a line per 10 % otherwise */
#include "batch/progress.h"

#include <stdio.h>
#include <unistd.h>

void sd_progress_start(sd_progress *p, const char *what, size_t total, bool quiet)
{
    p->what = what;
    p->total = total;
    atomic_store(&p->done, 0);
    p->last_decile = 0;
    p->tty = isatty(2);
    p->quiet = quiet;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    pthread_mutex_init(&p->lock, NULL);
}

void sd_progress_end(sd_progress *p) { pthread_mutex_destroy(&p->lock); }

void sd_progress_step(sd_progress *p)
{
    size_t done = atomic_fetch_add(&p->done, 1) + 1;
    if (p->quiet || p->total == 0)
        return;
    pthread_mutex_lock(&p->lock);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double el = (double)(now.tv_sec - p->start.tv_sec) + (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
    double left = el / (double)done * (double)(p->total - done);
    if (p->tty) {
        int width = 30, fill = (int)((double)width * (double)done / (double)p->total);
        fprintf(stderr, "\r%s [", p->what);
        for (int i = 0; i < width; i++)
            fputs(i < fill ? "#" : "-", stderr);
        fprintf(stderr, "] %zu/%zu 残り約 %.0f 秒 ", done, p->total, left);
        if (done == p->total)
            fputc('\n', stderr);
    } else {
        int decile = (int)(10 * done / p->total);
        if (decile > p->last_decile) {
            p->last_decile = decile;
            fprintf(stderr, "%s: %zu/%zu（%d%%）残り約 %.0f 秒\n", p->what, done, p->total, decile * 10, left);
        }
    }
    pthread_mutex_unlock(&p->lock);
}
