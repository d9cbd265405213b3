/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NAT's nodes. nat44_in2out sees what inside router interfaces receive (an IPv4 input
 * hook, l3/l3_hook.h): a packet of a known session is translated; a new flow to an address a
 * forward or floating IP translates is hairpinned (its destination translated, then its
 * source); a new flow whose route leaves by an outside interface gets a session (to its
 * floating IP, else masquerade or the pool); anything else goes on untouched.
 * nat44_out2in sees what outside interfaces receive: a reply of a session has its
 * destination translated back; a new flow a forward or floating IP takes gets a session;
 * what is addressed to the router itself goes on; anything else is dropped (only replies
 * come in). Both then hand the packet to ip4_input, which checks the header and routes it
 * as any other. ICMP errors are translated by the session of the flow they quote
 * (nat_icmp.h); fragments are put together first (nat44_reass, nat_reass.c). nat_tick, a
 * source node in every graph, runs the owner's housekeeping (nat_table.c) and expires
 * reassemblies. Per packet work: nat_pkt.h; a burst's sessions are looked up in bulk first
 * (nat_bulk.h).
 */
#include <assert.h>
#include <string.h>

#include <rte_graph.h>
#include <rte_graph_worker.h>

#include "core/drop.h"
#include "nat/nat_bulk.h"
#include "nat/nat_icmp.h"
#include "vsw_node.h"
#include "vsw_rcu.h"
#include "vsw_worker.h"

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
VSW_DROP_DECLARE(nat_icmp_err_truncated, VSW_DROP_RX,
		 "ICMP error through the NAT quoting less than an IPv4 header and 8 bytes");
VSW_DROP_DECLARE(nat_icmp_err_malformed, VSW_DROP_RX,
		 "ICMP error through the NAT quoting no IPv4 datagram, a later fragment or an "
		 "ICMP error");
VSW_DROP_DECLARE(nat_icmp_err_no_session, VSW_DROP_RX,
		 "ICMP error through the NAT quoting a flow of no NAT session");

enum {
	NAT_NEXT_IP4,
	NAT_NEXT_REASS,
	NAT_DROP_UNSUPPORTED,
	NAT_DROP_INVALID,
	NAT_DROP_LIMIT,
	NAT_DROP_HOST_LIMIT,
	NAT_DROP_NO_PORT,
	NAT_DROP_UNSOLICITED,
	NAT_DROP_ICMP_TRUNCATED,
	NAT_DROP_ICMP_MALFORMED,
	NAT_DROP_ICMP_NO_SESSION,
	NAT_EDGE_COUNT,
};

#define NAT_NEXT_NODES                                                                    \
	[NAT_NEXT_IP4] = L3_NODE_IP4_INPUT,                                               \
	[NAT_NEXT_REASS] = NAT_NODE_REASS,                                                \
	[NAT_DROP_UNSUPPORTED] = VSW_DROP_NODE(nat_unsupported),                          \
	[NAT_DROP_INVALID] = VSW_DROP_NODE(nat_invalid),                                  \
	[NAT_DROP_LIMIT] = VSW_DROP_NODE(nat_session_limit),                              \
	[NAT_DROP_HOST_LIMIT] = VSW_DROP_NODE(nat_host_limit),                            \
	[NAT_DROP_NO_PORT] = VSW_DROP_NODE(nat_no_port),                                  \
	[NAT_DROP_UNSOLICITED] = VSW_DROP_NODE(nat_unsolicited),                          \
	[NAT_DROP_ICMP_TRUNCATED] = VSW_DROP_NODE(nat_icmp_err_truncated),                \
	[NAT_DROP_ICMP_MALFORMED] = VSW_DROP_NODE(nat_icmp_err_malformed),                \
	[NAT_DROP_ICMP_NO_SESSION] = VSW_DROP_NODE(nat_icmp_err_no_session)

struct nat_ctx {
	unsigned int worker;
};
static_assert(sizeof(struct nat_ctx) <= RTE_NODE_CTX_SZ, "ctx too big");

/* The state a new session of @p p starts in; NAT_S_FREE when its packet may not open one
 * (a TCP RST: Linux's INVALID; an ICMP echo reply). */
static __rte_always_inline uint8_t
nat_first_state(const struct nat_pkt *p)
{
	switch (p->k.proto) {
	case IPPROTO_TCP:
		if (p->tcp_flags & RTE_TCP_RST_FLAG)
			return NAT_S_FREE;
		/* A connection picked up mid-stream counts as established (Linux's
		 * nf_conntrack_tcp_loose). */
		return (p->tcp_flags & (RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG)) == RTE_TCP_SYN_FLAG ?
			       NAT_S_TCP_SYN_SENT :
			       NAT_S_TCP_ESTABLISHED;
	case IPPROTO_UDP:
		return NAT_S_UDP;
	default:
		return p->echo_request ? NAT_S_ICMP : NAT_S_FREE;
	}
}

