/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xconnect node: pick the peer port's tx node by ingress port.
 */
#include <string.h>

#include <rte_graph.h>
#include <rte_malloc.h>
#include <rte_graph_worker.h>

#include "core/core.h"
#include "core/drop.h"
#include "iface/iface.h"
#include "vsw_config.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_rcu.h"
#include "xconnect/xconnect.h"

enum xconnect_edge {
	XCONNECT_NEXT_DROP_UNBOUND,
	XCONNECT_EDGE_COUNT, /* Edges to port_tx clones are added after these. */
};

/* Per ingress interface: the peer and the edge to the peer's port_tx. An immutable
 * version published through RCU (see vsw_rcu.h). */
struct xconnect_table {
	struct {
		uint16_t peer;
		rte_edge_t edge;
	} port[VSW_MAX_IFACES];
};
static struct xconnect_table initial; /* Nothing joined; never freed. */
static struct xconnect_table *table = &initial;

static struct rte_node_register xconnect_node;

static __rte_always_inline rte_edge_t
xconnect_one(const void *tbl, struct rte_mbuf *m)
{
	return ((const struct xconnect_table *)tbl)->port[vsw_mbuf_meta(m)->in_port].edge;
}

static uint16_t
xconnect_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	return vsw_node_classify(graph, node, objs, nb_objs, VSW_RCU_LOAD(table),
				 xconnect_one);
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
	unsigned int i;

	for (i = 0; i < RTE_DIM(initial.port); i++) {
		initial.port[i].peer = VSW_PORT_NONE;
		initial.port[i].edge = XCONNECT_NEXT_DROP_UNBOUND;
	}
}

static void
table_free(void *t)
{
	if (t != &initial)
		rte_free(t);
}

static struct xconnect_table *
table_copy(void)
{
	struct xconnect_table *t = rte_malloc("vsw_xconnect", sizeof(*t), RTE_CACHE_LINE_SIZE);

	if (t != NULL)
		memcpy(t, table, sizeof(*t));
	return t;
}

void
vsw_xconnect_reset(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(table->port); i++)
		if (table->port[i].peer != VSW_PORT_NONE)
			vsw_eth_input_detach((uint16_t)i);
	vsw_rcu_publish((void **)&table, &initial, table_free);
}

uint16_t
vsw_xconnect_peer(uint16_t port)
{
	return port < RTE_DIM(table->port) ? table->port[port].peer : VSW_PORT_NONE;
}

int
vsw_xconnect_add(uint16_t a, const char *tx_a, uint16_t b, const char *tx_b)
{
	struct xconnect_table *t;
	rte_edge_t to_a, to_b;
	int rc;

	if (a >= RTE_DIM(table->port) || b >= RTE_DIM(table->port) || a == b ||
	    table->port[a].peer != VSW_PORT_NONE || table->port[b].peer != VSW_PORT_NONE)
		return -EINVAL;
	to_a = vsw_node_edge_get_or_add(xconnect_node.id, tx_a);
	to_b = vsw_node_edge_get_or_add(xconnect_node.id, tx_b);
	if (to_a == RTE_EDGE_ID_INVALID || to_b == RTE_EDGE_ID_INVALID)
		return -ENOENT;
	t = table_copy();
	if (t == NULL)
		return -ENOMEM;
	t->port[a].peer = b;
	t->port[a].edge = to_b;
	t->port[b].peer = a;
	t->port[b].edge = to_a;
	/* The table first, then eth_input: a packet sent here finds its peer. */
	vsw_rcu_publish((void **)&table, t, table_free);
	rc = vsw_eth_input_attach(a, VSW_NODE_XCONNECT);
	if (rc == 0)
		rc = vsw_eth_input_attach(b, VSW_NODE_XCONNECT);
	if (rc != 0)
		vsw_xconnect_del(a);
	return rc;
}

int
vsw_xconnect_del(uint16_t port)
{
	struct xconnect_table *t;
	uint16_t peer;

	if (port >= RTE_DIM(table->port) || table->port[port].peer == VSW_PORT_NONE)
		return -ENOENT;
	peer = table->port[port].peer;
	/* eth_input first: nothing new reaches the pair, then the pair itself. */
	vsw_eth_input_detach(port);
	vsw_eth_input_detach(peer);
	t = table_copy();
	if (t == NULL)
		return -ENOMEM;
	t->port[port].peer = t->port[peer].peer = VSW_PORT_NONE;
	t->port[port].edge = t->port[peer].edge = XCONNECT_NEXT_DROP_UNBOUND;
	vsw_rcu_publish((void **)&table, t, table_free);
	return 0;
}
