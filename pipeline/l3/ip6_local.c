/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv6 addressed to the router: ip6_local hands UDP to a listener's node (the VXLAN decap,
 * l3_hook.h), answers echo requests and neighbour solicitations,
 * learns neighbours from solicitations and advertisements (RFC 4861 7.2.3, 7.2.5), hands
 * router solicitations to the control thread (which answers with a router advertisement,
 * l3_nd_ctl.c), and the rest to the VRF's host path (l3_host.h) or, without one, answers as
 * a host with no socket listening: TCP's RST (l3_tcp_rst.c), UDP's port unreachable.
 * nd_request resolves a next hop: a neighbour solicitation to the target's solicited-node
 * group (at most one per next hop per second), the packet held meanwhile in the hold queue
 * IPv4 uses (l3_hold.c).
 */
#include <string.h>

#include <rte_cycles.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_ring.h>
#include <rte_udp.h>

#include "core/drop.h"
#include "l3/l3_host.h"
#include "l3/l3_ip6.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(ip6_local_unhandled, VSW_DROP_RX,
		 "IPv6 to one of our addresses, neither ICMPv6 echo nor neighbour discovery, nor "
		 "for the host path, TCP's RST or UDP's port unreachable");
VSW_DROP_DECLARE(icmp6_bad, VSW_DROP_RX, "ICMPv6 message too short or its checksum wrong");
VSW_DROP_DECLARE(ip6_bad_ext, VSW_DROP_RX,
		 "IPv6 to us whose extension header chain runs past the packet");
VSW_DROP_DECLARE(nd_malformed, VSW_DROP_RX,
		 "neighbour discovery message with a hop limit other than 255, a code, a bad "
		 "length or option, or a multicast target (RFC 4861 7.1)");
VSW_DROP_DECLARE(nd_not_for_us, VSW_DROP_RX, "neighbour solicitation for an address not ours");
VSW_DROP_DECLARE(nd_consumed, VSW_DROP_RX,
		 "neighbour advertisement or router solicitation taken in (not an error)");
VSW_DROP_DECLARE(ip6_neigh_pending, VSW_DROP_RX,
		 "IPv6 next hop not resolved and its hold queue full (4 packets; 64 for a subnet)");

#define HOLD_PER_NH 4
#define HOLD_PER_GLEAN 64

void
l3_learn6_post(const uint8_t *ip, uint16_t rif, const uint8_t *mac, bool create)
{
	struct l3_learn ev;

	memset(&ev, 0, sizeof(ev));
	ev.v6 = 1;
	memcpy(ev.ip6, ip, 16);
	ev.rif = rif;
	ev.create = create;
	if (mac != NULL)
		memcpy(ev.mac, mac, sizeof(ev.mac));
	else
		ev.resolve = 1;
	rte_ring_mp_enqueue_elem(vsw_l3.learn, &ev, sizeof(ev));
}

/* A router solicitation on interface @p rif, for the control thread (an event without an
 * address: resolve and create both 0, rs 1). */
static void
rs_post(uint16_t rif)
{
	struct l3_learn ev;

	memset(&ev, 0, sizeof(ev));
	ev.v6 = 1;
	ev.reserved = 1; /* router solicitation */
	ev.rif = rif;
	rte_ring_mp_enqueue_elem(vsw_l3.learn, &ev, sizeof(ev));
}

/* The link-layer address option of type @p type in the options after @p off, or NULL; 0 in
 * *bad when the options are well formed (every option's length non-zero, within @p len). */
static const uint8_t *
nd_lladdr(const uint8_t *p, uint32_t off, uint32_t len, uint8_t type, bool *bad)
{
	const uint8_t *found = NULL;

	*bad = false;
	while (off + 2 <= len) {
		uint32_t olen = p[off + 1] * 8u;

		if (olen == 0 || off + olen > len) {
			*bad = true;
			return NULL;
		}
		if (p[off] == type && olen >= 8)
			found = p + off + 2;
		off += olen;
	}
	return found;
}

