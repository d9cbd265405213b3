/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv6 in the router's data path: what its nodes (ip6.c, ip6_local.c) and the hold queue
 * share. The tables are the IPv4 ones' (l3_priv.h): a VRF's IPv6 FIB is dp->fib6[slot], two
 * copies swapped under RCU like the IPv4 ones; neighbours are next hops with v6 set, their
 * address in vsw_l3.ip6[id].
 */
#ifndef VSW_L3_IP6_H
#define VSW_L3_IP6_H

#include <rte_ip.h>

#include "l3/l3_priv.h"

#define L3_NODE_IP6_INPUT "ip6_input"
#define L3_NODE_IP6_LOCAL "ip6_local"
#define L3_NODE_ICMP6_ERROR "icmp6_error"
#define L3_NODE_ND_REQUEST "nd_request"

/* ICMPv6 (RFC 4443, 4861). */
#define ICMP6_DST_UNREACH 1
#define ICMP6_NOROUTE 0
#define ICMP6_ADM_PROHIBITED 1
#define ICMP6_BEYOND_SCOPE 2
#define ICMP6_ADDR_UNREACH 3
#define ICMP6_PORT_UNREACH 4
#define ICMP6_PKT_TOO_BIG 2
#define ICMP6_TIME_EXCEEDED 3
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129
#define ND_ROUTER_SOLICIT 133
#define ND_ROUTER_ADVERT 134
#define ND_NEIGHBOR_SOLICIT 135
#define ND_NEIGHBOR_ADVERT 136
#define ND_OPT_SOURCE_LL 1
#define ND_OPT_TARGET_LL 2
#define ND_OPT_PREFIX 3
#define ND_OPT_MTU 5

#define IP6_MIN_MTU 1280

/* The ICMPv6 header's first 8 bytes (type, code, checksum, 4 bytes of the message). */
struct icmp6_hdr {
	uint8_t type;
	uint8_t code;
	rte_be16_t cksum;
	rte_be32_t data;
} __rte_packed;

/* A neighbour solicitation or advertisement: the header, then the target. */
struct nd_msg {
	struct icmp6_hdr h;
	uint8_t target[16];
} __rte_packed;

static __rte_always_inline struct rte_ipv6_hdr *
ip6_hdr(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));
}

static __rte_always_inline bool
ip6_is_ll(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

static __rte_always_inline bool
ip6_is_zero(const uint8_t *a)
{
	static const uint8_t z[16];

	return memcmp(a, z, 16) == 0;
}

static __rte_always_inline bool
ip6_is_loopback(const uint8_t *a)
{
	static const uint8_t lo[16] = {[15] = 1};

	return memcmp(a, lo, 16) == 0;
}

/* Is @p a one of @p r's addresses (the link-local one included). */
static inline bool
l3_rif_has6(const struct l3_rif *r, const uint8_t *a)
{
	if (ip6_is_zero(r->ll))
		return false;
	if (memcmp(a, r->ll, 16) == 0)
		return true;
	for (unsigned int i = 0; i < r->n_addrs6; i++)
		if (memcmp(a, r->addr6[i], 16) == 0)
			return true;
	return false;
}

/* The solicited-node group of @p a (RFC 4291 2.7.1): ff02::1:ff00:0/104 with the low 24
 * bits of @p a. */
static inline void
ip6_solicited(const uint8_t *a, uint8_t out[16])
{
	static const uint8_t pre[13] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff};

	memcpy(out, pre, 13);
	memcpy(out + 13, a + 13, 3);
}

/* Is multicast @p a a group @p r listens to: all-nodes, all-routers, or the solicited-node
 * group of one of its addresses (of any address, with proxy ND). */
static inline bool
l3_rif_in_group6(const struct l3_rif *r, const uint8_t *a)
{
	static const uint8_t all[15] = {0xff, 0x02};
	uint8_t sn[16];

	if (ip6_is_zero(r->ll))
		return false;
	if (memcmp(a, all, 15) == 0 && (a[15] == 1 || a[15] == 2))
		return true;
	ip6_solicited(r->ll, sn);
	if (memcmp(a, sn, 13) != 0)
		return false;
	/* A proxy listens to every solicited-node group: the targets it answers for are
	 * anywhere its routes say (ip6_local). */
	if (r->proxy_nd || memcmp(a + 13, r->ll + 13, 3) == 0)
		return true;
	for (unsigned int i = 0; i < r->n_addrs6; i++)
		if (memcmp(a + 13, r->addr6[i] + 13, 3) == 0)
			return true;
	return false;
}

