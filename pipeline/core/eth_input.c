/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * eth_input: validate the Ethernet header, record the L2 layout in the metadata and hand the
 * packet to the forwarding function its ingress port is attached to (cross-connect today;
 * bridge and router later attach the same way).
 */
#include <string.h>

#include <rte_malloc.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_prefetch.h>

#include "core/core.h"
#include "core/drop.h"
#include "iface/iface.h"
#include "vsw_config.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(eth_runt, VSW_DROP_RX, "frame shorter than an Ethernet header");
VSW_DROP_DECLARE(eth_truncated_vlan, VSW_DROP_RX, "VLAN tag cut short");
VSW_DROP_DECLARE(port_unbound, VSW_DROP_RX, "ingress port has no forwarding function");

enum eth_input_edge {
	ETH_INPUT_NEXT_DROP_RUNT,
	ETH_INPUT_NEXT_DROP_TRUNCATED_VLAN,
	ETH_INPUT_NEXT_DROP_UNBOUND,
	ETH_INPUT_EDGE_COUNT, /* Feature edges are added after these. */
};

/* Next edge per ingress interface: an immutable version published through RCU (the
 * control thread copies, changes and publishes; see vsw_rcu.h). */
struct eth_input_table {
	rte_edge_t next[VSW_MAX_IFACES];
};
static struct eth_input_table *table;
static struct rte_node_register eth_input_node;

static __rte_always_inline rte_edge_t
eth_input_one(const void *tbl, struct rte_mbuf *m)
{
	const struct eth_input_table *t = tbl;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	int rc = vsw_mbuf_meta_parse_l2(m, meta);

	if (unlikely(rc != 0))
		return rc == -EINVAL ? ETH_INPUT_NEXT_DROP_RUNT : ETH_INPUT_NEXT_DROP_TRUNCATED_VLAN;
	return t->next[meta->in_port];
}

static uint16_t
eth_input_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	return vsw_node_classify(graph, node, objs, nb_objs, VSW_RCU_LOAD(table),
				 eth_input_one);
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

/* Before any attach, every interface's traffic is unbound. */
static struct eth_input_table initial; /* The version before any change: not freed. */

RTE_INIT(eth_input_defaults)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(initial.next); i++)
		initial.next[i] = ETH_INPUT_NEXT_DROP_UNBOUND;
	table = &initial;
}

static void
table_free(void *t)
{
	if (t != &initial)
		rte_free(t);
}

/* Publish a copy of the table with interface @p port's next edge set to @p e (or, for
 * port == VSW_IFACE_NONE, every entry). */
static int
table_set(uint16_t port, rte_edge_t e)
{
	struct eth_input_table *t = rte_malloc("vsw_eth_input", sizeof(*t), RTE_CACHE_LINE_SIZE);
	unsigned int i;

	if (t == NULL)
		return -ENOMEM;
	memcpy(t, table, sizeof(*t));
	if (port == VSW_IFACE_NONE)
		for (i = 0; i < RTE_DIM(t->next); i++)
			t->next[i] = e;
	else
		t->next[port] = e;
	vsw_rcu_publish((void **)&table, t, table_free);
	return 0;
}

void
vsw_eth_input_reset(void)
{
	table_set(VSW_IFACE_NONE, ETH_INPUT_NEXT_DROP_UNBOUND);
}

void
vsw_eth_input_detach(uint16_t port)
{
	if (port < VSW_MAX_IFACES && table->next[port] != ETH_INPUT_NEXT_DROP_UNBOUND)
		table_set(port, ETH_INPUT_NEXT_DROP_UNBOUND);
}

void
vsw_eth_input_detach_from(uint16_t port, const char *node)
{
	rte_edge_t e = vsw_node_edge_get_or_add(eth_input_node.id, node);

	if (port < VSW_MAX_IFACES && e != RTE_EDGE_ID_INVALID && table->next[port] == e)
		table_set(port, ETH_INPUT_NEXT_DROP_UNBOUND);
}

int
vsw_eth_input_attach(uint16_t port, const char *next_node)
{
	rte_edge_t e;

	if (port >= VSW_MAX_IFACES)
		return -EINVAL;
	e = vsw_node_edge_get_or_add(eth_input_node.id, next_node);
	if (e == RTE_EDGE_ID_INVALID)
		return -ENOENT;
	if (table->next[port] == e)
		return 0;
	return table_set(port, e);
}
