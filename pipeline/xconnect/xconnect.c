/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xconnect node: pick the peer port's tx node by ingress port.
 */
#include <rte_graph.h>
#include <rte_graph_worker.h>

#include "core/core.h"
#include "core/drop.h"
#include "vsw_config.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "xconnect/xconnect.h"

enum xconnect_edge {
	XCONNECT_NEXT_DROP_UNBOUND,
	XCONNECT_EDGE_COUNT, /* Edges to port_tx clones are added after these. */
};

/* Per ingress port: the peer and the edge to the peer's port_tx. Read-only once graphs run. */
static struct {
	uint16_t peer;
	rte_edge_t edge;
} table[VSW_MAX_PORTS];

static struct rte_node_register xconnect_node;

static __rte_always_inline rte_edge_t
xconnect_one(struct rte_mbuf *m)
{
	return table[vsw_mbuf_meta(m)->in_port].edge;
}

static uint16_t
xconnect_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	return vsw_node_classify(graph, node, objs, nb_objs, xconnect_one);
}

static struct rte_node_register xconnect_node = {
	.name = VSW_NODE_XCONNECT,
	.process = xconnect_process,
	.nb_edges = XCONNECT_EDGE_COUNT,
	.next_nodes = {
		[XCONNECT_NEXT_DROP_UNBOUND] = VSW_DROP_NODE(port_unbound),
	},
};
RTE_NODE_REGISTER(xconnect_node);

RTE_INIT(xconnect_defaults)
{
	vsw_xconnect_reset();
}

void
vsw_xconnect_reset(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(table); i++) {
		table[i].peer = VSW_PORT_NONE;
		table[i].edge = XCONNECT_NEXT_DROP_UNBOUND;
	}
}

uint16_t
vsw_xconnect_peer(uint16_t port)
{
	return port < RTE_DIM(table) ? table[port].peer : VSW_PORT_NONE;
}

int
vsw_xconnect_add(uint16_t a, const char *tx_a, uint16_t b, const char *tx_b)
{
	rte_edge_t to_a, to_b;
	int rc;

	if (a >= RTE_DIM(table) || b >= RTE_DIM(table) || a == b ||
	    table[a].peer != VSW_PORT_NONE || table[b].peer != VSW_PORT_NONE)
		return -EINVAL;
	to_a = vsw_node_edge_get_or_add(xconnect_node.id, tx_a);
	to_b = vsw_node_edge_get_or_add(xconnect_node.id, tx_b);
	if (to_a == RTE_EDGE_ID_INVALID || to_b == RTE_EDGE_ID_INVALID)
		return -ENOENT;
	rc = vsw_eth_input_attach(a, VSW_NODE_XCONNECT);
	if (rc == 0)
		rc = vsw_eth_input_attach(b, VSW_NODE_XCONNECT);
	if (rc != 0)
		return rc;
	table[a].peer = b;
	table[a].edge = to_b;
	table[b].peer = a;
	table[b].edge = to_a;
	return 0;
}
