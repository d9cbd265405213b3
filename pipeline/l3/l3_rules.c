/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Policy rules into rte_acl (see l3_rules.h), their counter slots, and the rule decision for
 * a lookup (vsw_l3_route_lookup()). Control thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "l3/l3_ctl.h"
#include "l3/l3_rules.h"

/* What a key byte (or two, for ports) holds; its rte_acl field. */
enum kb {
	KB_PROTO, KB_SPORT, KB_DPORT, KB_TOS, KB_IIF_HI, KB_IIF_LO, KB_SRC, KB_DST, KB_PAD
};

/* 1 + 16 bytes of key, a field a byte (two for a port range). */
#define MAX_FIELDS 17

RTE_ACL_RULE_DEF(l3_acl_rule, MAX_FIELDS);

#define NO_COUNTER UINT16_MAX

/* The counter slot l3_rules_assign() gave each rule of the config being applied. */
static uint16_t conf_counter[VSW_MAX_RULES];

/* A VRF's key layout: field i is what[i] (byte at[i] of the address for KB_SRC, KB_DST). */
struct layout {
	struct rte_acl_config cfg;
	uint8_t what[MAX_FIELDS];
	uint8_t at[MAX_FIELDS];
};

/* The prefix mask of @p len bits, host order. */
static uint32_t
prefix_mask(uint32_t len)
{
	return len == 0 ? 0 : UINT32_MAX << (32 - len);
}

/* One more key field of @p size bytes, from header byte @p from (-1: the interface or a
 * pad), at key offset @p *off. */
static void
layout_add(struct layout *lo, struct l3_acl_pack *pk, uint32_t *off, enum kb what, uint8_t at,
	   int from, uint32_t size)
{
	struct rte_acl_field_def *d = &lo->cfg.defs[lo->cfg.num_fields];
	uint32_t b;

	d->type = what == KB_SPORT || what == KB_DPORT ? RTE_ACL_FIELD_TYPE_RANGE :
							  RTE_ACL_FIELD_TYPE_BITMASK;
	d->size = (uint8_t)size;
	d->field_index = (uint8_t)lo->cfg.num_fields;
	/* The first byte alone, then groups of 4. */
	d->input_index = (uint8_t)(*off == 0 ? 0 : 1 + (*off - 1) / 4);
	d->offset = *off;
	lo->what[lo->cfg.num_fields] = (uint8_t)what;
	lo->at[lo->cfg.num_fields++] = at;
	for (b = 0; b < size && *off + b < 16; b++) {
		int h = from < 0 ? -1 : from + (int)b;

		pk->lo[*off + b] = h >= 0 && h < 16 ? (uint8_t)h : 0x80;
		pk->hi[*off + b] = h >= 16 ? (uint8_t)(h - 8) : 0x80;
	}
	*off += size;
}

/*
 * The key of VRF @p vrf: the protocol (rte_acl wants a one-byte first field), then only the
 * header bytes a rule looks at: the ports a rule names a range of (2 bytes each, first so
 * that none straddles a group of 4), the TOS when one names a DSCP, the interface when one
 * names one, each address byte that some rule's prefix covers; the last group padded.
 */
static void
layout_make(const struct vsw_l3_conf *l3, uint8_t vrf, struct layout *lo, struct l3_acl_pack *pk)
{
	bool sport = false, dport = false, tos = false, iif = false;
	uint32_t from = 0, to = 0, off = 0, i;

	for (i = 0; i < l3->n_rules; i++) {
		const struct vsw_rule_conf *u = &l3->rules[i];

		if (u->vrf != vrf || u->family == 6)
			continue;
		sport |= u->sport[0] != 0 || u->sport[1] != 65535;
		dport |= u->dport[0] != 0 || u->dport[1] != 65535;
		tos |= u->has_dscp;
		iif |= u->iif != VSW_RIF_NONE;
		from = RTE_MAX(from, u->has_from ? (uint32_t)u->from.len : 0u);
		to = RTE_MAX(to, u->has_to ? (uint32_t)u->to.len : 0u);
	}
	memset(lo, 0, sizeof(*lo));
	memset(pk, 0x80, sizeof(pk->lo) + sizeof(pk->hi));
	lo->cfg.num_categories = 1;
	layout_add(lo, pk, &off, KB_PROTO, 0, offsetof(struct rte_ipv4_hdr, next_proto_id), 1);
	if (sport)
		layout_add(lo, pk, &off, KB_SPORT, 0, offsetof(struct l3_rules_hdr4, sport), 2);
	if (dport)
		layout_add(lo, pk, &off, KB_DPORT, 0, offsetof(struct l3_rules_hdr4, dport), 2);
	if (tos)
		layout_add(lo, pk, &off, KB_TOS, 0, offsetof(struct rte_ipv4_hdr, type_of_service),
			   1);
	pk->iif = -1;
	if (iif) {
		pk->iif = (int8_t)off;
		layout_add(lo, pk, &off, KB_IIF_HI, 0, -1, 1);
		layout_add(lo, pk, &off, KB_IIF_LO, 0, -1, 1);
	}
	for (i = 0; i * 8 < from; i++)
		layout_add(lo, pk, &off, KB_SRC, (uint8_t)i,
			   offsetof(struct rte_ipv4_hdr, src_addr) + i, 1);
	for (i = 0; i * 8 < to; i++)
		layout_add(lo, pk, &off, KB_DST, (uint8_t)i,
			   offsetof(struct rte_ipv4_hdr, dst_addr) + i, 1);
	while (off < 5 || (off - 1) % 4 != 0)
		layout_add(lo, pk, &off, KB_PAD, 0, -1, 1);
	pk->ports = sport || dport;
}

