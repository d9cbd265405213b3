/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxlan_encap: a frame its bridge sends to a tunnel (vlan_output's edge for the tunnel
 * interface) leaves as VXLAN over the underlay: to the one remote VTEP its destination MAC
 * is behind (bridge_input named it in meta->vx.dst), or, for broadcast, multicast and
 * unknown unicast, a copy to each remote of the tunnel's flood list (head-end replication).
 *
 * Each copy gets outer Ethernet, IPv4, UDP and VXLAN headers in front (50 bytes): from the
 * local VTEP address to the remote's, the tunnel's TTL, TOS and DF, UDP to the tunnel's
 * port from a source port hashed from the inner flow (so that the underlay's ECMP spreads
 * the flows, RFC 7348's 49152-65535), no UDP checksum (as Linux sends IPv4 VXLAN). Then the
 * router's output path does the rest, as for any packet the router sends itself: the
 * route lookup in the underlay's VRF, the next hop's MAC, or ARP and the hold queue while
 * it is unresolved, the egress MTU (l3_lookup(), l3_send()). The outer TTL is the tunnel's:
 * the packet is not forwarded, so ip4_input's decrement does not apply.
 *
 * Over an IPv6 underlay the outer headers are Ethernet, IPv6, UDP and VXLAN (70 bytes): the
 * tunnel's TOS as traffic class and TTL as hop limit, the inner flow's hash as flow label
 * (RFC 6438) besides the source port, and a UDP checksum over the whole datagram, which
 * IPv6 requires (RFC 8200 8.1; Linux's vxlan drops a zero one unless udp6zerocsumrx is
 * set); then l3_lookup6(), l3_send6(), neighbour discovery and the hold queue.
 *
 * A frame larger than the overlay MTU (its IP packet over the tunnel's mtu, by default the
 * underlay's - 50, or - 70 over IPv6) is dropped as vxlan_too_big, as Linux's vxlan device
 * refuses it.
 */
#include <string.h>

#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_hash_crc.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "core/drop.h"
#include "l3/l3_ip6.h"
#include "l3/l3_priv.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_rcu.h"
#include "vsw_worker.h"
#include "vxlan/vxlan_priv.h"

VSW_DROP_DECLARE(vxlan_tunnel_gone, VSW_DROP_TX, "VXLAN: the tunnel was removed");
VSW_DROP_DECLARE(vxlan_too_big, VSW_DROP_TX,
		 "VXLAN: the frame's IP packet exceeds the overlay MTU");
VSW_DROP_DECLARE(vxlan_no_headroom, VSW_DROP_TX, "VXLAN: no headroom for the outer headers");
VSW_DROP_DECLARE(vxlan_no_route, VSW_DROP_TX,
		 "VXLAN: no usable underlay route to the remote VTEP (none, local, unreachable)");
VSW_DROP_DECLARE(vxlan_remote_gone, VSW_DROP_TX,
		 "VXLAN: the destination's remote VTEP left the tunnel's flood list");
VSW_DROP_DECLARE(vxlan_flood_empty, VSW_DROP_TX, "VXLAN: BUM frame, the flood list is empty");
VSW_DROP_DECLARE(vxlan_nombuf, VSW_DROP_TX, "VXLAN: no mbuf for a replicated copy");

enum {
	ENCAP_NEXT_DROP_GONE = L3_FWD_EDGE_COUNT,
	ENCAP_NEXT_DROP_TOO_BIG,
	ENCAP_NEXT_DROP_NO_HEADROOM,
	ENCAP_NEXT_DROP_NO_ROUTE,
	ENCAP_NEXT_DROP_REMOTE_GONE,
	ENCAP_NEXT_DROP_FLOOD_EMPTY,
	ENCAP_NEXT_DROP_NOMBUF, /* Never enqueued to: see nombuf(). */
	/* An IPv6 underlay's (l3_send6()'s edges but l3_output's). */
	ENCAP6_NEXT_ND_REQUEST,
	ENCAP6_NEXT_DROP_BLACKHOLE,
	ENCAP6_NEXT_DROP_VRF_LOOP,
	ENCAP_EDGE_COUNT,
};

/* This node's edge for each of l3_send6()'s (ICMPv6 errors are the router's answers to
 * packets it forwards: here the packet is our own, dropped as having no usable route). */
static const rte_edge_t encap6_edge[L3_FWD_EDGE_COUNT] = {
    [L3_FWD_OUTPUT] = L3_FWD_OUTPUT,
    [L3_FWD_ARP_REQUEST] = ENCAP6_NEXT_ND_REQUEST,
    [L3_FWD_ICMP_ERROR] = ENCAP_NEXT_DROP_NO_ROUTE,
    [L3_FWD_DROP_BLACKHOLE] = ENCAP6_NEXT_DROP_BLACKHOLE,
    [L3_FWD_FRAGMENT] = ENCAP6_NEXT_DROP_BLACKHOLE, /* never: IPv6 is not fragmented */
    [L3_FWD_DROP_VRF_LOOP] = ENCAP6_NEXT_DROP_VRF_LOOP,
};

struct encap_ctx {
	struct vx_worker *w;
	struct vsw_port_sw_stats *ports; /* the worker's per-port counters (NULL in tests) */
};
static_assert(sizeof(struct encap_ctx) <= RTE_NODE_CTX_SZ, "ctx too big");

#define SPORT_MIN 49152u

/* The flow hash of a frame: its MACs and, for IPv4 and IPv6, addresses and TCP/UDP ports
 * (what Linux's flow hash covers). */
static __rte_always_inline uint32_t
flow_hash(const struct rte_mbuf *m)
{
	const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct rte_ether_hdr *eth = (const struct rte_ether_hdr *)f;
	uint64_t macs;
	uint32_t h, w;

	memcpy(&macs, f, sizeof(macs));
	memcpy(&w, f + 8, sizeof(w));
	h = rte_hash_crc_4byte(w, rte_hash_crc_8byte(macs, 0));
	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4) &&
	    m->data_len >= sizeof(*eth) + sizeof(struct rte_ipv4_hdr)) {
		const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(eth + 1);
		uint32_t hlen = (ip->version_ihl & 0xf) * 4u;

		h = rte_hash_crc_8byte((uint64_t)ip->src_addr << 32 | ip->dst_addr, h);
		if ((ip->next_proto_id == IPPROTO_TCP || ip->next_proto_id == IPPROTO_UDP) &&
		    !(ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) &&
		    m->data_len >= sizeof(*eth) + hlen + 4) {
			memcpy(&w, (const uint8_t *)ip + hlen, sizeof(w));
			h = rte_hash_crc_4byte(w, h);
		}
	} else if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6) &&
		   m->data_len >= sizeof(*eth) + sizeof(struct rte_ipv6_hdr) + 4) {
		const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)(eth + 1);
		uint64_t a[4];

		memcpy(a, ip->src_addr, sizeof(a));
		for (unsigned int i = 0; i < 4; i++)
			h = rte_hash_crc_8byte(a[i], h);
		if (ip->proto == IPPROTO_TCP || ip->proto == IPPROTO_UDP) {
			memcpy(&w, ip + 1, sizeof(w));
			h = rte_hash_crc_4byte(w, h);
		}
	}
	return h;
}

