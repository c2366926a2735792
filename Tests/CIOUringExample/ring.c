/* A minimal io_uring ring over the raw system calls: see include/CIOUringExample.h. */
#include "CIOUringExample.h"

#include <errno.h>
#include <stdlib.h>

#if defined(__linux__)
#include <linux/io_uring.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct ciou_ring {
    int fd;
    void *sq_map;
    size_t sq_map_size;
    void *cq_map;
    size_t cq_map_size;
    struct io_uring_sqe *sqes;
    size_t sqes_size;
    unsigned *sq_head, *sq_tail, *sq_mask, *sq_array;
    unsigned *cq_head, *cq_tail, *cq_mask;
    struct io_uring_cqe *cqes;
};

static long sys_io_uring_setup(unsigned entries, struct io_uring_params *params) {
    return syscall(SYS_io_uring_setup, entries, params);
}

static long sys_io_uring_enter(int fd, unsigned to_submit, unsigned min_complete, unsigned flags) {
    return syscall(SYS_io_uring_enter, fd, to_submit, min_complete, flags, NULL, 0);
}

ciou_ring *ciou_ring_create(unsigned entries, int *error) {
    struct io_uring_params params;
    memset(&params, 0, sizeof params);
    int fd = (int)sys_io_uring_setup(entries, &params);
    if (fd < 0) {
        *error = -errno;
        return NULL;
    }
    ciou_ring *ring = calloc(1, sizeof *ring);
    if (ring == NULL) {
        close(fd);
        *error = -ENOMEM;
        return NULL;
    }
    ring->fd = fd;
    ring->sq_map_size = params.sq_off.array + params.sq_entries * sizeof(unsigned);
    ring->cq_map_size = params.cq_off.cqes + params.cq_entries * sizeof(struct io_uring_cqe);
    /* Since Linux 5.4 (IORING_FEAT_SINGLE_MMAP) both rings share one mapping. */
    if (params.features & IORING_FEAT_SINGLE_MMAP) {
        if (ring->cq_map_size > ring->sq_map_size) ring->sq_map_size = ring->cq_map_size;
        ring->cq_map_size = ring->sq_map_size;
    }
    ring->sq_map = mmap(NULL, ring->sq_map_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
                        IORING_OFF_SQ_RING);
    if (ring->sq_map == MAP_FAILED) goto fail;
    if (params.features & IORING_FEAT_SINGLE_MMAP) {
        ring->cq_map = ring->sq_map;
    } else {
        ring->cq_map = mmap(NULL, ring->cq_map_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
                            IORING_OFF_CQ_RING);
        if (ring->cq_map == MAP_FAILED) goto fail;
    }
    ring->sqes_size = params.sq_entries * sizeof(struct io_uring_sqe);
    ring->sqes = mmap(NULL, ring->sqes_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
    if (ring->sqes == MAP_FAILED) goto fail;

    char *sq = ring->sq_map, *cq = ring->cq_map;
    ring->sq_head = (unsigned *)(sq + params.sq_off.head);
    ring->sq_tail = (unsigned *)(sq + params.sq_off.tail);
    ring->sq_mask = (unsigned *)(sq + params.sq_off.ring_mask);
    ring->sq_array = (unsigned *)(sq + params.sq_off.array);
    ring->cq_head = (unsigned *)(cq + params.cq_off.head);
    ring->cq_tail = (unsigned *)(cq + params.cq_off.tail);
    ring->cq_mask = (unsigned *)(cq + params.cq_off.ring_mask);
    ring->cqes = (struct io_uring_cqe *)(cq + params.cq_off.cqes);
    return ring;

fail:
    *error = -errno;
    ciou_ring_destroy(ring);
    return NULL;
}

void ciou_ring_destroy(ciou_ring *ring) {
    if (ring == NULL) return;
    if (ring->sqes != NULL && ring->sqes != MAP_FAILED) munmap(ring->sqes, ring->sqes_size);
    if (ring->cq_map != NULL && ring->cq_map != MAP_FAILED && ring->cq_map != ring->sq_map)
        munmap(ring->cq_map, ring->cq_map_size);
    if (ring->sq_map != NULL && ring->sq_map != MAP_FAILED) munmap(ring->sq_map, ring->sq_map_size);
    close(ring->fd);
    free(ring);
}

int ciou_ring_fd(const ciou_ring *ring) { return ring->fd; }

int ciou_submit_recv(ciou_ring *ring, int fd, void *buffer, unsigned length, uint64_t user_data) {
    unsigned head = __atomic_load_n(ring->sq_head, __ATOMIC_ACQUIRE);
    unsigned tail = *ring->sq_tail;
    if (tail - head > *ring->sq_mask) return -EBUSY;
    unsigned index = tail & *ring->sq_mask;
    struct io_uring_sqe *sqe = &ring->sqes[index];
    memset(sqe, 0, sizeof *sqe);
    sqe->opcode = IORING_OP_RECV;
    sqe->fd = fd;
    sqe->addr = (uint64_t)(uintptr_t)buffer;
    sqe->len = length;
    sqe->user_data = user_data;
    ring->sq_array[index] = index;
    /* The kernel must see the entry before the new tail. */
    __atomic_store_n(ring->sq_tail, tail + 1, __ATOMIC_RELEASE);
    long submitted = sys_io_uring_enter(ring->fd, 1, 0, 0);
    if (submitted < 0) return -errno;
    return submitted == 1 ? 0 : -EAGAIN;
}

int ciou_wait_completion(ciou_ring *ring, int timeout_ms, int32_t *result, uint64_t *user_data) {
    for (;;) {
        unsigned head = *ring->cq_head;
        if (head != __atomic_load_n(ring->cq_tail, __ATOMIC_ACQUIRE)) {
            struct io_uring_cqe *cqe = &ring->cqes[head & *ring->cq_mask];
            *result = cqe->res;
            *user_data = cqe->user_data;
            __atomic_store_n(ring->cq_head, head + 1, __ATOMIC_RELEASE);
            return 1;
        }
        struct pollfd pfd = {.fd = ring->fd, .events = POLLIN};
        int r = poll(&pfd, 1, timeout_ms);
        if (r == 0) return 0;
        if (r < 0 && errno != EINTR) return -errno;
    }
}

#else /* not Linux */

ciou_ring *ciou_ring_create(unsigned entries, int *error) {
    (void)entries;
    *error = -ENOSYS;
    return NULL;
}
void ciou_ring_destroy(ciou_ring *ring) { (void)ring; }
int ciou_ring_fd(const ciou_ring *ring) {
    (void)ring;
    return -1;
}
int ciou_submit_recv(ciou_ring *ring, int fd, void *buffer, unsigned length, uint64_t user_data) {
    (void)ring, (void)fd, (void)buffer, (void)length, (void)user_data;
    return -ENOSYS;
}
int ciou_wait_completion(ciou_ring *ring, int timeout_ms, int32_t *result, uint64_t *user_data) {
    (void)ring, (void)timeout_ms, (void)result, (void)user_data;
    return -ENOSYS;
}
#endif
