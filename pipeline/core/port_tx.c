/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * port_tx: one clone per port. Each worker's instance sends on its own tx queue (the worker's
 * index), so no two lcores ever share a queue and the fast path takes no lock. What the
 * queue does not take goes to drop_tx_full, charged to this port.
 *
 * A frame whose payload (what follows its L2 header, as the metadata's l2_len says) is
 * longer than the port's MTU goes to drop_mtu_exceeded before the device sees it: a device
 * would refuse it and count it (tx_errors) besides our own drop. The check costs one
 * compare per frame on the mbuf's first cache line; the metadata is only read for a frame
 * longer than MTU plus an untagged header.
 */
#include <stdio.h>

#include <rte_ethdev.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>

#include "core/core.h"
#include "core/drop.h"
#include "core/trace.h"
#include "iface/iface.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_worker.h"

VSW_DROP_DECLARE(tx_full, VSW_DROP_TX, "egress queue full or peer not ready");
VSW_DROP_DECLARE(mtu_exceeded, VSW_DROP_TX, "frame longer than the egress port's MTU");
VSW_DROP_DECLARE(bond_no_member, VSW_DROP_TX, "bond has no member to send on");

enum port_tx_edge {
	PORT_TX_NEXT_DROP_FULL,
	PORT_TX_NEXT_DROP_MTU,
	PORT_TX_NEXT_DROP_NO_MEMBER,
	PORT_TX_EDGE_COUNT,
};

struct port_tx_ctx {
	uint16_t eth_port;
	uint16_t queue;
	uint16_t port;
	uint16_t mtu;      /**< 0: no limit. */
	uint32_t max_len;  /**< Longest frame sent without a look at its header: MTU + 14. */
};
static_assert(sizeof(struct port_tx_ctx) <= RTE_NODE_CTX_SZ, "port_tx_ctx too big");

#define PORT_GONE UINT16_MAX /* eth_port of a clone whose port was removed */

/* Per interface id, the ethdev an indirect clone (a bond's) sends on; PORT_GONE: none.
 * Written by the control thread with one atomic store, loaded once per burst. */
static uint16_t tx_via[VSW_MAX_IFACES];

RTE_INIT(port_tx_via_init)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(tx_via); i++)
		tx_via[i] = PORT_GONE;
}

void
vsw_port_tx_via_set(uint16_t port, uint16_t eth_port)
{
	if (port < RTE_DIM(tx_via))
		__atomic_store_n(&tx_via[port], eth_port, __ATOMIC_RELEASE);
}

/*
 * The ethdev the clone sends this burst on, and the edge for what it cannot send: its own
 * device (tx_full when gone), or, for a bond, the member it uses now (bond_no_member when it
 * has none).
 */
static __rte_always_inline uint16_t
tx_ethdev(const struct port_tx_ctx *ctx, rte_edge_t *fail)
{
	uint16_t eth = ctx->eth_port;

	*fail = PORT_TX_NEXT_DROP_FULL;
	if (unlikely(eth == VSW_PORT_TX_INDIRECT)) {
		eth = __atomic_load_n(&tx_via[ctx->port], __ATOMIC_ACQUIRE);
		if (eth == PORT_GONE)
			*fail = PORT_TX_NEXT_DROP_NO_MEMBER;
	}
	return eth;
}

/* What each clone sends on, by node id; written before graphs are made, then read-only. */
static struct port_tx_clone {
	bool valid;
	uint16_t eth_port;
	uint16_t port;
	uint16_t mtu;
} clones[VSW_MAX_NODES];

/*
 * Take the frames of @p objs longer than the MTU out of the burst (to drop_mtu_exceeded),
 * keeping the order of the others; the first @p first frames are known to fit.
 * @return how many are left to send.
 */
static __rte_noinline uint16_t
mtu_filter(struct rte_graph *graph, struct rte_node *node, const struct port_tx_ctx *ctx,
	   void **objs, uint16_t nb_objs, uint16_t first)
{
	uint16_t i, n = first;

	for (i = first; i < nb_objs; i++) {
		struct rte_mbuf *m = objs[i];
		struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);

		if (m->pkt_len <= ctx->max_len || m->pkt_len - meta->l2_len <= ctx->mtu) {
			objs[n++] = m;
			continue;
		}
		meta->out_port = ctx->port;
		vsw_node_enqueue_x1(graph, node, PORT_TX_NEXT_DROP_MTU, m);
	}
	return n;
}

