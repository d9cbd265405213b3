/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FDB: table, limits, aging, flush. Every function but the accessors is for the single
 * writer.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "l2/fdb.h"

struct fdb_count {
	uint32_t learned;
	uint32_t statics;
	uint32_t limit; /* 0: none */
	uint32_t aging; /* By bridge: seconds, 0 = never */
};

/*
 * seen[] of a slot that holds no entry. Aging skips a slot whose last-seen second is not
 * old enough without touching the hash, so free slots must never look old.
 */
#define SEEN_NONE UINT32_MAX

struct vsw_fdb {
	struct rte_hash *hash;
	uint32_t *seen;            /* Last-seen second, by slot; workers refresh it. */
	uint32_t n_slots;          /* Size of seen[]. */
	uint32_t n_keys;           /* Key positions rte_hash hands out: 0 .. n_keys - 1. */
	bool rcu;                  /* Slots are reclaimed through QSBR (else freed at once). */
	unsigned int n_bridges;
	unsigned int n_ports;
	struct fdb_count *bridges; /* By bridge. */
	struct fdb_count *ports;   /* By port: learned entries only. */
	uint32_t entries;
	uint32_t age_cursor;       /* Next slot aging examines. */
	uint32_t min_aging;        /* Smallest non-zero aging of any bridge; 0: none ages. */
	bool min_aging_stale;
	struct vsw_fdb_stats stats;
};

/* rte_hash's hash function: the one the data path computes inline (vsw_fdb_key_hash()). */
static uint32_t
fdb_key_hash(const void *key, uint32_t key_len __rte_unused, uint32_t init_val __rte_unused)
{
	uint64_t k;

	memcpy(&k, key, sizeof(k));
	return vsw_fdb_key_hash(k);
}

/* rte_hash compares keys whose length is not a multiple of 16 with memcmp(); a key is one
 * 64-bit word. */
static int
fdb_key_cmp(const void *a, const void *b, size_t key_len __rte_unused)
{
	uint64_t x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return x != y;
}

static uint64_t
fdb_data(uint16_t port, uint8_t flags, uint32_t slot)
{
	if (port >= VSW_FDB_REMOTE_BASE)
		flags |= VSW_FDB_F_REMOTE;
	return (uint64_t)port | (uint64_t)flags << 16 | VSW_FDB_VALID | (uint64_t)slot << 32;
}

struct vsw_fdb *
vsw_fdb_create(const char *name, uint32_t size, unsigned int n_bridges, unsigned int n_ports,
	       struct rte_rcu_qsbr *rcu, int socket_id)
{
	struct rte_hash_parameters hp;
	struct vsw_fdb *fdb;
	int32_t max_id;

	if (size < 8 || n_bridges == 0 || n_bridges > UINT16_MAX || n_ports == 0 ||
	    n_ports > UINT16_MAX) {
		rte_errno = EINVAL;
		return NULL;
	}
	fdb = rte_zmalloc_socket("vsw_fdb", sizeof(*fdb), RTE_CACHE_LINE_SIZE, socket_id);
	if (fdb == NULL)
		goto nomem;
	fdb->n_bridges = n_bridges;
	fdb->n_ports = n_ports;
	fdb->bridges = rte_zmalloc_socket("vsw_fdb_br", n_bridges * sizeof(*fdb->bridges), 0,
					  socket_id);
	fdb->ports = rte_zmalloc_socket("vsw_fdb_port", n_ports * sizeof(*fdb->ports), 0,
					socket_id);
	if (fdb->bridges == NULL || fdb->ports == NULL)
		goto nomem;

