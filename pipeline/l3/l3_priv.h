/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's data-path tables and the forwarding step its nodes share.
 *
 * Who writes what: the control thread alone (l3.c, l3_apply.c). Readers (workers):
 *  - struct l3_dp (router interfaces, VRF → FIB, port → interface) is immutable once
 *    published; a change builds a new version, publishes it (VSW_RCU_LOAD once per burst in
 *    each node), and frees the old one after the workers' grace period;
 *  - each VRF has two rte_fib (DIR24_8) copies: workers read the one l3_dp names, the control
 *    thread writes the other, publishes an l3_dp naming it, waits for the grace period and
 *    then plays the same changes on the first (l3_fib_commit()). A worker never reads a FIB
 *    being written: rte_fib reuses a freed tbl8 group at once and has no RCU hook in 22.11;
 *  - next hops are an array made once; the control thread fills an entry before any route
 *    points at it, and a neighbour's MAC and state change in one 64-bit atomic store.
 */
#ifndef VSW_L3_PRIV_H
#define VSW_L3_PRIV_H

#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_graph.h>
#include <rte_hash_crc.h>
#include <rte_ip.h>
#include <rte_acl.h>
#include <rte_fib.h>
#include <rte_fib6.h>
#include <rte_mbuf.h>

#include "iface/iface.h"
#include "l3/l3.h"
#include "l3/l3_hook.h"
#include "vsw_mbuf.h"

#define L3_MAX_NH (1u << 16)
#define L3_MAX_SLOTS 32 /* routing tables: (VRF, table) pairs; a VRF's main table included */

enum l3_nh_type {
	NH_FREE,
	NH_LOCAL,       /* one of our addresses: ip4_local */
	NH_GLEAN,       /* a connected subnet: resolve the destination itself */
	NH_NEIGH,       /* a neighbour (a host on a subnet, or a gateway) */
	NH_BLACKHOLE,
	NH_UNREACHABLE,
	NH_PROHIBIT,
	NH_ECMP,        /* equal-cost multipath: `ip` is the group (vsw_l3.groups) */
	NH_VRF,         /* route leaking: look the destination up again in table slot `vrf`
	                   (followed once: a second NH_VRF there is a loop, dropped) */
};

#define L3_MAX_GROUPS 4096

/* Policy rule counter slots: the rules running and those an apply brings, each at most
 * VSW_MAX_RULES, never share one. */
#define L3_RULE_COUNTERS (2 * VSW_MAX_RULES)

/* An ECMP group: made once by the control thread before any route points at it, never
 * changed (a different set of gateways is another group). */
struct l3_group {
	uint32_t n;
	uint32_t nh[VSW_MAX_ECMP];
};

#define NH_MAC_VALID (1ull << 63)
#define NH_MAC_STATIC (1ull << 62)
#define NH_MAC_MASK ((1ull << 48) - 1)

struct l3_nh {
	uint64_t mac; /* NH_MAC_VALID | NH_MAC_STATIC | MAC in the low 48 bits (memcpy order) */
	uint32_t ip;  /* network order (NEIGH) */
	uint16_t rif; /* egress router interface (NEIGH, GLEAN) */
	uint8_t type;
	uint8_t vrf;
	uint64_t req_tsc; /* last ARP request sent for it (workers write it, racily: a hint) */
	uint32_t seen_s;  /* control: last confirmation, seconds */
	uint16_t held;    /* packets in the hold queue for it (atomic) */
	uint8_t v6;       /* an IPv6 neighbour or glean: its address is vsw_l3.ip6[id] */
	uint8_t reserved;
};