/* The send with a trace on: the steps of traced frames are written before the send. */
static __rte_noinline uint16_t
port_tx_traced(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t n,
	       uint16_t nb_objs)
{
	struct port_tx_ctx *ctx = (struct port_tx_ctx *)node->ctx;
	struct vsw_trace_tx t;
	uint16_t sent = 0, i, eth;
	rte_edge_t fail;

	eth = tx_ethdev(ctx, &fail);
	vsw_trace_tx_slow(node, ctx->port, objs, n, &t);
	if (likely(eth != PORT_GONE))
		sent = rte_eth_tx_burst(eth, ctx->queue, (struct rte_mbuf **)objs, n);
	vsw_trace_tx_done_slow(node, fail, sent, &t);
	if (sent < n) {
		for (i = sent; i < n; i++)
			vsw_mbuf_meta(objs[i])->out_port = ctx->port;
		rte_node_enqueue(graph, node, fail, &objs[sent], n - sent);
	}
	return nb_objs;
}

static uint16_t
port_tx_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct port_tx_ctx *ctx = (struct port_tx_ctx *)node->ctx;
	uint16_t n = nb_objs, sent, i, eth;
	rte_edge_t fail;

	for (i = 0; i < nb_objs; i++)
		if (unlikely(((struct rte_mbuf *)objs[i])->pkt_len > ctx->max_len))
			break;
	if (unlikely(i < nb_objs)) {
		n = mtu_filter(graph, node, ctx, objs, nb_objs, i);
		if (n == 0)
			return nb_objs;
	}
	if (unlikely(__atomic_load_n(&vsw_trace.on, __ATOMIC_RELAXED)))
		return port_tx_traced(graph, node, objs, n, nb_objs);
	eth = tx_ethdev(ctx, &fail);
	if (unlikely(eth == PORT_GONE))
		sent = 0;
	else
		sent = rte_eth_tx_burst(eth, ctx->queue, (struct rte_mbuf **)objs, n);
	if (unlikely(sent < n)) {
		for (i = sent; i < n; i++)
			vsw_mbuf_meta(objs[i])->out_port = ctx->port;
		rte_node_enqueue(graph, node, fail, &objs[sent], n - sent);
	}
	return nb_objs;
}

static int
port_tx_init(const struct rte_graph *graph, struct rte_node *node)
{
	struct port_tx_ctx *ctx = (struct port_tx_ctx *)node->ctx;
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);
	const struct port_tx_clone *c;

	if (node->id >= RTE_DIM(clones) || !clones[node->id].valid)
		return -ENOENT; /* The parent node, never meant to be in a graph. */
	c = &clones[node->id];
	ctx->eth_port = c->eth_port;
	ctx->port = c->port;
	ctx->mtu = c->mtu != 0 ? c->mtu : UINT16_MAX;
	ctx->max_len = (uint32_t)ctx->mtu + RTE_ETHER_HDR_LEN;
	/* Graphs that are not a worker's (unit tests) use queue 0. */
	ctx->queue = w != NULL ? w->index : 0;
	return 0;
}

static struct rte_node_register port_tx_node = {
	.name = VSW_NODE_PORT_TX,
	.process = port_tx_process,
	.init = port_tx_init,
	.nb_edges = PORT_TX_EDGE_COUNT,
	.next_nodes = {
		[PORT_TX_NEXT_DROP_FULL] = VSW_DROP_NODE(tx_full),
		[PORT_TX_NEXT_DROP_MTU] = VSW_DROP_NODE(mtu_exceeded),
		[PORT_TX_NEXT_DROP_NO_MEMBER] = VSW_DROP_NODE(bond_no_member),
	},
};
RTE_NODE_REGISTER(port_tx_node);

int
vsw_port_tx_clone(uint16_t port, const char *port_name, uint16_t eth_port, uint16_t mtu,
		  char name[RTE_NODE_NAMESIZE])
{
	rte_node_t id = vsw_node_clone_get(port_tx_node.id, VSW_NODE_PORT_TX, port_name, name);

	if (id == RTE_NODE_ID_INVALID)
		return -ENOMEM;
	clones[id] = (struct port_tx_clone){
		.valid = true, .eth_port = eth_port, .port = port, .mtu = mtu};
	return 0;
}

void
vsw_port_tx_gone(const char *port_name)
{
	char name[RTE_NODE_NAMESIZE];
	rte_node_t id;

	snprintf(name, sizeof(name), "%s-%s", VSW_NODE_PORT_TX, port_name);
	id = rte_node_from_name(name);
	if (id < RTE_DIM(clones) && clones[id].valid) {
		if (clones[id].eth_port == VSW_PORT_TX_INDIRECT)
			vsw_port_tx_via_set(clones[id].port, PORT_GONE);
		clones[id].eth_port = PORT_GONE;
	}
}
