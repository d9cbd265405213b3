/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tcp4_reset and tcp6_reset: TCP to one of the router's addresses when its VRF has no host
 * path (no socket listens here) is answered as Linux answers a segment to a closed port
 * (tcp_v4_send_reset(), RFC 9293 3.10.7.1): a RST, built in place of the segment, from the
 * address it was sent to, and routed back. A segment with RST itself, or with a wrong
 * checksum, is never answered; the answers are rate-limited per destination as the ICMP
 * errors are (l3_icmp_rl.h: a burst of 6, then one per router.icmp_ratelimit_ms).
 */
#include <string.h>

#include <rte_cycles.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "core/drop.h"
#include "l3/l3_icmp_rl.h"
#include "l3/l3_ip6.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(tcp_bad, VSW_DROP_RX,
		 "TCP to us without a listener: header cut short or checksum wrong");
VSW_DROP_DECLARE(tcp_reset_suppressed, VSW_DROP_RX,
		 "TCP to us without a listener, not answered: a RST itself, in several segments, or "
		 "no route back");
VSW_DROP_DECLARE(tcp_reset_rate_limited, VSW_DROP_RX,
		 "TCP RST not sent: its destination got its share (router.icmp_ratelimit_ms)");

enum {
	RST_DROP_BAD = L3_FWD_EDGE_COUNT,
	RST_DROP_SUPPRESSED,
	RST_DROP_RATE,
	RST_EDGE_COUNT
};

/*
 * The RST's sequence numbers from segment @p in (its payload @p plen bytes long), as RFC 9293
 * says: to a segment with ACK, seq = its ack and RST alone; else seq 0 and an ACK of all it
 * occupied (SYN and FIN count one each). Written over @p out (which may be @p in).
 */
static __rte_always_inline void
rst_of(struct rte_tcp_hdr *out, const struct rte_tcp_hdr *in, uint32_t plen)
{
	struct rte_tcp_hdr t;

	memset(&t, 0, sizeof(t));
	t.src_port = in->dst_port;
	t.dst_port = in->src_port;
	t.data_off = (sizeof(t) / 4) << 4;
	if (in->tcp_flags & RTE_TCP_ACK_FLAG) {
		t.sent_seq = in->recv_ack;
		t.tcp_flags = RTE_TCP_RST_FLAG;
	} else {
		plen += (in->tcp_flags & RTE_TCP_SYN_FLAG ? 1 : 0) +
			(in->tcp_flags & RTE_TCP_FIN_FLAG ? 1 : 0);
		t.recv_ack = rte_cpu_to_be_32(rte_be_to_cpu_32(in->sent_seq) + plen);
		t.tcp_flags = RTE_TCP_RST_FLAG | RTE_TCP_ACK_FLAG;
	}
	*out = t;
}

/* ---- tcp4_reset -------------------------------------------------------------------------- */

static __rte_always_inline rte_edge_t
tcp4_reset_one(const void *arg, struct rte_mbuf *m)
{
	const struct icmp_err_run *run = arg;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	uint32_t hlen = (ip->version_ihl & 0xf) * 4u, len, src, dst, nh;
	struct rte_tcp_hdr *in, *out;
	rte_edge_t e;

	if (m->nb_segs > 1)
		return RST_DROP_SUPPRESSED;
	len = rte_be_to_cpu_16(ip->total_length) - hlen;
	in = (struct rte_tcp_hdr *)((uint8_t *)ip + hlen);
	if (len < sizeof(*in) || (in->data_off >> 4) * 4u < sizeof(*in) ||
	    (in->data_off >> 4) * 4u > len || rte_ipv4_udptcp_cksum_verify(ip, in) != 0)
		return RST_DROP_BAD;
	if (in->tcp_flags & RTE_TCP_RST_FLAG)
		return RST_DROP_SUPPRESSED;
	if (!icmp_rate_ok(run, ip->src_addr))
		return RST_DROP_RATE;
	src = ip->dst_addr;
	dst = ip->src_addr;
	/* A fresh 20-byte header (no options, as Linux's), DF set and ID 0 as Linux's reset
	 * socket sends, the TOS reflected without its ECN bits. */
	out = (struct rte_tcp_hdr *)(ip + 1);
	rst_of(out, in, len - (in->data_off >> 4) * 4u);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->type_of_service &= 0xfc;
	ip->total_length = RTE_BE16(sizeof(*ip) + sizeof(*out));
	ip->packet_id = 0;
	ip->fragment_offset = RTE_BE16(RTE_IPV4_HDR_DF_FLAG);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->src_addr = src;
	ip->dst_addr = dst;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	out->cksum = 0;
	out->cksum = rte_ipv4_udptcp_cksum(ip, out);
	rte_pktmbuf_trim(m, (uint16_t)(m->pkt_len - (sizeof(struct rte_ether_hdr) + sizeof(*ip) +
						       sizeof(*out))));
	nh = l3_lookup(run->dp, meta->l3.vrf, dst);
	if (nh == UINT32_MAX || vsw_l3.nh[nh].type == NH_LOCAL)
		return RST_DROP_SUPPRESSED;
	e = l3_send(run->dp, m, meta, nh, dst);
	return e == L3_FWD_ICMP_ERROR ? RST_DROP_SUPPRESSED : e;
}

