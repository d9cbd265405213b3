/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bridge_input: source checks, learning, and the forwarding decision, in the kernel
 * bridge's order (after the VLAN ingress filter): drop bad source MACs, learn the source,
 * then send multicast/broadcast and unknown unicast to flood, known unicast to its port.
 *
 * One rte_hash bulk lookup per chunk of a burst serves both the source (learning) and the
 * destination (forwarding), for each distinct key once. Learning is asynchronous: a new or
 * moved source becomes an event on this worker's ring, de-duplicated per second, and the
 * control thread writes the FDB. A known source on its port only refreshes its last-seen
 * time, at most once a second.
 *
 * VXLAN tunnels are members like ports, with one difference: what a tunnel brings in is
 * learned behind the remote VTEP it came from (an FDB port of its own, the metadata's
 * vx.src), and a destination behind a remote VTEP leaves by that remote's tunnel with the
 * remote named in the metadata (vx.dst), so vxlan_encap sends it there alone. In a bridge
 * whose tunnel suppresses ARP, the ARP frames it would forward or flood go to vxlan_arp
 * first (meta->out_port VSW_PORT_NONE: to be flooded), which may answer them.
 */
#include <string.h>

#include <rte_ether.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_ring_elem.h>

#include "core/drop.h"
#include "l2/l2_priv.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(src_mac_multicast, VSW_DROP_RX, "multicast source MAC");
VSW_DROP_DECLARE(src_mac_zero, VSW_DROP_RX, "all-zero source MAC");
VSW_DROP_DECLARE(dst_on_ingress, VSW_DROP_RX, "destination is on the ingress port");
VSW_DROP_DECLARE(unknown_unicast, VSW_DROP_RX, "unknown unicast, flooding disabled");

enum bridge_input_edge {
	BRIDGE_INPUT_NEXT_VLAN_OUTPUT,
	BRIDGE_INPUT_NEXT_FLOOD,
	BRIDGE_INPUT_NEXT_DROP_SRC_MULTICAST,
	BRIDGE_INPUT_NEXT_DROP_SRC_ZERO,
	BRIDGE_INPUT_NEXT_DROP_DST_ON_INGRESS,
	BRIDGE_INPUT_NEXT_DROP_UNKNOWN_UNICAST,
	BRIDGE_INPUT_NEXT_VXLAN_ARP,
	BRIDGE_INPUT_EDGE_COUNT,
};

/* Packets per bulk lookup: two keys each, within RTE_HASH_LOOKUP_BULK_MAX. */
#define CHUNK (RTE_HASH_LOOKUP_BULK_MAX / 2)

struct bridge_input_ctx {
	struct l2_worker *lw;
};
static_assert(sizeof(struct bridge_input_ctx) <= RTE_NODE_CTX_SZ, "ctx too big");

/*
 * FDB keys as the 64-bit words they are in memory (struct vsw_fdb_key: the bridge, then the
 * MAC), built in registers from two 8-byte loads of the Ethernet header and compared as
 * words: a key written field by field and read back whole stalls store-to-load forwarding.
 */
#if RTE_BYTE_ORDER != RTE_LITTLE_ENDIAN
#error "bridge_input builds FDB keys as little-endian words"
#endif
#define KEY_GROUP (1ull << 16) /* The MAC's I/G bit: bit 0 of its first octet. */

static __rte_always_inline void
frame_keys(const struct rte_ether_hdr *eth, uint16_t bridge, uint64_t *src, uint64_t *dst)
{
	uint64_t w0, w1;

	memcpy(&w0, eth, sizeof(w0));                      /* dst MAC, 2 octets of src */
	memcpy(&w1, (const uint8_t *)eth + 4, sizeof(w1)); /* 2 octets of dst, src MAC */
	*dst = w0 << 16 | bridge;
	*src = (w1 & ~(uint64_t)0xffff) | bridge;
}

static void
learn(struct l2_worker *lw, uint64_t key, uint16_t port, uint32_t now, uint32_t gen)
{
	struct l2_learn ev;
	uint32_t slot;

	slot = rte_hash_crc_8byte(key, port) & (L2_RECENT - 1);
	/* Sent this second already, and no flush since may have removed what it taught. */
	if (lw->recent[slot].key == key && lw->recent[slot].port == port &&
	    lw->recent[slot].now == now && lw->recent[slot].gen == gen)
		return;
	lw->recent[slot].key = key;
	lw->recent[slot].port = port;
	lw->recent[slot].now = now;
	lw->recent[slot].gen = gen;
	ev.bridge = (uint16_t)key;
	ev.port = port;
	memcpy(&ev.mac, (const uint8_t *)&key + sizeof(ev.bridge), sizeof(ev.mac));
	ev.gen = gen;
	if (unlikely(rte_ring_sp_enqueue_elem(lw->ring, &ev, sizeof(ev)) != 0))
		lw->stats.learn_ring_full++;
	else
		lw->stats.learn_events++;
}

