/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the router's control thread says in IPv6 neighbour discovery: router advertisements
 * on interfaces with `ra: true` (RFC 4861 6.2: its first three 16 s apart, then every 200 s,
 * and an answer to a router solicitation at most every 3 s), each with the link-layer
 * address, the MTU and a prefix option per address (on-link, autonomous: hosts configure
 * themselves with SLAAC; Linux's radvd defaults), and an unsolicited neighbour advertisement
 * of an address that comes up. Packets leave through the inject ring (l3_hold.c).
 */
#include <string.h>

#include <rte_cycles.h>
#include <rte_mbuf.h>

#include "l3/l3_ctl6.h"

#define RA_INITIAL 3
#define RA_INITIAL_INTERVAL_S 16
#define RA_INTERVAL_S 200
#define RA_ROUTER_LIFETIME_S 1800
#define RA_MIN_DELAY_MS 3000
#define PREFIX_VALID_S 2592000u   /* 30 days */
#define PREFIX_PREFERRED_S 604800u /* 7 days */

static const uint8_t all_nodes[16] = {0xff, 0x02, [15] = 1};

/* A packet from interface @p rif's link-local address to all nodes, hop limit 255, with
 * @p len bytes of ICMPv6 after the headers (returned in *icmp), or NULL. */
static struct rte_mbuf *
nd_packet(uint16_t rif, const uint8_t *src, uint16_t len, uint8_t **icmp)
{
	const struct l3_rif *r = &vsw_l3.dp->rif[rif];
	struct rte_mbuf *m = vsw_l3.pool != NULL ? rte_pktmbuf_alloc(vsw_l3.pool) : NULL;
	struct vsw_mbuf_meta *meta;
	struct rte_ether_hdr *eth;
	struct rte_ipv6_hdr *ip;

	if (m == NULL)
		return NULL;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, sizeof(*eth) + sizeof(*ip) + len);
	if (eth == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	meta = vsw_mbuf_meta(m);
	vsw_mbuf_meta_rx(meta, rif);
	memset(&meta->l3, 0, sizeof(meta->l3));
	meta->out_port = rif;
	meta->l3.rif = rif;
	meta->l3.vrf = r->vrf;
	meta->l3.v6 = 1;
	eth->dst_addr = (struct rte_ether_addr){{0x33, 0x33, 0, 0, 0, 1}};
	rte_ether_addr_copy(&r->mac, &eth->src_addr);
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	ip = (struct rte_ipv6_hdr *)(eth + 1);
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16(len);
	ip->proto = IPPROTO_ICMPV6;
	ip->hop_limits = 255;
	memcpy(ip->src_addr, src, 16);
	memcpy(ip->dst_addr, all_nodes, 16);
	*icmp = (uint8_t *)(ip + 1);
	memset(*icmp, 0, len);
	return m;
}

static void
finish(struct rte_mbuf *m, uint8_t *icmp)
{
	struct icmp6_hdr *h = (struct icmp6_hdr *)icmp;

	h->cksum = rte_ipv6_udptcp_cksum((struct rte_ipv6_hdr *)icmp - 1, icmp);
	l3_inject_pkt(m);
}

static void
put32(uint8_t *p, uint32_t v)
{
	v = rte_cpu_to_be_32(v);
	memcpy(p, &v, 4);
}

/* A router advertisement of interface @p rif to all nodes, from link-local address @p src,
 * with router lifetime @p lifetime (0: "no longer a default router", RFC 4861 6.2.5). */
static void
ra_send(uint16_t rif, const uint8_t *src, uint16_t lifetime)
{
	const struct l3_rif *r = &vsw_l3.dp->rif[rif];
	uint16_t len = 16 + 8 + 8 + 32 * r->n_addrs6;
	struct rte_mbuf *m;
	uint8_t *p, *o;

	m = nd_packet(rif, src, len, &p);
	if (m == NULL)
		return;
	p[0] = ND_ROUTER_ADVERT;
	p[4] = 64; /* current hop limit */
	p[6] = lifetime >> 8;
	p[7] = lifetime & 0xff;
	/* reachable time and retransmit timer: 0, unspecified */
	o = p + 16;
	o[0] = ND_OPT_SOURCE_LL;
	o[1] = 1;
	memcpy(o + 2, r->mac.addr_bytes, 6);
	o += 8;
	o[0] = ND_OPT_MTU;
	o[1] = 1;
	put32(o + 4, r->mtu);
	o += 8;
	for (unsigned int a = 0; a < r->n_addrs6; a++, o += 32) {
		o[0] = ND_OPT_PREFIX;
		o[1] = 4;
		o[2] = r->len6[a];
		o[3] = 0xc0; /* on-link, autonomous */
		put32(o + 4, PREFIX_VALID_S);
		put32(o + 8, PREFIX_PREFERRED_S);
		for (unsigned int bit = 0; bit < r->len6[a]; bit += 8)
			o[16 + bit / 8] = r->addr6[a][bit / 8] &
					  (uint8_t)(r->len6[a] - bit >= 8 ?
							    0xff :
							    0xff << (8 - (r->len6[a] - bit)));
	}
	finish(m, p);
}

void
l3_nd_poll(uint32_t now_s)
{
	const struct l3_dp *dp = vsw_l3.dp;

	for (unsigned int id = 0; dp != NULL && id < VSW_MAX_IFACES; id++) {
		if (!l3c6.ra_on[id] || now_s < l3c6.ra_next_s[id])
			continue;
		if (!dp->rif[id].present || !dp->rif[id].ra) {
			l3c6.ra_on[id] = 0;
			continue;
		}
		ra_send((uint16_t)id, dp->rif[id].ll, RA_ROUTER_LIFETIME_S);
		l3c6.ra_sent[id]++;
		l3c6.ra_next_s[id] = now_s + (l3c6.ra_sent[id] < RA_INITIAL ? RA_INITIAL_INTERVAL_S :
									RA_INTERVAL_S);
	}
}

void
l3_ra_solicited(uint16_t rif)
{
	uint64_t now = rte_rdtsc();

	if (!l3c6.ra_on[rif] ||
	    now - l3c6.ra_rs_tsc[rif] < rte_get_tsc_hz() / 1000 * RA_MIN_DELAY_MS)
		return;
	l3c6.ra_rs_tsc[rif] = now;
	ra_send(rif, vsw_l3.dp->rif[rif].ll, RA_ROUTER_LIFETIME_S);
}

void
l3_ra_goodbye(uint16_t rif, const uint8_t *old_ll)
{
	if (vsw_l3.dp->rif[rif].present)
		ra_send(rif, old_ll, 0);
}

void
l3_na_announce(uint16_t rif, const uint8_t *addr)
{
	const struct l3_rif *r = &vsw_l3.dp->rif[rif];
	struct rte_mbuf *m;
	struct nd_msg *na;
	uint8_t *p, *o;

	if (!r->present)
		return;
	m = nd_packet(rif, addr, sizeof(*na) + 8, &p);
	if (m == NULL)
		return;
	na = (struct nd_msg *)p;
	na->h.type = ND_NEIGHBOR_ADVERT;
	na->h.data = RTE_BE32(0xa0u << 24); /* router, override; not solicited */
	memcpy(na->target, addr, 16);
	o = (uint8_t *)(na + 1);
	o[0] = ND_OPT_TARGET_LL;
	o[1] = 1;
	memcpy(o + 2, r->mac.addr_bytes, 6);
	finish(m, p);
}
