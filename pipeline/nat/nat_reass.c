/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nat44_reass: the fragments of flows the NAT translates, reassembled first, as Linux's
 * conntrack does (nf_defrag_ipv4): only a datagram's first fragment has the ports its
 * session is found by. nat44_in2out sends it the fragments whose route leaves by an outside
 * interface, nat44_out2in every fragment (the replies of a masquerade are addressed to the
 * router). Each worker has its own table (rte_ip_frag, keyed by addresses and IP id; at most
 * NAT_FRAG_MAX datagrams in the making, RTE_LIBRTE_IP_FRAG_MAX_FRAG fragments each,
 * NAT_FRAG_TIMEOUT_S to complete). A complete datagram — a chain of mbufs — goes back to the
 * node it came from, which translates it as any other; l3_send() cuts it to the egress MTU
 * again (ip4_fragment), as Linux's output does.
 *
 * What it gives up is dropped by name: nat_frag_invalid (overlapping or duplicate
 * fragments, more than the table takes, a bad length, no room for another datagram),
 * nat_frag_tiny (complete, but its first fragment does not hold the L4 header: RFC 1858's
 * tiny-fragment attack), nat_frag_timeout (incomplete in time: nat_tick, nat44.c).
 */
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_ip_frag.h>

#include "core/drop.h"
#include "nat/nat_pkt.h"
#include "vsw_node.h"
#include "vsw_rcu.h"
#include "vsw_worker.h"

VSW_DROP_DECLARE(nat_frag_invalid, VSW_DROP_RX,
		 "IPv4 fragment through the NAT: overlapping, duplicate, one too many, a bad "
		 "length, or no room for another datagram in the worker's reassembly table");
VSW_DROP_DECLARE(nat_frag_tiny, VSW_DROP_RX,
		 "IPv4 datagram through the NAT whose first fragment does not hold its L4 header");
VSW_DROP_DECLARE(nat_frag_timeout, VSW_DROP_RX,
		 "IPv4 fragment through the NAT: its datagram was not complete in time");

enum { REASS_IN2OUT, REASS_OUT2IN, REASS_DROP_INVALID, REASS_DROP_TINY, REASS_EDGE_COUNT };

struct reass_ctx {
	unsigned int worker;
};

/* Does the first segment of datagram @p m hold its IPv4 header and L4 header. */
static bool
l4_in_first(const struct rte_mbuf *m, const struct rte_ipv4_hdr *ip)
{
	uint32_t need = sizeof(struct rte_ether_hdr) + (ip->version_ihl & 0xf) * 4u;

	switch (ip->next_proto_id) {
	case IPPROTO_TCP:
		need += sizeof(struct rte_tcp_hdr);
		break;
	case IPPROTO_UDP:
		need += sizeof(struct rte_udp_hdr);
		break;
	case IPPROTO_ICMP:
		need += sizeof(struct rte_icmp_hdr);
		break;
	default:
		break;
	}
	return m->data_len >= need;
}

/* What rte_ip_frag gave up: to drop edge @p edge. */
static void
nat_frag_drain(struct rte_graph *graph, struct rte_node *node, struct nat_worker *w,
	       rte_edge_t edge)
{
	for (uint32_t k = 0; k < w->dr.cnt; k++)
		vsw_node_enqueue_x1(graph, node, edge, w->dr.row[k]);
	w->dr.cnt = 0;
}

static uint16_t
reass_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	unsigned int self = ((struct reass_ctx *)node->ctx)->worker;
	const struct nat_dp *dp = VSW_RCU_LOAD(vsw_nat.dp);
	struct nat_worker *w = vsw_nat.w[self];
	uint32_t now = __atomic_load_n(&vsw_nat.now_s, __ATOMIC_RELAXED);

	for (uint16_t i = 0; i < nb_objs; i++) {
		struct rte_mbuf *m = objs[i], *d;
		const struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
		struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *,
								  sizeof(struct rte_ether_hdr));
		rte_edge_t back = dp != NULL && dp->role[meta->l3.rif] == NAT_ROLE_OUTSIDE ?
					  REASS_OUT2IN :
					  REASS_IN2OUT;

		if (unlikely(dp == NULL || w == NULL || w->frag == NULL)) {
			vsw_node_enqueue_x1(graph, node, back, m); /* no NAT any more: as it is */
			continue;
		}
		m->l2_len = sizeof(struct rte_ether_hdr);
		m->l3_len = (ip->version_ihl & 0xf) * 4u;
		d = rte_ipv4_frag_reassemble_packet(w->frag, &w->dr, m, now, ip);
		nat_frag_drain(graph, node, w, REASS_DROP_INVALID);
		if (d == NULL)
			continue; /* kept until its datagram is complete, or given up */
		/* rte_ip_frag leaves the header checksum to the NIC: here, in software. */
		d->ol_flags &= ~RTE_MBUF_F_TX_IP_CKSUM;
		ip = rte_pktmbuf_mtod_offset(d, struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		vsw_node_enqueue_x1(graph, node, l4_in_first(d, ip) ? back : REASS_DROP_TINY, d);
	}
	return nb_objs;
}

static int
reass_init(const struct rte_graph *graph, struct rte_node *node)
{
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);

	((struct reass_ctx *)node->ctx)->worker = w != NULL ? w->index : 0;
	return 0;
}

static struct rte_node_register reass_node = {
	.name = NAT_NODE_REASS,
	.process = reass_process,
	.init = reass_init,
	.nb_edges = REASS_EDGE_COUNT,
	.next_nodes = {
		[REASS_IN2OUT] = NAT_NODE_IN2OUT,
		[REASS_OUT2IN] = NAT_NODE_OUT2IN,
		[REASS_DROP_INVALID] = VSW_DROP_NODE(nat_frag_invalid),
		[REASS_DROP_TINY] = VSW_DROP_NODE(nat_frag_tiny),
	},
};
RTE_NODE_REGISTER(reass_node);
