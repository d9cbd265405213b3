/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Apply a config diff to the running daemon: ports (interfaces of the registry), then every
 * forwarding feature's tables (vsw_features_apply(): cross-connects, bridges, ...), under
 * traffic. Start-up is the same apply, from an
 * empty config. See docs/architecture.md, "Reload".
 *
 * Ports are matched by name. A port whose device changed is destroyed and created again
 * (its memberships and cross-connect follow it by name); one whose rx_affinity changed is
 * reconfigured (new queue assignment, graph rebuild); its L2 keys belong to the L2 apply.
 *
 * Order, so that a port is never in a table without existing, nor destroyed while a table
 * still sends to it, and so that what fails most (a device that will not come up) fails
 * before anything running was touched:
 *   B1. create the new ports;
 *   A. if ports go (removed or re-created): publish the cross-connect and L2 tables without
 *      them (vsw_l2_apply with their ids left out), then destroy them;
 *   B2. create the re-created ports;
 *   C. reconfigure the ports whose affinity changed;
 *   D. publish the final cross-connect and L2 tables, rebuild the graphs if ports were
 *      made (their queues are polled from then on); set the burst (a rebuild) and the idle
 *      back-off.
 * A failure in A to D rolls back: the ports made are destroyed, the ones destroyed are made
 * again from the old config, and the old config's tables are published again.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "port_iface.h"
#include "vswd.h"
#include "vsw_feature.h"
#include "vsw_sections.h"

/* Interface ids of @p cfg's ports: VSW_IFACE_NONE for those not running or in @p skip. */
static void
port_ids(const struct vsw_config *cfg, const bool *skip, uint16_t ids[VSW_MAX_PORTS])
{
	unsigned int i;

	for (i = 0; i < VSW_MAX_PORTS; i++) {
		struct vsw_iface *f = i < cfg->n_ports && (skip == NULL || !skip[i]) ?
					      vsw_iface_from_name(cfg->ports[i].name) :
					      NULL;

		ids[i] = f != NULL ? f->id : VSW_IFACE_NONE;
	}
}

/* Publish @p cfg's forwarding tables for the ports that exist and are not in @p skip. */
static int
tables_sync(const struct vsw_config *cfg, const bool *skip, char *err, size_t err_len)
{
	uint16_t ids[VSW_MAX_PORTS];

	port_ids(cfg, skip, ids);
	return vsw_features_apply(cfg, ids, err, err_len);
}

static int
port_create(const struct vsw_config *cfg, unsigned int i, char *err, size_t err_len)
{
	const struct vsw_port_conf *pc = &cfg->ports[i];
	const struct vsw_conf_mark *m = pc->kind == VSW_PORT_DPDK ? &pc->devargs_mark : &pc->mark;
	char msg[VSW_ERR_MAX];
	struct vsw_iface *f = vsw_port_iface_create(pc, msg, sizeof(msg));

	if (f == NULL) {
		/* What only the device knows about the MTU (ports/port_mtu.h): at the mtu line. */
		if (pc->mtu != 0 && strncmp(msg, "MTU ", 4) == 0)
			m = &pc->mtu_mark;
		snprintf(err, err_len, "%.256s:%u:%u: port '%s': %.200s", cfg->path, m->line, m->column,
			 pc->name, msg);
		return -EINVAL;
	}
	if (f->type == VSW_IFACE_PORT)
		vsw_port_of(f)->link_up = vsw_port_link(vsw_port_of(f), NULL);
	return 0;
}

/*
 * Bonds are made after plain ports (a bond finds its members when it is made) and
 * destroyed before them (a bond sends on its members until it is gone): pass 0 of a loop
 * over ports takes the plain ports, pass 1 the bonds (reversed for destruction).
 */
static bool
in_pass(const struct vsw_config *cfg, unsigned int i, unsigned int pass)
{
	return (cfg->ports[i].kind == VSW_PORT_BOND) == (pass == 1);
}