/* The UDP source port of flow hash @p h: in 49152-65535. */
static __rte_always_inline rte_be16_t
flow_port(uint32_t h)
{
	return rte_cpu_to_be_16((uint16_t)(SPORT_MIN + (h & 0x3fff)));
}

/* What the outer header may take from the inner packet (an untagged IPv4 or IPv6 one):
 * its DS field, TTL or hop limit (0: not IP) and whether it forbids fragmentation. */
struct inner_ip {
	uint8_t dsfield;
	uint8_t ttl;
	bool df;
};

static __rte_always_inline struct inner_ip
inner_ip(const struct rte_mbuf *m)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	struct inner_ip r = {0, 0, false};

	if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4) &&
	    m->data_len >= sizeof(*eth) + sizeof(struct rte_ipv4_hdr)) {
		const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(eth + 1);

		r.dsfield = ip->type_of_service;
		r.ttl = ip->time_to_live;
		r.df = (ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_DF_FLAG)) != 0;
	} else if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6) &&
		   m->data_len >= sizeof(*eth) + sizeof(struct rte_ipv6_hdr)) {
		const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)(eth + 1);

		r.dsfield = (uint8_t)(rte_be_to_cpu_32(ip->vtc_flow) >> 20);
		r.ttl = ip->hop_limits;
		r.df = true; /* as Linux's df inherit: IPv6 is not fragmented on the way */
	}
	return r;
}

