/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NAT's nodes. nat44_in2out sees what inside router interfaces receive (an IPv4 input
 * hook, l3/l3_hook.h): a packet of a known session has its source translated; a new flow
 * whose route leaves by an outside interface gets a session; anything else goes on
 * untouched. nat44_out2in sees what outside interfaces receive: a reply of a session has its
 * destination translated back; what is addressed to the router itself goes on; anything
 * else is dropped (only replies come in). Both then hand the packet to ip4_input, which
 * checks the header and routes it as any other. nat_tick, a source node in every graph,
 * runs the owner's housekeeping (nat_table.c).
 */
#include <assert.h>
#include <string.h>

#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "core/drop.h"
#include "l3/l3_priv.h"
#include "nat/nat_priv.h"
#include "vsw_node.h"
#include "vsw_rcu.h"
#include "vsw_worker.h"

VSW_DROP_DECLARE(nat_fragment, VSW_DROP_RX,
		 "IPv4 fragment of a flow the NAT would translate (no reassembly)");
VSW_DROP_DECLARE(nat_unsupported, VSW_DROP_RX,
		 "to an outside interface: a protocol or ICMP type the NAT does not translate");
VSW_DROP_DECLARE(nat_invalid, VSW_DROP_RX,
		 "TCP RST with no session (Linux's conntrack: INVALID)");
VSW_DROP_DECLARE(nat_session_limit, VSW_DROP_RX,
		 "new NAT session refused: the worker's table is full (nat.max_sessions)");
VSW_DROP_DECLARE(nat_host_limit, VSW_DROP_RX,
		 "new NAT session refused: the inside host has nat.max_sessions_per_host");
VSW_DROP_DECLARE(nat_no_port, VSW_DROP_RX, "new NAT session refused: no free outside port");
VSW_DROP_DECLARE(nat_unsolicited, VSW_DROP_RX,
		 "on an outside interface, no NAT session: only replies come in");

enum {
	NAT_NEXT_IP4,
	NAT_DROP_FRAGMENT,
	NAT_DROP_UNSUPPORTED,
	NAT_DROP_INVALID,
	NAT_DROP_LIMIT,
	NAT_DROP_HOST_LIMIT,
	NAT_DROP_NO_PORT,
	NAT_DROP_UNSOLICITED,
	NAT_EDGE_COUNT,
};

#define NAT_NEXT_NODES                                                                    \
	[NAT_NEXT_IP4] = L3_NODE_IP4_INPUT,                                               \
	[NAT_DROP_FRAGMENT] = VSW_DROP_NODE(nat_fragment),                                \
	[NAT_DROP_UNSUPPORTED] = VSW_DROP_NODE(nat_unsupported),                          \
	[NAT_DROP_INVALID] = VSW_DROP_NODE(nat_invalid),                                  \
	[NAT_DROP_LIMIT] = VSW_DROP_NODE(nat_session_limit),                              \
	[NAT_DROP_HOST_LIMIT] = VSW_DROP_NODE(nat_host_limit),                            \
	[NAT_DROP_NO_PORT] = VSW_DROP_NODE(nat_no_port),                                  \
	[NAT_DROP_UNSOLICITED] = VSW_DROP_NODE(nat_unsolicited)

struct nat_ctx {
	unsigned int worker;
};
static_assert(sizeof(struct nat_ctx) <= RTE_NODE_CTX_SZ, "ctx too big");

/* What one burst's packets need. */
struct nat_run {
	const struct nat_dp *dp;
	const struct l3_dp *l3;
	struct nat_worker *w;
	unsigned int self;
	uint32_t now;
};

/* A parsed packet. */
enum nat_parse { NAT_P_OK, NAT_P_PASS, NAT_P_FRAG, NAT_P_UNSUPPORTED };

struct nat_pkt {
	struct rte_ipv4_hdr *ip;
	void *l4;
	struct nat_key k;
	uint8_t tcp_flags;
};

/*
 * Parse @p m (Ethernet header in front) into @p p. A packet ip4_input would refuse is
 * NAT_P_PASS: it goes on untouched and ip4_input drops it with its own reason.
 */
