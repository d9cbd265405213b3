/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NAT's forwards and floating IPs on the control side: the config's rules into the data
 * path's tables (struct nat_dp: an array, a read-only rte_hash over it, hit counters with a
 * row per worker), the addresses the router answers ARP for on their behalf (with a
 * gratuitous ARP for each new one), and what vswctl shows of them. A rule's sessions are
 * ordinary sessions holding their own translation: a rule removed by a reload leaves them
 * until they expire or are flushed, as Linux's conntrack entries outlive an iptables rule.
 * Control thread unless said.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "l3/l3_ctl.h"
#include "l3/l3_hook.h"
#include "nat/nat_priv.h"
#include "vsw_rcu.h"

static unsigned int hash_gen; /* rte_hash names are unique: the old table lives on a while */

/* The addresses last published to the router's ARP, to announce only what is new. */
static struct {
	uint64_t *key;
	unsigned int n;
} arp_now;

/* The key the outside side's packets find rule @p r by. */
static void
in_key(const struct nat_rule *r, struct nat_key *k)
{
	memset(k, 0, sizeof(*k));
	k->dst = r->ext;
	k->vrf = r->vrf;
	k->proto = r->proto;
	k->dport = r->ext_port;
	k->kind = r->ext_port != 0 ? NAT_RK_PORT : NAT_RK_ADDR;
}

static bool
same_rule(const struct nat_rule *a, const struct nat_rule *b)
{
	return a->ext == b->ext && a->to == b->to && a->ext_port == b->ext_port &&
	       a->to_port == b->to_port && a->proto == b->proto && a->kind == b->kind &&
	       a->vrf == b->vrf && a->rif == b->rif;
}

/* Rule @p i's hits so far, from @p old's equal rule (0 when it is new). */
static uint64_t
old_hits(const struct nat_dp *old, const struct nat_rule *r, unsigned int n_workers)
{
	struct nat_key k;
	uint64_t sum = 0;
	void *data;
	uint32_t j;

	if (old == NULL || old->rules_h == NULL)
		return 0;
	in_key(r, &k);
	if (rte_hash_lookup_data(old->rules_h, &k, &data) < 0)
		return 0;
	j = (uint32_t)(uintptr_t)data;
	if (!same_rule(&old->rule[j], r))
		return 0;
	/* Counts made between this read and the swap are lost (a few, at most). */
	for (unsigned int w = 0; w < n_workers; w++)
		sum += __atomic_load_n(&old->hits[w * old->n_rules + j], __ATOMIC_RELAXED);
	return sum;
}

int
nat_rules_build(struct nat_dp *dp, const struct vsw_nat_conf *nc, const struct nat_dp *old,
		unsigned int n_workers)
{
	struct rte_hash_parameters hp = {0};
	const struct l3_dp *l3 = vsw_l3.dp;
	char name[RTE_HASH_NAMESIZE];
	struct nat_key k;
	unsigned int i, n = 0;

	if (nc->n_rules == 0 || l3 == NULL)
		return 0;
	snprintf(name, sizeof(name), "nat_rules%u", hash_gen++);
	hp.name = name;
	hp.entries = RTE_MAX(2 * nc->n_rules, 64u);
	hp.key_len = sizeof(struct nat_key);
	hp.hash_func = rte_hash_crc;
	hp.socket_id = SOCKET_ID_ANY;
	dp->rules_h = rte_hash_create(&hp);
	dp->rule = rte_zmalloc("nat_rules", nc->n_rules * sizeof(*dp->rule), 0);
	dp->hits = rte_zmalloc("nat_hits", (size_t)n_workers * nc->n_rules * sizeof(uint64_t),
			       RTE_CACHE_LINE_SIZE);
	if (dp->rules_h == NULL || dp->rule == NULL || dp->hits == NULL)
		return -ENOMEM;
	for (i = 0; i < nc->n_rules; i++) {
		const struct vsw_nat_rule_conf *c = &nc->rules[i];
		const struct vsw_iface *f = vsw_iface_from_name(c->rif);
		struct nat_rule *r = &dp->rule[n];

		if (f == NULL || f->type != VSW_IFACE_RIF || !l3->rif[f->id].present)
			continue; /* not running: nothing reaches it */
		r->ext = rte_cpu_to_be_32(c->addr);
		r->to = rte_cpu_to_be_32(c->to);
		r->ext_port = rte_cpu_to_be_16(c->port);
		r->to_port = rte_cpu_to_be_16(c->to_port);
		r->proto = c->proto;
		r->kind = c->kind;
		r->vrf = l3->rif[f->id].vrf;
		r->rif = f->id;
		in_key(r, &k);
		if (rte_hash_add_key_data(dp->rules_h, &k, (void *)(uintptr_t)n) < 0)
			return -ENOMEM;
		if (r->kind == VSW_NAT_FLOATING) {
			memset(&k, 0, sizeof(k));
			k.src = r->to;
			k.vrf = r->vrf;
			k.kind = NAT_RK_FLOAT;
			if (rte_hash_add_key_data(dp->rules_h, &k, (void *)(uintptr_t)n) < 0)
				return -ENOMEM;
		}
		n++;
	}
	dp->n_rules = n;
	/* Row 0 takes what the old rows counted: a reload keeps a rule's count. */
	for (i = 0; i < n; i++)
		dp->hits[i] = old_hits(old, &dp->rule[i], n_workers);
	return 0;
}

