/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'vxlan' config section (vxlan_conf.c): VXLAN tunnels, each a bridge member that
 * carries its bridge over a routed IPv4 or IPv6 underlay as one VNI. Plain data, included by
 * config/vsw_config.h (after the router's config); DPDK-free. See docs/config.md, "vxlan".
 */
#ifndef VSW_VXLAN_CONF_H
#define VSW_VXLAN_CONF_H

#include <stdbool.h>
#include <stdint.h>

#define VSW_VXLAN_MAX_TUNNELS 64  /**< Tunnels in one config. */
#define VSW_VXLAN_MAX_FLOOD 16    /**< Remote VTEPs in one tunnel's flood list. */
#define VSW_VXLAN_DEF_PORT 4789   /**< IANA's VXLAN port (Linux's vxlan without dstport: 8472). */
#define VSW_VXLAN_DEF_TTL 64
#define VSW_VXLAN_OVERHEAD 50     /**< Outer Ethernet, IPv4, UDP and VXLAN headers. */
#define VSW_VXLAN_OVERHEAD6 70    /**< Outer Ethernet, IPv6, UDP and VXLAN headers. */
#define VSW_VXLAN_MAX_VNI 0xffffff
#define VSW_VXLAN_MAX_NEIGHS 32       /**< Static IP-to-MAC bindings in one tunnel's config. */
#define VSW_VXLAN_NEIGH_TABLE 16384   /**< Bindings of all tunnels (ARP suppression). */
#define VSW_VXLAN_DEF_NEIGH_LIMIT 1024 /**< Learned bindings per tunnel, by default. */

/** A static IPv4-to-MAC binding that ARP suppression answers from. */
struct vsw_vxlan_neigh_conf {
	uint32_t ip;                /**< Host order. */
	uint8_t mac[6];
	uint8_t reserved[2];
};

/* What a tunnel's outer header takes from the inner packet (Linux's `ttl inherit`, `tos
 * inherit`, `df inherit`): its IPv4 TTL or IPv6 hop limit (else the default 64); its DSCP
 * (else 0); DF when the inner IPv4 packet has it, and always for inner IPv6 (else none). */
#define VSW_VXLAN_INHERIT_TTL 1u
#define VSW_VXLAN_INHERIT_TOS 2u
#define VSW_VXLAN_INHERIT_DF 4u

struct vsw_vxlan_tunnel_conf {
	char name[32];              /**< An interface name: unique among ports, router
	                                 interfaces and tunnels. */
	uint32_t vni;               /**< 0..2^24-1, unique per (vrf, local, dstport). */
	uint16_t bridge;            /**< Index into vsw_config.bridges. */
	uint16_t rif;               /**< Index into vsw_l3_conf.rifs: the interface that has
	                                 the local address (resolved). */
	uint8_t vrf;                /**< Index into vsw_l3_conf.vrfs (that interface's). */
	uint8_t ttl;                /**< Outer TTL; default 64. */
	uint8_t tos;                /**< Outer TOS byte's DSCP (its ECN bits are the inner
	                                 packet's, RFC 6040); default 0. */
	bool df;                    /**< Set DF in the outer header; default false (Linux's). */
	uint8_t inherit;            /**< VSW_VXLAN_INHERIT_*: taken from the inner packet
	                                 instead (Linux's ttl/tos/df inherit). */
	bool known_vteps_only;      /**< Drop what comes from a VTEP not in the flood list. */
	uint16_t dstport;           /**< UDP destination port; default 4789. */
	uint16_t mtu;               /**< Overlay MTU (the largest inner IP packet); 0: the
	                                 underlay interface's MTU - 50 (- 70 over IPv6). */
	bool v6;                    /**< An IPv6 underlay: local6 and remotes6 hold the
	                                 addresses (local and remotes are 0). */
	uint32_t local;             /**< The local VTEP address, host order. */
	uint8_t n_remotes;
	uint32_t remotes[VSW_VXLAN_MAX_FLOOD]; /**< The flood list, host order, distinct. */
	uint8_t local6[16];         /**< IPv6: the local VTEP address. */
	uint8_t remotes6[VSW_VXLAN_MAX_FLOOD][16]; /**< IPv6: the flood list, distinct. */
	bool arp_suppress;          /**< Answer local hosts' ARP requests from the bindings,
	                                 as Linux's neigh_suppress; default false. */
	uint32_t neigh_limit;       /**< Learned bindings at most; default 1024. */
	uint8_t n_neighs;
	struct vsw_vxlan_neigh_conf neighs[VSW_VXLAN_MAX_NEIGHS]; /**< Static bindings. */
	struct vsw_conf_mark mark;
};

struct vsw_vxlan_conf {
	unsigned int n_tunnels;
	struct vsw_vxlan_tunnel_conf tunnels[VSW_VXLAN_MAX_TUNNELS];
};

#endif /* VSW_VXLAN_CONF_H */