static __rte_always_inline enum nat_parse
nat_parse(struct rte_mbuf *m, struct nat_pkt *p, uint8_t vrf, bool inside)
{
	struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
	uint32_t hlen, room;

	if (unlikely(m->data_len < sizeof(struct rte_ether_hdr) + sizeof(*ip) ||
		     (ip->version_ihl >> 4) != 4))
		return NAT_P_PASS;
	hlen = (ip->version_ihl & 0xf) * 4u;
	if (unlikely(hlen < sizeof(*ip) || m->data_len < sizeof(struct rte_ether_hdr) + hlen ||
		     rte_be_to_cpu_16(ip->total_length) < hlen))
		return NAT_P_PASS;
	room = RTE_MIN((uint32_t)m->data_len - sizeof(struct rte_ether_hdr),
		       (uint32_t)rte_be_to_cpu_16(ip->total_length)) - hlen;
	p->ip = ip;
	p->l4 = (uint8_t *)ip + hlen;
	memset(&p->k, 0, sizeof(p->k));
	p->k.src = ip->src_addr;
	p->k.dst = ip->dst_addr;
	p->k.proto = ip->next_proto_id;
	p->k.vrf = vrf;
	p->tcp_flags = 0;
	if (unlikely(ip->fragment_offset &
		     RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)))
		return NAT_P_FRAG;
	switch (ip->next_proto_id) {
	case IPPROTO_TCP: {
		const struct rte_tcp_hdr *th = p->l4;

		if (room < sizeof(*th))
			return NAT_P_PASS;
		p->k.sport = th->src_port;
		p->k.dport = th->dst_port;
		p->tcp_flags = th->tcp_flags;
		return NAT_P_OK;
	}
	case IPPROTO_UDP: {
		const struct rte_udp_hdr *uh = p->l4;

		if (room < sizeof(*uh))
			return NAT_P_PASS;
		p->k.sport = uh->src_port;
		p->k.dport = uh->dst_port;
		return NAT_P_OK;
	}
	case IPPROTO_ICMP: {
		const struct rte_icmp_hdr *ih = p->l4;

		if (room < sizeof(*ih))
			return NAT_P_PASS;
		if (ih->icmp_code != 0 ||
		    ih->icmp_type != (inside ? RTE_IP_ICMP_ECHO_REQUEST : RTE_IP_ICMP_ECHO_REPLY))
			return NAT_P_UNSUPPORTED;
		if (inside)
			p->k.sport = ih->icmp_ident;
		else
			p->k.dport = ih->icmp_ident;
		return NAT_P_OK;
	}
	default:
		return NAT_P_UNSUPPORTED;
	}
}

/* RFC 1624: checksum @p sum after a 32-bit field went from @p old to @p new (raw words). */
static __rte_always_inline rte_be16_t
csum32(rte_be16_t sum, uint32_t old, uint32_t new)
{
	uint32_t s = (uint16_t)~sum;

	s += (~old & 0xffff) + (~old >> 16) + (new & 0xffff) + (new >> 16);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (rte_be16_t)~s;
}

static __rte_always_inline rte_be16_t
csum16(rte_be16_t sum, uint16_t old, uint16_t new)
{
	uint32_t s = (uint16_t)~sum;

	s += (uint16_t)~old + new;
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (rte_be16_t)~s;
}

/*
 * Translate: a packet as the inside sends it (@p dir 0) gets the session's outside source
 * address and port (ICMP: echo id); a reply (@p dir 1) gets the inside host's destination
 * address and port back. IPv4 and L4 checksums are updated incrementally.
 */
static __rte_always_inline void
nat_rewrite(struct nat_pkt *p, const struct nat_session *s, int dir)
{
	struct rte_ipv4_hdr *ip = p->ip;
	uint32_t oa = dir == 0 ? ip->src_addr : ip->dst_addr;
	uint32_t na = dir == 0 ? s->out_addr : s->in.src;
	uint16_t np = dir == 0 ? s->out_port : s->in.sport, op;

	if (dir == 0)
		ip->src_addr = na;
	else
		ip->dst_addr = na;
	ip->hdr_checksum = csum32(ip->hdr_checksum, oa, na);
	switch (ip->next_proto_id) {
	case IPPROTO_TCP: {
		struct rte_tcp_hdr *th = p->l4;

		op = dir == 0 ? th->src_port : th->dst_port;
		if (dir == 0)
			th->src_port = np;
		else
			th->dst_port = np;
		th->cksum = csum16(csum32(th->cksum, oa, na), op, np);
		break;
	}
	case IPPROTO_UDP: {
		struct rte_udp_hdr *uh = p->l4;

		op = dir == 0 ? uh->src_port : uh->dst_port;
		if (dir == 0)
			uh->src_port = np;
		else
			uh->dst_port = np;
		if (uh->dgram_cksum != 0) { /* 0: the sender computed none */
			uh->dgram_cksum = csum16(csum32(uh->dgram_cksum, oa, na), op, np);
			if (uh->dgram_cksum == 0)
				uh->dgram_cksum = 0xffff;
		}
		break;
	}
	default: { /* ICMP echo: the id, no pseudo-header */
		struct rte_icmp_hdr *ih = p->l4;

		op = ih->icmp_ident;
		ih->icmp_ident = np;
		ih->icmp_cksum = csum16(ih->icmp_cksum, op, np);
		break;
	}
	}
}

