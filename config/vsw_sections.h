/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The config sections: who parses, checks and diffs which part of the file.
 *
 * Each top-level key of the file (eal, workers, ports, ...) is one struct vsw_conf_section,
 * written by the feature that owns it in its own folder (app/eal_conf.c, ports/port_conf.c,
 * pipeline/xconnect/xconnect_conf.c, pipeline/l2/bridge_conf.c). The table vsw_conf_sections[]
 * in vsw_sections.c lists them in the order they run: there is no registration at start-up,
 * so the order is the one written there.
 *
 * A parse runs, section by section in table order: defaults (always), parse (when the key is
 * in the file), then resolve for every section, then validate for every section. So value
 * errors in any section are reported before any cross check, and references by name (ports
 * named by xconnect and bridges) are resolved before the checks that need them.
 *
 * Keys inside a port's mapping that belong to a feature (the L2 keys) are parsed by that
 * feature through vsw_conf_port_keys[], so the ports section does not know them.
 *
 * Every hook returns 0 or a negative errno, with the message written through the
 * struct vsw_yaml (or into @p err for diff). None may keep a pointer into the document.
 */
#ifndef VSW_SECTIONS_H
#define VSW_SECTIONS_H

#include "vsw_config.h"
#include "vsw_config_diff.h"
#include "vsw_yaml.h"

/** One top-level section of the config file. */
struct vsw_conf_section {
	const char *key; /**< Its top-level key. */
	bool required;   /**< "missing required key" when absent. */
	/** Set the section's defaults in @p cfg (zeroed before). May be NULL. */
	void (*defaults)(struct vsw_config *cfg);
	/** Parse the section's value @p node (present in the file) into @p cfg. */
	int (*parse)(const struct vsw_yaml *y, const yaml_node_t *node, struct vsw_config *cfg);
	/**
	 * Resolve names into indexes once every section is parsed. @p node is the section's
	 * value, or NULL when it is absent. May be NULL.
	 */
	int (*resolve)(const struct vsw_yaml *y, const yaml_node_t *node, struct vsw_config *cfg);
	/** Cross checks once every section is resolved; as resolve. May be NULL. */
	int (*validate)(const struct vsw_yaml *y, const yaml_node_t *node,
			struct vsw_config *cfg);
	/**
	 * Record in @p d what changed in this section from @p o to @p n. Refuse a change that
	 * needs a restart with -ENOTSUP and "NEWFILE:LINE:COLUMN: ..." in @p err (may be NULL).
	 */
	int (*diff)(const struct vsw_config *o, const struct vsw_config *n,
		    struct vsw_config_diff *d, char *err);
	/**
	 * Remove the section's objects from @p cfg, keeping its settings: start-up applies the
	 * diff from the config so cleared to the config. May be NULL (no objects).
	 */
	void (*clear)(struct vsw_config *cfg);
	/** Free what the section's parse allocated in @p cfg (vsw_config_release()). May be
	 *  NULL (nothing allocated). */
	void (*release)(struct vsw_config *cfg);
};

/** Per-port keys owned by a feature other than ports. */
struct vsw_conf_port_keys {
	const char *const *keys; /**< Key names, accepted in every port's mapping. */
	unsigned int n_keys;
	/**
	 * Parse these keys of port @p port (all its ports keys are already read). @p keys and
	 * @p vals are indexed like @p keys of this struct (NULL: absent); @p map is the port's
	 * mapping. Called for every port, so it also sets the defaults.
	 */
	int (*parse)(const struct vsw_yaml *y, const yaml_node_t *map, yaml_node_t *const keys[],
		     yaml_node_t *const vals[], struct vsw_port_conf *port);
	/** VSW_PORT_CHG_* bits for what changed in these keys from @p o to @p n. */
	uint32_t (*diff)(const struct vsw_port_conf *o, const struct vsw_port_conf *n);
};

/** Most keys of one port-key extension (to size arrays). */
#define VSW_CONF_PORT_KEYS_MAX 16

/** The sections, in the order they run (vsw_sections.c). */
extern const struct vsw_conf_section *const vsw_conf_sections[];
extern const unsigned int vsw_conf_n_sections;

/** The per-port key extensions, in the order they run (vsw_sections.c). */
extern const struct vsw_conf_port_keys *const vsw_conf_port_keys[];
extern const unsigned int vsw_conf_n_port_keys;

/* The sections and port keys, each defined in its feature's folder. */
extern const struct vsw_conf_section vsw_eal_section;       /* app/eal_conf.c */
extern const struct vsw_conf_section vsw_workers_section;   /* app/eal_conf.c */
extern const struct vsw_conf_section vsw_ports_section;     /* ports/port_conf.c */
extern const struct vsw_conf_section vsw_xconnect_section; /* pipeline/xconnect/ */
extern const struct vsw_conf_section vsw_bridges_section;  /* pipeline/l2/bridge_conf.c */
extern const struct vsw_conf_section vsw_fdb_section;      /* pipeline/l2/bridge_conf.c */
extern const struct vsw_conf_port_keys vsw_l2_port_keys;   /* pipeline/l2/l2_port_conf.c */
extern const struct vsw_conf_section vsw_router_section;   /* pipeline/l3/l3_conf.c */
extern const struct vsw_conf_section vsw_nat_section;      /* pipeline/nat/nat_conf.c */
extern const struct vsw_conf_section vsw_vxlan_section;    /* pipeline/vxlan/vxlan_conf.c */
extern const struct vsw_conf_section vsw_metrics_section;  /* app/metrics_conf.c */
extern const struct vsw_conf_section vsw_runtime_section;  /* app/ops_conf.c */
extern const struct vsw_conf_section vsw_log_section;      /* app/ops_conf.c */

struct in_addr;
/**
 * Parse "A.B.C.D:PORT" (the metrics.listen value) into @p addr and @p port (1..65535).
 * @return 0 or -EINVAL.
 */
int vsw_metrics_addr_parse(const char *s, struct in_addr *addr, uint16_t *port);

/* ---- Helpers for the diff hooks ---------------------------------------------------------- */

/**
 * Refuse a change of key @p what (e.g. "workers.lcores") that needs a restart, at @p mark in
 * new config @p n, or at @p fallback when @p mark is 0:0 (the key is absent), or at 1:1.
 * @p fmt describes the change. @return -ENOTSUP.
 */
int vsw_conf_restart_error(char *err, const struct vsw_config *n, struct vsw_conf_mark mark,
			   struct vsw_conf_mark fallback, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/** Index of the bridge called @p name in @p cfg, or -1. */
/** @p cfg without any section's objects (vsw_conf_section.clear). */
void vsw_config_clear_objects(struct vsw_config *cfg);

int vsw_config_bridge_index(const struct vsw_config *cfg, const char *name);

#endif /* VSW_SECTIONS_H */
