/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswd control API: typed binary messages on a local unix stream socket.
 *
 * Public header for clients (C, or anything that can pack structs; see docs/api.md for a
 * Python example). It depends on nothing but <stdint.h>.
 *
 * Transport: AF_UNIX SOCK_STREAM at <runtime dir>/vswd.sock, i.e.
 * /var/run/dpdk/<file_prefix>/vswd.sock (owner only: socket 0600, directory 0700).
 * A client sends requests, each a struct vsw_api_req followed by `len` bytes of payload;
 * vswd answers each, in order, with a struct vsw_api_resp followed by `len` bytes of payload
 * and the request's `id`. Several requests may be in flight on one connection.
 *
 * Encoding: host byte order and the natural C layout of the structs below (the socket is
 * local); every struct has a fixed size with explicit padding; strings are fixed-size,
 * NUL-terminated char arrays (bytes after the NUL are ignored).
 *
 * Errors: `status` is 0 or a negative errno. On error the payload, if any, is a
 * NUL-terminated UTF-8 message (at most VSW_API_ERR_MAX bytes), e.g. a reload's
 * "FILE:LINE:COLUMN: what". Generic errors:
 *   -EOPNOTSUPP  unknown request type
 *   -EINVAL      payload of the wrong size for the type, or a bad field
 *   -EMSGSIZE    header + payload over VSW_API_MSG_MAX (vswd answers, then closes the
 *                connection, since it cannot find the next message)
 */
#ifndef VSW_API_H
#define VSW_API_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Socket file name inside the EAL runtime directory. */
#define VSW_API_SOCK_NAME "vswd.sock"

/** Largest message, header included, either way. */
#define VSW_API_MSG_MAX 16384

/** Largest error message in an error response, NUL included. */
#define VSW_API_ERR_MAX 1024

/** Request header; `len` bytes of payload follow. */
struct vsw_api_req {
	uint32_t len;  /**< Payload bytes (header excluded). */
	uint32_t type; /**< VSW_API_TYPE(module, n). */
	uint32_t id;   /**< Chosen by the client, echoed in the response. */
};

/** Response header; `len` bytes of payload follow. */
struct vsw_api_resp {
	uint32_t len;	/**< Payload bytes (header excluded). */
	uint32_t id;	/**< The request's id. */
	int32_t status; /**< 0, or -errno. */
};

/** Request types are namespaced by module: the high 16 bits name the module. */
#define VSW_API_TYPE(module, n) (((uint32_t)(module) << 16) | (uint32_t)(n))
#define VSW_API_MODULE(type) ((uint32_t)(type) >> 16)

/** Modules. */
#define VSW_API_MOD_VSWD 1 /**< The daemon: status, reload. */
#define VSW_API_MOD_L2 2   /**< Bridges and FDB. */
#define VSW_API_MOD_L3 3   /**< The router: routes. */
#define VSW_API_MOD_TRACE 4 /**< Packet trace. */
#define VSW_API_MOD_NAT 5   /**< NAT and connection tracking. */
#define VSW_API_MOD_VXLAN 6 /**< VXLAN tunnels: flood lists, ARP suppression's bindings. */

#define VSW_API_PATH_MAX 4096
#define VSW_API_NAME_MAX 32

/* --- VSW_API_MOD_VSWD ----------------------------------------------------------------- */

/** Status. Request payload: none (len 0). Response: struct vsw_api_status_resp. */
#define VSW_API_STATUS VSW_API_TYPE(VSW_API_MOD_VSWD, 1)

struct vsw_api_status_resp {
	char version[32];    /**< vswd version, e.g. "0.1.0". */
	uint64_t uptime_s;   /**< Seconds since start-up. */
	uint64_t config_gen; /**< 1 after start-up, +1 per successful reload. */
	uint32_t n_ports;
	uint32_t n_workers;
	char config_path[VSW_API_PATH_MAX]; /**< File of the running config. */
};

/**
 * Reload the config. Request: struct vsw_api_reload_req. Response on success: struct
 * vsw_api_reload_resp; on failure -EINVAL (config error, or a change that needs a restart,
 * or a device that refused to come up) or another -errno, with a message naming
 * FILE:LINE:COLUMN. On failure the running config is unchanged (rolled back).
 */
