/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Policy rules into rte_acl (see l3_rules.h), their counter slots, and the rule decision for
 * a lookup (vsw_l3_route_lookup()). Control thread.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "l3/l3_ctl.h"
#include "l3/l3_rules.h"

enum { F_PROTO, F_SRC, F_DST, F_SPORT, F_DPORT, F_TOS_IIF, F_COUNT };

RTE_ACL_RULE_DEF(l3_acl_rule, F_COUNT);

#define NO_COUNTER UINT16_MAX

/* The counter slot l3_rules_assign() gave each rule of the config being applied. */
static uint16_t conf_counter[VSW_MAX_RULES];

/* The first field alone (one byte), then 4-byte input groups, as rte_acl reads them. A VRF's
 * context has only the groups its rules use (every group is one more step of each trie walk
 * per packet): the ports when one names ports, TOS and interface when one names a DSCP or an
 * interface (field_prune()). */
static const struct rte_acl_field_def defs[F_COUNT] = {
    {RTE_ACL_FIELD_TYPE_BITMASK, 1, F_PROTO, 0, offsetof(struct l3_acl_key, proto)},
    {RTE_ACL_FIELD_TYPE_MASK, 4, F_SRC, 1, offsetof(struct l3_acl_key, src)},
    {RTE_ACL_FIELD_TYPE_MASK, 4, F_DST, 2, offsetof(struct l3_acl_key, dst)},
    {RTE_ACL_FIELD_TYPE_RANGE, 2, F_SPORT, 3, offsetof(struct l3_acl_key, sport)},
    {RTE_ACL_FIELD_TYPE_RANGE, 2, F_DPORT, 3, offsetof(struct l3_acl_key, dport)},
    {RTE_ACL_FIELD_TYPE_BITMASK, 4, F_TOS_IIF, 4, offsetof(struct l3_acl_key, tos)},
};

/* The fields VRF @p vrf's rules need into @p cfg, and where each rule field goes (@p at:
 * its index in the context's rules, or -1). */
static void
field_prune(const struct vsw_l3_conf *l3, uint8_t vrf, struct rte_acl_config *cfg,
	    int at[F_COUNT])
{
	bool ports = false, tos_iif = false;
	uint32_t input = 0;
	unsigned int i, f, n = 0;

	for (i = 0; i < l3->n_rules; i++) {
		const struct vsw_rule_conf *u = &l3->rules[i];

		if (u->vrf != vrf)
			continue;
		ports |= u->sport[0] != 0 || u->sport[1] != 65535 || u->dport[0] != 0 ||
			 u->dport[1] != 65535;
		tos_iif |= u->has_dscp || u->iif != VSW_RIF_NONE;
	}
	for (f = 0; f < F_COUNT; f++) {
		at[f] = -1;
		if (((f == F_SPORT || f == F_DPORT) && !ports) || (f == F_TOS_IIF && !tos_iif))
			continue;
		/* The input groups stay consecutive: a new group where the full layout has one. */
		if (n > 0 && defs[f].input_index != defs[f - 1].input_index)
			input++;
		cfg->defs[n] = defs[f];
		cfg->defs[n].field_index = (uint8_t)n;
		cfg->defs[n].input_index = (uint8_t)input;
		at[f] = (int)n++;
	}
	cfg->num_fields = n;
}

