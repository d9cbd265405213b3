/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The router's config (the 'router' section): VRFs, router interfaces, static routes and
 * static neighbours. Plain data, included by config/vsw_config.h (after struct
 * vsw_conf_mark); parsed in l3_conf.c.
 */
#ifndef VSW_L3_CONF_H
#define VSW_L3_CONF_H

#include <stdbool.h>
#include <stdint.h>

#define VSW_MAX_VRFS 16          /**< VRFs, "default" (id 0) included. */
#define VSW_MAX_RIFS 32          /**< Router interfaces. */
#define VSW_MAX_RIF_ADDRS 8      /**< IPv4 addresses of one router interface. */
#define VSW_MAX_STATIC_NEIGHS 256
#define VSW_MAX_ECMP 8           /**< Gateways of one route (equal-cost multipath). */
#define VSW_MAX_RULES 256        /**< Policy rules, all VRFs. */
#define VSW_TABLE_MAIN 254       /**< Linux's main table: routes without `table`. */
#define VSW_VRF_DEFAULT 0
#define VSW_DEF_MAX_ROUTES 65536   /**< router.max_routes default */
#define VSW_DEF_MAX_NEIGHBOURS 16384 /**< router.max_neighbours default */
#define VSW_MAX_NEIGHBOURS 65536   /**< router.max_neighbours at most (the next hops) */
#define VSW_MAX_MAX_ROUTES (1u << 24)
#define VSW_VRF_DEFAULT_NAME "default"
#define VSW_MAX_ROUTES6 1024     /**< Static IPv6 routes in the config, all VRFs. */

/** An IPv4 prefix; the address in host byte order, host bits zero (routes) or not (addresses). */
struct vsw_ip4_prefix {
	uint32_t addr;
	uint8_t len; /**< 0..32 */
};

/** An IPv6 prefix (or address with its prefix length), network byte order. */
struct vsw_ip6_prefix {
	uint8_t addr[16];
	uint8_t len; /**< 0..128 */
};

#define VSW_RIF_NONE UINT16_MAX

/** A router interface: an IP interface on a routed port, or on a bridge (its gateway). */
struct vsw_rif_conf {
	char name[32];                   /**< Unique among all interfaces (ports too). */
	uint16_t port;                   /**< Index into vsw_config.ports: the routed port; or
	                                      VSW_RIF_NONE. */
	uint16_t bridge;                 /**< Index into vsw_config.bridges; or VSW_RIF_NONE. */
	uint8_t vrf;                     /**< Index into vsw_l3_conf.vrfs. */
	uint8_t n_addrs;
	struct vsw_ip4_prefix addrs[VSW_MAX_RIF_ADDRS];
	uint8_t n_addrs6;
	struct vsw_ip6_prefix addrs6[VSW_MAX_RIF_ADDRS]; /**< Global IPv6 addresses; the
	                                      link-local one is derived from the MAC. */
	bool ra;                         /**< Send IPv6 router advertisements (SLAAC). */
	uint16_t mtu;                    /**< 0: its port's MTU (1500 when unset, or on a
	                                      bridge). */
	bool has_mac;                    /**< mac set; else derived (docs/config.md). */
	bool proxy_arp;                  /**< Answer ARP for what is routed elsewhere. */
	bool proxy_nd;                   /**< The same for IPv6 neighbour solicitations. */
	uint8_t mac[6];
	struct vsw_conf_mark mark;
};

enum vsw_route_type {
	VSW_ROUTE_VIA,         /**< Forward to a gateway (a neighbour on a connected subnet). */
	VSW_ROUTE_BLACKHOLE,   /**< Drop silently. */
	VSW_ROUTE_UNREACHABLE, /**< Drop, answer ICMP host unreachable. */
	VSW_ROUTE_PROHIBIT,    /**< Drop, answer ICMP administratively prohibited. */
	VSW_ROUTE_LOOKUP,      /**< Look the destination up again in VRF via_vrf's table (route
	                            leaking; config `via_vrf` without `via`). */
	VSW_ROUTE_DEV,         /**< On-link through interface `dev` (`ip route add P dev IF`):
	                            the destination itself is the neighbour, resolved there. */
};

struct vsw_route_conf {
	uint8_t vrf;
	uint8_t type;                    /**< enum vsw_route_type */
	struct vsw_ip4_prefix to;
	uint32_t table;                  /**< 1..65535 but 255; default VSW_TABLE_MAIN. */
	uint8_t n_via;                   /**< VSW_ROUTE_VIA: 1..VSW_MAX_ECMP gateways. */
	uint32_t via[VSW_MAX_ECMP];      /**< The gateways, host byte order, distinct. */
	uint8_t via_vrf;                 /**< Index into vsw_l3_conf.vrfs: the VRF the gateways
	                                      are in (VSW_ROUTE_VIA; vrf unless leaked), or the
	                                      VRF to look up (VSW_ROUTE_LOOKUP). */
	uint16_t dev;                    /**< 0: none; else 1 + an index into vsw_l3_conf.rifs
	                                      (an interface of via_vrf): VSW_ROUTE_DEV's link,
	                                      or the one interface the gateways are on (`via G
	                                      dev IF`, G on any subnet: Linux's onlink). One-
	                                      based: a zeroed route names none. */
	struct vsw_conf_mark mark;
};

/** An IPv6 static route (the same kinds as IPv4's). */
struct vsw_route6_conf {
	uint8_t vrf;
	uint8_t type;                    /**< enum vsw_route_type */
	uint8_t n_via;
	struct vsw_ip6_prefix to;
	uint32_t table;
	uint8_t via[VSW_MAX_ECMP][16];   /**< Gateways on a connected IPv6 subnet of via_vrf
	                                      (any address with dev). */
	uint8_t via_vrf;                 /**< As vsw_route_conf's: the gateways' VRF, or the VRF
	                                      to look up (VSW_ROUTE_LOOKUP). */
	uint16_t dev;                    /**< As vsw_route_conf's. */
	struct vsw_conf_mark mark;
};