/*
 * Connection tracking: the state a packet of direction @p dir moves its session to
 * (Linux's TCP states, simplified: FIN either way is fin_wait, both ways time_wait).
 */
static __rte_always_inline uint8_t
nat_next_state(struct nat_session *s, uint8_t st, int dir, uint8_t flags)
{
	if (s->in.proto == IPPROTO_UDP)
		return dir == 1 && st == NAT_S_UDP ? NAT_S_UDP_STREAM : st;
	if (s->in.proto != IPPROTO_TCP)
		return st;
	if (flags & RTE_TCP_RST_FLAG)
		return NAT_S_TCP_CLOSE;
	if (flags & RTE_TCP_SYN_FLAG) {
		if (!(flags & RTE_TCP_ACK_FLAG) && dir == 0 &&
		    (st == NAT_S_TCP_TIME_WAIT || st == NAT_S_TCP_CLOSE)) {
			__atomic_store_n(&s->fin, 0, __ATOMIC_RELAXED);
			return NAT_S_TCP_SYN_SENT; /* the port reused for a new connection */
		}
		if ((flags & RTE_TCP_ACK_FLAG) && dir == 1 && st == NAT_S_TCP_SYN_SENT)
			return NAT_S_TCP_SYN_RECV;
		return st;
	}
	if (flags & RTE_TCP_FIN_FLAG) {
		uint8_t fin = __atomic_or_fetch(&s->fin, (uint8_t)(1u << dir), __ATOMIC_RELAXED);

		if (st == NAT_S_TCP_CLOSE)
			return st;
		return fin == 3 ? NAT_S_TCP_TIME_WAIT : NAT_S_TCP_FIN_WAIT;
	}
	if ((flags & RTE_TCP_ACK_FLAG) && dir == 0 && st == NAT_S_TCP_SYN_RECV)
		return NAT_S_TCP_ESTABLISHED;
	return st;
}

/* A packet of session @p s (in worker @p owner's table) seen: its clock and state. */
static __rte_always_inline void
nat_track(const struct nat_run *r, unsigned int owner, struct nat_session *s, int dir,
	  uint8_t flags)
{
	uint8_t st = __atomic_load_n(&s->state, __ATOMIC_RELAXED), ns;

	if (s->last_s != r->now)
		__atomic_store_n(&s->last_s, r->now, __ATOMIC_RELAXED);
	ns = nat_next_state(s, st, dir, flags);
	if (likely(ns == st))
		return;
	/* A session deleted under us stays free. */
	if (!__atomic_compare_exchange_n(&s->state, &st, ns, false, __ATOMIC_RELAXED,
					 __ATOMIC_RELAXED))
		return;
	if (r->dp->timeout[NAT_TIMEOUT_OF(ns)] >= r->dp->timeout[NAT_TIMEOUT_OF(st)])
		return; /* the wheel finds it at its old deadline and looks again */
	if (owner == r->self) {
		nat_wheel_set(r->w, r->dp, (uint32_t)(s - r->w->s));
	} else {
		struct nat_worker *o = vsw_nat.w[owner];

		if (rte_ring_mp_enqueue(o->reclass, (void *)(uintptr_t)(s - o->s)) != 0)
			r->w->st.reclass_lost++;
	}
}