/* The outer TOS (traffic class) byte: the tunnel's DSCP or, inheriting, the inner packet's;
 * the ECN field always the inner's, CE as ECT(0) (RFC 6040's normal mode, Linux's
 * INET_ECN_encapsulate()). */
static __rte_always_inline uint8_t
outer_tos(const struct vx_tunnel *t, struct inner_ip in)
{
	uint8_t ecn = in.dsfield & 3;

	return (uint8_t)((((t->inherit & VSW_VXLAN_INHERIT_TOS) ? in.dsfield : t->tos) & 0xfc) |
			 (ecn == 3 ? 2 : ecn));
}

/* The outer TTL: the tunnel's or, inheriting, the inner packet's (the default 64 when it
 * is not IP, as Linux's route hop limit). */
static __rte_always_inline uint8_t
outer_ttl(const struct vx_tunnel *t, struct inner_ip in)
{
	if (!(t->inherit & VSW_VXLAN_INHERIT_TTL))
		return t->ttl;
	return in.ttl != 0 ? in.ttl : VSW_VXLAN_DEF_TTL;
}

/* encap_one() over an IPv6 underlay. */
static __rte_noinline rte_edge_t
encap_one6(const struct l3_dp *l3, const struct vx_tunnel *t, const struct vx_remote *r,
	   struct vx_counters *c, struct rte_mbuf *m)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	uint32_t h = flow_hash(m), inner = m->pkt_len, nh;
	struct inner_ip in = inner_ip(m);
	struct rte_ipv6_hdr *ip;
	struct rte_udp_hdr *udp;
	struct vx_hdr *vx;

	if (unlikely(!l3->rif[t->rif].present))
		return ENCAP_NEXT_DROP_NO_ROUTE;
	nh = l3_lookup6(l3, t->vrf, r->ip6);
	if (unlikely(nh == UINT32_MAX || vsw_l3.nh[nh].type == NH_LOCAL))
		return ENCAP_NEXT_DROP_NO_ROUTE;
	ip = (struct rte_ipv6_hdr *)rte_pktmbuf_prepend(m, VX_OUTER_LEN6);
	if (unlikely(ip == NULL))
		return ENCAP_NEXT_DROP_NO_HEADROOM;
	ip = (struct rte_ipv6_hdr *)((uint8_t *)ip + sizeof(struct rte_ether_hdr));
	udp = (struct rte_udp_hdr *)(ip + 1);
	vx = (struct vx_hdr *)(udp + 1);
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28 | (uint32_t)outer_tos(t, in) << 20 | (h & 0xfffff));
	ip->payload_len = rte_cpu_to_be_16((uint16_t)(inner + sizeof(*udp) + VX_HDR_LEN));
	ip->proto = IPPROTO_UDP;
	ip->hop_limits = outer_ttl(t, in);
	memcpy(ip->src_addr, t->local6, 16);
	memcpy(ip->dst_addr, r->ip6, 16);
	udp->src_port = flow_port(h);
	udp->dst_port = t->dstport;
	udp->dgram_len = ip->payload_len;
	udp->dgram_cksum = 0;
	vx->flags = VX_FLAG_I;
	vx->vni = t->vni;
	/* The whole datagram: the inner frame may span segments (a jumbo from a VM). */
	udp->dgram_cksum = likely(m->nb_segs == 1) ?
				   rte_ipv6_udptcp_cksum(ip, udp) :
				   rte_ipv6_udptcp_cksum_mbuf(m, ip, VX_OUTER_LEN6 - 16);
	meta->l2_len = sizeof(struct rte_ether_hdr);
	meta->ethertype = RTE_ETHER_TYPE_IPV6;
	meta->flags &= ~VSW_META_F_VLAN;
	memset(&meta->l3, 0, sizeof(meta->l3));
	meta->l3.rif = t->rif;
	meta->l3.vrf = t->vrf;
	c->tx_packets++;
	c->tx_bytes += inner;
	return encap6_edge[l3_send6(l3, m, meta, nh)];
}

