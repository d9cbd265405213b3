/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2 tables shared by the L2 nodes (read only) and l2.c (their writer).
 */
#ifndef VSW_L2_PRIV_H
#define VSW_L2_PRIV_H

#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_graph.h>
#include <rte_ring.h>

#include "iface/iface.h"
#include "l2/fdb.h"
#include "l2/l2.h"
#include "vsw_config.h"

#define L2_NONE UINT16_MAX        /* bridge_of: VLAN not allowed on the port. */
#define L2_NO_BRIDGE (UINT16_MAX - 1) /* bridge_of: allowed, but in no bridge. */
#define L2_TX_PORT_GONE 1     /* tx_edge of a port in no bridge: vlan_output's drop. */
#define L2_RECENT 256         /* Per-worker learn de-duplication slots (power of two). */

struct l2_port {
	const uint16_t *bridge_of; /* Bridge id by VID (4096 entries); all L2_NONE for a port
	                              in no bridge. Never NULL. */
	uint8_t mode;              /* enum vsw_vlan_mode */
	uint8_t native_tagged;
	uint16_t tag;              /* access VLAN / tunnel S-VLAN */
	uint16_t native;           /* trunk native VLAN, 0 = none */
	rte_be16_t tpid;           /* trunk TPID, network order */
	rte_edge_t tx_edge;        /* vlan_output -> port_tx-<port>; its port_gone drop for a
	                              port in no bridge */
	uint8_t tunnel;            /* a VXLAN tunnel: the sources of its frames are the remote
	                              VTEPs the metadata names (meta->vx.src), not the tunnel */
	uint8_t own_mac;           /* an interface with a MAC of its own (a router interface):
	                              flooded broadcast and multicast reach it, unknown unicast
	                              not (its MAC is a static FDB entry), as a Linux bridge
	                              passes unknown unicast up only in promiscuous mode */
};

struct l2_bridge {
	uint16_t vlan;
	uint16_t n_ports;          /* 0: no such bridge (flood drops as flood_empty) */
	uint8_t flood_unknown;
	uint8_t arp_suppress;      /* its tunnel suppresses ARP: ARP goes through vxlan_arp */
	uint16_t ports[VSW_MAX_PORTS]; /* Member interface ids */
};

/*
 * One version of the L2 forwarding tables, published through RCU (vsw_rcu.h): built whole
 * by the control thread (l2_apply.c), never changed once published. Nodes load it once per
 * burst. Both arrays are full size, indexed by id, so that an id a packet picked up from an
 * older version (a bridge or port removed in between) still indexes this one: it finds an
 * empty bridge or a port in no bridge, and the frame is dropped with a named reason.
 */
struct l2_dp {
	struct l2_port ports[VSW_MAX_IFACES];  /* By interface id */
	struct l2_bridge bridges[VSW_MAX_BRIDGES]; /* By bridge id */
	/* The ports' bridge_of maps follow in the same allocation. */
};

/* A learn event, worker -> control thread. */
struct l2_learn {
	uint16_t bridge;
	uint16_t port;
	struct rte_ether_addr mac;
	uint8_t pad[2];
	uint32_t gen; /* vsw_l2.flush_gen the frame was seen under: see vsw_l2_poll() */
};
static_assert(sizeof(struct l2_learn) == 16, "learn event is 16 bytes");

struct l2_worker {
	struct rte_ring *ring;
	struct vsw_l2_worker_stats stats;
	struct {
		uint64_t key; /* bridge | mac << 16 */
		uint32_t now;
		uint32_t gen;
		uint16_t port;
	} recent[L2_RECENT];
} __rte_cache_aligned;

struct l2_tables {
	struct l2_dp *dp;          /* Published: VSW_RCU_LOAD() once per burst */
	uint16_t *remote_if;       /* Published: the tunnel interface of each remote VTEP
	                              (VSW_FDB_MAX_REMOTES entries, VSW_IFACE_NONE: gone), or
	                              NULL (vsw_l2_remotes_set()) */
	struct rte_hash *hash;     /* The FDB's hash */
	uint32_t *seen;            /* The FDB's last-seen array */
	volatile uint32_t now;     /* Seconds; written by the control thread */
	volatile uint32_t flush_gen; /* Bumped by every flush: workers forget what they sent */
	struct l2_worker *workers[VSW_MAX_WORKERS];
};

extern struct l2_tables vsw_l2;

/* Publish empty tables / free the published ones and the apply state (l2_apply.c). */
int vsw_l2_tables_init(char *err, size_t err_len);
void vsw_l2_tables_fini(void);

/* The l2_worker of the worker owning @p graph (worker 0 for graphs of none, in tests). */
struct l2_worker *vsw_l2_worker_of(const struct rte_graph *graph);

#endif /* VSW_L2_PRIV_H */
