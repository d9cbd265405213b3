/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Node and edge helpers for the control thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_graph.h>

#include "core/core.h"
#include "vsw_pipeline.h"

rte_node_t
vsw_node_clone_get(rte_node_t parent, const char *parent_name, const char *suffix,
		   char name[RTE_NODE_NAMESIZE])
{
	rte_node_t id;

	if ((size_t)snprintf(name, RTE_NODE_NAMESIZE, "%s-%s", parent_name, suffix) >=
	    RTE_NODE_NAMESIZE)
		return RTE_NODE_ID_INVALID;
	id = rte_node_from_name(name);
	if (id == RTE_NODE_ID_INVALID)
		id = rte_node_clone(parent, suffix);
	return id < VSW_MAX_NODES ? id : RTE_NODE_ID_INVALID;
}

rte_edge_t
vsw_node_edge_get_or_add(rte_node_t from, const char *to)
{
	rte_edge_t n = rte_node_edge_count(from), i;
	char **names;

	if (n == RTE_EDGE_ID_INVALID || rte_node_from_name(to) == RTE_NODE_ID_INVALID)
		return RTE_EDGE_ID_INVALID;
	names = calloc(n + 1, sizeof(*names));
	if (names == NULL)
		return RTE_EDGE_ID_INVALID;
	rte_node_edge_get(from, names);
	for (i = 0; i < n; i++)
		if (strcmp(names[i], to) == 0)
			break;
	free(names);
	if (i < n)
		return i;
	if (rte_node_edge_update(from, RTE_EDGE_ID_INVALID, &to, 1) != 1)
		return RTE_EDGE_ID_INVALID;
	/* Running graphs copied the node's edges when they were made: give the workers graphs
	 * with the new edge before anyone publishes a table that uses it. */
	if (vsw_pipeline_edges_changed() != 0)
		return RTE_EDGE_ID_INVALID;
	return n;
}
