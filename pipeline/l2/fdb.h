/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The forwarding database: {bridge, MAC} -> port, for every bridge.
 *
 * An rte_hash with lock-free readers (RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF): workers look
 * it up without locks; exactly one thread at a time writes it (the caller serialises
 * writers: vswd's control thread and telemetry take the L2 lock). Deleted slots are
 * reclaimed through the pipeline's QSBR variable, so a worker never reads a reused slot.
 *
 * An entry's data is one 64-bit word, published atomically with the key: the port, the
 * flags and the key's slot in the hash. The slot indexes a parallel array of last-seen
 * times that workers refresh directly (at most once a second per entry); everything else
 * about an entry is written by the writer only.
 */
#ifndef VSW_FDB_H
#define VSW_FDB_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_rcu_qsbr.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vsw_fdb_key {
	uint16_t bridge;
	struct rte_ether_addr mac;
} __rte_aligned(8);
static_assert(sizeof(struct vsw_fdb_key) == 8, "FDB key is 8 bytes");

/**
 * The hash the FDB's rte_hash gives a key (its hash function is this one), for
 * rte_hash_lookup_with_hash_bulk_data(): one inline CRC32 instruction, where a lookup
 * without hashes calls the hash function through a pointer for every key.
 *
 * @param key  A struct vsw_fdb_key read as a 64-bit word (memcpy()).
 */
static inline hash_sig_t
vsw_fdb_key_hash(uint64_t key)
{
	return rte_hash_crc_8byte(key, 0);
}

#define VSW_FDB_F_STATIC 0x1 /**< From the config: never aged, never moved, never flushed. */
/**
 * The MAC is behind a remote VTEP, not behind a local interface: the entry's 16-bit "port"
 * is then VSW_FDB_REMOTE_BASE + the VTEP's index in the VXLAN feature's table of remotes
 * (which says which tunnel interface and underlay address reach it), so one entry still
 * fits one word and a remote is a "port" of its own for limits, moves and flushes. The FDB
 * sets the flag itself for every port from VSW_FDB_REMOTE_BASE on; readers that do not know
 * remotes must not use such an entry's port as an interface id.
 */
#define VSW_FDB_F_REMOTE 0x2

/** The first FDB port of a remote VTEP: the interface ids (VSW_MAX_IFACES) come before. */
#define VSW_FDB_REMOTE_BASE 256
/** Remote VTEPs the FDB can name: ports VSW_FDB_REMOTE_BASE .. + this - 1. */
#define VSW_FDB_MAX_REMOTES 1024

/*
 * Data word: port (an interface id, or a remote VTEP's index with VSW_FDB_F_REMOTE) in bits
 * 0-15, flags in 16-23, VSW_FDB_VALID, slot in 32-63. A key whose
 * data is not yet published reads as 0: readers treat data without VSW_FDB_VALID as a miss.
 */
#define VSW_FDB_VALID (1ull << 24)

/** Decoded entry data. */
static inline uint16_t
vsw_fdb_data_port(uint64_t d)
{
	return (uint16_t)d;
}
static inline uint8_t
vsw_fdb_data_flags(uint64_t d)
{
	return (uint8_t)(d >> 16);
}
/** Whether the entry is behind a remote VTEP (then vsw_fdb_data_port() is its index). */
static inline bool
vsw_fdb_data_is_remote(uint64_t d)
{
	return vsw_fdb_data_flags(d) & VSW_FDB_F_REMOTE;
}
static inline uint32_t
vsw_fdb_data_slot(uint64_t d)
{
	return (uint32_t)(d >> 32);
}

struct vsw_fdb;

/** FDB counters, since creation. */
struct vsw_fdb_stats {
	uint64_t learned;        /**< New entries from learning. */
	uint64_t moved;          /**< Entries whose port changed. */
	uint64_t aged;           /**< Entries removed by aging. */
	uint64_t flushed;        /**< Entries removed by a flush. */
	uint64_t limit_bridge;   /**< Learning refused: bridge at its MAC limit. */
	uint64_t limit_port;     /**< Learning refused: port at its MAC limit. */
	uint64_t full;           /**< Learning refused: the table is full. */
	uint64_t static_move;    /**< Frames from a static MAC on another port (not moved). */
};

/**
 * Create an FDB for @p size entries over @p n_bridges bridges and @p n_ports ports.
 *
 * @param rcu  QSBR variable of the readers (workers); may be NULL when no reader runs
 *             concurrently (unit tests).
 * @return the FDB, or NULL with rte_errno set (ENOMEM, EINVAL).
 */
struct vsw_fdb *vsw_fdb_create(const char *name, uint32_t size, unsigned int n_bridges,
			       unsigned int n_ports, struct rte_rcu_qsbr *rcu, int socket_id);

