/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Policy rules into rte_acl (see l3_rules.h). Control thread, during the apply.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "l3/l3_ctl.h"
#include "l3/l3_rules.h"

enum { F_PROTO, F_SRC, F_DST, F_SPORT, F_DPORT, F_TOS_IIF, F_COUNT };

RTE_ACL_RULE_DEF(l3_acl_rule, F_COUNT);

/* The first field alone (one byte), then 4-byte input groups, as rte_acl reads them. */
static const struct rte_acl_field_def defs[F_COUNT] = {
    {RTE_ACL_FIELD_TYPE_BITMASK, 1, F_PROTO, 0, offsetof(struct l3_acl_key, proto)},
    {RTE_ACL_FIELD_TYPE_MASK, 4, F_SRC, 1, offsetof(struct l3_acl_key, src)},
    {RTE_ACL_FIELD_TYPE_MASK, 4, F_DST, 2, offsetof(struct l3_acl_key, dst)},
    {RTE_ACL_FIELD_TYPE_RANGE, 2, F_SPORT, 3, offsetof(struct l3_acl_key, sport)},
    {RTE_ACL_FIELD_TYPE_RANGE, 2, F_DPORT, 3, offsetof(struct l3_acl_key, dport)},
    {RTE_ACL_FIELD_TYPE_BITMASK, 4, F_TOS_IIF, 4, offsetof(struct l3_acl_key, tos)},
};

int
l3_rules_build(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t *main_slot,
	       const uint16_t *rif_id, struct l3_dp *dp)
{
	struct rte_acl_param prm = {.socket_id = (int)rte_socket_id(),
				    .rule_size = RTE_ACL_RULE_SZ(F_COUNT)};
	struct rte_acl_config cfg = {.num_categories = 1, .num_fields = F_COUNT};
	struct l3_acl_rule r;
	struct rte_acl_ctx *ctx;
	char name[RTE_ACL_NAMESIZE];
	unsigned int i, n = 0;

	dp->acl[main_slot[vrf]] = NULL;
	for (i = 0; i < l3->n_rules; i++)
		n += l3->rules[i].vrf == vrf;
	if (n == 0)
		return 0;
	snprintf(name, sizeof(name), "vsw_acl%u", l3c.acl_gen++);
	prm.name = name;
	prm.max_rule_num = n;
	ctx = rte_acl_create(&prm);
	if (ctx == NULL)
		return -ENOMEM;
	for (i = 0; i < l3->n_rules; i++) {
		const struct vsw_rule_conf *u = &l3->rules[i];
		uint16_t iif = u->iif != VSW_RIF_NONE ? rif_id[u->iif] : VSW_IFACE_NONE;
		int s;

		if (u->vrf != vrf)
			continue;
		memset(&r, 0, sizeof(r));
		r.data.category_mask = 1;
		/* rte_acl: the highest priority wins; ip rule: the lowest number. */
		r.data.priority = (int32_t)(32767 - u->priority);
		if (u->action == VSW_RULE_BLACKHOLE) {
			r.data.userdata = L3_RULE_BLACKHOLE;
		} else if (u->action == VSW_RULE_PROHIBIT) {
			r.data.userdata = L3_RULE_PROHIBIT;
		} else {
			s = u->table == VSW_TABLE_MAIN ? main_slot[vrf] :
							 slot_of_table(l3->vrfs[vrf], u->table);
			if (s < 0)
				continue;
			r.data.userdata = (uint32_t)s + 1;
		}
		r.field[F_PROTO].value.u8 = u->proto;
		r.field[F_PROTO].mask_range.u8 = u->proto != 0 ? 0xff : 0;
		if (u->iif != VSW_RIF_NONE && iif == VSW_IFACE_NONE)
			continue; /* its interface is not running: the rule cannot match */
		r.field[F_TOS_IIF].value.u32 = (uint32_t)(u->dscp << 2) << 24 |
					       (u->iif != VSW_RIF_NONE ? iif : 0);
		r.field[F_TOS_IIF].mask_range.u32 = (u->has_dscp ? 0xfcu << 24 : 0) |
						    (u->iif != VSW_RIF_NONE ? 0xffffu : 0);
		r.field[F_SRC].value.u32 = u->has_from ? u->from.addr : 0;
		r.field[F_SRC].mask_range.u32 = u->has_from ? u->from.len : 0;
		r.field[F_DST].value.u32 = u->has_to ? u->to.addr : 0;
		r.field[F_DST].mask_range.u32 = u->has_to ? u->to.len : 0;
		r.field[F_SPORT].value.u16 = u->sport[0];
		r.field[F_SPORT].mask_range.u16 = u->sport[1];
		r.field[F_DPORT].value.u16 = u->dport[0];
		r.field[F_DPORT].mask_range.u16 = u->dport[1];
		if (rte_acl_add_rules(ctx, (const struct rte_acl_rule *)&r, 1) != 0)
			goto fail;
	}
	memcpy(cfg.defs, defs, sizeof(defs));
	if (rte_acl_build(ctx, &cfg) != 0)
		goto fail;
	dp->acl[main_slot[vrf]] = ctx;
	return 0;
fail:
	rte_acl_free(ctx);
	return -ENOMEM;
}