struct l3_rif {
	uint8_t present;
	uint8_t vrf;
	uint8_t n_addrs;
	uint8_t proxy_arp;   /* answer ARP for addresses routed through another interface */
	uint16_t port;       /* its routed port's interface id, or VSW_IFACE_NONE */
	uint16_t bridge;     /* its bridge's id, or VSW_IFACE_NONE */
	uint16_t vlan;       /* its bridge's VLAN */
	uint16_t mtu;        /* the largest IP packet it sends */
	rte_edge_t tx_edge;  /* l3_output → port_tx-<port>, or bridge_input */
	struct rte_ether_addr mac;
	uint32_t addr[VSW_MAX_RIF_ADDRS]; /* network order */
	uint32_t mask[VSW_MAX_RIF_ADDRS]; /* network order */
	uint8_t n_addrs6;
	uint8_t ra;          /* sends router advertisements */
	uint8_t proxy_nd;    /* answer solicitations for addresses routed through another
				interface (proxy ARP's IPv6 twin) */
	uint8_t len6[VSW_MAX_RIF_ADDRS];
	uint8_t ll[16];      /* its link-local address (from the MAC); zero: no IPv6 */
	uint8_t addr6[VSW_MAX_RIF_ADDRS][16];
};

/* How a VRF's packets are packed into its policy rules' key: only the header bytes some rule
 * looks at (l3_rules.h). */
struct l3_acl_pack {
	uint8_t lo[16]; /* key byte i ← header byte lo[i] (0..15; 0x80: none of these) */
	uint8_t hi[16]; /* key byte i ← header byte 8 + hi[i] (0x80: none of these) */
	int8_t iif;     /* key offset of the ingress interface id (2 bytes), or -1 */
	uint8_t ports;  /* the key has port bytes */
};

/* What a VRF's IPv6 rules' key holds besides the next header, traffic class and ingress
 * interface (l3_rules_key6()). */
struct l3_acl6_pack {
	uint8_t ports;     /* the TCP/UDP ports (a rule names a range) */
	uint8_t src_words; /* 4-byte words of the source some rule's prefix covers, 0..4 */
	uint8_t dst_words; /* the same of the destination */
	uint8_t reserved;
};

struct l3_dp {
	struct rte_fib *fib[L3_MAX_SLOTS];     /* per table slot: the copy workers read */
	struct rte_acl_ctx *acl[L3_MAX_SLOTS]; /* per VRF (its main slot): its rules, or NULL */
	struct l3_acl_pack acl_pack[L3_MAX_SLOTS]; /* what acl[] classifies on */
	struct rte_acl_ctx *acl6[L3_MAX_SLOTS]; /* per VRF: its IPv6 rules, or NULL */
	struct l3_acl6_pack acl6_pack[L3_MAX_SLOTS];
	struct rte_fib6 *fib6[L3_MAX_SLOTS];   /* per table slot: IPv6 (made when needed) */
	uint16_t port_rif[VSW_MAX_IFACES]; /* routed port → its interface, or VSW_IFACE_NONE */
	struct l3_rif rif[VSW_MAX_IFACES];
};

/* A neighbour seen by a worker (ARP, ND), for the control thread. */
struct l3_learn {
	uint32_t ip;  /* network order */
	uint16_t rif;
	uint8_t mac[6];
	uint8_t create; /* 1: make the neighbour if it is new (ARP addressed to us, or glean) */
	uint8_t resolve; /* 1: no MAC, just make the entry (glean) */
	uint8_t v6;      /* 1: the address is ip6 */
	uint8_t reserved;
	uint8_t ip6[16];
};

struct l3_shared {
	struct l3_dp *dp;        /* RCU-published */
	struct l3_nh *nh;        /* L3_MAX_NH entries */
	struct rte_ring *learn;  /* workers → control: struct l3_learn */
	struct rte_ring *hold;   /* workers → control: packets waiting for ARP (l3_hold.c) */
	struct rte_ring *inject; /* control → workers: packets to send (l3_inject) */
	struct l3_group *groups; /* L3_MAX_GROUPS */
	uint8_t (*ip6)[16];      /* per next hop: its IPv6 address (v6 neighbours) */
	uint64_t *rule_hits;     /* [VSW_MAX_WORKERS][L3_RULE_COUNTERS]: packets each policy
	                            rule matched, a row per worker (written by it alone) */
	struct rte_mempool *pool; /* the control thread's packets (gratuitous ARP); may be NULL */
	uint64_t arp_retry_tsc;  /* one ARP request per next hop per this many cycles */
	uint64_t icmp_interval_tsc; /* ICMP errors to one destination: one per this; 0 none */
	uint64_t clock_tsc; /* the wall clock: clock_ms (CLOCK_REALTIME, ms) was the time at */
	uint64_t clock_ms;  /* TSC clock_tsc (IPv4 timestamp options) */
};
extern struct l3_shared vsw_l3;

