/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VXLAN tables shared by the nodes (vxlan_encap.c, vxlan_decap.c: read only) and the
 * control side (vxlan.c: their only writer).
 *
 * One version of the tables (struct vx_dp) is built whole by every apply and published
 * through RCU; nodes load it once per burst. Tunnels are indexed by their interface id and
 * remote VTEPs by their index (FDB port VSW_FDB_REMOTE_BASE + index), both full size, so an
 * id a packet picked up from an older version finds an absent entry and a named drop.
 */
#ifndef VSW_VXLAN_PRIV_H
#define VSW_VXLAN_PRIV_H

#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_graph.h>
#include <rte_hash.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "iface/iface.h"
#include "l2/fdb.h"
#include "vsw_config.h"

#define VX_NODE_ENCAP "vxlan_encap"
#define VX_NODE_DECAP "vxlan_decap"
#define VX_NODE_ARP "vxlan_arp"

/* The VXLAN header (RFC 7348): flags (I = 0x08 in the first byte), VNI in the high 24 bits
 * of the second word; every other bit reserved. */
/* Packed: it follows a 14 + 20 + 8 byte outer header, so in an mbuf it is 2-byte aligned
 * (UBSan: a misaligned 4-byte member access otherwise), as DPDK's rte_vxlan_hdr is packed. */
struct vx_hdr {
	rte_be32_t flags;
	rte_be32_t vni;
} __rte_packed;
#define VX_FLAG_I RTE_BE32(0x08000000)
#define VX_HDR_LEN 8
#define VX_OUTER_LEN (14 + 20 + 8 + VX_HDR_LEN) /* what encap puts in front: 50 bytes */
#define VX_OUTER_LEN6 (14 + 40 + 8 + VX_HDR_LEN) /* over IPv6: 70 bytes */

struct vx_tunnel {
	uint8_t present;
	uint8_t vrf;          /* the underlay's table slot (the router's meta->l3.vrf) */
	uint8_t ttl;
	uint8_t tos;
	uint8_t df;
	uint8_t inherit;      /* VSW_VXLAN_INHERIT_*: from the inner packet instead */
	uint8_t known_only;   /* drop what comes from a VTEP not in the flood list */
	uint8_t v6;           /* an IPv6 underlay: local6, and the remotes' ip6 */
	uint8_t suppress;     /* ARP suppression: vxlan_arp answers local requests */
	uint16_t rif;         /* the router interface with the local address (interface id) */
	uint16_t bridge;      /* its bridge's id */
	uint16_t vlan;        /* its bridge's VLAN */
	uint16_t mtu;         /* overlay MTU: the largest inner IP packet (frame - 14) */
	rte_be16_t dstport;
	rte_be32_t vni;       /* as in the header: VNI << 8, network order */
	rte_be32_t local;
	uint8_t local6[16];
	uint16_t n_flood;
	uint16_t flood[VSW_VXLAN_MAX_FLOOD]; /* remote indexes */
};

struct vx_remote {
	rte_be32_t ip;        /* IPv4 (0 for an IPv6 remote) */
	uint16_t tunnel;      /* interface id of the tunnel it is behind */
	uint8_t present;
	uint8_t v6;           /* an IPv6 remote: ip6 */
	uint8_t ip6[16];
};

/* Decap's VNI table: a tunnel by (VNI, local address, port, VRF slot). */
struct vx_vni {
	rte_be32_t vni;
	rte_be32_t local;     /* IPv4 (0 for an IPv6 tunnel) */
	rte_be16_t port;
	uint8_t vrf;
	uint8_t v6;           /* an IPv6 tunnel: local6 */
	uint16_t id;          /* the tunnel's interface id */
	uint8_t local6[16];
};

struct vx_dp {
	unsigned int n_vni;
	struct vx_vni vni[VSW_VXLAN_MAX_TUNNELS];
	struct vx_tunnel tun[VSW_MAX_IFACES];
	struct vx_remote remote[VSW_FDB_MAX_REMOTES];
	uint16_t bridge_tun[VSW_MAX_BRIDGES]; /* the tunnel of each bridge (check its bridge) */
};

/* Per-remote counters; each worker writes its own row. */
struct vx_counters {
	uint64_t rx_packets, rx_bytes;
	uint64_t tx_packets, tx_bytes;
};

/* One worker's counters: per remote, and per tunnel what came from VTEPs not listed. */
struct vx_worker {
	struct vx_counters remote[VSW_FDB_MAX_REMOTES];
	uint64_t rx_unlisted[VSW_MAX_IFACES];
	uint16_t ip_id;   /* the outer IPv4 id of the next packet sent without DF */
	struct rte_ring *neigh_ring; /* snooped bindings, to the control thread */
	uint64_t arp_replied[VSW_MAX_IFACES]; /* requests answered, per tunnel */
	uint64_t arp_snooped;        /* snoop events sent */
	uint64_t neigh_ring_full;    /* snoop events lost (sent again with the next frame) */
} __rte_cache_aligned;

/*
 * ARP suppression's bindings (vxlan_neigh.c writes them, vxlan_arp.c reads them): an
 * rte_hash with lock-free readers, {tunnel, IPv4} -> one data word: the MAC in bits 0-47,
 * flags in 48-55, VX_NEIGH_VALID. The key's position in the hash indexes neigh_seen[], the
 * last second a worker saw the binding confirmed (written at most once a second).
 */
struct vx_neigh_key {
	uint16_t tunnel;      /* interface id */
	uint16_t reserved;
	rte_be32_t ip;
} __rte_aligned(8);
static_assert(sizeof(struct vx_neigh_key) == 8, "a binding key is 8 bytes");
#define VX_NEIGH_VALID (1ull << 63)
#define VX_NEIGH_F_STATIC 0x1 /* from the config */
#define VX_NEIGH_F_API 0x2    /* from the API */

/* A snooped binding, worker -> control thread. */
struct vx_neigh_ev {
	uint16_t tunnel;
	uint8_t mac[6];
	rte_be32_t ip;
	uint32_t reserved;
};
static_assert(sizeof(struct vx_neigh_ev) == 16, "a snoop event is 16 bytes");

struct vx_shared {
	struct vx_dp *dp;                       /* RCU-published */
	struct vx_worker *w[VSW_MAX_WORKERS];   /* one per worker (0 for graphs of none) */
	unsigned int n_workers;
	struct rte_hash *neigh;                 /* the bindings (fixed for the daemon's life) */
	uint32_t *neigh_seen;                   /* by key position */
	volatile uint32_t now;                  /* seconds (vsw_vxlan_poll()) */
};
extern struct vx_shared vsw_vx;

/* The bindings' side of the feature (vxlan_neigh.c). Control thread. */
int vx_neigh_init(unsigned int n_workers, struct rte_rcu_qsbr *rcu, char *err, size_t err_len);
void vx_neigh_fini(void);
/* After each apply: what each tunnel suppresses, its limit and aging, its static bindings;
 * the bindings of tunnels that stopped suppressing go. */
void vx_neigh_apply(const struct vsw_config *cfg);

/* The vx_worker of the worker owning @p graph (worker 0's for graphs of none, in tests). */
struct vx_worker *vx_worker_of(const struct rte_graph *graph);

#endif /* VSW_VXLAN_PRIV_H */
