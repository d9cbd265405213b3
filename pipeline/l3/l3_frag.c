/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ip4_fragment: an IPv4 packet larger than its egress interface's MTU and without DF is cut
 * into fragments (DPDK's rte_ip_frag: each fragment a new header in a direct mbuf and the
 * payload by reference), as Linux does; with DF, l3_send() asked icmp4_error for
 * "fragmentation needed" instead.
 */
#include <errno.h>
#include <string.h>

#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_ip_frag.h>

#include "core/drop.h"
#include "l3/l3_priv.h"
#include "vsw_node.h"

VSW_DROP_DECLARE(ip4_frag_failed, VSW_DROP_RX,
		 "IPv4 packet to fragment into more than 16 fragments");
VSW_DROP_DECLARE(ip4_frag_no_mbuf, VSW_DROP_RX,
		 "IPv4 packet to fragment: no mbuf for a fragment (the pool is empty)");
VSW_DROP_DECLARE(ip4_frag_no_headroom, VSW_DROP_RX,
		 "IPv4 fragment without headroom for its Ethernet header");

#define MAX_FRAGS 16

enum { FRAG_OUTPUT, FRAG_DROP, FRAG_DROP_NO_MBUF, FRAG_DROP_NO_HEADROOM, FRAG_EDGE_COUNT };

static uint16_t
ip4_fragment_process(struct rte_graph *graph, struct rte_node *node, void **objs,
		     uint16_t nb_objs)
{
	struct rte_mbuf *frags[MAX_FRAGS];
	uint16_t i;

	for (i = 0; i < nb_objs; i++) {
		struct rte_mbuf *m = objs[i];
		struct vsw_mbuf_meta meta = *vsw_mbuf_meta(m);
		struct rte_ether_hdr eth = *rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
		int32_t n, k;

		rte_pktmbuf_adj(m, sizeof(eth));
		n = rte_ipv4_fragment_packet(m, frags, MAX_FRAGS, meta.l3.target, m->pool,
					     m->pool);
		if (n <= 0) {
			rte_pktmbuf_prepend(m, sizeof(eth)); /* what adj took: cannot fail */
			vsw_node_enqueue_x1(graph, node, n == -ENOMEM ? FRAG_DROP_NO_MBUF : FRAG_DROP,
					    m);
			continue;
		}
		rte_pktmbuf_free(m); /* the fragments hold their own references to its data */
		for (k = 0; k < n; k++) {
			struct rte_mbuf *f = frags[k];
			struct rte_ether_hdr *h =
				(struct rte_ether_hdr *)rte_pktmbuf_prepend(f, sizeof(eth));
			struct rte_ipv4_hdr *ip;

			*vsw_mbuf_meta(f) = meta;
			if (unlikely(h == NULL)) {
				vsw_node_enqueue_x1(graph, node, FRAG_DROP_NO_HEADROOM, f);
				continue;
			}
			*h = eth;
			/* rte_ip_frag leaves the header checksum to the NIC: do it here. */
			ip = (struct rte_ipv4_hdr *)(h + 1);
			ip->hdr_checksum = 0;
			ip->hdr_checksum = rte_ipv4_cksum(ip);
			vsw_node_enqueue_x1(graph, node, FRAG_OUTPUT, f);
		}
	}
	return nb_objs;
}

static struct rte_node_register ip4_fragment_node = {
	.name = L3_NODE_FRAGMENT,
	.process = ip4_fragment_process,
	.nb_edges = FRAG_EDGE_COUNT,
	.next_nodes = {
		[FRAG_OUTPUT] = L3_NODE_OUTPUT,
		[FRAG_DROP] = VSW_DROP_NODE(ip4_frag_failed),
		[FRAG_DROP_NO_MBUF] = VSW_DROP_NODE(ip4_frag_no_mbuf),
		[FRAG_DROP_NO_HEADROOM] = VSW_DROP_NODE(ip4_frag_no_headroom),
	},
};
RTE_NODE_REGISTER(ip4_fragment_node);
