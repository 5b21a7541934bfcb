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
    int last_decile;
    bool tty, quiet;
    struct timespec start;
    pthread_mutex_t lock;
} sd_progress;

/* Starts counting total items; a bar on a terminal, a line per 10 %
 * otherwise, nothing when quiet. */
void sd_progress_start(sd_progress *p, const char *what, size_t total, bool quiet);
/* One item done. */
void sd_progress_step(sd_progress *p);
void sd_progress_end(sd_progress *p);

#endif
