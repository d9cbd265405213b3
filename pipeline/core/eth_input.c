/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * eth_input: validate the Ethernet header, record the L2 layout in the metadata and hand the
 * packet to the forwarding function its ingress port is attached to (cross-connect today;
 * bridge and router later attach the same way).
 */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_prefetch.h>

#include "core/core.h"
#include "core/drop.h"
#include "vsw_config.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"

enum eth_input_edge {
	ETH_INPUT_NEXT_DROP_RUNT,
	ETH_INPUT_NEXT_DROP_TRUNCATED_VLAN,
	ETH_INPUT_NEXT_DROP_UNBOUND,
	ETH_INPUT_EDGE_COUNT, /* Feature edges are added after these. */
};

/* Next edge per ingress port. Written by the control thread before graphs are made. */
static rte_edge_t port_next[VSW_MAX_PORTS];
static struct rte_node_register eth_input_node;

static __rte_always_inline rte_edge_t
eth_input_one(struct rte_mbuf *m)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	int rc = vsw_mbuf_meta_parse_l2(m, meta);

	if (unlikely(rc != 0))
		return rc == -EINVAL ? ETH_INPUT_NEXT_DROP_RUNT : ETH_INPUT_NEXT_DROP_TRUNCATED_VLAN;
	return port_next[meta->in_port];
}

static uint16_t
eth_input_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	return vsw_node_classify(graph, node, objs, nb_objs, eth_input_one);
}

static struct rte_node_register eth_input_node = {
	.name = VSW_NODE_ETH_INPUT,
	.process = eth_input_process,
	.nb_edges = ETH_INPUT_EDGE_COUNT,
	.next_nodes = {
		[ETH_INPUT_NEXT_DROP_RUNT] = VSW_DROP_NODE(eth_runt),
		[ETH_INPUT_NEXT_DROP_TRUNCATED_VLAN] = VSW_DROP_NODE(eth_truncated_vlan),
		[ETH_INPUT_NEXT_DROP_UNBOUND] = VSW_DROP_NODE(port_unbound),
	},
};
RTE_NODE_REGISTER(eth_input_node);

/* Before any attach, every port's traffic is unbound. */
RTE_INIT(eth_input_defaults)
{
	vsw_eth_input_reset();
}

void
vsw_eth_input_reset(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(port_next); i++)
		port_next[i] = ETH_INPUT_NEXT_DROP_UNBOUND;
}

void
vsw_eth_input_detach(uint16_t port)
{
	if (port < RTE_DIM(port_next))
		port_next[port] = ETH_INPUT_NEXT_DROP_UNBOUND;
}

int
vsw_eth_input_attach(uint16_t port, const char *next_node)
{
	rte_edge_t e;

	if (port >= RTE_DIM(port_next))
		return -EINVAL;
	e = vsw_node_edge_get_or_add(eth_input_node.id, next_node);
	if (e == RTE_EDGE_ID_INVALID)
		return -ENOENT;
	port_next[port] = e;
	return 0;
}