int
l3_rules_build(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t *main_slot,
	       const uint16_t *rif_id, struct l3_dp *dp)
{
	struct rte_acl_param prm = {.socket_id = (int)rte_socket_id(),
				    .rule_size = RTE_ACL_RULE_SZ(F_COUNT)};
	struct rte_acl_config cfg = {.num_categories = 1, .num_fields = F_COUNT};
	struct l3_acl_rule r, full;
	int at[F_COUNT];
	struct rte_acl_ctx *ctx;
	char name[RTE_ACL_NAMESIZE];
	unsigned int i, n = 0;

	dp->acl[main_slot[vrf]] = NULL;
	for (i = 0; i < l3->n_rules; i++)
		n += l3->rules[i].vrf == vrf;
	if (n == 0)
		return 0;
	field_prune(l3, vrf, &cfg, at);
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

		if (u->vrf != vrf || conf_counter[i] == NO_COUNTER)
			continue;
		memset(&r, 0, sizeof(r));
		memset(&full, 0, sizeof(full));
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
		r.data.userdata |= (uint32_t)conf_counter[i] << 16;
		full.field[F_PROTO].value.u8 = u->proto;
		full.field[F_PROTO].mask_range.u8 = u->proto != 0 ? 0xff : 0;
		if (u->iif != VSW_RIF_NONE && iif == VSW_IFACE_NONE)
			continue; /* its interface is not running: the rule cannot match */
		full.field[F_TOS_IIF].value.u32 = (uint32_t)(u->dscp << 2) << 24 |
					       (u->iif != VSW_RIF_NONE ? iif : 0);
		full.field[F_TOS_IIF].mask_range.u32 = (u->has_dscp ? 0xfcu << 24 : 0) |
						    (u->iif != VSW_RIF_NONE ? 0xffffu : 0);
		full.field[F_SRC].value.u32 = u->has_from ? u->from.addr : 0;
		full.field[F_SRC].mask_range.u32 = u->has_from ? u->from.len : 0;
		full.field[F_DST].value.u32 = u->has_to ? u->to.addr : 0;
		full.field[F_DST].mask_range.u32 = u->has_to ? u->to.len : 0;
		full.field[F_SPORT].value.u16 = u->sport[0];
		full.field[F_SPORT].mask_range.u16 = u->sport[1];
		full.field[F_DPORT].value.u16 = u->dport[0];
		full.field[F_DPORT].mask_range.u16 = u->dport[1];
		for (unsigned int f = 0; f < F_COUNT; f++)
			if (at[f] >= 0)
				r.field[at[f]] = full.field[f];
		if (rte_acl_add_rules(ctx, (const struct rte_acl_rule *)&r, 1) != 0)
			goto fail;
	}
	if (rte_acl_build(ctx, &cfg) != 0)
		goto fail;
	dp->acl[main_slot[vrf]] = ctx;
	return 0;
fail:
	rte_acl_free(ctx);
	return -ENOMEM;
}

/* The same rule: a reload that keeps it keeps its count. */
static bool
rule_same(const struct l3_rule *a, const struct l3_rule *b)
{
	const struct vsw_rule_conf *x = &a->c, *y = &b->c;

	return strcmp(a->vrf, b->vrf) == 0 && strcmp(a->iif, b->iif) == 0 &&
	       x->priority == y->priority && x->action == y->action &&
	       (x->action != VSW_RULE_TABLE || x->table == y->table) && x->proto == y->proto &&
	       x->has_dscp == y->has_dscp && (!x->has_dscp || x->dscp == y->dscp) &&
	       x->has_from == y->has_from &&
	       (!x->has_from || (x->from.addr == y->from.addr && x->from.len == y->from.len)) &&
	       x->has_to == y->has_to &&
	       (!x->has_to || (x->to.addr == y->to.addr && x->to.len == y->to.len)) &&
	       memcmp(x->sport, y->sport, sizeof(x->sport)) == 0 &&
	       memcmp(x->dport, y->dport, sizeof(x->dport)) == 0;
}

int
l3_rules_assign(const struct vsw_l3_conf *l3, const uint8_t *main_slot)
{
	bool used[L3_RULE_COUNTERS] = {false};
	unsigned int i, j, next = 0;

	for (j = 0; j < l3c.n_rules; j++)
		used[l3c.rules[j].counter] = true;
	l3c.n_staged = 0;
	for (i = 0; i < l3->n_rules; i++) {
		const struct vsw_rule_conf *u = &l3->rules[i];
		struct l3_rule *r;

		conf_counter[i] = NO_COUNTER;
		if (main_slot[u->vrf] == UINT8_MAX)
			continue; /* a VRF without interfaces: not built */
		r = &l3c.staged[l3c.n_staged++];
		memset(r, 0, sizeof(*r));
		r->c = *u;
		snprintf(r->vrf, sizeof(r->vrf), "%s", l3->vrfs[u->vrf]);
		if (u->iif != VSW_RIF_NONE)
			snprintf(r->iif, sizeof(r->iif), "%s", l3->rifs[u->iif].name);
		r->counter = NO_COUNTER;
		for (j = 0; j < l3c.n_rules && r->counter == NO_COUNTER; j++)
			if (rule_same(r, &l3c.rules[j]))
				r->counter = l3c.rules[j].counter;
		if (r->counter == NO_COUNTER) {
			/* At most VSW_MAX_RULES running and as many new: one is free. */
			while (used[next])
				next++;
			r->counter = (uint16_t)next;
			used[next] = true;
		}
		conf_counter[i] = r->counter;
	}
	return 0;
}

