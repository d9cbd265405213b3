/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv6: ip6_input (check the header, look the destination up, decrement the hop limit,
 * forward) and icmp6_error (time exceeded, unreachables, packet too big, built in place of
 * the packet they are about). What is addressed to us: ip6_local.c.
 */
#include <assert.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_malloc.h>

#include "core/drop.h"
#include "l3/l3_icmp_rl.h"
#include "l3/l3_ip6.h"
#include "l3/l3_rules.h"
#include "vsw_node.h"
#include "vsw_rcu.h"
#include "vsw_worker.h"

VSW_DROP_DECLARE(ip6_truncated, VSW_DROP_RX, "IPv6 header cut short");
VSW_DROP_DECLARE(ip6_bad_version, VSW_DROP_RX, "IP version is not 6 in an IPv6 frame");
VSW_DROP_DECLARE(ip6_bad_length, VSW_DROP_RX, "IPv6 payload length beyond the frame");
VSW_DROP_DECLARE(ip6_vrf_loop, VSW_DROP_RX,
		 "IPv6 route leaking: a lookup in another VRF found a lookup again");
VSW_DROP_DECLARE(ip6_martian, VSW_DROP_RX,
		 "IPv6 source multicast or loopback, unspecified source not to us, or "
		 "destination unspecified or loopback");
VSW_DROP_DECLARE(ip6_not_unicast, VSW_DROP_RX,
		 "IPv6 to a multicast group the router is not in (it does not route multicast)");
VSW_DROP_DECLARE(ip6_link_local, VSW_DROP_RX,
		 "IPv6 to a link-local address not ours (never forwarded)");
VSW_DROP_DECLARE(ip6_blackhole, VSW_DROP_RX, "IPv6 route of type blackhole");
VSW_DROP_DECLARE(ip6_rule_blackhole, VSW_DROP_RX, "an IPv6 policy rule with action blackhole");
VSW_DROP_DECLARE(icmp6_error_suppressed, VSW_DROP_RX,
		 "no ICMPv6 error about an ICMPv6 error or a packet from an unspecified or "
		 "multicast source");
VSW_DROP_DECLARE(icmp6_error_no_route, VSW_DROP_RX,
		 "ICMPv6 error with no route back to the source");
VSW_DROP_DECLARE(icmp6_rate_limited, VSW_DROP_RX,
		 "ICMPv6 error not sent: its destination got its share (router.icmp_ratelimit_ms)");

/* ---- ip6_input --------------------------------------------------------------------------- */

enum {
	IP6_IN_LOCAL = L3_FWD_EDGE_COUNT,
	IP6_IN_DROP_TRUNCATED,
	IP6_IN_DROP_VERSION,
	IP6_IN_DROP_LENGTH,
	IP6_IN_DROP_MARTIAN,
	IP6_IN_DROP_NOT_UNICAST,
	IP6_IN_DROP_LINK_LOCAL,
	IP6_IN_DROP_RULE,
	IP6_IN_EDGE_COUNT,
};

#define IP6_IN_LOOKUP RTE_EDGE_ID_INVALID