void
l3_ns_build(struct rte_mbuf *m, const struct l3_rif *r, uint16_t rif, const uint8_t *target,
	    const uint8_t *dmac)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct rte_ether_hdr *eth;
	struct rte_ipv6_hdr *ip;
	struct nd_msg *ns;
	uint8_t *opt;

	vsw_mbuf_meta_rx(meta, rif);
	memset(&meta->l3, 0, sizeof(meta->l3));
	meta->out_port = rif;
	meta->l3.rif = rif;
	meta->l3.vrf = r->vrf;
	meta->l3.v6 = 1;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, sizeof(*eth) + sizeof(*ip) +
								sizeof(*ns) + 8);
	ip = (struct rte_ipv6_hdr *)(eth + 1);
	ns = (struct nd_msg *)(ip + 1);
	opt = (uint8_t *)(ns + 1);
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->payload_len = RTE_BE16(sizeof(*ns) + 8);
	ip->proto = IPPROTO_ICMPV6;
	ip->hop_limits = 255;
	memcpy(ip->src_addr, l3_rif_addr6_for(r, target), 16);
	if (dmac != NULL) {
		memcpy(ip->dst_addr, target, 16);
		memcpy(&eth->dst_addr, dmac, RTE_ETHER_ADDR_LEN);
	} else {
		ip6_solicited(target, ip->dst_addr);
		eth->dst_addr = (struct rte_ether_addr){{0x33, 0x33, ip->dst_addr[12],
							 ip->dst_addr[13], ip->dst_addr[14],
							 ip->dst_addr[15]}};
	}
	rte_ether_addr_copy(&r->mac, &eth->src_addr);
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	memset(ns, 0, sizeof(*ns));
	ns->h.type = ND_NEIGHBOR_SOLICIT;
	memcpy(ns->target, target, 16);
	opt[0] = ND_OPT_SOURCE_LL;
	opt[1] = 1;
	memcpy(opt + 2, r->mac.addr_bytes, 6);
	ns->h.cksum = rte_ipv6_udptcp_cksum(ip, ns);
}

/* ---- ip6_local --------------------------------------------------------------------------- */

enum {
	IP6_LOCAL_DROP_UNHANDLED = L3_FWD_EDGE_COUNT,
	IP6_LOCAL_DROP_EXT,
	IP6_LOCAL_DROP_ICMP,
	IP6_LOCAL_DROP_ND,
	IP6_LOCAL_DROP_NOT_FOR_US,
	IP6_LOCAL_CONSUMED,
	IP6_LOCAL_HOST,
	IP6_LOCAL_TCP_RESET,
	IP6_LOCAL_EDGE_COUNT
};

#define NA_ROUTER 0x80u
#define NA_SOLICITED 0x40u
#define NA_OVERRIDE 0x20u

/* Proxy ND (Linux's proxy_ndp): @p target is reached through another interface than @p rif,
 * to a neighbour or a connected subnet's host. */
static bool
proxied6(const struct l3_dp *dp, uint16_t rif, const struct l3_rif *r, const uint8_t *target)
{
	uint32_t id = l3_lookup6(dp, r->vrf, target);
	const struct l3_nh *nh;

	if (id == UINT32_MAX)
		return false;
	nh = &vsw_l3.nh[id];
	if (nh->type == NH_ECMP)
		nh = &vsw_l3.nh[vsw_l3.groups[nh->ip].nh[0]];
	return (nh->type == NH_NEIGH || nh->type == NH_GLEAN) && nh->rif != rif;
}

/* Answer neighbour solicitation @p m in place: a neighbour advertisement for its target,
 * from the target itself; as a proxy (@p proxy) from our address towards the solicitor and
 * without the override flag, so a neighbour's own answer wins (RFC 4861 7.2.8). */