void
l3_rules_commit(void)
{
	unsigned int i, j, w;
	bool kept;

	for (i = 0; i < l3c.n_rules; i++) {
		for (j = 0, kept = false; j < l3c.n_staged && !kept; j++)
			kept = l3c.staged[j].counter == l3c.rules[i].counter;
		/* No worker reaches the slot any more (the grace period has passed): the next
		 * rule to get it starts from 0. */
		for (w = 0; !kept && w < VSW_MAX_WORKERS; w++)
			vsw_l3.rule_hits[w * L3_RULE_COUNTERS + l3c.rules[i].counter] = 0;
	}
	memcpy(l3c.rules, l3c.staged, l3c.n_staged * sizeof(l3c.rules[0]));
	l3c.n_rules = l3c.n_staged;
}

uint64_t
l3_rule_hits(const struct l3_rule *r)
{
	uint64_t n = 0;

	for (unsigned int w = 0; w < VSW_MAX_WORKERS; w++)
		n += __atomic_load_n(&vsw_l3.rule_hits[w * L3_RULE_COUNTERS + r->counter],
				     __ATOMIC_RELAXED);
	return n;
}

uint32_t
l3_rules_decide(uint8_t vrf, const struct l3_acl_key *k, const struct l3_rule **rule)
{
	const struct rte_acl_ctx *acl = vsw_l3.dp->acl[vrf];
	const uint8_t *p = (const uint8_t *)k;
	uint32_t res = 0;

	*rule = NULL;
	if (acl == NULL)
		return 0;
	rte_acl_classify(acl, &p, &res, 1, 1);
	for (unsigned int i = 0; i < l3c.n_rules && res != 0; i++)
		if (l3c.rules[i].counter == L3_RULE_COUNTER(res))
			*rule = &l3c.rules[i];
	return res;
}

static void
prefix_str(char *buf, size_t len, const char *what, const struct vsw_ip4_prefix *p)
{
	uint32_t a = p->addr;

	snprintf(buf, len, " %s %u.%u.%u.%u/%u", what, a >> 24, (a >> 16) & 255, (a >> 8) & 255,
		 a & 255, p->len);
}

static void
ports_str(char *buf, size_t len, const char *what, const uint16_t r[2])
{
	if (r[0] == 0 && r[1] == 65535)
		buf[0] = '\0';
	else if (r[0] == r[1])
		snprintf(buf, len, " %s %u", what, r[0]);
	else
		snprintf(buf, len, " %s %u-%u", what, r[0], r[1]);
}

void
l3_rule_describe(const struct l3_rule *r, char *match, size_t match_len, char *action,
		 size_t action_len)
{
	const struct vsw_rule_conf *u = &r->c;
	char from[32] = "", to[32] = "", iif[48] = "", proto[16] = "", sp[24], dp[24],
	     dscp[16] = "";

	if (u->has_from)
		prefix_str(from, sizeof(from), "from", &u->from);
	if (u->has_to)
		prefix_str(to, sizeof(to), "to", &u->to);
	if (r->iif[0] != '\0')
		snprintf(iif, sizeof(iif), " iif %s", r->iif);
	if (u->proto != 0)
		snprintf(proto, sizeof(proto), " proto %u", u->proto);
	ports_str(sp, sizeof(sp), "sport", u->sport);
	ports_str(dp, sizeof(dp), "dport", u->dport);
	if (u->has_dscp)
		snprintf(dscp, sizeof(dscp), " dscp %u", u->dscp);
	snprintf(match, match_len, "%s%s%s%s%s%s%s", from, to, iif, proto, sp, dp, dscp);
	if (match[0] == '\0')
		snprintf(match, match_len, "all");
	else
		memmove(match, match + 1, strlen(match)); /* the leading space */
	if (u->action == VSW_RULE_BLACKHOLE)
		snprintf(action, action_len, "blackhole");
	else if (u->action == VSW_RULE_PROHIBIT)
		snprintf(action, action_len, "prohibit");
	else if (u->table == VSW_TABLE_MAIN)
		snprintf(action, action_len, "table main");
	else
		snprintf(action, action_len, "table %u", u->table);
}

void
vsw_l3_rule_walk(void (*fn)(const struct vsw_l3_rule_info *r, void *arg), void *arg)
{
	struct vsw_l3_rule_info ri;

	for (unsigned int i = 0; vsw_l3.rule_hits != NULL && i < l3c.n_rules; i++) {
		const struct l3_rule *r = &l3c.rules[i];

		memset(&ri, 0, sizeof(ri));
		snprintf(ri.vrf, sizeof(ri.vrf), "%s", r->vrf);
		ri.priority = r->c.priority;
		l3_rule_describe(r, ri.match, sizeof(ri.match), ri.action, sizeof(ri.action));
		ri.hits = l3_rule_hits(r);
		fn(&ri, arg);
	}
}
