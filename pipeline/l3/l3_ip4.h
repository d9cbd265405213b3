/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv4 in the router's data path: the helpers its nodes (ip4.c, icmp4_error.c) share.
 */
#ifndef VSW_L3_IP4_H
#define VSW_L3_IP4_H

#include <stdbool.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

static __rte_always_inline struct rte_ipv4_hdr *
ip4_hdr(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
}

/* RFC 1624: the header checksum after a 16-bit word of it grew by @p add (host order). */
static __rte_always_inline rte_be16_t
ip4_csum_add(rte_be16_t sum, uint16_t add)
{
	uint32_t s = (uint32_t)rte_be_to_cpu_16(sum) + add;

	return rte_cpu_to_be_16((uint16_t)(s + (s >> 16)));
}

static __rte_always_inline bool
ip4_martian_src(uint32_t src)
{
	uint32_t h = rte_be_to_cpu_32(src);

	return (h >> 24) == 0 || (h >> 24) == 127 || (h >> 28) == 0xe || h == UINT32_MAX;
}

/* Turn the datagram around: from @p src to its source, TTL 64, new header checksum. */
static __rte_always_inline void
ip4_turn_around(struct rte_ipv4_hdr *ip, uint32_t src)
{
	ip->dst_addr = ip->src_addr;
	ip->src_addr = src;
	ip->time_to_live = 64;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
}

#endif
