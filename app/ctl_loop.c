/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control loop (see ctl_loop.h). Registrations live in fixed tables: an epoll event
 * carries a slot index and the slot's generation, so an event still queued for an fd that
 * a callback of the same batch removed (and maybe re-added) is recognised and skipped.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "ctl_loop.h"

struct fd_slot {
	int fd;	      /* -1: free. */
	uint32_t gen; /* Bumped on every add, so stale events do not match. */
	vsw_ctl_fd_cb fn;
	void *arg;
};

struct timer {
	int fd; /* timerfd; -1: free. */
	char name[32];
	vsw_ctl_timer_cb fn;
	void *arg;
};

static struct {
	int epfd;
	int sigfd;
	bool stop;
	int stop_sig;
	void (*hup)(void *arg);
	void *hup_arg;
	struct fd_slot fds[VSW_CTL_MAX_FDS];
	struct timer timers[VSW_CTL_MAX_TIMERS];
} ctl = {.epfd = -1, .sigfd = -1};

static void
signal_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
}

int
vsw_ctl_block_signals(void)
{
	sigset_t set;
	int rc;

	signal_set(&set);
	rc = pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (rc != 0)
		return -rc;
	/* A client that goes away mid-reply must not kill the daemon: EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static struct fd_slot *
slot_of(int fd)
{
	unsigned int i;

	for (i = 0; i < VSW_CTL_MAX_FDS; i++)
		if (ctl.fds[i].fd == fd)
			return &ctl.fds[i];
	return NULL;
}

static uint64_t
slot_data(const struct fd_slot *s)
{
	return (uint64_t)s->gen << 32 | (uint64_t)(s - ctl.fds);
}

static void
on_signal(int fd, uint32_t events, void *arg)
{
	struct signalfd_siginfo si;

	(void)events;
	(void)arg;
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			if (ctl.hup != NULL)
				ctl.hup(ctl.hup_arg);
			continue;
		}
		ctl.stop = true;
		ctl.stop_sig = (int)si.ssi_signo;
	}
}

int
vsw_ctl_init(void)
{
	sigset_t set;
	unsigned int i;
	int rc;

	for (i = 0; i < VSW_CTL_MAX_FDS; i++)
		ctl.fds[i].fd = -1;
	for (i = 0; i < VSW_CTL_MAX_TIMERS; i++)
		ctl.timers[i].fd = -1;
	ctl.stop = false;
	ctl.stop_sig = 0;
	ctl.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (ctl.epfd < 0)
		return -errno;
	signal_set(&set);
	ctl.sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (ctl.sigfd < 0) {
		rc = -errno;
		vsw_ctl_fini();
		return rc;
	}
	rc = vsw_ctl_fd_add(ctl.sigfd, EPOLLIN, on_signal, NULL);
	if (rc != 0)
		vsw_ctl_fini();
	return rc;
}

void
vsw_ctl_fini(void)
{
	unsigned int i;

	for (i = 0; i < VSW_CTL_MAX_TIMERS; i++)
		if (ctl.timers[i].fd >= 0)
			vsw_ctl_timer_del((int)i);
	if (ctl.sigfd >= 0) {
		vsw_ctl_fd_del(ctl.sigfd);
		close(ctl.sigfd);
	}
	if (ctl.epfd >= 0)
		close(ctl.epfd);
	ctl.sigfd = -1;
	ctl.epfd = -1;
	for (i = 0; i < VSW_CTL_MAX_FDS; i++)
		ctl.fds[i].fd = -1;
	ctl.hup = NULL;
}

int
vsw_ctl_fd_add(int fd, uint32_t events, vsw_ctl_fd_cb fn, void *arg)
{
	struct epoll_event ev = {.events = events};
	struct fd_slot *s;

	if (fd < 0 || fn == NULL || ctl.epfd < 0)
		return -EINVAL;
	if (slot_of(fd) != NULL)
		return -EEXIST;
	s = slot_of(-1);
	if (s == NULL)
		return -ENOSPC;
	s->gen++;
	ev.data.u64 = slot_data(s);
	if (epoll_ctl(ctl.epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
		return -errno;
	s->fd = fd;
	s->fn = fn;
	s->arg = arg;
	return 0;
}

int
vsw_ctl_fd_mod(int fd, uint32_t events)
{
	struct epoll_event ev = {.events = events};
	struct fd_slot *s = fd < 0 ? NULL : slot_of(fd);

	if (s == NULL)
		return -ENOENT;
	ev.data.u64 = slot_data(s);
	if (epoll_ctl(ctl.epfd, EPOLL_CTL_MOD, fd, &ev) != 0)
		return -errno;
	return 0;
}

int
vsw_ctl_fd_del(int fd)
{
	struct fd_slot *s = fd < 0 ? NULL : slot_of(fd);

	if (s == NULL)
		return -ENOENT;
	epoll_ctl(ctl.epfd, EPOLL_CTL_DEL, fd, NULL);
	s->fd = -1;
	s->gen++; /* Events of this batch already returned for it no longer match. */
	return 0;
}