static __rte_always_inline rte_edge_t
ip6_input_check(const struct l3_dp *dp, struct rte_mbuf *m)
{
	struct rte_ipv6_hdr *ip = ip6_hdr(m);
	const struct l3_rif *r = &dp->rif[vsw_mbuf_meta(m)->l3.rif];
	uint32_t tlen, avail;

	if (unlikely(m->data_len < sizeof(struct rte_ether_hdr) + sizeof(*ip)))
		return IP6_IN_DROP_TRUNCATED;
	if (unlikely((rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6))
		return IP6_IN_DROP_VERSION;
	tlen = sizeof(*ip) + rte_be_to_cpu_16(ip->payload_len);
	avail = m->pkt_len - sizeof(struct rte_ether_hdr);
	if (unlikely(tlen > avail))
		return IP6_IN_DROP_LENGTH;
	if (tlen < avail) /* Ethernet padding */
		rte_pktmbuf_trim(m, (uint16_t)(avail - tlen));
	if (unlikely(ip->src_addr[0] == 0xff || ip6_is_loopback(ip->src_addr)))
		return IP6_IN_DROP_MARTIAN; /* multicast or ::1 */
	if (unlikely(ip->dst_addr[0] == 0xff))
		return l3_rif_in_group6(r, ip->dst_addr) ? IP6_IN_LOCAL : IP6_IN_DROP_NOT_UNICAST;
	if (unlikely(ip6_is_ll(ip->dst_addr)))
		return l3_rif_has6(r, ip->dst_addr) ? IP6_IN_LOCAL : IP6_IN_DROP_LINK_LOCAL;
	/* An unspecified source talks to us only (duplicate address detection). */
	if (unlikely(ip6_is_zero(ip->src_addr) || ip6_is_zero(ip->dst_addr) ||
		     ip6_is_loopback(ip->dst_addr)))
		return IP6_IN_DROP_MARTIAN;
	return IP6_IN_LOOKUP;
}

static __rte_always_inline rte_edge_t
ip6_input_forward(const struct l3_dp *dp, struct rte_mbuf *m, uint32_t nh)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct rte_ipv6_hdr *ip = ip6_hdr(m);

	meta->l3.v6 = 1;
	nh = l3_nh_follow6(dp, nh, ip->dst_addr); /* a leaked route: once, in its VRF */
	if (unlikely(nh == UINT32_MAX))
		return l3_icmp_error(meta, ICMP6_DST_UNREACH, ICMP6_NOROUTE);
	if (vsw_l3.nh[nh].type == NH_LOCAL)
		return IP6_IN_LOCAL;
	/* A reject route decides before the hop limit, as Linux's ip6_pkt_discard does. */
	if (unlikely(vsw_l3.nh[nh].type >= NH_BLACKHOLE && vsw_l3.nh[nh].type <= NH_PROHIBIT))
		return l3_send6(dp, m, meta, nh);
	/* A proxy answers a unicast solicitation for the address it stands in for (a host
	 * checking the neighbour it learned from our advertisement), as Linux's
	 * ip6_forward_proxy_check(): ip6_local decides whether it is one. */
	if (unlikely(dp->rif[meta->l3.rif].proxy_nd) && ip->proto == IPPROTO_ICMPV6 &&
	    ip->hop_limits == 255 &&
	    m->data_len >= sizeof(struct rte_ether_hdr) + sizeof(*ip) + 1 &&
	    *(const uint8_t *)(ip + 1) == ND_NEIGHBOR_SOLICIT)
		return IP6_IN_LOCAL;
	if (unlikely(ip->hop_limits <= 1))
		return l3_icmp_error(meta, ICMP6_TIME_EXCEEDED, 0);
	if (unlikely(ip6_is_ll(ip->src_addr))) /* Linux: a link-local source stays on its link */
		return l3_icmp_error(meta, ICMP6_DST_UNREACH, ICMP6_BEYOND_SCOPE);
	ip->hop_limits--;
	return l3_send6(dp, m, meta, nh);
}

struct ip6_input_ctx {
	unsigned int worker; /* its row of vsw_l3.rule_hits */
};
static_assert(sizeof(struct ip6_input_ctx) <= RTE_NODE_CTX_SZ, "ctx too big");

/* A burst's FIB lookups: the packets, the table slot of each (its VRF's main one, or the
 * one a policy rule chose) and the destinations. */