/*
 * The IPv4 outer headers towards one remote, made once per burst for the run of packets
 * that go there (a burst is mostly one flow's or one host's): the underlay route's next hop
 * and the IP, UDP and VXLAN headers with every field that does not change per packet, and
 * the IP header's checksum over them. Each packet then copies the template and adds its
 * own length, IP id and source port (and the checksum of the first two).
 */
struct encap_hdr4 {
	struct rte_ipv4_hdr ip;
	struct rte_udp_hdr udp;
	struct vx_hdr vx;
} __rte_packed;

struct encap_cache {
	const struct vx_remote *r; /* NULL: nothing cached */
	const struct vx_tunnel *t;
	uint32_t nh;
	uint32_t sum; /* the IP header's raw sum without total_length and packet_id */
	struct encap_hdr4 hdr;
};

/* Fill @p k for remote @p r of tunnel @p t. @return false: no usable route. */
static __rte_noinline bool
encap_prepare(const struct l3_dp *l3, const struct vx_tunnel *t, const struct vx_remote *r,
	      struct encap_cache *k)
{
	struct encap_hdr4 *h = &k->hdr;
	uint32_t nh;

	k->r = NULL;
	if (unlikely(!l3->rif[t->rif].present))
		return false;
	nh = l3_lookup(l3, t->vrf, r->ip);
	if (unlikely(nh == UINT32_MAX || vsw_l3.nh[nh].type == NH_LOCAL))
		return false;
	memset(h, 0, sizeof(*h));
	h->ip.version_ihl = RTE_IPV4_VHL_DEF; /* the TOS byte per packet (ECN) */
	if (!(t->inherit & VSW_VXLAN_INHERIT_DF))
		h->ip.fragment_offset = t->df ? RTE_BE16(RTE_IPV4_HDR_DF_FLAG) : 0;
	if (!(t->inherit & VSW_VXLAN_INHERIT_TTL))
		h->ip.time_to_live = t->ttl;
	h->ip.next_proto_id = IPPROTO_UDP;
	h->ip.src_addr = t->local;
	h->ip.dst_addr = r->ip;
	h->udp.dst_port = t->dstport;
	h->vx.flags = VX_FLAG_I;
	h->vx.vni = t->vni;
	k->sum = rte_raw_cksum(&h->ip, sizeof(h->ip));
	k->nh = nh;
	k->t = t;
	k->r = r;
	return true;
}

/* Put the outer headers in front of @p m for remote @p r of tunnel @p t and send it through
 * the router's output path. */
