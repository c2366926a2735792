/*
 * CIOUringExample: a minimal io_uring ring for the documentation's "Integrating with io_uring"
 * example (a test-only target; Sock itself makes no io_uring call).
 *
 * It uses the three io_uring system calls directly (no liburing): io_uring_setup, mmap of the
 * submission and completion rings, io_uring_enter. The ring's own descriptor is pollable
 * (POLLIN when a completion is waiting), which is how the example waits with a timeout.
 * Every function returns 0 / a count on success and -errno on failure. Linux-only: elsewhere
 * they return -ENOSYS.
 */
#ifndef CIOURINGEXAMPLE_H
#define CIOURINGEXAMPLE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An io_uring instance (opaque). */
typedef struct ciou_ring ciou_ring;

/* Creates a ring with room for `entries` submissions (io_uring_setup + 3 mmaps). NULL on failure,
 * with -errno in *error. */
ciou_ring *ciou_ring_create(unsigned entries, int *error);

/* Unmaps and closes the ring. */
void ciou_ring_destroy(ciou_ring *ring);

/* The ring's descriptor: poll it for POLLIN to learn that a completion is waiting. */
int ciou_ring_fd(const ciou_ring *ring);

/* Queues IORING_OP_RECV (recv(2) of up to `length` bytes from socket `fd` into `buffer`), tagged
 * with `user_data`, and submits it with io_uring_enter. The buffer must stay valid, and `fd` open,
 * until the completion arrives. Returns 0 or -errno (-EBUSY: the submission ring is full). */
int ciou_submit_recv(ciou_ring *ring, int fd, void *buffer, unsigned length, uint64_t user_data);

/* Waits up to `timeout_ms` (-1: forever) for a completion and consumes it. Returns 1 with the
 * result (bytes received, or -errno from the operation) and its tag, 0 on timeout, or -errno. */
int ciou_wait_completion(ciou_ring *ring, int timeout_ms, int32_t *result, uint64_t *user_data);

#ifdef __cplusplus
}
#endif
#endif /* CIOURINGEXAMPLE_H */