	memset(&hp, 0, sizeof(hp));
	hp.name = name;
	hp.entries = size;
	hp.key_len = sizeof(struct vsw_fdb_key);
	hp.hash_func = fdb_key_hash;
	hp.socket_id = socket_id;
	/* Readers never lock; one writer at a time (serialised by the caller). */
	hp.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF;
	fdb->hash = rte_hash_create(&hp);
	if (fdb->hash == NULL)
		goto fail;
	rte_hash_set_cmp_func(fdb->hash, fdb_key_cmp);
	if (rcu != NULL) {
		struct rte_hash_rcu_config rc;

		memset(&rc, 0, sizeof(rc));
		rc.v = rcu;
		rc.mode = RTE_HASH_QSBR_MODE_DQ;
		if (rte_hash_rcu_qsbr_add(fdb->hash, &rc) != 0)
			goto fail;
		fdb->rcu = true;
	}
	max_id = rte_hash_max_key_id(fdb->hash);
	if (max_id < 0)
		goto fail;
	/* rte_hash gives keys positions 0 .. max_id - 1 (its key store has max_id + 1 entries,
	 * the first a dummy); one spare seen[] entry costs nothing. */
	fdb->n_keys = (uint32_t)max_id;
	fdb->n_slots = (uint32_t)max_id + 1;
	fdb->seen = rte_zmalloc_socket("vsw_fdb_seen", fdb->n_slots * sizeof(*fdb->seen),
				       RTE_CACHE_LINE_SIZE, socket_id);
	if (fdb->seen == NULL)
		goto nomem;
	memset(fdb->seen, 0xff, fdb->n_slots * sizeof(*fdb->seen)); /* SEEN_NONE */
	return fdb;
nomem:
	rte_errno = ENOMEM;
fail:
	vsw_fdb_free(fdb);
	return NULL;
}

void
vsw_fdb_free(struct vsw_fdb *fdb)
{
	if (fdb == NULL)
		return;
	rte_hash_free(fdb->hash);
	rte_free(fdb->seen);
	rte_free(fdb->bridges);
	rte_free(fdb->ports);
	rte_free(fdb);
}

void
vsw_fdb_set_bridge_limit(struct vsw_fdb *fdb, uint16_t bridge, uint32_t limit)
{
	if (bridge < fdb->n_bridges)
		fdb->bridges[bridge].limit = limit;
}

void
vsw_fdb_set_aging(struct vsw_fdb *fdb, uint16_t bridge, uint32_t aging_s)
{
	if (bridge < fdb->n_bridges) {
		fdb->bridges[bridge].aging = aging_s;
		fdb->min_aging_stale = true;
	}
}

void
vsw_fdb_set_port_limit(struct vsw_fdb *fdb, uint16_t port, uint32_t limit)
{
	if (port < fdb->n_ports)
		fdb->ports[port].limit = limit;
}

static void
key_make(struct vsw_fdb_key *k, uint16_t bridge, const struct rte_ether_addr *mac)
{
	memset(k, 0, sizeof(*k));
	k->bridge = bridge;
	rte_ether_addr_copy(mac, &k->mac);
}

/* Insert a new key; its data is published last, so a reader never sees a half-made entry. */
static int
insert(struct vsw_fdb *fdb, const struct vsw_fdb_key *k, uint16_t port, uint8_t flags,
       uint32_t now)
{
	int32_t slot = rte_hash_add_key(fdb->hash, k);

	if (slot < 0)
		return -ENOSPC;
	fdb->seen[slot] = now;
	rte_hash_add_key_data(fdb->hash, k, (void *)(uintptr_t)fdb_data(port, flags, slot));
	fdb->entries++;
	return 0;
}

static void
remove_slot(struct vsw_fdb *fdb, const struct vsw_fdb_key *k)
{
	int32_t slot = rte_hash_del_key(fdb->hash, k);

	if (slot >= 0)
		fdb->seen[slot] = SEEN_NONE;
	/* With RCU the slot is reclaimed after a grace period; without, free it now. */
	if (slot >= 0 && !fdb->rcu)
		rte_hash_free_key_with_position(fdb->hash, slot);
	fdb->entries--;
}

