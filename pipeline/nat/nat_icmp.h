/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ICMP errors through the NAT, as Linux's conntrack relates them to the flow they quote and
 * translates them (nf_nat_icmp_reply_translation). An error quotes the datagram it is about;
 * that datagram's flow, reversed, is the key the other side of its session sends:
 *
 * - from the outside side, the quote is a packet the NAT translated on its way out: the
 *   quote's source and the error's destination get the inside host's address and port back;
 * - from the inside side, the quote is a packet the NAT translated on its way in: the
 *   quote's destination and the error's source get the session's outside address and port.
 *
 * So traceroute and path-MTU discovery work through the NAT, and no inside address leaks
 * out in a quote. Checksums are updated incrementally (a corrupt error stays corrupt): the
 * quote's IPv4 header, its L4 checksum when it is quoted (TCP's lies beyond the 8 bytes a
 * router must quote), the error's ICMP checksum over all of that, the error's IPv4 header.
 *
 * And the router's own errors about a translated packet (icmp4_error: time exceeded of a
 * reply, fragmentation needed on the outside link): nat_icmp_unxlat() undoes the
 * translation first, so the error goes to, and quotes, what the other side sent.
 */
#ifndef VSW_NAT_ICMP_H
#define VSW_NAT_ICMP_H

#include <stdbool.h>

#include "nat/nat_pkt.h"

enum nat_icmp_res { NAT_ICMP_OK, NAT_ICMP_TRUNCATED, NAT_ICMP_MALFORMED, NAT_ICMP_NO_SESSION };

/* A datagram as an error quotes it, or whole. */
struct nat_quote {
	struct rte_ipv4_hdr *ip;
	uint8_t *l4;
	uint32_t l4_len;  /* its L4 bytes at hand */
	struct nat_key k; /* its flow reversed: the key the other side sends */
};

/*
 * Parse the datagram at @p ip, @p len bytes at hand, into @p q. It must hold its IPv4
 * header and 8 bytes of L4 (RFC 792: what every error quotes), not be a later fragment,
 * and not be an ICMP error itself (no error is sent about one).
 */
static inline enum nat_icmp_res
nat_quote_parse(struct rte_ipv4_hdr *ip, uint32_t len, uint8_t vrf, struct nat_quote *q)
{
	uint16_t sport = 0, dport = 0;
	uint32_t hlen;

	if (len < sizeof(*ip))
		return NAT_ICMP_TRUNCATED;
	hlen = (ip->version_ihl & 0xf) * 4u;
	if ((ip->version_ihl >> 4) != 4 || hlen < sizeof(*ip) ||
	    rte_be_to_cpu_16(ip->total_length) < hlen + 8)
		return NAT_ICMP_MALFORMED;
	if (len < hlen + 8)
		return NAT_ICMP_TRUNCATED;
	if (ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_OFFSET_MASK))
		return NAT_ICMP_MALFORMED; /* no L4 header to know its flow by */
	q->ip = ip;
	q->l4 = (uint8_t *)ip + hlen;
	q->l4_len = len - hlen;
	switch (ip->next_proto_id) {
	case IPPROTO_TCP:
	case IPPROTO_UDP: {
		const struct rte_udp_hdr *uh = (const void *)q->l4; /* ports: the same place */

		sport = uh->src_port;
		dport = uh->dst_port;
		break;
	}
	case IPPROTO_ICMP: {
		const struct rte_icmp_hdr *ih = (const void *)q->l4;

		if (ih->icmp_type == RTE_IP_ICMP_ECHO_REQUEST)
			sport = ih->icmp_ident;
		else if (ih->icmp_type == RTE_IP_ICMP_ECHO_REPLY)
			dport = ih->icmp_ident;
		else
			return NAT_ICMP_MALFORMED;
		break;
	}
	default:
		return NAT_ICMP_NO_SESSION; /* a protocol the NAT makes no sessions of */
	}
	memset(&q->k, 0, sizeof(q->k));
	q->k.src = ip->dst_addr;
	q->k.dst = ip->src_addr;
	q->k.sport = dport;
	q->k.dport = sport;
	q->k.proto = ip->next_proto_id;
	q->k.vrf = vrf;
	return NAT_ICMP_OK;
}

/* A word the error's ICMP checksum @p ic covers went from @p o to @p n (@p ic NULL: none). */
static inline void
nat_quote_csum(rte_be16_t *ic, rte_be16_t o, rte_be16_t n)
{
	if (ic != NULL)
		*ic = csum16(*ic, o, n);
}

/*
 * The quote's source (@p src) or destination address becomes @p na and its port @p np
 * (ICMP echo: its id, when @p id). @p ic: the error's ICMP checksum (a copy: the header is
 * packed), or NULL (a whole packet, not quoted).
 */
