/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv4 input hooks: another feature's node (NAT) that sees the IPv4 packets of chosen router
 * interfaces before ip4_input, as a VPP ip4-unicast feature does. l3_input sends an
 * interface's IPv4 packets to its hook instead of ip4_input; the hook hands them on to
 * ip4_input (L3_NODE_IP4_INPUT) or drops them. The hook node may read the router's tables
 * (l3_priv.h) but never writes them.
 *
 * And the addresses another feature owns on an interface without the router having them
 * (the NAT's floating IPs): arp_input answers ARP for them with the interface's MAC.
 */
#ifndef VSW_L3_HOOK_H
#define VSW_L3_HOOK_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define L3_HOOK_MAX 4

/**
 * Make node @p node an IPv4 input hook: an edge of l3_input. Before the graphs are made
 * (a feature's init); calling it again with the same node returns the same id.
 * @return the hook's id (1..L3_HOOK_MAX), -ENOSPC, or -errno from rte_graph. Control thread.
 */
int vsw_l3_ip4_hook_add(const char *node);

/**
 * Publish the hook of each router interface, indexed by interface id (VSW_MAX_IFACES
 * entries; 0: none): copied, published through RCU, the old table freed after the grace
 * period. NULL: no hooks. @return 0 or -ENOMEM. Control thread.
 */
int vsw_l3_ip4_hook_set(const uint8_t *hook_of_rif);

/** An (interface, address) pair arp_input answers for: vsw_l3_arp_key(). */
static inline uint64_t
vsw_l3_arp_key(uint16_t rif, uint32_t addr_host)
{
	return (uint64_t)rif << 32 | addr_host;
}

/**
 * Publish the addresses ARP is answered for besides the interfaces' own: @p n keys
 * (vsw_l3_arp_key(), host-order addresses), any order; copied, sorted, published through
 * RCU. 0 keys: none. Packets to them are not the router's (ip4_input routes them): the
 * feature's hook must take them first. @return 0 or -ENOMEM. Control thread.
 */
int vsw_l3_arp_extra_set(const uint64_t *keys, unsigned int n);

/*
 * UDP listeners: another feature's node (the VXLAN decap) that takes the UDP datagrams
 * addressed to one of the router's addresses and a given port, as a socket would, before
 * ip4_local's or ip6_local's own handling (port unreachable, or the VRF's host path). The
 * listener node gets the packet as the local node got it: Ethernet header in front, IP
 * header checked, the metadata's L3 layer written (rif, vrf; v6 set for IPv6); it is not a
 * fragment (IPv6: UDP right after the fixed header, no extension header), and its UDP header
 * is in the first segment. Nothing checked the UDP checksum.
 */
#define L3_UDP_MAX_LISTENERS 64

/** A listener: UDP to @p addr (or @p addr6) port @p port in table slot @p vrf goes to
 *  hook @p hook. */
struct vsw_l3_udp_listener {
	uint32_t addr;  /**< Network order (IPv4). */
	uint16_t port;  /**< Network order. */
	uint8_t vrf;    /**< The VRF's table slot (the router's data path's, meta->l3.vrf). */
	uint8_t hook;   /**< vsw_l3_udp_hook_add()'s id. */
	uint8_t v6;     /**< 1: IPv6, to @p addr6. */
	uint8_t addr6[16];
};

/**
 * Make node @p node a UDP listener's: an edge of ip4_local and of ip6_local. Before the
 * graphs are made (a feature's init); the same node again gives the same id.
 * @return the hook's id (1..L3_HOOK_MAX), -ENOSPC, or -EINVAL. Control thread.
 */
int vsw_l3_udp_hook_add(const char *node);

/**
 * Publish the listeners (@p n of them, at most L3_UDP_MAX_LISTENERS; copied; 0: none)
 * through RCU. @return 0, -ENOMEM or -EINVAL. Control thread.
 */
int vsw_l3_udp_listen_set(const struct vsw_l3_udp_listener *l, unsigned int n);

/**
 * The NAT's, or NULL: undo its translation of IPv4 packet @p ip (@p len bytes of it at
 * hand, in VRF slot @p vrf) that one of the router's own ICMP errors is about to quote, so
 * the error goes to the packet's sender and quotes what it sent, as Linux's conntrack
 * makes it. icmp4_error calls it on workers; set before the graphs are made.
 * @return whether it was translated.
 */
struct rte_ipv4_hdr;
extern bool (*vsw_l3_icmp4_unxlat)(struct rte_ipv4_hdr *ip, uint32_t len, uint8_t vrf);

#ifdef __cplusplus
}
#endif

#endif /* VSW_L3_HOOK_H */
