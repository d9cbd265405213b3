/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A worker's session table (nat_priv.h): lookups (any worker), and what only its owner
 * does: make sessions (port choice, limits, the UDP mapping), put them on the timer wheel,
 * expire them, and give their slots back after the RCU grace period.
 */
#include <netinet/in.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>

#include "nat/nat_priv.h"

struct nat_session *
nat_lookup(const struct nat_worker *w, const struct nat_key *k, int *dir)
{
	void *data;
	struct nat_session *s;

	if (rte_hash_lookup_data(w->h, k, &data) < 0)
		return NULL;
	s = &w->s[(uintptr_t)data >> 1];
	if (__atomic_load_n(&s->state, __ATOMIC_RELAXED) == NAT_S_FREE)
		return NULL; /* deleted under us: its slot is not reused before we finish */
	*dir = (int)((uintptr_t)data & 1);
	return s;
}

/* The key the outside side sends for a session of @p in translated to @p addr:@p port. */
static void
out_key_of(const struct nat_key *in, uint32_t addr, uint16_t port, uint8_t vrf, uint8_t flags,
	   struct nat_key *k)
{
	memset(k, 0, sizeof(*k));
	k->src = in->dst;
	k->dst = addr;
	k->proto = in->proto;
	k->vrf = vrf;
	if (in->proto != IPPROTO_ICMP) {
		k->sport = in->dport;
		k->dport = port;
	} else if (flags & NAT_F_DNAT) {
		k->sport = port; /* the outside side sends the requests: the id */
	} else {
		k->dport = port; /* it sends the replies */
	}
}

void
nat_out_key(const struct nat_session *s, struct nat_key *k)
{
	out_key_of(&s->in, s->out_addr, s->out_port, s->out_vrf, s->flags, k);
}

/* ---- Deferred frees ---------------------------------------------------------------------- */

static void
pending_add(struct nat_worker *w, int32_t p0, int32_t p1, uint32_t idx)
{
	struct nat_pending *p;

	/* Never full: an entry is at most one per hash key deleted and not yet freed. */
	p = &w->pend[(w->pend_head + w->pend_n++) % w->pend_cap];
	p->token = vsw_nat.rcu != NULL ? rte_rcu_qsbr_start(vsw_nat.rcu) : 0;
	p->pos[0] = p0;
	p->pos[1] = p1;
	p->idx = idx;
}

static void
pending_reclaim(struct nat_worker *w)
{
	while (w->pend_n > 0) {
		struct nat_pending *p = &w->pend[w->pend_head];

		if (vsw_nat.rcu != NULL && rte_rcu_qsbr_check(vsw_nat.rcu, p->token, false) != 1)
			return;
		for (int i = 0; i < 2; i++)
			if (p->pos[i] >= 0)
				rte_hash_free_key_with_position(w->h, p->pos[i]);
		if (p->idx != NAT_NONE) {
			w->free[w->n_free++] = p->idx;
			w->used--;
		}
		w->pend_head = (w->pend_head + 1) % w->pend_cap;
		w->pend_n--;
	}
}

/* ---- Counted keys: an inside host's sessions, an inside endpoint's UDP mapping ----------- */

/* A host key's data is its session count; a mapping's is (outside address << 32) |
 * (outside port << 16) | sessions using it (a session beyond 65535 takes no reference). */
static int
counted_get(struct nat_worker *w, const struct nat_key *k, uint64_t *v)
{
	void *data;

	if (rte_hash_lookup_data(w->h, k, &data) < 0)
		return -1;
	*v = (uint64_t)(uintptr_t)data;
	return 0;
}

static int
counted_put(struct nat_worker *w, const struct nat_key *k, uint64_t v)
{
	return rte_hash_add_key_data(w->h, k, (void *)(uintptr_t)v);
}

/* One session less on @p k (count in the low 16 bits when @p mask16, else 32).
 * @return true when the key went. */
static bool
counted_drop(struct nat_worker *w, const struct nat_key *k, bool mask16)
{
	uint64_t v, n;

	if (counted_get(w, k, &v) < 0)
		return false;
	n = mask16 ? (v & 0xffff) : (v & 0xffffffff);
	if (n > 1) {
		counted_put(w, k, v - 1);
		return false;
	}
	pending_add(w, rte_hash_del_key(w->h, k), -1, NAT_NONE);
	return true;
}

