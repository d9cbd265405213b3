/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'nat' config section (nat_conf.c, nat_conf_dnat.c): which router interfaces are the
 * inside and the outside of the NAT, the outside's addresses, port forwards and address
 * DNAT, floating IPs, session limits and timeouts. DPDK-free, part of struct vsw_config.
 * See docs/config.md, "nat".
 */
#ifndef VSW_NAT_CONF_H
#define VSW_NAT_CONF_H

#include <stdint.h>

#define VSW_NAT_MAX_POOL 16 /**< Addresses of one outside interface's pool. */
#define VSW_NAT_MAX_IFS 32  /**< Inside plus outside interfaces. */
#define VSW_NAT_MAX_RULES 1024 /**< Forwards plus floating IPs. */

/** Session timeouts, each its own config key (seconds). */
enum vsw_nat_timeout {
	VSW_NAT_T_TCP_SYN_SENT,    /**< SYN from inside, no answer yet (Linux: 120). */
	VSW_NAT_T_TCP_SYN_RECV,    /**< SYN+ACK seen, handshake not finished (60). */
	VSW_NAT_T_TCP_ESTABLISHED, /**< (432000, five days). */
	VSW_NAT_T_TCP_FIN_WAIT,    /**< A FIN one way (120). */
	VSW_NAT_T_TCP_TIME_WAIT,   /**< FINs both ways (120). */
	VSW_NAT_T_TCP_CLOSE,       /**< A RST (10). */
	VSW_NAT_T_UDP,             /**< UDP, no reply yet (30). */
	VSW_NAT_T_UDP_STREAM,      /**< UDP that got a reply (120). */
	VSW_NAT_T_ICMP,            /**< ICMP echo (30). */
	VSW_NAT_T_COUNT,
};

/** The config key of each timeout ("tcp_established", ...). */
extern const char *const vsw_nat_timeout_names[VSW_NAT_T_COUNT];

struct vsw_nat_if_conf {
	char rif[32];          /**< A router interface's name. */
	uint16_t rif_idx;      /**< Index into vsw_l3_conf.rifs (resolved). */
	uint8_t outside;       /**< 1: outside; 0: inside. */
	uint8_t n_pool;        /**< Outside: addresses to translate to; 0: its own (masquerade). */
	uint32_t pool[VSW_NAT_MAX_POOL]; /**< Host byte order. */
	uint16_t ports[2];     /**< Outside: the TCP and UDP ports it translates to, inclusive
	                            (MASQUERADE --to-ports); 0, 0: 1024..65535. */
	struct vsw_conf_mark mark;
};

/** What a rule translates: an outside address (and port) to an inside one. */
enum vsw_nat_rule_kind {
	VSW_NAT_FORWARD,  /**< 'forwards': port forward (proto set) or address DNAT (proto 0). */
	VSW_NAT_FLOATING, /**< 'floating_ips': 1:1 both ways, ARP answered on the outside. */
};

struct vsw_nat_rule_conf {
	char rif[32];      /**< The outside interface ("" in the file: the only one). */
	uint16_t rif_idx;  /**< Index into vsw_l3_conf.rifs (resolved). */
	uint8_t kind;      /**< enum vsw_nat_rule_kind. */
	uint8_t proto;     /**< 6 or 17 with a port; 0: every protocol, ports kept. */
	uint32_t addr;     /**< Outside address, host order (resolved: the interface's first
	                        when the file gives none). */
	uint16_t port;     /**< Outside port; 0 with proto 0. */
	uint16_t to_port;  /**< Inside port; 0 with proto 0. */
	uint32_t to;       /**< Inside address, host order. */
	struct vsw_conf_mark mark;
};

struct vsw_nat_conf {
	unsigned int n_ifs;
	struct vsw_nat_if_conf ifs[VSW_NAT_MAX_IFS];
	unsigned int n_rules;
	struct vsw_nat_rule_conf rules[VSW_NAT_MAX_RULES]; /**< Forwards, then floating IPs. */
	uint32_t max_sessions;          /**< All workers (restart to change). Default 65536. */
	uint32_t max_sessions_per_host; /**< Per inside address. Default 8192. */
	uint32_t timeout_s[VSW_NAT_T_COUNT];
	struct vsw_conf_mark max_sessions_mark;
};

#endif /* VSW_NAT_CONF_H */
