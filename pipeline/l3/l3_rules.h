/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Policy routing, like `ip rule`: per VRF, the rules are an rte_acl context built by the
 * apply (l3_rules.c) and published in struct l3_dp with the rest; ip4_input classifies the
 * packets of a burst of a VRF that has rules in one rte_acl_classify() call, and the winner
 * (lowest priority number) says which table to look the destination up in, or to drop it.
 *
 * Hits: each rule has a counter slot; each worker counts the packets a rule matched in its
 * own row of vsw_l3.rule_hits (no sharing between workers), the control side sums the rows.
 * A rule that stays the same across a reload keeps its slot, hence its count; a slot that
 * went is zeroed after the workers' grace period and only then given to another rule.
 */
#ifndef VSW_L3_RULES_H
#define VSW_L3_RULES_H

#include <rte_acl.h>
#include <rte_byteorder.h>
#include <rte_ip.h>

#include "l3/l3_priv.h"

struct l3_rule;

/* What a rule says (its rte_acl userdata, low 16 bits): a table slot + 1, or one of these;
 * the high 16 bits are its counter slot. 0: no rule matched. */
#define L3_RULE_BLACKHOLE 0x100u
#define L3_RULE_PROHIBIT 0x200u
#define L3_RULE_ACTION(res) ((res) & 0xffffu)
#define L3_RULE_COUNTER(res) ((res) >> 16)

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

/* The classification key of IPv4 packet @p ip (header length @p hlen, @p avail bytes of it
 * in the frame) that came in on interface @p rif. */
static __rte_always_inline void
l3_rules_key(struct l3_acl_key *k, const struct rte_ipv4_hdr *ip, uint32_t hlen, uint16_t rif,
	     uint32_t avail)
{
	k->proto = ip->next_proto_id;
	k->pad[0] = k->pad[1] = k->pad[2] = 0;
	k->src = ip->src_addr;
	k->dst = ip->dst_addr;
	k->sport = 0;
	k->dport = 0;
	k->tos = ip->type_of_service;
	k->zero = 0;
	k->iif = rte_cpu_to_be_16(rif);
	if ((k->proto == IPPROTO_TCP || k->proto == IPPROTO_UDP) && hlen + 4 <= avail &&
	    !(ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_OFFSET_MASK))) {
		const rte_be16_t *ports = (const rte_be16_t *)((const uint8_t *)ip + hlen);

		k->sport = ports[0];
		k->dport = ports[1];
	}
}

/* Give each rule of @p l3 in a VRF with a slot (@p main_slot) a counter slot: its own if it
 * is running unchanged, else a free one. Staged until l3_rules_commit(). */
int l3_rules_assign(const struct vsw_l3_conf *l3, const uint8_t *main_slot);
/* Build VRF @p vrf's rules into @p dp->acl[its main slot] (NULL when it has none), with the
 * counter slots l3_rules_assign() staged. */
int l3_rules_build(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t *main_slot,
		   const uint16_t *rif_id, struct l3_dp *dp);
/* The staged rules run (after the publish and its grace period): zero the counter slots no
 * rule uses any more. */
void l3_rules_commit(void);
/* The decision of VRF slot @p vrf's rules for @p k (network order; iif VSW_IFACE_NONE for
 * none), as ip4_input makes it, and the running rule that made it (NULL: none). */
uint32_t l3_rules_decide(uint8_t vrf, const struct l3_acl_key *k, const struct l3_rule **rule);
/* A rule's match ("from 10.0.1.128/25 proto 17 dport 5353", "all") and action ("table 100",
 * "blackhole", "prohibit") as `ip rule` shows them. */
void l3_rule_describe(const struct l3_rule *r, char *match, size_t match_len, char *action,
		      size_t action_len);
/* The packets rule @p r matched, all workers. */
uint64_t l3_rule_hits(const struct l3_rule *r);

#endif /* VSW_L3_RULES_H */