/* Node names. */
#define L3_NODE_INPUT "l3_input"
#define L3_NODE_ARP_INPUT "arp_input"
#define L3_NODE_IP4_INPUT "ip4_input"
#define L3_NODE_IP4_LOCAL "ip4_local"
#define L3_NODE_ICMP4_ERROR "icmp4_error"
#define L3_NODE_ARP_REQUEST "arp_request"
#define L3_NODE_OUTPUT "l3_output"
#define L3_NODE_INJECT "l3_inject"
#define L3_NODE_FRAGMENT "ip4_fragment"
#define L3_NODE_TCP4_RESET "tcp4_reset"
#define L3_NODE_TCP6_RESET "tcp6_reset"

/* The edges every node that forwards a packet has first (l3_forward()). */
enum l3_fwd_edge {
	L3_FWD_OUTPUT,
	L3_FWD_ARP_REQUEST,
	L3_FWD_ICMP_ERROR,
	L3_FWD_DROP_BLACKHOLE,
	L3_FWD_FRAGMENT,
	L3_FWD_DROP_VRF_LOOP,
	L3_FWD_EDGE_COUNT,
};

/* icmp4_error sends its own failures elsewhere (a graph has no self loop): it names
 * [L3_FWD_ICMP_ERROR] itself. */
#define L3_FWD_NEXT_NODES_BUT_ICMP                                                         \
	[L3_FWD_OUTPUT] = L3_NODE_OUTPUT, [L3_FWD_ARP_REQUEST] = L3_NODE_ARP_REQUEST,       \
	[L3_FWD_DROP_BLACKHOLE] = "drop_ip4_blackhole", [L3_FWD_FRAGMENT] = L3_NODE_FRAGMENT, \
	[L3_FWD_DROP_VRF_LOOP] = "drop_ip4_vrf_loop"
#define L3_FWD_NEXT_NODES                                                                  \
	L3_FWD_NEXT_NODES_BUT_ICMP, [L3_FWD_ICMP_ERROR] = L3_NODE_ICMP4_ERROR

#define ICMP_DEST_UNREACH 3
#define ICMP_NET_UNREACH 0
#define ICMP_HOST_UNREACH 1
#define ICMP_PROT_UNREACH 2
#define ICMP_PORT_UNREACH 3
#define ICMP_FRAG_NEEDED 4
#define ICMP_PKT_FILTERED 13
#define ICMP_TIME_EXCEEDED 11

#define ICMP_PARAMETERPROB 12

/* l3_ip4_opt_check(): a source-routed packet, dropped. */
#define L3_OPT_SOURCE_ROUTE (-1)

/* Check the options of @p ip (a header longer than 20 bytes) as Linux does at receive.
 * @return 0; the pointer (1..59, from the header's first byte) of a malformed option's
 * faulty byte, for an ICMP parameter problem; or L3_OPT_SOURCE_ROUTE (ip4_opt.c). */
int l3_ip4_opt_check(struct rte_ipv4_hdr *ip);

/* Forwarded packet @p ip (its options checked) leaves from address @p rr_addr and came in on
 * an interface with address @p ts_addr (network order): record the first in a record-route
 * option, stamp timestamp options (flag 1 with the second; a prespecified address looked up
 * in table slot @p vrf of @p dp), fix the header checksum (ip4_opt.c). */
