/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flood: send a frame to every member of its bridge but the one it came in on (split
 * horizon), and unknown unicast not to a router interface (l2_priv.h, own_mac). Each destination gets its own copy, because vlan_output may push a different
 * tag for each: one destination's tag must never show in another's frame. The original
 * goes to the last destination.
 *
 * A copy that cannot be allocated is a drop without an mbuf to carry to a drop node: flood
 * charges it to the destination port and to the drop_flood_nombuf node's own counters (the
 * node is one of flood's edges, so it is in every graph that has flood), so that the graph's
 * per-node counters agree with the per-port ones as for every other reason.
 */
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_mbuf.h>

#include "core/drop.h"
#include "l2/l2_priv.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_rcu.h"
#include "vsw_worker.h"

VSW_DROP_DECLARE(flood_empty, VSW_DROP_RX, "no other port in the bridge to flood to");
VSW_DROP_DECLARE(flood_nombuf, VSW_DROP_TX, "no mbuf for a flooded copy");

enum flood_edge {
	FLOOD_NEXT_VLAN_OUTPUT,
	FLOOD_NEXT_DROP_EMPTY,
	FLOOD_NEXT_DROP_NOMBUF, /* Never enqueued to: see nombuf(). */
	FLOOD_EDGE_COUNT,
};

struct flood_ctx {
	struct vsw_port_sw_stats *ports; /* The worker's per-port counters (NULL in tests). */
};
static_assert(sizeof(struct flood_ctx) <= RTE_NODE_CTX_SZ, "ctx too big");

/* Count a copy that could not be made for @p port as if drop_flood_nombuf had dropped it. */
static __rte_noinline void
nombuf(struct rte_node *node, const struct flood_ctx *ctx, uint16_t port, bool *first)
{
	struct rte_node *drop = node->nodes[FLOOD_NEXT_DROP_NOMBUF];

	if (ctx->ports != NULL)
		ctx->ports[port].drops[vsw_drop_flood_nombuf.id]++;
	/* The node's counters are only kept with graph stats on, as rte_graph does. */
	if (rte_graph_has_stats_feature()) {
		drop->total_objs++;
		if (*first) /* one "call" per flood call that dropped, as if it had enqueued */
			drop->total_calls++;
		*first = false;
	}
}

static uint16_t
flood_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct flood_ctx *ctx = (struct flood_ctx *)node->ctx;
	const struct l2_dp *dp = VSW_RCU_LOAD(vsw_l2.dp);
	bool first_nombuf = true;
	uint16_t i, k;

	for (i = 0; i < nb_objs; i++) {
		struct rte_mbuf *m = objs[i];
		struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
		const struct l2_bridge *b = &dp->bridges[meta->l2.domain];
		const bool unicast =
			rte_is_unicast_ether_addr(&rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->dst_addr);
		uint16_t last = VSW_PORT_NONE;

		for (k = 0; k < b->n_ports; k++) {
			uint16_t p = b->ports[k];
			struct rte_mbuf *c;

			if (p == meta->in_port || (unicast && dp->ports[p].own_mac))
				continue;
			if (last != VSW_PORT_NONE) {
				c = rte_pktmbuf_copy(m, m->pool, 0, UINT32_MAX);
				if (unlikely(c == NULL)) {
					nombuf(node, ctx, last, &first_nombuf);
				} else {
					*vsw_mbuf_meta(c) = *meta;
					vsw_mbuf_meta(c)->out_port = last;
					vsw_node_enqueue_x1(graph, node, FLOOD_NEXT_VLAN_OUTPUT, c);
				}
			}
			last = p;
		}
		if (unlikely(last == VSW_PORT_NONE)) {
			vsw_node_enqueue_x1(graph, node, FLOOD_NEXT_DROP_EMPTY, m);
			continue;
		}
		meta->out_port = last;
		vsw_node_enqueue_x1(graph, node, FLOOD_NEXT_VLAN_OUTPUT, m);
	}
	return nb_objs;
}

static int
flood_init(const struct rte_graph *graph, struct rte_node *node)
{
	struct flood_ctx *ctx = (struct flood_ctx *)node->ctx;
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);

	ctx->ports = w != NULL ? w->port : NULL;
	return 0;
}

static struct rte_node_register flood_node = {
	.name = VSW_NODE_FLOOD,
	.process = flood_process,
	.init = flood_init,
	.nb_edges = FLOOD_EDGE_COUNT,
	.next_nodes = {
		[FLOOD_NEXT_VLAN_OUTPUT] = VSW_NODE_VLAN_OUTPUT,
		[FLOOD_NEXT_DROP_EMPTY] = VSW_DROP_NODE(flood_empty),
		[FLOOD_NEXT_DROP_NOMBUF] = VSW_DROP_NODE(flood_nombuf),
	},
};
RTE_NODE_REGISTER(flood_node);
