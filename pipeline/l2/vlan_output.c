/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vlan_output: give a frame the shape its egress port wants — tagged on a trunk (with the
 * trunk's TPID, the frame's priority and VLAN) unless it is the trunk's untagged native
 * VLAN, untagged everywhere else (access ports; a dot1q-tunnel port gets the customer
 * frame as it came in) — and hand it to the port's tx node.
 */
#include <rte_graph.h>
#include <rte_graph_worker.h>

#include "core/drop.h"
#include "l2/l2_priv.h"
#include "l2/vlan.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(vlan_no_headroom, VSW_DROP_TX, "no headroom to push a VLAN tag");
VSW_DROP_DECLARE(l2_port_gone, VSW_DROP_TX, "egress port left its bridge");

enum vlan_output_edge {
	VLAN_OUTPUT_NEXT_DROP_NO_HEADROOM,
	VLAN_OUTPUT_NEXT_DROP_PORT_GONE,
	VLAN_OUTPUT_EDGE_COUNT, /* Edges to port_tx clones are added after this. */
};

static_assert(VLAN_OUTPUT_NEXT_DROP_PORT_GONE == L2_TX_PORT_GONE, "see l2_priv.h");

static __rte_always_inline rte_edge_t
vlan_output_one(const void *tbl, struct rte_mbuf *m)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	const struct l2_port *lp = &((const struct l2_port *)tbl)[meta->out_port];

	if (lp->mode == VSW_VLAN_TRUNK && (meta->l2.vlan != lp->native || lp->native_tagged)) {
		if (unlikely(vsw_vlan_push(m, lp->tpid, (uint16_t)meta->l2.pcp << 13 | meta->l2.vlan)))
			return VLAN_OUTPUT_NEXT_DROP_NO_HEADROOM;
		vsw_mbuf_meta_parse_l2(m, meta); /* tagged now; it holds the whole tag */
	}
	return lp->tx_edge;
}

static uint16_t
vlan_output_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	return vsw_node_classify(graph, node, objs, nb_objs, VSW_RCU_LOAD(vsw_l2.dp)->ports,
				 vlan_output_one);
}

static struct rte_node_register vlan_output_node = {
	.name = VSW_NODE_VLAN_OUTPUT,
	.process = vlan_output_process,
	.nb_edges = VLAN_OUTPUT_EDGE_COUNT,
	.next_nodes = {
		[VLAN_OUTPUT_NEXT_DROP_NO_HEADROOM] = VSW_DROP_NODE(vlan_no_headroom),
		[VLAN_OUTPUT_NEXT_DROP_PORT_GONE] = VSW_DROP_NODE(l2_port_gone),
	},
};
RTE_NODE_REGISTER(vlan_output_node);