void l3_ip4_opt_forward(const struct l3_dp *dp, uint8_t vrf, struct rte_ipv4_hdr *ip,
			uint32_t rr_addr, uint32_t ts_addr);

/* Ask icmp4_error for an error about @p m. */
static __rte_always_inline rte_edge_t
l3_icmp_error(struct vsw_mbuf_meta *meta, uint8_t type, uint8_t code)
{
	meta->l3.icmp_type = type;
	meta->l3.icmp_code = code;
	return L3_FWD_ICMP_ERROR;
}

/* The next hop of @p dst (network order) in table slot @p vrf alone, or UINT32_MAX. */
static __rte_always_inline uint32_t
l3_lookup_one(const struct l3_dp *dp, uint8_t vrf, uint32_t dst)
{
	uint32_t ip = rte_be_to_cpu_32(dst);
	uint64_t nh;

	if (unlikely(dp->fib[vrf] == NULL))
		return UINT32_MAX;
	rte_fib_lookup_bulk(dp->fib[vrf], &ip, &nh, 1);
	return nh != 0 ? (uint32_t)nh : UINT32_MAX; /* 0: the FIB's default, no route */
}

/* Next hop @p nh (or UINT32_MAX) of @p dst, a leaked route's lookup in another VRF followed
 * once. What that lookup finds is final: an NH_VRF there goes to l3_send()'s loop drop. */
static __rte_always_inline uint32_t
l3_nh_follow(const struct l3_dp *dp, uint32_t nh, uint32_t dst)
{
	if (likely(nh == UINT32_MAX || vsw_l3.nh[nh].type != NH_VRF))
		return nh;
	return l3_lookup_one(dp, vsw_l3.nh[nh].vrf, dst);
}

/* The next hop of @p dst (network order) in VRF @p vrf, or UINT32_MAX for no route. */
static __rte_always_inline uint32_t
l3_lookup(const struct l3_dp *dp, uint8_t vrf, uint32_t dst)
{
	return l3_nh_follow(dp, l3_lookup_one(dp, vrf, dst), dst);
}

/*
 * The flow hash ECMP picks a gateway with: addresses, protocol and, for TCP and UDP that are
 * not fragments, the ports (Linux's fib_multipath_hash_policy 1; VPP's default). A flow's
 * packets all take one path.
 */
static __rte_always_inline uint32_t
l3_flow_hash(const struct rte_mbuf *m)
{
	const struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	uint32_t h = rte_hash_crc_4byte(ip->src_addr, ip->dst_addr);
	uint32_t hlen = (ip->version_ihl & 0xf) * 4u, ports;

	if ((ip->next_proto_id == IPPROTO_TCP || ip->next_proto_id == IPPROTO_UDP) &&
	    !(ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) &&
	    m->data_len >= sizeof(struct rte_ether_hdr) + hlen + 4) {
		memcpy(&ports, (const uint8_t *)ip + hlen, sizeof(ports)); /* 2-byte aligned */
		h = rte_hash_crc_4byte(ports, h);
	}
	return rte_hash_crc_4byte(ip->next_proto_id, h);
}

/*
 * The egress MTU check of IPv4 packet @p m (Ethernet header in front) leaving by interface
 * @p out: l3_output if it fits, else ip4_fragment, or "fragmentation needed" with the MTU
 * when DF is set (path MTU discovery). Every way out of the router takes it: l3_send(), and
 * l3_inject for the packets the hold queue releases.
 */
static __rte_always_inline rte_edge_t
l3_mtu_check(const struct l3_rif *out, const struct rte_mbuf *m, struct vsw_mbuf_meta *meta)
{
	const struct rte_ipv4_hdr *ip;

	if (likely(m->pkt_len - sizeof(struct rte_ether_hdr) <= out->mtu))
		return L3_FWD_OUTPUT;
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	meta->l3.target = out->mtu;
	if (!(ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_DF_FLAG)))
		return L3_FWD_FRAGMENT;
	return l3_icmp_error(meta, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED);
}

