/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxlan_decap: a VXLAN packet addressed to a local VTEP (ip4_local's UDP listener: our
 * address, the tunnel's port, not a fragment, IPv4 header checked) becomes the frame it
 * carries, entering its tunnel's bridge: check the UDP length, a non-zero UDP checksum and
 * the VXLAN header as Linux does (the I flag set, every reserved bit zero), find the tunnel
 * by VNI, name the remote VTEP it came from (its outer source, among the tunnel's flood
 * list) so that bridge_input learns the inner source MAC behind it, strip the outer headers
 * and hand the frame to bridge_input, as if it had come in on the tunnel interface.
 *
 * Over IPv6 (ip6_local's listener, meta->l3.v6) a zero UDP checksum is refused too, as
 * Linux does (RFC 8200 8.1; its udp6zerocsumrx is off by default): vxlan_udp6_zero_csum.
 */
#include <string.h>

#include <rte_ether.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "core/drop.h"
#include "l2/l2.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_rcu.h"
#include "vxlan/vxlan_priv.h"

VSW_DROP_DECLARE(vxlan_short, VSW_DROP_RX,
		 "VXLAN: shorter than its UDP and VXLAN headers, or a UDP length beyond the packet");
VSW_DROP_DECLARE(vxlan_no_i_flag, VSW_DROP_RX, "VXLAN: the I flag (a valid VNI) is not set");
VSW_DROP_DECLARE(vxlan_reserved_bits, VSW_DROP_RX,
		 "VXLAN: a reserved flag or VNI bit is set (Linux drops it too)");
VSW_DROP_DECLARE(vxlan_unknown_vni, VSW_DROP_RX, "VXLAN: no tunnel has the VNI at this address");
VSW_DROP_DECLARE(vxlan_unknown_vtep, VSW_DROP_RX,
		 "VXLAN: from a VTEP not in the flood list of a known_vteps_only tunnel");
VSW_DROP_DECLARE(vxlan_bad_udp_csum, VSW_DROP_RX,
		 "VXLAN: a non-zero outer UDP checksum that is wrong (Linux checks it before the "
		 "tunnel sees the packet)");
VSW_DROP_DECLARE(vxlan_inner_runt, VSW_DROP_RX,
		 "VXLAN: the inner frame is shorter than an Ethernet header (or its VLAN tag)");
VSW_DROP_DECLARE(vxlan_udp6_zero_csum, VSW_DROP_RX,
		 "VXLAN over IPv6: a zero UDP checksum (IPv6 requires one, as Linux's "
		 "udp6zerocsumrx off)");

enum vxlan_decap_edge {
	DECAP_NEXT_BRIDGE,
	DECAP_NEXT_DROP_SHORT,
	DECAP_NEXT_DROP_BAD_CSUM,
	DECAP_NEXT_DROP_NO_I_FLAG,
	DECAP_NEXT_DROP_RESERVED,
	DECAP_NEXT_DROP_UNKNOWN_VNI,
	DECAP_NEXT_DROP_UNKNOWN_VTEP,
	DECAP_NEXT_DROP_INNER_RUNT,
	DECAP_NEXT_DROP_UDP6_ZERO_CSUM,
	DECAP_EDGE_COUNT,
};

struct decap_ctx {
	struct vx_worker *w;
};
static_assert(sizeof(struct decap_ctx) <= RTE_NODE_CTX_SZ, "ctx too big");

struct decap_run {
	const struct vx_dp *dp;
	struct vx_worker *w;
};

/* The tunnel of VNI @p vni (header order) at the packet's destination, port and VRF. */
static __rte_always_inline const struct vx_vni *
tunnel_of(const struct vx_dp *dp, rte_be32_t vni, rte_be32_t dst, rte_be16_t port, uint8_t vrf)
{
	for (unsigned int i = 0; i < dp->n_vni; i++) {
		const struct vx_vni *v = &dp->vni[i];

		if (v->vni == vni && !v->v6 && v->local == dst && v->port == port && v->vrf == vrf)
			return v;
	}
	return NULL;
}

/* The FDB port of the remote VTEP @p src (network order) of tunnel @p t, or VSW_PORT_NONE. */
static __rte_always_inline uint16_t
remote_of(const struct vx_dp *dp, const struct vx_tunnel *t, rte_be32_t src)
{
	for (unsigned int i = 0; i < t->n_flood; i++)
		if (dp->remote[t->flood[i]].ip == src)
			return (uint16_t)(VSW_FDB_REMOTE_BASE + t->flood[i]);
	return VSW_PORT_NONE;
}

/* The same over IPv6. */
static __rte_always_inline const struct vx_vni *
tunnel_of6(const struct vx_dp *dp, rte_be32_t vni, const uint8_t *dst, rte_be16_t port,
	   uint8_t vrf)
{
	for (unsigned int i = 0; i < dp->n_vni; i++) {
		const struct vx_vni *v = &dp->vni[i];

		if (v->vni == vni && v->v6 && v->port == port && v->vrf == vrf &&
		    memcmp(v->local6, dst, 16) == 0)
			return v;
	}
	return NULL;
}

static __rte_always_inline uint16_t
remote_of6(const struct vx_dp *dp, const struct vx_tunnel *t, const uint8_t *src)
{
	for (unsigned int i = 0; i < t->n_flood; i++)
		if (memcmp(dp->remote[t->flood[i]].ip6, src, 16) == 0)
			return (uint16_t)(VSW_FDB_REMOTE_BASE + t->flood[i]);
	return VSW_PORT_NONE;
}

static __rte_always_inline rte_edge_t
decap_one(const void *arg, struct rte_mbuf *m)
{
	const struct decap_run *run = arg;
	const struct vx_dp *dp = run->dp;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	const struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	const struct rte_ipv6_hdr *ip6 = (const struct rte_ipv6_hdr *)ip;
	bool v6 = meta->l3.v6;
	uint32_t hlen = v6 ? sizeof(*ip6) : (ip->version_ihl & 0xf) * 4u;
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)((const uint8_t *)ip + hlen);
	const struct vx_hdr *vx = (const struct vx_hdr *)(udp + 1);
	uint32_t outer = sizeof(struct rte_ether_hdr) + hlen + sizeof(*udp) + VX_HDR_LEN;
	uint32_t udp_len;
	const struct vx_vni *v;
	const struct vx_tunnel *t;
	uint16_t src;

	/* ip4_input (ip6_input) trimmed the frame to the IP total (payload) length. */
	udp_len = rte_be_to_cpu_16(udp->dgram_len);
	if (unlikely(m->data_len < outer || udp_len < sizeof(*udp) + VX_HDR_LEN ||
		     udp_len > m->pkt_len - sizeof(struct rte_ether_hdr) - hlen))
		return DECAP_NEXT_DROP_SHORT;
	/* Zero: no checksum (what Linux and vswd send over IPv4; refused over IPv6); else the
	 * NIC's verdict, or the sum over the whole datagram (any segments). */
	if (udp->dgram_cksum == 0) {
		if (unlikely(v6))
			return DECAP_NEXT_DROP_UDP6_ZERO_CSUM;
	} else if ((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) != RTE_MBUF_F_RX_L4_CKSUM_GOOD &&
		   unlikely((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) ==
				    RTE_MBUF_F_RX_L4_CKSUM_BAD ||
			    (v6 ? rte_ipv6_udptcp_cksum_mbuf_verify(
					  m, ip6, sizeof(struct rte_ether_hdr) + hlen) :
				  rte_ipv4_udptcp_cksum_mbuf_verify(
					  m, ip, sizeof(struct rte_ether_hdr) + hlen)) != 0)) {
		return DECAP_NEXT_DROP_BAD_CSUM;
	}
	if (unlikely(!(vx->flags & VX_FLAG_I)))
		return DECAP_NEXT_DROP_NO_I_FLAG;
	if (unlikely((vx->flags & ~VX_FLAG_I) != 0 || (vx->vni & RTE_BE32(0xff)) != 0))
		return DECAP_NEXT_DROP_RESERVED;
	if (unlikely(m->pkt_len < outer + RTE_ETHER_HDR_LEN))
		return DECAP_NEXT_DROP_INNER_RUNT;
	v = v6 ? tunnel_of6(dp, vx->vni, ip6->dst_addr, udp->dst_port, meta->l3.vrf) :
		 tunnel_of(dp, vx->vni, ip->dst_addr, udp->dst_port, meta->l3.vrf);
	if (unlikely(v == NULL))
		return DECAP_NEXT_DROP_UNKNOWN_VNI;
	t = &dp->tun[v->id];
	src = v6 ? remote_of6(dp, t, ip6->src_addr) : remote_of(dp, t, ip->src_addr);
	if (likely(src != VSW_PORT_NONE)) {
		struct vx_counters *c = &run->w->remote[src - VSW_FDB_REMOTE_BASE];

		c->rx_packets++;
		c->rx_bytes += m->pkt_len - outer;
	} else {
		if (t->known_only)
			return DECAP_NEXT_DROP_UNKNOWN_VTEP;
		run->w->rx_unlisted[v->id]++;
	}
	/* The inner frame: the NIC checked none of its checksums. */
	rte_pktmbuf_adj(m, (uint16_t)outer);
	m->ol_flags &= ~(RTE_MBUF_F_RX_IP_CKSUM_MASK | RTE_MBUF_F_RX_L4_CKSUM_MASK);
	m->packet_type = 0;
	meta->in_port = v->id;
	meta->out_port = VSW_PORT_NONE;
	meta->flags &= VSW_META_F_TRACE;
	if (unlikely(vsw_mbuf_meta_parse_l2(m, meta) != 0 || m->data_len < meta->l2_len))
		return DECAP_NEXT_DROP_INNER_RUNT;
	meta->l2 = (struct vsw_meta_l2){.vlan = t->vlan, .domain = t->bridge};
	meta->vx.src = src;
	meta->vx.dst = VSW_PORT_NONE;
	return DECAP_NEXT_BRIDGE;
}

static uint16_t
decap_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct decap_run run = {.dp = VSW_RCU_LOAD(vsw_vx.dp),
				.w = ((struct decap_ctx *)node->ctx)->w};

	/* A listener is only published with the tables it needs (vxlan.c). */
	return vsw_node_classify(graph, node, objs, nb_objs, &run, decap_one);
}