void vsw_fdb_free(struct vsw_fdb *fdb);

/** Per-bridge and per-port learned-MAC limits (0 = none). Writer. */
void vsw_fdb_set_bridge_limit(struct vsw_fdb *fdb, uint16_t bridge, uint32_t limit);
void vsw_fdb_set_port_limit(struct vsw_fdb *fdb, uint16_t port, uint32_t limit);

/**
 * Learn that @p mac is behind @p port in @p bridge at time @p now (seconds).
 *
 * @return 0 (added, moved or refreshed; static entries are left as they are), -ENOSPC
 *         when a limit or the table refuses it (counted). A refused move leaves the entry
 *         as it was, last-seen time included, so that it ages out. Writer.
 */
int vsw_fdb_learn(struct vsw_fdb *fdb, uint16_t bridge, const struct rte_ether_addr *mac,
		  uint16_t port, uint32_t now);

/** Add or replace a static entry. @return 0, -ENOSPC. Writer. */
int vsw_fdb_add_static(struct vsw_fdb *fdb, uint16_t bridge, const struct rte_ether_addr *mac,
		       uint16_t port);

/** Remove the static entry of @p mac in @p bridge. @return 0, -ENOENT (none, or not
 *  static). Writer. */
int vsw_fdb_del_static(struct vsw_fdb *fdb, uint16_t bridge, const struct rte_ether_addr *mac);

/** Seconds a learned entry of @p bridge lives without being seen (0 = never aged). Writer. */
void vsw_fdb_set_aging(struct vsw_fdb *fdb, uint16_t bridge, uint32_t aging_s);

/**
 * Age one slice of the table: examine the next @p max_slots slots (at most the whole table)
 * from where the previous call stopped, wrapping around, and remove the learned entries
 * among them idle at least their bridge's aging at @p now: last seen (a whole second) more
 * than aging before it. The work of a call is bounded by @p max_slots: a slot whose entry
 * is fresh, or that holds none, costs one array read; only an old-looking one is looked up.
 *
 * Called every T with a slice of S slots, the cursor passes every slot once per
 * P = vsw_fdb_slots() / S calls, so an entry lives at least aging and less than
 * aging + 1 s + P * T after its last frame. max_slots = UINT32_MAX: one whole pass.
 *
 * @return entries removed. Writer.
 */
unsigned int vsw_fdb_age(struct vsw_fdb *fdb, uint32_t now, uint32_t max_slots);

/** Slots in the table (what one aging pass examines). */
uint32_t vsw_fdb_slots(const struct vsw_fdb *fdb);

/** Remove the learned entries of @p bridge (UINT16_MAX: any) on @p port (UINT16_MAX: any).
 *  @return entries removed. Writer. */
unsigned int vsw_fdb_flush(struct vsw_fdb *fdb, uint16_t bridge, uint16_t port);

/**
 * Remove every entry, learned or static, for which @p fn returns true: one pass over the
 * table however many bridges and ports the predicate names (a reload removing a thousand
 * bridges walks it once). Counted as flushed. @return entries removed. Writer.
 */
unsigned int vsw_fdb_purge(struct vsw_fdb *fdb,
			   bool (*fn)(const struct vsw_fdb_key *key, uint16_t port, void *arg),
			   void *arg);

/** Number of entries of @p bridge: learned and static. Writer or under the writer's lock. */
void vsw_fdb_count(const struct vsw_fdb *fdb, uint16_t bridge, uint32_t *learned,
		   uint32_t *statics);

/** Entries in the whole table. */
uint32_t vsw_fdb_size(const struct vsw_fdb *fdb);

void vsw_fdb_stats(const struct vsw_fdb *fdb, struct vsw_fdb_stats *st);

/**
 * Walk the entries of @p bridge (UINT16_MAX: all). @p fn returns non-zero to stop.
 *
 * @param cursor  Where to start (0: the beginning); on return, where to go on from (0 when
 *                the walk reached the end). NULL: walk everything.
 * Writer or under the writer's lock.
 */
void vsw_fdb_walk(const struct vsw_fdb *fdb, uint16_t bridge, uint32_t *cursor,
		  int (*fn)(const struct vsw_fdb_key *key, uint16_t port, uint8_t flags,
			    uint32_t last_seen, void *arg),
		  void *arg);

/** The hash and the last-seen array, for the data path (lookups: vsw_fdb_key_hash()). */
struct rte_hash *vsw_fdb_hash(const struct vsw_fdb *fdb);
uint32_t *vsw_fdb_seen(const struct vsw_fdb *fdb);

#ifdef __cplusplus
}
#endif

#endif /* VSW_FDB_H */
