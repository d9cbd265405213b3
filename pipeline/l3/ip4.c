/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv4: ip4_input (check the header, look the destination up, decrement the TTL, forward)
 * and ip4_local (what is addressed to us: echo replies; the rest to the host path,
 * l3_host.c, or without one UDP's port unreachable and TCP's RST, l3_tcp_rst.c). The ICMP
 * errors they ask for are built by icmp4_error (icmp4_error.c).
 */
#include <assert.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "core/drop.h"
#include "l3/l3_hook.h"
#include "l3/l3_host.h"
#include "l3/l3_ip4.h"
#include "l3/l3_priv.h"
#include "l3/l3_rules.h"
#include "vsw_node.h"
#include "vsw_rcu.h"
#include "vsw_worker.h"

VSW_DROP_DECLARE(ip4_truncated, VSW_DROP_RX, "IPv4 header cut short");
VSW_DROP_DECLARE(ip4_bad_version, VSW_DROP_RX, "IP version is not 4 in an IPv4 frame");
VSW_DROP_DECLARE(ip4_bad_ihl, VSW_DROP_RX, "IPv4 header length under 20 bytes");
VSW_DROP_DECLARE(ip4_bad_checksum, VSW_DROP_RX, "IPv4 header checksum wrong");
VSW_DROP_DECLARE(ip4_bad_length, VSW_DROP_RX, "IPv4 total length beyond the frame or short of its header");
VSW_DROP_DECLARE(ip4_martian_src, VSW_DROP_RX,
		 "IPv4 source 0/8, 127/8, multicast or broadcast (Linux drops martians too)");
VSW_DROP_DECLARE(ip4_martian_dst, VSW_DROP_RX,
		 "IPv4 destination 0/8 or 127/8 (Linux drops martian destinations too)");
VSW_DROP_DECLARE(ip4_not_unicast, VSW_DROP_RX,
		 "IPv4 to a multicast or broadcast address, or a connected subnet's broadcast");
VSW_DROP_DECLARE(ip4_blackhole, VSW_DROP_RX, "IPv4 route of type blackhole");
VSW_DROP_DECLARE(ip4_vrf_loop, VSW_DROP_RX,
		 "IPv4 route leaking: a lookup in another VRF found a lookup again");
VSW_DROP_DECLARE(ip4_rule_blackhole, VSW_DROP_RX, "a policy rule with action blackhole");
VSW_DROP_DECLARE(ip4_source_route, VSW_DROP_RX,
		 "IPv4 source route option (LSRR/SSRR): refused, as Linux's accept_source_route 0");
VSW_DROP_DECLARE(ip4_local_unhandled, VSW_DROP_RX,
		 "to one of our addresses, its VRF without a host path: ICMP but an echo "
		 "request, or a fragment");
VSW_DROP_DECLARE(icmp_bad, VSW_DROP_RX,
		 "ICMP to us shorter than its header, or an echo request with a wrong checksum");

/* ---- ip4_input --------------------------------------------------------------------------- */

enum {
	IP4_IN_LOCAL = L3_FWD_EDGE_COUNT,
	IP4_IN_DROP_TRUNCATED,
	IP4_IN_DROP_VERSION,
	IP4_IN_DROP_IHL,
	IP4_IN_DROP_CHECKSUM,
	IP4_IN_DROP_LENGTH,
	IP4_IN_DROP_MARTIAN,
	IP4_IN_DROP_MARTIAN_DST,
	IP4_IN_DROP_NOT_UNICAST,
	IP4_IN_DROP_RULE,
	IP4_IN_DROP_SOURCE_ROUTE,
	IP4_IN_EDGE_COUNT,
};

/* Not decided yet: look the destination up (ip4_input_process()). */
#define IP4_IN_LOOKUP RTE_EDGE_ID_INVALID