static void
host_key(struct nat_key *k, uint8_t vrf, uint32_t addr)
{
	memset(k, 0, sizeof(*k));
	k->src = addr;
	k->vrf = vrf;
	k->kind = NAT_K_HOST;
}

static void
eim_key(struct nat_key *k, const struct nat_key *in)
{
	memset(k, 0, sizeof(*k));
	k->src = in->src;
	k->sport = in->sport;
	k->proto = in->proto;
	k->vrf = in->vrf;
	k->kind = NAT_K_EIM;
}

static void
port_key(struct nat_key *k, uint8_t vrf, uint8_t proto, uint32_t addr, uint16_t port)
{
	memset(k, 0, sizeof(*k));
	k->dst = addr;
	k->dport = port;
	k->proto = proto;
	k->vrf = vrf;
	k->kind = NAT_K_PORT;
}

/* ---- Port choice ------------------------------------------------------------------------- */

/*
 * A port of this worker's share for a new session's reply key @p out (its dport set here):
 * the ports of @p x's range (TCP and UDP; else 1024..65535) that nat_port_owner() gives
 * this worker. A UDP mapping needs a port no other mapping holds (endpoint-independent:
 * any remote may answer to it later); TCP and ICMP only need the reply key unused, so one
 * port serves many remotes; a port a forward holds on the address is never given (as
 * Linux's NAT avoids tuples in use). Starts at a hash of the flow, then walks the share.
 * @return 0 or -1.
 */
static int
port_choose(struct nat_worker *w, const struct nat_dp *dp, const struct nat_key *in,
	    const struct nat_xlat *x, struct nat_key *out)
{
	uint32_t lo = NAT_PORT_LO, hi = 65535, n = w->n_workers, first, count, start, ri;
	struct nat_key pk;

	if (x->port_hi != 0 && in->proto != IPPROTO_ICMP) {
		lo = x->port_lo;
		hi = x->port_hi;
	}
	/* The first port of [lo, hi] that is this worker's, then every n-th. */
	first = lo + (w->index + n - (lo - NAT_PORT_LO) % n) % n;
	if (first > hi)
		return -1;
	count = (hi - first) / n + 1;
	start = rte_hash_crc(in, sizeof(*in), w->next_port++) % count;
	for (uint32_t i = 0; i < RTE_MIN((uint32_t)NAT_PORT_TRIES, count); i++) {
		uint16_t port = rte_cpu_to_be_16((uint16_t)(first + (start + i) % count * n));

		out->dport = port;
		if (dp->rules_h != NULL && in->proto != IPPROTO_ICMP) {
			const struct nat_rule *r =
				nat_rule_in(dp, out->vrf, out->proto, out->dst, port, &ri);

			if (r != NULL && r->ext_port != 0)
				continue;
		}
		if (in->proto == IPPROTO_UDP) {
			port_key(&pk, out->vrf, out->proto, out->dst, port);
			if (rte_hash_lookup(w->h, &pk) >= 0)
				continue;
		}
		if (rte_hash_lookup(w->h, out) < 0)
			return 0;
	}
	return -1;
}

/* ---- The timer wheel --------------------------------------------------------------------- */

static void
wheel_unlink(struct nat_worker *w, uint32_t idx)
{
	struct nat_session *s = &w->s[idx];

	if (s->prev != NAT_NONE)
		w->s[s->prev].next = s->next;
	else
		w->wheel[s->slot] = s->next;
	if (s->next != NAT_NONE)
		w->s[s->next].prev = s->prev;
}

static void
wheel_link(struct nat_worker *w, uint32_t idx, uint32_t when)
{
	struct nat_session *s = &w->s[idx];
	uint32_t slot;

	/* Beyond the wheel's turn: park it at the last slot of the turn, looked at again then. */
	if ((int32_t)(when - w->wheel_now) >= (int32_t)NAT_WHEEL)
		when = w->wheel_now + NAT_WHEEL - 1;
	if ((int32_t)(when - w->wheel_now) <= 0)
		when = w->wheel_now + 1;
	slot = when % NAT_WHEEL;
	s->slot = (uint16_t)slot;
	s->prev = NAT_NONE;
	s->next = w->wheel[slot];
	if (s->next != NAT_NONE)
		w->s[s->next].prev = idx;
	w->wheel[slot] = idx;
}

