/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the NAT's nodes (nat44.c) do to one packet: parse it into a session key, translate
 * it (addresses, ports, ICMP echo id, checksums updated incrementally), move its session's
 * clock and TCP state, find the interface its route leaves by. Inline, for the nodes only.
 */
#ifndef VSW_NAT_PKT_H
#define VSW_NAT_PKT_H

#include <string.h>

#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "l3/l3_priv.h"
#include "nat/nat_priv.h"

/* What one burst's packets need. */
struct nat_run {
	const struct nat_dp *dp;
	const struct l3_dp *l3;
	struct nat_worker *w;
	unsigned int self;
	uint32_t now;
};

/* A parsed packet. NAT_P_ICMP_ERR: an ICMP error (nat_icmp.h translates its quote). */
enum nat_parse { NAT_P_OK, NAT_P_PASS, NAT_P_FRAG, NAT_P_UNSUPPORTED, NAT_P_ICMP_ERR };

struct nat_pkt {
	struct rte_ipv4_hdr *ip;
	void *l4;
	struct nat_key k;
	uint32_t l4_len; /* L4 bytes in the first segment and within the datagram */
	uint8_t tcp_flags;
	uint8_t echo_request; /* ICMP: an echo request (else a reply) */
};

/* The key of parsed packet @p p from its headers again (after a translation): addresses,
 * ports; ICMP echo: the id, in sport for a request and in dport for a reply. */
static __rte_always_inline void
nat_rekey(struct nat_pkt *p)
{
	p->k.src = p->ip->src_addr;
	p->k.dst = p->ip->dst_addr;
	switch (p->k.proto) {
	case IPPROTO_TCP:
		p->k.sport = ((const struct rte_tcp_hdr *)p->l4)->src_port;
		p->k.dport = ((const struct rte_tcp_hdr *)p->l4)->dst_port;
		break;
	case IPPROTO_UDP:
		p->k.sport = ((const struct rte_udp_hdr *)p->l4)->src_port;
		p->k.dport = ((const struct rte_udp_hdr *)p->l4)->dst_port;
		break;
	default:
		if (p->echo_request)
			p->k.sport = ((const struct rte_icmp_hdr *)p->l4)->icmp_ident;
		else
			p->k.dport = ((const struct rte_icmp_hdr *)p->l4)->icmp_ident;
		break;
	}
}

/*
 * Parse @p m (Ethernet header in front) into @p p. A packet ip4_input would refuse is
 * NAT_P_PASS: it goes on untouched and ip4_input drops it with its own reason. An ICMP error
 * (destination unreachable, source quench, time exceeded, parameter problem: the types
 * Linux's conntrack relates to the flow they quote) is NAT_P_ICMP_ERR; other ICMP than
 * echo requests and replies is NAT_P_UNSUPPORTED.
 */
static __rte_always_inline enum nat_parse
nat_parse(struct rte_mbuf *m, struct nat_pkt *p, uint8_t vrf)
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
	p->l4_len = room;
	memset(&p->k, 0, sizeof(p->k));
	p->k.src = ip->src_addr;
	p->k.dst = ip->dst_addr;
	p->k.proto = ip->next_proto_id;
	p->k.vrf = vrf;
	p->tcp_flags = 0;
	p->echo_request = 0;
	if (unlikely(ip->fragment_offset &
		     RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)))
		return NAT_P_FRAG;
	switch (ip->next_proto_id) {
	case IPPROTO_TCP:
		if (room < sizeof(struct rte_tcp_hdr))
			return NAT_P_PASS;
		p->tcp_flags = ((const struct rte_tcp_hdr *)p->l4)->tcp_flags;
		break;
	case IPPROTO_UDP:
		if (room < sizeof(struct rte_udp_hdr))
			return NAT_P_PASS;
		break;
	case IPPROTO_ICMP: {
		const struct rte_icmp_hdr *ih = p->l4;

		if (room < sizeof(*ih))
			return NAT_P_PASS;
		if (ih->icmp_type == ICMP_DEST_UNREACH || ih->icmp_type == 4 /* source quench */ ||
		    ih->icmp_type == ICMP_TIME_EXCEEDED || ih->icmp_type == ICMP_PARAMETERPROB)
			return NAT_P_ICMP_ERR;
		if (ih->icmp_code != 0 || (ih->icmp_type != RTE_IP_ICMP_ECHO_REQUEST &&
					   ih->icmp_type != RTE_IP_ICMP_ECHO_REPLY))
			return NAT_P_UNSUPPORTED;
		p->echo_request = ih->icmp_type == RTE_IP_ICMP_ECHO_REQUEST;
		break;
	}
	default:
		return NAT_P_UNSUPPORTED;
	}
	nat_rekey(p);
	return NAT_P_OK;
}

/* A session for @p k in any worker's table, from table @p first on (@p skip: not that one);
 * its owner in @p owner. */
static __rte_always_inline struct nat_session *
nat_find(unsigned int first, unsigned int skip, const struct nat_key *k, int *dir,
	 unsigned int *owner)
{
	for (unsigned int i = skip; i < vsw_nat.n_workers; i++) {
		unsigned int o = first + i < vsw_nat.n_workers ? first + i :
								 first + i - vsw_nat.n_workers;
		struct nat_session *s = nat_lookup(vsw_nat.w[o], k, dir);

		if (s != NULL) {
			*owner = o;
			return s;
		}
	}
	return NULL;
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
 * address and port (ICMP: echo id); one from the outside side (@p dir 1) gets the inside
 * host's destination address and port back. A DNAT session's ICMP keeps its echo id (the
 * outside side chose it). IPv4 and L4 checksums are updated incrementally.
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

		if (s->flags & NAT_F_DNAT)
			break;
		op = ih->icmp_ident;
		ih->icmp_ident = np;
		ih->icmp_cksum = csum16(ih->icmp_cksum, op, np);
		break;
	}
	}
}

/*
 * Connection tracking: the state a packet of direction @p dir moves its session to
 * (Linux's TCP states, simplified: FIN either way is fin_wait, both ways time_wait). The
 * states follow the opener: the inside host, or for a DNAT session the outside side.
 */
static __rte_always_inline uint8_t
nat_next_state(struct nat_session *s, uint8_t st, int dir, uint8_t flags)
{
	dir ^= (s->flags & NAT_F_DNAT) ? 1 : 0;
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


#endif /* VSW_NAT_PKT_H */