/*
 * Send IPv4 packet @p m (its Ethernet header in front, l2_len 14) towards @p dst through
 * next hop @p nh_id: write the Ethernet header and choose l3_output, or arp_request when the
 * neighbour is not resolved yet. The IP header is final (TTL, checksum).
 */
static __rte_always_inline rte_edge_t
l3_send(const struct l3_dp *dp, struct rte_mbuf *m, struct vsw_mbuf_meta *meta, uint32_t nh_id,
	uint32_t dst)
{
	const struct l3_nh *nh = &vsw_l3.nh[nh_id];
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	const struct l3_rif *out;
	uint64_t mac;

	if (nh->type == NH_ECMP) {
		const struct l3_group *g = &vsw_l3.groups[nh->ip];

		nh_id = g->nh[(uint32_t)(((uint64_t)l3_flow_hash(m) * g->n) >> 32)];
		nh = &vsw_l3.nh[nh_id];
	}
	meta->l3.nh = nh_id; /* the route's answer, for the trace (core/trace.h) */

	switch (nh->type) {
	case NH_NEIGH:
		mac = __atomic_load_n(&nh->mac, __ATOMIC_RELAXED);
		out = &dp->rif[nh->rif];
		meta->out_port = nh->rif;
		if (unlikely(!(mac & NH_MAC_VALID) || !out->present)) {
			meta->l3.nh = nh_id;
			meta->l3.target = nh->ip;
			return L3_FWD_ARP_REQUEST;
		}
		memcpy(&eth->dst_addr, &mac, RTE_ETHER_ADDR_LEN);
		rte_ether_addr_copy(&out->mac, &eth->src_addr);
		eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
		return l3_mtu_check(out, m, meta);
	case NH_GLEAN:
		meta->out_port = nh->rif;
		meta->l3.nh = nh_id;
		meta->l3.target = dst;
		return L3_FWD_ARP_REQUEST;
	case NH_BLACKHOLE:
		return L3_FWD_DROP_BLACKHOLE;
	case NH_VRF:
		return L3_FWD_DROP_VRF_LOOP; /* a lookup that found another lookup */
	case NH_PROHIBIT:
		return l3_icmp_error(meta, ICMP_DEST_UNREACH, ICMP_PKT_FILTERED);
	case NH_UNREACHABLE:
		return l3_icmp_error(meta, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH);
	default:
		return l3_icmp_error(meta, ICMP_DEST_UNREACH, ICMP_NET_UNREACH);
	}
}

/* The address of @p r to speak from towards @p peer (network order): the one on its subnet. */
static inline uint32_t
l3_rif_addr_for(const struct l3_rif *r, uint32_t peer)
{
	for (unsigned int i = 0; i < r->n_addrs; i++)
		if ((peer & r->mask[i]) == (r->addr[i] & r->mask[i]))
			return r->addr[i];
	return r->n_addrs > 0 ? r->addr[0] : 0;
}

/* UDP listeners (l3_hook.h, l3_udp.c), RCU-published whole: ip4_local's and ip6_local's
 * edges of each hook id, then the listeners: the n IPv4 ones, then the n6 IPv6 ones. */
struct l3_udp_listeners {
	unsigned int n;
	unsigned int n6;
	rte_edge_t edge[L3_HOOK_MAX];
	rte_edge_t edge6[L3_HOOK_MAX];
	rte_edge_t edge_in[L3_HOOK_MAX]; /* ip4_input's: it hands local UDP straight on */
	struct vsw_l3_udp_listener l[];
};
extern struct l3_udp_listeners *l3_udp_listen;

/* Post a neighbour event; a full ring loses it (the next ARP brings it again). */
void l3_learn_post(uint32_t ip, uint16_t rif, const uint8_t *mac, bool create);

#endif /* VSW_L3_PRIV_H */