static __rte_always_inline rte_edge_t
nat_err_edge(enum nat_err e)
{
	switch (e) {
	case NAT_E_HOST_LIMIT:
		return NAT_DROP_HOST_LIMIT;
	case NAT_E_NO_PORT:
		return NAT_DROP_NO_PORT;
	default:
		return NAT_DROP_LIMIT;
	}
}

static __rte_always_inline rte_edge_t
nat_icmp_edge(enum nat_icmp_res res)
{
	switch (res) {
	case NAT_ICMP_TRUNCATED:
		return NAT_DROP_ICMP_TRUNCATED;
	case NAT_ICMP_MALFORMED:
		return NAT_DROP_ICMP_MALFORMED;
	default:
		return NAT_DROP_ICMP_NO_SESSION;
	}
}

/*
 * A new flow @p p the outside side sends to rule @p ri's address (from outside, or from
 * inside: a hairpin, @p flags NAT_F_HAIRPIN): a DNAT session, and its first packet's
 * destination translated. Its inside key is the flow as the inside host will answer it.
 * @return NAT_NEXT_IP4 or a drop.
 */
static __rte_always_inline rte_edge_t
nat_dnat(const struct nat_run *r, struct rte_mbuf *m, struct nat_pkt *p, uint8_t state,
	 uint32_t ri, uint8_t flags)
{
	const struct nat_rule *rule = &r->dp->rule[ri];
	struct nat_xlat x = {.addr = p->k.dst, .port = p->k.dport, .vrf = p->k.vrf,
			     .flags = (uint8_t)(flags | NAT_F_DNAT |
						(rule->kind == VSW_NAT_FLOATING ? NAT_F_FLOAT : 0))};
	struct nat_session *s;
	struct nat_key in;
	enum nat_err e;
	uint32_t gw = 0;
	uint16_t rif;

	memset(&in, 0, sizeof(in));
	in.src = rule->to;
	in.dst = p->k.src;
	in.proto = p->k.proto;
	if (p->k.proto == IPPROTO_ICMP) {
		x.port = p->k.sport; /* the echo id, kept */
		in.dport = p->k.sport;
	} else {
		in.sport = rule->ext_port != 0 ? rule->to_port : p->k.dport;
		in.dport = p->k.sport;
	}
	/* The inside host's VRF: its route's interface's (route leaking may cross). */
	rif = nat_egress(r->l3, m, p->k.vrf, rule->to, &gw);
	in.vrf = rif != VSW_IFACE_NONE ? r->l3->rif[rif].vrf : p->k.vrf;
	e = nat_create(r->w, r->dp, &in, &x, state, r->now, &s);
	if (unlikely(e != NAT_E_OK))
		return nat_err_edge(e);
	r->dp->hits[r->self * r->dp->n_rules + ri]++;
	nat_rewrite(p, s, 1);
	return NAT_NEXT_IP4;
}

/* ---- nat44_in2out ------------------------------------------------------------------------ */

/*
 * A flow from inside without a session. To a rule's outside address: a hairpin, its
 * destination translated first (@p hairpin set, or already done when its DNAT half was
 * found). Then by its route: leaving by an outside interface, its source is translated to
 * the host's floating IP there, else masquerade or the pool; a hairpin leaving by another
 * interface gets the host's floating IP, else the router's own address on that interface
 * (so the server's answer comes back through the NAT); anything else goes on untouched.
 */
