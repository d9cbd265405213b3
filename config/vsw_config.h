/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswd configuration: the YAML file parsed into one plain struct.
 *
 * The parser is independent of DPDK (it runs before rte_eal_init() and in unit tests without
 * EAL). It validates everything that can be validated without touching a device: types,
 * ranges, unknown keys, names and cross references. Every error names the file, the line and
 * the column (1-based) of the offending YAML node and what was expected there.
 *
 * Checks that need a running EAL (does the devargs name a known driver, is the lcore enabled)
 * are done by the application, which reports them with the marks stored in this struct.
 */
#ifndef VSW_CONFIG_H
#define VSW_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VSW_NAME_MAX 32      /**< Port name, including the NUL. */
#define VSW_MAX_PORTS 32     /**< Ports in one config (RTE_MAX_ETHPORTS in Debian's DPDK). */
#define VSW_MAX_WORKERS 16   /**< Worker lcores. */
#define VSW_MAX_QUEUES 16    /**< Rx queues of one port. */
#define VSW_MAX_EAL_ARGS 32  /**< Extra EAL arguments. */
#define VSW_EAL_ARG_MAX 256  /**< One EAL argument, including the NUL. */
#define VSW_DEVARGS_MAX 256  /**< A devargs string, including the NUL. */
#define VSW_IFNAME_MAX 16    /**< Kernel interface name, including the NUL (IFNAMSIZ). */
#define VSW_SOCK_PATH_MAX 108 /**< vhost-user socket path, including the NUL (sun_path). */
#define VSW_ERR_MAX 512      /**< Error message, including the NUL. */
#define VSW_MAX_BRIDGES 4096 /**< Bridges (learning domains) in one config. */
#define VSW_MAX_STATIC_MACS 4096 /**< Static FDB entries, all bridges together. */
#define VSW_VLAN_MAX 4094    /**< Highest usable VLAN id. */
#define VSW_VLAN_BITMAP_BYTES (4096 / 8)

/** Where a YAML node starts in the config file; 1-based, 0 when not from a file. */
struct vsw_conf_mark {
	unsigned int line;
	unsigned int column;
};

enum vsw_port_kind {
	VSW_PORT_DPDK,  /**< Any ethdev named by devargs (PCI address or vdev string). */
	VSW_PORT_VHOST, /**< vhost-user socket (net_vhost PMD). */
	VSW_PORT_TAP,   /**< Kernel TAP interface (net_tap PMD). */
	VSW_PORT_BOND,  /**< A bond of other ports (ports/bond.c): no device of its own. */
};

#define VSW_BOND_MAX_MEMBERS 8 /**< Member ports of one bond. */

/** How a bond uses its members. */
enum vsw_bond_mode {
	VSW_BOND_ACTIVE_BACKUP, /**< One member carries everything; the next up takes over. */
};

/** How a port classifies frames into VLANs (802.1Q). */
enum vsw_vlan_mode {
	VSW_VLAN_NONE,         /**< No VLAN handling: the port joins an untagged bridge. */
	VSW_VLAN_ACCESS,       /**< Untagged in and out, in VLAN `tag`; tagged frames dropped. */
	VSW_VLAN_TRUNK,        /**< Tagged with TPID `tpid` for the `trunks` VLANs; untagged =
	                            `native_vlan`. */
	VSW_VLAN_DOT1Q_TUNNEL, /**< QinQ customer port: every frame, tagged or not, is in
	                            S-VLAN `tag` and keeps its own tags. */
};

/** Defaults applied by the parser when a key is absent. */
#define VSW_DEF_RX_DESC 1024
#define VSW_DEF_TX_DESC 1024
#define VSW_DEF_BURST 32
#define VSW_DEF_FILE_PREFIX "vsw"
#define VSW_DEF_AGING_S 300
#define VSW_DEF_FDB_SIZE 65536
#define VSW_DEF_TPID 0x8100
#define VSW_DEF_RUNTIME_BASE "/run/vsw" /**< The default runtime dir is BASE/<file prefix>. */
#define VSW_RUNTIME_DIR_MAX 96 /**< Runtime dir, including the NUL: DIR/vswd.sock fits sun_path. */

