/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * UDP listeners (l3_hook.h): the nodes other features give ip4_local for UDP to one of the
 * router's addresses and a port (the VXLAN decap), and the published table of listeners
 * that ip4_local reads once per burst.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_graph.h>
#include <rte_malloc.h>

#include "l3/l3_priv.h"
#include "vsw_rcu.h"

struct l3_udp_listeners *l3_udp_listen;

static char hook_node[L3_HOOK_MAX][RTE_NODE_NAMESIZE];
static rte_edge_t hook_edge[L3_HOOK_MAX];
static unsigned int n_hooks;

int
vsw_l3_udp_hook_add(const char *node)
{
	rte_node_t local = rte_node_from_name(L3_NODE_IP4_LOCAL);
	const char *name = node;
	rte_edge_t n;
	unsigned int i;

	for (i = 0; i < n_hooks; i++)
		if (strcmp(hook_node[i], node) == 0)
			return (int)i + 1;
	if (n_hooks == L3_HOOK_MAX)
		return -ENOSPC;
	if (local == RTE_NODE_ID_INVALID)
		return -EINVAL;
	n = rte_node_edge_update(local, RTE_EDGE_ID_INVALID, &name, 1);
	if (n == 0 || n == RTE_EDGE_ID_INVALID)
		return -EINVAL;
	snprintf(hook_node[n_hooks], sizeof(hook_node[0]), "%s", node);
	hook_edge[n_hooks] = (rte_edge_t)(rte_node_edge_count(local) - 1);
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
		t->n = n;
		memcpy(t->edge, hook_edge, sizeof(t->edge));
		memcpy(t->l, l, n * sizeof(t->l[0]));
	}
	vsw_rcu_publish((void **)&l3_udp_listen, t, rte_free);
	return 0;
}
