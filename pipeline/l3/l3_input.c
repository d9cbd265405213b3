/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's edges: l3_input (a frame enters the router: which interface, ARP or IPv4),
 * arp_input (answer for our addresses and those another feature publishes, learn
 * neighbours) and l3_output (to the interface's port, or into its bridge). Packets waiting
 * for ARP: l3_hold.c.
 * In the router, meta->out_port holds the egress router interface until l3_output makes it
 * the egress port; the router's own drops are therefore charged to the ingress port.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_malloc.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>

#include "core/core.h"
#include "core/drop.h"
#include "l3/l3_hook.h"
#include "l3/l3_priv.h"
#include "vsw_node.h"
#include "vsw_rcu.h"

VSW_DROP_DECLARE(l3_no_interface, VSW_DROP_RX, "port has no router interface (any more)");
VSW_DROP_DECLARE(l3_tagged, VSW_DROP_RX, "VLAN-tagged frame on a routed port");
VSW_DROP_DECLARE(l3_not_for_us, VSW_DROP_RX,
		 "frame to another MAC, or a non-ARP broadcast/multicast, on a routed port");
VSW_DROP_DECLARE(l3_unsupported_proto, VSW_DROP_RX, "ethertype the router does not route");
VSW_DROP_DECLARE(arp_malformed, VSW_DROP_RX, "ARP packet too short or not Ethernet/IPv4");
VSW_DROP_DECLARE(arp_martian_src, VSW_DROP_RX,
		 "ARP from a 0/8 (not 0.0.0.0), 127/8, multicast or broadcast sender (Linux: "
		 "martian source, neither answered nor learned)");
VSW_DROP_DECLARE(arp_not_for_us, VSW_DROP_RX, "ARP for an address that is not ours");
VSW_DROP_DECLARE(arp_consumed, VSW_DROP_RX,
		 "ARP reply or announcement taken in (not an error: the neighbour was learned)");
VSW_DROP_DECLARE(l3_rif_gone, VSW_DROP_RX, "egress router interface removed");

/* ---- l3_input ---------------------------------------------------------------------------- */

enum {
	L3_IN_ARP,
	L3_IN_IP4,
	L3_IN_IP6,
	L3_IN_DROP_NO_IF,
	L3_IN_DROP_TAGGED,
	L3_IN_DROP_NOT_FOR_US,
	L3_IN_DROP_PROTO,
	L3_IN_EDGE_COUNT,
};

/* IPv4 input hooks (l3_hook.h): per interface id, 0 or the hook's id; RCU-published. */
static uint8_t *ip4_hook;
static char hook_node[L3_HOOK_MAX][RTE_NODE_NAMESIZE];
static rte_edge_t hook_edge[L3_HOOK_MAX];
static unsigned int n_hooks;

struct l3_input_run {
	const struct l3_dp *dp;
	const uint8_t *hook;
};

static __rte_always_inline rte_edge_t
l3_input_one(const void *tbl, struct rte_mbuf *m)
{
	const struct l3_input_run *run = tbl;
	const struct l3_dp *dp = run->dp;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	/* From a bridge (vlan_output), out_port is the interface; from a routed port it is
	 * still port_rx's NONE. */
	uint16_t rif = meta->out_port != VSW_PORT_NONE ? meta->out_port :
							   dp->port_rif[meta->in_port];
	const struct l3_rif *r;

	if (unlikely(rif == VSW_IFACE_NONE || !dp->rif[rif].present))
		return L3_IN_DROP_NO_IF;
	if (unlikely(meta->flags & VSW_META_F_VLAN))
		return L3_IN_DROP_TAGGED;
	r = &dp->rif[rif];
	memset(&meta->l3, 0, sizeof(meta->l3));
	meta->l3.rif = rif;
	meta->l3.vrf = r->vrf;
	if (meta->ethertype == RTE_ETHER_TYPE_ARP)
		return rte_is_unicast_ether_addr(&eth->dst_addr) &&
				       !rte_is_same_ether_addr(&eth->dst_addr, &r->mac) ?
			       L3_IN_DROP_NOT_FOR_US :
			       L3_IN_ARP;
	if (unlikely(!rte_is_same_ether_addr(&eth->dst_addr, &r->mac))) {
		/* IPv6 multicast (33:33:...): neighbour discovery; ip6_input checks the group. */
		if (meta->ethertype == RTE_ETHER_TYPE_IPV6 && eth->dst_addr.addr_bytes[0] == 0x33 &&
		    eth->dst_addr.addr_bytes[1] == 0x33)
			return L3_IN_IP6;
		return L3_IN_DROP_NOT_FOR_US;
	}
	if (likely(meta->ethertype == RTE_ETHER_TYPE_IPV4))
		return likely(run->hook == NULL || run->hook[rif] == 0) ?
			       L3_IN_IP4 :
			       hook_edge[run->hook[rif] - 1];
	if (meta->ethertype == RTE_ETHER_TYPE_IPV6)
		return L3_IN_IP6;
	return L3_IN_DROP_PROTO;
}

static uint16_t
l3_input_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct l3_input_run run = {.dp = VSW_RCU_LOAD(vsw_l3.dp), .hook = VSW_RCU_LOAD(ip4_hook)};

	return vsw_node_classify(graph, node, objs, nb_objs, &run, l3_input_one);
}

