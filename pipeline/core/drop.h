/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Drop reasons. Each reason is a graph node ("drop_<name>") that frees what it receives, so
 * rte_graph's per-node counters are the per-reason drop counters; the node also charges the
 * drop to the port it belongs to (the ingress port for rx-side reasons, the egress port for
 * tx-side ones) in the worker's per-port counters.
 *
 * To add a reason, add one line here: the enum, the name, the node and the strings follow.
 */
#ifndef VSW_DROP_H
#define VSW_DROP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vsw_drop_side { VSW_DROP_RX, VSW_DROP_TX };

/* X(ENUM, name, side, description) */
#define VSW_DROP_REASONS(X)                                                                        \
	X(ETH_RUNT, eth_runt, VSW_DROP_RX, "frame shorter than an Ethernet header")               \
	X(ETH_TRUNCATED_VLAN, eth_truncated_vlan, VSW_DROP_RX, "VLAN tag cut short")               \
	X(PORT_UNBOUND, port_unbound, VSW_DROP_RX, "ingress port has no forwarding function")    \
	X(TX_FULL, tx_full, VSW_DROP_TX, "egress queue full or peer not ready")                   \
	X(VLAN_TAGGED_ON_ACCESS, vlan_tagged_on_access, VSW_DROP_RX,                               \
	  "tagged frame on an access port")                                                        \
	X(VLAN_UNTAGGED, vlan_untagged, VSW_DROP_RX, "untagged frame on a trunk without native")  \
	X(VLAN_NOT_ALLOWED, vlan_not_allowed, VSW_DROP_RX, "VLAN not allowed on the port")         \
	X(VLAN_NO_BRIDGE, vlan_no_bridge, VSW_DROP_RX, "no bridge for the port and VLAN")          \
	X(SRC_MAC_MULTICAST, src_mac_multicast, VSW_DROP_RX, "multicast source MAC")               \
	X(SRC_MAC_ZERO, src_mac_zero, VSW_DROP_RX, "all-zero source MAC")                          \
	X(DST_ON_INGRESS, dst_on_ingress, VSW_DROP_RX, "destination is on the ingress port")       \
	X(UNKNOWN_UNICAST, unknown_unicast, VSW_DROP_RX, "unknown unicast, flooding disabled")     \
	X(FLOOD_EMPTY, flood_empty, VSW_DROP_RX, "no other port in the bridge to flood to")        \
	X(FLOOD_NOMBUF, flood_nombuf, VSW_DROP_TX, "no mbuf for a flooded copy")                   \
	X(VLAN_NO_HEADROOM, vlan_no_headroom, VSW_DROP_TX, "no headroom to push a VLAN tag")     \
	X(L2_PORT_GONE, l2_port_gone, VSW_DROP_TX, "egress port left its bridge")

enum vsw_drop_reason {
#define VSW_DROP_ENUM(e, n, s, d) VSW_DROP_##e,
	VSW_DROP_REASONS(VSW_DROP_ENUM)
#undef VSW_DROP_ENUM
	VSW_DROP_COUNT
};

/** Reason name, e.g. "eth_runt"; the node is called "drop_" followed by it. */
const char *vsw_drop_name(enum vsw_drop_reason r);
/** One-line description of a reason. */
const char *vsw_drop_description(enum vsw_drop_reason r);
/** Whether the reason is charged to the ingress or the egress port. */
enum vsw_drop_side vsw_drop_side(enum vsw_drop_reason r);

/* Node names, for next_nodes[] of the nodes that drop. */
#define VSW_DROP_NODE(n) "drop_" #n

#ifdef __cplusplus
}
#endif

#endif /* VSW_DROP_H */