static __rte_always_inline rte_edge_t
encap_one(const struct l3_dp *l3, const struct vx_tunnel *t, const struct vx_remote *r,
	  struct encap_ctx *ctx, struct encap_cache *k, struct vx_counters *c, struct rte_mbuf *m)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	uint32_t inner = m->pkt_len, sum;
	struct inner_ip in;
	struct encap_hdr4 *h;
	rte_be16_t sport;
	rte_edge_t e;

	if (t->v6)
		return encap_one6(l3, t, r, c, m);
	if (unlikely(k->r != r || k->t != t) && !encap_prepare(l3, t, r, k))
		return ENCAP_NEXT_DROP_NO_ROUTE;
	sport = flow_port(flow_hash(m));
	in = inner_ip(m);
	h = (struct encap_hdr4 *)rte_pktmbuf_prepend(m, VX_OUTER_LEN);
	if (unlikely(h == NULL))
		return ENCAP_NEXT_DROP_NO_HEADROOM;
	h = (struct encap_hdr4 *)((uint8_t *)h + sizeof(struct rte_ether_hdr));
	*h = k->hdr;
	h->ip.total_length = rte_cpu_to_be_16((uint16_t)(inner + VX_OUTER_LEN - 14));
	h->ip.type_of_service = outer_tos(t, in);
	sum = k->sum + h->ip.total_length + rte_cpu_to_be_16(h->ip.type_of_service);
	if (unlikely(t->inherit != 0)) {
		if (t->inherit & VSW_VXLAN_INHERIT_TTL) {
			h->ip.time_to_live = outer_ttl(t, in);
			sum += rte_cpu_to_be_16((uint16_t)(h->ip.time_to_live << 8));
		}
		if ((t->inherit & VSW_VXLAN_INHERIT_DF) && in.df) {
			h->ip.fragment_offset = RTE_BE16(RTE_IPV4_HDR_DF_FLAG);
			sum += h->ip.fragment_offset;
		}
	}
	if (h->ip.fragment_offset == 0) /* no DF: an id for the fragments */
		h->ip.packet_id = rte_cpu_to_be_16(ctx->w->ip_id++);
	sum += h->ip.packet_id;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	h->ip.hdr_checksum = (uint16_t)~sum;
	h->udp.src_port = sport;
	h->udp.dgram_len = rte_cpu_to_be_16((uint16_t)(inner + sizeof(h->udp) + VX_HDR_LEN));
	/* From here on a packet the router sends: its L3 layer, its Ethernet header next. */
	meta->l2_len = sizeof(struct rte_ether_hdr);
	meta->ethertype = RTE_ETHER_TYPE_IPV4;
	meta->flags &= ~VSW_META_F_VLAN;
	memset(&meta->l3, 0, sizeof(meta->l3));
	meta->l3.rif = t->rif;
	meta->l3.vrf = t->vrf;
	c->tx_packets++;
	c->tx_bytes += inner;
	e = l3_send(l3, m, meta, k->nh, r->ip);
	return e == L3_FWD_ICMP_ERROR ? ENCAP_NEXT_DROP_NO_ROUTE : e;
}

/* Count a copy that could not be made as if drop_vxlan_nombuf had dropped it (flood.c). */
static __rte_noinline void
nombuf(struct rte_node *node, const struct encap_ctx *ctx, uint16_t tunnel)
{
	struct rte_node *drop = node->nodes[ENCAP_NEXT_DROP_NOMBUF];

	if (ctx->ports != NULL)
		ctx->ports[tunnel].drops[vsw_drop_vxlan_nombuf.id]++;
	if (rte_graph_has_stats_feature()) {
		drop->total_objs++;
		drop->total_calls++;
	}
}

/* The edge of one frame its bridge sent to tunnel meta->out_port; flood copies are made and
 * enqueued here, the original's edge returned. */
static __rte_always_inline rte_edge_t
encap_frame(struct rte_graph *graph, struct rte_node *node, const struct vx_dp *dp,
	    const struct l3_dp *l3, struct encap_ctx *ctx, struct encap_cache *k,
	    struct rte_mbuf *m)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	const struct vx_tunnel *t = &dp->tun[meta->out_port];
	const struct vx_remote *r;
	struct rte_mbuf *c;
	rte_edge_t e;
	uint16_t i;

	if (unlikely(!t->present))
		return ENCAP_NEXT_DROP_GONE;
	if (unlikely(m->pkt_len - sizeof(struct rte_ether_hdr) > t->mtu))
		return ENCAP_NEXT_DROP_TOO_BIG;
	if (likely(meta->vx.dst != VSW_PORT_NONE)) {
		i = meta->vx.dst - VSW_FDB_REMOTE_BASE;
		r = &dp->remote[i];
		if (unlikely(!r->present || r->tunnel != meta->out_port))
			return ENCAP_NEXT_DROP_REMOTE_GONE;
		return encap_one(l3, t, r, ctx, k, &ctx->w->remote[i], m);
	}
	if (unlikely(t->n_flood == 0))
		return ENCAP_NEXT_DROP_FLOOD_EMPTY;
	/* Head-end replication: a copy for each remote but the last, which takes the
	 * original. */
	for (i = 0; i + 1 < t->n_flood; i++) {
		c = rte_pktmbuf_copy(m, m->pool, 0, UINT32_MAX);
		if (unlikely(c == NULL)) {
			nombuf(node, ctx, meta->out_port);
			continue;
		}
		*vsw_mbuf_meta(c) = *meta;
		e = encap_one(l3, t, &dp->remote[t->flood[i]], ctx, k, &ctx->w->remote[t->flood[i]],
			      c);
		vsw_node_enqueue_x1(graph, node, e, c);
	}
	return encap_one(l3, t, &dp->remote[t->flood[i]], ctx, k, &ctx->w->remote[t->flood[i]], m);
}

