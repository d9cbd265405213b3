/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reload: validate a new config completely, diff it against the running one by name
 * (vsw_config_diff(), which refuses what needs a restart), and hand the differences to
 * apply(). Nothing of the running state changes unless the whole reload succeeds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_lcore.h>

#include "reload.h"
#include "vswd.h"
#include "xconnect/xconnect.h"

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

/* The running port with the name of new port @p n, as its id (its index in vswd.ports). */
static int
port_id(const struct vsw_config *new_cfg, uint16_t n)
{
	unsigned int i;

	for (i = 0; i < vswd.n_ports; i++)
		if (strcmp(vswd.ports[i].conf.name, new_cfg->ports[n].name) == 0)
			return (int)i;
	return -1;
}

/*
 * Store @p new_cfg's ports and bridges in the running order: the running objects' ids are
 * their positions in the config vswd started with, and a file that only moved them around
 * changes nothing. Indexes into ports[] and bridges[] are renumbered to match. Only for a
 * diff without added or removed ports and bridges.
 */
static void
keep_order(const struct vsw_config *old_cfg, struct vsw_config *new_cfg)
{
	static struct vsw_port_conf ports[VSW_MAX_PORTS];
	static struct vsw_bridge_conf bridges[VSW_MAX_BRIDGES];
	uint16_t pmap[VSW_MAX_PORTS], bmap[VSW_MAX_BRIDGES];
	unsigned int i, j;

	for (i = 0; i < new_cfg->n_ports; i++)
		for (j = 0; j < old_cfg->n_ports; j++)
			if (strcmp(new_cfg->ports[i].name, old_cfg->ports[j].name) == 0)
				pmap[i] = (uint16_t)j;
	for (i = 0; i < new_cfg->n_bridges; i++)
		for (j = 0; j < old_cfg->n_bridges; j++)
			if (strcmp(new_cfg->bridges[i].name, old_cfg->bridges[j].name) == 0)
				bmap[i] = (uint16_t)j;
	for (i = 0; i < new_cfg->n_ports; i++)
		ports[pmap[i]] = new_cfg->ports[i];
	for (i = 0; i < new_cfg->n_bridges; i++) {
		bridges[bmap[i]] = new_cfg->bridges[i];
		for (j = 0; j < bridges[bmap[i]].n_ports; j++)
			bridges[bmap[i]].ports[j] = pmap[bridges[bmap[i]].ports[j]];
	}
	memcpy(new_cfg->ports, ports, new_cfg->n_ports * sizeof(ports[0]));
	memcpy(new_cfg->bridges, bridges, new_cfg->n_bridges * sizeof(bridges[0]));
	for (i = 0; i < new_cfg->n_xconnects; i++) {
		new_cfg->xconnects[i].a = pmap[new_cfg->xconnects[i].a];
		new_cfg->xconnects[i].b = pmap[new_cfg->xconnects[i].b];
	}
	for (i = 0; i < new_cfg->n_static_macs; i++) {
		new_cfg->static_macs[i].bridge = bmap[new_cfg->static_macs[i].bridge];
		new_cfg->static_macs[i].port = pmap[new_cfg->static_macs[i].port];
	}
}

/* "port_tx-<name>" of running port @p id. */
static void
tx_node(uint16_t id, char name[RTE_NODE_NAMESIZE])
{
	snprintf(name, RTE_NODE_NAMESIZE, "port_tx-%s", vswd.ports[id].conf.name);
}

/* Whether config @p c has a pair joining running ports @p a and @p b (either way round). */
static bool
has_pair(const struct vsw_config *c, uint16_t a, uint16_t b)
{
	unsigned int i;

	for (i = 0; i < c->n_xconnects; i++) {
		int x = port_id(c, c->xconnects[i].a), y = port_id(c, c->xconnects[i].b);

		if ((x == a && y == b) || (x == b && y == a))
			return true;
	}
	return false;
}

/*
 * Make the running cross-connects @p new_cfg's: remove the pairs only @p old_cfg has, then
 * add the pairs only @p new_cfg has. Pairs in both are not touched: they forward throughout.
 * @return 0 or -errno.
 */