/** Components of vswd with a log type of their own (rte_log "vsw.<name>"). */
enum vsw_log_comp {
	VSW_LOG_MAIN, /**< vswd itself: start, stop, reload, links, the API. */
	VSW_LOG_PORT, /**< Ports: probe, setup, link. */
	VSW_LOG_L2,   /**< Bridges and the FDB. */
	VSW_LOG_L3,   /**< The router: interfaces, routes, neighbours. */
	VSW_LOG_NAT,  /**< NAT sessions. */
	VSW_LOG_N,
};
/** The components' names in the config (log.components) and in rte_log ("vsw.l3"). */
extern const char *const vsw_log_comp_names[VSW_LOG_N];
/** Log levels, rte_log's numbers (RTE_LOG_EMERG 1 .. RTE_LOG_DEBUG 8). */
#define VSW_LOG_LEVEL_DEBUG 8
#define VSW_DEF_LOG_LEVEL 7 /**< info */

struct vsw_port_conf {
	char name[VSW_NAME_MAX];          /**< Unique; [A-Za-z0-9_.-], starts with a letter. */
	enum vsw_port_kind kind;
	char devargs[VSW_DEVARGS_MAX];    /**< dpdk: devargs as given to rte_dev_probe(). */
	char iface[VSW_IFNAME_MAX];       /**< tap: kernel interface name (default: the port
	                                       name, which must then fit in 15 characters). */
	char path[VSW_SOCK_PATH_MAX];     /**< vhost-user: socket path. */
	bool vhost_client;                /**< vhost-user: true = client mode (reconnects). */
	bool has_mac;                     /**< A fixed MAC was given. */
	uint8_t mac[6];                   /**< tap, dpdk: fixed MAC address. */
	uint16_t rx_queues;               /**< Rx queues (vhost: queue pairs); default 1. */
	uint16_t rx_desc;                 /**< Rx ring size; default VSW_DEF_RX_DESC. */
	uint16_t tx_desc;                 /**< Tx ring size; default VSW_DEF_TX_DESC. */
	uint16_t mtu;                     /**< 0 = leave the PMD's default. */
	bool rss;                         /**< RSS over rx queues; default: rx_queues > 1. */
	uint16_t n_rx_affinity;           /**< Entries in rx_affinity (0 = round-robin). */
	uint16_t rx_affinity[VSW_MAX_QUEUES]; /**< Worker lcore polling rx queue i. */
	struct vsw_conf_mark mark;        /**< The port's mapping in the file. */
	struct vsw_conf_mark devargs_mark; /**< dpdk: the devargs value. */
	struct vsw_conf_mark affinity_mark; /**< The rx_affinity value, if given. */
	struct vsw_conf_mark name_mark;   /**< The name value. */
	struct vsw_conf_mark path_mark;   /**< vhost-user: the path value. */
	struct vsw_conf_mark mtu_mark;    /**< The mtu value, if given. */

	/* bond (ports/bond_conf.c). */
	enum vsw_bond_mode bond_mode;     /**< Default VSW_BOND_ACTIVE_BACKUP. */
	uint16_t n_members;               /**< Member ports, 1..VSW_BOND_MAX_MEMBERS. */
	uint16_t members[VSW_BOND_MAX_MEMBERS]; /**< Indexes into vsw_config.ports, in the
	                                       order given (the first up is used first). */
	char member_names[VSW_BOND_MAX_MEMBERS][VSW_NAME_MAX]; /**< As written. */
	struct vsw_conf_mark members_mark; /**< The members value. */

	/* L2 (any kind). */
	enum vsw_vlan_mode vlan_mode;     /**< Default VSW_VLAN_NONE. */
	uint16_t tag;                     /**< access: its VLAN; dot1q-tunnel: its S-VLAN. */
	uint8_t trunks[VSW_VLAN_BITMAP_BYTES]; /**< trunk: bit v set = VLAN v allowed. */
	uint16_t n_trunks;                /**< trunk: number of allowed VLANs. */
	uint16_t native_vlan;             /**< trunk: VLAN of untagged and priority-tagged
	                                       frames; 0 = none (they are dropped). */
	bool native_tagged;               /**< trunk: send the native VLAN tagged too. */
	uint16_t tpid;                    /**< trunk: tag TPID, 0x8100 (default) or 0x88a8. */
	uint32_t mac_limit;               /**< Learned MACs on this port; 0 = no limit. */
	struct vsw_conf_mark vlan_mark;   /**< The vlan_mode value (or the port if absent). */
};