static uint16_t
encap_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct encap_ctx *ctx = (struct encap_ctx *)node->ctx;
	const struct vx_dp *dp = VSW_RCU_LOAD(vsw_vx.dp);
	const struct l3_dp *l3 = VSW_RCU_LOAD(vsw_l3.dp);
	rte_edge_t nexts[RTE_GRAPH_BURST_SIZE];
	struct encap_cache k = {.r = NULL};
	uint16_t base, done, i, n;
	struct rte_mbuf *m;

	for (base = 0; base < nb_objs; base += n) {
		n = RTE_MIN(nb_objs - base, RTE_GRAPH_BURST_SIZE);
		/* Unicast frames' edges wait in nexts[done..] to be handed on together; a flooded
		 * frame first hands on those before it, then its copies and itself, so that no
		 * remote gets frames out of order. */
		done = 0;
		for (i = 0; i < n; i++) {
			m = objs[base + i];
			if (likely(base + i + 2 < nb_objs))
				rte_prefetch0(rte_pktmbuf_mtod((struct rte_mbuf *)objs[base + i + 2],
							       void *));
			if (likely(vsw_mbuf_meta(m)->vx.dst != VSW_PORT_NONE)) {
				nexts[i] = encap_frame(graph, node, dp, l3, ctx, &k, m);
				continue;
			}
			vsw_node_enqueue_runs(graph, node, objs + base + done, nexts + done, i - done);
			vsw_node_enqueue_x1(graph, node, encap_frame(graph, node, dp, l3, ctx, &k, m),
					    m);
			done = i + 1;
		}
		if (likely(done == 0 && n == nb_objs))
			vsw_node_enqueue_burst(graph, node, objs, nexts, n);
		else
			vsw_node_enqueue_runs(graph, node, objs + base + done, nexts + done, n - done);
	}
	return nb_objs;
}

static int
encap_init(const struct rte_graph *graph, struct rte_node *node)
{
	struct encap_ctx *ctx = (struct encap_ctx *)node->ctx;
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);

	ctx->w = vx_worker_of(graph);
	ctx->ports = w != NULL ? w->port : NULL;
	if (ctx->w != NULL)
		ctx->w->ip_id = (uint16_t)rte_rdtsc();
	return 0;
}

static struct rte_node_register vxlan_encap_node = {
	.name = VX_NODE_ENCAP,
	.process = encap_process,
	.init = encap_init,
	.nb_edges = ENCAP_EDGE_COUNT,
	.next_nodes = {
		L3_FWD_NEXT_NODES,
		[ENCAP_NEXT_DROP_GONE] = VSW_DROP_NODE(vxlan_tunnel_gone),
		[ENCAP_NEXT_DROP_TOO_BIG] = VSW_DROP_NODE(vxlan_too_big),
		[ENCAP_NEXT_DROP_NO_HEADROOM] = VSW_DROP_NODE(vxlan_no_headroom),
		[ENCAP_NEXT_DROP_NO_ROUTE] = VSW_DROP_NODE(vxlan_no_route),
		[ENCAP_NEXT_DROP_REMOTE_GONE] = VSW_DROP_NODE(vxlan_remote_gone),
		[ENCAP_NEXT_DROP_FLOOD_EMPTY] = VSW_DROP_NODE(vxlan_flood_empty),
		[ENCAP_NEXT_DROP_NOMBUF] = VSW_DROP_NODE(vxlan_nombuf),
		[ENCAP6_NEXT_ND_REQUEST] = L3_NODE_ND_REQUEST,
		[ENCAP6_NEXT_DROP_BLACKHOLE] = "drop_ip6_blackhole",
		[ENCAP6_NEXT_DROP_VRF_LOOP] = "drop_ip6_vrf_loop",
	},
};
RTE_NODE_REGISTER(vxlan_encap_node);