/* Byte @p at (0: the first) of @p v's prefix of @p len bits, and its mask. */
static void
prefix_byte(struct rte_acl_field *f, bool has, const struct vsw_ip4_prefix *v, uint8_t at)
{
	uint32_t m = has ? prefix_mask(v->len) : 0;

	f->mask_range.u8 = (uint8_t)(m >> (24 - 8 * at));
	f->value.u8 = (uint8_t)((v->addr & m) >> (24 - 8 * at));
}

/* Rule @p u as the fields of @p lo into @p r; @p iif its interface's id. */
static void
rule_fields(const struct layout *lo, const struct vsw_rule_conf *u, uint16_t iif,
	    struct l3_acl_rule *r)
{
	for (unsigned int f = 0; f < lo->cfg.num_fields; f++) {
		struct rte_acl_field *x = &r->field[f];
		bool has_iif = u->iif != VSW_RIF_NONE;

		switch (lo->what[f]) {
		case KB_PROTO:
			x->value.u8 = u->proto;
			x->mask_range.u8 = u->proto != 0 ? 0xff : 0;
			break;
		case KB_SPORT:
			x->value.u16 = u->sport[0];
			x->mask_range.u16 = u->sport[1];
			break;
		case KB_DPORT:
			x->value.u16 = u->dport[0];
			x->mask_range.u16 = u->dport[1];
			break;
		case KB_TOS:
			x->value.u8 = u->has_dscp ? (uint8_t)(u->dscp << 2) : 0;
			x->mask_range.u8 = u->has_dscp ? 0xfc : 0;
			break;
		case KB_IIF_HI:
			x->value.u8 = has_iif ? (uint8_t)(iif >> 8) : 0;
			x->mask_range.u8 = has_iif ? 0xff : 0;
			break;
		case KB_IIF_LO:
			x->value.u8 = has_iif ? (uint8_t)iif : 0;
			x->mask_range.u8 = has_iif ? 0xff : 0;
			break;
		case KB_SRC:
			prefix_byte(x, u->has_from, &u->from, lo->at[f]);
			break;
		case KB_DST:
			prefix_byte(x, u->has_to, &u->to, lo->at[f]);
			break;
		default: /* a pad: matches anything */
			break;
		}
	}
}

bool
l3_rule_acl_data(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t *main_slot,
		 const struct vsw_rule_conf *u, uint16_t iif, uint16_t counter,
		 struct rte_acl_rule_data *d)
{
	int s;

	if (u->iif != VSW_RIF_NONE && iif == VSW_IFACE_NONE)
		return false; /* its interface is not running: the rule cannot match */
	d->category_mask = 1;
	/* rte_acl: the highest priority wins; ip rule: the lowest number. */
	d->priority = (int32_t)(32767 - u->priority);
	if (u->action == VSW_RULE_BLACKHOLE) {
		d->userdata = L3_RULE_BLACKHOLE;
	} else if (u->action == VSW_RULE_PROHIBIT) {
		d->userdata = L3_RULE_PROHIBIT;
	} else {
		s = u->table == VSW_TABLE_MAIN ? main_slot[vrf] :
						 slot_of_table(l3->vrfs[vrf], u->table);
		if (s < 0)
			return false;
		d->userdata = (uint32_t)s + 1;
	}
	d->userdata |= (uint32_t)counter << 16;
	return true;
}