struct ip6_lookups {
	uint8_t ips[RTE_GRAPH_BURST_SIZE][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t nhs[RTE_GRAPH_BURST_SIZE];
	uint16_t idx[RTE_GRAPH_BURST_SIZE];
	uint8_t slot[RTE_GRAPH_BURST_SIZE];
	uint16_t n;
};

static __rte_always_inline void
lookup6_add(struct ip6_lookups *lk, uint16_t i, uint8_t slot, const struct rte_ipv6_hdr *ip)
{
	lk->idx[lk->n] = i;
	lk->slot[lk->n] = slot;
	memcpy(lk->ips[lk->n++], ip->dst_addr, 16);
}

/* A burst's packets of VRFs with IPv6 rules: their keys and VRFs. */
struct ip6_rules {
	uint8_t keys[RTE_GRAPH_BURST_SIZE][L3_RULES6_KEY_LEN] __rte_aligned(16);
	const uint8_t *kp[RTE_GRAPH_BURST_SIZE];
	uint16_t idx[RTE_GRAPH_BURST_SIZE];
	uint8_t vrf[RTE_GRAPH_BURST_SIZE];
	uint16_t n;
};

/*
 * Neighbour discovery (hop limit 255, RFC 4861; router and neighbour messages, redirects)
 * meets no rule: it is for the router on the link (to one of its addresses: Linux's local
 * table comes before every rule), and a rule that refused it would cut the link.
 */
static __rte_always_inline bool
ip6_is_nd(const struct rte_mbuf *m)
{
	const struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *,
								sizeof(struct rte_ether_hdr));
	const uint8_t *type = (const uint8_t *)(ip + 1);

	return ip->proto == IPPROTO_ICMPV6 && ip->hop_limits == 255 &&
	       m->data_len > sizeof(struct rte_ether_hdr) + sizeof(*ip) &&
	       *type >= ND_ROUTER_SOLICIT && *type <= ND_NEIGHBOR_ADVERT + 1;
}

/*
 * A blackhole or prohibit rule's packet: dropped or refused, unless it is for one of the
 * router's own addresses (Linux's local table comes before every rule: a ping to the
 * gateway is answered whatever the rules say). One lookup, on this path only.
 */
static __rte_always_inline rte_edge_t
ip6_rule_reject(const struct l3_dp *dp, struct rte_mbuf *m, uint8_t vrf, uint32_t act)
{
	uint32_t nh = l3_lookup6_one(dp, vrf, ip6_hdr(m)->dst_addr);

	if (nh != UINT32_MAX && vsw_l3.nh[nh].type == NH_LOCAL)
		return IP6_IN_LOCAL;
	if (act == L3_RULE_BLACKHOLE)
		return IP6_IN_DROP_RULE;
	return l3_icmp_error(vsw_mbuf_meta(m), ICMP6_DST_UNREACH, ICMP6_ADM_PROHIBITED);
}

/*
 * IPv6 policy rules, as ip4_input_rules(): one rte_acl_classify() per run of packets of one
 * VRF (no search for shared keys: correctness first), each match counted in this worker's
 * row of vsw_l3.rule_hits, a rule's table lookup added to the burst's lookups (the VRF's
 * main table when no rule matched); blackhole and prohibit decide here.
 */
static __rte_noinline void
ip6_input_rules(const struct l3_dp *dp, const struct ip6_input_ctx *ctx, struct rte_mbuf **ms,
		struct ip6_rules *rl, rte_edge_t *nexts, struct ip6_lookups *lk)
{
	uint64_t *hits = vsw_l3.rule_hits + (size_t)ctx->worker * L3_RULE_COUNTERS;
	uint32_t res[RTE_GRAPH_BURST_SIZE];
	uint16_t i, j;

	for (i = 0; i < rl->n; i = j) {
		for (j = i + 1; j < rl->n && rl->vrf[j] == rl->vrf[i]; j++)
			;
		rte_acl_classify(dp->acl6[rl->vrf[i]], rl->kp + i, res + i, j - i, 1);
	}
	for (i = 0; i < rl->n; i++) {
		struct rte_mbuf *m = ms[rl->idx[i]];
		uint32_t act = L3_RULE_ACTION(res[i]);

		if (res[i] != 0)
			hits[L3_RULE_COUNTER(res[i])]++;
		if (likely(act != 0 && act < L3_RULE_BLACKHOLE))
			lookup6_add(lk, rl->idx[i], (uint8_t)(act - 1), ip6_hdr(m));
		else if (act == 0)
			lookup6_add(lk, rl->idx[i], rl->vrf[i], ip6_hdr(m));
		else
			nexts[rl->idx[i]] = ip6_rule_reject(dp, m, rl->vrf[i], act);
	}
}