/* The address of @p r to speak from towards @p peer: a global one on its subnet, else its
 * first global one, else the link-local one (also for a link-local peer). */
static inline const uint8_t *
l3_rif_addr6_for(const struct l3_rif *r, const uint8_t *peer)
{
	if (ip6_is_ll(peer) || r->n_addrs6 == 0)
		return r->ll;
	for (unsigned int i = 0; i < r->n_addrs6; i++) {
		unsigned int full = r->len6[i] / 8, rest = r->len6[i] % 8;

		if (memcmp(peer, r->addr6[i], full) == 0 &&
		    (rest == 0 ||
		     ((peer[full] ^ r->addr6[i][full]) & (uint8_t)(0xff << (8 - rest))) == 0))
			return r->addr6[i];
	}
	return r->addr6[0];
}

/* The next hop of @p dst in table slot @p vrf alone, or UINT32_MAX for no route. */
static __rte_always_inline uint32_t
l3_lookup6_one(const struct l3_dp *dp, uint8_t vrf, const uint8_t *dst)
{
	uint8_t ip[1][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t nh;

	if (unlikely(dp->fib6[vrf] == NULL))
		return UINT32_MAX;
	memcpy(ip[0], dst, 16);
	rte_fib6_lookup_bulk(dp->fib6[vrf], ip, &nh, 1);
	return nh != 0 ? (uint32_t)nh : UINT32_MAX;
}

/* Next hop @p nh (or UINT32_MAX) of @p dst, a leaked route's lookup in another VRF followed
 * once, as l3_nh_follow(): another lookup found there goes to l3_send6()'s loop drop. */
static __rte_always_inline uint32_t
l3_nh_follow6(const struct l3_dp *dp, uint32_t nh, const uint8_t *dst)
{
	if (likely(nh == UINT32_MAX || vsw_l3.nh[nh].type != NH_VRF))
		return nh;
	return l3_lookup6_one(dp, vsw_l3.nh[nh].vrf, dst);
}

/* The next hop of @p dst in VRF @p vrf (a leaked route followed), or UINT32_MAX. */
static __rte_always_inline uint32_t
l3_lookup6(const struct l3_dp *dp, uint8_t vrf, const uint8_t *dst)
{
	return l3_nh_follow6(dp, l3_lookup6_one(dp, vrf, dst), dst);
}

/* The ECMP flow hash of an IPv6 packet: addresses, flow label, next header and, for TCP and
 * UDP right after the fixed header, the ports. */
static __rte_always_inline uint32_t
l3_flow_hash6(const struct rte_mbuf *m)
{
	const struct rte_ipv6_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));
	uint64_t a[4]; /* the addresses, aligned: they are 2-byte aligned in the frame */
	uint32_t h = ip->vtc_flow & RTE_BE32(0xfffff), ports;

	memcpy(a, ip->src_addr, sizeof(a));
	for (unsigned int i = 0; i < 4; i++)
		h = rte_hash_crc_8byte(a[i], h);

	if ((ip->proto == IPPROTO_TCP || ip->proto == IPPROTO_UDP) &&
	    m->data_len >= sizeof(struct rte_ether_hdr) + sizeof(*ip) + 4) {
		memcpy(&ports, ip + 1, sizeof(ports));
		h = rte_hash_crc_4byte(ports, h);
	}
	return rte_hash_crc_4byte(ip->proto, h);
}

/*
 * Send IPv6 packet @p m (Ethernet header in front) through next hop @p nh_id: as l3_send()
 * for IPv4; no fragmentation (a router never fragments IPv6): too big is ICMPv6 packet too
 * big. Unresolved: nd_request (the L3_FWD_ARP_REQUEST edge of the IPv6 nodes).
 */