#define VSW_API_RELOAD VSW_API_TYPE(VSW_API_MOD_VSWD, 2)

struct vsw_api_reload_req {
	char path[VSW_API_PATH_MAX]; /**< Config file; "" = the file vswd runs. Relative paths
					  are taken from vswd's working directory: send an
					  absolute one. */
};

struct vsw_api_reload_resp {
	uint64_t config_gen; /**< The generation now running. */
	uint32_t load_us;    /**< Reading, validating and diffing the file, microseconds. */
	uint32_t apply_us;   /**< Applying the diff to the running daemon, microseconds. */
};

/* --- VSW_API_MOD_L2 ------------------------------------------------------------------- */

/**
 * Forget a bridge's learned MACs (static entries stay). Request: struct
 * vsw_api_fdb_flush_req. Response: struct vsw_api_fdb_flush_resp; -ENOENT for an unknown
 * bridge (or no bridge at all).
 */
#define VSW_API_FDB_FLUSH VSW_API_TYPE(VSW_API_MOD_L2, 1)

struct vsw_api_fdb_flush_req {
	char bridge[VSW_API_NAME_MAX];
};

struct vsw_api_fdb_flush_resp {
	uint32_t flushed; /**< Learned entries removed. */
	uint32_t reserved;
};

/* --- VSW_API_MOD_L3 ------------------------------------------------------------------- */

/** Routes in one add or del request (a request fits VSW_API_MSG_MAX). */
#define VSW_API_ROUTES_MAX 384

/** Gateways of one route (equal-cost multipath), as the config's VSW_MAX_ECMP. */
#define VSW_API_ECMP_MAX 8

