/* progress.c - progress that fits where it goes: on a terminal one line
 * redrawn in place (count, rate, time left); to a file or pipe a start
 * line and an end line only; nothing when quiet */
#include "batch/progress.h"

#include <stdio.h>
#include <unistd.h>

static double sd_elapsed(const sd_progress *p)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->start.tv_sec) + (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
}

void sd_progress_start(sd_progress *p, const char *what, size_t total, bool quiet)
{
    p->what = what;
    p->total = total;
    atomic_store(&p->done, 0);
    p->last_drawn = -1;
    p->tty = isatty(2);
    p->quiet = quiet || total == 0;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    pthread_mutex_init(&p->lock, NULL);
    if (!p->quiet && !p->tty)
        fprintf(stderr, "%s: %zu 件を作ります\n", what, total);
}

void sd_progress_step(sd_progress *p)
{
    size_t done = atomic_fetch_add(&p->done, 1) + 1;
    if (p->quiet || !p->tty)
        return;
    pthread_mutex_lock(&p->lock);
    double el = sd_elapsed(p);
    /* redraw at most ten times a second, and always at the end */
    long tenth = (long)(el * 10);
    if (tenth != p->last_drawn || done == p->total) {
        p->last_drawn = tenth;
        double rate = el > 0 ? (double)done / el : 0;
        double left = rate > 0 ? (double)(p->total - done) / rate : 0;
        int width = 24, fill = (int)((double)width * (double)done / (double)p->total);
        fprintf(stderr, "\r%s [", p->what);
        for (int i = 0; i < width; i++)
            fputs(i < fill ? "#" : "-", stderr);
        if (done == p->total)
            fprintf(stderr, "] %zu/%zu  %.0f 件/秒  %.1f 秒で完了\033[K", done, p->total, rate, el);
        else
            fprintf(stderr, "] %zu/%zu  %.0f 件/秒  残り約 %.0f 秒\033[K", done, p->total, rate, left);
        fflush(stderr);
    }
    pthread_mutex_unlock(&p->lock);
}

void sd_progress_end(sd_progress *p)
{
    if (!p->quiet) {
        size_t done = atomic_load(&p->done);
        double el = sd_elapsed(p);
        if (p->tty)
            fputc('\n', stderr);
        else
            fprintf(stderr, "%s: %zu/%zu 件（%.1f 秒）\n", p->what, done, p->total, el);
    }
    pthread_mutex_destroy(&p->lock);
}
