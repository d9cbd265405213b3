/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxlan_arp: ARP suppression (Linux's neigh_suppress, VPP's arp-term) on a bridge whose
 * tunnel has arp_suppress. bridge_input sends it the bridge's ARP frames it would have
 * forwarded (meta->out_port: the one port, or VSW_PORT_NONE to flood), after learning:
 *
 *  - a reply, or a gratuitous request (sender address = target address), from a local host
 *    or from behind a remote VTEP, teaches the binding sender IP -> sender MAC: a binding
 *    already known with that MAC only has its last-seen second refreshed (at most once a
 *    second), anything else is an event on this worker's ring for the control thread
 *    (vxlan_neigh.c), the table's only writer;
 *  - a request from a local host (not from the tunnel) whose target address has a binding
 *    is answered here: the frame becomes the reply the target would have sent and goes back
 *    out of the port it came in on. It is not flooded: nothing crosses the underlay;
 *  - everything else (unknown targets, probes from 0.0.0.0, requests from remote hosts,
 *    other ARP) goes on as the bridge decided.
 */
#include <string.h>

#include <rte_arp.h>
#include <rte_ether.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_hash.h>
#include <rte_ring_elem.h>

#include "l2/l2.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"
#include "vsw_rcu.h"
#include "vxlan/vxlan_priv.h"

enum vxlan_arp_edge {
	ARP_NEXT_VLAN_OUTPUT,
	ARP_NEXT_FLOOD,
	ARP_EDGE_COUNT,
};

struct arp_ctx {
	struct vx_worker *w;
};
static_assert(sizeof(struct arp_ctx) <= RTE_NODE_CTX_SZ, "ctx too big");

struct arp_run {
	const struct vx_dp *dp;
	struct vx_worker *w;
	uint32_t now;
};

/* The binding of @p ip in tunnel @p tunnel: its data word (0: none) and key position. */
static __rte_always_inline uint64_t
binding(uint16_t tunnel, rte_be32_t ip, int32_t *pos)
{
	struct vx_neigh_key k = {.tunnel = tunnel, .ip = ip};
	void *data = NULL;

	*pos = rte_hash_lookup_data(vsw_vx.neigh, &k, &data);
	return *pos >= 0 ? (uint64_t)(uintptr_t)data : 0;
}

static __rte_always_inline uint64_t
mac_word(const struct rte_ether_addr *mac)
{
	uint64_t w = 0;

	memcpy(&w, mac, RTE_ETHER_ADDR_LEN);
	return w;
}

/* Sender @p ip is at @p mac: refresh the binding, or tell the control thread. */
static void
snoop(const struct arp_run *run, uint16_t tunnel, rte_be32_t ip, const struct rte_ether_addr *mac)
{
	struct vx_neigh_ev ev;
	int32_t pos;
	uint64_t d = binding(tunnel, ip, &pos);

	if ((d & VX_NEIGH_VALID) && (d & 0xffffffffffffull) == mac_word(mac)) {
		if (vsw_vx.neigh_seen[pos] != run->now)
			vsw_vx.neigh_seen[pos] = run->now;
		return;
	}
	if ((d & VX_NEIGH_VALID) && (d >> 48 & (VX_NEIGH_F_STATIC | VX_NEIGH_F_API)))
		return; /* configured: snooping never overrides it */
	ev = (struct vx_neigh_ev){.tunnel = tunnel, .ip = ip};
	memcpy(ev.mac, mac, sizeof(ev.mac));
	if (unlikely(rte_ring_sp_enqueue_elem(run->w->neigh_ring, &ev, sizeof(ev)) != 0))
		run->w->neigh_ring_full++;
	else
		run->w->arp_snooped++;
}

/* Offsets in an Ethernet/IPv4 ARP body (RFC 826); its fields are not aligned. */
#define SHA 8
#define SPA 14
#define THA 18
#define TPA 24