static rte_edge_t
nd_answer(const struct l3_dp *dp, struct rte_mbuf *m, struct vsw_mbuf_meta *meta,
	  const uint8_t *sll, bool proxy)
{
	const struct l3_rif *r = &dp->rif[meta->l3.rif];
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(eth + 1);
	struct nd_msg *na = (struct nd_msg *)(ip + 1);
	uint32_t want = sizeof(*eth) + sizeof(*ip) + sizeof(*na) + 8;
	bool dad = ip6_is_zero(ip->src_addr);
	uint8_t *opt;

	if (m->pkt_len > want)
		rte_pktmbuf_trim(m, (uint16_t)(m->pkt_len - want));
	else if (m->pkt_len < want && rte_pktmbuf_append(m, (uint16_t)(want - m->pkt_len)) == NULL)
		return IP6_LOCAL_DROP_ND;
	/* To the solicitor (its link-layer address option, else the frame's source); to all
	 * nodes when it has no address yet (RFC 4861 7.2.4). */
	if (dad) {
		static const uint8_t all[16] = {0xff, 0x02, [15] = 1};

		memcpy(ip->dst_addr, all, 16);
		eth->dst_addr = (struct rte_ether_addr){{0x33, 0x33, 0, 0, 0, 1}};
	} else {
		memcpy(ip->dst_addr, ip->src_addr, 16);
		if (sll != NULL)
			memcpy(&eth->dst_addr, sll, RTE_ETHER_ADDR_LEN);
		else
			eth->dst_addr = eth->src_addr;
	}
	if (!proxy)
		memcpy(ip->src_addr, na->target, 16);
	else /* Linux's source address selection: link-local towards all nodes */
		memcpy(ip->src_addr, dad ? r->ll : l3_rif_addr6_for(r, ip->dst_addr), 16);
	rte_ether_addr_copy(&r->mac, &eth->src_addr);
	ip->payload_len = RTE_BE16(sizeof(*na) + 8);
	ip->hop_limits = 255;
	na->h.type = ND_NEIGHBOR_ADVERT;
	na->h.code = 0;
	na->h.data = rte_cpu_to_be_32((NA_ROUTER | (dad ? 0 : NA_SOLICITED) |
				       (proxy ? 0 : NA_OVERRIDE)) << 24);
	opt = (uint8_t *)(na + 1);
	opt[0] = ND_OPT_TARGET_LL;
	opt[1] = 1;
	memcpy(opt + 2, r->mac.addr_bytes, 6);
	na->h.cksum = 0;
	na->h.cksum = rte_ipv6_udptcp_cksum(ip, na);
	meta->out_port = meta->l3.rif;
	return L3_FWD_OUTPUT;
}

/* Neighbour discovery: solicitations answered, advertisements and solicitations learned,
 * router solicitations passed on. */
static rte_edge_t
nd_input(const struct l3_dp *dp, struct rte_mbuf *m, struct vsw_mbuf_meta *meta, uint32_t len)
{
	const struct l3_rif *r = &dp->rif[meta->l3.rif];
	struct rte_ipv6_hdr *ip = ip6_hdr(m);
	struct nd_msg *nd = (struct nd_msg *)(ip + 1);
	const uint8_t *ll;
	bool bad, proxy;

	if (ip->hop_limits != 255 || nd->h.code != 0)
		return IP6_LOCAL_DROP_ND;
	if (nd->h.type == ND_ROUTER_SOLICIT) {
		ll = nd_lladdr((const uint8_t *)nd, 8, len, ND_OPT_SOURCE_LL, &bad);
		if (bad || (ll != NULL && ip6_is_zero(ip->src_addr)))
			return IP6_LOCAL_DROP_ND;
		if (ll != NULL)
			l3_learn6_post(ip->src_addr, meta->l3.rif, ll, true);
		if (r->ra)
			rs_post(meta->l3.rif);
		return IP6_LOCAL_CONSUMED;
	}
	if (len < sizeof(*nd) || nd->target[0] == 0xff)
		return IP6_LOCAL_DROP_ND;
	if (nd->h.type == ND_NEIGHBOR_ADVERT) {
		ll = nd_lladdr((const uint8_t *)nd, sizeof(*nd), len, ND_OPT_TARGET_LL, &bad);
		if (bad)
			return IP6_LOCAL_DROP_ND;
		/* Without the option the frame's source is the target's MAC (RFC 4861 7.2.5). */
		l3_learn6_post(nd->target, meta->l3.rif,
			       ll != NULL ? ll :
					    rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->src_addr.addr_bytes,
			       false);
		return IP6_LOCAL_CONSUMED;
	}
	/* A solicitation. */
	ll = nd_lladdr((const uint8_t *)nd, sizeof(*nd), len, ND_OPT_SOURCE_LL, &bad);
	if (bad || (ll != NULL && ip6_is_zero(ip->src_addr)))
		return IP6_LOCAL_DROP_ND;
	proxy = !l3_rif_has6(r, nd->target);
	if (proxy && !(r->proxy_nd && proxied6(dp, meta->l3.rif, r, nd->target)))
		return IP6_LOCAL_DROP_NOT_FOR_US;
	if (ll != NULL)
		l3_learn6_post(ip->src_addr, meta->l3.rif, ll, true);
	return nd_answer(dp, m, meta, ll, proxy);
}