/* The router interface the route to @p dst leaves by, and the next hop's address. */
static __rte_always_inline uint16_t
nat_egress(const struct l3_dp *l3, const struct rte_mbuf *m, uint8_t vrf, uint32_t dst,
	   uint32_t *gw)
{
	uint32_t id = l3_lookup(l3, vrf, dst);
	const struct l3_nh *nh;

	if (id == UINT32_MAX)
		return VSW_IFACE_NONE;
	nh = &vsw_l3.nh[id];
	if (nh->type == NH_ECMP) {
		const struct l3_group *g = &vsw_l3.groups[nh->ip];

		nh = &vsw_l3.nh[g->nh[(uint32_t)(((uint64_t)l3_flow_hash(m) * g->n) >> 32)]];
	}
	if (nh->type == NH_NEIGH) {
		*gw = nh->ip;
		return nh->rif;
	}
	if (nh->type == NH_GLEAN) {
		*gw = dst;
		return nh->rif;
	}
	return VSW_IFACE_NONE;
}

/* ---- nat44_in2out ------------------------------------------------------------------------ */

static __rte_always_inline rte_edge_t
in2out_one(const void *arg, struct rte_mbuf *m)
{
	const struct nat_run *r = arg;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	enum nat_parse pr;
	struct nat_session *s;
	struct nat_pkt p;
	uint32_t gw = 0, out_addr;
	uint16_t rif;
	uint8_t state;
	int dir;

	pr = nat_parse(m, &p, meta->l3.vrf, true);
	if (unlikely(pr == NAT_P_PASS))
		return NAT_NEXT_IP4;
	if (likely(pr == NAT_P_OK)) {
		for (unsigned int i = 0; i < vsw_nat.n_workers; i++) {
			unsigned int o = (r->self + i) % vsw_nat.n_workers;

			s = nat_lookup(vsw_nat.w[o], &p.k, &dir);
			if (likely(s != NULL)) {
				nat_rewrite(&p, s, dir);
				nat_track(r, o, s, dir, p.tcp_flags);
				return NAT_NEXT_IP4;
			}
		}
	}
	/* No session: does its route leave by an outside interface? */
	rif = nat_egress(r->l3, m, meta->l3.vrf, p.ip->dst_addr, &gw);
	if (rif == VSW_IFACE_NONE || r->dp->role[rif] != NAT_ROLE_OUTSIDE)
		return NAT_NEXT_IP4;
	if (pr == NAT_P_FRAG)
		return NAT_DROP_FRAGMENT;
	if (pr == NAT_P_UNSUPPORTED)
		return NAT_DROP_UNSUPPORTED;
	switch (p.k.proto) {
	case IPPROTO_TCP:
		if (p.tcp_flags & RTE_TCP_RST_FLAG)
			return NAT_DROP_INVALID;
		/* A connection picked up mid-stream counts as established (Linux's
		 * nf_conntrack_tcp_loose). */
		state = (p.tcp_flags & (RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG)) == RTE_TCP_SYN_FLAG ?
				NAT_S_TCP_SYN_SENT :
				NAT_S_TCP_ESTABLISHED;
		break;
	case IPPROTO_UDP:
		state = NAT_S_UDP;
		break;
	default:
		state = NAT_S_ICMP;
		break;
	}
	{
		const struct nat_out *o = &r->dp->out[rif];

		out_addr = o->n_pool > 0 ?
				   o->pool[rte_be_to_cpu_32(p.k.src) % o->n_pool] :
				   l3_rif_addr_for(&r->l3->rif[rif], gw);
	}
	switch (nat_create(r->w, r->dp, &p.k, out_addr, r->l3->rif[rif].vrf, state, r->now, &s)) {
	case NAT_E_OK:
		break;
	case NAT_E_HOST_LIMIT:
		return NAT_DROP_HOST_LIMIT;
	case NAT_E_NO_PORT:
		return NAT_DROP_NO_PORT;
	default:
		return NAT_DROP_LIMIT;
	}
	nat_rewrite(&p, s, 0);
	return NAT_NEXT_IP4;
}

static uint16_t
in2out_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	unsigned int self = ((struct nat_ctx *)node->ctx)->worker;
	struct nat_run r = {.dp = VSW_RCU_LOAD(vsw_nat.dp), .l3 = VSW_RCU_LOAD(vsw_l3.dp),
			    .w = vsw_nat.w[self], .self = self,
			    .now = __atomic_load_n(&vsw_nat.now_s, __ATOMIC_RELAXED)};

	if (unlikely(r.dp == NULL || r.w == NULL)) { /* no NAT (any more): route as is */
		rte_node_next_stream_move(graph, node, NAT_NEXT_IP4);
		return nb_objs;
	}
	return vsw_node_classify(graph, node, objs, nb_objs, &r, in2out_one);
}