static __rte_always_inline rte_edge_t
arp_one(const void *arg, struct rte_mbuf *m)
{
	const struct arp_run *run = arg;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	rte_edge_t pass = meta->out_port == VSW_PORT_NONE ? ARP_NEXT_FLOOD : ARP_NEXT_VLAN_OUTPUT;
	uint16_t id = run->dp->bridge_tun[meta->l2.domain];
	const struct vx_tunnel *t = &run->dp->tun[id];
	uint8_t *eth = rte_pktmbuf_mtod(m, uint8_t *);
	const struct rte_arp_hdr *arp;
	struct rte_ether_addr sha, mac;
	rte_be32_t sip, tip;
	uint8_t *body;
	int32_t pos;
	uint64_t d;

	if (!t->present || !t->suppress || t->bridge != meta->l2.domain ||
	    m->data_len < meta->l2_len + sizeof(*arp))
		return pass;
	body = eth + meta->l2_len;
	arp = (const struct rte_arp_hdr *)body;
	if (arp->arp_hardware != RTE_BE16(RTE_ARP_HRD_ETHER) ||
	    arp->arp_protocol != RTE_BE16(RTE_ETHER_TYPE_IPV4) || arp->arp_hlen != 6 ||
	    arp->arp_plen != 4)
		return pass;
	memcpy(&sha, body + SHA, sizeof(sha));
	memcpy(&sip, body + SPA, sizeof(sip));
	memcpy(&tip, body + TPA, sizeof(tip));
	if (sip != 0 && rte_is_unicast_ether_addr(&sha) && !rte_is_zero_ether_addr(&sha) &&
	    (arp->arp_opcode == RTE_BE16(RTE_ARP_OP_REPLY) ||
	     (arp->arp_opcode == RTE_BE16(RTE_ARP_OP_REQUEST) && sip == tip)))
		snoop(run, id, sip, &sha);
	if (arp->arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST) || meta->in_port == id || sip == 0 ||
	    sip == tip)
		return pass;
	d = binding(id, tip, &pos);
	if (!(d & VX_NEIGH_VALID))
		return pass;
	/* The reply the target would send: to the asker, from the binding's MAC. */
	memcpy(&mac, &d, sizeof(mac));
	memcpy(eth, eth + RTE_ETHER_ADDR_LEN, RTE_ETHER_ADDR_LEN);
	memcpy(eth + RTE_ETHER_ADDR_LEN, &mac, RTE_ETHER_ADDR_LEN);
	((struct rte_arp_hdr *)body)->arp_opcode = RTE_BE16(RTE_ARP_OP_REPLY);
	memcpy(body + THA, &sha, sizeof(sha));
	memcpy(body + TPA, &sip, sizeof(sip));
	memcpy(body + SHA, &mac, sizeof(mac));
	memcpy(body + SPA, &tip, sizeof(tip));
	meta->out_port = meta->in_port;
	run->w->arp_replied[id]++;
	return ARP_NEXT_VLAN_OUTPUT;
}

static uint16_t
arp_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct arp_run run = {.dp = VSW_RCU_LOAD(vsw_vx.dp),
			      .w = ((struct arp_ctx *)node->ctx)->w,
			      .now = vsw_vx.now};

	return vsw_node_classify(graph, node, objs, nb_objs, &run, arp_one);
}

static int
arp_init(const struct rte_graph *graph, struct rte_node *node)
{
	((struct arp_ctx *)node->ctx)->w = vx_worker_of(graph);
	return 0;
}

static struct rte_node_register vxlan_arp_node = {
	.name = VX_NODE_ARP,
	.process = arp_process,
	.init = arp_init,
	.nb_edges = ARP_EDGE_COUNT,
	.next_nodes = {
		[ARP_NEXT_VLAN_OUTPUT] = VSW_NODE_VLAN_OUTPUT,
		[ARP_NEXT_FLOOD] = VSW_NODE_FLOOD,
	},
};
RTE_NODE_REGISTER(vxlan_arp_node);
