/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packets waiting for a neighbour, as Linux queues them (its unres_qlen): arp_request sends
 * the ARP request (in a new mbuf, at most one per next hop per second) and hands the packet
 * to the control thread through the hold ring; the control thread keeps it until the
 * neighbour answers (then it gets its Ethernet header and goes out), or for 3 s (three
 * requests, Linux's mcast_solicit), after which it becomes an ICMP host unreachable to its
 * sender, as Linux answers. Held packets go back to the workers through the inject ring,
 * which the l3_inject source node of every worker's graph polls; a released packet takes
 * the egress MTU check there (l3_mtu_check()). Counted: sent, expired, lost (the hold full,
 * or the inject ring), shown by vsw_l3_stats_get().
 *
 * Bounds: 4 packets per next hop (64 for a connected subnet's hosts not known yet), 1,024
 * in all; beyond them a packet is dropped as ip4_neigh_pending.
 */
#include <string.h>

#include <rte_arp.h>
#include <rte_cycles.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_hash.h>
#include <rte_ring.h>

#include "core/drop.h"
#include "l3/l3_ctl6.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(ip4_neigh_pending, VSW_DROP_RX,
		 "next hop not resolved and its hold queue full (4 packets; 64 for a subnet)");

#define HOLD_PER_NH 4
#define HOLD_PER_GLEAN 64
#define HOLD_MAX 1024
#define HOLD_S 3 /* seconds: then ICMP host unreachable */

/* Make @p a the ARP request for @p target (network order) out of interface @p rif. */
static void
arp_request_build(struct rte_mbuf *a, const struct l3_rif *r, uint16_t rif, uint32_t target)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(a);
	struct rte_ether_hdr *eth;
	struct rte_arp_hdr *arp;

	vsw_mbuf_meta_rx(meta, rif);
	memset(&meta->l3, 0, sizeof(meta->l3));
	meta->out_port = rif;
	meta->l3.rif = rif;
	meta->l3.vrf = r->vrf;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(a, sizeof(*eth) + sizeof(*arp));
	arp = (struct rte_arp_hdr *)(eth + 1);
	memset(&eth->dst_addr, 0xff, RTE_ETHER_ADDR_LEN);
	rte_ether_addr_copy(&r->mac, &eth->src_addr);
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_ARP);
	arp->arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = RTE_ETHER_ADDR_LEN;
	arp->arp_plen = 4;
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REQUEST);
	rte_ether_addr_copy(&r->mac, &arp->arp_data.arp_sha);
	arp->arp_data.arp_sip = l3_rif_addr_for(r, target);
	memset(&arp->arp_data.arp_tha, 0, RTE_ETHER_ADDR_LEN);
	arp->arp_data.arp_tip = target;
}

/* ---- arp_request (workers) --------------------------------------------------------------- */

enum { ARP_REQ_OUTPUT, ARP_REQ_DROP_PENDING, ARP_REQ_DROP_GONE, ARP_REQ_EDGE_COUNT };

static uint16_t
arp_request_process(struct rte_graph *graph, struct rte_node *node, void **objs,
		    uint16_t nb_objs)
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
		bool ask = true;

		if (unlikely(!r->present)) {
			vsw_node_enqueue_x1(graph, node, ARP_REQ_DROP_GONE, m);
			continue;
		}
		if (nh->type == NH_NEIGH) {
			ask = now - nh->req_tsc >= vsw_l3.arp_retry_tsc;
			if (ask)
				nh->req_tsc = now;
		} else {
			/* A host of a connected subnet: the control thread makes its entry. */
			l3_learn_post(meta->l3.target, meta->out_port, NULL, true);
		}
		if (ask && (a = rte_pktmbuf_alloc(m->pool)) != NULL) {
			arp_request_build(a, r, meta->out_port, meta->l3.target);
			vsw_node_enqueue_x1(graph, node, ARP_REQ_OUTPUT, a);
		}
		if (__atomic_fetch_add(&nh->held, 1, __ATOMIC_RELAXED) < limit &&
		    rte_ring_mp_enqueue(vsw_l3.hold, m) == 0)
			continue;
		__atomic_fetch_sub(&nh->held, 1, __ATOMIC_RELAXED);
		vsw_node_enqueue_x1(graph, node, ARP_REQ_DROP_PENDING, m);
	}
	return nb_objs;
}

static struct rte_node_register arp_request_node = {
	.name = L3_NODE_ARP_REQUEST,
	.process = arp_request_process,
	.nb_edges = ARP_REQ_EDGE_COUNT,
	.next_nodes = {
		[ARP_REQ_OUTPUT] = L3_NODE_OUTPUT,
		[ARP_REQ_DROP_PENDING] = VSW_DROP_NODE(ip4_neigh_pending),
		[ARP_REQ_DROP_GONE] = "drop_l3_rif_gone",
	},
};
RTE_NODE_REGISTER(arp_request_node);