/** Route types (vsw_api_route.type). */
#define VSW_API_ROUTE_VIA 0         /**< Forward to the gateways `via`. */
#define VSW_API_ROUTE_BLACKHOLE 1   /**< Drop silently. */
#define VSW_API_ROUTE_UNREACHABLE 2 /**< Drop, ICMP host unreachable. */
#define VSW_API_ROUTE_PROHIBIT 3    /**< Drop, ICMP administratively prohibited. */
#define VSW_API_ROUTE_DEV 5         /**< On-link through interface `dev` (`ip route add P dev
					 IF`): the destination is resolved there (ARP, ND);
					 main table only. */

/** Interfaces one add request may name (its routes' `dev`). */
#define VSW_API_DEVS_MAX 4

struct vsw_api_route {
	uint32_t prefix; /**< IPv4, network byte order; host bits must be zero. */
	uint8_t len;     /**< 0..32 */
	uint8_t type;    /**< VSW_API_ROUTE_* */
	uint8_t n_via;   /**< VSW_API_ROUTE_VIA: gateways in via[], 1..VSW_API_ECMP_MAX (0 is
			      read as 1); several: equal-cost multipath, as the config's. */
	uint8_t dev;     /**< 0: none; 1..VSW_API_DEVS_MAX: the request's devs[dev - 1], the
			      interface of VSW_API_ROUTE_DEV, or the one the gateways are on
			      (then anywhere: Linux's `via G dev IF onlink`). */
	uint32_t via[VSW_API_ECMP_MAX]; /**< The gateways, network byte order, distinct, each on
					     a connected subnet of the VRF (any address with
					     dev). */
};

/**
 * Add routes to a VRF's table, or replace them (the same prefix and length). They are
 * checked first: if one is wrong, none is applied (status -EINVAL, the message names it by
 * index). API routes outrank the config's routes to the same prefix and survive reloads
 * (not a reload that removes their VRF or table); a config route under a deleted API route
 * comes back. Request: struct vsw_api_routes_req. Response: struct vsw_api_routes_resp.
 */
#define VSW_API_ROUTE_ADD VSW_API_TYPE(VSW_API_MOD_L3, 1)

/** Delete API routes (type and via ignored). -ENOENT if one is not an API route: none
 *  deleted. Request: struct vsw_api_routes_req. Response: struct vsw_api_routes_resp. */
#define VSW_API_ROUTE_DEL VSW_API_TYPE(VSW_API_MOD_L3, 2)

struct vsw_api_routes_req {
	char vrf[VSW_API_NAME_MAX]; /**< "" = "default". */
	uint32_t n;                 /**< Routes used, 1..VSW_API_ROUTES_MAX. */
	uint32_t table;             /**< 0 or 254: the VRF's main table; else a policy table
					 (1..65535 but 255) that the config names (a rule or a
					 route of the VRF), -ENOENT if not. */
	struct vsw_api_route routes[VSW_API_ROUTES_MAX];
	char devs[VSW_API_DEVS_MAX][VSW_API_NAME_MAX]; /**< Router interfaces the routes' dev
							    name (add only). */
};

struct vsw_api_routes_resp {
	uint32_t done;       /**< Routes applied (n on success). */
	uint32_t api_routes; /**< API routes now in all VRFs. */
};

/** IPv6 routes in one add or del request, and the distinct gateways they may name. */
#define VSW_API_ROUTES6_MAX 384
#define VSW_API_GW6_MAX 64

/** An IPv6 route: its gateways are indexes into the request's gw[] (a batch of routes
 *  shares few gateways: 384 routes fit one message). */
struct vsw_api_route6 {
	uint8_t prefix[16]; /**< Host bits must be zero. */
	uint8_t len;        /**< 0..128 */
	uint8_t type;       /**< VSW_API_ROUTE_* */
	uint8_t n_via;      /**< VSW_API_ROUTE_VIA: gateways in via[], 1..VSW_API_ECMP_MAX (0 is
				 read as 1); several: equal-cost multipath. */
	uint8_t dev;        /**< As vsw_api_route's: 0 none, else devs[dev - 1]. */
	uint8_t via[VSW_API_ECMP_MAX]; /**< Indexes into gw[] (< n_gw), distinct gateways, each
					    on a connected IPv6 subnet of the VRF (any address
					    with dev). */
};

/** Add (or replace) IPv6 routes, as VSW_API_ROUTE_ADD: checked first, applied whole or not
 *  at all; into the VRF's main table or a numbered one (what `ip -6 rule`s choose).
 *  Request: struct vsw_api_routes6_req. Response: struct vsw_api_routes_resp. */
#define VSW_API_ROUTE6_ADD VSW_API_TYPE(VSW_API_MOD_L3, 5)

/** Delete IPv6 API routes (type and via ignored), as VSW_API_ROUTE_DEL. */
#define VSW_API_ROUTE6_DEL VSW_API_TYPE(VSW_API_MOD_L3, 6)

struct vsw_api_routes6_req {
	char vrf[VSW_API_NAME_MAX]; /**< "" = "default". */
	uint32_t n;                 /**< Routes used, 1..VSW_API_ROUTES6_MAX. */
	uint32_t table;             /**< 0 or 254: the VRF's main table; else a policy table
	                                 (-ENOENT when no rule or config route names it). */
	uint32_t n_gw;              /**< Gateways used in gw[], 0..VSW_API_GW6_MAX. */
	uint32_t reserved;
	uint8_t gw[VSW_API_GW6_MAX][16];
	struct vsw_api_route6 routes[VSW_API_ROUTES6_MAX];
	char devs[VSW_API_DEVS_MAX][VSW_API_NAME_MAX]; /**< As vsw_api_routes_req's. */
};

/** Which route a packet to `addr` takes, the policy rules applied as the data path does
 *  (from, iif, proto, dscp, ports: zero or "" when not given). Request: struct
 *  vsw_api_route_lookup_req. Response: struct vsw_api_route_lookup_resp; -ENOENT: no route;
 *  -EINVAL: iif is no running router interface of the VRF. */
#define VSW_API_ROUTE_LOOKUP VSW_API_TYPE(VSW_API_MOD_L3, 3)

struct vsw_api_route_lookup_req {
	char vrf[VSW_API_NAME_MAX]; /**< "" = "default". */
	uint32_t addr;              /**< Network byte order. */
	uint32_t from;              /**< Source address, network byte order; 0: none. */
	char iif[VSW_API_NAME_MAX]; /**< Ingress router interface; "": none (from the router:
	                                 rules with iif do not match). */
	uint8_t proto;              /**< IP protocol; 0: none. */
	uint8_t dscp;               /**< 0..63 */
	uint16_t sport;             /**< TCP/UDP ports, network byte order (proto 6, 17). */
	uint16_t dport;
	uint16_t reserved;
};

struct vsw_api_route_lookup_resp {
	uint32_t prefix;                  /**< The matching route, network byte order. */
	uint8_t len;
	uint8_t reserved[3];
	uint32_t via;                     /**< Gateway or neighbour, network order; 0: none. */
	char type[16];                    /**< local, connected, static, neighbour, api,
	                                       blackhole, unreachable, prohibit */
	char interface[VSW_API_NAME_MAX]; /**< Egress router interface, "" for none. */
	char mac[18];                     /**< The next hop's MAC, "" when not resolved. */
	uint8_t rule_matched;             /**< 1: a policy rule matched (the rule_* fields). */
	uint8_t reserved2;
	uint32_t table;                   /**< The table the route is in (254: main). */
	uint32_t rule_priority;
	char rule_match[160];             /**< "from 10.0.1.128/25 proto 17 dport 5353", "all" */
	char rule_action[24];             /**< "table 100", "table main", "blackhole",
	                                       "prohibit"; a blackhole or prohibit rule is the
	                                       answer: type says it, prefix 0/0. */
};

/**
 * Which IPv6 route a packet to @p addr takes, the VRF's IPv6 policy rules (`ip -6 rule`)
 * applied as the data path does (from, iif, proto, dscp, ports: zero or "" when not given),
 * and its next hop. -ENOENT: no route; -EINVAL: iif is no running router interface of the
 * VRF.
 */
#define VSW_API_ROUTE_LOOKUP6 VSW_API_TYPE(VSW_API_MOD_L3, 4)

struct vsw_api_route_lookup6_req {
	char vrf[VSW_API_NAME_MAX]; /**< "" = "default". */
	uint8_t addr[16];
	uint8_t from[16];           /**< Source address; all zero: none. */
	char iif[VSW_API_NAME_MAX]; /**< Ingress router interface; "": none. */
	uint8_t proto;              /**< Next header; 0: none. */
	uint8_t dscp;               /**< 0..63 */
	uint16_t sport;             /**< TCP/UDP ports, network byte order (proto 6, 17). */
	uint16_t dport;
	uint16_t reserved;
};

struct vsw_api_route_lookup6_resp {
	uint8_t prefix[16];               /**< The matching route. */
	uint8_t via[16];                  /**< Gateway or neighbour; all zero: none. */
	uint8_t len;
	uint8_t reserved[7];
	char type[16];                    /**< As vsw_api_route_lookup_resp's. */
	char interface[VSW_API_NAME_MAX]; /**< Egress router interface, "" for none. */
	char mac[18];                     /**< The next hop's MAC, "" when not resolved. */
	uint8_t reserved2[6];
	uint32_t table;                   /**< The table the route is in (254: main). */
	uint32_t rule_matched;            /**< 1: a policy rule matched (the rule_* fields). */
	uint32_t rule_priority;
	char rule_match[160];             /**< As vsw_api_route_lookup_resp's. */
	char rule_action[24];
};

/**
 * Trace the next @p count packets received on @p port ("" = any port): every graph node they
 * cross, what it decided, where they left or why they were dropped. Forgets the previous
 * trace. -EINVAL: count not 1..1000; -ENOENT: no such port.
 */
#define VSW_API_TRACE_START VSW_API_TYPE(VSW_API_MOD_TRACE, 1)

struct vsw_api_trace_start_req {
	char port[VSW_API_NAME_MAX];
	uint32_t count;
	uint32_t reserved;
};

/** Stop marking and recording packets; what was recorded stays. No payload either way. */
#define VSW_API_TRACE_STOP VSW_API_TYPE(VSW_API_MOD_TRACE, 2)
/** Stop, and forget what was recorded. No payload either way. */
#define VSW_API_TRACE_CLEAR VSW_API_TYPE(VSW_API_MOD_TRACE, 3)

/**
 * The trace's state, and packets @p first, @p first + 1, ... as text (whole packets, as many
 * as fit in one message). Ask again from @p next until @p next > @p traced.
 */
#define VSW_API_TRACE_SHOW VSW_API_TYPE(VSW_API_MOD_TRACE, 4)

struct vsw_api_trace_show_req {
	uint32_t first; /**< Packet number, from 1 (0 is read as 1). */
	uint32_t reserved;
};

struct vsw_api_trace_show_resp { /* 56 bytes, then the text */
	uint32_t on;     /**< 1: recording (started, not stopped). */
	uint32_t wanted; /**< Packets asked for. */
	uint32_t traced; /**< Packets marked so far. */
	uint32_t steps;  /**< Steps recorded. */
	uint32_t lost;   /**< Steps not recorded: the buffer (8192 steps) was full. */
	uint32_t next;   /**< The first packet not in text. */
	char port[VSW_API_NAME_MAX]; /**< The port traced, "" = any. */
	char text[];     /**< NUL-terminated; the response's length ends with the NUL. */
};

/* --- VSW_API_MOD_NAT ------------------------------------------------------------------ */

/**
 * Delete every NAT session (as `conntrack -F`): each worker empties its own table within
 * milliseconds; forwards and floating IPs stay. No request payload. Response: struct
 * vsw_api_nat_flush_resp; -ENODEV when the NAT is not running.
 */
#define VSW_API_NAT_FLUSH VSW_API_TYPE(VSW_API_MOD_NAT, 1)

struct vsw_api_nat_flush_resp {
	uint32_t sessions; /**< Sessions when asked (the flush finishes just after). */
	uint32_t reserved;
};

/* --- VSW_API_MOD_VXLAN ---------------------------------------------------------------- */

/**
 * Add a remote VTEP to a tunnel's flood list, live (as `bridge fdb append 00:00:00:00:00:00
 * dev vxlan10 dst ADDRESS`): broadcast, unknown unicast and multicast frames are replicated
 * to it, and frames from it are learned behind it. It stays across reloads while the tunnel
 * exists. Request: struct vsw_api_vxlan_remote_req. Response: struct
 * vsw_api_vxlan_remote_resp. -ENOENT: no such tunnel; -EEXIST: listed already; -EINVAL: not
 * a unicast address, or the local VTEP's; -ENOSPC: 16 remotes already.
 */
#define VSW_API_VXLAN_REMOTE_ADD VSW_API_TYPE(VSW_API_MOD_VXLAN, 1)
/**
 * Remove a remote the API added (what the FDB learned behind it goes too). -ENOENT: no such
 * tunnel or API remote; -EPERM: the config file lists it.
 */
#define VSW_API_VXLAN_REMOTE_DEL VSW_API_TYPE(VSW_API_MOD_VXLAN, 2)

struct vsw_api_vxlan_remote_req {
	char tunnel[VSW_API_NAME_MAX];
	uint32_t ip;       /**< The remote VTEP, network byte order. */
	uint32_t reserved;
};

struct vsw_api_vxlan_remote_resp {
	uint32_t remotes;  /**< The tunnel's flood list now. */
	uint32_t reserved;
};

/**
 * Add or replace an ARP suppression binding IPv4 -> MAC in a tunnel with arp_suppress: local
 * hosts' ARP requests for the address are answered with the MAC. It is never aged nor
 * changed by snooping. Request: struct vsw_api_vxlan_neigh_req. No response payload.
 * -ENOENT: no such tunnel; -EOPNOTSUPP: it does not suppress ARP; -EEXIST: the config binds
 * the address; -ENOSPC: the table is full.
 */
#define VSW_API_VXLAN_NEIGH_ADD VSW_API_TYPE(VSW_API_MOD_VXLAN, 3)
/** Remove a learned or API binding (mac ignored). -ENOENT: none; -EPERM: from the config. */
#define VSW_API_VXLAN_NEIGH_DEL VSW_API_TYPE(VSW_API_MOD_VXLAN, 4)
/** Query a binding (mac ignored). Response: struct vsw_api_vxlan_neigh_resp; -ENOENT. */
#define VSW_API_VXLAN_NEIGH_GET VSW_API_TYPE(VSW_API_MOD_VXLAN, 5)

struct vsw_api_vxlan_neigh_req {
	char tunnel[VSW_API_NAME_MAX];
	uint32_t ip;       /**< Network byte order. */
	uint8_t mac[6];    /**< Unicast, not zero (add). */
	uint16_t reserved;
};

struct vsw_api_vxlan_neigh_resp {
	uint8_t mac[6];
	uint8_t type;      /**< 0 learned (snooped), 1 static (config), 2 API. */
	uint8_t reserved;
	uint32_t age_s;    /**< Seconds since a frame last confirmed it. */
};

#ifdef __cplusplus
}
#endif

#endif /* VSW_API_H */
