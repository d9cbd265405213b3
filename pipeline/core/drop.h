/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Drop reasons. Each reason is a graph node ("drop_<name>") that frees what it receives, so
 * rte_graph's per-node counters are the per-reason drop counters; the node also charges the
 * drop to the port it belongs to (the ingress port for rx-side reasons, the egress port for
 * tx-side ones) in the worker's per-port counters.
 *
 * A reason is declared by the feature that owns it, in the feature's own source file, with
 * VSW_DROP_DECLARE(): that makes its node (registered like every node, RTE_NODE_REGISTER)
 * and registers the reason, which gets an id (its index in the per-port counters) at
 * start-up. Nodes name the drop node in their next_nodes (VSW_DROP_NODE(name)); code that
 * counts a reason itself uses its id (vsw_drop_<name>.id, VSW_DROP_EXTERN elsewhere).
 * Names are the interface (telemetry, vswctl, logs); ids are not stable across builds.
 */
#ifndef VSW_DROP_H
#define VSW_DROP_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_graph.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Room for reasons: the size of every per-port counter array. */
#define VSW_DROP_MAX 128

enum vsw_drop_side { VSW_DROP_RX, VSW_DROP_TX };

struct vsw_drop_reason {
	const char *name;        /**< e.g. "eth_runt"; the node is "drop_" followed by it. */
	const char *descr;       /**< One line. */
	enum vsw_drop_side side; /**< Charged to the ingress or the egress port. */
	uint16_t id;             /**< Set by vsw_drop_register(). */
};

/** Register @p r (VSW_DROP_DECLARE does it, at start-up). Aborts past VSW_DROP_MAX. */
void vsw_drop_register(struct vsw_drop_reason *r);

/** Reasons registered: ids are 0 .. vsw_drop_count() - 1. */
unsigned int vsw_drop_count(void);

/** The reason with id @p id, or NULL. */
const struct vsw_drop_reason *vsw_drop_get(unsigned int id);

/** The id of the reason called @p name, or -1. */
int vsw_drop_id(const char *name);

/** Reason name, e.g. "eth_runt" ("unknown" for a bad id). */
const char *vsw_drop_name(unsigned int id);

/** One-line description of a reason. */
const char *vsw_drop_description(unsigned int id);

/** Whether the reason is charged to the ingress or the egress port. */
enum vsw_drop_side vsw_drop_side(unsigned int id);

/* The drop nodes' functions (VSW_DROP_DECLARE uses them). */
uint16_t vsw_drop_node_process(struct rte_graph *graph, struct rte_node *node, void **objs,
			       uint16_t nb_objs);
int vsw_drop_node_init(const struct rte_graph *graph, struct rte_node *node,
		       const struct vsw_drop_reason *r);

/** Node names, for next_nodes[] of the nodes that drop. */
#define VSW_DROP_NODE(n) "drop_" #n

/** A reason declared in another file. */
#define VSW_DROP_EXTERN(n) extern struct vsw_drop_reason vsw_drop_##n

/**
 * Declare drop reason @p n (a bare identifier), charged to side @p s (VSW_DROP_RX/TX), with
 * description @p d: the reason vsw_drop_<n> and its node "drop_<n>". In a .c file.
 */
#define VSW_DROP_DECLARE(n, s, d)                                                          \
	struct vsw_drop_reason vsw_drop_##n = {#n, d, s, 0};                                \
	RTE_INIT(vsw_drop_register_##n)                                                     \
	{                                                                                  \
		vsw_drop_register(&vsw_drop_##n);                                          \
	}                                                                                  \
	static int vsw_drop_init_##n(const struct rte_graph *graph, struct rte_node *node)  \
	{                                                                                  \
		return vsw_drop_node_init(graph, node, &vsw_drop_##n);                     \
	}                                                                                  \
	static struct rte_node_register vsw_drop_node_##n = {                               \
		.name = "drop_" #n,                                                        \
		.process = vsw_drop_node_process,                                          \
		.init = vsw_drop_init_##n,                                                 \
	};                                                                                 \
	RTE_NODE_REGISTER(vsw_drop_node_##n)

#ifdef __cplusplus
}
#endif

#endif /* VSW_DROP_H */