int
vsw_fdb_learn(struct vsw_fdb *fdb, uint16_t bridge, const struct rte_ether_addr *mac,
	      uint16_t port, uint32_t now)
{
	struct fdb_count *b, *p, *old;
	struct vsw_fdb_key k;
	void *data;
	uint64_t d;

	if (bridge >= fdb->n_bridges || port >= fdb->n_ports)
		return -EINVAL;
	b = &fdb->bridges[bridge];
	p = &fdb->ports[port];
	key_make(&k, bridge, mac);
	if (rte_hash_lookup_data(fdb->hash, &k, &data) >= 0) {
		d = (uintptr_t)data;
		if (vsw_fdb_data_flags(d) & VSW_FDB_F_STATIC) {
			if (vsw_fdb_data_port(d) != port)
				fdb->stats.static_move++;
			return 0;
		}
		if (vsw_fdb_data_port(d) == port) {
			fdb->seen[vsw_fdb_data_slot(d)] = now;
			return 0;
		}
		/*
		 * A move: the new port must have room, the bridge count is unchanged. A refused
		 * move leaves the entry's last-seen time alone: the frame came from the new port,
		 * so it says nothing of the old one, and refreshing would keep the stale entry
		 * (and the black hole it makes) alive for as long as the host talks. Let it age
		 * out; the MAC is then unknown (flooded) until its new port has room.
		 */
		if (p->limit != 0 && p->learned >= p->limit) {
			fdb->stats.limit_port++;
			return -ENOSPC;
		}
		fdb->seen[vsw_fdb_data_slot(d)] = now;
		old = &fdb->ports[vsw_fdb_data_port(d)];
		old->learned--;
		p->learned++;
		rte_hash_add_key_data(fdb->hash, &k,
				      (void *)(uintptr_t)fdb_data(port, 0, vsw_fdb_data_slot(d)));
		fdb->stats.moved++;
		return 0;
	}
	if (b->limit != 0 && b->learned >= b->limit) {
		fdb->stats.limit_bridge++;
		return -ENOSPC;
	}
	if (p->limit != 0 && p->learned >= p->limit) {
		fdb->stats.limit_port++;
		return -ENOSPC;
	}
	if (insert(fdb, &k, port, 0, now) != 0) {
		fdb->stats.full++;
		return -ENOSPC;
	}
	b->learned++;
	p->learned++;
	fdb->stats.learned++;
	return 0;
}

int
vsw_fdb_add_static(struct vsw_fdb *fdb, uint16_t bridge, const struct rte_ether_addr *mac,
		   uint16_t port)
{
	struct vsw_fdb_key k;
	void *data;
	uint64_t d;

	if (bridge >= fdb->n_bridges || port >= fdb->n_ports)
		return -EINVAL;
	key_make(&k, bridge, mac);
	if (rte_hash_lookup_data(fdb->hash, &k, &data) >= 0) {
		d = (uintptr_t)data;
		if (!(vsw_fdb_data_flags(d) & VSW_FDB_F_STATIC)) {
			fdb->bridges[bridge].learned--;
			fdb->ports[vsw_fdb_data_port(d)].learned--;
			fdb->bridges[bridge].statics++;
		}
		rte_hash_add_key_data(
			fdb->hash, &k,
			(void *)(uintptr_t)fdb_data(port, VSW_FDB_F_STATIC, vsw_fdb_data_slot(d)));
		return 0;
	}
	if (insert(fdb, &k, port, VSW_FDB_F_STATIC, 0) != 0)
		return -ENOSPC;
	fdb->bridges[bridge].statics++;
	return 0;
}

/* Remove the entries matching a predicate: learned ones, and static ones too if
 * @p statics. */