/** Is VLAN @p vid in a trunk bitmap. */
static inline bool
vsw_vlan_bit(const uint8_t bitmap[VSW_VLAN_BITMAP_BYTES], uint16_t vid)
{
	return vid < 4096 && (bitmap[vid >> 3] >> (vid & 7)) & 1;
}

/** A bridge: one learning domain, tied to one VLAN or to untagged ports. */
struct vsw_bridge_conf {
	char name[VSW_NAME_MAX];          /**< Unique among bridges; same rules as port names. */
	uint16_t vlan;                    /**< 1..4094, or 0: untagged (flat/local network). */
	uint16_t n_ports;
	uint16_t ports[VSW_MAX_PORTS];    /**< Member port indexes, in file order. */
	uint32_t aging_s;                 /**< Learned entry lifetime; default 300; 0 = never. */
	bool flood_unknown;               /**< Flood unknown unicast; default true. */
	uint32_t mac_limit;               /**< Learned MACs in this bridge; 0 = no limit. */
	struct vsw_conf_mark mark;
};

/** A static FDB entry: never aged, never moved by learning. */
struct vsw_fdb_static_conf {
	uint16_t bridge;                  /**< Index into vsw_config.bridges. */
	uint16_t port;                    /**< Index into vsw_config.ports; a member of bridge. */
	uint8_t mac[6];                   /**< Unicast, not zero. */
	struct vsw_conf_mark mark;
};

#include "../pipeline/l3/l3_conf.h"
#include "../pipeline/nat/nat_conf.h"
#include "../pipeline/vxlan/vxlan_conf.h"

/** A cross-connect: everything received on port a leaves on port b, and the reverse. */
struct vsw_xconnect_conf {
	uint16_t a; /**< Index into vsw_config.ports. */
	uint16_t b; /**< Index into vsw_config.ports. */
	struct vsw_conf_mark mark;
};

struct vsw_config {
	char path[4096]; /**< File the config came from (or the name given to parse_string). */

	/* eal: */
	char file_prefix[64];                          /**< --file-prefix; default "vsw". */
	uint16_t main_lcore;                           /**< Control-plane lcore; default 0. */
	unsigned int n_eal_args;                       /**< Extra EAL arguments, in order. */
	char eal_args[VSW_MAX_EAL_ARGS][VSW_EAL_ARG_MAX];
	struct vsw_conf_mark eal_mark;                 /**< The eal mapping (0:0 if absent). */
	struct vsw_conf_mark file_prefix_mark;         /**< Its value (0:0 if absent). */
	struct vsw_conf_mark main_lcore_mark;          /**< Its value (0:0 if absent). */
	struct vsw_conf_mark eal_args_mark;            /**< Its value (0:0 if absent). */

	/* workers: */
	unsigned int n_workers;                        /**< At least 1. */
	uint16_t worker_lcores[VSW_MAX_WORKERS];       /**< Distinct, none == main_lcore. */
	struct vsw_conf_mark workers_mark;             /**< The lcores list. */
	uint32_t idle_sleep_us;                        /**< 0 = never sleep (production). */
	uint32_t idle_threshold_us;                    /**< Idle this long before sleeping; default 1000. */
	uint16_t burst;                                /**< Rx burst size, 1..256; default 32. */
	uint32_t mbufs;                                /**< Mbuf pool size; 0 = sized from ports. */
	struct vsw_conf_mark workers_map_mark;         /**< The workers mapping. */
	struct vsw_conf_mark mbufs_mark;               /**< The mbufs value (0:0 if absent). */

	/* ports: */
	unsigned int n_ports;
	struct vsw_port_conf ports[VSW_MAX_PORTS];

	/* xconnect: */
	unsigned int n_xconnects;
	struct vsw_xconnect_conf xconnects[VSW_MAX_PORTS / 2];