/* ---- l3_inject (workers): what the control thread sends ---------------------------------- */

/* l3_inject's edges: the forwarding ones (l3_mtu_check()'s), then ICMPv6 errors and the
 * host path's packets. */
enum { INJECT_ICMP6_ERROR = L3_FWD_EDGE_COUNT, INJECT_HOST, INJECT_HOST6, INJECT_EDGE_COUNT };

/* What the control thread sends: ARP and ND (its own requests and announcements), ICMP
 * errors to make (icmp_type set: held packets that expired), packets from the host path
 * to route (no egress chosen yet: l3_host.c) and held packets whose neighbour answered; IPv4
 * ones take the egress MTU check as forwarded ones do (fragmented, or "fragmentation
 * needed"). */
static __rte_always_inline rte_edge_t
l3_inject_one(const struct l3_dp *dp, struct rte_mbuf *m)
{
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);

	if (meta->l3.icmp_type != 0)
		return meta->l3.v6 ? INJECT_ICMP6_ERROR : L3_FWD_ICMP_ERROR;
	if (meta->out_port == VSW_PORT_NONE)
		return meta->l3.v6 ? INJECT_HOST6 : INJECT_HOST;
	if (eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV4) || meta->out_port >= VSW_MAX_IFACES)
		return L3_FWD_OUTPUT;
	return l3_mtu_check(&dp->rif[meta->out_port], m, meta);
}

static uint16_t
l3_inject_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	void *pkts[RTE_GRAPH_BURST_SIZE];
	const struct l3_dp *dp;
	unsigned int n, i;

	RTE_SET_USED(objs);
	RTE_SET_USED(nb_objs);
	if (likely(vsw_l3.inject == NULL || rte_ring_empty(vsw_l3.inject)))
		return 0;
	dp = VSW_RCU_LOAD(vsw_l3.dp);
	n = rte_ring_mc_dequeue_burst(vsw_l3.inject, pkts, RTE_GRAPH_BURST_SIZE, NULL);
	for (i = 0; i < n; i++)
		vsw_node_enqueue_x1(graph, node, l3_inject_one(dp, pkts[i]), pkts[i]);
	return (uint16_t)n;
}

static struct rte_node_register l3_inject_node = {
	.name = L3_NODE_INJECT,
	.flags = RTE_NODE_SOURCE_F,
	.process = l3_inject_process,
	.nb_edges = INJECT_EDGE_COUNT,
	.next_nodes = {
		L3_FWD_NEXT_NODES,
		[INJECT_ICMP6_ERROR] = L3_NODE_ICMP6_ERROR,
		[INJECT_HOST] = "ip4_host_output",
		[INJECT_HOST6] = "ip6_host_output",
	},
};
RTE_NODE_REGISTER(l3_inject_node);

/* ---- The control thread's half ----------------------------------------------------------- */

struct held {
	struct rte_mbuf *m;
	uint32_t counted; /* the next hop whose `held` counts it */
	uint32_t since_s;
};

static struct {
	struct held h[HOLD_MAX];
	unsigned int n;
} hq;

static void
uncount(const struct held *h)
{
	__atomic_fetch_sub(&vsw_l3.nh[h->counted].held, 1, __ATOMIC_RELAXED);
}

void
l3_inject_pkt(struct rte_mbuf *m)
{
	if (rte_ring_sp_enqueue(vsw_l3.inject, m) != 0) {
		l3c.hold_lost++;
		rte_pktmbuf_free(m);
	}
}

/* The neighbour a held packet waits for (a glean's is found by its address), or NULL. */
static struct l3_nh *
waits_for(struct rte_mbuf *m)
{
	const struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct l3_neigh_key nk = {.ip = meta->l3.target, .vrf = meta->l3.vrf};
	void *data;

	if (vsw_l3.nh[meta->l3.nh].type == NH_NEIGH)
		return &vsw_l3.nh[meta->l3.nh];
	if (meta->l3.v6)
		return l3_neigh6_find(meta->l3.vrf, ip6_hdr(m)->dst_addr);
	if (rte_hash_lookup_data(l3c.f4.neigh, &nk, &data) < 0)
		return NULL;
	return &vsw_l3.nh[(uint32_t)(uintptr_t)data];
}