/* What a frame's source is behind: its ingress interface, or for a frame a tunnel brought in,
 * the remote VTEP it came from (VSW_PORT_NONE: one not to learn behind). */
static __rte_always_inline uint16_t
src_port(const struct l2_dp *dp, const struct vsw_mbuf_meta *meta)
{
	return likely(!dp->ports[meta->in_port].tunnel) ? meta->in_port : meta->vx.src;
}

/* A MAC behind remote VTEP @p out (an FDB port from VSW_FDB_REMOTE_BASE on) leaves by that
 * VTEP's tunnel, which vxlan_encap sends it to; VSW_IFACE_NONE: the remote is gone. */
static __rte_noinline uint16_t
remote_out(struct vsw_mbuf_meta *meta, uint16_t out)
{
	const uint16_t *rif = VSW_RCU_LOAD(vsw_l2.remote_if);

	meta->vx.dst = out;
	return rif != NULL ? rif[out - VSW_FDB_REMOTE_BASE] : VSW_IFACE_NONE;
}

static __rte_always_inline rte_edge_t
bridge_decide(const struct l2_dp *dp, struct l2_worker *lw, struct rte_mbuf *m, uint64_t src,
	   uint64_t dst, bool src_hit, uint64_t src_data, bool dst_hit, uint64_t dst_data,
	   uint32_t now, uint32_t gen)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	uint16_t in = meta->in_port, from = src_port(dp, meta);

	if (unlikely(src & KEY_GROUP))
		return BRIDGE_INPUT_NEXT_DROP_SRC_MULTICAST;
	if (unlikely((src >> 16) == 0))
		return BRIDGE_INPUT_NEXT_DROP_SRC_ZERO;

	if (likely(src_hit && (src_data & VSW_FDB_VALID))) {
		if (likely(vsw_fdb_data_port(src_data) == from)) {
			uint32_t *seen = &vsw_l2.seen[vsw_fdb_data_slot(src_data)];

			/* Write the shared line at most once a second. */
			if (unlikely(*seen != now))
				*seen = now;
		} else if (!(vsw_fdb_data_flags(src_data) & VSW_FDB_F_STATIC) &&
			   likely(from != VSW_PORT_NONE)) {
			learn(lw, src, from, now, gen); /* moved */
		}
	} else if (likely(from != VSW_PORT_NONE)) {
		learn(lw, src, from, now, gen);
	}

	meta->vx.dst = VSW_PORT_NONE; /* a tunnel it reaches floods it to its list */
	if (dst & KEY_GROUP)
		return BRIDGE_INPUT_NEXT_FLOOD; /* broadcast included */
	if (dst_hit && (dst_data & VSW_FDB_VALID)) {
		uint16_t out = vsw_fdb_data_port(dst_data);

		if (unlikely(out >= VSW_FDB_REMOTE_BASE)) {
			out = remote_out(meta, out);
			if (unlikely(out == VSW_IFACE_NONE))
				goto unknown;
		}
		if (unlikely(out == in))
			return BRIDGE_INPUT_NEXT_DROP_DST_ON_INGRESS;
		meta->out_port = out;
		return BRIDGE_INPUT_NEXT_VLAN_OUTPUT;
	}
unknown:
	return dp->bridges[meta->l2.domain].flood_unknown ? BRIDGE_INPUT_NEXT_FLOOD :
							    BRIDGE_INPUT_NEXT_DROP_UNKNOWN_UNICAST;
}

static __rte_always_inline rte_edge_t
bridge_one(const struct l2_dp *dp, struct l2_worker *lw, struct rte_mbuf *m, uint64_t src,
	   uint64_t dst, bool src_hit, uint64_t src_data, bool dst_hit, uint64_t dst_data,
	   uint32_t now, uint32_t gen)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	rte_edge_t e = bridge_decide(dp, lw, m, src, dst, src_hit, src_data, dst_hit, dst_data,
				     now, gen);

	if (unlikely(meta->ethertype == RTE_ETHER_TYPE_ARP) &&
	    dp->bridges[meta->l2.domain].arp_suppress &&
	    (e == BRIDGE_INPUT_NEXT_FLOOD || e == BRIDGE_INPUT_NEXT_VLAN_OUTPUT)) {
		if (e == BRIDGE_INPUT_NEXT_FLOOD)
			meta->out_port = VSW_PORT_NONE;
		return BRIDGE_INPUT_NEXT_VXLAN_ARP;
	}
	return e;
}