/*
 * As ip4_input: the checks (and the policy rules of the packets of VRFs that have IPv6
 * rules, classified together), then one rte_fib6_lookup_bulk() per run of packets of one
 * table, then the forwarding step. A rule's table without a route for the destination falls
 * back to the VRF's main table, as IPv4's.
 */
static uint16_t
ip6_input_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	const struct l3_dp *dp = VSW_RCU_LOAD(vsw_l3.dp);
	rte_edge_t nexts[RTE_GRAPH_BURST_SIZE];
	struct ip6_lookups lk;
	struct ip6_rules rl;
	uint16_t base, i, n, j;

	for (base = 0; base < nb_objs; base += n) {
		struct rte_mbuf **ms = (struct rte_mbuf **)objs + base;

		n = RTE_MIN(nb_objs - base, RTE_GRAPH_BURST_SIZE);
		lk.n = 0;
		rl.n = 0;
		for (i = 0; i < n; i++) {
			const struct vsw_mbuf_meta *meta = vsw_mbuf_meta(ms[i]);
			uint8_t vrf = meta->l3.vrf;

			if (likely(i + 4 < n))
				rte_prefetch0(rte_pktmbuf_mtod(ms[i + 4], void *));
			vsw_mbuf_meta(ms[i])->l3.v6 = 1;
			nexts[i] = ip6_input_check(dp, ms[i]);
			if (nexts[i] != IP6_IN_LOOKUP)
				continue;
			if (unlikely(dp->acl6[vrf] != NULL) && !ip6_is_nd(ms[i])) {
				l3_rules_key6(&dp->acl6_pack[vrf], rl.keys[rl.n], ip6_hdr(ms[i]),
					      ms[i]->data_len - sizeof(struct rte_ether_hdr),
					      meta->l3.rif);
				rl.kp[rl.n] = rl.keys[rl.n];
				rl.vrf[rl.n] = vrf;
				rl.idx[rl.n++] = i;
				continue;
			}
			lookup6_add(&lk, i, vrf, ip6_hdr(ms[i]));
		}
		if (unlikely(rl.n > 0))
			ip6_input_rules(dp, (const struct ip6_input_ctx *)node->ctx, ms, &rl, nexts,
					&lk);
		for (i = 0; i < lk.n; i = j) {
			uint8_t s = lk.slot[i];

			for (j = i + 1; j < lk.n && lk.slot[j] == s; j++)
				;
			if (likely(dp->fib6[s] != NULL))
				rte_fib6_lookup_bulk(dp->fib6[s], lk.ips + i, lk.nhs + i, j - i);
			else
				memset(lk.nhs + i, 0, sizeof(lk.nhs[0]) * (j - i));
		}
		for (i = 0; i < lk.n; i++) {
			struct rte_mbuf *m = ms[lk.idx[i]];
			uint8_t vrf = vsw_mbuf_meta(m)->l3.vrf;
			uint32_t nh = lk.nhs[i] != 0 ? (uint32_t)lk.nhs[i] : UINT32_MAX;

			if (unlikely(nh == UINT32_MAX && lk.slot[i] != vrf))
				nh = l3_lookup6_one(dp, vrf, ip6_hdr(m)->dst_addr);
			nexts[lk.idx[i]] = ip6_input_forward(dp, m, nh);
		}
		if (likely(n == nb_objs))
			vsw_node_enqueue_burst(graph, node, objs, nexts, n);
		else
			vsw_node_enqueue_runs(graph, node, objs + base, nexts, n);
	}
	return nb_objs;
}

static int
ip6_input_init(const struct rte_graph *graph, struct rte_node *node)
{
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);

	/* Graphs of no worker (unit tests) count in worker 0's row. */
	((struct ip6_input_ctx *)node->ctx)->worker = w != NULL ? w->index : 0;
	return 0;
}

