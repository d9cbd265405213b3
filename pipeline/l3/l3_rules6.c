/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv6 policy rules (`ip -6 rule`) into an rte_acl context per VRF (l3_rules.h has the key,
 * l3_rules_key6()), and their decision for a lookup (vsw_l3_route_lookup6()). The counter
 * slots, the rules' listing and their description are IPv4's (l3_rules.c). Control thread.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "l3/l3_ctl.h"
#include "l3/l3_rules.h"

/* The key's fields: next header; traffic class, a pad, the interface (2 bytes, one field a
 * byte); source port, destination port; 4 + 4 address words. */
enum kf { KF_PROTO, KF_TC, KF_PAD, KF_IIF_HI, KF_IIF_LO, KF_SPORT, KF_DPORT, KF_SRC, KF_DST };
#define MAX_FIELDS6 15

RTE_ACL_RULE_DEF(l3_acl6_rule, MAX_FIELDS6);

#define NO_COUNTER UINT16_MAX

struct layout6 {
	struct rte_acl_config cfg;
	uint8_t what[MAX_FIELDS6];
	uint8_t word[MAX_FIELDS6]; /* KF_SRC, KF_DST: which word of the address */
};

/* One more field of @p size bytes at key offset @p *off: the first byte alone, then groups
 * of 4 (rte_acl reads its input 4 bytes at a time). */
static void
field_add(struct layout6 *lo, uint32_t *off, enum kf what, uint8_t word, uint8_t type,
	  uint32_t size)
{
	struct rte_acl_field_def *d = &lo->cfg.defs[lo->cfg.num_fields];

	d->type = type;
	d->size = (uint8_t)size;
	d->field_index = (uint8_t)lo->cfg.num_fields;
	d->input_index = (uint8_t)(*off == 0 ? 0 : 1 + (*off - 1) / 4);
	d->offset = *off;
	lo->what[lo->cfg.num_fields] = (uint8_t)what;
	lo->word[lo->cfg.num_fields++] = word;
	*off += size;
}

/* VRF @p vrf's IPv6 key: as l3_rules_key6() packs it for @p pk. */
static void
layout6_make(const struct vsw_l3_conf *l3, uint8_t vrf, struct layout6 *lo,
	     struct l3_acl6_pack *pk)
{
	uint32_t from = 0, to = 0, off = 0, i;
	bool ports = false;

	for (i = 0; i < l3->n_rules; i++) {
		const struct vsw_rule_conf *u = &l3->rules[i];

		if (u->vrf != vrf || u->family != 6)
			continue;
		ports |= u->sport[0] != 0 || u->sport[1] != 65535 || u->dport[0] != 0 ||
			 u->dport[1] != 65535;
		from = RTE_MAX(from, u->has_from ? (uint32_t)u->from6.len : 0u);
		to = RTE_MAX(to, u->has_to ? (uint32_t)u->to6.len : 0u);
	}
	memset(lo, 0, sizeof(*lo));
	memset(pk, 0, sizeof(*pk));
	lo->cfg.num_categories = 1;
	field_add(lo, &off, KF_PROTO, 0, RTE_ACL_FIELD_TYPE_BITMASK, 1);
	field_add(lo, &off, KF_TC, 0, RTE_ACL_FIELD_TYPE_BITMASK, 1);
	field_add(lo, &off, KF_PAD, 0, RTE_ACL_FIELD_TYPE_BITMASK, 1);
	field_add(lo, &off, KF_IIF_HI, 0, RTE_ACL_FIELD_TYPE_BITMASK, 1);
	field_add(lo, &off, KF_IIF_LO, 0, RTE_ACL_FIELD_TYPE_BITMASK, 1);
	if (ports) {
		field_add(lo, &off, KF_SPORT, 0, RTE_ACL_FIELD_TYPE_RANGE, 2);
		field_add(lo, &off, KF_DPORT, 0, RTE_ACL_FIELD_TYPE_RANGE, 2);
	}
	pk->ports = ports;
	pk->src_words = (uint8_t)((from + 31) / 32);
	pk->dst_words = (uint8_t)((to + 31) / 32);
	for (i = 0; i < pk->src_words; i++)
		field_add(lo, &off, KF_SRC, (uint8_t)i, RTE_ACL_FIELD_TYPE_MASK, 4);
	for (i = 0; i < pk->dst_words; i++)
		field_add(lo, &off, KF_DST, (uint8_t)i, RTE_ACL_FIELD_TYPE_MASK, 4);
}

/* Word @p w of prefix @p p (@p has: the rule names one) as an rte_acl MASK field: the
 * word in host order and the prefix bits in it. */
static void
prefix_word(struct rte_acl_field *f, bool has, const struct vsw_ip6_prefix *p, uint8_t w)
{
	int bits = has ? RTE_MIN(RTE_MAX((int)p->len - 32 * (int)w, 0), 32) : 0;
	uint32_t v;

	memcpy(&v, p->addr + 4 * w, 4);
	v = rte_be_to_cpu_32(v);
	f->value.u32 = bits == 0 ? 0 : v & (UINT32_MAX << (32 - bits));
	f->mask_range.u32 = (uint32_t)bits;
}

