/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Policy routing, like `ip rule`: per VRF, the rules are an rte_acl context built by the
 * apply (l3_rules.c) and published in struct l3_dp with the rest; ip4_input classifies the
 * packets of a burst of a VRF that has rules in one rte_acl_classify() call, and the winner
 * (lowest priority number) says which table to look the destination up in, or to drop it.
 * The key is packed from the header bytes the VRF's rules look at (l3_rules_key4()).
 *
 * Hits: each rule has a counter slot; each worker counts the packets a rule matched in its
 * own row of vsw_l3.rule_hits (no sharing between workers), the control side sums the rows.
 * A rule that stays the same across a reload keeps its slot, hence its count; a slot that
 * went is zeroed after the workers' grace period and only then given to another rule.
 */
#ifndef VSW_L3_RULES_H
#define VSW_L3_RULES_H

#include <string.h>

#include <rte_acl.h>
#include <rte_byteorder.h>
#include <rte_graph.h>
#include <rte_hash_crc.h>
#include <rte_ip.h>
#include <rte_vect.h>

#include "l3/l3_priv.h"

struct l3_rule;

/* What a rule says (its rte_acl userdata, low 16 bits): a table slot + 1, or one of these;
 * the high 16 bits are its counter slot. 0: no rule matched. */
#define L3_RULE_BLACKHOLE 0x100u
#define L3_RULE_PROHIBIT 0x200u
#define L3_RULE_ACTION(res) ((res) & 0xffffu)
#define L3_RULE_COUNTER(res) ((res) >> 16)

/*
 * What the rules see of an IPv4 packet: its header's first 20 bytes, then the TCP or UDP
 * ports (0 for other protocols, for a fragment that is not the first and when they are cut
 * off), network order; the ingress interface comes beside it.
 */
struct l3_rules_hdr4 {
	struct rte_ipv4_hdr ip;
	rte_be16_t sport;
	rte_be16_t dport;
} __rte_packed;

#define L3_RULES_HDR_LEN sizeof(struct l3_rules_hdr4) /* 24 */

/*
 * The key rte_acl classifies: not the header but only the bytes of it some rule of the VRF
 * looks at (every 4 bytes of key is 4 more trie steps per packet, the bulk of the cost),
 * packed by l3_dp.acl_pack (l3_rules_build()): the protocol first (rte_acl's one-byte first
 * field), then groups of 4 bytes. At most 1 + 16 bytes; 32 keep it aligned.
 */
#define L3_RULES_KEY_LEN 32
static_assert(L3_RULES_KEY_LEN >= 17, "the key: 1 + 16 bytes");

/* Pack @p h (L3_RULES_HDR_LEN bytes) and ingress interface @p iif into @p key as @p pk says. */
static __rte_always_inline void
l3_rules_pack(const struct l3_acl_pack *pk, uint8_t *key, const uint8_t *h, uint16_t iif)
{
#ifdef RTE_ARCH_X86
	__m128i lo = _mm_loadu_si128((const __m128i *)h);
	__m128i hi = _mm_loadu_si128((const __m128i *)(h + 8));

	lo = _mm_shuffle_epi8(lo, _mm_loadu_si128((const __m128i *)pk->lo));
	hi = _mm_shuffle_epi8(hi, _mm_loadu_si128((const __m128i *)pk->hi));
	_mm_store_si128((__m128i *)key, _mm_or_si128(lo, hi));
	_mm_store_si128((__m128i *)(key + 16), _mm_setzero_si128());
#else
	for (unsigned int i = 0; i < 16; i++)
		key[i] = pk->lo[i] < 16 ? h[pk->lo[i]] : pk->hi[i] < 16 ? h[8 + pk->hi[i]] : 0;
	memset(key + 16, 0, 16);
#endif
	if (pk->iif >= 0) {
		key[pk->iif] = (uint8_t)(iif >> 8);
		key[pk->iif + 1] = (uint8_t)iif;
	}
}

/* @p ip's L4 ports into @p h (its header's first 20 bytes already there), or 0. */
static __rte_always_inline void
l3_rules_ports(struct l3_rules_hdr4 *h, const struct rte_ipv4_hdr *ip)
{
	uint32_t hlen = (ip->version_ihl & 0xf) * 4u;

	h->sport = h->dport = 0;
	if ((ip->next_proto_id == IPPROTO_TCP || ip->next_proto_id == IPPROTO_UDP) &&
	    hlen + 4 <= rte_be_to_cpu_16(ip->total_length) &&
	    !(ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_OFFSET_MASK))) {
		const rte_be16_t *ports = (const rte_be16_t *)((const uint8_t *)ip + hlen);

		h->sport = ports[0];
		h->dport = ports[1];
	}
}