static int
apply_xconnects(const struct vsw_config *old_cfg, const struct vsw_config *new_cfg, char *err,
		size_t err_len)
{
	char ta[RTE_NODE_NAMESIZE], tb[RTE_NODE_NAMESIZE];
	unsigned int i;
	int rc;

	for (i = 0; i < old_cfg->n_xconnects; i++) {
		int a = port_id(old_cfg, old_cfg->xconnects[i].a);
		int b = port_id(old_cfg, old_cfg->xconnects[i].b);

		if (!has_pair(new_cfg, (uint16_t)a, (uint16_t)b))
			vsw_xconnect_del((uint16_t)a);
	}
	for (i = 0; i < new_cfg->n_xconnects; i++) {
		int a = port_id(new_cfg, new_cfg->xconnects[i].a);
		int b = port_id(new_cfg, new_cfg->xconnects[i].b);

		if (has_pair(old_cfg, (uint16_t)a, (uint16_t)b))
			continue;
		tx_node((uint16_t)a, ta);
		tx_node((uint16_t)b, tb);
		rc = vsw_xconnect_add((uint16_t)a, ta, (uint16_t)b, tb);
		if (rc != 0) {
			snprintf(err, err_len, "%s:%u:%u: cannot cross-connect %s and %s: %s",
				 new_cfg->path, new_cfg->xconnects[i].mark.line,
				 new_cfg->xconnects[i].mark.column,
				 new_cfg->ports[new_cfg->xconnects[i].a].name,
				 new_cfg->ports[new_cfg->xconnects[i].b].name, strerror(-rc));
			return rc;
		}
	}
	return 0;
}

/*
 * Apply @p d, the differences between the running config @p old_cfg and @p new_cfg (which
 * differ in no restart-only key and have passed every check).
 *
 * Applied live today: the cross-connect set (its table is republished through RCU, pairs
 * that did not change keep forwarding throughout) and the workers' idle back-off. Not yet:
 * ports, bridges, VLAN settings and static MACs added, removed or changed, and the burst
 * size — refused, before anything is touched, with -ENOSYS.
 * @return 0 when @p new_cfg is running, or -errno with a message in @p err (then
 *         @p old_cfg is still running: a failure half-way rolls back to it).
 */
static int
apply(const struct vsw_config *old_cfg, const struct vsw_config *new_cfg,
      const struct vsw_config_diff *d, char *err, size_t err_len)
{
	const char *what = NULL;
	struct vsw_conf_mark m = {0, 0};
	int rc;

	if (d->n_ports_added != 0 || d->n_ports_removed != 0 || d->n_ports_changed != 0) {
		what = "ports";
		if (d->n_ports_added != 0)
			m = new_cfg->ports[d->ports_added[0]].mark;
		else if (d->n_ports_changed != 0)
			m = new_cfg->ports[d->ports_changed[0].new_index].mark;
	} else if (d->n_bridges_added != 0 || d->n_bridges_removed != 0 ||
		   d->n_bridges_changed != 0) {
		what = "bridges";
		if (d->n_bridges_added != 0)
			m = new_cfg->bridges[d->bridges_added[0]].mark;
		else if (d->n_bridges_changed != 0)
			m = new_cfg->bridges[d->bridges_changed[0].new_index].mark;
	} else if (d->n_static_added != 0 || d->n_static_removed != 0) {
		what = "static MACs";
		if (d->n_static_added != 0)
			m = new_cfg->static_macs[d->static_added[0]].mark;
	} else if (d->workers & VSW_WORKERS_CHG_BURST) {
		what = "workers.burst";
		m = new_cfg->workers_mark;
	}
	if (what != NULL) {
		if (m.line != 0)
			snprintf(err, err_len, "%s:%u:%u: live apply of %s not implemented yet",
				 new_cfg->path, m.line, m.column, what);
		else
			snprintf(err, err_len, "%s: live apply of %s not implemented yet",
				 new_cfg->path, what);
		return -ENOSYS;
	}
	if (d->xconnect_changed) {
		rc = apply_xconnects(old_cfg, new_cfg, err, err_len);
		if (rc != 0) {
			char ignore[VSW_ERR_MAX];

			/* Roll back: the same step the other way round. */
			if (apply_xconnects(new_cfg, old_cfg, ignore, sizeof(ignore)) != 0)
				fprintf(stderr, "vswd: reload: rolling back cross-connects: %s\n",
					ignore);
			return rc;
		}
	}
	if (d->workers & (VSW_WORKERS_CHG_IDLE_SLEEP | VSW_WORKERS_CHG_IDLE_THRESHOLD))
		vsw_pipeline_set_idle(new_cfg->idle_sleep_us, new_cfg->idle_threshold_us);
	return 0;
}

int
vswd_reload(const char *path, char *err, size_t err_len)
{
	struct vsw_config_diff *d = NULL;
	struct vsw_config *new_cfg;
	char msg[VSW_ERR_MAX];
	int rc;

	if (path == NULL || path[0] == '\0')
		path = vswd.cfg.path;
	new_cfg = malloc(sizeof(*new_cfg));
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
	rc = apply(&vswd.cfg, new_cfg, d, err, err_len);
	if (rc != 0)
		goto out;
	keep_order(&vswd.cfg, new_cfg);
	/* Telemetry reads the config under the lock. */
	pthread_mutex_lock(&vswd.lock);
	memcpy(&vswd.cfg, new_cfg, sizeof(*new_cfg));
	vswd.config_gen++;
	pthread_mutex_unlock(&vswd.lock);
out:
	free(d);
	free(new_cfg);
	return rc;
}