/* The header checks. @return a drop edge, or IP4_IN_LOOKUP. */
static __rte_always_inline rte_edge_t
ip4_input_check(struct rte_mbuf *m)
{
	struct rte_ipv4_hdr *ip = ip4_hdr(m);
	uint32_t hlen, tlen, avail;

	if (unlikely(m->data_len < sizeof(struct rte_ether_hdr) + sizeof(*ip)))
		return IP4_IN_DROP_TRUNCATED;
	if (unlikely((ip->version_ihl >> 4) != 4))
		return IP4_IN_DROP_VERSION;
	hlen = (ip->version_ihl & 0xf) * 4u;
	if (unlikely(hlen < sizeof(*ip)))
		return IP4_IN_DROP_IHL;
	if (unlikely(m->data_len < sizeof(struct rte_ether_hdr) + hlen))
		return IP4_IN_DROP_TRUNCATED;
	/* No NIC verdict (virtual ports): the sum in software, unrolled for the usual 20 bytes. */
	if ((m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) != RTE_MBUF_F_RX_IP_CKSUM_GOOD &&
	    unlikely((likely(hlen == sizeof(*ip)) ? rte_raw_cksum(ip, sizeof(*ip)) :
						    rte_raw_cksum(ip, hlen)) != 0xffff))
		return IP4_IN_DROP_CHECKSUM;
	tlen = rte_be_to_cpu_16(ip->total_length);
	avail = m->pkt_len - sizeof(struct rte_ether_hdr);
	if (unlikely(tlen < hlen || tlen > avail))
		return IP4_IN_DROP_LENGTH;
	if (tlen < avail) /* Ethernet padding */
		rte_pktmbuf_trim(m, (uint16_t)(avail - tlen));
	if (unlikely(ip4_martian_src(ip->src_addr)))
		return IP4_IN_DROP_MARTIAN;
	if (unlikely((rte_be_to_cpu_32(ip->dst_addr) >> 24) == 0 ||
		     (rte_be_to_cpu_32(ip->dst_addr) >> 24) == 127))
		return IP4_IN_DROP_MARTIAN_DST;
	if (unlikely((rte_be_to_cpu_32(ip->dst_addr) >> 28) == 0xe ||
		     ip->dst_addr == RTE_BE32(UINT32_MAX)))
		return IP4_IN_DROP_NOT_UNICAST;
	return IP4_IN_LOOKUP;
}

/* Is @p dst (network order) the broadcast address of a subnet (shorter than /31) of @p rif?
 * Linux has a broadcast route for it in its local table and never forwards to it. */
static __rte_always_inline bool
subnet_bcast(const struct l3_rif *rif, uint32_t dst)
{
	for (unsigned int i = 0; i < rif->n_addrs; i++)
		if ((dst & rif->mask[i]) == (rif->addr[i] & rif->mask[i]) &&
		    (dst | rif->mask[i]) == UINT32_MAX &&
		    rte_be_to_cpu_32(rif->mask[i]) < 0xfffffffe)
			return true;
	return false;
}

/* The edge (of @p edges: ip4_input's or ip4_local's) of the listener of UDP datagram @p m,
 * or RTE_EDGE_ID_INVALID. */
static __rte_noinline rte_edge_t
udp_listener(const struct l3_udp_listeners *u, const rte_edge_t *edges,
	     const struct vsw_mbuf_meta *meta, const struct rte_mbuf *m,
	     const struct rte_ipv4_hdr *ip, uint32_t hlen)
{
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)((const uint8_t *)ip + hlen);

	if ((ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) ||
	    m->data_len < sizeof(struct rte_ether_hdr) + hlen + sizeof(*udp))
		return RTE_EDGE_ID_INVALID;
	for (unsigned int i = 0; i < u->n; i++)
		if (u->l[i].port == udp->dst_port && u->l[i].addr == ip->dst_addr &&
		    u->l[i].vrf == meta->l3.vrf)
			return edges[u->l[i].hook - 1];
	return RTE_EDGE_ID_INVALID;
}

/* After the lookup: local (UDP to a listener straight to it, the rest to ip4_local), a
 * connected subnet's broadcast, TTL, forward. */