static struct rte_node_register l3_input_node = {
	.name = L3_NODE_INPUT,
	.process = l3_input_process,
	.nb_edges = L3_IN_EDGE_COUNT,
	.next_nodes = {
		[L3_IN_ARP] = L3_NODE_ARP_INPUT,
		[L3_IN_IP4] = L3_NODE_IP4_INPUT,
		[L3_IN_IP6] = "ip6_input",
		[L3_IN_DROP_NO_IF] = VSW_DROP_NODE(l3_no_interface),
		[L3_IN_DROP_TAGGED] = VSW_DROP_NODE(l3_tagged),
		[L3_IN_DROP_NOT_FOR_US] = VSW_DROP_NODE(l3_not_for_us),
		[L3_IN_DROP_PROTO] = VSW_DROP_NODE(l3_unsupported_proto),
	},
};
RTE_NODE_REGISTER(l3_input_node);

int
vsw_l3_ip4_hook_add(const char *node)
{
	const char *name = node;
	rte_edge_t n;
	unsigned int i;

	for (i = 0; i < n_hooks; i++)
		if (strcmp(hook_node[i], node) == 0)
			return (int)i + 1;
	if (n_hooks == L3_HOOK_MAX)
		return -ENOSPC;
	n = rte_node_edge_update(l3_input_node.id, RTE_EDGE_ID_INVALID, &name, 1);
	if (n == 0 || n == RTE_EDGE_ID_INVALID)
		return -EINVAL;
	snprintf(hook_node[n_hooks], sizeof(hook_node[0]), "%s", node);
	hook_edge[n_hooks] = (rte_edge_t)(rte_node_edge_count(l3_input_node.id) - 1);
	return (int)++n_hooks;
}

int
vsw_l3_ip4_hook_set(const uint8_t *hook_of_rif)
{
	uint8_t *t = NULL;

	if (hook_of_rif != NULL) {
		t = rte_malloc("l3_ip4_hook", VSW_MAX_IFACES, 0);
		if (t == NULL)
			return -ENOMEM;
		memcpy(t, hook_of_rif, VSW_MAX_IFACES);
	}
	vsw_rcu_publish((void **)&ip4_hook, t, rte_free);
	return 0;
}

/* ---- arp_input --------------------------------------------------------------------------- */

/* Addresses answered for besides the interfaces' own (l3_hook.h): sorted keys. */
struct arp_extra {
	unsigned int n;
	uint64_t key[];
};
static struct arp_extra *arp_extra;