static int
nat_node_init(const struct rte_graph *graph, struct rte_node *node)
{
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);

	((struct nat_ctx *)node->ctx)->worker = w != NULL ? w->index : 0;
	return 0;
}

static struct rte_node_register in2out_node = {
	.name = NAT_NODE_IN2OUT,
	.process = in2out_process,
	.init = nat_node_init,
	.nb_edges = NAT_EDGE_COUNT,
	.next_nodes = {NAT_NEXT_NODES},
};
RTE_NODE_REGISTER(in2out_node);

/* ---- nat44_out2in ------------------------------------------------------------------------ */

static __rte_always_inline rte_edge_t
out2in_one(const void *arg, struct rte_mbuf *m)
{
	const struct nat_run *r = arg;
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	enum nat_parse pr;
	struct nat_session *s = NULL;
	struct nat_pkt p;
	unsigned int o = 0;
	uint32_t nh;
	int dir;

	pr = nat_parse(m, &p, meta->l3.vrf, false);
	if (unlikely(pr == NAT_P_PASS))
		return NAT_NEXT_IP4;
	if (likely(pr == NAT_P_OK)) {
		/* The reply's port names the table its session is in. */
		o = nat_port_owner(p.k.dport);
		s = nat_lookup(vsw_nat.w[o], &p.k, &dir);
		if (likely(s != NULL)) {
			nat_rewrite(&p, s, dir);
			nat_track(r, o, s, dir, p.tcp_flags);
			return NAT_NEXT_IP4;
		}
	}
	/* To the router itself (ping, its host path) goes on; the rest is not a reply. */
	nh = l3_lookup(r->l3, meta->l3.vrf, p.ip->dst_addr);
	if (nh != UINT32_MAX && vsw_l3.nh[nh].type == NH_LOCAL)
		return NAT_NEXT_IP4;
	return pr == NAT_P_FRAG ? NAT_DROP_FRAGMENT : NAT_DROP_UNSOLICITED;
}

static uint16_t
out2in_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	unsigned int self = ((struct nat_ctx *)node->ctx)->worker;
	struct nat_run r = {.dp = VSW_RCU_LOAD(vsw_nat.dp), .l3 = VSW_RCU_LOAD(vsw_l3.dp),
			    .w = vsw_nat.w[self], .self = self,
			    .now = __atomic_load_n(&vsw_nat.now_s, __ATOMIC_RELAXED)};

	if (unlikely(r.dp == NULL || r.w == NULL)) {
		rte_node_next_stream_move(graph, node, NAT_NEXT_IP4);
		return nb_objs;
	}
	return vsw_node_classify(graph, node, objs, nb_objs, &r, out2in_one);
}

static struct rte_node_register out2in_node = {
	.name = NAT_NODE_OUT2IN,
	.process = out2in_process,
	.init = nat_node_init,
	.nb_edges = NAT_EDGE_COUNT,
	.next_nodes = {NAT_NEXT_NODES},
};
RTE_NODE_REGISTER(out2in_node);

/* ---- nat_tick ---------------------------------------------------------------------------- */

/* The owner's housekeeping, once per walk: a few compares when nothing is due. */
static uint16_t
tick_process(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs)
{
	unsigned int self = ((struct nat_ctx *)node->ctx)->worker;
	const struct nat_dp *dp = VSW_RCU_LOAD(vsw_nat.dp);
	struct nat_worker *w = vsw_nat.w[self];

	RTE_SET_USED(graph);
	RTE_SET_USED(objs);
	RTE_SET_USED(nb_objs);
	if (likely(dp != NULL && w != NULL))
		nat_housekeeping(w, dp, __atomic_load_n(&vsw_nat.now_s, __ATOMIC_RELAXED));
	return 0;
}

static struct rte_node_register tick_node = {
	.name = NAT_NODE_TICK,
	.flags = RTE_NODE_SOURCE_F,
	.process = tick_process,
	.init = nat_node_init,
	.nb_edges = 1,
	.next_nodes = {[0] = L3_NODE_IP4_INPUT},
};
RTE_NODE_REGISTER(tick_node);