/* The IPv4 half of l3_rules_build(). */
static int
rules4_build(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t *main_slot,
	     const uint16_t *rif_id, struct l3_dp *dp)
{
	struct rte_acl_param prm = {.socket_id = (int)rte_socket_id(),
				    .rule_size = RTE_ACL_RULE_SZ(MAX_FIELDS)};
	struct l3_acl_pack *pk = &dp->acl_pack[main_slot[vrf]];
	struct l3_acl_rule r;
	struct rte_acl_ctx *ctx;
	struct layout lo;
	char name[RTE_ACL_NAMESIZE];
	unsigned int i, n = 0;

	dp->acl[main_slot[vrf]] = NULL;
	for (i = 0; i < l3->n_rules; i++)
		n += l3->rules[i].vrf == vrf && l3->rules[i].family != 6;
	if (n == 0)
		return 0;
	layout_make(l3, vrf, &lo, pk);
	snprintf(name, sizeof(name), "vsw_acl%u", l3c.acl_gen++);
	prm.name = name;
	prm.max_rule_num = n;
	ctx = rte_acl_create(&prm);
	if (ctx == NULL)
		return -ENOMEM;
	for (i = 0; i < l3->n_rules; i++) {
		const struct vsw_rule_conf *u = &l3->rules[i];
		uint16_t iif = u->iif != VSW_RIF_NONE ? rif_id[u->iif] : VSW_IFACE_NONE;

		if (u->vrf != vrf || u->family == 6 || conf_counter[i] == NO_COUNTER)
			continue;
		memset(&r, 0, sizeof(r));
		if (!l3_rule_acl_data(l3, vrf, main_slot, u, iif, conf_counter[i], &r.data))
			continue;
		rule_fields(&lo, u, iif, &r);
		if (rte_acl_add_rules(ctx, (const struct rte_acl_rule *)&r, 1) != 0)
			goto fail;
	}
	if (rte_acl_build(ctx, &lo.cfg) != 0)
		goto fail;
	dp->acl[main_slot[vrf]] = ctx;
	return 0;
fail:
	rte_acl_free(ctx);
	return -ENOMEM;
}

int
l3_rules_build(const struct vsw_l3_conf *l3, uint8_t vrf, const uint8_t *main_slot,
	       const uint16_t *rif_id, struct l3_dp *dp)
{
	int rc = rules4_build(l3, vrf, main_slot, rif_id, dp);

	return rc != 0 ? rc : l3_rules6_build(l3, vrf, main_slot, rif_id, conf_counter, dp);
}

/* The same rule: a reload that keeps it keeps its count. */
static bool
rule_same(const struct l3_rule *a, const struct l3_rule *b)
{
	const struct vsw_rule_conf *x = &a->c, *y = &b->c;

	if ((x->family == 6) != (y->family == 6) ||
	    (x->family == 6 && ((x->has_from && memcmp(&x->from6, &y->from6, sizeof(x->from6))) ||
				(x->has_to && memcmp(&x->to6, &y->to6, sizeof(x->to6))))))
		return false;
	return strcmp(a->vrf, b->vrf) == 0 && strcmp(a->iif, b->iif) == 0 &&
	       x->priority == y->priority && x->action == y->action &&
	       (x->action != VSW_RULE_TABLE || x->table == y->table) && x->proto == y->proto &&
	       x->has_dscp == y->has_dscp && (!x->has_dscp || x->dscp == y->dscp) &&
	       x->has_from == y->has_from &&
	       (!x->has_from || x->family == 6 ||
		(x->from.addr == y->from.addr && x->from.len == y->from.len)) &&
	       x->has_to == y->has_to &&
	       (!x->has_to || x->family == 6 ||
		(x->to.addr == y->to.addr && x->to.len == y->to.len)) &&
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

const struct l3_rule *
l3_rule_by_counter(uint16_t counter)
{
	for (unsigned int i = 0; i < l3c.n_rules; i++)
		if (l3c.rules[i].counter == counter)
			return &l3c.rules[i];
	return NULL;
}

uint32_t
l3_rules_decide(uint8_t vrf, const struct l3_rules_hdr4 *h, uint16_t iif,
		const struct l3_rule **rule)
{
	const struct rte_acl_ctx *acl = vsw_l3.dp->acl[vrf];
	uint8_t key[L3_RULES_KEY_LEN] __rte_aligned(16);
	const uint8_t *p = key;
	uint32_t res = 0;

	*rule = NULL;
	if (acl == NULL)
		return 0;
	l3_rules_pack(&vsw_l3.dp->acl_pack[vrf], key, (const uint8_t *)h, iif);
	rte_acl_classify(acl, &p, &res, 1, 1);
	if (res != 0)
		*rule = l3_rule_by_counter(L3_RULE_COUNTER(res));
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
prefix6_str(char *buf, size_t len, const char *what, const struct vsw_ip6_prefix *p)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, p->addr, a, sizeof(a));
	snprintf(buf, len, " %s %s/%u", what, a, p->len);
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
	char from[64] = "", to[64] = "", iif[48] = "", proto[16] = "", sp[24], dp[24],
	     dscp[16] = "";

	if (u->has_from && u->family == 6)
		prefix6_str(from, sizeof(from), "from", &u->from6);
	else if (u->has_from)
		prefix_str(from, sizeof(from), "from", &u->from);
	if (u->has_to && u->family == 6)
		prefix6_str(to, sizeof(to), "to", &u->to6);
	else if (u->has_to)
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
		ri.family = r->c.family == 6 ? 6 : 4;
		l3_rule_describe(r, ri.match, sizeof(ri.match), ri.action, sizeof(ri.action));
		ri.hits = l3_rule_hits(r);
		fn(&ri, arg);
	}
}
