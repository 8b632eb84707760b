// The persistent worker thread behind SEQKIT_THREADS=2.
//
// A recurrent layer issues one product per time step, 10–100 µs each, so waking a thread per
// product through the OS (5–50 µs) or a dispatch queue would eat much of the gain. The worker
// spins on an atomic sequence number for a short while after each product (the next step's
// product usually arrives within microseconds), then sleeps on a condition variable.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "internal.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/// How long the idle worker spins before it sleeps.
#define SK_SPIN_NS 200000L

static pthread_once_t sk_worker_once = PTHREAD_ONCE_INIT;
static int sk_worker_ok;
static atomic_flag sk_worker_busy = ATOMIC_FLAG_INIT;  // held by the caller that owns the worker
static atomic_ulong sk_posted, sk_finished;
static atomic_ulong sk_claimed;  // the last ticket whose second half someone started
static atomic_int sk_sleeping;
static pthread_mutex_t sk_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sk_cond = PTHREAD_COND_INITIALIZER;
static sk_job sk_worker_job;
static long sk_worker_range[4];

static inline void sk_pause(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

static long sk_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void *sk_worker_main(void *unused) {
    (void)unused;
    unsigned long seen = 0;
    for (;;) {
        long start = sk_now_ns();
        unsigned spins = 0;
        while (atomic_load(&sk_posted) == seen) {
            sk_pause();
            if ((++spins & 255) == 0 && sk_now_ns() - start > SK_SPIN_NS) {
                pthread_mutex_lock(&sk_mutex);
                atomic_store(&sk_sleeping, 1);
                while (atomic_load(&sk_posted) == seen) pthread_cond_wait(&sk_cond, &sk_mutex);
                atomic_store(&sk_sleeping, 0);
                pthread_mutex_unlock(&sk_mutex);
            }
        }
        seen = atomic_load(&sk_posted);
        unsigned long expected = seen - 1;
        if (!atomic_compare_exchange_strong(&sk_claimed, &expected, seen)) continue;  // caller took it
        const long *r = sk_worker_range;
        sk_job_run(&sk_worker_job, r[0], r[1], r[2], r[3]);
        atomic_store(&sk_finished, seen);
    }
    return 0;
}

static void sk_worker_start(void) {
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    sk_worker_ok = pthread_create(&thread, &attr, sk_worker_main, 0) == 0;
    pthread_attr_destroy(&attr);
}

int sk_run_pair(const sk_job *job, const long first[4], const long second[4]) {
    pthread_once(&sk_worker_once, sk_worker_start);
    if (!sk_worker_ok || atomic_flag_test_and_set(&sk_worker_busy)) return 0;
    sk_worker_job = *job;
    for (int i = 0; i < 4; i++) sk_worker_range[i] = second[i];
    const unsigned long ticket = atomic_load(&sk_posted) + 1;
    atomic_store(&sk_posted, ticket);  // seq_cst: the worker sees the job before the ticket
    if (atomic_load(&sk_sleeping)) {
        pthread_mutex_lock(&sk_mutex);
        pthread_cond_signal(&sk_cond);
        pthread_mutex_unlock(&sk_mutex);
    }
    sk_job_run(job, first[0], first[1], first[2], first[3]);
    // If the worker has not started the second half yet (descheduled on a busy machine, or
    // still waking up), the caller runs it: waiting could cost a whole scheduler time slice.
    unsigned long expected = ticket - 1;
    if (atomic_compare_exchange_strong(&sk_claimed, &expected, ticket)) {
        sk_job_run(job, second[0], second[1], second[2], second[3]);
        atomic_flag_clear(&sk_worker_busy);
        return 1;
    }
    unsigned spins = 0;
    while (atomic_load(&sk_finished) != ticket) {
        sk_pause();
        if (++spins > 4096) sched_yield();  // the worker was descheduled: let it run
    }
    atomic_flag_clear(&sk_worker_busy);
    return 1;
}