static int
decap_init(const struct rte_graph *graph, struct rte_node *node)
{
	((struct decap_ctx *)node->ctx)->w = vx_worker_of(graph);
	return 0;
}

static struct rte_node_register vxlan_decap_node = {
	.name = VX_NODE_DECAP,
	.process = decap_process,
	.init = decap_init,
	.nb_edges = DECAP_EDGE_COUNT,
	.next_nodes = {
		[DECAP_NEXT_BRIDGE] = VSW_NODE_BRIDGE_INPUT,
		[DECAP_NEXT_DROP_SHORT] = VSW_DROP_NODE(vxlan_short),
		[DECAP_NEXT_DROP_BAD_CSUM] = VSW_DROP_NODE(vxlan_bad_udp_csum),
		[DECAP_NEXT_DROP_NO_I_FLAG] = VSW_DROP_NODE(vxlan_no_i_flag),
		[DECAP_NEXT_DROP_RESERVED] = VSW_DROP_NODE(vxlan_reserved_bits),
		[DECAP_NEXT_DROP_UNKNOWN_VNI] = VSW_DROP_NODE(vxlan_unknown_vni),
		[DECAP_NEXT_DROP_UNKNOWN_VTEP] = VSW_DROP_NODE(vxlan_unknown_vtep),
		[DECAP_NEXT_DROP_INNER_RUNT] = VSW_DROP_NODE(vxlan_inner_runt),
		[DECAP_NEXT_DROP_UDP6_ZERO_CSUM] = VSW_DROP_NODE(vxlan_udp6_zero_csum),
	},
};
RTE_NODE_REGISTER(vxlan_decap_node);