static int
key_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
vsw_l3_arp_extra_set(const uint64_t *keys, unsigned int n)
{
	struct arp_extra *t = NULL;

	if (n > 0) {
		t = rte_malloc("l3_arp_extra", sizeof(*t) + n * sizeof(t->key[0]), 0);
		if (t == NULL)
			return -ENOMEM;
		t->n = n;
		memcpy(t->key, keys, n * sizeof(t->key[0]));
		qsort(t->key, n, sizeof(t->key[0]), key_cmp);
	}
	vsw_rcu_publish((void **)&arp_extra, t, rte_free);
	return 0;
}

static bool
is_extra(const struct arp_extra *t, uint16_t rif, uint32_t ip)
{
	uint64_t k = vsw_l3_arp_key(rif, rte_be_to_cpu_32(ip));
	unsigned int lo = 0, hi = t != NULL ? t->n : 0;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (t->key[mid] == k)
			return true;
		if (t->key[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

enum {
	ARP_IN_OUTPUT,
	ARP_IN_DROP_MALFORMED,
	ARP_IN_DROP_MARTIAN,
	ARP_IN_DROP_NOT_FOR_US,
	ARP_IN_CONSUMED,
	ARP_IN_EDGE_COUNT
};

/* A sender address Linux's route lookup calls martian (0/8, 127/8, 224/4, 255.255.255.255;
 * network order). 0.0.0.0 itself is an ARP probe's, answered (RFC 5227). */
static __rte_always_inline bool
arp_martian(uint32_t sip)
{
	uint32_t h = rte_be_to_cpu_32(sip);

	return h != 0 && ((h >> 24) == 0 || (h >> 24) == 127 || (h >> 28) == 0xe || h == UINT32_MAX);
}

static bool
is_ours(const struct l3_rif *r, uint32_t ip)
{
	for (unsigned int i = 0; i < r->n_addrs; i++)
		if (r->addr[i] == ip)
			return true;
	return false;
}

/* Proxy ARP (Linux's proxy_arp): @p tip is reached through another interface than @p rif. */
static bool
proxied(const struct l3_dp *dp, uint16_t rif, const struct l3_rif *r, uint32_t tip)
{
	uint32_t id = l3_lookup(dp, r->vrf, tip);
	const struct l3_nh *nh;

	if (id == UINT32_MAX)
		return false;
	nh = &vsw_l3.nh[id];
	if (nh->type == NH_ECMP)
		nh = &vsw_l3.nh[vsw_l3.groups[nh->ip].nh[0]];
	return (nh->type == NH_NEIGH || nh->type == NH_GLEAN) && nh->rif != rif;
}

struct arp_input_run {
	const struct l3_dp *dp;
	const struct arp_extra *extra;
};

static __rte_always_inline rte_edge_t
arp_input_one(const void *tbl, struct rte_mbuf *m)
{
	const struct arp_input_run *run = tbl;
	const struct l3_dp *dp = run->dp;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_arp_hdr *arp = (struct rte_arp_hdr *)(eth + 1);
	const struct l3_rif *r = &dp->rif[meta->l3.rif];
	struct rte_arp_ipv4 *d = &arp->arp_data;
	uint32_t sip, tip;

	if (unlikely(m->data_len < sizeof(*eth) + sizeof(*arp) ||
		     arp->arp_hardware != RTE_BE16(RTE_ARP_HRD_ETHER) ||
		     arp->arp_protocol != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
		     arp->arp_hlen != RTE_ETHER_ADDR_LEN || arp->arp_plen != 4 ||
		     (arp->arp_opcode != RTE_BE16(RTE_ARP_OP_REQUEST) &&
		      arp->arp_opcode != RTE_BE16(RTE_ARP_OP_REPLY))))
		return ARP_IN_DROP_MALFORMED;
	sip = d->arp_sip;
	tip = d->arp_tip;
	if (unlikely(arp_martian(sip)))
		return ARP_IN_DROP_MARTIAN;
	if (!is_ours(r, tip) && !is_extra(run->extra, meta->l3.rif, tip) &&
	    !(r->proxy_arp && arp->arp_opcode == RTE_BE16(RTE_ARP_OP_REQUEST) &&
	      proxied(dp, meta->l3.rif, r, tip))) {
		/* An announcement (gratuitous ARP) refreshes a neighbour we know. */
		if (sip == tip && sip != 0) {
			l3_learn_post(sip, meta->l3.rif, d->arp_sha.addr_bytes, false);
			return ARP_IN_CONSUMED;
		}
		return ARP_IN_DROP_NOT_FOR_US;
	}
	if (sip != 0 && rte_is_unicast_ether_addr(&d->arp_sha))
		l3_learn_post(sip, meta->l3.rif, d->arp_sha.addr_bytes, true);
	if (arp->arp_opcode == RTE_BE16(RTE_ARP_OP_REPLY))
		return ARP_IN_CONSUMED;
	/* The reply, in place, to the sender's hardware address (as Linux's arp_send(): not
	 * the frame's source, when the two differ). */
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REPLY);
	d->arp_tha = d->arp_sha;
	d->arp_tip = sip;
	rte_ether_addr_copy(&r->mac, &d->arp_sha);
	d->arp_sip = tip;
	rte_ether_addr_copy(&d->arp_tha, &eth->dst_addr);
	rte_ether_addr_copy(&r->mac, &eth->src_addr);
	meta->out_port = meta->l3.rif;
	return ARP_IN_OUTPUT;
}

static uint16_t
arp_input_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	struct arp_input_run run = {.dp = VSW_RCU_LOAD(vsw_l3.dp),
				    .extra = VSW_RCU_LOAD(arp_extra)};

	return vsw_node_classify(graph, node, objs, nb_objs, &run, arp_input_one);
}

static struct rte_node_register arp_input_node = {
	.name = L3_NODE_ARP_INPUT,
	.process = arp_input_process,
	.nb_edges = ARP_IN_EDGE_COUNT,
	.next_nodes = {
		[ARP_IN_OUTPUT] = L3_NODE_OUTPUT,
		[ARP_IN_DROP_MALFORMED] = VSW_DROP_NODE(arp_malformed),
		[ARP_IN_DROP_MARTIAN] = VSW_DROP_NODE(arp_martian_src),
		[ARP_IN_DROP_NOT_FOR_US] = VSW_DROP_NODE(arp_not_for_us),
		[ARP_IN_CONSUMED] = VSW_DROP_NODE(arp_consumed),
	},
};
RTE_NODE_REGISTER(arp_input_node);

/* ---- l3_output --------------------------------------------------------------------------- */

enum { L3_OUT_DROP_GONE, L3_OUT_EDGE_COUNT /* edges to port_tx clones follow */ };

static __rte_always_inline rte_edge_t
l3_output_one(const void *tbl, struct rte_mbuf *m)
{
	const struct l3_dp *dp = tbl;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	const struct l3_rif *r = &dp->rif[meta->out_port];

	if (unlikely(!r->present))
		return L3_OUT_DROP_GONE;
	if (r->bridge != VSW_IFACE_NONE) {
		/* Into the bridge as a frame the interface sent: its L2 layer, written whole. */
		meta->in_port = meta->out_port;
		meta->out_port = VSW_PORT_NONE;
		meta->l2.vlan = r->vlan;
		meta->l2.domain = r->bridge;
		meta->l2.pcp = 0;
		memset(meta->l2.reserved, 0, sizeof(meta->l2.reserved));
		vsw_mbuf_meta_parse_l2(m, meta);
	} else {
		meta->out_port = r->port; /* from here on, the egress port (port_tx's counters) */
	}
	return r->tx_edge;
}

static uint16_t
l3_output_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	return vsw_node_classify(graph, node, objs, nb_objs, VSW_RCU_LOAD(vsw_l3.dp),
				 l3_output_one);
}

static struct rte_node_register l3_output_node = {
	.name = L3_NODE_OUTPUT,
	.process = l3_output_process,
	.nb_edges = L3_OUT_EDGE_COUNT,
	.next_nodes = {
		[L3_OUT_DROP_GONE] = VSW_DROP_NODE(l3_rif_gone),
	},
};
RTE_NODE_REGISTER(l3_output_node);

rte_node_t
l3_output_node_id(void)
{
	return l3_output_node.id;
}