static struct rte_node_register ip6_input_node = {
	.name = L3_NODE_IP6_INPUT,
	.process = ip6_input_process,
	.init = ip6_input_init,
	.nb_edges = IP6_IN_EDGE_COUNT,
	.next_nodes = {
		L3_FWD6_NEXT_NODES_BUT_ICMP,
		[L3_FWD_ICMP_ERROR] = L3_NODE_ICMP6_ERROR,
		[IP6_IN_LOCAL] = L3_NODE_IP6_LOCAL,
		[IP6_IN_DROP_TRUNCATED] = VSW_DROP_NODE(ip6_truncated),
		[IP6_IN_DROP_VERSION] = VSW_DROP_NODE(ip6_bad_version),
		[IP6_IN_DROP_LENGTH] = VSW_DROP_NODE(ip6_bad_length),
		[IP6_IN_DROP_MARTIAN] = VSW_DROP_NODE(ip6_martian),
		[IP6_IN_DROP_NOT_UNICAST] = VSW_DROP_NODE(ip6_not_unicast),
		[IP6_IN_DROP_LINK_LOCAL] = VSW_DROP_NODE(ip6_link_local),
		[IP6_IN_DROP_RULE] = VSW_DROP_NODE(ip6_rule_blackhole),
	},
};
RTE_NODE_REGISTER(ip6_input_node);

/* ---- icmp6_error ------------------------------------------------------------------------- */

enum {
	ICMP6_ERR_DROP_SUPPRESSED = L3_FWD_EDGE_COUNT,
	ICMP6_ERR_DROP_NO_ROUTE,
	ICMP6_ERR_DROP_RATE,
	ICMP6_ERR_EDGE_COUNT
};

/* RFC 4443 2.4(c): as much of the packet as fits in the minimum MTU. */
#define ICMP6_ERR_MAX_LEN IP6_MIN_MTU

/* Is the packet an ICMPv6 error (no error about an error, RFC 4443 2.4(e)). */
static __rte_always_inline bool
is_icmp6_error(const struct rte_mbuf *m, const struct rte_ipv6_hdr *ip)
{
	const struct icmp6_hdr *ic = (const struct icmp6_hdr *)(ip + 1);

	return ip->proto == IPPROTO_ICMPV6 &&
	       ((const uint8_t *)ic >= rte_pktmbuf_mtod(m, const uint8_t *) + m->data_len ||
		ic->type < 128);
}