/* Hop-by-hop, routing and destination options headers in front of the upper layer: skipped
 * and taken out of the packet (what the router answers carries none; an MLD report's router
 * alert, a ping with options). @return false when the chain runs past the packet. */
static bool
ip6_strip_ext(struct rte_mbuf *m)
{
	struct rte_ipv6_hdr *ip = ip6_hdr(m);
	const uint8_t *p = (const uint8_t *)(ip + 1);
	uint32_t len = rte_be_to_cpu_16(ip->payload_len), off = 0;
	uint32_t avail = m->data_len - sizeof(struct rte_ether_hdr) - sizeof(*ip);
	uint8_t next = ip->proto;

	while (next == IPPROTO_HOPOPTS || next == IPPROTO_ROUTING || next == IPPROTO_DSTOPTS) {
		if (off + 8 > len || off + 8 > avail)
			return false;
		next = p[off];
		off += (p[off + 1] + 1u) * 8;
		if (off > len || off > avail)
			return false;
	}
	if (off == 0)
		return true;
	ip->proto = next;
	ip->payload_len = rte_cpu_to_be_16((uint16_t)(len - off));
	memmove(rte_pktmbuf_mtod_offset(m, uint8_t *, off), rte_pktmbuf_mtod(m, uint8_t *),
		sizeof(struct rte_ether_hdr) + sizeof(*ip));
	rte_pktmbuf_adj(m, (uint16_t)off);
	return true;
}

/* Answer echo request @p m in place: from the address asked (or, for a group, ours on the
 * asker's subnet), hop limit 64, routed back (or straight back to a link-local asker). */
static rte_edge_t
echo_reply(const struct l3_dp *dp, struct rte_mbuf *m, struct vsw_mbuf_meta *meta)
{
	struct rte_ipv6_hdr *ip = ip6_hdr(m);
	struct icmp6_hdr *ic = (struct icmp6_hdr *)(ip + 1);
	struct rte_ether_addr from;
	uint8_t t[16];
	uint32_t nh;
	rte_edge_t e;

	ic->type = ICMP6_ECHO_REPLY;
	if (ip->dst_addr[0] == 0xff)
		memcpy(ip->dst_addr, l3_rif_addr6_for(&dp->rif[meta->l3.rif], ip->src_addr), 16);
	memcpy(t, ip->src_addr, 16);
	memcpy(ip->src_addr, ip->dst_addr, 16);
	memcpy(ip->dst_addr, t, 16);
	ip->hop_limits = 64;
	ic->cksum = 0;
	ic->cksum = rte_ipv6_udptcp_cksum(ip, ic);
	if (ip6_is_ll(ip->dst_addr)) {
		from = rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->src_addr;
		return back_on_link(dp, m, meta, &from);
	}
	nh = l3_lookup6(dp, meta->l3.vrf, ip->dst_addr);
	if (nh == UINT32_MAX)
		return IP6_LOCAL_DROP_UNHANDLED;
	e = l3_send6(dp, m, meta, nh);
	return e == L3_FWD_ICMP_ERROR ? IP6_LOCAL_DROP_UNHANDLED : e;
}

/* Not ours to answer: to one of our unicast addresses but a link-local one, the VRF's host
 * path takes it (the kernel answers: TCP, UDP, ICMPv6 errors and echo replies for its own
 * sockets). Without one no socket listens here, and the router answers as Linux then does:
 * UDP gets "port unreachable" (traceroute6's probes), TCP a RST (tcp6_reset); the rest is
 * dropped. */
