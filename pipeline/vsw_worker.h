/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A worker: one lcore walking one rte_graph instance, run to completion.
 *
 * Everything in struct vsw_worker below `stats` is written only by the worker's own lcore
 * and read (without locks, possibly torn across fields but never within one) by the control
 * and telemetry threads.
 */
#ifndef VSW_WORKER_H
#define VSW_WORKER_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_graph.h>

#include "core/drop.h"
#include "iface/iface.h"
#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The (port, rx queue) pairs one worker polls: at most every queue of every port. */
#define VSW_MAX_RXQ_PER_WORKER (VSW_MAX_PORTS * VSW_MAX_QUEUES)

struct vsw_rxq_ref {
	uint16_t port;  /**< Port interface id. */
	uint16_t queue; /**< Rx queue of that port. */
};

/** Software counters a worker keeps per port. */
struct vsw_port_sw_stats {
	uint64_t drops[VSW_DROP_MAX]; /**< Packets dropped, charged to this port, by reason. */
};

struct vsw_worker_stats {
	uint64_t rx_pkts;     /**< Packets received from all polled queues. */
	uint64_t busy_cycles; /**< TSC cycles of loop iterations that received packets. */
	uint64_t idle_cycles; /**< TSC cycles of empty iterations, sleeping included. */
	uint64_t loops;       /**< Graph walks. */
	uint64_t sleeps;      /**< Idle back-off sleeps taken. */
};

struct vsw_worker {
	unsigned int index;   /**< 0..n_workers-1; also this worker's tx queue on every port. */
	unsigned int lcore;   /**< EAL lcore it runs on. */
	char graph_name[RTE_GRAPH_NAMESIZE]; /**< Of the current graph: "vsw-w<index>.<gen>". */
	rte_graph_t graph_id;
	/** The graph the worker walks; NULL: nothing to poll. Published by the control thread
	 *  (vsw_pipeline_rebuild()); the worker loads it once per walk. */
	struct rte_graph *graph;
	uint64_t idle_sleep_us;     /**< 0: never sleep. */
	uint64_t idle_threshold_tsc; /**< Idle this many cycles before sleeping. */
	unsigned int n_rxq;                     /**< Of the current graph. */
	struct vsw_rxq_ref rxq[VSW_MAX_RXQ_PER_WORKER];

	struct vsw_worker_stats stats __rte_cache_aligned;
	struct vsw_port_sw_stats port[VSW_MAX_IFACES] __rte_cache_aligned; /**< By interface id. */
} __rte_cache_aligned;

/**
 * The worker whose graph is @p graph_name ("vsw-w<index>...", any generation), for node
 * init callbacks.
 *
 * @return the worker, or NULL if no worker owns a graph of that name.
 * Control thread only (graph creation).
 */
struct vsw_worker *vsw_worker_by_graph(const char *graph_name);

#ifdef __cplusplus
}
#endif

#endif /* VSW_WORKER_H */