static __rte_always_inline rte_edge_t
ip4_input_forward(const struct l3_dp *dp, const struct l3_udp_listeners *udp, struct rte_mbuf *m,
		  uint32_t nh)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct rte_ipv4_hdr *ip = ip4_hdr(m);
	rte_edge_t e;
	int bad;

	/* Options first, as Linux checks them before it acts on the route. */
	if (unlikely(ip->version_ihl != RTE_IPV4_VHL_DEF)) {
		bad = l3_ip4_opt_check(ip);
		if (bad == L3_OPT_SOURCE_ROUTE)
			return IP4_IN_DROP_SOURCE_ROUTE;
		if (bad != 0) {
			meta->l3.target = (uint32_t)bad; /* the ICMP error's pointer */
			return l3_icmp_error(meta, ICMP_PARAMETERPROB, 0);
		}
	}
	nh = l3_nh_follow(dp, nh, ip->dst_addr);
	if (unlikely(nh == UINT32_MAX))
		return l3_icmp_error(meta, ICMP_DEST_UNREACH, ICMP_NET_UNREACH);
	if (vsw_l3.nh[nh].type == NH_LOCAL) {
		if (ip->next_proto_id == IPPROTO_UDP && udp != NULL) {
			e = udp_listener(udp, udp->edge_in, meta, m, ip,
					 (ip->version_ihl & 0xf) * 4u);
			if (e != RTE_EDGE_ID_INVALID)
				return e;
		}
		return IP4_IN_LOCAL;
	}
	if (vsw_l3.nh[nh].type == NH_GLEAN &&
	    unlikely(subnet_bcast(&dp->rif[vsw_l3.nh[nh].rif], ip->dst_addr)))
		return IP4_IN_DROP_NOT_UNICAST;
	/* Blackhole, unreachable and prohibit decide before the TTL, as Linux's route lookup
	 * fails before ip_forward() looks at it: traceroute's first probe gets !X, not a hop. */
	if (unlikely(vsw_l3.nh[nh].type >= NH_BLACKHOLE && vsw_l3.nh[nh].type <= NH_PROHIBIT))
		return l3_send(dp, m, meta, nh, ip->dst_addr);
	if (unlikely(ip->time_to_live <= 1))
		return l3_icmp_error(meta, ICMP_TIME_EXCEEDED, 0);
	ip->time_to_live--;
	ip->hdr_checksum = ip4_csum_add(ip->hdr_checksum, 0x0100);
	e = l3_send(dp, m, meta, nh, ip->dst_addr);
	/* Options: our address out of the egress interface (on the destination's subnet, else
	 * its first) into a record-route option, before any fragmentation copies the header. */
	if (unlikely(ip->version_ihl != RTE_IPV4_VHL_DEF) &&
	    (e == L3_FWD_OUTPUT || e == L3_FWD_ARP_REQUEST || e == L3_FWD_FRAGMENT) &&
	    meta->out_port < VSW_MAX_IFACES)
		l3_ip4_opt_forward(dp, meta->l3.vrf, ip,
				   l3_rif_addr_for(&dp->rif[meta->out_port], ip->dst_addr),
				   l3_rif_addr_for(&dp->rif[meta->l3.rif], ip->src_addr));
	return e;
}

/* Bursts classified without looking for shared keys after one that had few. */
#define IP4_RULES_NO_DEDUP 16

struct ip4_input_ctx {
	unsigned int worker; /* its row of vsw_l3.rule_hits */
	unsigned int no_dedup; /* bursts left to classify key by key (l3_rules_classify()) */
};
static_assert(sizeof(struct ip4_input_ctx) <= RTE_NODE_CTX_SZ, "ctx too big");

/* What a burst's FIB lookups need: the packets to look up, the table slot of each (its VRF's,
 * or the one a policy rule chose) and the destinations. */
struct ip4_lookups {
	uint16_t idx[RTE_GRAPH_BURST_SIZE];
	uint8_t slot[RTE_GRAPH_BURST_SIZE];
	uint32_t ips[RTE_GRAPH_BURST_SIZE];
	uint64_t nhs[RTE_GRAPH_BURST_SIZE];
	uint16_t n;
};

static __rte_always_inline void
lookup_add(struct ip4_lookups *lk, uint16_t i, uint8_t slot, const struct rte_ipv4_hdr *ip)
{
	lk->idx[lk->n] = i;
	lk->slot[lk->n] = slot;
	lk->ips[lk->n++] = rte_be_to_cpu_32(ip->dst_addr);
}

/* What a burst's policy rules need: the packets of VRFs with rules, their VRFs and keys. */
struct ip4_rules {
	uint8_t keys[RTE_GRAPH_BURST_SIZE][L3_RULES_KEY_LEN] __rte_aligned(16);
	const uint8_t *kp[RTE_GRAPH_BURST_SIZE];
	uint16_t idx[RTE_GRAPH_BURST_SIZE];
	uint8_t vrf[RTE_GRAPH_BURST_SIZE];
	uint16_t n;
};