void
nat_rules_free(struct nat_dp *dp)
{
	rte_hash_free(dp->rules_h);
	rte_free(dp->rule);
	rte_free(dp->hits);
	dp->rules_h = NULL;
	dp->rule = NULL;
	dp->hits = NULL;
	dp->n_rules = 0;
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static bool
has_key(const uint64_t *keys, unsigned int n, uint64_t k)
{
	return n > 0 && bsearch(&k, keys, n, sizeof(k), u64_cmp) != NULL;
}

int
nat_rules_arp(const struct nat_dp *dp)
{
	const struct l3_dp *l3 = vsw_l3.dp;
	unsigned int n = 0, i, a;
	uint64_t *keys = NULL;
	int rc;

	if (dp != NULL && dp->n_rules > 0 && l3 != NULL) {
		keys = malloc(dp->n_rules * sizeof(*keys));
		if (keys == NULL)
			return -ENOMEM;
		for (i = 0; i < dp->n_rules; i++) {
			const struct nat_rule *r = &dp->rule[i];
			const struct l3_rif *rif = &l3->rif[r->rif];
			uint64_t k = vsw_l3_arp_key(r->rif, rte_be_to_cpu_32(r->ext));

			for (a = 0; a < rif->n_addrs && rif->addr[a] != r->ext; a++)
				;
			if (a == rif->n_addrs && !has_key(keys, n, k)) {
				keys[n++] = k;
				qsort(keys, n, sizeof(*keys), u64_cmp);
			}
		}
	}
	if (n == arp_now.n && (n == 0 || memcmp(keys, arp_now.key, n * sizeof(*keys)) == 0)) {
		free(keys); /* unchanged: nothing to publish or announce */
		return 0;
	}
	rc = vsw_l3_arp_extra_set(keys, n);
	if (rc < 0) {
		free(keys);
		return rc;
	}
	/* Neighbours that knew the address elsewhere (a floating IP moved here) learn it. */
	for (i = 0; i < n; i++)
		if (!has_key(arp_now.key, arp_now.n, keys[i])) {
			uint16_t rif = (uint16_t)(keys[i] >> 32);

			l3_garp(&l3->rif[rif], rif, rte_cpu_to_be_32((uint32_t)keys[i]));
		}
	free(arp_now.key);
	arp_now.key = keys;
	arp_now.n = n;
	return 0;
}

void
nat_rules_fini(void)
{
	vsw_l3_arp_extra_set(NULL, 0);
	free(arp_now.key);
	arp_now.key = NULL;
	arp_now.n = 0;
}

/* ---- What vswctl shows ------------------------------------------------------------------- */

unsigned int
vsw_nat_rule_walk(void (*fn)(const struct vsw_nat_rule_info *r, void *arg), void *arg)
{
	const struct nat_dp *dp = VSW_RCU_LOAD(vsw_nat.dp);
	uint64_t *sessions;
	uint32_t ri;

	if (dp == NULL || dp->n_rules == 0)
		return 0;
	sessions = calloc(dp->n_rules, sizeof(*sessions));
	if (sessions == NULL)
		return 0;
	/* A rule's sessions: those whose translation is its address (and port). */
	for (unsigned int i = 0; i < vsw_nat.n_workers; i++) {
		const struct nat_worker *w = vsw_nat.w[i];

		for (uint32_t k = 0; k < w->cap; k++) {
			struct nat_session s = w->s[k]; /* a snapshot: workers write it */

			if (s.state == NAT_S_FREE || s.state >= NAT_S_COUNT)
				continue;
			if (s.flags & NAT_F_DNAT) {
				if (nat_rule_in(dp, s.out_vrf, s.in.proto, s.out_addr,
						s.in.proto == IPPROTO_ICMP ? 0 : s.out_port,
						&ri) != NULL)
					sessions[ri]++;
			} else if ((s.flags & NAT_F_FLOAT) &&
				   nat_rule_float(dp, s.out_vrf, VSW_IFACE_NONE, s.in.src, &ri) !=
					   NULL) {
				sessions[ri]++;
			}
		}
	}
	for (ri = 0; ri < dp->n_rules; ri++) {
		const struct nat_rule *r = &dp->rule[ri];
		const struct vsw_iface *f = vsw_iface_from_id(r->rif);
		struct vsw_nat_rule_info info;

		memset(&info, 0, sizeof(info));
		info.kind = r->kind == VSW_NAT_FLOATING ? "floating" : "forward";
		snprintf(info.interface, sizeof(info.interface), "%s", f != NULL ? f->name : "?");
		info.proto = r->proto;
		info.addr = rte_be_to_cpu_32(r->ext);
		info.port = rte_be_to_cpu_16(r->ext_port);
		info.to = rte_be_to_cpu_32(r->to);
		info.to_port = rte_be_to_cpu_16(r->to_port);
		for (unsigned int w = 0; w < vsw_nat.n_workers; w++)
			info.hits += __atomic_load_n(&dp->hits[w * dp->n_rules + ri],
						     __ATOMIC_RELAXED);
		info.sessions = sessions[ri];
		fn(&info, arg);
	}
	free(sessions);
	return dp->n_rules;
}
