/* progress.h - progress of a long step on stderr, safe from worker threads */
#ifndef SD_PROGRESS_H
#define SD_PROGRESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct {
    const char *what;       /* "会員別 PDF" */
    size_t total;
    atomic_size_t done;
    long last_drawn;        /* tenth of a second of the last redraw */
    bool tty, quiet;
    struct timespec start;
    pthread_mutex_t lock;
} sd_progress;

/* Starts counting total items: on a terminal one line redrawn in place
 * with count, rate and time left; otherwise a start line now and an end
 * line at sd_progress_end; nothing when quiet. */
void sd_progress_start(sd_progress *p, const char *what, size_t total, bool quiet);
/* One item done. */
void sd_progress_step(sd_progress *p);
void sd_progress_end(sd_progress *p);

#endif
