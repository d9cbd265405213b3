/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bond.h"
#include "core/core.h"
#include "port_iface.h"
#include "vsw_config_diff.h"
#include "vsw_pipeline.h"

static struct {
	struct rte_mempool *pool;
	unsigned int n_workers;
	uint16_t worker_lcores[VSW_MAX_WORKERS];
} pi;

/* What the pipeline needs of port @p p, with interface id @p id. */
static void
dp_port(const struct vsw_port *p, struct vsw_dp_port *dp)
{
	unsigned int q, w;

	memset(dp, 0, sizeof(*dp));
	snprintf(dp->name, sizeof(dp->name), "%s", p->conf.name);
	dp->eth_port = p->eth_port;
	dp->n_rxq = p->n_rxq;
	dp->mtu = p->mtu;
	for (q = 0; q < VSW_MAX_QUEUES; q++) {
		dp->rxq_worker[q] = -1;
		if (q >= p->conf.n_rx_affinity)
			continue;
		for (w = 0; w < pi.n_workers; w++)
			if (pi.worker_lcores[w] == p->conf.rx_affinity[q])
				dp->rxq_worker[q] = (int16_t)w;
	}
}

static int
port_create(struct vsw_iface *iface, const void *conf, char *err, size_t err_len)
{
	struct vsw_port *p = calloc(1, sizeof(*p));
	struct vsw_dp_port dp;
	int rc;

	if (p == NULL) {
		snprintf(err, err_len, "no memory");
		return -ENOMEM;
	}
	rc = vsw_port_probe(p, conf, err, err_len);
	if (rc == 0)
		rc = vsw_port_setup(p, pi.pool, (uint16_t)pi.n_workers, err, err_len);
	if (rc == 0)
		rc = vsw_port_start(p, err, err_len);
	if (rc == 0) {
		dp_port(p, &dp);
		rc = vsw_pipeline_port_set(iface->id, &dp, err, err_len);
	}
	if (rc != 0) {
		vsw_port_close(p);
		free(p);
		return rc;
	}
	iface->priv = p;
	return 0;
}

/*
 * What changes without touching the device: which worker polls which queue (a new
 * assignment, then a graph rebuild), and the L2 keys (VLAN mode, mac_limit), which are the
 * L2 module's and only recorded here. A device change needs a new port: -EINVAL.
 */
static int
port_reconfig(struct vsw_iface *iface, const void *conf, uint32_t mask, char *err,
	      size_t err_len)
{
	struct vsw_port *p = vsw_port_of(iface);
	struct vsw_port_conf old = p->conf;
	struct vsw_dp_port dp;
	int rc;

	if (mask & VSW_PORT_CHG_DEVICE) {
		snprintf(err, err_len, "port %s: a device change needs a new port", iface->name);
		return -EINVAL;
	}
	p->conf = *(const struct vsw_port_conf *)conf;
	if (!(mask & VSW_PORT_CHG_AFFINITY))
		return 0;
	dp_port(p, &dp);
	rc = vsw_pipeline_port_set(iface->id, &dp, err, err_len);
	if (rc == 0)
		rc = vsw_pipeline_rebuild(err, err_len);
	if (rc != 0) {
		p->conf = old;
		dp_port(p, &dp);
		vsw_pipeline_port_set(iface->id, &dp, err, err_len);
	}
	return rc;
}

static void
port_destroy(struct vsw_iface *iface)
{
	struct vsw_port *p = vsw_port_of(iface);
	char err[256];

	/* Out of every worker's graph before the device goes: after the rebuild's grace
	 * period no worker polls it or sends to it. */
	vsw_pipeline_port_clear(iface->id);
	/* New graphs still hold its tx node (edges are never removed): make it drop, so it
	 * can never send on an ethdev id a later port reuses. */
	vsw_port_tx_gone(p->conf.name);
	if (vsw_pipeline_rebuild(err, sizeof(err)) != 0)
		fprintf(stderr, "vswd: port %s: graph rebuild failed: %s\n", iface->name, err);
	vsw_port_close(p);
	free(p);
}

static const struct vsw_iface_ops port_ops = {
	.name = "port",
	.create = port_create,
	.reconfig = port_reconfig, /* A changed device is re-created; see app/apply.c. */
	.destroy = port_destroy,
};

int
vsw_port_iface_init(struct rte_mempool *pool, unsigned int n_workers,
		    const uint16_t *worker_lcores)
{
	int rc;

	if (n_workers == 0 || n_workers > VSW_MAX_WORKERS)
		return -EINVAL;
	pi.pool = pool;
	pi.n_workers = n_workers;
	memcpy(pi.worker_lcores, worker_lcores, n_workers * sizeof(*worker_lcores));
	rc = vsw_iface_type_register(VSW_IFACE_PORT, &port_ops);
	return rc != 0 ? rc : vsw_bond_init();
}

struct vsw_iface *
vsw_port_iface_create(const struct vsw_port_conf *conf, char *err, size_t err_len)
{
	if (conf->kind == VSW_PORT_BOND)
		return vsw_bond_iface_create(conf, err, err_len);
	return vsw_iface_create(VSW_IFACE_PORT, conf->name, conf, err, err_len);
}
