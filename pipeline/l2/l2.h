/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2 switching: VLAN classification and MAC-learning bridges (scenarios 2, 3 and 4).
 *
 * Control API. Workers only read the L2 tables; learning reaches the control thread as
 * events on one ring per worker, and the control thread (or telemetry, under vsw_l2_lock())
 * is the FDB's only writer. See docs/architecture.md, "L2".
 */
#ifndef VSW_L2_H
#define VSW_L2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_graph.h>
#include <rte_rcu_qsbr.h>

#include "l2/fdb.h"
#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VSW_NODE_VLAN_INPUT "vlan_input"
#define VSW_NODE_BRIDGE_INPUT "bridge_input"
#define VSW_NODE_FLOOD "flood"
#define VSW_NODE_VLAN_OUTPUT "vlan_output"

/** Learning counters of one worker. */
struct vsw_l2_worker_stats {
	uint64_t learn_events;    /**< Learn events sent to the control thread. */
	uint64_t learn_ring_full; /**< Learn events lost: ring full (retried a second later). */
};

/**
 * Create the FDB (@p fdb_size entries, for every bridge and interface id) and one learn ring
 * per worker, and publish empty tables: no port is in a bridge. Control thread, before
 * graphs are made.
 *
 * @return 0, or -errno with a message in @p err.
 */
int vsw_l2_init(unsigned int n_workers, uint32_t fdb_size, struct rte_rcu_qsbr *rcu, char *err,
		size_t err_len);

/** Free the L2 state. Workers must be stopped. */
void vsw_l2_fini(void);

/**
 * Make @p cfg's bridges, VLAN settings, limits and static MACs the running ones, while
 * traffic flows (see docs/architecture.md, "L2 tables"):
 *  - bridges are matched by name: a bridge keeps its id (and its learned entries) for as
 *    long as a config names it; a new name takes the lowest free id;
 *  - the new tables are built beside the running ones and published through RCU; a port
 *    becomes an L2 port (attached to vlan_input) after the tables that know it, and stops
 *    being one before the tables that forget it;
 *  - then the FDB forgets what the change made wrong: every entry (learned or static) of a
 *    removed bridge, of a (bridge, port) membership that ended, and the static entries no
 *    longer configured; it installs the configured ones.
 * Learned entries of memberships that stay are kept.
 *
 * @param ids  ids[i] is the interface id of cfg->ports[i], or VSW_IFACE_NONE for a port
 *             that does not exist (not created yet, or about to be destroyed): it is left
 *             out of every bridge and its static MACs wait for a later apply.
 * @return 0, or -errno with a message in @p err; then nothing changed.
 *         Control thread.
 */
int vsw_l2_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len);

/** The name of bridge @p id. @return 0, or -ENOENT. Control thread. */
int vsw_l2_bridge_name(uint16_t id, char name[VSW_NAME_MAX]);

/** The id of the bridge called @p name, or -1. */
int vsw_l2_bridge_id(const char *name);

/**
 * Control thread, often (every millisecond): set the clock to @p now_s (seconds), apply
 * pending learn events, and age one slice of the FDB (a bounded number of slots; a pass over
 * the whole table takes fdb size / 16384 calls). Entries live at least their bridge's
 * aging_s and less than aging_s + 1 s + one pass after their last frame.
 * @return learn events received (applied, or discarded as older than a flush).
 */
unsigned int vsw_l2_poll(uint32_t now_s);

/** A port's link went down: forget what was learned on it. */
void vsw_l2_port_down(uint16_t port);

/**
 * Publish which tunnel interface reaches each remote VTEP: @p iface_of_remote has
 * VSW_FDB_MAX_REMOTES entries (FDB port VSW_FDB_REMOTE_BASE + i is behind interface
 * iface_of_remote[i]; VSW_IFACE_NONE: no such remote), copied; NULL: no remotes. Frames to a
 * MAC behind a remote leave by its tunnel, the remote named in their metadata
 * (meta->vx.dst). @return 0 or -ENOMEM. Control thread.
 */
int vsw_l2_remotes_set(const uint16_t *iface_of_remote);

/** Remove the learned entries of bridge @p bridge. @return entries removed. */
unsigned int vsw_l2_flush(uint16_t bridge);

/** Serialise FDB writers and walkers (control thread, telemetry). */
void vsw_l2_lock(void);
void vsw_l2_unlock(void);

/** The FDB (NULL without L2). Walk or write it under vsw_l2_lock(). */
struct vsw_fdb *vsw_l2_fdb(void);

/** The seconds clock the FDB's last-seen times use. */
uint32_t vsw_l2_now(void);

/** Learning counters of worker @p w. */
void vsw_l2_worker_stats(unsigned int w, struct vsw_l2_worker_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* VSW_L2_H */