/*
 * The key of IPv4 packet @p ip (checked by ip4_input; @p data_len bytes of it in the first
 * segment) that came in on interface @p rif, for a VRF that packs as @p pk. A plain packet
 * (no options, not a later fragment, its ports there when the key wants them) is read where
 * it is; the others through a copy with the ports put right.
 */
static __rte_always_inline void
l3_rules_key4(const struct l3_acl_pack *pk, uint8_t *key, const struct rte_ipv4_hdr *ip,
	      uint32_t data_len, uint16_t rif)
{
	struct l3_rules_hdr4 h;

	if (likely(data_len >= L3_RULES_HDR_LEN && ip->version_ihl == RTE_IPV4_VHL_DEF &&
		   !(ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_OFFSET_MASK)) &&
		   (!pk->ports || ((ip->next_proto_id == IPPROTO_TCP ||
				    ip->next_proto_id == IPPROTO_UDP) &&
				   rte_be_to_cpu_16(ip->total_length) >= L3_RULES_HDR_LEN)))) {
		l3_rules_pack(pk, key, (const uint8_t *)ip, rif);
		return;
	}
	memcpy(&h.ip, ip, sizeof(h.ip));
	l3_rules_ports(&h, ip);
	l3_rules_pack(pk, key, (const uint8_t *)&h, rif);
}

/* Hash slots of l3_rules_classify(): twice the usual burst of 64. */
#define L3_RULES_DEDUP_SLOTS 128

/*
 * The decisions @p res of the @p n keys @p kp (built by l3_rules_key4(); their VRF slots in
 * @p vrf) by the VRFs' contexts @p acl, each distinct key classified once: packets of a
 * burst often share theirs (a flow's packets; or hosts of one /24 when the rules look at no
 * finer prefix). The keys of a burst are hashed into a small table (a key whose slot holds
 * another is classified on its own); the distinct ones go to rte_acl_classify(), one call
 * per run of one VRF. Without @p dedup, every key is classified (the hashing costs about 6
 * cycles a packet: not worth it when the keys are all different).
 * @return the keys classified.
 */
static __rte_always_inline uint16_t
l3_rules_classify(struct rte_acl_ctx *const *acl, const uint8_t **kp, const uint8_t *vrf,
		  uint16_t n, uint32_t *res, bool dedup)
{
	uint16_t slot[L3_RULES_DEDUP_SLOTS], map[RTE_GRAPH_BURST_SIZE], i, j, u = 0;
	const uint8_t *uk[RTE_GRAPH_BURST_SIZE];
	uint32_t ures[RTE_GRAPH_BURST_SIZE];
	uint8_t uvrf[RTE_GRAPH_BURST_SIZE];

	if (!dedup) {
		for (i = 0; i < n; i = j) {
			for (j = i + 1; j < n && vrf[j] == vrf[i]; j++)
				;
			rte_acl_classify(acl[vrf[i]], kp + i, res + i, j - i, 1);
		}
		return n;
	}
	memset(slot, 0xff, sizeof(slot));
	for (i = 0; i < n; i++) {
		uint64_t a, b, x, y;
		uint32_t h;
		uint16_t s;

		memcpy(&a, kp[i], 8);
		memcpy(&b, kp[i] + 8, 8);
		h = rte_hash_crc_8byte(b, rte_hash_crc_8byte(a, vrf[i])) %
		    L3_RULES_DEDUP_SLOTS;
		s = slot[h];
		if (s != UINT16_MAX && uvrf[s] == vrf[i]) {
			memcpy(&x, uk[s], 8);
			memcpy(&y, uk[s] + 8, 8);
			if (x == a && y == b) {
				map[i] = s;
				continue;
			}
		}
		if (s == UINT16_MAX)
			slot[h] = u;
		uk[u] = kp[i];
		uvrf[u] = vrf[i];
		map[i] = u++;
	}
	for (i = 0; i < u; i = j) {
		for (j = i + 1; j < u && uvrf[j] == uvrf[i]; j++)
			;
		rte_acl_classify(acl[uvrf[i]], uk + i, ures + i, j - i, 1);
	}
	for (i = 0; i < n; i++)
		res[i] = ures[map[i]];
	return u;
}

