/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What changed between two parsed configs, for a live reload.
 *
 * Objects are matched by name, never by position: a file whose ports or bridges are only
 * reordered gives an empty diff. Each section of the config computes its own part (see
 * vsw_sections.h); keys that only take effect at start-up make the diff fail instead.
 */
#ifndef VSW_CONFIG_DIFF_H
#define VSW_CONFIG_DIFF_H

#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What changed in a port present in both configs (vsw_diff_change.mask). */
enum vsw_port_change {
	/**
	 * The device: kind, devargs, iface, path, vhost client mode, fixed MAC, rx_queues,
	 * rx_desc, tx_desc, rss or mtu. The port must be closed and re-created.
	 */
	VSW_PORT_CHG_DEVICE = 1u << 0,
	VSW_PORT_CHG_AFFINITY = 1u << 1,  /**< rx_affinity: which worker polls which queue. */
	VSW_PORT_CHG_VLAN = 1u << 2,      /**< vlan_mode, tag, trunks, native_vlan,
	                                       native_tagged or tpid. */
	VSW_PORT_CHG_MAC_LIMIT = 1u << 3, /**< The port's mac_limit. */
};

/** What changed in a bridge present in both configs (vsw_diff_change.mask). */
enum vsw_bridge_change {
	VSW_BRIDGE_CHG_MEMBERS = 1u << 0,   /**< The set of member port names. */
	VSW_BRIDGE_CHG_VLAN = 1u << 1,      /**< The bridge's VLAN. */
	VSW_BRIDGE_CHG_AGING = 1u << 2,     /**< aging_s. */
	VSW_BRIDGE_CHG_FLOOD = 1u << 3,     /**< flood_unknown. */
	VSW_BRIDGE_CHG_MAC_LIMIT = 1u << 4, /**< The bridge's mac_limit. */
};

/** Worker settings that apply live (vsw_config_diff.workers). */
enum vsw_workers_change {
	VSW_WORKERS_CHG_IDLE_SLEEP = 1u << 0,     /**< workers.idle_sleep_us. */
	VSW_WORKERS_CHG_IDLE_THRESHOLD = 1u << 1, /**< workers.idle_threshold_us. */
	VSW_WORKERS_CHG_BURST = 1u << 2,          /**< workers.burst. */
};

/** An object present, under the same name, in both configs. */
struct vsw_diff_change {
	uint16_t old_index; /**< Index in the old config's array (ports[] or bridges[]). */
	uint16_t new_index; /**< Index in the new config's array. */
	uint32_t mask;      /**< VSW_PORT_CHG_* or VSW_BRIDGE_CHG_* bits; never 0. */
};

/**
 * The difference between two configs.
 *
 * Indexes named "old" point into the old config, "new" into the new one; a port or bridge
 * that kept its name but moved in the file is matched (and, if nothing else changed, absent
 * from every list). Lists are in the order of the config they index. The struct is large
 * (about 100 KiB): allocate it, do not put it on a worker's stack.
 *
 * Whoever applies the diff must remap every index it keeps: a bridge whose members are
 * unchanged by name may still hold different port indexes in the new config, and a port
 * re-created for a DEVICE change keeps its bridge memberships and cross-connect by name.
 */
struct vsw_config_diff {
	unsigned int n_ports_added;
	uint16_t ports_added[VSW_MAX_PORTS]; /**< New indexes of ports only in the new config. */
	unsigned int n_ports_removed;
	uint16_t ports_removed[VSW_MAX_PORTS]; /**< Old indexes of ports only in the old one. */
	unsigned int n_ports_changed;
	struct vsw_diff_change ports_changed[VSW_MAX_PORTS]; /**< VSW_PORT_CHG_* masks. */

	unsigned int n_bridges_added;
	uint16_t bridges_added[VSW_MAX_BRIDGES]; /**< New indexes. */
	unsigned int n_bridges_removed;
	uint16_t bridges_removed[VSW_MAX_BRIDGES]; /**< Old indexes. */
	unsigned int n_bridges_changed;
	struct vsw_diff_change bridges_changed[VSW_MAX_BRIDGES]; /**< VSW_BRIDGE_CHG_* masks. */

	/**
	 * The set of cross-connect pairs changed. Pairs are compared by port names, [a, b] and
	 * [b, a] being the same pair; the order of the pairs does not matter. A pair whose ports
	 * are re-created (DEVICE) is not a change of the set.
	 */
	bool xconnect_changed;

	/**
	 * Static FDB entries, matched by (bridge name, MAC, port name): a moved entry is one
	 * removed and one added.
	 */
	unsigned int n_static_added;
	uint16_t static_added[VSW_MAX_STATIC_MACS]; /**< New indexes into static_macs[]. */
	unsigned int n_static_removed;
	uint16_t static_removed[VSW_MAX_STATIC_MACS]; /**< Old indexes into static_macs[]. */

	uint32_t workers; /**< VSW_WORKERS_CHG_* bits: live worker settings that changed. */

	/** Anything in the router section changed (its apply rebuilds the router's tables). */
	bool router_changed;

	/** Anything in the nat section but max_sessions changed: interfaces, pools, forwards,
	 *  floating IPs, limits, timeouts (its apply republishes the NAT's tables). */
	bool nat_changed;

	/** Anything in the vxlan section changed (its apply rebuilds the tunnels' tables). */
	bool vxlan_changed;
};

/**
 * Compute what changed from @p old_cfg to @p new_cfg, two configs returned by
 * vsw_config_load() or vsw_config_parse().
 *
 * Keys that only take effect at start-up are refused: every key of the eal section,
 * workers.lcores, workers.mbufs and fdb.size. The error names the new file and the line and
 * column of the key in it (of its section, or 1:1, when the key is absent from the new file),
 * e.g. "new.yaml:3:15: 'workers.lcores' changed from [1, 2] to [1]: it needs a restart".
 *
 * @param old_cfg  The running config.
 * @param new_cfg  The config to apply.
 * @param d        Filled on success (zeroed first); unspecified on failure.
 * @param err      On failure, the message, NUL-terminated, at most VSW_ERR_MAX bytes; may be NULL.
 * @return 0 on success (the diff may be empty: check vsw_config_diff_empty());
 *         -ENOTSUP when a key that needs a restart changed; -EINVAL for a NULL argument.
 *
 * Thread-safe: reads only its arguments.
 */
int vsw_config_diff(const struct vsw_config *old_cfg, const struct vsw_config *new_cfg,
		    struct vsw_config_diff *d, char err[VSW_ERR_MAX]);

/** Whether @p d records no change at all. */
bool vsw_config_diff_empty(const struct vsw_config_diff *d);

#ifdef __cplusplus
}
#endif

#endif /* VSW_CONFIG_DIFF_H */