static unsigned int
remove_if(struct vsw_fdb *fdb, bool (*pred)(const struct vsw_fdb *fdb,
					    const struct vsw_fdb_key *k, uint64_t d,
					    const void *arg),
	  const void *arg, bool statics)
{
	const struct vsw_fdb_key *key;
	struct vsw_fdb_key k;
	unsigned int removed = 0;
	uint32_t next = 0;
	void *data;

	while (rte_hash_iterate(fdb->hash, (const void **)&key, &data, &next) >= 0) {
		uint64_t d = (uintptr_t)data;
		bool is_static = vsw_fdb_data_flags(d) & VSW_FDB_F_STATIC;

		if (!(d & VSW_FDB_VALID) || (is_static && !statics) || !pred(fdb, key, d, arg))
			continue;
		k = *key;
		if (is_static) {
			fdb->bridges[k.bridge].statics--;
		} else {
			fdb->bridges[k.bridge].learned--;
			fdb->ports[vsw_fdb_data_port(d)].learned--;
		}
		remove_slot(fdb, &k);
		removed++;
	}
	return removed;
}

/*
 * Times are whole seconds: an entry stamped `seen` was last seen at seen + 0.99 at the
 * latest, so it has surely been idle `aging` seconds only once now - seen > aging. (A worker
 * may also have stamped a second the caller's clock has not reached yet; a free slot is
 * SEEN_NONE, never old.)
 */
static inline bool
idle_longer(uint32_t seen, uint32_t now, uint32_t aging)
{
	return aging != 0 && now > seen && now - seen > aging;
}

static uint32_t
min_aging(struct vsw_fdb *fdb)
{
	unsigned int b;

	if (fdb->min_aging_stale) {
		fdb->min_aging = 0;
		for (b = 0; b < fdb->n_bridges; b++) {
			uint32_t a = fdb->bridges[b].aging;

			if (a != 0 && (fdb->min_aging == 0 || a < fdb->min_aging))
				fdb->min_aging = a;
		}
		fdb->min_aging_stale = false;
	}
	return fdb->min_aging;
}

/* Remove the entry in @p slot if it is learned and idle longer than its bridge's aging. */
static unsigned int
age_slot(struct vsw_fdb *fdb, uint32_t slot, uint32_t now)
{
	struct vsw_fdb_key k;
	void *key, *data;
	uint64_t d;

	if (rte_hash_get_key_with_position(fdb->hash, (int32_t)slot, &key) != 0)
		return 0; /* free, or deleted and waiting for its grace period */
	memcpy(&k, key, sizeof(k));
	if (rte_hash_lookup_data(fdb->hash, &k, &data) < 0)
		return 0;
	d = (uintptr_t)data;
	if (!(d & VSW_FDB_VALID) || (vsw_fdb_data_flags(d) & VSW_FDB_F_STATIC) ||
	    vsw_fdb_data_slot(d) != slot ||
	    !idle_longer(fdb->seen[slot], now, fdb->bridges[k.bridge].aging))
		return 0;
	fdb->bridges[k.bridge].learned--;
	fdb->ports[vsw_fdb_data_port(d)].learned--;
	remove_slot(fdb, &k);
	return 1;
}

/*
 * Aging walks the slots, not the hash: the last-seen array is indexed by slot, so a slot
 * whose entry is fresh, or that holds none, costs one read of that array and no hash
 * access. Only a slot that looks old for the shortest aging of any bridge is looked up.
 * That makes a slice's cost proportional to its number of slots, whatever they hold.
 */
unsigned int
vsw_fdb_age(struct vsw_fdb *fdb, uint32_t now, uint32_t max_slots)
{
	uint32_t n = RTE_MIN(max_slots, fdb->n_keys), slot = fdb->age_cursor, i;
	uint32_t floor = min_aging(fdb);
	unsigned int removed = 0;

	if (floor == 0)
		return 0; /* No bridge ages. */
	for (i = 0; i < n; i++) {
		if (idle_longer(fdb->seen[slot], now, floor))
			removed += age_slot(fdb, slot, now);
		if (++slot == fdb->n_keys)
			slot = 0;
	}
	fdb->age_cursor = slot;
	fdb->stats.aged += removed;
	return removed;
}

uint32_t
vsw_fdb_slots(const struct vsw_fdb *fdb)
{
	return fdb->n_keys;
}

struct flush_arg {
	uint16_t bridge;
	uint16_t port;
};

