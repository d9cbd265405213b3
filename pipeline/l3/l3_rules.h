/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Policy routing, like `ip rule`: per VRF, the rules are an rte_acl context built by the
 * apply (l3_rules.c) and published in struct l3_dp with the rest; ip4_input classifies a
 * packet of a VRF that has rules, and the winner (lowest priority number) says which table
 * to look the destination up in, or to drop it.
 */
#ifndef VSW_L3_RULES_H
#define VSW_L3_RULES_H

#include <rte_acl.h>
#include <rte_byteorder.h>
#include <rte_ip.h>

#include "l3/l3_priv.h"

/* What a rule says (its rte_acl userdata): a table slot + 1, or one of these. */
#define L3_RULE_BLACKHOLE 0x100u
#define L3_RULE_PROHIBIT 0x200u

/* What a packet is classified on, in network byte order (rte_acl's input): rte_acl reads
 * the first byte alone, then groups of 4 bytes. */
struct l3_acl_key {
	uint8_t proto;
	uint8_t pad[3];
	uint32_t src;
	uint32_t dst;
	rte_be16_t sport;
	rte_be16_t dport;
	/* One 4-byte field (rte_acl mishandles a group of fields with a gap): TOS, 0, and
	 * the ingress interface id, big-endian: tos << 24 | iif. */
	uint8_t tos;
	uint8_t zero;
	rte_be16_t iif;
};

/* The rule decision for IPv4 packet @p ip (header length @p hlen) that came in on interface
 * @p rif: 0 (no rule: the VRF's main table) or an L3_RULE_* / slot + 1. */
static __rte_always_inline uint32_t
l3_rules_classify(const struct rte_acl_ctx *acl, const struct rte_ipv4_hdr *ip, uint32_t hlen,
		  uint16_t rif, uint32_t avail)
{
	struct l3_acl_key k = {
	    .proto = ip->next_proto_id,
	    .tos = ip->type_of_service,
	    .iif = rte_cpu_to_be_16(rif),
	    .src = ip->src_addr,
	    .dst = ip->dst_addr,
	};
	const uint8_t *p = (const uint8_t *)&k;
	uint32_t res = 0;

	if ((k.proto == IPPROTO_TCP || k.proto == IPPROTO_UDP) && hlen + 4 <= avail &&
	    !(ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_OFFSET_MASK))) {
		const rte_be16_t *ports = (const rte_be16_t *)((const uint8_t *)ip + hlen);

		k.sport = ports[0];
		k.dport = ports[1];
	}
	rte_acl_classify(acl, &p, &res, 1, 1);
	return res;
}

/* Build VRF @p vrf's rules into @p dp->acl[its main slot] (NULL when it has none). */
int l3_rules_build(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t *main_slot,
		   const uint16_t *rif_id, struct l3_dp *dp);

#endif /* VSW_L3_RULES_H */