/*
 * IPv6 (`ip -6 rule`): a VRF's IPv6 rules are another rte_acl context, dp->acl6[its main
 * slot]. Its key: the next header (rte_acl's one-byte first field); the traffic class, a
 * zero byte and the ingress interface (2 bytes); the TCP/UDP ports when a rule names some;
 * then only the 4-byte words of the source and the destination some rule's prefix covers
 * (a /64 two words, none without prefixes). The next header is the fixed header's: a
 * packet with extension headers shows the first one's number, and no ports.
 */
#define L3_RULES6_KEY_LEN 48
static_assert(L3_RULES6_KEY_LEN >= 1 + 4 + 4 + 32, "the IPv6 key");

/* The key of IPv6 packet @p ip (checked by ip6_input; @p data_len bytes of it in the first
 * segment) that came in on interface @p iif, for a VRF whose key is @p pk. */
static __rte_always_inline void
l3_rules_key6(const struct l3_acl6_pack *pk, uint8_t *key, const struct rte_ipv6_hdr *ip,
	      uint32_t data_len, uint16_t iif)
{
	uint8_t *k = key + 5;

	key[0] = ip->proto;
	key[1] = (uint8_t)(rte_be_to_cpu_32(ip->vtc_flow) >> 20);
	key[2] = 0;
	key[3] = (uint8_t)(iif >> 8);
	key[4] = (uint8_t)iif;
	if (pk->ports) {
		if ((ip->proto == IPPROTO_TCP || ip->proto == IPPROTO_UDP) &&
		    rte_be_to_cpu_16(ip->payload_len) >= 4 && data_len >= sizeof(*ip) + 4)
			memcpy(k, ip + 1, 4);
		else
			memset(k, 0, 4);
		k += 4;
	}
	memcpy(k, ip->src_addr, 4u * pk->src_words);
	memcpy(k + 4u * pk->src_words, ip->dst_addr, 4u * pk->dst_words);
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
/* The decision of VRF slot @p vrf's rules for a packet @p h that came in on @p iif
 * (VSW_IFACE_NONE for none), as ip4_input makes it, and the running rule that made it (NULL:
 * none). */
uint32_t l3_rules_decide(uint8_t vrf, const struct l3_rules_hdr4 *h, uint16_t iif,
			 const struct l3_rule **rule);
/* The rte_acl data of rule @p u of VRF @p vrf (its ingress interface's id @p iif, its
 * counter slot @p counter), both families: priority (the lowest `priority` wins, as ip
 * rule's), the action or table slot and the counter in userdata. @return false when it
 * cannot match: its interface is not running, or its table has no slot. */
bool l3_rule_acl_data(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t *main_slot,
		      const struct vsw_rule_conf *u, uint16_t iif, uint16_t counter,
		      struct rte_acl_rule_data *d);
/* Build VRF @p vrf's IPv6 rules into @p dp->acl6[its main slot] (NULL when it has none),
 * their counter slots @p counter[i] for rule i of @p l3 (l3_rules6.c). */
int l3_rules6_build(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t *main_slot,
		    const uint16_t *rif_id, const uint16_t *counter, struct l3_dp *dp);
/* l3_rules_decide() for IPv6 packet @p ip, its TCP/UDP ports (when it has them) right after
 * it (@p len bytes in all). */
uint32_t l3_rules_decide6(uint8_t vrf, const struct rte_ipv6_hdr *ip, uint32_t len,
			  uint16_t iif, const struct l3_rule **rule);
/* The running rule with counter slot @p counter, or NULL. */
const struct l3_rule *l3_rule_by_counter(uint16_t counter);
/* A rule's match ("from 10.0.1.128/25 proto 17 dport 5353", "all") and action ("table 100",
 * "blackhole", "prohibit") as `ip rule` shows them. */
void l3_rule_describe(const struct l3_rule *r, char *match, size_t match_len, char *action,
		      size_t action_len);
/* The packets rule @p r matched, all workers. */
uint64_t l3_rule_hits(const struct l3_rule *r);

#endif /* VSW_L3_RULES_H */
