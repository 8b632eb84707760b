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
/// How long sk_run_lockstep waits for the worker to take its part.
#define SK_LOCKSTEP_WAIT_NS 2000000L

static pthread_once_t sk_worker_once = PTHREAD_ONCE_INIT;
static int sk_worker_ok;
static atomic_flag sk_worker_busy = ATOMIC_FLAG_INIT;  // held by the caller that owns the worker
// Each on its own cache line: the idle worker polls sk_posted while the caller counts pieces.
static _Alignas(64) atomic_ulong sk_posted;    // ticket of the last shared job
static _Alignas(64) atomic_ulong sk_claimed;   // last ticket the worker started (or the caller closed)
static _Alignas(64) atomic_ulong sk_finished;  // last ticket the worker is done with
static _Alignas(64) atomic_long sk_next_piece;
static _Alignas(64) atomic_long sk_pieces_done;
static atomic_int sk_sleeping;
static pthread_mutex_t sk_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sk_cond = PTHREAD_COND_INITIALIZER;
static sk_job sk_shared_job;
static void (*sk_pair_fn)(void *, int);  // set: the job is sk_run_pair's, not a product
static void *sk_pair_arg;
static int sk_shared_by_rows;
static long sk_shared_unit, sk_shared_chunks;

/// Takes pieces from the shared counter until none is left.
static void sk_take_pieces(void) {
    const sk_job *job = &sk_shared_job;
    const long mr = job->d->mr, nr = job->d->nr;
    const long panels = (job->n + nr - 1) / nr;
    // Pieces of column panels all use every row of A: each thread packs A once per product,
    // not once per piece (8 pieces of an LSTM step's 64×512 · 512×128 product packed the
    // 64×512 A eight times, which cost about as much as the product's arithmetic).
    sk_apanels ap = {0, 0, 0, 0};
    for (;;) {
        const long piece = atomic_fetch_add(&sk_next_piece, 1);
        if (piece >= sk_shared_chunks) return;
        const long u0 = piece * sk_shared_unit, u1 = u0 + sk_shared_unit;
        if (sk_shared_by_rows) {
            const long i0 = u0 * mr, i1 = u1 * mr < job->m ? u1 * mr : job->m;
            sk_job_run(job, i0, i1, 0, panels);
        } else {
            if (!ap.p) ap = sk_job_pack_a(job, 0, job->m);
            sk_job_run_packed_a(job, 0, job->m, u0, u1 < panels ? u1 : panels, ap);
        }
        atomic_fetch_add(&sk_pieces_done, 1);
    }
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
        if (!atomic_compare_exchange_strong(&sk_claimed, &expected, seen)) continue;  // closed
        if (sk_pair_fn) sk_pair_fn(sk_pair_arg, 1);
        else sk_take_pieces();
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

/// Hands the job set up in the shared variables to the worker: a new ticket, and a wake-up if it
/// sleeps. Returns the ticket.
static unsigned long sk_post(void) {
    const unsigned long ticket = atomic_load(&sk_posted) + 1;
    atomic_store(&sk_posted, ticket);  // seq_cst: the worker sees the job before the ticket
    if (atomic_load(&sk_sleeping)) {
        pthread_mutex_lock(&sk_mutex);
        pthread_cond_signal(&sk_cond);
        pthread_mutex_unlock(&sk_mutex);
    }
    return ticket;
}

/// Waits until the worker is done with `ticket`, yielding the core if it seems descheduled.
static void sk_await(unsigned long ticket) {
    unsigned spins = 0;
    while (atomic_load(&sk_finished) != ticket) {
        sk_pause();
        if (++spins > 4096) sched_yield();
    }
}

int sk_run_shared(const sk_job *job, int by_rows, long unit, long chunks) {
    pthread_once(&sk_worker_once, sk_worker_start);
    if (!sk_worker_ok || atomic_flag_test_and_set(&sk_worker_busy)) return 0;
    sk_pair_fn = 0;
    sk_shared_job = *job;
    sk_shared_by_rows = by_rows;
    sk_shared_unit = unit;
    sk_shared_chunks = chunks;
    atomic_store(&sk_next_piece, 0);
    atomic_store(&sk_pieces_done, 0);
    const unsigned long ticket = sk_post();
    sk_take_pieces();
    unsigned spins = 0;
    while (atomic_load(&sk_pieces_done) != chunks) {  // a piece the worker holds
        sk_pause();
        if (++spins > 4096) sched_yield();  // the worker was descheduled: let it run
    }
    // Close the ticket: if the worker has not started it, it never will; if it has, wait
    // until it has left the counter alone, so the next job can reset it.
    unsigned long expected = ticket - 1;
    if (!atomic_compare_exchange_strong(&sk_claimed, &expected, ticket)) {
        sk_await(ticket);
    }
    atomic_flag_clear(&sk_worker_busy);
    return 1;
}

int sk_run_pair(void (*fn)(void *arg, int part), void *arg) {
    pthread_once(&sk_worker_once, sk_worker_start);
    if (!sk_worker_ok || atomic_flag_test_and_set(&sk_worker_busy)) return 0;
    sk_pair_fn = fn;
    sk_pair_arg = arg;
    const unsigned long ticket = sk_post();
    fn(arg, 0);
    // Part 1: taken back if the worker has not claimed it (it was asleep or descheduled),
    // else waited for.
    unsigned long expected = ticket - 1;
    if (atomic_compare_exchange_strong(&sk_claimed, &expected, ticket)) {
        fn(arg, 1);
    } else {
        sk_await(ticket);
    }
    atomic_flag_clear(&sk_worker_busy);
    return 1;
}

int sk_run_lockstep(void (*fn)(void *arg, int part), void *arg) {
    pthread_once(&sk_worker_once, sk_worker_start);
    if (!sk_worker_ok || atomic_flag_test_and_set(&sk_worker_busy)) return 0;
    sk_pair_fn = fn;
    sk_pair_arg = arg;
    const unsigned long ticket = sk_post();
    // The parts wait for each other, so part 0 starts only once the worker has taken part 1.
    // A worker that has not within SK_LOCKSTEP_WAIT_NS (asleep and slow to wake, or without a
    // core) is left out: the ticket is closed and the caller runs the task alone.
    const long start = sk_now_ns();
    unsigned spins = 0;
    while (atomic_load(&sk_claimed) != ticket) {
        sk_pause();
        if ((++spins & 255) == 0 && sk_now_ns() - start > SK_LOCKSTEP_WAIT_NS) {
            unsigned long expected = ticket - 1;
            if (atomic_compare_exchange_strong(&sk_claimed, &expected, ticket)) {
                atomic_flag_clear(&sk_worker_busy);
                return 0;
            }
            break;  // claimed just now
        }
    }
    fn(arg, 0);
    sk_await(ticket);
    atomic_flag_clear(&sk_worker_busy);
    return 1;
}
