/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The drop reasons' registry and the drop nodes' code; the reasons themselves are declared
 * by their features (VSW_DROP_DECLARE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static struct vsw_drop_reason *reasons[VSW_DROP_MAX];
static unsigned int n_reasons;

void
vsw_drop_register(struct vsw_drop_reason *r)
{
	if (n_reasons == VSW_DROP_MAX) {
		fprintf(stderr, "vsw: more than %u drop reasons: raise VSW_DROP_MAX\n",
			VSW_DROP_MAX);
		abort();
	}
	r->id = (uint16_t)n_reasons;
	reasons[n_reasons++] = r;
}

unsigned int
vsw_drop_count(void)
{
	return n_reasons;
}

const struct vsw_drop_reason *
vsw_drop_get(unsigned int id)
{
	return id < n_reasons ? reasons[id] : NULL;
}

int
vsw_drop_id(const char *name)
{
	unsigned int i;

	for (i = 0; i < n_reasons; i++)
		if (strcmp(reasons[i]->name, name) == 0)
			return (int)i;
	return -1;
}

const char *
vsw_drop_name(unsigned int id)
{
	return id < n_reasons ? reasons[id]->name : "unknown";
}

const char *
vsw_drop_description(unsigned int id)
{
	return id < n_reasons ? reasons[id]->descr : "unknown";
}

enum vsw_drop_side
vsw_drop_side(unsigned int id)
{
	return id < n_reasons ? reasons[id]->side : VSW_DROP_RX;
}

uint16_t
vsw_drop_node_process(struct rte_graph *graph, struct rte_node *node, void **objs,
		      uint16_t nb_objs)
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

int
vsw_drop_node_init(const struct rte_graph *graph, struct rte_node *node,
		   const struct vsw_drop_reason *r)
{
	struct drop_ctx *ctx = (struct drop_ctx *)node->ctx;
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);

	/* A graph not owned by a worker (unit tests) still frees and counts per node. */
	ctx->ports = w != NULL ? w->port : NULL;
	ctx->reason = r->id;
	ctx->side = (uint16_t)r->side;
	return 0;
}
