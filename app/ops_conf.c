/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The operator's config sections: 'runtime' (where vswd keeps its API socket and pid file,
 * and who may query it; app/runtime.c) and 'log' (the levels of vswd's own log types;
 * pipeline/vsw_log.h).
 *
 *   runtime:
 *     dir: /run/vsw/vsw     # default: /run/vsw/<eal.file_prefix>
 *     group: vsw            # may query (status, lookups, telemetry); default: owner only
 *   log:
 *     level: info           # emerg alert crit error warning notice info debug
 *     components: {l3: debug}
 *
 * Built into the config library, so no DPDK here. The runtime directory and its group are
 * set up once at start-up: a reload refuses a change of them. Log levels apply on reload.
 */

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vsw_sections.h"

const char *const vsw_log_comp_names[VSW_LOG_N] = {
    [VSW_LOG_MAIN] = "main", [VSW_LOG_PORT] = "port", [VSW_LOG_L2] = "l2",
    [VSW_LOG_L3] = "l3",     [VSW_LOG_NAT] = "nat",
};

/* -------------------------------------------------------------------------------------------
 * runtime
 */

enum { RT_DIR, RT_GROUP, RT_COUNT };
static const char *const runtime_keys[RT_COUNT] = {
    [RT_DIR] = "dir",
    [RT_GROUP] = "group",
};

static void
runtime_defaults(struct vsw_config *cfg)
{
	cfg->runtime_gid = -1;
}

/* A group name or number, looked up now so that --check catches a typo. */
static int
group_parse(const struct vsw_yaml *y, const yaml_node_t *v, struct vsw_config *cfg)
{
	char shown[VSW_YAML_SHOW_BUF], buf[4096], *end;
	struct group gr, *res = NULL;
	unsigned long id;
	int ret;

	ret = vsw_yaml_str(y, v, "group", cfg->runtime_group, sizeof(cfg->runtime_group));
	if (ret < 0)
		return ret;
	errno = 0;
	id = strtoul(cfg->runtime_group, &end, 10);
	if (*end == '\0' && errno == 0 && cfg->runtime_group[0] >= '0' &&
	    cfg->runtime_group[0] <= '9' && id < 0xffffffffUL) {
		cfg->runtime_gid = (int64_t)id;
		return 0;
	}
	if (getgrnam_r(cfg->runtime_group, &gr, buf, sizeof(buf), &res) != 0 || res == NULL)
		return vsw_yaml_error(y, v, "unknown group %s for 'group' (not in the group "
				      "database; a number is taken as a group id)",
				      vsw_yaml_show(v, shown));
	cfg->runtime_gid = (int64_t)gr.gr_gid;
	return 0;
}

static int
runtime_parse(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	yaml_node_t *keys[RT_COUNT], *vals[RT_COUNT];
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	ret = vsw_yaml_want_map(y, map, "runtime");
	if (ret < 0)
		return ret;
	ret = vsw_yaml_map_keys(y, map, "in runtime", runtime_keys, RT_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	cfg->runtime_map_mark = vsw_yaml_mark(map);
	if (vals[RT_DIR] != NULL) {
		const yaml_node_t *v = vals[RT_DIR];
		const char *d = cfg->runtime_dir;

		if (vsw_yaml_scalar_len(v) >= sizeof(cfg->runtime_dir))
			return vsw_yaml_error(y, v,
					      "'dir' %s is too long (at most %zu characters: "
					      "DIR/vswd.sock must fit a socket address)",
					      vsw_yaml_show(v, shown), sizeof(cfg->runtime_dir) - 1);
		ret = vsw_yaml_str(y, v, "dir", cfg->runtime_dir, sizeof(cfg->runtime_dir));
		if (ret < 0)
			return ret;
		if (d[0] != '/' || d[1] == '\0' || strstr(d, "/../") != NULL ||
		    (strlen(d) >= 3 && strcmp(d + strlen(d) - 3, "/..") == 0))
			return vsw_yaml_error(y, v,
					      "invalid 'dir' %s (expected an absolute path other "
					      "than /, without ..)",
					      vsw_yaml_show(v, shown));
		cfg->runtime_dir_mark = vsw_yaml_mark(v);
	}
	if (vals[RT_GROUP] != NULL) {
		ret = group_parse(y, vals[RT_GROUP], cfg);
		if (ret < 0)
			return ret;
		cfg->runtime_group_mark = vsw_yaml_mark(vals[RT_GROUP]);
	}
	return 0;
}

static int
runtime_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	     char *err)
{
	(void)d;
	if (strcmp(o->runtime_dir, n->runtime_dir) != 0)
		return vsw_conf_restart_error(err, n, n->runtime_dir_mark, n->runtime_map_mark,
					      "runtime.dir", "changed from '%s' to '%s'",
					      o->runtime_dir[0] ? o->runtime_dir : "(default)",
					      n->runtime_dir[0] ? n->runtime_dir : "(default)");
	if (o->runtime_gid != n->runtime_gid)
		return vsw_conf_restart_error(err, n, n->runtime_group_mark, n->runtime_map_mark,
					      "runtime.group", "changed from '%s' to '%s'",
					      o->runtime_group[0] ? o->runtime_group : "(none)",
					      n->runtime_group[0] ? n->runtime_group : "(none)");
	return 0;
}