static __rte_always_inline rte_edge_t
in2out_new(const struct nat_run *r, struct rte_mbuf *m, struct nat_pkt *p, enum nat_parse pr,
	   bool hairpin)
{
	uint8_t state = pr == NAT_P_OK ? nat_first_state(p) : NAT_S_FREE;
	struct nat_xlat x = {0};
	const struct nat_rule *fr = NULL;
	struct nat_session *s;
	uint32_t gw = 0, ri, fi = 0;
	enum nat_err e;
	uint16_t rif;
	bool outside;

	if (!hairpin && state != NAT_S_FREE &&
	    nat_rule_in(r->dp, p->k.vrf, p->k.proto, p->k.dst, p->k.dport, &ri) != NULL) {
		rte_edge_t edge = nat_dnat(r, m, p, state, ri, NAT_F_HAIRPIN);

		if (edge != NAT_NEXT_IP4)
			return edge;
		nat_rekey(p);
		hairpin = true;
	}
	rif = nat_egress(r->l3, m, p->k.vrf, p->ip->dst_addr, &gw);
	if (rif == VSW_IFACE_NONE)
		return NAT_NEXT_IP4;
	outside = r->dp->role[rif] == NAT_ROLE_OUTSIDE;
	if (!outside && !hairpin)
		return NAT_NEXT_IP4;
	if (pr == NAT_P_FRAG)
		return NAT_NEXT_REASS; /* put together first: nat_reass.c */
	if (pr == NAT_P_UNSUPPORTED)
		return NAT_DROP_UNSUPPORTED;
	if (state == NAT_S_FREE)
		return p->k.proto == IPPROTO_TCP ? NAT_DROP_INVALID : NAT_DROP_UNSUPPORTED;
	x.vrf = r->l3->rif[rif].vrf;
	x.flags = hairpin ? NAT_F_HAIRPIN : 0;
	fr = nat_rule_float(r->dp, x.vrf, outside ? rif : VSW_IFACE_NONE, p->k.src, &fi);
	if (fr != NULL) {
		/* 1:1: the floating IP, the port (ICMP: the id) kept when free. */
		x.addr = fr->ext;
		x.port = p->k.sport;
		x.flags |= NAT_F_FLOAT;
	} else if (outside && r->dp->out[rif].n_pool > 0) {
		const struct nat_out *o = &r->dp->out[rif];

		x.addr = o->pool[rte_be_to_cpu_32(p->k.src) % o->n_pool];
	} else {
		x.addr = l3_rif_addr_for(&r->l3->rif[rif], gw);
	}
	if (fr == NULL && outside) {
		x.port_lo = r->dp->out[rif].port_lo;
		x.port_hi = r->dp->out[rif].port_hi;
	}
	e = nat_create(r->w, r->dp, &p->k, &x, state, r->now, &s);
	if (unlikely(e != NAT_E_OK))
		return nat_err_edge(e);
	if (fr != NULL)
		r->dp->hits[r->self * r->dp->n_rules + fi]++;
	nat_rewrite(p, s, 0);
	return NAT_NEXT_IP4;
}

/* An ICMP error from inside (nat_icmp.h): about a flow the NAT translated on its way in,
 * translated; any other is routed as it is unless it would leave by an outside interface
 * untranslated (an inside address in its quote). */
static rte_edge_t
in2out_icmp_err(const struct nat_run *r, struct rte_mbuf *m, struct nat_pkt *p)
{
	enum nat_icmp_res res = nat_icmp_error(p, false);
	uint32_t gw = 0;
	uint16_t rif;

	if (res == NAT_ICMP_OK)
		return NAT_NEXT_IP4;
	rif = nat_egress(r->l3, m, p->k.vrf, p->ip->dst_addr, &gw);
	if (rif == VSW_IFACE_NONE || r->dp->role[rif] != NAT_ROLE_OUTSIDE)
		return NAT_NEXT_IP4;
	return nat_icmp_edge(res);
}

static __rte_always_inline rte_edge_t
in2out_one(const struct nat_run *r, struct rte_mbuf *m, struct nat_pkt *p, enum nat_parse pr,
	   struct nat_session *s, int dir, unsigned int o)
{
	uint32_t ri;

	if (unlikely(pr == NAT_P_PASS))
		return NAT_NEXT_IP4;
	/* A packet whose TTL ends here is not translated: ip4_input's time exceeded quotes it
	 * as the host sent it (Linux's SNAT comes after its forward's TTL check), and a
	 * traceroute's probes make no sessions. A hairpin's DNAT comes first, as Linux's. */
	if (unlikely(p->ip->time_to_live <= 1) &&
	    nat_rule_in(r->dp, p->k.vrf, p->k.proto, p->k.dst, p->k.dport, &ri) == NULL)
		return NAT_NEXT_IP4;
	if (unlikely(pr == NAT_P_ICMP_ERR))
		return in2out_icmp_err(r, m, p);
	if (likely(pr == NAT_P_OK)) {
		/* RSS sends a flow's inside packets to one worker: its own table (looked up in
		 * bulk) first, then the others. */
		if (unlikely(s == NULL) && vsw_nat.n_workers > 1)
			s = nat_find(r->self, 1, &p->k, &dir, &o);
		if (likely(s != NULL)) {
			nat_rewrite(p, s, dir);
			nat_track(r, o, s, dir, p->tcp_flags);
			if (likely(!(s->flags & NAT_F_HAIRPIN)))
				return NAT_NEXT_IP4;
			/* A hairpin: the pair's other half translates it again. */
			nat_rekey(p);
			s = nat_find(r->self, 0, &p->k, &dir, &o);
			if (s != NULL) {
				nat_rewrite(p, s, dir);
				nat_track(r, o, s, dir, p->tcp_flags);
				return NAT_NEXT_IP4;
			}
			/* The source half went first (its own timeouts): made again. A reply
			 * whose other half went is routed as it now reads. */
			return dir == 1 ? in2out_new(r, m, p, pr, true) : NAT_NEXT_IP4;
		}
	}
	return in2out_new(r, m, p, pr, false);
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
	return nat_burst(graph, node, objs, nb_objs, &r, false, in2out_one);
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
out2in_one(const struct nat_run *r, struct rte_mbuf *m, struct nat_pkt *p, enum nat_parse pr,
	   struct nat_session *s, int dir, unsigned int o)
{
	uint32_t nh, ri;
	uint8_t state;