static uint32_t
deadline(const struct nat_dp *dp, const struct nat_session *s)
{
	return __atomic_load_n(&s->last_s, __ATOMIC_RELAXED) +
	       dp->timeout[NAT_TIMEOUT_OF(__atomic_load_n(&s->state, __ATOMIC_RELAXED))];
}

void
nat_wheel_set(struct nat_worker *w, const struct nat_dp *dp, uint32_t idx)
{
	wheel_unlink(w, idx);
	wheel_link(w, idx, deadline(dp, &w->s[idx]));
}

/* ---- Sessions ---------------------------------------------------------------------------- */

/* Is @p k a key of @p w's table or another worker's. */
static bool
key_used(const struct nat_worker *w, const struct nat_key *k)
{
	if (rte_hash_lookup(w->h, k) >= 0)
		return true;
	for (unsigned int i = 0; i < vsw_nat.n_workers; i++)
		if (vsw_nat.w[i] != w && rte_hash_lookup(vsw_nat.w[i]->h, k) >= 0)
			return true;
	return false;
}

enum nat_err
nat_create(struct nat_worker *w, const struct nat_dp *dp, const struct nat_key *in,
	   const struct nat_xlat *x, uint8_t state, uint32_t now, struct nat_session **sp)
{
	struct nat_key hk, ek, pk, out;
	struct nat_session *s;
	uint64_t hv = 0, ev = 0;
	bool fixed = x->port != 0 || (x->flags & NAT_F_DNAT), mapped = false;
	bool eim = in->proto == IPPROTO_UDP && !fixed;
	uint32_t idx;

	if (w->n_free == 0) {
		w->st.limit++;
		return NAT_E_LIMIT;
	}
	host_key(&hk, in->vrf, in->src);
	if (counted_get(w, &hk, &hv) == 0 && (uint32_t)hv >= dp->max_per_host) {
		w->st.host_limit++;
		return NAT_E_HOST_LIMIT;
	}
	out_key_of(in, x->addr, x->port, x->vrf, x->flags, &out);
	if (fixed) {
		/* A rule's port, kept: its session may be made by any worker, so the other
		 * tables are looked at too (not locked: two workers making one flow's
		 * session in the same instant are not caught). A DNAT session's inside key
		 * is made up here, so it may be in use as well. */
		mapped = !key_used(w, &out) && (!(x->flags & NAT_F_DNAT) || !key_used(w, in));
		if (!mapped && (x->flags & NAT_F_DNAT)) {
			w->st.no_port++;
			return NAT_E_NO_PORT;
		}
	} else if (eim) {
		eim_key(&ek, in);
		if (counted_get(w, &ek, &ev) == 0) {
			/* The endpoint's mapping: the same outside address and port to every
			 * remote (RFC 4787 REQ-1). */
			out.dst = (uint32_t)(ev >> 32);
			out.dport = (uint16_t)(ev >> 16);
			mapped = rte_hash_lookup(w->h, &out) < 0;
		}
	}
	/* A floating IP's port taken: another, as Linux's SNAT does. */
	if (!mapped && port_choose(w, dp, in, x, &out) < 0) {
		w->st.no_port++;
		return NAT_E_NO_PORT;
	}
	idx = w->free[--w->n_free];
	w->used++;
	s = &w->s[idx];
	memset(s, 0, sizeof(*s));
	s->in = *in;
	s->out_addr = out.dst;
	s->out_port = x->flags & NAT_F_DNAT && in->proto == IPPROTO_ICMP ? out.sport : out.dport;
	s->out_vrf = x->vrf;
	s->flags = x->flags;
	s->last_s = now;
	s->pos_in = rte_hash_add_key_data(w->h, in, (void *)(uintptr_t)(idx << 1));
	s->pos_out = rte_hash_add_key_data(w->h, &out, (void *)(uintptr_t)(idx << 1 | 1));
	if (s->pos_in < 0 || s->pos_out < 0) {
		/* The hash is sized for every key of a full table: not expected. */
		if (s->pos_in >= 0)
			pending_add(w, rte_hash_del_key(w->h, in), -1, NAT_NONE);
		if (s->pos_out >= 0)
			pending_add(w, rte_hash_del_key(w->h, &out), -1, NAT_NONE);
		w->free[w->n_free++] = idx;
		w->used--;
		w->st.limit++;
		return NAT_E_LIMIT;
	}
	counted_put(w, &hk, hv + 1);
	if (eim) {
		if (!mapped) {
			ev = (uint64_t)out.dst << 32 | (uint64_t)out.dport << 16;
			port_key(&pk, x->vrf, out.proto, out.dst, out.dport);
			counted_put(w, &pk, 1);
		}
		if ((ev & 0xffff) < 0xffff) {
			counted_put(w, &ek, ev + 1);
			s->flags |= NAT_F_EIM;
		}
	}
	__atomic_store_n(&s->state, state, __ATOMIC_RELEASE);
	s->prev = s->next = NAT_NONE;
	wheel_link(w, idx, deadline(dp, s));
	w->st.created++;
	*sp = s;
	return NAT_E_OK;
}

