/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's IPv6 control side: neighbours learned by the workers (ND), the listings and
 * the lookup. Its FIB copies, routes and neighbours' aging are the IPv4 ones' code
 * (l3_fib.c, l3c.f6); what the config wants: l3_apply6.c. Control thread only; the lock is
 * l3c.lock, taken by l3.c and l3_apply.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "l3/l3_ctl6.h"
#include "l3/l3_rules.h"
#include "vsw_err.h"
#include "vsw_pipeline.h"

struct l3_ctl6 l3c6;

int
l3_6_init(void)
{
	memset(&l3c6, 0, sizeof(l3c6));
	vsw_l3.ip6 = rte_zmalloc("vsw_l3_ip6", 16 * L3_MAX_NH, RTE_CACHE_LINE_SIZE);
	for (unsigned int i = 0; i < VSW_MAX_IFACES; i++)
		l3c6.glean[i] = UINT32_MAX;
	return vsw_l3.ip6 != NULL ? 0 : -ENOMEM;
}

void
l3_6_fini(void)
{
	rte_free(vsw_l3.ip6);
	vsw_l3.ip6 = NULL;
	memset(&l3c6, 0, sizeof(l3c6));
}

void
l3_key6(struct l3_route6_key *k, uint8_t vrf, const uint8_t *prefix, uint8_t len)
{
	memset(k, 0, sizeof(*k));
	for (unsigned int bit = 0; bit < len; bit += 8)
		k->prefix[bit / 8] = prefix[bit / 8] &
				     (uint8_t)(len - bit >= 8 ? 0xff : 0xff << (8 - (len - bit)));
	k->len = len;
	k->vrf = vrf;
}

struct l3_nh *
l3_neigh6_find(uint8_t vrf, const uint8_t *ip)
{
	struct l3_neigh6_key nk;
	void *data;

	memset(&nk, 0, sizeof(nk));
	memcpy(nk.ip, ip, 16);
	nk.vrf = vrf;
	if (rte_hash_lookup_data(l3c.f6.neigh, &nk, &data) < 0)
		return NULL;
	return &vsw_l3.nh[(uint32_t)(uintptr_t)data];
}

/* The neighbour (vrf, ip) on @p rif, made if new. */
uint32_t
l3_neigh6_get(uint8_t vrf, const uint8_t *ip, uint16_t rif)
{
	struct l3_neigh6_key nk;
	void *data;
	uint32_t id;

	memset(&nk, 0, sizeof(nk));
	memcpy(nk.ip, ip, 16);
	nk.vrf = vrf;
	if (rte_hash_lookup_data(l3c.f6.neigh, &nk, &data) >= 0) {
		id = (uint32_t)(uintptr_t)data;
		vsw_l3.nh[id].rif = rif;
		return id;
	}
	id = l3_nh_alloc(NH_NEIGH);
	if (id == UINT32_MAX) {
		l3c.nh_full++;
		return id;
	}
	vsw_l3.nh[id].v6 = 1;
	vsw_l3.nh[id].rif = rif;
	vsw_l3.nh[id].vrf = vrf;
	memcpy(vsw_l3.ip6[id], ip, 16);
	rte_hash_add_key_data(l3c.f6.neigh, &nk, (void *)(uintptr_t)id);
	return id;
}

/* The running interface of slot @p vrf with @p ip on one of its IPv6 subnets, or NONE. */
uint16_t
l3_rif_on_subnet6(const struct l3_dp *dp, uint8_t vrf, const uint8_t *ip)
{
	for (unsigned int id = 0; id < VSW_MAX_IFACES; id++) {
		const struct l3_rif *r = &dp->rif[id];

		if (!r->present || r->vrf != vrf)
			continue;
		for (unsigned int i = 0; i < r->n_addrs6; i++) {
			struct vsw_ip6_prefix p;

			memcpy(p.addr, r->addr6[i], 16);
			p.len = r->len6[i];
			if (vsw_ip6_in(&p, ip))
				return (uint16_t)id;
		}
	}
	return VSW_IFACE_NONE;
}

