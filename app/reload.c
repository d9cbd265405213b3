/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reload: validate a new config completely, diff it against the running one by name
 * (vsw_config_diff(), which refuses what needs a restart), and hand the differences to
 * vswd_apply() (apply.c). Nothing of the running state changes unless the whole reload
 * succeeds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_lcore.h>

#include "apply.h"
#include "reload.h"
#include "vsw_log.h"
#include "vswd.h"

int
vswd_config_check_eal(const struct vsw_config *cfg, char *err, size_t err_len)
{
	char msg[VSW_ERR_MAX];
	unsigned int i;

	for (i = 0; i < cfg->n_workers; i++) {
		if (!rte_lcore_is_enabled(cfg->worker_lcores[i]) ||
		    cfg->worker_lcores[i] == rte_get_main_lcore()) {
			snprintf(err, err_len,
				 "%s:%u:%u: worker lcore %u is not an enabled EAL worker lcore",
				 cfg->path, cfg->workers_mark.line, cfg->workers_mark.column,
				 cfg->worker_lcores[i]);
			return -EINVAL;
		}
	}
	for (i = 0; i < cfg->n_ports; i++) {
		const struct vsw_port_conf *p = &cfg->ports[i];

		if (p->kind != VSW_PORT_DPDK)
			continue;
		if (vsw_port_devargs_check(p->devargs, msg, sizeof(msg)) != 0) {
			snprintf(err, err_len, "%s:%u:%u: %s", cfg->path, p->devargs_mark.line,
				 p->devargs_mark.column, msg);
			return -EINVAL;
		}
	}
	return 0;
}

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

int
vswd_reload(const char *path, struct vswd_reload_times *t, char *err, size_t err_len)
{
	uint64_t t0 = now_us(), t1;
	struct vsw_config_diff *d = NULL;
	struct vsw_config *new_cfg;
	char msg[VSW_ERR_MAX];
	int rc;

	if (path == NULL || path[0] == '\0')
		path = vswd.cfg.path;
	new_cfg = calloc(1, sizeof(*new_cfg)); /* released on failure: no stray pointer */
	d = malloc(sizeof(*d));
	if (new_cfg == NULL || d == NULL) {
		snprintf(err, err_len, "%s: out of memory", path);
		rc = -ENOMEM;
		goto out;
	}
	rc = vsw_config_load(path, new_cfg, msg);
	if (rc != 0) {
		snprintf(err, err_len, "%s", msg);
		goto out;
	}
	rc = vswd_config_check_eal(new_cfg, err, err_len);
	if (rc != 0)
		goto out;
	/* Objects are matched by name; a key that needs a restart is refused here with its
	 * file:line:column in the new file. */
	rc = vsw_config_diff(&vswd.cfg, new_cfg, d, msg);
	if (rc != 0) {
		snprintf(err, err_len, "%s", msg);
		rc = -EINVAL;
		goto out;
	}
	/* Telemetry reads ports, tables and the config under the lock. */
	t1 = now_us();
	pthread_mutex_lock(&vswd.lock);
	rc = vswd_apply(&vswd.cfg, new_cfg, d, err, err_len);
	if (rc == 0) {
		vsw_config_release(&vswd.cfg); /* the new config's routes are kept */
		memcpy(&vswd.cfg, new_cfg, sizeof(*new_cfg));
		vswd.config_gen++;
		vsw_log_set_levels(vswd.cfg.log_levels);
	}
	pthread_mutex_unlock(&vswd.lock);
	if (t != NULL) {
		t->load_us = (uint32_t)(t1 - t0);
		t->apply_us = (uint32_t)(now_us() - t1);
	}
	VSW_LOG(DEBUG, MAIN, "reload of %s: %s, load %lu us, apply %lu us\n", path,
		rc == 0 ? "applied" : err, (unsigned long)(t1 - t0),
		(unsigned long)(now_us() - t1));
out:
	if (rc != 0)
		vsw_config_release(new_cfg);
	free(d);
	free(new_cfg);
	return rc;
}