struct vsw_neigh6_conf {
	uint8_t rif;
	uint8_t addr[16];
	uint8_t mac[6];
	struct vsw_conf_mark mark;
};

struct vsw_neigh_conf {
	uint8_t rif;                     /**< Index into vsw_l3_conf.rifs. */
	uint32_t addr;                   /**< Host byte order; on one of the rif's subnets. */
	uint8_t mac[6];
	struct vsw_conf_mark mark;
};

enum vsw_rule_action {
	VSW_RULE_TABLE,     /**< Look the destination up in `table`. */
	VSW_RULE_BLACKHOLE, /**< Drop silently. */
	VSW_RULE_PROHIBIT,  /**< Drop, ICMP administratively prohibited. */
};

/** A policy rule, like `ip rule` (`ip -6 rule` for family 6): the lowest priority that
 *  matches decides. */
struct vsw_rule_conf {
	uint32_t priority;               /**< 0..32766, unique within a VRF and family. */
	uint8_t vrf;
	uint8_t action;                  /**< enum vsw_rule_action */
	uint8_t proto;                   /**< IP protocol (IPv6: next header); 0: any. */
	bool has_dscp;
	uint8_t dscp;                    /**< 0..63 (IPv6: the traffic class's top 6 bits) */
	uint8_t family;                  /**< 4 or 6: the packets it matches; from its
	                                      prefixes, or `family`; 4 without either (as
	                                      `ip rule`). */
	bool has_from, has_to;
	struct vsw_ip4_prefix from, to;  /**< Source and destination prefixes (family 4). */
	struct vsw_ip6_prefix from6, to6; /**< The same, family 6. */
	uint16_t iif;                    /**< Index into rifs: the ingress interface; or
	                                      VSW_RIF_NONE (any). */
	uint16_t sport[2], dport[2];     /**< TCP/UDP port ranges; [0, 65535]: any. */
	uint32_t table;                  /**< VSW_RULE_TABLE: the table. */
	struct vsw_conf_mark mark;
};

/** A VRF's host path (l3_host_conf.c): the kernel TUN interface that gets what is addressed
 *  to the VRF's own addresses and the data path does not answer. */
struct vsw_host_path_conf {
	uint8_t vrf;                     /**< Index into vsw_l3_conf.vrfs. */
	char iface[16];                  /**< Kernel interface name (IFNAMSIZ). */
	char netns[32];                  /**< Network namespace (/run/netns/NAME); "": vswd's. */
	struct vsw_conf_mark mark;
};

struct vsw_l3_conf {
	unsigned int n_vrfs;             /**< At least 1: vrfs[0] is "default". */
	char vrfs[VSW_MAX_VRFS][32];
	unsigned int n_rifs;
	struct vsw_rif_conf rifs[VSW_MAX_RIFS];
	unsigned int n_routes;           /**< At most max_routes. */
	struct vsw_route_conf *routes;   /**< n_routes, malloc'd: vsw_config_release() frees
	                                      them (a copy of the struct shares them). */
	unsigned int n_neighs;
	struct vsw_neigh_conf neighs[VSW_MAX_STATIC_NEIGHS];
	unsigned int n_routes6;
	struct vsw_route6_conf routes6[VSW_MAX_ROUTES6];
	unsigned int n_neighs6;
	struct vsw_neigh6_conf neighs6[VSW_MAX_STATIC_NEIGHS];
	unsigned int n_rules;
	struct vsw_rule_conf rules[VSW_MAX_RULES];
	uint32_t neigh_timeout_s;        /**< Learned neighbours expire after this; default 300. */
	uint32_t max_neighbours;         /**< Neighbours (all of a family's, learned ones refused
	                                      beyond it); default 16384. */
	uint32_t max_routes;             /**< Routes per VRF (FIB size); restart to change. */
	uint32_t icmp_ratelimit_ms;      /**< ICMP errors per destination: one per this after a
	                                      burst of 6; 0: no limit. Default 1000 (Linux). */
	struct vsw_conf_mark max_routes_mark;
	unsigned int n_host_paths;       /**< router.host_path: at most one per VRF. */
	struct vsw_host_path_conf host_paths[VSW_MAX_VRFS];
};

/** Does @p addr (host byte order) lie on one of @p r's subnets. */
static inline bool
vsw_l3_on_subnet(const struct vsw_rif_conf *r, uint32_t addr)
{
	for (unsigned int i = 0; i < r->n_addrs; i++) {
		uint32_t m = r->addrs[i].len == 0 ? 0 : ~0u << (32 - r->addrs[i].len);

		if ((addr & m) == (r->addrs[i].addr & m))
			return true;
	}
	return false;
}

/** Does @p a lie in @p p. */
static inline bool
vsw_ip6_in(const struct vsw_ip6_prefix *p, const uint8_t a[16])
{
	unsigned int full = p->len / 8, rest = p->len % 8;

	for (unsigned int i = 0; i < full; i++)
		if (a[i] != p->addr[i])
			return false;
	return rest == 0 || ((a[full] ^ p->addr[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

/** Does @p addr lie on one of @p r's IPv6 subnets. */
static inline bool
vsw_l3_on_subnet6(const struct vsw_rif_conf *r, const uint8_t addr[16])
{
	for (unsigned int i = 0; i < r->n_addrs6; i++)
		if (vsw_ip6_in(&r->addrs6[i], addr))
			return true;
	return false;
}

#endif /* VSW_L3_CONF_H */
