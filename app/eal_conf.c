/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 'eal' and 'workers' config sections: parse, check and diff.
 *
 * Built into the config library (config/meson.build), which stays free of DPDK: nothing here
 * may call into the EAL. Everything in 'eal', and the worker lcores and mbuf pool size, are
 * fixed once the EAL is up, so the diff refuses changes to them; the idle and burst settings
 * are read by the workers each loop and apply live.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vsw_sections.h"

/* -------------------------------------------------------------------------------------------
 * eal
 */

enum { EAL_FILE_PREFIX, EAL_MAIN_LCORE, EAL_ARGS, EAL_COUNT };
static const char *const eal_keys[EAL_COUNT] = {
    [EAL_FILE_PREFIX] = "file_prefix",
    [EAL_MAIN_LCORE] = "main_lcore",
    [EAL_ARGS] = "args",
};

static void
eal_defaults(struct vsw_config *cfg)
{
	memcpy(cfg->file_prefix, VSW_DEF_FILE_PREFIX, sizeof(VSW_DEF_FILE_PREFIX));
}

static int
eal_parse(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	yaml_node_t *keys[EAL_COUNT], *vals[EAL_COUNT];
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	ret = vsw_yaml_want_map(y, map, "eal");
	if (ret < 0)
		return ret;
	ret = vsw_yaml_map_keys(y, map, "in eal", eal_keys, EAL_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	cfg->eal_mark = vsw_yaml_mark(map);

	if (vals[EAL_FILE_PREFIX] != NULL) {
		const yaml_node_t *v = vals[EAL_FILE_PREFIX];

		ret = vsw_yaml_str(y, v, "file_prefix", cfg->file_prefix, sizeof(cfg->file_prefix));
		if (ret < 0)
			return ret;
		for (const char *c = cfg->file_prefix; *c != '\0'; c++)
			if (!vsw_is_alnum(*c) && *c != '_' && *c != '-')
				return vsw_yaml_error(y, v,
						      "invalid 'file_prefix' %s (expected "
						      "characters [A-Za-z0-9_-])",
						      vsw_yaml_show(v, shown));
		cfg->file_prefix_mark = vsw_yaml_mark(v);
	}

	if (vals[EAL_MAIN_LCORE] != NULL) {
		ret = vsw_yaml_u16(y, vals[EAL_MAIN_LCORE], "main_lcore", 0, VSW_LCORE_MAX,
				   &cfg->main_lcore);
		if (ret < 0)
			return ret;
		cfg->main_lcore_mark = vsw_yaml_mark(vals[EAL_MAIN_LCORE]);
	}

	if (vals[EAL_ARGS] != NULL) {
		const yaml_node_t *seq = vals[EAL_ARGS];

		if (seq->type != YAML_SEQUENCE_NODE)
			return vsw_yaml_error(y, seq,
					      "expected a sequence of strings for 'args', got %s",
					      vsw_yaml_show(seq, shown));
		for (size_t i = 0; i < vsw_yaml_seq_len(seq); i++) {
			const yaml_node_t *item = vsw_yaml_seq_item(y, seq, i);

			if (i >= VSW_MAX_EAL_ARGS)
				return vsw_yaml_error(y, item,
						      "too many entries in 'args' (at most %u)",
						      VSW_MAX_EAL_ARGS);
			ret = vsw_yaml_str(y, item, "args", cfg->eal_args[i], VSW_EAL_ARG_MAX);
			if (ret < 0)
				return ret;
			cfg->n_eal_args = (unsigned int)i + 1;
		}
		cfg->eal_args_mark = vsw_yaml_mark(seq);
	}
	return 0;
}

static int
eal_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	 char *err)
{
	bool args_same = o->n_eal_args == n->n_eal_args;

	(void)d;
	if (strcmp(o->file_prefix, n->file_prefix) != 0)
		return vsw_conf_restart_error(err, n, n->file_prefix_mark, n->eal_mark,
					      "eal.file_prefix", "changed from '%s' to '%s'",
					      o->file_prefix, n->file_prefix);
	if (o->main_lcore != n->main_lcore)
		return vsw_conf_restart_error(err, n, n->main_lcore_mark, n->eal_mark,
					      "eal.main_lcore", "changed from %u to %u",
					      o->main_lcore, n->main_lcore);
	for (unsigned int i = 0; args_same && i < n->n_eal_args; i++)
		args_same = strcmp(o->eal_args[i], n->eal_args[i]) == 0;
	if (!args_same)
		return vsw_conf_restart_error(err, n, n->eal_args_mark, n->eal_mark, "eal.args",
					      "changed");
	return 0;
}

const struct vsw_conf_section vsw_eal_section = {
    .key = "eal",
    .defaults = eal_defaults,
    .parse = eal_parse,
    .diff = eal_diff,
};

/* -------------------------------------------------------------------------------------------
 * workers
 */

enum { W_LCORES, W_IDLE_SLEEP, W_IDLE_THRESHOLD, W_BURST, W_MBUFS, W_COUNT };
static const char *const worker_keys[W_COUNT] = {
    [W_LCORES] = "lcores",
    [W_IDLE_SLEEP] = "idle_sleep_us",
    [W_IDLE_THRESHOLD] = "idle_threshold_us",
    [W_BURST] = "burst",
    [W_MBUFS] = "mbufs",
};

static void
workers_defaults(struct vsw_config *cfg)
{
	cfg->idle_threshold_us = 1000;
	cfg->burst = VSW_DEF_BURST;
}

