/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The daemon's state. The control thread (main.c, its control loop and the API handlers
 * running on it) is its only writer; DPDK's telemetry thread only reads it, under `lock`,
 * and only while `live` is set.
 */
#ifndef VSWD_H
#define VSWD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include <rte_mempool.h>

#include "vsw_config.h"
#include "vsw_pipeline.h"
#include "vsw_port.h"

struct vswd {
	pthread_mutex_t lock;       /**< Held while ports change and while telemetry reads. */
	bool ports_up;              /**< Ports (interfaces of the registry, created and
	                                 destroyed by the control thread under `lock`) may be
	                                 read. */
	bool live;                  /**< Ports, workers and L2 state exist and may be read
	                                 (under `lock`). Cleared, under `lock`, before any of
	                                 it is stopped or freed. */
	uint64_t config_gen;        /**< 1 after start-up, +1 per successful reload. */
	struct vsw_config cfg;      /**< The running config; replaced under `lock`. */
	struct rte_mempool *pool;
	uint64_t start_tsc;
};

extern struct vswd vswd;

/** Register the /vsw/... telemetry commands. */
int vswd_telemetry_init(void);
/** Register the L2 ones (bridges, FDB). */
int vswd_telemetry_l2_init(void);
/** Register the router's API requests (route add/del/lookup, both families; api_l3.c). */
int vswd_l3_api_init(void);

/** Register /vsw/port/info (app/telemetry_port.c). */
int vswd_telemetry_port_init(void);

struct rte_tel_data;
/** Start @p d as a dict of port @p p's config, link and state (as /vsw/ports lists). */
void vswd_tel_port(struct rte_tel_data *d, const struct vsw_port *p);
/** Add @p child under @p key; frees it if the dict does not take it. @return 0, -errno. */
int vswd_tel_add_dict(struct rte_tel_data *dict, const char *key, struct rte_tel_data *child);
/** The same, keyed by @p name made a valid DPDK 22.11 key ([A-Za-z0-9_/]); the entry
 *  should carry the real name in a "name" field. */
int vswd_tel_add_named(struct rte_tel_data *dict, const char *name, struct rte_tel_data *child);

/**
 * Take `lock` if the daemon state may be read (`live`). Telemetry handlers call it first
 * and return at once when it fails; on success they call vswd_read_end() when done.
 * @return true with `lock` held, or false (not held).
 */
bool vswd_read_begin(void);
void vswd_read_end(void);

/** Register the API requests of the daemon (status, reload). @return 0 or -errno. */
int vswd_api_init(void);

/**
 * Serve Prometheus metrics on @p listen_at ("ADDR:PORT", config metrics.listen) from a
 * thread of its own; nothing when it is empty. @return 0, or -errno with a message.
 */
int vswd_metrics_start(const char *listen_at, char *err, size_t err_len);
/** Stop serving (before the state it reads goes away). */
void vswd_metrics_stop(void);

/**
 * Tell systemd @p state ("READY=1", "STOPPING=1", ...; see sd_notify(3)) on $NOTIFY_SOCKET;
 * nothing without it. @return 0 or -errno.
 */
int vswd_sd_notify(const char *state);

/**
 * Make the runtime directory (config runtime.dir, by default /run/vsw/@p prefix) with its
 * mode and group, and write and lock the pid file in it (app/runtime.c).
 * @return 0, or -errno with a message (-EBUSY: another vswd holds the directory).
 */
int vswd_runtime_init(const struct vsw_config *cfg, const char *prefix, char *err,
		      size_t err_len);
/** The runtime directory ("" before vswd_runtime_init()). */
const char *vswd_runtime_dir(void);
/**
 * Once the sockets exist: the API socket, EAL's runtime directory and its sockets owner
 * only, or readable by the runtime group (the telemetry socket, not the multi-process one).
 */
void vswd_runtime_secure(void);
/** Remove the pid file, and the directory if vswd made it and it is empty. */
void vswd_runtime_fini(void);

/** Print per-port and per-drop-reason counters. */
void vswd_print_summary(FILE *f);

/**
 * Remove this process's hugepage files (<prefix>map_*) from every hugetlbfs mount; EAL
 * leaves them behind even after rte_eal_cleanup(). Call after rte_eal_cleanup().
 * @return the number of files removed.
 */
int vswd_remove_hugepage_files(const char *prefix);

#endif /* VSWD_H */