static void
rule6_fields(const struct layout6 *lo, const struct vsw_rule_conf *u, uint16_t iif,
	     struct l3_acl6_rule *r)
{
	bool has_iif = u->iif != VSW_RIF_NONE;

	for (unsigned int f = 0; f < lo->cfg.num_fields; f++) {
		struct rte_acl_field *x = &r->field[f];

		switch (lo->what[f]) {
		case KF_PROTO:
			x->value.u8 = u->proto;
			x->mask_range.u8 = u->proto != 0 ? 0xff : 0;
			break;
		case KF_TC:
			x->value.u8 = u->has_dscp ? (uint8_t)(u->dscp << 2) : 0;
			x->mask_range.u8 = u->has_dscp ? 0xfc : 0;
			break;
		case KF_IIF_HI:
			x->value.u8 = has_iif ? (uint8_t)(iif >> 8) : 0;
			x->mask_range.u8 = has_iif ? 0xff : 0;
			break;
		case KF_IIF_LO:
			x->value.u8 = has_iif ? (uint8_t)iif : 0;
			x->mask_range.u8 = has_iif ? 0xff : 0;
			break;
		case KF_SPORT:
			x->value.u16 = u->sport[0];
			x->mask_range.u16 = u->sport[1];
			break;
		case KF_DPORT:
			x->value.u16 = u->dport[0];
			x->mask_range.u16 = u->dport[1];
			break;
		case KF_SRC:
			prefix_word(x, u->has_from, &u->from6, lo->word[f]);
			break;
		case KF_DST:
			prefix_word(x, u->has_to, &u->to6, lo->word[f]);
			break;
		default: /* the pad: anything */
			break;
		}
	}
}

int
l3_rules6_build(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t *main_slot,
		const uint16_t *rif_id, const uint16_t *counter, struct l3_dp *dp)
{
	struct rte_acl_param prm = {.socket_id = (int)rte_socket_id(),
				    .rule_size = RTE_ACL_RULE_SZ(MAX_FIELDS6)};
	struct l3_acl6_rule r;
	struct rte_acl_ctx *ctx;
	struct layout6 lo;
	char name[RTE_ACL_NAMESIZE];
	unsigned int i, n = 0, added = 0;

	dp->acl6[main_slot[vrf]] = NULL;
	for (i = 0; i < l3->n_rules; i++)
		n += l3->rules[i].vrf == vrf && l3->rules[i].family == 6;
	if (n == 0)
		return 0;
	layout6_make(l3, vrf, &lo, &dp->acl6_pack[main_slot[vrf]]);
	snprintf(name, sizeof(name), "vsw_acl6_%u", l3c.acl_gen++);
	prm.name = name;
	prm.max_rule_num = n;
	ctx = rte_acl_create(&prm);
	if (ctx == NULL)
		return -ENOMEM;
	for (i = 0; i < l3->n_rules; i++) {
		const struct vsw_rule_conf *u = &l3->rules[i];
		uint16_t iif = u->iif != VSW_RIF_NONE ? rif_id[u->iif] : VSW_IFACE_NONE;

		if (u->vrf != vrf || u->family != 6 || counter[i] == NO_COUNTER)
			continue;
		memset(&r, 0, sizeof(r));
		if (!l3_rule_acl_data(l3, vrf, main_slot, u, iif, counter[i], &r.data))
			continue;
		rule6_fields(&lo, u, iif, &r);
		if (rte_acl_add_rules(ctx, (const struct rte_acl_rule *)&r, 1) != 0)
			goto fail;
		added++;
	}
	if (added == 0) { /* none can match: no classification at all */
		rte_acl_free(ctx);
		return 0;
	}
	if (rte_acl_build(ctx, &lo.cfg) != 0)
		goto fail;
	dp->acl6[main_slot[vrf]] = ctx;
	return 0;
fail:
	rte_acl_free(ctx);
	return -ENOMEM;
}

uint32_t
l3_rules_decide6(uint8_t vrf, const struct rte_ipv6_hdr *ip, uint32_t len, uint16_t iif,
		 const struct l3_rule **rule)
{
	const struct rte_acl_ctx *acl = vsw_l3.dp->acl6[vrf];
	uint8_t key[L3_RULES6_KEY_LEN] __rte_aligned(16);
	const uint8_t *p = key;
	uint32_t res = 0;

	*rule = NULL;
	if (acl == NULL)
		return 0;
	l3_rules_key6(&vsw_l3.dp->acl6_pack[vrf], key, ip, len, iif);
	rte_acl_classify(acl, &p, &res, 1, 1);
	if (res != 0)
		*rule = l3_rule_by_counter(L3_RULE_COUNTER(res));
	return res;
}