static __rte_always_inline rte_edge_t
icmp6_error_one(const void *arg, struct rte_mbuf *m)
{
	const struct icmp_err_run *run = arg;
	const struct l3_dp *dp = run->dp;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct rte_ipv6_hdr *orig = ip6_hdr(m), *ip;
	struct rte_ether_addr from = rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->src_addr;
	struct icmp6_hdr *ic;
	_Alignas(8) uint8_t src[16]; /* rte_hash_crc() reads 8 bytes at a time */
	uint8_t to[16];
	uint32_t quote, nh;
	rte_edge_t e;

	memcpy(src, orig->src_addr, 16);
	memcpy(to, orig->dst_addr, 16);
	if (src[0] == 0xff || ip6_is_zero(src) || is_icmp6_error(m, orig) || m->nb_segs > 1 ||
	    (orig->dst_addr[0] == 0xff && meta->l3.icmp_type != ICMP6_PKT_TOO_BIG))
		return ICMP6_ERR_DROP_SUPPRESSED;
	if (!icmp_rate_ok(run, rte_hash_crc(src, 16, 0)))
		return ICMP6_ERR_DROP_RATE;
	quote = RTE_MIN(m->pkt_len - sizeof(struct rte_ether_hdr),
			ICMP6_ERR_MAX_LEN - sizeof(*ip) - sizeof(*ic));
	if (rte_pktmbuf_prepend(m, sizeof(*ip) + sizeof(*ic)) == NULL)
		return ICMP6_ERR_DROP_SUPPRESSED;
	rte_pktmbuf_trim(m, (uint16_t)(m->pkt_len - (sizeof(struct rte_ether_hdr) + sizeof(*ip) +
						       sizeof(*ic) + quote)));
	ip = ip6_hdr(m);
	ic = (struct icmp6_hdr *)(ip + 1);
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16((uint16_t)(sizeof(*ic) + quote));
	ip->proto = IPPROTO_ICMPV6;
	ip->hop_limits = 64;
	memcpy(ip->dst_addr, src, 16);
	/* From the address the packet was for when it is ours (port unreachable), as Linux;
	 * else from the interface's address on the source's side. */
	nh = l3_lookup6(dp, meta->l3.vrf, to);
	memcpy(ip->src_addr,
	       nh != UINT32_MAX && vsw_l3.nh[nh].type == NH_LOCAL ?
		       to :
		       l3_rif_addr6_for(&dp->rif[meta->l3.rif], src),
	       16);
	ic->type = meta->l3.icmp_type;
	ic->code = meta->l3.icmp_code;
	ic->data = ic->type == ICMP6_PKT_TOO_BIG ? rte_cpu_to_be_32(meta->l3.target) : 0;
	ic->cksum = 0;
	ic->cksum = rte_ipv6_udptcp_cksum(ip, ic);
	meta->l3.icmp_type = 0;
	if (ip6_is_ll(src))
		return back_on_link(dp, m, meta, &from);
	nh = l3_lookup6(dp, meta->l3.vrf, src);
	if (nh == UINT32_MAX || vsw_l3.nh[nh].type == NH_LOCAL)
		return ICMP6_ERR_DROP_NO_ROUTE;
	e = l3_send6(dp, m, meta, nh);
	return e == L3_FWD_ICMP_ERROR ? ICMP6_ERR_DROP_NO_ROUTE : e;
}

static uint16_t
icmp6_error_process(struct rte_graph *graph, struct rte_node *node, void **objs,
		    uint16_t nb_objs)
{
	struct icmp_err_run run = {.dp = VSW_RCU_LOAD(vsw_l3.dp),
				   .tat = ((struct icmp_err_ctx *)node->ctx)->tat,
				   .now = rte_rdtsc()};

	return vsw_node_classify(graph, node, objs, nb_objs, &run, icmp6_error_one);
}

static struct rte_node_register icmp6_error_node = {
	.name = L3_NODE_ICMP6_ERROR,
	.process = icmp6_error_process,
	.init = l3_icmp_rl_init,
	.fini = l3_icmp_rl_fini,
	.nb_edges = ICMP6_ERR_EDGE_COUNT,
	.next_nodes = {
		L3_FWD6_NEXT_NODES_BUT_ICMP,
		[L3_FWD_ICMP_ERROR] = VSW_DROP_NODE(icmp6_error_no_route),
		[ICMP6_ERR_DROP_SUPPRESSED] = VSW_DROP_NODE(icmp6_error_suppressed),
		[ICMP6_ERR_DROP_NO_ROUTE] = VSW_DROP_NODE(icmp6_error_no_route),
		[ICMP6_ERR_DROP_RATE] = VSW_DROP_NODE(icmp6_rate_limited),
	},
};
RTE_NODE_REGISTER(icmp6_error_node);

/* ---- The ICMP error nodes' rate limit (l3_icmp_rl.h) ------------------------------------- */

int
l3_icmp_rl_init(const struct rte_graph *graph, struct rte_node *node)
{
	struct icmp_err_ctx *c = (struct icmp_err_ctx *)node->ctx;

	RTE_BUILD_BUG_ON(sizeof(*c) > RTE_NODE_CTX_SZ);
	c->tat = rte_zmalloc_socket("vsw_icmp_rl", sizeof(uint64_t) * ICMP_RL_BUCKETS, 0,
				    graph->socket);
	return 0; /* without it, errors are not limited */
}

void
l3_icmp_rl_fini(const struct rte_graph *graph, struct rte_node *node)
{
	RTE_SET_USED(graph);
	rte_free(((struct icmp_err_ctx *)node->ctx)->tat);
}
