/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * port_rx: the source node. One clone per (port, rx queue); a worker's graph holds the clones
 * of the queues that worker polls. It receives a burst, resets the base metadata layer and
 * moves the whole burst to eth_input.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>

#include "core/core.h"
#include "core/trace.h"
#include "vsw_mbuf.h"
#include "vsw_worker.h"

enum port_rx_edge {
	PORT_RX_NEXT_ETH_INPUT,
	PORT_RX_EDGE_COUNT,
};

struct port_rx_ctx {
	uint64_t *rx_pkts; /**< The worker's received-packet counter. */
	uint16_t eth_port;
	uint16_t queue;
	uint16_t port;
	uint16_t burst;
};
static_assert(sizeof(struct port_rx_ctx) <= RTE_NODE_CTX_SZ, "port_rx_ctx too big");

/* What each clone polls, by node id; written before graphs are made, then read-only. */
static struct port_rx_clone {
	bool valid;
	uint16_t eth_port;
	uint16_t queue;
	uint16_t port;
	uint16_t burst;
} clones[VSW_MAX_NODES];

static uint64_t unowned_rx_pkts; /* For graphs that are not a worker's (unit tests). */

static uint16_t
port_rx_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t cnt)
{
	struct port_rx_ctx *ctx = (struct port_rx_ctx *)node->ctx;
	uint16_t n, i;

	RTE_SET_USED(objs);
	RTE_SET_USED(cnt);
	n = rte_eth_rx_burst(ctx->eth_port, ctx->queue, (struct rte_mbuf **)node->objs,
			     ctx->burst);
	if (n == 0)
		return 0;
	/* The private area holds the mbuf's previous packet's metadata: reset the base layer
	 * (feature layers are written by their own first node). */
	for (i = 0; i < n; i++)
		vsw_mbuf_meta_rx(vsw_mbuf_meta(node->objs[i]), ctx->port);
	vsw_trace_rx(node, ctx->port, node->objs, n);
	node->idx = n;
	rte_node_next_stream_move(graph, node, PORT_RX_NEXT_ETH_INPUT);
	*ctx->rx_pkts += n;
	return n;
}

static int
port_rx_init(const struct rte_graph *graph, struct rte_node *node)
{
	struct port_rx_ctx *ctx = (struct port_rx_ctx *)node->ctx;
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);
	const struct port_rx_clone *c;

	if (node->id >= RTE_DIM(clones) || !clones[node->id].valid)
		return -ENOENT; /* The parent node, never meant to be in a graph. */
	c = &clones[node->id];
	ctx->eth_port = c->eth_port;
	ctx->queue = c->queue;
	ctx->port = c->port;
	ctx->burst = c->burst;
	ctx->rx_pkts = w != NULL ? &w->stats.rx_pkts : &unowned_rx_pkts;
	return 0;
}

static struct rte_node_register port_rx_node = {
	.name = VSW_NODE_PORT_RX,
	.flags = RTE_NODE_SOURCE_F,
	.process = port_rx_process,
	.init = port_rx_init,
	.nb_edges = PORT_RX_EDGE_COUNT,
	.next_nodes = {
		[PORT_RX_NEXT_ETH_INPUT] = VSW_NODE_ETH_INPUT,
	},
};
RTE_NODE_REGISTER(port_rx_node);

int
vsw_port_rx_clone(uint16_t port, const char *port_name, uint16_t eth_port, uint16_t queue,
		  uint16_t burst, char name[RTE_NODE_NAMESIZE])
{
	char suffix[RTE_NODE_NAMESIZE];
	rte_node_t id;

	if (burst == 0 || burst > RTE_GRAPH_BURST_SIZE)
		return -EINVAL;
	if ((size_t)snprintf(suffix, sizeof(suffix), "%s-q%u", port_name, queue) >= sizeof(suffix))
		return -EINVAL;
	id = vsw_node_clone_get(port_rx_node.id, VSW_NODE_PORT_RX, suffix, name);
	if (id == RTE_NODE_ID_INVALID)
		return -ENOMEM;
	clones[id] = (struct port_rx_clone){
		.valid = true, .eth_port = eth_port, .queue = queue, .port = port, .burst = burst};
	return 0;
}
