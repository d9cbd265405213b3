/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The pipeline: per-worker rte_graph instances built from the port table and the
 * forwarding configuration, the worker loop, and the counters they keep.
 *
 * Life cycle (control thread only): vsw_pipeline_init() -> vsw_pipeline_start() ->
 * vsw_pipeline_stop() -> vsw_pipeline_fini(). Ports must be configured and started by the
 * caller, with one tx queue per worker, before vsw_pipeline_start().
 */
#ifndef VSW_PIPELINE_H
#define VSW_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_graph.h>
#include <rte_rcu_qsbr.h>

#include "vsw_config.h"
#include "vsw_worker.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What the pipeline needs to know of one started port (interface type "port"). */
struct vsw_dp_port {
	char name[VSW_NAME_MAX];
	uint16_t eth_port;                     /**< ethdev port id. */
	uint16_t n_rxq;                        /**< Rx queues to poll. */
	uint16_t mtu;                          /**< Longest payload sent; 0: no limit. */
	int16_t rxq_worker[VSW_MAX_QUEUES];    /**< Worker index per rx queue; -1 = any. */
	bool tx_indirect;                      /**< A bond: its port_tx sends on the ethdev
	                                            vsw_port_tx_via_set() names (a member);
	                                            eth_port only gives its MAC. n_rxq is 0. */
};

struct vsw_xconnect_pair {
	uint16_t a, b; /**< Port interface ids. */
};

struct vsw_pipeline_conf {
	unsigned int n_ports;
	const struct vsw_dp_port *ports; /**< ports[i] is the port with interface id i. */
	unsigned int n_workers;
	const uint16_t *worker_lcores;  /**< Lcore of each worker. */
	uint16_t burst;                 /**< Rx burst, 1..RTE_GRAPH_BURST_SIZE. */
	uint32_t idle_sleep_us;         /**< 0: never sleep. */
	uint32_t idle_threshold_us;     /**< Idle this long before sleeping. */
	unsigned int n_xconnects;
	const struct vsw_xconnect_pair *xconnects;
	uint32_t fdb_size;              /**< FDB entries; 0: l2's fdb_size, or the default. */
	struct rte_mempool *pool;        /**< For packets the control side makes (gratuitous
	                                      ARP); NULL: it makes none. */
	const struct vsw_config *sizing; /**< Table sizes features read at init (router); NULL:
	                                      defaults. Nothing of it is applied. */
	const struct vsw_config *l2;    /**< Bridges, VLAN modes, static MACs applied at init
	                                     (vsw_l2_apply()); NULL: none yet. Port indexes in
	                                     it are the interface ids of `ports`. */
};

/**
 * Make the workers, add the conf's ports, cross-connects and L2 tables, and build one graph
 * per worker that has queues to poll (vsw_pipeline_rebuild()).
 *
 * @param err  A message on failure.
 * @return 0, or -errno: -EINVAL (bad conf), -ENOMEM, -ENOENT (graph creation failed).
 */
int vsw_pipeline_init(const struct vsw_pipeline_conf *conf, char *err, size_t err_len);

/**
 * Add port @p id (an interface id) or replace what the pipeline knows of it: its rx and tx
 * nodes are made (or, for a name seen before, reused: DPDK 22.11 cannot free a node). Its
 * queues are polled from the next vsw_pipeline_rebuild().
 *
 * @return 0, -EINVAL (bad id or queues), -ENOMEM (no node). Control thread.
 */
int vsw_pipeline_port_set(uint16_t id, const struct vsw_dp_port *port, char *err,
			  size_t err_len);

/** The MTU port @p id sends (0: the device's default, no limit set). */
uint16_t vsw_pipeline_port_mtu(uint16_t id);

/** The ethdev of port @p id, or UINT16_MAX when the pipeline has no such port. */
uint16_t vsw_pipeline_port_ethdev(uint16_t id);

/** The name of port @p id, or NULL when the pipeline has no such port. */
const char *vsw_pipeline_port_name(uint16_t id);

/**
 * Forget port @p id. The caller has already taken it out of every forwarding table; after
 * the next vsw_pipeline_rebuild() no worker polls or sends to it, and its device may be
 * stopped. Control thread.
 */
void vsw_pipeline_port_clear(uint16_t id);

/**
 * Give every worker a new graph for the current ports and edges, while traffic flows:
 * assign rx queues to workers, create each worker's new graph beside its running one,
 * publish it, wait for the RCU grace period (every worker has finished the walk it was in,
 * so no packet is left in the old graph), then add the old graphs' node counters to the
 * retired totals (counters never go backwards) and destroy them. Workers keep running; a
 * worker with nothing to poll idles offline.
 *
 * @return 0, or -errno with a message; on failure the running graphs stay. Control thread.
 */
int vsw_pipeline_rebuild(char *err, size_t err_len);

/**
 * A node got a new edge: if workers have graphs, rebuild them (vsw_pipeline_rebuild()) so
 * the edge exists in the graphs they walk before a table sends packets along it.
 * @return 0, or -errno from the rebuild. Control thread.
 */
int vsw_pipeline_edges_changed(void);

/** Set every worker's idle back-off (see struct vsw_pipeline_conf). Control thread; a
 *  worker picks the new values up at its next idle check. */
void vsw_pipeline_set_idle(uint32_t idle_sleep_us, uint32_t idle_threshold_us);

/**
 * Set the rx burst of every port queue (1..RTE_GRAPH_BURST_SIZE): a graph rebuild, as the
 * burst is a node's setting. @return 0 or -errno (then the old burst stays). Control thread.
 */
int vsw_pipeline_set_burst(uint16_t burst, char *err, size_t err_len);

/** Graph generation: how many times graphs were (re)built. */
unsigned int vsw_pipeline_generation(void);

/** Launch every worker on its lcore. @return 0 or -errno from rte_eal_remote_launch(). */
int vsw_pipeline_start(void);

/** Ask workers to stop and wait until they have. Packets in flight finish their walk. */
void vsw_pipeline_stop(void);

/** Destroy graphs and forget the configuration. Workers must be stopped. */
void vsw_pipeline_fini(void);

unsigned int vsw_pipeline_n_workers(void);
/** Worker @p i, or NULL. */
const struct vsw_worker *vsw_pipeline_worker(unsigned int i);

/** The QSBR variable workers report quiescence to, once per graph walk. */
struct rte_rcu_qsbr *vsw_pipeline_rcu(void);

/** Per-node counters summed over all worker graphs. */
struct vsw_node_stats {
	char name[RTE_NODE_NAMESIZE];
	uint64_t calls;
	uint64_t objs;
	uint64_t cycles;
};

/**
 * Call @p fn once per node with the node's counters summed over all workers.
 *
 * Control or telemetry thread; serialised internally.
 * @return 0, -ENOENT when no graph exists, -ENOMEM.
 */
int vsw_pipeline_node_stats(void (*fn)(const struct vsw_node_stats *s, void *arg), void *arg);

/** Software drop counters of vsw port @p port, summed over all workers. */
void vsw_pipeline_port_drops(uint16_t port, uint64_t drops[VSW_DROP_MAX]);

/** Drop counters by reason, summed over all ports and workers. */
void vsw_pipeline_drops(uint64_t drops[VSW_DROP_MAX]);

#ifdef __cplusplus
}
#endif

#endif /* VSW_PIPELINE_H */
