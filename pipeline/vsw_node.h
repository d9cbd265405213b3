/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by vswd's graph nodes.
 */
#ifndef VSW_NODE_H
#define VSW_NODE_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "core/trace.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Every helper here records the steps of traced packets (core/trace.h) before handing them
 * on: a node that uses them is traced with no code of its own.
 */

/* Enqueue each run of packets sharing an edge, with one copy per run (trace done). */
static __rte_always_inline void
__vsw_node_enqueue_runs(struct rte_graph *graph, struct rte_node *node, void **objs,
			const rte_edge_t *nexts, uint16_t n)
{
	uint16_t start = 0;

	while (start < n) {
		rte_edge_t e = nexts[start];
		uint16_t end = start + 1;

		while (end < n && nexts[end] == e)
			end++;
		rte_node_enqueue(graph, node, e, &objs[start], end - start);
		start = end;
	}
}

/* Enqueue each run of packets sharing an edge, with one copy per run. */
static __rte_always_inline void
vsw_node_enqueue_runs(struct rte_graph *graph, struct rte_node *node, void **objs,
		      const rte_edge_t *nexts, uint16_t n)
{
	vsw_trace_burst(node, objs, nexts, n);
	__vsw_node_enqueue_runs(graph, node, objs, nexts, n);
}

/* Hand one packet to @p edge (rte_node_enqueue_x1(), traced). */
static __rte_always_inline void
vsw_node_enqueue_x1(struct rte_graph *graph, struct rte_node *node, rte_edge_t edge,
		    struct rte_mbuf *m)
{
	vsw_trace_x1(node, edge, m);
	rte_node_enqueue_x1(graph, node, edge, m);
}

/*
 * Hand a burst to its next nodes, one call per burst: nexts[i] is the edge chosen for
 * objs[i]. When the whole burst takes one edge (the common case: a burst comes from one rx
 * queue of one port) the object array is moved to the next node without copying; otherwise
 * each run of packets sharing an edge is enqueued with one copy.
 *
 * objs must be node->objs (the array the process function was given).
 */
static __rte_always_inline void
vsw_node_enqueue_burst(struct rte_graph *graph, struct rte_node *node, void **objs,
		       const rte_edge_t *nexts, uint16_t n)
{
	uint16_t i = 1;

	if (unlikely(n == 0))
		return;
	vsw_trace_burst(node, objs, nexts, n);
	while (i < n && nexts[i] == nexts[0])
		i++;
	if (likely(i == n)) {
		rte_node_next_stream_move(graph, node, nexts[0]);
		return;
	}
	__vsw_node_enqueue_runs(graph, node, objs, nexts, n);
}

/*
 * The body of a node that picks one edge per packet: call @p one for every packet (with the
 * headers of a packet a few places ahead prefetched) and hand the burst on. A node can be
 * given more than RTE_GRAPH_BURST_SIZE objects (several rx queues feed one node in a walk,
 * flood multiplies), so this works in slices of that size. @p tbl is passed to @p one: the
 * node's table, loaded once for the burst (published tables: VSW_RCU_LOAD()).
 */
static __rte_always_inline uint16_t
vsw_node_classify(struct rte_graph *graph, struct rte_node *node, void **objs,
		      uint16_t nb_objs, const void *tbl,
		      rte_edge_t (*one)(const void *tbl, struct rte_mbuf *m))
{
	rte_edge_t nexts[RTE_GRAPH_BURST_SIZE];
	uint16_t base, i, n;

	for (base = 0; base < nb_objs; base += n) {
		n = RTE_MIN(nb_objs - base, RTE_GRAPH_BURST_SIZE);
		for (i = 0; i < n; i++) {
			if (likely(base + i + 4 < nb_objs))
				rte_prefetch0(
					rte_pktmbuf_mtod((struct rte_mbuf *)objs[base + i + 4], void *));
			nexts[i] = one(tbl, objs[base + i]);
		}
		if (likely(n == nb_objs))
			vsw_node_enqueue_burst(graph, node, objs, nexts, n);
		else
			vsw_node_enqueue_runs(graph, node, objs + base, nexts, n);
	}
	return nb_objs;
}

#ifdef __cplusplus
}
#endif

#endif /* VSW_NODE_H */
