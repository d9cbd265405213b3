/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * UDP listeners (l3_hook.h): the nodes other features give ip4_local and ip6_local for UDP
 * to one of the router's addresses and a port (the VXLAN decap), and the published table of
 * listeners that both read once per burst.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_graph.h>
#include <rte_malloc.h>

#include "l3/l3_ip6.h"
#include "l3/l3_priv.h"
#include "vsw_rcu.h"

struct l3_udp_listeners *l3_udp_listen;

static char hook_node[L3_HOOK_MAX][RTE_NODE_NAMESIZE];
static rte_edge_t hook_edge[L3_HOOK_MAX], hook_edge6[L3_HOOK_MAX], hook_edge_in[L3_HOOK_MAX];
static unsigned int n_hooks;

/* A new last edge of node @p local to @p node: its id, or RTE_EDGE_ID_INVALID. */
static rte_edge_t
edge_add(const char *local, const char *node)
{
	rte_node_t id = rte_node_from_name(local);
	const char *name = node;
	rte_edge_t n;

	if (id == RTE_NODE_ID_INVALID)
		return RTE_EDGE_ID_INVALID;
	n = rte_node_edge_update(id, RTE_EDGE_ID_INVALID, &name, 1);
	if (n == 0 || n == RTE_EDGE_ID_INVALID)
		return RTE_EDGE_ID_INVALID;
	return (rte_edge_t)(rte_node_edge_count(id) - 1);
}

int
vsw_l3_udp_hook_add(const char *node)
{
	unsigned int i;

	for (i = 0; i < n_hooks; i++)
		if (strcmp(hook_node[i], node) == 0)
			return (int)i + 1;
	if (n_hooks == L3_HOOK_MAX)
		return -ENOSPC;
	hook_edge[n_hooks] = edge_add(L3_NODE_IP4_LOCAL, node);
	if (hook_edge[n_hooks] == RTE_EDGE_ID_INVALID)
		return -EINVAL;
	hook_edge6[n_hooks] = edge_add(L3_NODE_IP6_LOCAL, node);
	if (hook_edge6[n_hooks] == RTE_EDGE_ID_INVALID)
		return -EINVAL; /* ip4_local keeps an edge no listener uses */
	hook_edge_in[n_hooks] = edge_add(L3_NODE_IP4_INPUT, node);
	if (hook_edge_in[n_hooks] == RTE_EDGE_ID_INVALID)
		return -EINVAL;
	snprintf(hook_node[n_hooks], sizeof(hook_node[0]), "%s", node);
	return (int)++n_hooks;
}

int
vsw_l3_udp_listen_set(const struct vsw_l3_udp_listener *l, unsigned int n)
{
	struct l3_udp_listeners *t = NULL;

	if (n > L3_UDP_MAX_LISTENERS)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++)
		if (l[i].hook == 0 || l[i].hook > n_hooks)
			return -EINVAL;
	if (n > 0) {
		t = rte_zmalloc("l3_udp_listen", sizeof(*t) + n * sizeof(t->l[0]), 0);
		if (t == NULL)
			return -ENOMEM;
		memcpy(t->edge, hook_edge, sizeof(t->edge));
		memcpy(t->edge6, hook_edge6, sizeof(t->edge6));
		memcpy(t->edge_in, hook_edge_in, sizeof(t->edge_in));
		/* IPv4 first, then IPv6: each local node walks its own family's. */
		for (unsigned int i = 0; i < n; i++)
			if (!l[i].v6)
				t->l[t->n++] = l[i];
		for (unsigned int i = 0; i < n; i++)
			if (l[i].v6)
				t->l[t->n + t->n6++] = l[i];
	}
	vsw_rcu_publish((void **)&l3_udp_listen, t, rte_free);
	return 0;
}