void
l3_learn6_one(const struct l3_learn *ev, uint32_t now_s)
{
	const struct l3_dp *dp = vsw_l3.dp;
	const struct l3_rif *r = dp != NULL && ev->rif < VSW_MAX_IFACES ? &dp->rif[ev->rif] : NULL;
	struct l3_route6_key rk;
	struct l3_nh *nh;
	uint64_t mac = 0;
	uint32_t id;

	if (r == NULL || !r->present)
		return;
	if (ev->reserved == 1) { /* a router solicitation */
		l3_ra_solicited(ev->rif);
		return;
	}
	/* Link-local neighbours are not kept: the FIB has no link-local routes, and what
	 * answers a link-local address goes back to the frame's source (l3_ip6.h). */
	if (ip6_is_ll(ev->ip6) || l3_rif_has6(r, ev->ip6))
		return;
	if (!ev->resolve)
		memcpy(&mac, ev->mac, 6);
	l3_key6(&rk, r->vrf, ev->ip6, 128);
	nh = l3_neigh6_find(r->vrf, ev->ip6);
	if (nh != NULL) {
		id = (uint32_t)(nh - vsw_l3.nh);
		if (nh->rif == ev->rif && rte_hash_lookup(l3c.f6.routes, &rk) < 0 &&
		    l3_on_link6(dp, r->vrf, ev->ip6, ev->rif))
			l3_route6_install(&rk, id, L3_RT_NEIGH);
		if (ev->resolve || (nh->mac & NH_MAC_STATIC))
			return;
		nh->rif = ev->rif;
		__atomic_store_n(&nh->mac, mac | NH_MAC_VALID, __ATOMIC_RELEASE);
		nh->seen_s = now_s;
		return;
	}
	if (!ev->create || !l3_on_link6(dp, r->vrf, ev->ip6, ev->rif))
		return; /* not on its link (its subnets, a dev route): Linux does not learn it */
	if ((uint32_t)rte_hash_count(l3c.f6.neigh) >= l3c.max_neigh) {
		l3c.neigh_limit++;
		return;
	}
	id = l3_neigh6_get(r->vrf, ev->ip6, ev->rif);
	if (id == UINT32_MAX)
		return;
	nh = &vsw_l3.nh[id];
	nh->seen_s = now_s;
	nh->mac = ev->resolve ? 0 : mac | NH_MAC_VALID;
	nh->req_tsc = rte_rdtsc(); /* a glean has just sent its first solicitation */
	if (rte_hash_lookup(l3c.f6.routes, &rk) < 0)
		l3_route6_install(&rk, id, L3_RT_NEIGH);
}

/* ---- Listings ---------------------------------------------------------------------------- */

/* Route @p k (its next hop and kind in @p v, as the routes hash holds them) as a listing
 * or a lookup shows it. */
static void
route6_info(const struct l3_route6_key *k, uint32_t v, struct vsw_l3_route_info *r)
{
	static const char *const kinds[] = {
	    [L3_RT_LOCAL] = "local",   [L3_RT_CONNECTED] = "connected", [L3_RT_STATIC] = "static",
	    [L3_RT_NEIGH] = "neighbour", [L3_RT_API] = "api",
	};
	uint32_t id = v & 0xffffff, kind = v >> 24;
	const struct l3_nh *nh = &vsw_l3.nh[id];
	struct vsw_iface *f;

	memset(r, 0, sizeof(*r));
	r->v6 = true;
	if (l3c.slot_table[k->vrf] == VSW_TABLE_MAIN)
		snprintf(r->vrf, sizeof(r->vrf), "%s", l3c.vrf_name[k->vrf]);
	else
		snprintf(r->vrf, sizeof(r->vrf), "%.20s/%u", l3c.vrf_name[k->vrf],
			 l3c.slot_table[k->vrf]);
	memcpy(r->prefix6, k->prefix, 16);
	r->len = k->len;
	r->type = kind < RTE_DIM(kinds) && kinds[kind] != NULL ? kinds[kind] : "?";
	if (nh->type == NH_BLACKHOLE)
		r->type = "blackhole";
	else if (nh->type == NH_UNREACHABLE)
		r->type = "unreachable";
	else if (nh->type == NH_PROHIBIT)
		r->type = "prohibit";
	if (nh->type == NH_NEIGH)
		memcpy(r->via6, vsw_l3.ip6[id], 16);
	f = (nh->type == NH_NEIGH || nh->type == NH_GLEAN) ? vsw_iface_from_id(nh->rif) : NULL;
	if (f != NULL)
		snprintf(r->rif, sizeof(r->rif), "%s", f->name);
	if (nh->type == NH_ECMP)
		snprintf(r->rif, sizeof(r->rif), "ecmp:%u", vsw_l3.groups[nh->ip].n);
}