static inline void
nat_quote_rewrite(struct nat_quote *q, rte_be16_t *ic, bool src, uint32_t na, uint16_t np,
		  bool id)
{
	struct rte_ipv4_hdr *ip = q->ip;
	uint32_t oa = src ? ip->src_addr : ip->dst_addr;
	rte_be16_t oc = ip->hdr_checksum, c, op;

	if (src)
		ip->src_addr = na;
	else
		ip->dst_addr = na;
	ip->hdr_checksum = csum32(oc, oa, na);
	if (ic != NULL)
		*ic = csum32(*ic, oa, na);
	nat_quote_csum(ic, oc, ip->hdr_checksum);
	switch (ip->next_proto_id) {
	case IPPROTO_TCP: {
		struct rte_tcp_hdr *th = (void *)q->l4;

		op = src ? th->src_port : th->dst_port;
		if (src)
			th->src_port = np;
		else
			th->dst_port = np;
		nat_quote_csum(ic, op, np);
		if (q->l4_len >= offsetof(struct rte_tcp_hdr, cksum) + 2) {
			c = th->cksum;
			th->cksum = csum16(csum32(c, oa, na), op, np);
			nat_quote_csum(ic, c, th->cksum);
		}
		break;
	}
	case IPPROTO_UDP: {
		struct rte_udp_hdr *uh = (void *)q->l4;

		op = src ? uh->src_port : uh->dst_port;
		if (src)
			uh->src_port = np;
		else
			uh->dst_port = np;
		nat_quote_csum(ic, op, np);
		c = uh->dgram_cksum;
		if (c != 0) { /* 0: none computed */
			uh->dgram_cksum = csum16(csum32(c, oa, na), op, np);
			if (uh->dgram_cksum == 0)
				uh->dgram_cksum = 0xffff;
			nat_quote_csum(ic, c, uh->dgram_cksum);
		}
		break;
	}
	default: { /* ICMP echo: the id, no pseudo-header */
		struct rte_icmp_hdr *ih = (void *)q->l4;

		if (!id)
			break;
		op = ih->icmp_ident;
		ih->icmp_ident = np;
		nat_quote_csum(ic, op, np);
		c = ih->icmp_cksum;
		ih->icmp_cksum = csum16(c, op, np);
		nat_quote_csum(ic, c, ih->icmp_cksum);
		break;
	}
	}
}

/*
 * ICMP error @p p (parsed NAT_P_ICMP_ERR) from the outside side (@p from_out) or the
 * inside side: the session of the flow it quotes, in the direction the error may come
 * from, found in any worker's table, and the error translated.
 */
static inline enum nat_icmp_res
nat_icmp_error(struct nat_pkt *p, bool from_out)
{
	struct rte_icmp_hdr *ih = p->l4;
	struct rte_ipv4_hdr *ip = p->ip;
	const struct nat_session *s;
	struct nat_quote q;
	enum nat_icmp_res res;
	unsigned int o;
	rte_be16_t ic;
	uint32_t oa;
	int dir;
	bool id;

	if (p->l4_len < sizeof(*ih))
		return NAT_ICMP_TRUNCATED;
	res = nat_quote_parse((struct rte_ipv4_hdr *)(ih + 1), p->l4_len - sizeof(*ih), p->k.vrf,
			      &q);
	if (res != NAT_ICMP_OK)
		return res;
	s = nat_find(0, 0, &q.k, &dir, &o);
	if (s == NULL || dir != (from_out ? 1 : 0))
		return NAT_ICMP_NO_SESSION;
	/* A DNAT session's echo id is the outside side's: never translated. */
	id = !(s->flags & NAT_F_DNAT);
	ic = ih->icmp_cksum;
	if (from_out) {
		nat_quote_rewrite(&q, &ic, true, s->in.src, s->in.sport, id);
		oa = ip->dst_addr;
		ip->dst_addr = s->in.src;
		ip->hdr_checksum = csum32(ip->hdr_checksum, oa, ip->dst_addr);
	} else {
		nat_quote_rewrite(&q, &ic, false, s->out_addr, s->out_port, id);
		oa = ip->src_addr;
		ip->src_addr = s->out_addr;
		ip->hdr_checksum = csum32(ip->hdr_checksum, oa, ip->src_addr);
	}
	ih->icmp_cksum = ic;
	return NAT_ICMP_OK;
}

/*
 * Packet @p ip (@p len bytes at hand) in VRF @p vrf, about to be quoted by one of the
 * router's own errors: if the NAT translated it, its translation undone (the source of one
 * going out, the destination of one coming in). @return whether it was.
 */
static inline bool
nat_icmp_unxlat(struct rte_ipv4_hdr *ip, uint32_t len, uint8_t vrf)
{
	const struct nat_session *s;
	struct nat_quote q;
	unsigned int o;
	int dir;

	if (nat_quote_parse(ip, len, vrf, &q) != NAT_ICMP_OK)
		return false;
	s = nat_find(0, 0, &q.k, &dir, &o);
	if (s == NULL)
		return false;
	if (dir == 1) /* it went out translated */
		nat_quote_rewrite(&q, NULL, true, s->in.src, s->in.sport,
				  !(s->flags & NAT_F_DNAT));
	else /* it came in translated */
		nat_quote_rewrite(&q, NULL, false, s->out_addr, s->out_port,
				  !(s->flags & NAT_F_DNAT));
	return true;
}

#endif /* VSW_NAT_ICMP_H */