/*
 * Policy rules: the packets in @p rl are classified (l3_rules_classify(): each distinct key
 * once, one rte_acl_classify() per run of one VRF; key by key for IP4_RULES_NO_DEDUP bursts
 * after one where under a quarter of the packets shared a key); each match is counted in
 * this worker's row of vsw_l3.rule_hits, a run of packets of one rule at once. A rule's
 * table lookup joins the burst's lookups (the VRF's main table, when no rule matched);
 * blackhole and prohibit decide here.
 */
static __rte_noinline void
ip4_input_rules(const struct l3_dp *dp, struct ip4_input_ctx *ctx, struct rte_mbuf **ms,
		struct ip4_rules *rl, rte_edge_t *nexts, struct ip4_lookups *lk)
{
	uint64_t *hits = vsw_l3.rule_hits + (size_t)ctx->worker * L3_RULE_COUNTERS;
	uint32_t res[RTE_GRAPH_BURST_SIZE], last = 0, run = 0;
	uint16_t i, n = rl->n;

	if (ctx->no_dedup > 0) {
		ctx->no_dedup--;
		l3_rules_classify(dp->acl, rl->kp, rl->vrf, n, res, false);
	} else if (l3_rules_classify(dp->acl, rl->kp, rl->vrf, n, res, true) > n - n / 4) {
		ctx->no_dedup = IP4_RULES_NO_DEDUP; /* under a quarter shared a key */
	}
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = ms[rl->idx[i]];
		uint32_t act = L3_RULE_ACTION(res[i]);

		if (res[i] != last) {
			if (last != 0)
				hits[L3_RULE_COUNTER(last)] += run;
			last = res[i];
			run = 0;
		}
		run++;
		if (likely(act != 0 && act < L3_RULE_BLACKHOLE))
			lookup_add(lk, rl->idx[i], (uint8_t)(act - 1), ip4_hdr(m));
		else if (act == 0)
			lookup_add(lk, rl->idx[i], rl->vrf[i], ip4_hdr(m));
		else if (act == L3_RULE_BLACKHOLE)
			nexts[rl->idx[i]] = IP4_IN_DROP_RULE;
		else
			nexts[rl->idx[i]] = l3_icmp_error(vsw_mbuf_meta(m), ICMP_DEST_UNREACH,
							  ICMP_PKT_FILTERED);
	}
	if (last != 0)
		hits[L3_RULE_COUNTER(last)] += run;
}

/*
 * Three passes over a burst: the header checks (and the policy rules of the packets of VRFs
 * that have some, classified together); the FIB lookups, in one rte_fib_lookup_bulk() per
 * run of packets of one table (it prefetches the table entries ahead, which a lookup at a
 * time cannot: with many routes the table is not in the cache); then local delivery, TTL
 * and the next hop. A rule's table without a route for the destination falls back to the
 * VRF's main table (as Linux goes on to the next rules and main).
 */