void
l3_route6_walk(void (*fn)(const struct vsw_l3_route_info *r, void *arg), void *arg)
{
	struct vsw_l3_route_info r;
	uint32_t it = 0;
	const void *key;
	void *data;

	while (l3c.f6.routes != NULL && rte_hash_iterate(l3c.f6.routes, &key, &data, &it) >= 0) {
		route6_info(key, (uint32_t)(uintptr_t)data, &r);
		fn(&r, arg);
	}
}

/* The installed route to @p addr in table slot @p slot (longest match). */
static int
lookup6_in(int slot, const uint8_t addr[16], struct vsw_l3_route_info *out, uint8_t mac[6],
	   bool *resolved)
{
	for (int len = 128; len >= 0; len--) {
		struct l3_route6_key k;
		const struct l3_nh *nh;
		void *data;
		uint64_t m;

		l3_key6(&k, (uint8_t)slot, addr, (uint8_t)len);
		if (rte_hash_lookup_data(l3c.f6.routes, &k, &data) < 0)
			continue;
		route6_info(&k, (uint32_t)(uintptr_t)data, out);
		nh = &vsw_l3.nh[(uint32_t)(uintptr_t)data & 0xffffff];
		m = nh->mac;
		memcpy(mac, &m, 6);
		*resolved = nh->type == NH_NEIGH && (m & NH_MAC_VALID);
		return 0;
	}
	return -ENOENT;
}

/* What the IPv6 rules see of a lookup's packet (l3_rules_key6()): a header and the ports
 * after it. @return 0, or -EINVAL: @p flow's iif is no running interface of VRF slot @p vrf. */
static int
flow6_hdr(int vrf, const struct vsw_l3_flow *flow, const uint8_t addr[16], uint8_t *h,
	  uint16_t *iif)
{
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)h;
	rte_be16_t ports[2] = {0, 0};

	memset(h, 0, sizeof(*ip) + sizeof(ports));
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->payload_len = RTE_BE16(4);
	memcpy(ip->dst_addr, addr, 16);
	*iif = VSW_IFACE_NONE;
	if (flow == NULL)
		return 0;
	if (flow->iif[0] != '\0') {
		struct vsw_iface *f = vsw_iface_from_name(flow->iif);

		if (f == NULL || f->type != VSW_IFACE_RIF || !vsw_l3.dp->rif[f->id].present ||
		    vsw_l3.dp->rif[f->id].vrf != vrf)
			return -EINVAL;
		*iif = f->id;
	}
	memcpy(ip->src_addr, flow->src6, 16);
	ip->proto = flow->proto;
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28 | (uint32_t)(flow->dscp & 63) << 22);
	if (flow->proto == IPPROTO_TCP || flow->proto == IPPROTO_UDP) {
		ports[0] = rte_cpu_to_be_16(flow->sport);
		ports[1] = rte_cpu_to_be_16(flow->dport);
	}
	memcpy(ip + 1, ports, sizeof(ports));
	return 0;
}