void
nat_delete(struct nat_worker *w, uint32_t idx)
{
	struct nat_session *s = &w->s[idx];
	struct nat_key k, pk;
	int32_t pin, pout;

	wheel_unlink(w, idx);
	nat_out_key(s, &k);
	pin = rte_hash_del_key(w->h, &s->in);
	pout = rte_hash_del_key(w->h, &k);
	host_key(&pk, s->in.vrf, s->in.src);
	counted_drop(w, &pk, false);
	if (s->flags & NAT_F_EIM) {
		eim_key(&pk, &s->in);
		if (counted_drop(w, &pk, true)) {
			port_key(&pk, s->out_vrf, s->in.proto, s->out_addr, s->out_port);
			pending_add(w, rte_hash_del_key(w->h, &pk), -1, NAT_NONE);
		}
	}
	__atomic_store_n(&s->state, NAT_S_FREE, __ATOMIC_RELEASE);
	pending_add(w, pin, pout, idx);
}

/* ---- Housekeeping (the owner, every walk) ------------------------------------------------ */

/* Sessions whose state another worker changed: to the slot of their new deadline. */
static void
reclass(struct nat_worker *w, const struct nat_dp *dp)
{
	void *objs[32];
	unsigned int n, i;

	n = rte_ring_sc_dequeue_burst(w->reclass, objs, RTE_DIM(objs), NULL);
	for (i = 0; i < n; i++) {
		uint32_t idx = (uint32_t)(uintptr_t)objs[i];

		if (w->s[idx].state != NAT_S_FREE)
			nat_wheel_set(w, dp, idx);
	}
}

/* A flush: every session of the table, a slice per call. */
static void
flush_some(struct nat_worker *w)
{
	unsigned int budget = NAT_EXPIRE_BUDGET * 4;

	for (uint32_t slot = 0; slot < NAT_WHEEL && budget > 0; slot++)
		while (w->wheel[slot] != NAT_NONE && budget > 0) {
			nat_delete(w, w->wheel[slot]);
			w->st.flushed++;
			budget--;
		}
	if (budget > 0)
		w->flush_gen = __atomic_load_n(&vsw_nat.flush_gen, __ATOMIC_ACQUIRE);
}

void
nat_housekeeping(struct nat_worker *w, const struct nat_dp *dp, uint32_t now)
{
	unsigned int budget = NAT_EXPIRE_BUDGET;

	pending_reclaim(w);
	if (unlikely(w->flush_gen != __atomic_load_n(&vsw_nat.flush_gen, __ATOMIC_ACQUIRE))) {
		flush_some(w);
		return;
	}
	reclass(w, dp);
	/* The wheel: each second's slot once that second has passed. */
	while ((int32_t)(now - w->wheel_now) > 0 && budget > 0) {
		uint32_t slot = w->wheel_now % NAT_WHEEL, idx;

		while ((idx = w->wheel[slot]) != NAT_NONE && budget > 0) {
			uint32_t d = deadline(dp, &w->s[idx]);

			budget--;
			if ((int32_t)(d - now) <= 0) {
				nat_delete(w, idx);
				w->st.expired++;
			} else {
				wheel_unlink(w, idx);
				wheel_link(w, idx, d);
			}
		}
		if (w->wheel[slot] == NAT_NONE)
			w->wheel_now++;
	}
}