static __rte_always_inline rte_edge_t
ip6_local_not_ours(struct vsw_mbuf_meta *meta, const struct rte_ipv6_hdr *ip)
{
	if (ip->dst_addr[0] == 0xff)
		return IP6_LOCAL_DROP_UNHANDLED;
	if (!ip6_is_ll(ip->dst_addr) && l3_host_on6(meta->l3.vrf))
		return IP6_LOCAL_HOST;
	if (ip->proto == IPPROTO_UDP)
		return l3_icmp_error(meta, ICMP6_DST_UNREACH, ICMP6_PORT_UNREACH);
	if (ip->proto == IPPROTO_TCP)
		return IP6_LOCAL_TCP_RESET;
	return IP6_LOCAL_DROP_UNHANDLED;
}

struct ip6_local_run {
	const struct l3_dp *dp;
	const struct l3_udp_listeners *udp;
};

/* The edge of the listener of UDP datagram @p m (UDP right after the fixed header), or
 * RTE_EDGE_ID_INVALID. */
static __rte_noinline rte_edge_t
udp6_listener(const struct l3_udp_listeners *u, const struct vsw_mbuf_meta *meta,
	      const struct rte_mbuf *m, const struct rte_ipv6_hdr *ip)
{
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)(ip + 1);

	if (m->data_len < sizeof(struct rte_ether_hdr) + sizeof(*ip) + sizeof(*udp))
		return RTE_EDGE_ID_INVALID;
	for (unsigned int i = u->n; i < u->n + u->n6; i++)
		if (u->l[i].port == udp->dst_port && u->l[i].vrf == meta->l3.vrf &&
		    memcmp(u->l[i].addr6, ip->dst_addr, 16) == 0)
			return u->edge6[u->l[i].hook - 1];
	return RTE_EDGE_ID_INVALID;
}

static __rte_always_inline rte_edge_t
ip6_local_one(const void *arg, struct rte_mbuf *m)
{
	const struct ip6_local_run *run = arg;
	const struct l3_dp *dp = run->dp;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct rte_ipv6_hdr *ip;
	struct icmp6_hdr *ic;
	uint32_t len;
	rte_edge_t e;

	meta->l3.v6 = 1;
	/* A listener's datagram may span segments (a jumbo VXLAN packet): it needs only its
	 * headers in the first. */
	if (ip6_hdr(m)->proto == IPPROTO_UDP && run->udp != NULL && run->udp->n6 != 0) {
		e = udp6_listener(run->udp, meta, m, ip6_hdr(m));
		if (e != RTE_EDGE_ID_INVALID)
			return e;
	}
	if (m->nb_segs > 1)
		return IP6_LOCAL_DROP_UNHANDLED;
	if (unlikely(ip6_hdr(m)->proto != IPPROTO_ICMPV6) && !ip6_strip_ext(m))
		return IP6_LOCAL_DROP_EXT;
	ip = ip6_hdr(m);
	ic = (struct icmp6_hdr *)(ip + 1);
	len = rte_be_to_cpu_16(ip->payload_len);
	if (ip->proto != IPPROTO_ICMPV6)
		return ip6_local_not_ours(meta, ip);
	if (len < sizeof(*ic) || sizeof(struct rte_ether_hdr) + sizeof(*ip) + len > m->data_len ||
	    rte_ipv6_udptcp_cksum_verify(ip, ic) != 0)
		return IP6_LOCAL_DROP_ICMP;
	if (ic->type >= ND_ROUTER_SOLICIT && ic->type <= ND_NEIGHBOR_ADVERT &&
	    ic->type != ND_ROUTER_ADVERT)
		return nd_input(dp, m, meta, len);
	if (ic->type != ICMP6_ECHO_REQUEST || ic->code != 0)
		return ip6_local_not_ours(meta, ip);
	return echo_reply(dp, m, meta);
}

static uint16_t
ip6_local_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct ip6_local_run run = {.dp = VSW_RCU_LOAD(vsw_l3.dp),
				    .udp = VSW_RCU_LOAD(l3_udp_listen)};

	return vsw_node_classify(graph, node, objs, nb_objs, &run, ip6_local_one);
}

