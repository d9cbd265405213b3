/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vlan_input: the ingress VLAN filter. Classify a frame into a VLAN by its port's mode,
 * remove the port's tag (inside a bridge frames travel untagged, their VLAN and priority
 * in the metadata), and find the bridge of (port, VLAN). First in the bridge's order of
 * work, so nothing is learned from a frame the port does not accept.
 */
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>

#include "core/drop.h"
#include "l2/l2_priv.h"
#include "l2/vlan.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(vlan_tagged_on_access, VSW_DROP_RX, "tagged frame on an access port");
VSW_DROP_DECLARE(vlan_untagged, VSW_DROP_RX, "untagged frame on a trunk without native");
VSW_DROP_DECLARE(vlan_not_allowed, VSW_DROP_RX, "VLAN not allowed on the port");
VSW_DROP_DECLARE(vlan_no_bridge, VSW_DROP_RX, "no bridge for the port and VLAN");

enum vlan_input_edge {
	VLAN_INPUT_NEXT_BRIDGE,
	VLAN_INPUT_NEXT_DROP_TAGGED_ON_ACCESS,
	VLAN_INPUT_NEXT_DROP_UNTAGGED,
	VLAN_INPUT_NEXT_DROP_NOT_ALLOWED,
	VLAN_INPUT_NEXT_DROP_NO_BRIDGE,
	VLAN_INPUT_EDGE_COUNT,
};

#define VID_MASK 0x0fff

/* After a pop. A second tag cut short (the frame held the first whole) reads as payload. */
static inline void
reparse_l2(struct rte_mbuf *m, struct vsw_mbuf_meta *meta)
{
	if (vsw_mbuf_meta_parse_l2(m, meta) != 0) {
		meta->l2_len = RTE_ETHER_HDR_LEN;
		meta->ethertype = rte_be_to_cpu_16(
			rte_pktmbuf_mtod(m, const struct rte_ether_hdr *)->ether_type);
		meta->flags &= ~VSW_META_F_VLAN;
	}
}

static __rte_always_inline rte_edge_t
vlan_input_one(const void *tbl, struct rte_mbuf *m)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	const struct l2_port *lp = &((const struct l2_port *)tbl)[meta->in_port];
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	const struct rte_vlan_hdr *vh = (const struct rte_vlan_hdr *)(eth + 1);
	uint16_t vid = 0, tci;
	uint8_t pcp = 0;
	uint16_t bridge;
	bool popped = false;

	/* eth_input checked a tagged frame holds its whole tag. */
	switch (lp->mode) {
	case VSW_VLAN_NONE:
		/* A flat bridge is VLAN-transparent: tags are payload. */
		break;
	case VSW_VLAN_ACCESS:
		if (meta->flags & VSW_META_F_VLAN) {
			tci = rte_be_to_cpu_16(vh->vlan_tci);
			if ((tci & VID_MASK) != 0 || eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_VLAN))
				return VLAN_INPUT_NEXT_DROP_TAGGED_ON_ACCESS;
			pcp = tci >> 13; /* priority-tagged: untagged with a priority */
			vsw_vlan_pop(m);
			popped = true;
		}
		vid = lp->tag;
		break;
	case VSW_VLAN_TRUNK:
		if ((meta->flags & VSW_META_F_VLAN) && eth->ether_type == lp->tpid) {
			tci = rte_be_to_cpu_16(vh->vlan_tci);
			vid = tci & VID_MASK;
			pcp = tci >> 13;
			vsw_vlan_pop(m);
			popped = true;
		}
		if (vid == 0) { /* untagged or priority-tagged: the native VLAN */
			if (lp->native == 0)
				return VLAN_INPUT_NEXT_DROP_UNTAGGED;
			vid = lp->native;
		}
		break;
	case VSW_VLAN_DOT1Q_TUNNEL:
		/* The customer frame keeps its own tags; the S-tag's priority follows the
		 * customer's (802.1ad's default mapping). */
		if ((meta->flags & VSW_META_F_VLAN) &&
		    eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_VLAN))
			pcp = rte_be_to_cpu_16(vh->vlan_tci) >> 13;
		vid = lp->tag;
		break;
	}
	/* The base layer describes the frame as it is now: without the tag just popped (a
	 * tag under it becomes the outer one). */
	if (popped)
		reparse_l2(m, meta);
	bridge = lp->bridge_of[vid];
	if (unlikely(bridge >= L2_NO_BRIDGE))
		return bridge == L2_NONE ? VLAN_INPUT_NEXT_DROP_NOT_ALLOWED :
					   VLAN_INPUT_NEXT_DROP_NO_BRIDGE;
	/* The L2 layer starts here: written whole, never left from an earlier packet. */
	meta->l2 = (struct vsw_meta_l2){.vlan = vid, .domain = bridge, .pcp = pcp};
	return VLAN_INPUT_NEXT_BRIDGE;
}

static uint16_t
vlan_input_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	return vsw_node_classify(graph, node, objs, nb_objs, VSW_RCU_LOAD(vsw_l2.dp)->ports,
				 vlan_input_one);
}

static struct rte_node_register vlan_input_node = {
	.name = VSW_NODE_VLAN_INPUT,
	.process = vlan_input_process,
	.nb_edges = VLAN_INPUT_EDGE_COUNT,
	.next_nodes = {
		[VLAN_INPUT_NEXT_BRIDGE] = VSW_NODE_BRIDGE_INPUT,
		[VLAN_INPUT_NEXT_DROP_TAGGED_ON_ACCESS] = VSW_DROP_NODE(vlan_tagged_on_access),
		[VLAN_INPUT_NEXT_DROP_UNTAGGED] = VSW_DROP_NODE(vlan_untagged),
		[VLAN_INPUT_NEXT_DROP_NOT_ALLOWED] = VSW_DROP_NODE(vlan_not_allowed),
		[VLAN_INPUT_NEXT_DROP_NO_BRIDGE] = VSW_DROP_NODE(vlan_no_bridge),
	},
};
RTE_NODE_REGISTER(vlan_input_node);