static uint16_t
ip4_input_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	const struct l3_dp *dp = VSW_RCU_LOAD(vsw_l3.dp);
	const struct l3_udp_listeners *udp = VSW_RCU_LOAD(l3_udp_listen);
	rte_edge_t nexts[RTE_GRAPH_BURST_SIZE];
	struct ip4_lookups lk;
	struct ip4_rules rl;
	uint16_t base, i, n, j;

	for (base = 0; base < nb_objs; base += n) {
		struct rte_mbuf **ms = (struct rte_mbuf **)objs + base;

		n = RTE_MIN(nb_objs - base, RTE_GRAPH_BURST_SIZE);
		lk.n = 0;
		rl.n = 0;
		for (i = 0; i < n; i++) {
			const struct vsw_mbuf_meta *meta = vsw_mbuf_meta(ms[i]);
			const struct rte_ipv4_hdr *ip;
			uint8_t vrf = meta->l3.vrf;

			if (likely(i + 4 < n))
				rte_prefetch0(rte_pktmbuf_mtod(ms[i + 4], void *));
			nexts[i] = ip4_input_check(ms[i]);
			if (nexts[i] != IP4_IN_LOOKUP)
				continue;
			ip = ip4_hdr(ms[i]);
			if (unlikely(dp->acl[vrf] != NULL)) {
				l3_rules_key4(&dp->acl_pack[vrf], rl.keys[rl.n], ip,
					      ms[i]->data_len - sizeof(struct rte_ether_hdr),
					      meta->l3.rif);
				rl.kp[rl.n] = rl.keys[rl.n];
				rl.vrf[rl.n] = vrf;
				rl.idx[rl.n++] = i;
				continue;
			}
			lookup_add(&lk, i, vrf, ip);
		}
		if (unlikely(rl.n > 0))
			ip4_input_rules(dp, (struct ip4_input_ctx *)node->ctx, ms, &rl, nexts, &lk);
		/* Runs of one table (usually the whole burst: it came in on one interface). */
		for (i = 0; i < lk.n; i = j) {
			uint8_t s = lk.slot[i];

			for (j = i + 1; j < lk.n && lk.slot[j] == s; j++)
				;
			if (likely(dp->fib[s] != NULL))
				rte_fib_lookup_bulk(dp->fib[s], lk.ips + i, lk.nhs + i, j - i);
			else
				memset(lk.nhs + i, 0, sizeof(lk.nhs[0]) * (j - i));
		}
		for (i = 0; i < lk.n; i++) {
			struct rte_mbuf *m = ms[lk.idx[i]];
			uint8_t vrf = vsw_mbuf_meta(m)->l3.vrf;
			uint32_t nh = lk.nhs[i] != 0 ? (uint32_t)lk.nhs[i] : UINT32_MAX;

			if (unlikely(nh == UINT32_MAX && lk.slot[i] != vrf))
				nh = l3_lookup_one(dp, vrf, ip4_hdr(m)->dst_addr);
			nexts[lk.idx[i]] = ip4_input_forward(dp, udp, m, nh);
		}
		if (likely(n == nb_objs))
			vsw_node_enqueue_burst(graph, node, objs, nexts, n);
		else
			vsw_node_enqueue_runs(graph, node, objs + base, nexts, n);
	}
	return nb_objs;
}

static int
ip4_input_init(const struct rte_graph *graph, struct rte_node *node)
{
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);

	/* Graphs of no worker (unit tests) count in worker 0's row. */
	((struct ip4_input_ctx *)node->ctx)->worker = w != NULL ? w->index : 0;
	((struct ip4_input_ctx *)node->ctx)->no_dedup = 0;
	return 0;
}

static struct rte_node_register ip4_input_node = {
	.name = L3_NODE_IP4_INPUT,
	.process = ip4_input_process,
	.init = ip4_input_init,
	.nb_edges = IP4_IN_EDGE_COUNT,
	.next_nodes = {
		L3_FWD_NEXT_NODES,
		[IP4_IN_LOCAL] = L3_NODE_IP4_LOCAL,
		[IP4_IN_DROP_TRUNCATED] = VSW_DROP_NODE(ip4_truncated),
		[IP4_IN_DROP_VERSION] = VSW_DROP_NODE(ip4_bad_version),
		[IP4_IN_DROP_IHL] = VSW_DROP_NODE(ip4_bad_ihl),
		[IP4_IN_DROP_CHECKSUM] = VSW_DROP_NODE(ip4_bad_checksum),
		[IP4_IN_DROP_LENGTH] = VSW_DROP_NODE(ip4_bad_length),
		[IP4_IN_DROP_MARTIAN] = VSW_DROP_NODE(ip4_martian_src),
		[IP4_IN_DROP_MARTIAN_DST] = VSW_DROP_NODE(ip4_martian_dst),
		[IP4_IN_DROP_NOT_UNICAST] = VSW_DROP_NODE(ip4_not_unicast),
		[IP4_IN_DROP_RULE] = VSW_DROP_NODE(ip4_rule_blackhole),
		[IP4_IN_DROP_SOURCE_ROUTE] = VSW_DROP_NODE(ip4_source_route),
	},
};
RTE_NODE_REGISTER(ip4_input_node);

/* ---- ip4_local --------------------------------------------------------------------------- */

enum {
	IP4_LOCAL_DROP_UNHANDLED = L3_FWD_EDGE_COUNT,
	IP4_LOCAL_DROP_ICMP,
	IP4_LOCAL_HOST,
	IP4_LOCAL_TCP_RESET,
	IP4_LOCAL_EDGE_COUNT
};

/* Not ours to answer: the VRF's host path takes it (the kernel answers). Without one no
 * socket listens here, and the router answers as Linux then does: UDP gets "port
 * unreachable" (traceroute's last hop), TCP a RST (tcp4_reset), a protocol it does not speak
 * "protocol unreachable"; fragments are dropped. */