static struct rte_node_register ip6_local_node = {
	.name = L3_NODE_IP6_LOCAL,
	.process = ip6_local_process,
	.nb_edges = IP6_LOCAL_EDGE_COUNT,
	.next_nodes = {
		L3_FWD6_NEXT_NODES_BUT_ICMP,
		[L3_FWD_ICMP_ERROR] = L3_NODE_ICMP6_ERROR,
		[IP6_LOCAL_DROP_UNHANDLED] = VSW_DROP_NODE(ip6_local_unhandled),
		[IP6_LOCAL_DROP_EXT] = VSW_DROP_NODE(ip6_bad_ext),
		[IP6_LOCAL_DROP_ICMP] = VSW_DROP_NODE(icmp6_bad),
		[IP6_LOCAL_DROP_ND] = VSW_DROP_NODE(nd_malformed),
		[IP6_LOCAL_DROP_NOT_FOR_US] = VSW_DROP_NODE(nd_not_for_us),
		[IP6_LOCAL_CONSUMED] = VSW_DROP_NODE(nd_consumed),
		[IP6_LOCAL_HOST] = L3_NODE_HOST,
		[IP6_LOCAL_TCP_RESET] = L3_NODE_TCP6_RESET,
	},
};
RTE_NODE_REGISTER(ip6_local_node);

/* ---- nd_request -------------------------------------------------------------------------- */

enum { ND_REQ_OUTPUT, ND_REQ_DROP_PENDING, ND_REQ_DROP_GONE, ND_REQ_EDGE_COUNT };

static uint16_t
nd_request_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	const struct l3_dp *dp = VSW_RCU_LOAD(vsw_l3.dp);
	uint64_t now = rte_rdtsc();
	uint16_t i;

	for (i = 0; i < nb_objs; i++) {
		struct rte_mbuf *m = objs[i], *a;
		struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
		struct l3_nh *nh = &vsw_l3.nh[meta->l3.nh];
		const struct l3_rif *r = &dp->rif[meta->out_port];
		uint16_t limit = nh->type == NH_GLEAN ? HOLD_PER_GLEAN : HOLD_PER_NH;
		const uint8_t *target;
		bool ask = true;

		if (unlikely(!r->present)) {
			vsw_node_enqueue_x1(graph, node, ND_REQ_DROP_GONE, m);
			continue;
		}
		if (nh->type == NH_NEIGH) {
			target = vsw_l3.ip6[meta->l3.nh];
			ask = now - nh->req_tsc >= vsw_l3.arp_retry_tsc;
			if (ask)
				nh->req_tsc = now;
		} else {
			/* A host of a connected subnet: the control thread makes its entry. */
			target = ip6_hdr(m)->dst_addr;
			l3_learn6_post(target, meta->out_port, NULL, true);
		}
		if (ask && (a = rte_pktmbuf_alloc(m->pool)) != NULL) {
			l3_ns_build(a, r, meta->out_port, target, NULL);
			vsw_node_enqueue_x1(graph, node, ND_REQ_OUTPUT, a);
		}
		meta->l3.v6 = 1;
		if (__atomic_fetch_add(&nh->held, 1, __ATOMIC_RELAXED) < limit &&
		    rte_ring_mp_enqueue(vsw_l3.hold, m) == 0)
			continue;
		__atomic_fetch_sub(&nh->held, 1, __ATOMIC_RELAXED);
		vsw_node_enqueue_x1(graph, node, ND_REQ_DROP_PENDING, m);
	}
	return nb_objs;
}

static struct rte_node_register nd_request_node = {
	.name = L3_NODE_ND_REQUEST,
	.process = nd_request_process,
	.nb_edges = ND_REQ_EDGE_COUNT,
	.next_nodes = {
		[ND_REQ_OUTPUT] = L3_NODE_OUTPUT,
		[ND_REQ_DROP_PENDING] = VSW_DROP_NODE(ip6_neigh_pending),
		[ND_REQ_DROP_GONE] = "drop_l3_rif_gone",
	},
};
RTE_NODE_REGISTER(nd_request_node);
