/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bond_input: the frames of a bond's members. A frame of a member that carries the bond's
 * traffic becomes the bond's (in_port := the bond's interface id) and goes back to
 * eth_input, which hands it to whatever the bond is attached to (its bridge, its
 * cross-connect, the router), as for a port. A frame of any other member is dropped
 * (drop_bond_inactive): in active-backup only the active member receives, as Linux's bond
 * does, so a peer flooding on both links does not deliver twice.
 *
 * The table (member -> bond, active) is an immutable version published through RCU; the
 * node loads it once per burst.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_malloc.h>

#include "bond/bond_dp.h"
#include "core/core.h"
#include "core/drop.h"
#include "iface/iface.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(bond_inactive, VSW_DROP_RX, "received on a bond member that carries no traffic");

enum bond_input_edge {
	BOND_INPUT_NEXT_ETH_INPUT,
	BOND_INPUT_NEXT_DROP_INACTIVE,
	BOND_INPUT_EDGE_COUNT,
};

struct bond_rx_table {
	uint16_t bond[VSW_MAX_IFACES]; /* member id -> bond id, VSW_IFACE_NONE: none */
	bool active[VSW_MAX_IFACES];   /* member id -> carries the bond's traffic */
};
static struct bond_rx_table initial; /* never freed */
static struct bond_rx_table *table = &initial;

RTE_INIT(bond_rx_defaults)
{
	unsigned int i;

	for (i = 0; i < VSW_MAX_IFACES; i++)
		initial.bond[i] = VSW_IFACE_NONE;
}

static __rte_always_inline rte_edge_t
bond_input_one(const void *tbl, struct rte_mbuf *m)
{
	const struct bond_rx_table *t = tbl;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	uint16_t member = meta->in_port, bond = t->bond[member];

	if (unlikely(bond == VSW_IFACE_NONE || !t->active[member]))
		return BOND_INPUT_NEXT_DROP_INACTIVE;
	meta->in_port = bond;
	return BOND_INPUT_NEXT_ETH_INPUT;
}

static uint16_t
bond_input_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	return vsw_node_classify(graph, node, objs, nb_objs, VSW_RCU_LOAD(table), bond_input_one);
}

static struct rte_node_register bond_input_node = {
	.name = VSW_NODE_BOND_INPUT,
	.process = bond_input_process,
	.nb_edges = BOND_INPUT_EDGE_COUNT,
	.next_nodes = {
		[BOND_INPUT_NEXT_ETH_INPUT] = VSW_NODE_ETH_INPUT,
		[BOND_INPUT_NEXT_DROP_INACTIVE] = VSW_DROP_NODE(bond_inactive),
	},
};
RTE_NODE_REGISTER(bond_input_node);

static void
table_free(void *t)
{
	if (t != &initial)
		rte_free(t);
}

static struct bond_rx_table *
table_copy(void)
{
	struct bond_rx_table *t = rte_malloc("vsw_bond_rx", sizeof(*t), RTE_CACHE_LINE_SIZE);

	if (t != NULL)
		memcpy(t, table, sizeof(*t));
	return t;
}

int
vsw_bond_rx_active(uint16_t member, bool active)
{
	struct bond_rx_table *t;

	if (member >= VSW_MAX_IFACES)
		return -EINVAL;
	if (table->active[member] == active)
		return 0;
	t = table_copy();
	if (t == NULL)
		return -ENOMEM;
	t->active[member] = active;
	vsw_rcu_publish((void **)&table, t, table_free);
	return 0;
}

uint16_t
vsw_bond_rx_bond_of(uint16_t member)
{
	return member < VSW_MAX_IFACES ? table->bond[member] : VSW_IFACE_NONE;
}

static int
bond_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len)
{
	struct bond_rx_table *t;
	unsigned int i, k;
	bool was[VSW_MAX_IFACES];
	int rc;

	t = table_copy();
	if (t == NULL) {
		snprintf(err, err_len, "bonds: no memory");
		return -ENOMEM;
	}
	for (i = 0; i < VSW_MAX_IFACES; i++) {
		was[i] = t->bond[i] != VSW_IFACE_NONE;
		t->bond[i] = VSW_IFACE_NONE;
	}
	for (i = 0; i < cfg->n_ports; i++) {
		const struct vsw_port_conf *b = &cfg->ports[i];

		if (b->kind != VSW_PORT_BOND || ids[i] == VSW_IFACE_NONE)
			continue;
		for (k = 0; k < b->n_members; k++)
			if (ids[b->members[k]] != VSW_IFACE_NONE)
				t->bond[ids[b->members[k]]] = ids[i];
	}
	/* Members that leave stop reaching bond_input first (unless a feature that ran
	 * before attached them elsewhere); members that join are attached once the table
	 * names their bond. */
	for (i = 0; i < VSW_MAX_IFACES; i++)
		if (was[i] && t->bond[i] == VSW_IFACE_NONE)
			vsw_eth_input_detach_from((uint16_t)i, VSW_NODE_BOND_INPUT);
	vsw_rcu_publish((void **)&table, t, table_free);
	for (i = 0; i < VSW_MAX_IFACES; i++) {
		if (table->bond[i] == VSW_IFACE_NONE)
			continue;
		rc = vsw_eth_input_attach((uint16_t)i, VSW_NODE_BOND_INPUT);
		if (rc != 0) {
			snprintf(err, err_len, "bonds: cannot attach interface %u: %s", i,
				 strerror(-rc));
			return rc;
		}
	}
	return 0;
}

const struct vsw_feature vsw_bond_feature = {
	.name = "bond",
	.apply = bond_apply,
};
