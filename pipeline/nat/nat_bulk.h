/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A burst through a NAT node in two passes. Finding a packet's session costs three cache
 * misses once the tables outgrow the cache (the hash bucket, the key, the session): looked up
 * one packet at a time, each packet waits for its own. The first pass parses up to
 * NAT_BULK packets and looks their keys up in one rte_hash_lookup_bulk_data() per table —
 * which prefetches every key's bucket, then every candidate key, before it compares any — and
 * prefetches the sessions found; the second pass does each packet's work (nat44.c) with its
 * session at hand. What the first pass did not find (a miss, or a packet it could not parse)
 * the second pass treats as before: other tables, rules, a new session.
 */
#ifndef VSW_NAT_BULK_H
#define VSW_NAT_BULK_H

#include <rte_graph_worker.h>
#include <rte_hash.h>
#include <rte_prefetch.h>

#include "nat/nat_pkt.h"
#include "vsw_mbuf.h"
#include "vsw_node.h"

#define NAT_BULK RTE_HASH_LOOKUP_BULK_MAX

/* The second pass's work on one packet: @p p parsed (@p pr), @p s the session the first pass
 * found for it in table @p o (NULL: none there) and its direction @p dir. */
typedef rte_edge_t (*nat_one_fn)(const struct nat_run *r, struct rte_mbuf *m,
				 struct nat_pkt *p, enum nat_parse pr, struct nat_session *s,
				 int dir, unsigned int o);

/* Look up the keys of @p n parsed packets whose table @p o[i] is @p t, in one bulk lookup;
 * the sessions found go to @p s and @p dir, prefetched. */
static __rte_always_inline void
nat_bulk_lookup(unsigned int t, uint16_t n, const struct nat_pkt *p, const uint8_t *pr,
		const uint8_t *o, struct nat_session **s, uint8_t *dir)
{
	const struct nat_worker *w = vsw_nat.w[t];
	const void *keys[NAT_BULK];
	void *data[NAT_BULK];
	uint8_t at[NAT_BULK];
	uint64_t hits = 0;
	uint16_t i, k = 0;

	for (i = 0; i < n; i++)
		if (pr[i] == NAT_P_OK && o[i] == t) {
			keys[k] = &p[i].k;
			at[k++] = (uint8_t)i;
		}
	if (k == 0 || rte_hash_lookup_bulk_data(w->h, keys, k, &hits, data) <= 0)
		return;
	for (i = 0; i < k; i++)
		if (hits & (1ULL << i)) {
			struct nat_session *x = &w->s[(uintptr_t)data[i] >> 1];

			rte_prefetch0(x);
			s[at[i]] = x;
			dir[at[i]] = (uint8_t)((uintptr_t)data[i] & 1);
		}
}

/*
 * Run @p nb_objs packets through @p one, NAT_BULK at a time, each packet's own table looked
 * up first in bulk: the worker's own (@p by_port false: an inside flow's packets reach one
 * worker), or the one its destination port names (@p by_port: a reply to a translated
 * port, nat_port_owner()).
 */
static __rte_always_inline uint16_t
nat_burst(struct rte_graph *graph, struct rte_node *node, void **objs, uint16_t nb_objs,
	  const struct nat_run *r, bool by_port, nat_one_fn one)
{
	struct nat_pkt p[NAT_BULK];
	struct nat_session *s[NAT_BULK];
	rte_edge_t nexts[NAT_BULK];
	uint8_t pr[NAT_BULK], o[NAT_BULK], dir[NAT_BULK];
	uint16_t base, i, n;

	for (base = 0; base < nb_objs; base += n) {
		uint32_t tables = 0;

		n = RTE_MIN(nb_objs - base, NAT_BULK);
		for (i = 0; i < n; i++) {
			struct rte_mbuf *m = objs[base + i];

			if (likely(base + i + 4 < nb_objs))
				rte_prefetch0(rte_pktmbuf_mtod((struct rte_mbuf *)objs[base + i + 4],
							       void *));
			pr[i] = (uint8_t)nat_parse(m, &p[i], vsw_mbuf_meta(m)->l3.vrf);
			o[i] = (uint8_t)(by_port && pr[i] == NAT_P_OK ? nat_port_owner(p[i].k.dport) :
									 r->self);
			tables |= 1u << o[i];
			s[i] = NULL;
			dir[i] = 0;
		}
		for (unsigned int t = 0; t < vsw_nat.n_workers; t++)
			if (tables & (1u << t))
				nat_bulk_lookup(t, n, p, pr, o, s, dir);
		for (i = 0; i < n; i++) {
			struct nat_session *x = s[i];

			/* Deleted under us: its slot is not reused before we finish (nat_lookup). */
			if (x != NULL && __atomic_load_n(&x->state, __ATOMIC_RELAXED) == NAT_S_FREE)
				x = NULL;
			nexts[i] = one(r, objs[base + i], &p[i], (enum nat_parse)pr[i], x, dir[i],
				       o[i]);
		}
		if (likely(n == nb_objs))
			vsw_node_enqueue_burst(graph, node, objs, nexts, n);
		else
			vsw_node_enqueue_runs(graph, node, objs + base, nexts, n);
	}
	return nb_objs;
}

#endif /* VSW_NAT_BULK_H */
