/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv6: ip6_input (check the header, look the destination up, decrement the hop limit,
 * forward) and icmp6_error (time exceeded, unreachables, packet too big, built in place of
 * the packet they are about). What is addressed to us: ip6_local.c.
 */
#include <string.h>

#include <rte_cycles.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_malloc.h>

#include "core/drop.h"
#include "l3/l3_icmp_rl.h"
#include "l3/l3_ip6.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

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

/* As ip4_input: the checks, then one rte_fib6_lookup_bulk() per run of one VRF, then the
 * forwarding step. (No policy rules for IPv6: they are IPv4's.) */
static uint16_t
ip6_input_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	const struct l3_dp *dp = VSW_RCU_LOAD(vsw_l3.dp);
	rte_edge_t nexts[RTE_GRAPH_BURST_SIZE];
	uint8_t ips[RTE_GRAPH_BURST_SIZE][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t nhs[RTE_GRAPH_BURST_SIZE];
	uint16_t idx[RTE_GRAPH_BURST_SIZE];
	uint16_t base, i, n, k, j;

	for (base = 0; base < nb_objs; base += n) {
		struct rte_mbuf **ms = (struct rte_mbuf **)objs + base;

		n = RTE_MIN(nb_objs - base, RTE_GRAPH_BURST_SIZE);
		for (i = 0, k = 0; i < n; i++) {
			if (likely(i + 4 < n))
				rte_prefetch0(rte_pktmbuf_mtod(ms[i + 4], void *));
			vsw_mbuf_meta(ms[i])->l3.v6 = 1;
			nexts[i] = ip6_input_check(dp, ms[i]);
			if (nexts[i] != IP6_IN_LOOKUP)
				continue;
			idx[k] = i;
			memcpy(ips[k++], ip6_hdr(ms[i])->dst_addr, 16);
		}
		for (i = 0; i < k; i = j) {
			uint8_t vrf = vsw_mbuf_meta(ms[idx[i]])->l3.vrf;

			for (j = i + 1; j < k && vsw_mbuf_meta(ms[idx[j]])->l3.vrf == vrf; j++)
				;
			if (likely(dp->fib6[vrf] != NULL))
				rte_fib6_lookup_bulk(dp->fib6[vrf], ips + i, nhs + i, j - i);
			else
				memset(nhs + i, 0, sizeof(nhs[0]) * (j - i));
		}
		for (i = 0; i < k; i++)
			nexts[idx[i]] = ip6_input_forward(dp, ms[idx[i]],
							  nhs[i] != 0 ? (uint32_t)nhs[i] : UINT32_MAX);
		if (likely(n == nb_objs))
			vsw_node_enqueue_burst(graph, node, objs, nexts, n);
		else
			vsw_node_enqueue_runs(graph, node, objs + base, nexts, n);
	}
	return nb_objs;
}

static struct rte_node_register ip6_input_node = {
	.name = L3_NODE_IP6_INPUT,
	.process = ip6_input_process,
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