/*
 * Traffic comes in runs of frames with the same MAC pair (a flow, a burst from one port):
 * each distinct key is looked up once per chunk. A key equal to the previous frame's source
 * or destination reuses that lookup (VPP's "last entry" cache, per burst).
 */
static uint16_t
bridge_input_process(struct rte_graph *graph, struct rte_node *node, void **objs,
		     uint16_t nb_objs)
{
	struct bridge_input_ctx *ctx = (struct bridge_input_ctx *)node->ctx;
	rte_edge_t nexts[CHUNK];
	uint64_t src[CHUNK], dst[CHUNK], uniq[2 * CHUNK];
	uint8_t src_u[CHUNK], dst_u[CHUNK];
	const void *kp[2 * CHUNK];
	hash_sig_t sig[2 * CHUNK];
	void *data[2 * CHUNK];
	const struct l2_dp *dp = VSW_RCU_LOAD(vsw_l2.dp);
	uint32_t now = vsw_l2.now, gen = vsw_l2.flush_gen;
	uint16_t base, i, n, nu;
	uint64_t hits;

	for (base = 0; base < nb_objs; base += n) {
		n = RTE_MIN(nb_objs - base, CHUNK);
		nu = 0;
		for (i = 0; i < n; i++) {
			struct rte_mbuf *m = objs[base + i];

			frame_keys(rte_pktmbuf_mtod(m, const struct rte_ether_hdr *),
				   vsw_mbuf_meta(m)->l2.domain, &src[i], &dst[i]);
			if (i > 0 && src[i] == src[i - 1]) {
				src_u[i] = src_u[i - 1];
			} else {
				src_u[i] = (uint8_t)nu;
				uniq[nu] = src[i];
				kp[nu] = &uniq[nu];
				sig[nu] = vsw_fdb_key_hash(src[i]);
				nu++;
			}
			if (i > 0 && dst[i] == dst[i - 1]) {
				dst_u[i] = dst_u[i - 1];
			} else {
				dst_u[i] = (uint8_t)nu;
				uniq[nu] = dst[i];
				kp[nu] = &uniq[nu];
				sig[nu] = vsw_fdb_key_hash(dst[i]);
				nu++;
			}
		}
		hits = 0;
		rte_hash_lookup_with_hash_bulk_data(vsw_l2.hash, kp, sig, nu, &hits, data);
		for (i = 0; i < n; i++)
			nexts[i] = bridge_one(dp, ctx->lw, objs[base + i], src[i], dst[i],
					      (hits >> src_u[i]) & 1, (uintptr_t)data[src_u[i]],
					      (hits >> dst_u[i]) & 1, (uintptr_t)data[dst_u[i]], now,
					      gen);
		if (n == nb_objs)
			vsw_node_enqueue_burst(graph, node, objs, nexts, n);
		else
			vsw_node_enqueue_runs(graph, node, objs + base, nexts, n);
	}
	return nb_objs;
}

static int
bridge_input_init(const struct rte_graph *graph, struct rte_node *node)
{
	struct bridge_input_ctx *ctx = (struct bridge_input_ctx *)node->ctx;

	/* NULL when no bridge is configured: then no port sends frames here. */
	ctx->lw = vsw_l2_worker_of(graph);
	return 0;
}

static struct rte_node_register bridge_input_node = {
	.name = VSW_NODE_BRIDGE_INPUT,
	.process = bridge_input_process,
	.init = bridge_input_init,
	.nb_edges = BRIDGE_INPUT_EDGE_COUNT,
	.next_nodes = {
		[BRIDGE_INPUT_NEXT_VLAN_OUTPUT] = VSW_NODE_VLAN_OUTPUT,
		[BRIDGE_INPUT_NEXT_FLOOD] = VSW_NODE_FLOOD,
		[BRIDGE_INPUT_NEXT_DROP_SRC_MULTICAST] = VSW_DROP_NODE(src_mac_multicast),
		[BRIDGE_INPUT_NEXT_DROP_SRC_ZERO] = VSW_DROP_NODE(src_mac_zero),
		[BRIDGE_INPUT_NEXT_DROP_DST_ON_INGRESS] = VSW_DROP_NODE(dst_on_ingress),
		[BRIDGE_INPUT_NEXT_DROP_UNKNOWN_UNICAST] = VSW_DROP_NODE(unknown_unicast),
		[BRIDGE_INPUT_NEXT_VXLAN_ARP] = "vxlan_arp", /* pipeline/vxlan/vxlan_arp.c */
	},
};
RTE_NODE_REGISTER(bridge_input_node);
