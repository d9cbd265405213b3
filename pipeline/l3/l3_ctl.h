/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's control state (l3.c, l3_apply.c): written by the control thread only.
 */
#ifndef VSW_L3_CTL_H
#define VSW_L3_CTL_H

#include <pthread.h>
#include <stddef.h>

#include <rte_hash.h>
#include <rte_rcu_qsbr.h>

#include "l3/l3_priv.h"

#ifdef __cplusplus
extern "C" {
#endif

#define L3_MAX_ROUTES (1u << 17) /* installed routes, all VRFs: at least this many */

/* The shared next hops. */
enum { L3_NH_NONE, L3_NH_LOCAL, L3_NH_BLACKHOLE, L3_NH_UNREACHABLE, L3_NH_PROHIBIT, L3_NH_FIXED };

/* What installed a route (the top byte of its hash data, under the next hop id). */
enum { L3_RT_LOCAL = 1, L3_RT_CONNECTED, L3_RT_STATIC, L3_RT_NEIGH, L3_RT_API };

struct l3_neigh_key {
	uint32_t ip; /* network order */
	uint8_t vrf; /* slot */
	uint8_t pad[3];
};

struct l3_route_key {
	uint32_t prefix; /* host order */
	uint8_t len;
	uint8_t vrf; /* slot */
	uint8_t pad[2];
};

/* Keys are 8-byte aligned: rte_hash_crc() reads them 8 bytes at a time (UBSan). */
struct l3_route6_key {
	uint8_t prefix[16];
	uint8_t len;
	uint8_t vrf; /* slot */
	uint8_t pad[6];
} __rte_aligned(8);

struct l3_neigh6_key {
	uint8_t ip[16];
	uint8_t vrf; /* slot */
	uint8_t pad[7];
} __rte_aligned(8);

/* Room for either family's route key. */
#define L3_KEY_MAX 24

/* A change made to a VRF's unread FIB copy, to play on the other after the swap. */
struct l3_change {
	/* The family's route key, 8-byte aligned as the keys are (rte_hash_crc() reads 8 bytes
	 * at a time; with a 4-byte nh alone every other change was misaligned: UBSan). */
	uint8_t k[L3_KEY_MAX] __rte_aligned(8);
	uint32_t nh;           /* 0: delete */
};

/* A route an apply wants (or the API's), before l3_fam_sync() compares them. */
struct l3_want {
	uint8_t k[L3_KEY_MAX] __rte_aligned(8);
	uint32_t nh;
	uint8_t kind;
};

struct l3_fam;

/*
 * What differs between IPv4 and IPv6 on the control side (l3_fib.c has both): the FIB
 * library's calls, the keys, and which field of struct l3_dp workers read. Everything else
 * — the two FIB copies, the installed and API routes, the changes replayed after a swap,
 * the apply's comparison, neighbour aging and reclamation — is one code for both, so that a
 * third table (NAT, VXLAN) is one more of these, not one more copy.
 */
struct l3_fam_ops {
	const char *name;        /* "fib", "fib6": DPDK object names */
	uint32_t key_len;        /* its route key: struct l3_route_key, l3_route6_key */
	uint32_t vrf_off;        /* offset of the key's vrf (slot) byte */
	uint32_t neigh_key_len;  /* its neighbour key: struct l3_neigh_key, l3_neigh6_key */
	uint32_t neigh_vrf_off;
	void *(*fib_create)(const char *name, uint32_t max_routes);
	void (*fib_free)(void *fib);
	int (*fib_add)(void *fib, const void *k, uint32_t nh);
	int (*fib_del)(void *fib, const void *k);
	/* The copy struct l3_dp names for slot @p s (the workers' one); set it. */
	void *(*dp_fib)(const struct l3_dp *dp, uint8_t s);
	void (*dp_set)(struct l3_dp *dp, uint8_t s, void *fib);
	/* The route key @p rk of neighbour @p nk's own /32 or /128. */
	void (*neigh_route)(const void *nk, void *rk);
	/* Is neighbour @p nk on a subnet of interface @p rif (of its VRF) in @p dp. */
	bool (*neigh_on_rif)(const struct l3_dp *dp, const void *nk, uint16_t rif);
	/* The next hop of API route spec @p spec (hash data of api) in slot @p vrf, or
	 * UINT32_MAX (l3_routes.c, l3_routes6.c). */
	uint32_t (*api_nh)(const struct l3_dp *dp, uint8_t vrf, const void *spec);
};

/* One family's routes: written by the control thread only (l3_fib.c). */
struct l3_fam {
	const struct l3_fam_ops *ops;
	void *fib[L3_MAX_SLOTS][2];   /* the two copies of each table slot's FIB */
	bool leaked[L3_MAX_SLOTS][2]; /* a delete since the copy was made (l3_fib.c: rebuild()) */
	struct rte_hash *routes;      /* installed (vrf, prefix, len) → nh | kind << 24 */
	struct rte_hash *api;         /* API routes: key → its spec, malloc'd */
	struct rte_hash *wanted;      /* the config's winners (no API route): key → as routes */
	struct rte_hash *neigh;       /* (vrf, ip) → next hop id */
	unsigned int wanted_gen;
	unsigned int fib_gen;
	uint64_t rebuilds;            /* standby copies made again (l3_fib.c: rebuild()) */
	struct l3_change *pending;    /* written to the copies workers do not read */
	unsigned int n_pending, cap_pending;
	struct l3_want *want;         /* the apply's (l3_fam_want()) */
	unsigned int n_want, cap_want;
};

/* A policy rule as it runs: its config (vrf and iif as names: the indexes are the config's)
 * and its counter slot (l3_rules.c). */
struct l3_rule {
	struct vsw_rule_conf c;
	char vrf[VSW_NAME_MAX];
	char iif[VSW_NAME_MAX]; /* "" any */
	uint16_t counter;
};

struct l3_ctl {
	pthread_mutex_t lock; /* the control thread against telemetry readers */
	struct rte_rcu_qsbr *rcu;
	uint64_t start_tsc;
	uint32_t neigh_timeout_s;
	uint32_t max_neigh;                /* router.max_neighbours, per family */
	uint32_t last_age_s;
	uint32_t last_sweep_s;
	uint32_t *free_ids;
	uint32_t n_free;
	uint64_t nh_full;                  /* neighbours not made: no free next hop */
	uint64_t neigh_limit;              /* neighbours not learned: max_neighbours reached */
	uint64_t hold_sent, hold_expired, hold_lost; /* held packets: sent, timed out, lost */
	struct rte_hash *group_ids;        /* ECMP group (vrf + sorted members) → next hop id */
	uint32_t n_groups;                 /* group slots ever used (vsw_l3.groups high water) */
	uint32_t *group_free;              /* group slots given back (L3_MAX_GROUPS) */
	uint32_t n_group_free;
	uint32_t *nh_retired;              /* next hops out of every table, waiting for a grace
	                                      period and for their held packets (l3_nh.c) */
	uint32_t n_nh_retired;
	bool nh_dirty;                     /* a route or neighbour went: sweep (l3_nh_sweep()) */
	uint32_t glean[VSW_MAX_IFACES];    /* per interface id: its connected subnets' next hop,
	                                      made once, kept (and re-pointed) with the id */
	uint32_t vrf_nh[L3_MAX_SLOTS];     /* per table slot: the NH_VRF next hop of routes that
	                                      look it up (route leaking), made once, kept */
	char vrf_name[L3_MAX_SLOTS][VSW_NAME_MAX]; /* slot → VRF ("" free); slot 0 "default" */
	uint32_t slot_table[L3_MAX_SLOTS];         /* slot → table (VSW_TABLE_MAIN: the VRF's) */
	unsigned int acl_gen;
	uint32_t max_routes;                  /* routes per VRF (router.max_routes) */
	uint32_t routes_max;                  /* entries of the routes and api hashes */
	struct l3_fam f4, f6;                 /* IPv4's routes and neighbours, IPv6's */
	struct l3_rule rules[VSW_MAX_RULES];  /* running (l3_rules.c) */
	unsigned int n_rules;
	struct l3_rule staged[VSW_MAX_RULES]; /* the apply's, until l3_rules_commit() */
	unsigned int n_staged;
};
extern struct l3_ctl l3c;

/* Router interfaces (l3_rif.c): their registry type, their MAC, their running port. */
extern const struct vsw_iface_ops l3_rif_ops;
const uint8_t *l3_rif_mac(const struct vsw_iface *f);
/* The routed port of @p rc if it runs, else VSW_IFACE_NONE (a bridge's interface too). */
uint16_t l3_rif_port(const struct vsw_rif_conf *rc, const uint16_t *ids);

uint32_t l3_nh_alloc(uint8_t type);
/* Give back the next hops (neighbours, ECMP groups) no installed or wanted route, nor group,
 * points at any more: out of their hashes at once, onto the free list once the workers have
 * passed a grace period and no held packet counts on them (l3_nh.c). Control thread. */
void l3_nh_sweep(void);
/* An ECMP group slot: a free one, or UINT32_MAX. */
uint32_t l3_group_slot_alloc(void);
/* The families' tables (l3_fib.c): made at init, freed at fini. */
int l3_fam_init(struct l3_fam *f, const struct l3_fam_ops *ops, uint32_t entries);
void l3_fam_fini(struct l3_fam *f);
/* Install route @p k (the family's key) → next hop @p nh, put there by @p kind, in the copy
 * workers do not read; recorded for the other. @return 0, -ENOENT (no FIB), -errno. */
int l3_fam_install(struct l3_fam *f, const void *k, uint32_t nh, uint8_t kind);
void l3_fam_remove(struct l3_fam *f, const void *k);
/* Make slot @p s's two FIB copies if they are not there; @p dp names the first if it names
 * none. @return 0 or -ENOMEM. */
int l3_fam_make(struct l3_fam *f, uint8_t s, struct l3_dp *dp);
/* An apply's routes: reset, add (later ones win), the API's routes added, then sync:
 * install the new or changed, delete the installed no longer wanted; the winners that are
 * not API routes are kept in f->wanted (what a deleted API route uncovers). */
void l3_fam_want_reset(struct l3_fam *f);
int l3_fam_want(struct l3_fam *f, const void *k, uint32_t nh, uint8_t kind);
int l3_fam_want_api(struct l3_fam *f, const struct l3_dp *dp);
int l3_fam_sync(struct l3_fam *f);
/* API route @p k with spec @p spec (malloc'd, owned from now; NULL: delete): the old spec
 * freed, the route installed, or on a delete the config's route uncovered or the route
 * removed. @return 0, -ENOSPC (no next hop), -errno. */
int l3_fam_api_set(struct l3_fam *f, const void *k, void *spec);
/* l3_fam_api_set() of a copy of @p spec (@p spec_len bytes; NULL: a delete), route @p i
 * of a request: a failure's message names it. */
int l3_fam_api_put(struct l3_fam *f, const void *k, const void *spec, size_t spec_len,
		   unsigned int i, char *err, size_t err_len);
/*
 * Look @p n keys (n ≤ RTE_HASH_LOOKUP_BULK_MAX, an array of f->ops->key_len each) up in f->routes and f->api in bulk, the
 * results unused: rte_hash_lookup_bulk() prefetches a burst's buckets, so with a large table
 * the cache misses overlap, and the route-by-route lookups and adds of the request that
 * follow find the buckets in the cache (about a third of an API insertion's time was these
 * misses, paid one by one).
 */
void l3_fam_warm(const struct l3_fam *f, const void *keys, unsigned int n);
/* Forget the API routes of table slot @p vrf (its VRF or table went); free them all. */
void l3_fam_api_forget(struct l3_fam *f, uint8_t vrf);
void l3_fam_api_free(struct l3_fam *f);
/* Once a second: learned neighbours not confirmed for neigh_timeout_s are asked again; one
 * unresolved 60 s beyond that loses its own route (the next sweep frees it). */
void l3_fam_age(struct l3_fam *f, uint32_t now_s);
static inline int
l3_route_key_install(const struct l3_route_key *k, uint32_t nh, uint8_t kind)
{
	return l3_fam_install(&l3c.f4, k, nh, kind);
}
static inline void
l3_route_key_remove(const struct l3_route_key *k)
{
	l3_fam_remove(&l3c.f4, k);
}
/* Make the changes written since the last commit visible to the workers (both FIB copies
 * of both families end up equal). Waits for one grace period if there were changes. */
void l3_fib_commit(void);
/* The hold queue's control half (l3_hold.c): take what workers held, send what is
 * resolved, expire the rest after 3 s. Flush: free every held packet (shutdown). */
void l3_hold_poll(uint32_t now_s);
/* Announce @p addr (network order) of interface @p rif: a gratuitous ARP (l3_hold.c). */
void l3_garp(const struct l3_rif *r, uint16_t rif, uint32_t addr);
void l3_hold_flush(void);
/* Hand @p m to the workers (l3_inject); a full ring frees it (counted as hold_lost). */
void l3_inject_pkt(struct rte_mbuf *m);
uint32_t l3_neigh_get(uint8_t vrf, uint32_t ip_be, uint16_t rif);
/* The slot of routing table @p table of VRF @p name, or -1 (l3_apply.c). */
int slot_of_table(const char *name, uint32_t table);
/* The next hop of the ECMP group of @p n next hops (sorted here), made if new, or
 * UINT32_MAX when no group or next hop is left. */
uint32_t l3_group_get(uint8_t vrf, uint32_t *nh, unsigned int n);
/* The next hop "look the destination up in table slot @p vrf", made if new, or UINT32_MAX. */
uint32_t l3_vrf_nh(uint8_t vrf);
uint16_t l3_rif_on_subnet(const struct l3_dp *dp, uint8_t vrf, uint32_t ip_be);
/*
 * Is @p ip_be (network order) on the link of interface @p rif (an id) of table slot @p vrf
 * (l3_fib_fam.c): on one of its subnets, or the longest installed route to it (neighbours'
 * own /32s and local addresses aside) is an on-link route through @p rif (`dev`, its glean
 * next hop). What neighbour learning accepts, and what keeps a learned neighbour (Linux
 * learns a sender its dev route covers). Up to 33 hash lookups; control thread.
 */
bool l3_on_link(const struct l3_dp *dp, uint8_t vrf, uint32_t ip_be, uint16_t rif);
/* The same for IPv6 (up to 129 lookups). */
bool l3_on_link6(const struct l3_dp *dp, uint8_t vrf, const uint8_t ip[16], uint16_t rif);
/* The next hop of an API route (@p spec: its hash data) in table slot @p vrf, or
 * UINT32_MAX. */
uint32_t l3_api_route_nh(const struct l3_dp *dp, uint8_t vrf, const void *spec);
uint32_t l3_api_route6_nh(const struct l3_dp *dp, uint8_t vrf, const void *spec);
/* The running router interface @p name of VRF (main slot) @p vrf, or VSW_IFACE_NONE. */
uint16_t l3_dev_rif(const struct l3_dp *dp, uint8_t vrf, const char *name);
/* An API route's `dev` (@p dev, "" none) in table slot @p slot of the VRF of main slot @p m:
 * an on-link route (@p type VSW_ROUTE_DEV) names one, in the main table; a route via
 * gateways may; it is a running interface of the VRF with an address of the family (IPv6
 * if @p v6). @return 0 or -EINVAL with the message (route @p i). */
int l3_check_dev(const struct l3_dp *dp, int slot, uint8_t m, uint8_t type, const char *dev,
		 bool v6, unsigned int i, char *err, size_t err_len);
/* The families' ops (l3_fib.c). */
extern const struct l3_fam_ops l3_fam4_ops, l3_fam6_ops;
uint32_t vsw_l3_now(void);
int vsw_l3_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif

#endif /* VSW_L3_CTL_H */