	/* bridges: */
	unsigned int n_bridges;
	struct vsw_bridge_conf bridges[VSW_MAX_BRIDGES];
	unsigned int n_static_macs;
	struct vsw_fdb_static_conf static_macs[VSW_MAX_STATIC_MACS];

	/* fdb: */
	uint32_t fdb_size;                             /**< FDB entries, all bridges; default
	                                                    VSW_DEF_FDB_SIZE. */
	struct vsw_conf_mark fdb_mark;                 /**< The fdb mapping (0:0 if absent). */
	struct vsw_conf_mark fdb_size_mark;            /**< The size value (0:0 if absent). */

	/* router: */
	struct vsw_l3_conf l3;
	struct vsw_conf_mark l3_mark;                  /**< The router mapping (0:0 if absent). */

	/* nat: */
	struct vsw_nat_conf nat;
	struct vsw_conf_mark nat_mark;                 /**< The nat mapping (0:0 if absent). */

	/* vxlan: */
	struct vsw_vxlan_conf vxlan;

	/* metrics: */
	char metrics_listen[64];                       /**< "ADDR:PORT"; "" = no endpoint. */
	struct vsw_conf_mark metrics_map_mark;         /**< The metrics mapping (0:0 if absent). */
	struct vsw_conf_mark metrics_mark;             /**< The listen value (0:0 if absent). */

	/* runtime: */
	char runtime_dir[VSW_RUNTIME_DIR_MAX];         /**< API socket, pid file; "" = the
	                                                    default, VSW_DEF_RUNTIME_BASE/<prefix>. */
	char runtime_group[32];                        /**< Group with query access; "" = none. */
	int64_t runtime_gid;                           /**< Its id, or -1. */
	struct vsw_conf_mark runtime_map_mark;         /**< The runtime mapping (0:0 if absent). */
	struct vsw_conf_mark runtime_dir_mark;         /**< Its dir value (0:0 if absent). */
	struct vsw_conf_mark runtime_group_mark;       /**< Its group value (0:0 if absent). */

	/* log: */
	uint8_t log_levels[VSW_LOG_N];                 /**< Per component, rte_log levels. */
};

/**
 * Parse and validate a config file.
 *
 * @param path  File to read.
 * @param cfg   Filled on success (vsw_config_release() frees what it holds on the heap: the
 *              router's routes); on failure left in an unspecified state that holds nothing
 *              on the heap. Its previous content is overwritten, not released.
 * @param err   On failure, "FILE:LINE:COLUMN: message" (or "FILE: message" when the file
 *              cannot be read), NUL-terminated, at most VSW_ERR_MAX bytes.
 * @return 0 on success; -EINVAL for a config error; -errno when the file cannot be read;
 *         -ENOMEM; -ENAMETOOLONG when @p path does not fit cfg->path; -EFBIG for a file
 *         over 256 MiB.
 *
 * Columns count characters, as libyaml does. @p err may be NULL.
 * Thread-safe (no global state).
 */
int vsw_config_load(const char *path, struct vsw_config *cfg, char err[VSW_ERR_MAX]);

/**
 * Parse and validate config text held in memory; as vsw_config_load().
 *
 * @param name  Name used in error messages and stored in cfg->path.
 */
int vsw_config_parse(const char *name, const char *text, size_t len, struct vsw_config *cfg,
		     char err[VSW_ERR_MAX]);

/**
 * Free the parts of @p cfg that a successful vsw_config_load() or vsw_config_parse() put on
 * the heap (the router's routes), leaving them empty. A byte copy of @p cfg shares them:
 * release one copy only. @p cfg may be NULL.
 */
void vsw_config_release(struct vsw_config *cfg);

/** Index of the port called @p name, or -1. */
int vsw_config_port_index(const struct vsw_config *cfg, const char *name);

/** "dpdk", "vhost-user" or "tap"; "unknown" for a value outside the enum. */
const char *vsw_port_kind_name(enum vsw_port_kind kind);

#ifdef __cplusplus
}
#endif

#include "vsw_config_diff.h"

#endif /* VSW_CONFIG_H */
