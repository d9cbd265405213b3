/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by vswd's graph nodes.
 */
#ifndef VSW_NODE_H
#define VSW_NODE_H

#include <stdint.h>

#include <rte_graph.h>
#include <rte_graph_worker.h>

#ifdef __cplusplus
extern "C" {
#endif

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
	uint16_t i = 1, start;

	if (unlikely(n == 0))
		return;
	while (i < n && nexts[i] == nexts[0])
		i++;
	if (likely(i == n)) {
		rte_node_next_stream_move(graph, node, nexts[0]);
		return;
	}
	start = 0;
	while (start < n) {
		rte_edge_t e = nexts[start];
		uint16_t end = start + 1;

		while (end < n && nexts[end] == e)
			end++;
		rte_node_enqueue(graph, node, e, &objs[start], end - start);
		start = end;
	}
}

#ifdef __cplusplus
}
#endif

#endif /* VSW_NODE_H */