static uint16_t
tcp4_reset_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct icmp_err_run run = {.dp = VSW_RCU_LOAD(vsw_l3.dp),
				   .tat = ((struct icmp_err_ctx *)node->ctx)->tat,
				   .now = rte_rdtsc()};

	return vsw_node_classify(graph, node, objs, nb_objs, &run, tcp4_reset_one);
}

static struct rte_node_register tcp4_reset_node = {
	.name = L3_NODE_TCP4_RESET,
	.process = tcp4_reset_process,
	.init = l3_icmp_rl_init,
	.fini = l3_icmp_rl_fini,
	.nb_edges = RST_EDGE_COUNT,
	.next_nodes = {
		L3_FWD_NEXT_NODES_BUT_ICMP,
		[L3_FWD_ICMP_ERROR] = VSW_DROP_NODE(tcp_reset_suppressed),
		[RST_DROP_BAD] = VSW_DROP_NODE(tcp_bad),
		[RST_DROP_SUPPRESSED] = VSW_DROP_NODE(tcp_reset_suppressed),
		[RST_DROP_RATE] = VSW_DROP_NODE(tcp_reset_rate_limited),
	},
};
RTE_NODE_REGISTER(tcp4_reset_node);

/* ---- tcp6_reset -------------------------------------------------------------------------- */

/* ip6_local took the extension headers out: the TCP header follows the fixed one. */
static __rte_always_inline rte_edge_t
tcp6_reset_one(const void *arg, struct rte_mbuf *m)
{
	const struct icmp_err_run *run = arg;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct rte_ipv6_hdr *ip = ip6_hdr(m);
	struct rte_tcp_hdr *t = (struct rte_tcp_hdr *)(ip + 1);
	uint32_t len = rte_be_to_cpu_16(ip->payload_len), nh;
	struct rte_ether_addr from;
	/* The source, aligned for rte_hash_crc()'s 8-byte reads (the header's is not). */
	_Alignas(8) uint8_t a[16];
	rte_edge_t e;

	if (m->nb_segs > 1)
		return RST_DROP_SUPPRESSED;
	if (len < sizeof(*t) ||
	    sizeof(struct rte_ether_hdr) + sizeof(*ip) + len > m->data_len ||
	    (t->data_off >> 4) * 4u < sizeof(*t) || (t->data_off >> 4) * 4u > len ||
	    rte_ipv6_udptcp_cksum_verify(ip, t) != 0)
		return RST_DROP_BAD;
	if (t->tcp_flags & RTE_TCP_RST_FLAG)
		return RST_DROP_SUPPRESSED;
	memcpy(a, ip->src_addr, 16);
	if (!icmp_rate_ok(run, rte_hash_crc(a, 16, 0)))
		return RST_DROP_RATE;
	rst_of(t, t, len - (t->data_off >> 4) * 4u);
	/* Traffic class and flow label 0, hop limit 64: Linux's reset. */
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->payload_len = RTE_BE16(sizeof(*t));
	ip->hop_limits = 64;
	memcpy(ip->src_addr, ip->dst_addr, 16);
	memcpy(ip->dst_addr, a, 16);
	t->cksum = 0;
	t->cksum = rte_ipv6_udptcp_cksum(ip, t);
	rte_pktmbuf_trim(m, (uint16_t)(m->pkt_len - (sizeof(struct rte_ether_hdr) + sizeof(*ip) +
						       sizeof(*t))));
	if (ip6_is_ll(ip->dst_addr)) {
		from = rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->src_addr;
		return back_on_link(run->dp, m, meta, &from);
	}
	nh = l3_lookup6(run->dp, meta->l3.vrf, ip->dst_addr);
	if (nh == UINT32_MAX || vsw_l3.nh[nh].type == NH_LOCAL)
		return RST_DROP_SUPPRESSED;
	e = l3_send6(run->dp, m, meta, nh);
	return e == L3_FWD_ICMP_ERROR ? RST_DROP_SUPPRESSED : e;
}

static uint16_t
tcp6_reset_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct icmp_err_run run = {.dp = VSW_RCU_LOAD(vsw_l3.dp),
				   .tat = ((struct icmp_err_ctx *)node->ctx)->tat,
				   .now = rte_rdtsc()};

	return vsw_node_classify(graph, node, objs, nb_objs, &run, tcp6_reset_one);
}

static struct rte_node_register tcp6_reset_node = {
	.name = L3_NODE_TCP6_RESET,
	.process = tcp6_reset_process,
	.init = l3_icmp_rl_init,
	.fini = l3_icmp_rl_fini,
	.nb_edges = RST_EDGE_COUNT,
	.next_nodes = {
		L3_FWD6_NEXT_NODES_BUT_ICMP,
		[L3_FWD_ICMP_ERROR] = VSW_DROP_NODE(tcp_reset_suppressed),
		[RST_DROP_BAD] = VSW_DROP_NODE(tcp_bad),
		[RST_DROP_SUPPRESSED] = VSW_DROP_NODE(tcp_reset_suppressed),
		[RST_DROP_RATE] = VSW_DROP_NODE(tcp_reset_rate_limited),
	},
};
RTE_NODE_REGISTER(tcp6_reset_node);
