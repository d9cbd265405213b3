/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * icmp4_error: the ICMP error a node of the router asked for (l3_icmp_error(): time
 * exceeded, unreachables, fragmentation needed with the next-hop MTU, parameter problem with
 * its pointer), built in place of the packet it is about — as much of it quoted as fits in
 * 576 bytes, as Linux — rate-limited per destination (l3_icmp_rl.h) and routed back.
 */
#include <string.h>

#include <rte_cycles.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_icmp.h>
#include <rte_ip.h>

#include "core/drop.h"
#include "l3/l3_hook.h"
#include "l3/l3_icmp_rl.h"
#include "l3/l3_ip4.h"
#include "l3/l3_priv.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(icmp_error_suppressed, VSW_DROP_RX,
		 "no ICMP error about an ICMP error, a fragment or a non-unicast source");
VSW_DROP_DECLARE(icmp_error_no_route, VSW_DROP_RX, "ICMP error with no route back to the source");
VSW_DROP_DECLARE(icmp_rate_limited, VSW_DROP_RX,
		 "ICMP error not sent: its destination got its share (router.icmp_ratelimit_ms)");

enum {
	ICMP_ERR_DROP_SUPPRESSED = L3_FWD_EDGE_COUNT,
	ICMP_ERR_DROP_NO_ROUTE,
	ICMP_ERR_DROP_RATE,
	ICMP_ERR_EDGE_COUNT
};

bool (*vsw_l3_icmp4_unxlat)(struct rte_ipv4_hdr *ip, uint32_t len, uint8_t vrf);

/* As Linux: the error quotes as much of the datagram as fits in 576 bytes. */
#define ICMP_ERR_MAX_LEN 576

static __rte_always_inline rte_edge_t
icmp4_error_one(const void *arg, struct rte_mbuf *m)
{
	const struct icmp_err_run *run = arg;
	const struct l3_dp *dp = run->dp;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct rte_ipv4_hdr *orig = ip4_hdr(m), *ip;
	struct rte_icmp_hdr *icmp;
	struct rte_ether_hdr *eth;
	uint32_t quote, src, nh, from;
	rte_edge_t e;

	/* A packet the NAT translated: the error is about what its sender sent. */
	if (vsw_l3_icmp4_unxlat != NULL && m->data_len > sizeof(*eth))
		vsw_l3_icmp4_unxlat(orig, m->data_len - sizeof(*eth), meta->l3.vrf);
	src = orig->src_addr;
	if (orig->fragment_offset & RTE_BE16(RTE_IPV4_HDR_OFFSET_MASK) || ip4_martian_src(src) ||
	    m->nb_segs > 1)
		return ICMP_ERR_DROP_SUPPRESSED;
	if (orig->next_proto_id == IPPROTO_ICMP) {
		const struct rte_icmp_hdr *oi =
			(const void *)((const uint8_t *)orig + (orig->version_ihl & 0xf) * 4u);

		if ((const uint8_t *)(oi + 1) > rte_pktmbuf_mtod(m, uint8_t *) + m->data_len ||
		    (oi->icmp_type != RTE_IP_ICMP_ECHO_REQUEST &&
		     oi->icmp_type != RTE_IP_ICMP_ECHO_REPLY))
			return ICMP_ERR_DROP_SUPPRESSED;
	}
	if (!icmp_rate_ok(run, src))
		return ICMP_ERR_DROP_RATE;
	/* About a datagram to one of our addresses: from that address, as Linux; else from
	 * the ingress interface's address on the source's subnet. */
	nh = l3_lookup(dp, meta->l3.vrf, orig->dst_addr);
	from = nh != UINT32_MAX && vsw_l3.nh[nh].type == NH_LOCAL ?
		       orig->dst_addr :
		       l3_rif_addr_for(&dp->rif[meta->l3.rif], src);
	/* New Ethernet, IP and ICMP headers in front of the quoted datagram. */
	quote = RTE_MIN(m->pkt_len - sizeof(*eth),
			ICMP_ERR_MAX_LEN - sizeof(*ip) - sizeof(*icmp));
	if (rte_pktmbuf_prepend(m, sizeof(*ip) + sizeof(*icmp)) == NULL)
		return ICMP_ERR_DROP_SUPPRESSED;
	rte_pktmbuf_trim(m, (uint16_t)(m->pkt_len - (sizeof(*eth) + sizeof(*ip) +
						       sizeof(*icmp) + quote)));
	eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	ip = (struct rte_ipv4_hdr *)(eth + 1);
	icmp = (struct rte_icmp_hdr *)(ip + 1);
	memset(ip, 0, sizeof(*ip) + sizeof(*icmp));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(sizeof(*ip) + sizeof(*icmp) + quote));
	ip->next_proto_id = IPPROTO_ICMP;
	ip->src_addr = src;
	ip4_turn_around(ip, from);
	icmp->icmp_type = meta->l3.icmp_type;
	icmp->icmp_code = meta->l3.icmp_code;
	if (icmp->icmp_type == ICMP_DEST_UNREACH && icmp->icmp_code == ICMP_FRAG_NEEDED)
		icmp->icmp_seq_nb = rte_cpu_to_be_16((uint16_t)meta->l3.target); /* next-hop MTU */
	else if (icmp->icmp_type == ICMP_PARAMETERPROB)
		icmp->icmp_ident = rte_cpu_to_be_16((uint16_t)(meta->l3.target << 8)); /* pointer */
	icmp->icmp_cksum = ~rte_raw_cksum(icmp, sizeof(*icmp) + quote);
	if (icmp->icmp_cksum == 0)
		icmp->icmp_cksum = 0xffff;
	nh = l3_lookup(dp, meta->l3.vrf, ip->dst_addr);
	if (nh == UINT32_MAX || vsw_l3.nh[nh].type == NH_LOCAL)
		return ICMP_ERR_DROP_NO_ROUTE;
	e = l3_send(dp, m, meta, nh, ip->dst_addr);
	return e == L3_FWD_ICMP_ERROR ? ICMP_ERR_DROP_NO_ROUTE : e;
}

static uint16_t
icmp4_error_process(struct rte_graph *graph, struct rte_node *node, void **objs,
		    uint16_t nb_objs)
{
	struct icmp_err_run run = {.dp = VSW_RCU_LOAD(vsw_l3.dp),
				   .tat = ((struct icmp_err_ctx *)node->ctx)->tat,
				   .now = rte_rdtsc()};

	return vsw_node_classify(graph, node, objs, nb_objs, &run, icmp4_error_one);
}

static struct rte_node_register icmp4_error_node = {
	.name = L3_NODE_ICMP4_ERROR,
	.process = icmp4_error_process,
	.init = l3_icmp_rl_init,
	.fini = l3_icmp_rl_fini,
	.nb_edges = ICMP_ERR_EDGE_COUNT,
	.next_nodes = {
		L3_FWD_NEXT_NODES_BUT_ICMP,
		[L3_FWD_ICMP_ERROR] = VSW_DROP_NODE(icmp_error_no_route),
		[ICMP_ERR_DROP_SUPPRESSED] = VSW_DROP_NODE(icmp_error_suppressed),
		[ICMP_ERR_DROP_NO_ROUTE] = VSW_DROP_NODE(icmp_error_no_route),
		[ICMP_ERR_DROP_RATE] = VSW_DROP_NODE(icmp_rate_limited),
	},
};
RTE_NODE_REGISTER(icmp4_error_node);