static void
port_destroy(const char *name)
{
	struct vsw_iface *f = vsw_iface_from_name(name);

	if (f != NULL)
		vsw_iface_destroy(f);
}

/* Which ports go and which are made: by index into the old and the new config. */
struct plan {
	bool gone[VSW_MAX_PORTS];  /* old index: removed, or re-created */
	bool made[VSW_MAX_PORTS];  /* new index: added, or re-created */
	bool again[VSW_MAX_PORTS]; /* new index: re-created */
	bool any_gone;
};

static void
make_plan(const struct vsw_config_diff *d, struct plan *p)
{
	unsigned int i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < d->n_ports_removed; i++)
		p->gone[d->ports_removed[i]] = true;
	for (i = 0; i < d->n_ports_added; i++)
		p->made[d->ports_added[i]] = true;
	for (i = 0; i < d->n_ports_changed; i++) {
		if (!(d->ports_changed[i].mask & VSW_PORT_CHG_DEVICE))
			continue;
		p->gone[d->ports_changed[i].old_index] = true;
		p->made[d->ports_changed[i].new_index] = true;
		p->again[d->ports_changed[i].new_index] = true;
	}
	for (i = 0; i < VSW_MAX_PORTS; i++)
		p->any_gone |= p->gone[i];
}

/* Put the old config back after a failure part of the way through. */
static void
roll_back(const struct vsw_config *old_cfg, const struct vsw_config *new_cfg,
	  const struct vsw_config_diff *d, const struct plan *p)
{
	char msg[VSW_ERR_MAX];
	unsigned int i, pass;

	/* Whatever was reconfigured goes back to its old settings (a no-op for the rest). */
	for (i = 0; i < d->n_ports_changed; i++) {
		const struct vsw_diff_change *c = &d->ports_changed[i];
		struct vsw_iface *f = vsw_iface_from_name(old_cfg->ports[c->old_index].name);

		if (f != NULL && !(c->mask & VSW_PORT_CHG_DEVICE))
			vsw_iface_reconfig(f, &old_cfg->ports[c->old_index],
					   c->mask & VSW_PORT_CHG_AFFINITY, msg, sizeof(msg));
	}
	if (d->workers & VSW_WORKERS_CHG_BURST &&
	    vsw_pipeline_set_burst(old_cfg->burst, msg, sizeof(msg)) != 0)
		fprintf(stderr, "vswd: roll-back: %s\n", msg);
	/* New ports out of every table first, then gone. */
	if (tables_sync(old_cfg, NULL, msg, sizeof(msg)) != 0)
		fprintf(stderr, "vswd: roll-back: %s\n", msg);
	for (pass = 2; pass-- > 0;)
		for (i = 0; i < new_cfg->n_ports; i++)
			if (p->made[i] && in_pass(new_cfg, i, pass))
				port_destroy(new_cfg->ports[i].name);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < old_cfg->n_ports; i++)
			if (p->gone[i] && in_pass(old_cfg, i, pass) &&
			    vsw_iface_from_name(old_cfg->ports[i].name) == NULL &&
			    port_create(old_cfg, i, msg, sizeof(msg)) != 0)
				fprintf(stderr, "vswd: roll-back: %s\n", msg);
	if (tables_sync(old_cfg, NULL, msg, sizeof(msg)) != 0)
		fprintf(stderr, "vswd: roll-back: %s\n", msg);
}