static bool
matches(const struct vsw_fdb *fdb, const struct vsw_fdb_key *k, uint64_t d, const void *arg)
{
	const struct flush_arg *f = arg;

	RTE_SET_USED(fdb);
	return (f->bridge == UINT16_MAX || f->bridge == k->bridge) &&
	       (f->port == UINT16_MAX || f->port == vsw_fdb_data_port(d));
}

unsigned int
vsw_fdb_flush(struct vsw_fdb *fdb, uint16_t bridge, uint16_t port)
{
	struct flush_arg f = {bridge, port};
	unsigned int n = remove_if(fdb, matches, &f, false);

	fdb->stats.flushed += n;
	return n;
}

struct purge_arg {
	bool (*fn)(const struct vsw_fdb_key *key, uint16_t port, void *arg);
	void *arg;
};

static bool
purge_matches(const struct vsw_fdb *fdb, const struct vsw_fdb_key *k, uint64_t d,
	      const void *arg)
{
	const struct purge_arg *p = arg;

	RTE_SET_USED(fdb);
	return p->fn(k, vsw_fdb_data_port(d), p->arg);
}

unsigned int
vsw_fdb_purge(struct vsw_fdb *fdb, bool (*fn)(const struct vsw_fdb_key *key, uint16_t port,
					      void *arg),
	      void *arg)
{
	struct purge_arg p = {fn, arg};
	unsigned int n = remove_if(fdb, purge_matches, &p, true);

	fdb->stats.flushed += n;
	return n;
}

int
vsw_fdb_del_static(struct vsw_fdb *fdb, uint16_t bridge, const struct rte_ether_addr *mac)
{
	struct vsw_fdb_key k;
	void *data;

	if (bridge >= fdb->n_bridges)
		return -EINVAL;
	key_make(&k, bridge, mac);
	if (rte_hash_lookup_data(fdb->hash, &k, &data) < 0 ||
	    !(vsw_fdb_data_flags((uintptr_t)data) & VSW_FDB_F_STATIC))
		return -ENOENT;
	fdb->bridges[bridge].statics--;
	remove_slot(fdb, &k);
	return 0;
}

void
vsw_fdb_count(const struct vsw_fdb *fdb, uint16_t bridge, uint32_t *learned, uint32_t *statics)
{
	*learned = bridge < fdb->n_bridges ? fdb->bridges[bridge].learned : 0;
	*statics = bridge < fdb->n_bridges ? fdb->bridges[bridge].statics : 0;
}

uint32_t
vsw_fdb_size(const struct vsw_fdb *fdb)
{
	return fdb->entries;
}

void
vsw_fdb_stats(const struct vsw_fdb *fdb, struct vsw_fdb_stats *st)
{
	*st = fdb->stats;
}

void
vsw_fdb_walk(const struct vsw_fdb *fdb, uint16_t bridge, uint32_t *cursor,
	     int (*fn)(const struct vsw_fdb_key *key, uint16_t port, uint8_t flags,
		       uint32_t last_seen, void *arg),
	     void *arg)
{
	const struct vsw_fdb_key *key;
	uint32_t next = cursor != NULL ? *cursor : 0;
	void *data;

	while (rte_hash_iterate(fdb->hash, (const void **)&key, &data, &next) >= 0) {
		uint64_t d = (uintptr_t)data;

		if (!(d & VSW_FDB_VALID) || (bridge != UINT16_MAX && key->bridge != bridge))
			continue;
		if (fn(key, vsw_fdb_data_port(d), vsw_fdb_data_flags(d),
		       fdb->seen[vsw_fdb_data_slot(d)], arg) != 0) {
			if (cursor != NULL)
				*cursor = next;
			return;
		}
	}
	if (cursor != NULL)
		*cursor = 0;
}

struct rte_hash *
vsw_fdb_hash(const struct vsw_fdb *fdb)
{
	return fdb->hash;
}

uint32_t *
vsw_fdb_seen(const struct vsw_fdb *fdb)
{
	return fdb->seen;
}