static void
on_timer(int fd, uint32_t events, void *arg)
{
	struct timer *t = arg;
	uint64_t expirations;

	(void)events;
	/* Read to re-arm; several expirations since the last call still make one call. */
	if (read(fd, &expirations, sizeof(expirations)) != (ssize_t)sizeof(expirations))
		return;
	t->fn(t->arg);
}

int
vsw_ctl_timer_add(const char *name, uint64_t period_ns, vsw_ctl_timer_cb fn, void *arg)
{
	struct itimerspec its;
	struct timer *t = NULL;
	unsigned int i;
	int rc;

	if (period_ns == 0 || fn == NULL)
		return -EINVAL;
	for (i = 0; i < VSW_CTL_MAX_TIMERS && t == NULL; i++)
		if (ctl.timers[i].fd < 0)
			t = &ctl.timers[i];
	if (t == NULL)
		return -ENOSPC;
	t->fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (t->fd < 0)
		return -errno;
	snprintf(t->name, sizeof(t->name), "%s", name != NULL ? name : "");
	t->fn = fn;
	t->arg = arg;
	its.it_interval.tv_sec = (time_t)(period_ns / 1000000000);
	its.it_interval.tv_nsec = (long)(period_ns % 1000000000);
	its.it_value = its.it_interval;
	if (timerfd_settime(t->fd, 0, &its, NULL) != 0) {
		rc = -errno;
		goto fail;
	}
	rc = vsw_ctl_fd_add(t->fd, EPOLLIN, on_timer, t);
	if (rc != 0)
		goto fail;
	return (int)(t - ctl.timers);
fail:
	close(t->fd);
	t->fd = -1;
	return rc;
}

int
vsw_ctl_timer_del(int id)
{
	struct timer *t;

	if (id < 0 || id >= VSW_CTL_MAX_TIMERS || ctl.timers[id].fd < 0)
		return -ENOENT;
	t = &ctl.timers[id];
	vsw_ctl_fd_del(t->fd);
	close(t->fd);
	t->fd = -1;
	return 0;
}

const char *
vsw_ctl_timer_name(int id)
{
	if (id < 0 || id >= VSW_CTL_MAX_TIMERS || ctl.timers[id].fd < 0)
		return NULL;
	return ctl.timers[id].name;
}

void
vsw_ctl_on_hup(void (*fn)(void *arg), void *arg)
{
	ctl.hup = fn;
	ctl.hup_arg = arg;
}

void
vsw_ctl_stop(void)
{
	ctl.stop = true;
}

int
vsw_ctl_run(void)
{
	struct epoll_event ev[32];
	int n, i;

	if (ctl.epfd < 0)
		return -EINVAL;
	ctl.stop = false;
	ctl.stop_sig = 0;
	while (!ctl.stop) {
		n = epoll_wait(ctl.epfd, ev, (int)(sizeof(ev) / sizeof(ev[0])), -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (i = 0; i < n && !ctl.stop; i++) {
			uint32_t idx = (uint32_t)ev[i].data.u64,
				 gen = (uint32_t)(ev[i].data.u64 >> 32);
			struct fd_slot *s;

			if (idx >= VSW_CTL_MAX_FDS)
				continue;
			s = &ctl.fds[idx];
			if (s->fd < 0 || s->gen != gen)
				continue; /* Removed by an earlier callback of this batch. */
			s->fn(s->fd, ev[i].events, s->arg);
		}
	}
	return ctl.stop_sig;
}
