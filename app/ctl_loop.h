/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control loop: one epoll loop on the main lcore over a signalfd, timerfds, the API's
 * sockets and whatever fds modules add. Everything that writes shared control state (FDB
 * learning and aging, link changes, API requests, reload) runs in its callbacks, one at a
 * time, so none of them needs to synchronise with another.
 *
 * Signals: SIGINT and SIGTERM stop the loop; SIGHUP calls the hook set by
 * vsw_ctl_on_hup(). They are blocked in every thread (vsw_ctl_block_signals() before any
 * thread is created) and read only through the signalfd.
 *
 * All functions are for the control thread only (the one that calls vsw_ctl_run()), and
 * may be called from a callback: a callback may add or delete fds and timers, its own
 * included.
 */
#ifndef VSW_CTL_LOOP_H
#define VSW_CTL_LOOP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VSW_CTL_MAX_FDS 64 /**< Registered fds, timers included. */
#define VSW_CTL_MAX_TIMERS 16

typedef void (*vsw_ctl_fd_cb)(int fd, uint32_t events, void *arg);
typedef void (*vsw_ctl_timer_cb)(void *arg);

/**
 * Block SIGINT, SIGTERM and SIGHUP in the calling thread, and ignore SIGPIPE. Call before
 * any thread is created (before rte_eal_init()) so that every thread inherits the mask.
 * @return 0 or -errno.
 */
int vsw_ctl_block_signals(void);

/** Create the epoll instance and the signalfd. @return 0 or -errno. */
int vsw_ctl_init(void);

/** Close every fd the loop made (timers, signalfd, epoll); registered fds stay open. */
void vsw_ctl_fini(void);

/**
 * Call @p fn(@p arg) every @p period_ns nanoseconds (first call one period from now). A
 * late timer fires once, not once per missed period.
 * @return a timer id >= 0, or -EINVAL (period 0, fn NULL), -ENOSPC, -errno of timerfd.
 */
int vsw_ctl_timer_add(const char *name, uint64_t period_ns, vsw_ctl_timer_cb fn, void *arg);

/** Remove timer @p id. @return 0 or -ENOENT. */
int vsw_ctl_timer_del(int id);

/**
 * Call @p fn when @p fd is ready for @p events (EPOLLIN, EPOLLOUT, ...; EPOLLERR and EPOLLHUP
 * are always reported). The fd stays the caller's: vsw_ctl_fd_del() does not close it.
 * @return 0, -EEXIST (fd already added), -ENOSPC, -EINVAL, -errno of epoll_ctl.
 */
int vsw_ctl_fd_add(int fd, uint32_t events, vsw_ctl_fd_cb fn, void *arg);

/** Change the events watched on @p fd. @return 0, -ENOENT, -errno of epoll_ctl. */
int vsw_ctl_fd_mod(int fd, uint32_t events);

/** Stop watching @p fd; no callback for it runs after this returns. @return 0 or -ENOENT. */
int vsw_ctl_fd_del(int fd);

/** Call @p fn(@p arg) on SIGHUP (NULL: ignore SIGHUP). */
void vsw_ctl_on_hup(void (*fn)(void *arg), void *arg);

/**
 * Run until SIGINT/SIGTERM or vsw_ctl_stop().
 * @return the signal that stopped the loop, 0 after vsw_ctl_stop(), or -errno.
 */
int vsw_ctl_run(void);

/** Make vsw_ctl_run() return after the current callback. */
void vsw_ctl_stop(void);

/** The name a timer was added with, or NULL. */
const char *vsw_ctl_timer_name(int id);

#ifdef __cplusplus
}
#endif

#endif /* VSW_CTL_LOOP_H */