int
vswd_apply(const struct vsw_config *old_cfg, const struct vsw_config *new_cfg,
	   const struct vsw_config_diff *d, char *err, size_t err_len)
{
	struct plan p;
	unsigned int i, pass;
	int rc = 0;

	if (vsw_config_diff_empty(d))
		return 0; /* a no-op reload touches nothing */
	make_plan(d, &p);
	/* B1. New ports first: a device that fails to come up then costs nothing. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < new_cfg->n_ports && rc == 0; i++)
			if (p.made[i] && !p.again[i] && in_pass(new_cfg, i, pass))
				rc = port_create(new_cfg, i, err, err_len);
	if (rc != 0)
		goto fail;
	/* A. Out of the tables, then destroyed. */
	if (p.any_gone) {
		rc = tables_sync(new_cfg, p.made, err, err_len);
		if (rc != 0)
			goto fail;
		for (pass = 2; pass-- > 0;)
			for (i = 0; i < old_cfg->n_ports; i++)
				if (p.gone[i] && in_pass(old_cfg, i, pass))
					port_destroy(old_cfg->ports[i].name);
	}
	/* B2. Re-created ports: their device (TAP name, socket path) was the old port's. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < new_cfg->n_ports && rc == 0; i++)
			if (p.again[i] && in_pass(new_cfg, i, pass))
				rc = port_create(new_cfg, i, err, err_len);
	/* C. */
	for (i = 0; i < d->n_ports_changed && rc == 0; i++) {
		const struct vsw_diff_change *c = &d->ports_changed[i];
		const struct vsw_port_conf *pc = &new_cfg->ports[c->new_index];
		char msg[VSW_ERR_MAX];

		if (c->mask & VSW_PORT_CHG_DEVICE)
			continue;
		rc = vsw_iface_reconfig(vsw_iface_from_name(pc->name), pc, c->mask, msg,
					sizeof(msg));
		if (rc != 0)
			snprintf(err, err_len, "%s:%u:%u: port '%s': %s", new_cfg->path,
				 pc->affinity_mark.line, pc->affinity_mark.column, pc->name, msg);
	}
	/* D. New ports are polled from the rebuild, once their tables say where their
	 * traffic goes. */
	if (rc == 0)
		rc = tables_sync(new_cfg, NULL, err, err_len);
	for (i = 0; i < new_cfg->n_ports && rc == 0; i++)
		if (p.made[i]) {
			rc = vsw_pipeline_rebuild(err, err_len);
			break;
		}
	if (rc != 0)
		goto fail;
	if (d->workers & VSW_WORKERS_CHG_BURST) {
		char msg[VSW_ERR_MAX];

		rc = vsw_pipeline_set_burst(new_cfg->burst, msg, sizeof(msg));
		if (rc != 0) {
			snprintf(err, err_len, "%.256s:%u:%u: workers.burst: %.200s", new_cfg->path,
				 new_cfg->workers_mark.line, new_cfg->workers_mark.column, msg);
			goto fail;
		}
	}
	if (d->workers & (VSW_WORKERS_CHG_IDLE_SLEEP | VSW_WORKERS_CHG_IDLE_THRESHOLD))
		vsw_pipeline_set_idle(new_cfg->idle_sleep_us, new_cfg->idle_threshold_us);
	return 0;
fail:
	roll_back(old_cfg, new_cfg, d, &p);
	return rc;
}

int
vswd_apply_startup(const struct vsw_config *cfg, char *err, size_t err_len)
{
	static struct vsw_config empty;
	static struct vsw_config_diff d;
	char msg[VSW_ERR_MAX];
	int rc;

	/* The same config without objects: the diff adds every one. */
	memcpy(&empty, cfg, sizeof(empty));
	vsw_config_clear_objects(&empty);
	rc = vsw_config_diff(&empty, cfg, &d, msg);
	if (rc != 0) {
		snprintf(err, err_len, "%s", msg);
		return rc;
	}
	return vswd_apply(&empty, cfg, &d, err, err_len);
}

void
vswd_ports_destroy_all(void)
{
	struct vsw_iface *f;

	while ((f = vsw_iface_next(VSW_IFACE_BOND, NULL)) != NULL)
		vsw_iface_destroy(f);
	while ((f = vsw_iface_next(VSW_IFACE_PORT, NULL)) != NULL)
		vsw_iface_destroy(f);
}