int
vsw_l3_route_lookup6(const char *vrf_name, const struct vsw_l3_flow *flow, const uint8_t addr[16],
		     struct vsw_l3_route_info *out, uint8_t mac[6], bool *resolved,
		     struct vsw_l3_rule_match *rule)
{
	uint8_t h[sizeof(struct rte_ipv6_hdr) + 4] __rte_aligned(8);
	const struct l3_rule *r;
	uint16_t iif;
	uint32_t act;
	int vrf, slot, rc = -ENOENT;

	if (vsw_l3.dp == NULL)
		return -ENODEV;
	memset(out, 0, sizeof(*out));
	memset(rule, 0, sizeof(*rule));
	memset(mac, 0, 6);
	*resolved = false;
	pthread_mutex_lock(&l3c.lock);
	vrf = slot_of_table(vrf_name[0] != '\0' ? vrf_name : VSW_VRF_DEFAULT_NAME, VSW_TABLE_MAIN);
	if (vrf < 0)
		goto out;
	rc = flow6_hdr(vrf, flow, addr, h, &iif);
	if (rc != 0)
		goto out;
	act = L3_RULE_ACTION(l3_rules_decide6((uint8_t)vrf, (const struct rte_ipv6_hdr *)h,
					      sizeof(h), iif, &r));
	if (r != NULL) {
		rule->matched = true;
		rule->priority = r->c.priority;
		l3_rule_describe(r, rule->match, sizeof(rule->match), rule->action,
				 sizeof(rule->action));
	}
	/* The router's own addresses stay local under a reject rule (ip6_rule_reject()). */
	if ((act == L3_RULE_BLACKHOLE || act == L3_RULE_PROHIBIT) &&
	    (lookup6_in(vrf, addr, out, mac, resolved) != 0 || strcmp(out->type, "local") != 0)) {
		memset(out, 0, sizeof(*out));
		memset(mac, 0, 6);
		*resolved = false;
		out->v6 = true;
		out->type = act == L3_RULE_BLACKHOLE ? "blackhole" : "prohibit";
		rc = 0;
		goto named;
	}
	slot = act != 0 && act < L3_RULE_BLACKHOLE ? (int)act - 1 : vrf;
	rc = lookup6_in(slot, addr, out, mac, resolved);
	if (rc != 0 && slot != vrf) {
		slot = vrf; /* the rule's table has no route: the main table's */
		rc = lookup6_in(slot, addr, out, mac, resolved);
	}
	rule->table = l3c.slot_table[slot];
named:
	snprintf(out->vrf, sizeof(out->vrf), "%s", l3c.vrf_name[vrf]);
out:
	pthread_mutex_unlock(&l3c.lock);
	return rc;
}

void
l3_neigh6_walk(void (*fn)(const struct vsw_l3_neigh_info *n, void *arg), void *arg)
{
	uint32_t it = 0, now = vsw_l3_now();
	const void *key;
	void *data;

	while (l3c.f6.neigh != NULL && rte_hash_iterate(l3c.f6.neigh, &key, &data, &it) >= 0) {
		uint32_t id = (uint32_t)(uintptr_t)data;
		const struct l3_nh *nh = &vsw_l3.nh[id];
		struct vsw_l3_neigh_info n;
		struct vsw_iface *f = vsw_iface_from_id(nh->rif);
		uint64_t mac = nh->mac;

		memset(&n, 0, sizeof(n));
		n.v6 = true;
		snprintf(n.vrf, sizeof(n.vrf), "%s", l3c.vrf_name[nh->vrf]);
		if (f != NULL)
			snprintf(n.rif, sizeof(n.rif), "%s", f->name);
		memcpy(n.ip6, vsw_l3.ip6[id], 16);
		memcpy(n.mac, &mac, 6);
		n.resolved = mac & NH_MAC_VALID;
		n.is_static = mac & NH_MAC_STATIC;
		n.age_s = now - nh->seen_s;
		fn(&n, arg);
	}
}