const struct vsw_conf_section vsw_runtime_section = {
    .key = "runtime",
    .defaults = runtime_defaults,
    .parse = runtime_parse,
    .diff = runtime_diff,
};

/* -------------------------------------------------------------------------------------------
 * log
 */

enum { LOG_LEVEL, LOG_COMPONENTS, LOG_COUNT };
static const char *const log_keys[LOG_COUNT] = {
    [LOG_LEVEL] = "level",
    [LOG_COMPONENTS] = "components",
};
/* Index + 1 is rte_log's level (RTE_LOG_EMERG is 1). */
static const char *const level_names[] = {
    "emerg", "alert", "crit", "error", "warning", "notice", "info", "debug",
};
#define N_LEVELS ((unsigned int)(sizeof(level_names) / sizeof(level_names[0])))

static void
log_defaults(struct vsw_config *cfg)
{
	memset(cfg->log_levels, VSW_DEF_LOG_LEVEL, sizeof(cfg->log_levels));
}

static int
level_parse(const struct vsw_yaml *y, const yaml_node_t *v, const char *key, uint8_t *level)
{
	unsigned int i;
	int ret;

	ret = vsw_yaml_enum(y, v, key, level_names, N_LEVELS, &i);
	if (ret < 0)
		return ret;
	*level = (uint8_t)(i + 1);
	return 0;
}

static int
log_parse(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	yaml_node_t *keys[LOG_COUNT], *vals[LOG_COUNT];
	yaml_node_t *ckeys[VSW_LOG_N], *cvals[VSW_LOG_N];
	uint8_t level = VSW_DEF_LOG_LEVEL;
	unsigned int i;
	int ret;

	ret = vsw_yaml_want_map(y, map, "log");
	if (ret < 0)
		return ret;
	ret = vsw_yaml_map_keys(y, map, "in log", log_keys, LOG_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	if (vals[LOG_LEVEL] != NULL) {
		ret = level_parse(y, vals[LOG_LEVEL], "level", &level);
		if (ret < 0)
			return ret;
	}
	memset(cfg->log_levels, level, sizeof(cfg->log_levels));
	if (vals[LOG_COMPONENTS] == NULL)
		return 0;
	ret = vsw_yaml_want_map(y, vals[LOG_COMPONENTS], "components");
	if (ret < 0)
		return ret;
	ret = vsw_yaml_map_keys(y, vals[LOG_COMPONENTS], "in log.components",
				vsw_log_comp_names, VSW_LOG_N, ckeys, cvals);
	if (ret < 0)
		return ret;
	for (i = 0; i < VSW_LOG_N; i++) {
		if (cvals[i] == NULL)
			continue;
		ret = level_parse(y, cvals[i], vsw_log_comp_names[i], &cfg->log_levels[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* Nothing to refuse: reload sets the new levels once it has applied (app/reload.c). */
static int
log_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	 char *err)
{
	(void)o;
	(void)n;
	(void)d;
	(void)err;
	return 0;
}

const struct vsw_conf_section vsw_log_section = {
    .key = "log",
    .defaults = log_defaults,
    .parse = log_parse,
    .diff = log_diff,
};