void
l3_hold_poll(uint32_t now_s)
{
	const struct l3_dp *dp = vsw_l3.dp;
	struct rte_mbuf *m;
	unsigned int i, kept;
	uint64_t now = rte_rdtsc();

	while (rte_ring_sc_dequeue(vsw_l3.hold, (void **)&m) == 0) {
		if (hq.n == HOLD_MAX) {
			__atomic_fetch_sub(&vsw_l3.nh[vsw_mbuf_meta(m)->l3.nh].held, 1,
					   __ATOMIC_RELAXED);
			l3c.hold_lost++;
			rte_pktmbuf_free(m);
			continue;
		}
		hq.h[hq.n].m = m;
		hq.h[hq.n].counted = vsw_mbuf_meta(m)->l3.nh;
		hq.h[hq.n++].since_s = now_s;
	}
	/* In order, keeping the order of those that stay: a flow's packets leave as they came. */
	for (i = 0, kept = 0; i < hq.n; i++) {
		struct rte_mbuf *p = hq.h[i].m;
		struct vsw_mbuf_meta *meta = vsw_mbuf_meta(p);
		struct l3_nh *nh = waits_for(p);
		uint64_t mac = nh != NULL ? __atomic_load_n(&nh->mac, __ATOMIC_ACQUIRE) : 0;
		const struct l3_rif *r = nh != NULL ? &dp->rif[nh->rif] : NULL;

		if ((mac & NH_MAC_VALID) && r->present) {
			struct rte_ether_hdr *eth = rte_pktmbuf_mtod(p, struct rte_ether_hdr *);

			memcpy(&eth->dst_addr, &mac, RTE_ETHER_ADDR_LEN);
			rte_ether_addr_copy(&r->mac, &eth->src_addr);
			eth->ether_type = meta->l3.v6 ? RTE_BE16(RTE_ETHER_TYPE_IPV6) :
							RTE_BE16(RTE_ETHER_TYPE_IPV4);
			meta->out_port = nh->rif;
			meta->l3.icmp_type = 0;
			l3c.hold_sent++;
			l3_inject_pkt(p);
			uncount(&hq.h[i]);
			continue;
		}
		if (now_s - hq.h[i].since_s >= HOLD_S) {
			/* Unresolved: tell the sender, as Linux does. */
			meta->l3.icmp_type = meta->l3.v6 ? ICMP6_DST_UNREACH : ICMP_DEST_UNREACH;
			meta->l3.icmp_code = meta->l3.v6 ? ICMP6_ADDR_UNREACH : ICMP_HOST_UNREACH;
			l3c.hold_expired++;
			l3_inject_pkt(p);
			uncount(&hq.h[i]);
			continue;
		}
		/* Ask again every second while someone waits (three times in all). */
		if (nh != NULL && r != NULL && r->present && now - nh->req_tsc >= vsw_l3.arp_retry_tsc) {
			struct rte_mbuf *a = rte_pktmbuf_alloc(p->pool);

			nh->req_tsc = now;
			if (a != NULL) {
				if (nh->v6)
					l3_ns_build(a, r, nh->rif, vsw_l3.ip6[nh - vsw_l3.nh], NULL);
				else
					arp_request_build(a, r, nh->rif, nh->ip);
				l3_inject_pkt(a);
			}
		}
		hq.h[kept++] = hq.h[i];
	}
	hq.n = kept;
}

void
l3_hold_flush(void)
{
	struct rte_mbuf *m;

	for (unsigned int i = 0; i < hq.n; i++) {
		rte_pktmbuf_free(hq.h[i].m);
		uncount(&hq.h[i]);
	}
	hq.n = 0;
	while (vsw_l3.hold != NULL && rte_ring_dequeue(vsw_l3.hold, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	while (vsw_l3.inject != NULL && rte_ring_dequeue(vsw_l3.inject, (void **)&m) == 0)
		rte_pktmbuf_free(m);
}

void
l3_garp(const struct l3_rif *r, uint16_t rif, uint32_t addr)
{
	struct rte_mbuf *a = vsw_l3.pool != NULL ? rte_pktmbuf_alloc(vsw_l3.pool) : NULL;
	struct rte_arp_hdr *arp;

	if (a == NULL)
		return;
	/* An ARP request for our own address (RFC 5227's announcement, what Linux's arping
	 * -U and arp_notify send): neighbours that know the address learn our MAC. */
	arp_request_build(a, r, rif, addr);
	arp = rte_pktmbuf_mtod_offset(a, struct rte_arp_hdr *, sizeof(struct rte_ether_hdr));
	arp->arp_data.arp_sip = addr;
	l3_inject_pkt(a);
}

void
vsw_l3_stats_get(struct vsw_l3_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->hold_sent = l3c.hold_sent;
	st->hold_expired = l3c.hold_expired;
	st->hold_lost = l3c.hold_lost;
	st->held = hq.n;
	st->nh_full = l3c.nh_full;
	st->neigh_limit = l3c.neigh_limit;
	st->nh_free = l3c.n_free;
	st->nh_pending = l3c.n_nh_retired;
	st->nh_used = vsw_l3.nh != NULL ? L3_MAX_NH - l3c.n_free - l3c.n_nh_retired : 0;
	st->groups = l3c.n_groups - l3c.n_group_free;
}