static int
workers_parse(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	yaml_node_t *keys[W_COUNT], *vals[W_COUNT], *items[VSW_MAX_WORKERS];
	char shown[VSW_YAML_SHOW_BUF];
	int ret;

	ret = vsw_yaml_want_map(y, map, "workers");
	if (ret < 0)
		return ret;
	ret = vsw_yaml_map_keys(y, map, "in workers", worker_keys, W_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	cfg->workers_map_mark = vsw_yaml_mark(map);

	if (vals[W_LCORES] == NULL)
		return vsw_yaml_error(y, map, "missing required key 'lcores' in workers");
	ret = vsw_yaml_lcores(y, vals[W_LCORES], "lcores", VSW_MAX_WORKERS, cfg->worker_lcores,
			      items, &cfg->n_workers);
	if (ret < 0)
		return ret;
	if (cfg->n_workers == 0)
		return vsw_yaml_error(y, vals[W_LCORES],
				      "expected a non-empty sequence of lcore numbers for "
				      "'lcores'");
	for (unsigned int i = 1; i < cfg->n_workers; i++)
		for (unsigned int j = 0; j < i; j++)
			if (cfg->worker_lcores[i] == cfg->worker_lcores[j])
				return vsw_yaml_error(y, items[i],
						      "lcore %u appears twice in 'lcores'",
						      cfg->worker_lcores[i]);
	cfg->workers_mark = vsw_yaml_mark(vals[W_LCORES]);

	if (vals[W_IDLE_SLEEP] != NULL) {
		ret = vsw_yaml_uint(y, vals[W_IDLE_SLEEP], "idle_sleep_us", 0, 100000,
				    &cfg->idle_sleep_us);
		if (ret < 0)
			return ret;
	}
	if (vals[W_IDLE_THRESHOLD] != NULL) {
		ret = vsw_yaml_uint(y, vals[W_IDLE_THRESHOLD], "idle_threshold_us", 0, 10000000,
				    &cfg->idle_threshold_us);
		if (ret < 0)
			return ret;
	}
	if (vals[W_BURST] != NULL) {
		ret = vsw_yaml_u16(y, vals[W_BURST], "burst", 1, 256, &cfg->burst);
		if (ret < 0)
			return ret;
	}
	if (vals[W_MBUFS] != NULL) {
		const yaml_node_t *v = vals[W_MBUFS];

		ret = vsw_yaml_uint(y, v, "mbufs", 0, 16777216, &cfg->mbufs);
		if (ret < 0)
			return ret;
		if (cfg->mbufs != 0 && cfg->mbufs < 1024)
			return vsw_yaml_error(y, v,
					      "'mbufs' must be 0 (auto) or in 1024..16777216, got "
					      "%s",
					      vsw_yaml_show(v, shown));
		cfg->mbufs_mark = vsw_yaml_mark(v);
	}
	return 0;
}

/* The main lcore runs the control thread: it may not also run a worker. */
static int
workers_validate(const struct vsw_yaml *y, const yaml_node_t *map, struct vsw_config *cfg)
{
	const yaml_node_t *lcores = vsw_yaml_map_get(y, map, "lcores");

	for (unsigned int i = 0; i < cfg->n_workers; i++)
		if (cfg->worker_lcores[i] == cfg->main_lcore)
			return vsw_yaml_error(y, vsw_yaml_seq_item(y, lcores, i),
					      "worker lcore %u is also the main lcore "
					      "(eal.main_lcore)",
					      cfg->main_lcore);
	return 0;
}

/* "[1, 2]" into @p buf. */
static const char *
show_lcores(const struct vsw_config *cfg, char *buf, size_t size)
{
	size_t len = 0;

	len += (size_t)snprintf(buf, size, "[");
	for (unsigned int i = 0; i < cfg->n_workers && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%u", i ? ", " : "",
					cfg->worker_lcores[i]);
	if (len < size)
		snprintf(buf + len, size - len, "]");
	return buf;
}

static int
workers_diff(const struct vsw_config *o, const struct vsw_config *n, struct vsw_config_diff *d,
	     char *err)
{
	/* The lcores are the same list in the same order: the order says which worker is which. */
	if (o->n_workers != n->n_workers ||
	    memcmp(o->worker_lcores, n->worker_lcores, n->n_workers * sizeof(uint16_t)) != 0) {
		char a[VSW_MAX_WORKERS * 5 + 3], b[VSW_MAX_WORKERS * 5 + 3];

		return vsw_conf_restart_error(err, n, n->workers_mark, n->workers_map_mark,
					      "workers.lcores", "changed from %s to %s",
					      show_lcores(o, a, sizeof(a)),
					      show_lcores(n, b, sizeof(b)));
	}
	if (o->mbufs != n->mbufs)
		return vsw_conf_restart_error(err, n, n->mbufs_mark, n->workers_map_mark,
					      "workers.mbufs", "changed from %u to %u", o->mbufs,
					      n->mbufs);
	if (o->idle_sleep_us != n->idle_sleep_us)
		d->workers |= VSW_WORKERS_CHG_IDLE_SLEEP;
	if (o->idle_threshold_us != n->idle_threshold_us)
		d->workers |= VSW_WORKERS_CHG_IDLE_THRESHOLD;
	if (o->burst != n->burst)
		d->workers |= VSW_WORKERS_CHG_BURST;
	return 0;
}

const struct vsw_conf_section vsw_workers_section = {
    .key = "workers",
    .required = true,
    .defaults = workers_defaults,
    .parse = workers_parse,
    .validate = workers_validate,
    .diff = workers_diff,
};
