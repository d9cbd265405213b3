/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host path's nodes (l3_host.h): l3_host hands what ip4_local and ip6_local do not
 * answer to the control thread, which writes it into the VRF's TUN; ip4_host_output and
 * ip6_host_output route what the kernel wrote into the TUN (the control thread read it and
 * put it on the inject ring) as a packet the router itself sends: one lookup in the VRF's
 * main table, TTL or hop limit as the kernel set it (we are its first hop, not a hop on its
 * way), no martian or own-source checks (the source is one of our addresses), then the
 * router's usual next hop, ARP or ND, and egress. Such a packet has no ingress port: until
 * it has an egress interface, its drops are charged to the VRF's first router interface
 * (in_port, set by the control thread).
 */
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_ip.h>
#include <rte_ring.h>

#include "core/drop.h"
#include "l3/l3_host.h"
#include "l3/l3_ip6.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(l3_host_path_full, VSW_DROP_RX,
		 "for the host path, but its queue to the control thread is full");
VSW_DROP_DECLARE(l3_host_malformed, VSW_DROP_RX,
		 "from the host path: not a whole IPv4 or IPv6 header");
VSW_DROP_DECLARE(l3_host_no_route, VSW_DROP_RX,
		 "from the host path: no route, or an unreachable/prohibit route, or to ourselves "
		 "(IPv6: or to a multicast or link-local address, as the kernel's MLD and router "
		 "solicitations)");

struct l3_host_shared vsw_l3_host;

/* ---- l3_host ----------------------------------------------------------------------------- */

enum { HOST_DROP_FULL, HOST_EDGE_COUNT };

static uint16_t
l3_host_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	unsigned int n = 0;

	if (likely(vsw_l3_host.ring != NULL))
		n = rte_ring_mp_enqueue_burst(vsw_l3_host.ring, objs, nb_objs, NULL);
	if (unlikely(n < nb_objs))
		rte_node_enqueue(graph, node, HOST_DROP_FULL, objs + n, (uint16_t)(nb_objs - n));
	return nb_objs;
}

static struct rte_node_register l3_host_node = {
	.name = L3_NODE_HOST,
	.process = l3_host_process,
	.nb_edges = HOST_EDGE_COUNT,
	.next_nodes = {
		[HOST_DROP_FULL] = VSW_DROP_NODE(l3_host_path_full),
	},
};
RTE_NODE_REGISTER(l3_host_node);

/* ---- ip4_host_output --------------------------------------------------------------------- */

enum { HOST_OUT_DROP_MALFORMED = L3_FWD_EDGE_COUNT, HOST_OUT_DROP_NO_ROUTE, HOST_OUT_EDGE_COUNT };

static __rte_always_inline rte_edge_t
ip4_host_output_one(const void *tbl, struct rte_mbuf *m)
{
	const struct l3_dp *dp = tbl;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	const struct rte_ipv4_hdr *ip;
	uint32_t nh;
	rte_edge_t e;

	if (unlikely(m->data_len < sizeof(struct rte_ether_hdr) + sizeof(*ip)))
		return HOST_OUT_DROP_MALFORMED;
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	if (unlikely((ip->version_ihl >> 4) != 4 || (ip->version_ihl & 0xf) < 5))
		return HOST_OUT_DROP_MALFORMED;
	nh = l3_lookup(dp, meta->l3.vrf, ip->dst_addr);
	if (nh == UINT32_MAX || vsw_l3.nh[nh].type == NH_LOCAL)
		return HOST_OUT_DROP_NO_ROUTE;
	e = l3_send(dp, m, meta, nh, ip->dst_addr);
	/* From here on the packet belongs to its egress interface: later drops are charged to
	 * it, and an ICMP error the hold queue asks for (ARP unanswered) speaks from it, to
	 * ourselves, and is dropped. */
	if (meta->out_port < VSW_MAX_IFACES)
		meta->in_port = meta->l3.rif = meta->out_port;
	return e == L3_FWD_ICMP_ERROR ? HOST_OUT_DROP_NO_ROUTE : e;
}

static uint16_t
ip4_host_output_process(struct rte_graph *graph, struct rte_node *node, void **objs,
			uint16_t nb_objs)
{
	return vsw_node_classify(graph, node, objs, nb_objs, VSW_RCU_LOAD(vsw_l3.dp),
				 ip4_host_output_one);
}

static struct rte_node_register ip4_host_output_node = {
	.name = L3_NODE_HOST_OUTPUT,
	.process = ip4_host_output_process,
	.nb_edges = HOST_OUT_EDGE_COUNT,
	.next_nodes = {
		L3_FWD_NEXT_NODES_BUT_ICMP,
		[L3_FWD_ICMP_ERROR] = VSW_DROP_NODE(l3_host_no_route),
		[HOST_OUT_DROP_MALFORMED] = VSW_DROP_NODE(l3_host_malformed),
		[HOST_OUT_DROP_NO_ROUTE] = VSW_DROP_NODE(l3_host_no_route),
	},
};
RTE_NODE_REGISTER(ip4_host_output_node);

/* ---- ip6_host_output --------------------------------------------------------------------- */

static __rte_always_inline rte_edge_t
ip6_host_output_one(const void *tbl, struct rte_mbuf *m)
{
	const struct l3_dp *dp = tbl;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	const struct rte_ipv6_hdr *ip;
	uint32_t nh;
	rte_edge_t e;

	if (unlikely(m->data_len < sizeof(struct rte_ether_hdr) + sizeof(*ip)))
		return HOST_OUT_DROP_MALFORMED;
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, sizeof(struct rte_ether_hdr));
	if (unlikely((rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6))
		return HOST_OUT_DROP_MALFORMED;
	/* The TUN has no link: what the kernel sends to a group or a link-local address (MLD
	 * reports, router solicitations) has nowhere to go. */
	if (ip->dst_addr[0] == 0xff || ip6_is_ll(ip->dst_addr))
		return HOST_OUT_DROP_NO_ROUTE;
	nh = l3_lookup6(dp, meta->l3.vrf, ip->dst_addr);
	if (nh == UINT32_MAX || vsw_l3.nh[nh].type == NH_LOCAL)
		return HOST_OUT_DROP_NO_ROUTE;
	e = l3_send6(dp, m, meta, nh);
	if (meta->out_port < VSW_MAX_IFACES)
		meta->in_port = meta->l3.rif = meta->out_port;
	return e == L3_FWD_ICMP_ERROR ? HOST_OUT_DROP_NO_ROUTE : e;
}

static uint16_t
ip6_host_output_process(struct rte_graph *graph, struct rte_node *node, void **objs,
			uint16_t nb_objs)
{
	return vsw_node_classify(graph, node, objs, nb_objs, VSW_RCU_LOAD(vsw_l3.dp),
				 ip6_host_output_one);
}

static struct rte_node_register ip6_host_output_node = {
	.name = L3_NODE_HOST6_OUTPUT,
	.process = ip6_host_output_process,
	.nb_edges = HOST_OUT_EDGE_COUNT,
	.next_nodes = {
		L3_FWD6_NEXT_NODES_BUT_ICMP,
		[L3_FWD_ICMP_ERROR] = VSW_DROP_NODE(l3_host_no_route),
		[HOST_OUT_DROP_MALFORMED] = VSW_DROP_NODE(l3_host_malformed),
		[HOST_OUT_DROP_NO_ROUTE] = VSW_DROP_NODE(l3_host_no_route),
	},
};
RTE_NODE_REGISTER(ip6_host_output_node);