	if (unlikely(pr == NAT_P_PASS))
		return NAT_NEXT_IP4;
	/* Every fragment is put together first (nat_reass.c): a masquerade's replies are
	 * addressed to the router. */
	if (unlikely(pr == NAT_P_FRAG))
		return NAT_NEXT_REASS;
	if (unlikely(pr == NAT_P_ICMP_ERR)) {
		/* About a flow the NAT translated on its way out: translated back. About none:
		 * to the router itself (its own flows' errors) it goes on, the rest is dropped. */
		enum nat_icmp_res res = nat_icmp_error(p, true);

		if (res == NAT_ICMP_OK)
			return NAT_NEXT_IP4;
		nh = l3_lookup(r->l3, vsw_mbuf_meta(m)->l3.vrf, p->ip->dst_addr);
		if (res == NAT_ICMP_NO_SESSION && nh != UINT32_MAX &&
		    vsw_l3.nh[nh].type == NH_LOCAL)
			return NAT_NEXT_IP4;
		return nat_icmp_edge(res);
	}
	if (likely(pr == NAT_P_OK)) {
		/* A reply's port names the table its session is in (looked up in bulk); a
		 * rule's session keeps its port, which names none: then the other tables. */
		if (unlikely(s == NULL) && vsw_nat.n_workers > 1)
			s = nat_find(o, 1, &p->k, &dir, &o);
		if (likely(s != NULL)) {
			nat_rewrite(p, s, dir);
			nat_track(r, o, s, dir, p->tcp_flags);
			return NAT_NEXT_IP4;
		}
		/* A forward or floating IP opens it. */
		if (nat_rule_in(r->dp, p->k.vrf, p->k.proto, p->k.dst, p->k.dport, &ri) != NULL) {
			state = nat_first_state(p);
			if (state != NAT_S_FREE)
				return nat_dnat(r, m, p, state, ri, 0);
			if (p->k.proto == IPPROTO_TCP)
				return NAT_DROP_INVALID;
		}
	}
	/* To the router itself (ping, its host path) goes on; the rest is not a reply. */
	nh = l3_lookup(r->l3, vsw_mbuf_meta(m)->l3.vrf, p->ip->dst_addr);
	if (nh != UINT32_MAX && vsw_l3.nh[nh].type == NH_LOCAL)
		return NAT_NEXT_IP4;
	return NAT_DROP_UNSOLICITED;
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
	return nat_burst(graph, node, objs, nb_objs, &r, true, out2in_one);
}

static struct rte_node_register out2in_node = {
	.name = NAT_NODE_OUT2IN,
	.process = out2in_process,
	.init = nat_node_init,
	.nb_edges = NAT_EDGE_COUNT,
	.next_nodes = {NAT_NEXT_NODES},
};
RTE_NODE_REGISTER(out2in_node);

/* ---- The router's own ICMP errors ------------------------------------------------------- */

bool
nat44_icmp_unxlat(struct rte_ipv4_hdr *ip, uint32_t len, uint8_t vrf)
{
	const struct nat_dp *dp = VSW_RCU_LOAD(vsw_nat.dp);

	return dp != NULL && vsw_nat.w[0] != NULL && nat_icmp_unxlat(ip, len, vrf);
}

/* ---- nat_tick ---------------------------------------------------------------------------- */

enum { TICK_DROP_FRAG_TIMEOUT = 1 };

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
	if (likely(dp != NULL && w != NULL)) {
		uint32_t now = __atomic_load_n(&vsw_nat.now_s, __ATOMIC_RELAXED);

		nat_housekeeping(w, dp, now);
		/* Datagrams not complete in time: their fragments dropped by name. */
		rte_ip_frag_table_del_expired_entries(w->frag, &w->dr, now);
		for (uint32_t k = 0; k < w->dr.cnt; k++)
			vsw_node_enqueue_x1(graph, node, TICK_DROP_FRAG_TIMEOUT, w->dr.row[k]);
		w->dr.cnt = 0;
	}
	return 0;
}

static struct rte_node_register tick_node = {
	.name = NAT_NODE_TICK,
	.flags = RTE_NODE_SOURCE_F,
	.process = tick_process,
	.init = nat_node_init,
	.nb_edges = 2,
	.next_nodes = {[0] = L3_NODE_IP4_INPUT,
		       [TICK_DROP_FRAG_TIMEOUT] = VSW_DROP_NODE(nat_frag_timeout)},
};
RTE_NODE_REGISTER(tick_node);
