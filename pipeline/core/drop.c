/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The drop nodes, one per reason in VSW_DROP_REASONS.
 */
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_mbuf.h>

#include "core/drop.h"
#include "vsw_mbuf.h"
#include "vsw_worker.h"

struct drop_ctx {
	struct vsw_port_sw_stats *ports; /**< The worker's per-port counters. */
	uint16_t reason;
	uint16_t side;
};
static_assert(sizeof(struct drop_ctx) <= RTE_NODE_CTX_SZ, "drop_ctx too big");

static const struct {
	const char *name;
	const char *descr;
	enum vsw_drop_side side;
} reasons[VSW_DROP_COUNT] = {
#define VSW_DROP_INFO(e, n, s, d) [VSW_DROP_##e] = {#n, d, s},
	VSW_DROP_REASONS(VSW_DROP_INFO)
#undef VSW_DROP_INFO
};

const char *
vsw_drop_name(enum vsw_drop_reason r)
{
	return r < VSW_DROP_COUNT ? reasons[r].name : "unknown";
}

const char *
vsw_drop_description(enum vsw_drop_reason r)
{
	return r < VSW_DROP_COUNT ? reasons[r].descr : "unknown";
}

enum vsw_drop_side
vsw_drop_side(enum vsw_drop_reason r)
{
	return r < VSW_DROP_COUNT ? reasons[r].side : VSW_DROP_RX;
}

static uint16_t
drop_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct drop_ctx *ctx = (struct drop_ctx *)node->ctx;
	uint16_t i;

	RTE_SET_USED(graph);
	if (likely(ctx->ports != NULL)) {
		for (i = 0; i < nb_objs; i++) {
			const struct vsw_mbuf_meta *meta = vsw_mbuf_meta(objs[i]);
			uint16_t port = ctx->side == VSW_DROP_TX ? meta->out_port : meta->in_port;

			if (likely(port < VSW_MAX_IFACES))
				ctx->ports[port].drops[ctx->reason]++;
		}
	}
	rte_pktmbuf_free_bulk((struct rte_mbuf **)objs, nb_objs);
	return nb_objs;
}

static int
drop_init(const struct rte_graph *graph, struct rte_node *node, enum vsw_drop_reason r)
{
	struct drop_ctx *ctx = (struct drop_ctx *)node->ctx;
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);

	/* A graph not owned by a worker (unit tests) still frees and counts per node. */
	ctx->ports = w != NULL ? w->port : NULL;
	ctx->reason = r;
	ctx->side = reasons[r].side;
	return 0;
}

#define VSW_DROP_NODE_REGISTER(e, n, s, d)                                                          \
	static int drop_##n##_init(const struct rte_graph *graph, struct rte_node *node)          \
	{                                                                                          \
		return drop_init(graph, node, VSW_DROP_##e);                                       \
	}                                                                                          \
	static struct rte_node_register drop_##n##_node = {                                        \
		.name = "drop_" #n,                                                                \
		.process = drop_process,                                                           \
		.init = drop_##n##_init,                                                           \
		.nb_edges = 0,                                                                     \
	};                                                                                         \
	RTE_NODE_REGISTER(drop_##n##_node);

VSW_DROP_REASONS(VSW_DROP_NODE_REGISTER)