static __rte_always_inline rte_edge_t
ip4_local_not_ours(struct vsw_mbuf_meta *meta, const struct rte_ipv4_hdr *ip)
{
	if (l3_host_on(meta->l3.vrf))
		return IP4_LOCAL_HOST;
	if (ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK))
		return IP4_LOCAL_DROP_UNHANDLED;
	if (ip->next_proto_id == IPPROTO_UDP)
		return l3_icmp_error(meta, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH);
	if (ip->next_proto_id == IPPROTO_TCP)
		return IP4_LOCAL_TCP_RESET;
	if (ip->next_proto_id != IPPROTO_ICMP)
		return l3_icmp_error(meta, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH);
	return IP4_LOCAL_DROP_UNHANDLED;
}

struct ip4_local_run {
	const struct l3_dp *dp;
	const struct l3_udp_listeners *udp;
};

static __rte_always_inline rte_edge_t
ip4_local_one(const void *tbl, struct rte_mbuf *m)
{
	const struct ip4_local_run *run = tbl;
	const struct l3_dp *dp = run->dp;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct rte_ipv4_hdr *ip = ip4_hdr(m);
	uint32_t hlen = (ip->version_ihl & 0xf) * 4u, nh;
	uint32_t len = rte_be_to_cpu_16(ip->total_length) - hlen;
	struct rte_icmp_hdr *icmp = (struct rte_icmp_hdr *)((uint8_t *)ip + hlen);
	rte_edge_t e;

	if (ip->next_proto_id == IPPROTO_UDP && run->udp != NULL) {
		e = udp_listener(run->udp, run->udp->edge, meta, m, ip, hlen);
		if (e != RTE_EDGE_ID_INVALID)
			return e;
	}
	if (ip->next_proto_id != IPPROTO_ICMP ||
	    (ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) ||
	    m->nb_segs > 1)
		return ip4_local_not_ours(meta, ip);
	/* Shorter than an ICMP header: Linux's icmp_rcv() drops it (InErrors). */
	if (len < sizeof(*icmp) || sizeof(struct rte_ether_hdr) + hlen + sizeof(*icmp) > m->data_len)
		return IP4_LOCAL_DROP_ICMP;
	if (icmp->icmp_type != RTE_IP_ICMP_ECHO_REQUEST || icmp->icmp_code != 0)
		return ip4_local_not_ours(meta, ip);
	if (rte_raw_cksum(icmp, len) != 0xffff)
		return IP4_LOCAL_DROP_ICMP;
	icmp->icmp_type = RTE_IP_ICMP_ECHO_REPLY;
	icmp->icmp_cksum = ip4_csum_add(icmp->icmp_cksum, RTE_IP_ICMP_ECHO_REQUEST << 8);
	ip4_turn_around(ip, ip->dst_addr);
	nh = l3_lookup(dp, meta->l3.vrf, ip->dst_addr);
	if (nh == UINT32_MAX)
		return IP4_LOCAL_DROP_UNHANDLED;
	e = l3_send(dp, m, meta, nh, ip->dst_addr);
	return e == L3_FWD_ICMP_ERROR ? IP4_LOCAL_DROP_UNHANDLED : e;
}

static uint16_t
ip4_local_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct ip4_local_run run = {.dp = VSW_RCU_LOAD(vsw_l3.dp),
				    .udp = VSW_RCU_LOAD(l3_udp_listen)};

	return vsw_node_classify(graph, node, objs, nb_objs, &run, ip4_local_one);
}

static struct rte_node_register ip4_local_node = {
	.name = L3_NODE_IP4_LOCAL,
	.process = ip4_local_process,
	.nb_edges = IP4_LOCAL_EDGE_COUNT,
	.next_nodes = {
		L3_FWD_NEXT_NODES,
		[IP4_LOCAL_DROP_UNHANDLED] = VSW_DROP_NODE(ip4_local_unhandled),
		[IP4_LOCAL_DROP_ICMP] = VSW_DROP_NODE(icmp_bad),
		[IP4_LOCAL_HOST] = L3_NODE_HOST,
		[IP4_LOCAL_TCP_RESET] = L3_NODE_TCP4_RESET,
	},
};
RTE_NODE_REGISTER(ip4_local_node);