static __rte_always_inline rte_edge_t
l3_send6(const struct l3_dp *dp, struct rte_mbuf *m, struct vsw_mbuf_meta *meta, uint32_t nh_id)
{
	const struct l3_nh *nh = &vsw_l3.nh[nh_id];
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	const struct l3_rif *out;
	uint64_t mac;

	if (nh->type == NH_ECMP) {
		const struct l3_group *g = &vsw_l3.groups[nh->ip];

		nh_id = g->nh[(uint32_t)(((uint64_t)l3_flow_hash6(m) * g->n) >> 32)];
		nh = &vsw_l3.nh[nh_id];
	}
	meta->l3.v6 = 1;
	meta->l3.nh = nh_id; /* the route's answer, for the trace (core/trace.h) */
	switch (nh->type) {
	case NH_NEIGH:
		mac = __atomic_load_n(&nh->mac, __ATOMIC_RELAXED);
		out = &dp->rif[nh->rif];
		meta->out_port = nh->rif;
		if (unlikely(!(mac & NH_MAC_VALID) || !out->present)) {
			meta->l3.nh = nh_id;
			return L3_FWD_ARP_REQUEST;
		}
		if (unlikely(m->pkt_len - sizeof(*eth) > out->mtu)) {
			meta->l3.target = out->mtu;
			return l3_icmp_error(meta, ICMP6_PKT_TOO_BIG, 0);
		}
		memcpy(&eth->dst_addr, &mac, RTE_ETHER_ADDR_LEN);
		rte_ether_addr_copy(&out->mac, &eth->src_addr);
		eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
		return L3_FWD_OUTPUT;
	case NH_GLEAN:
		meta->out_port = nh->rif;
		meta->l3.nh = nh_id;
		return L3_FWD_ARP_REQUEST;
	case NH_BLACKHOLE:
		return L3_FWD_DROP_BLACKHOLE;
	case NH_PROHIBIT:
		return l3_icmp_error(meta, ICMP6_DST_UNREACH, ICMP6_ADM_PROHIBITED);
	case NH_UNREACHABLE:
		/* Linux answers an IPv6 unreachable route with "no route" (ip6_pkt_discard). */
		return l3_icmp_error(meta, ICMP6_DST_UNREACH, ICMP6_NOROUTE);
	case NH_VRF:
		return L3_FWD_DROP_VRF_LOOP;
	default:
		return l3_icmp_error(meta, ICMP6_DST_UNREACH, ICMP6_NOROUTE);
	}
}

/* The IPv6 nodes' forwarding edges (l3_send6()): no fragmentation in IPv6 routers (the edge
 * unused). */
#define L3_FWD6_NEXT_NODES_BUT_ICMP                                                        \
	[L3_FWD_OUTPUT] = L3_NODE_OUTPUT, [L3_FWD_ARP_REQUEST] = L3_NODE_ND_REQUEST,        \
	[L3_FWD_DROP_BLACKHOLE] = "drop_ip6_blackhole",                            \
	[L3_FWD_FRAGMENT] = "drop_ip6_blackhole", [L3_FWD_DROP_VRF_LOOP] = "drop_ip6_vrf_loop"

/* Send @p m back where it came from: out of interface @p rif to the MAC it came from
 * (@p dmac), for a link-local peer (the FIB has no link-local routes). */
static __rte_always_inline rte_edge_t
back_on_link(const struct l3_dp *dp, struct rte_mbuf *m, struct vsw_mbuf_meta *meta,
	     const struct rte_ether_addr *dmac)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);

	eth->dst_addr = *dmac;
	rte_ether_addr_copy(&dp->rif[meta->l3.rif].mac, &eth->src_addr);
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	meta->out_port = meta->l3.rif;
	return L3_FWD_OUTPUT;
}

/* Post an IPv6 neighbour event (ip6_local.c); a full ring loses it. */
void l3_learn6_post(const uint8_t *ip, uint16_t rif, const uint8_t *mac, bool create);

/* Make @p m a neighbour solicitation for @p target out of interface @p rif: to the target's
 * solicited-node group, or unicast to @p dmac when not NULL (ip6_local.c). */
void l3_ns_build(struct rte_mbuf *m, const struct l3_rif *r, uint16_t rif, const uint8_t *target,
		 const uint8_t *dmac);

#endif /* VSW_L3_IP6_H */
