/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's host path: what is addressed to one of a VRF's own addresses and the data
 * path does not answer itself (TCP, UDP, ICMP but echo requests; for IPv6 ICMPv6 but echo
 * and neighbour discovery) goes to a kernel TUN interface that carries the VRF's addresses,
 * both families, so host programs (sshd, dnsmasq, FRR) serve it; what they send back comes
 * in through the same TUN and is routed by the VRF's FIB.
 *
 *   worker: ip4_local, ip6_local ──► l3_host ──► host ring ─┐  (full: drop_l3_host_path_full)
 *   control (every ms): host ring ──► write(TUN) ◄──────────┘; read(TUN) ──► inject ring
 *   worker: l3_inject ──► ip4_host_output ──► l3_output / arp_request / ip4_fragment
 *                     └─► ip6_host_output ──► l3_output / nd_request
 *
 * Workers never touch the TUN: they hand packets over through a ring (multi-producer) and
 * never block. The control thread owns the TUNs (l3_host_ctl.c), made and kept in sync with
 * the VRF's interfaces by the router's apply.
 */
#ifndef VSW_L3_HOST_H
#define VSW_L3_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_ring.h>

#include "l3/l3_priv.h"

#define L3_NODE_HOST "l3_host"
#define L3_NODE_HOST_OUTPUT "ip4_host_output"
#define L3_NODE_HOST6_OUTPUT "ip6_host_output"
#define L3_HOST_RING_SIZE 1024 /* packets waiting for the control thread, all VRFs */

/* What workers read: the ring, and which VRF slots have a host path and for which families
 * (L3_HOST_V4 | L3_HOST_V6; 0: none). A flag is written by the control thread alone (atomic
 * byte store); a packet enqueued just as its VRF's host path goes is counted as lost by the
 * control thread, not leaked. */
#define L3_HOST_V4 1
#define L3_HOST_V6 2 /* not when IPv6 is off in the TUN's namespace */
struct l3_host_shared {
	struct rte_ring *ring; /* workers → control: packets for the host (multi-producer) */
	uint8_t on[L3_MAX_SLOTS];
};
extern struct l3_host_shared vsw_l3_host;

/* Does VRF slot @p vrf have a host path for IPv4. */
static __rte_always_inline bool
l3_host_on(uint8_t vrf)
{
	return vrf < L3_MAX_SLOTS &&
	       (__atomic_load_n(&vsw_l3_host.on[vrf], __ATOMIC_RELAXED) & L3_HOST_V4);
}

/* Does VRF slot @p vrf have a host path for IPv6. */
static __rte_always_inline bool
l3_host_on6(uint8_t vrf)
{
	return vrf < L3_MAX_SLOTS &&
	       (__atomic_load_n(&vsw_l3_host.on[vrf], __ATOMIC_RELAXED) & L3_HOST_V6);
}

/* Control thread (l3_host_ctl.c). */
int l3_host_init(void);
/* Make, keep or remove each VRF slot's TUN and give it the addresses of the VRF's
 * interfaces in the running l3_dp. @p slot: config VRF index → slot (UINT8_MAX: none).
 * Failures to make one are logged and leave that VRF without a host path. */
void l3_host_apply(const struct vsw_config *cfg, const uint8_t *slot);
/* Hand what the workers queued to the TUNs; read what the kernel sent into the inject ring. */
void l3_host_poll(void);
void l3_host_fini(void);

#endif /* VSW_L3_HOST_H */
