/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Router interfaces as objects of the interface registry (type rif), and the first half of
 * the router's apply, which runs before the bridges' (pipeline/vsw_features.c): it makes the
 * config's interfaces and says which bridge each joins (vsw_iface_ops.bridge_attach), so the
 * L2 apply makes them members. The second half is vsw_l3_apply() (l3_apply.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>

#include "l3/l3_ctl.h"
#include "vsw_err.h"
#include "vsw_feature.h"
#include "vsw_pipeline.h"

/* A router interface object (the registry's priv): what its bridge needs to know. */
struct rif_obj {
	char bridge[VSW_NAME_MAX]; /* "": on a routed port, or leaving */
	uint8_t mac[6];
};

static int
rif_create(struct vsw_iface *f, const void *conf, char *err, size_t err_len)
{
	(void)conf;
	f->priv = calloc(1, sizeof(struct rif_obj));
	return f->priv != NULL ? 0 : vsw_err(err, err_len, -ENOMEM, "no memory");
}

static void
rif_destroy(struct vsw_iface *f)
{
	free(f->priv);
}

static int
rif_bridge_attach(const struct vsw_iface *f, char bridge[VSW_NAME_MAX], char node[64],
		  uint8_t mac[6])
{
	const struct rif_obj *o = f->priv;

	if (o->bridge[0] == '\0')
		return -ENOENT;
	memcpy(bridge, o->bridge, VSW_NAME_MAX);
	snprintf(node, 64, "%s", L3_NODE_INPUT);
	memcpy(mac, o->mac, 6);
	return 0;
}

const struct vsw_iface_ops l3_rif_ops = {
    .name = "rif",
    .create = rif_create,
    .destroy = rif_destroy,
    .bridge_attach = rif_bridge_attach,
};

/* The interface's MAC: the configured one, else 02:76:73 ("vs", locally administered) and
 * three bytes of the port's MAC (not the port's own: a TAP port's is the kernel host's) or,
 * on a bridge, of a hash of the interface's name. */
static void
rif_mac(const struct vsw_rif_conf *rc, uint16_t port, uint16_t id, uint8_t mac[6])
{
	struct rte_ether_addr pm = {{0}};
	uint32_t h = 2166136261u;

	if (rc->has_mac) {
		memcpy(mac, rc->mac, 6);
		return;
	}
	if (port != VSW_IFACE_NONE) {
		rte_eth_macaddr_get(vsw_pipeline_port_ethdev(port), &pm);
	} else {
		for (const char *c = rc->name; *c != '\0'; c++)
			h = (h ^ (uint8_t)*c) * 16777619u;
		pm.addr_bytes[3] = (uint8_t)(h >> 16);
		pm.addr_bytes[4] = (uint8_t)(h >> 8);
		pm.addr_bytes[5] = (uint8_t)h;
	}
	mac[0] = 0x02;
	mac[1] = 0x76;
	mac[2] = 0x73;
	mac[3] = pm.addr_bytes[3];
	mac[4] = pm.addr_bytes[4];
	mac[5] = (uint8_t)(pm.addr_bytes[5] + id + 1);
}

uint16_t
l3_rif_port(const struct vsw_rif_conf *rc, const uint16_t *ids)
{
	uint16_t p = rc->port != VSW_RIF_NONE ? ids[rc->port] : VSW_IFACE_NONE;

	return p != VSW_IFACE_NONE && vsw_pipeline_port_name(p) != NULL ? p : VSW_IFACE_NONE;
}

/*
 * The first half of the router's apply, before the bridges' (vsw_features.c): make the
 * config's router interfaces and say which bridge each joins, so that the L2 apply makes
 * them members; those leaving say none (they are destroyed by vsw_l3_apply(), once no table
 * has them).
 */
static int
rifs_apply(const struct vsw_config *cfg, const uint16_t *ids, char *err, size_t err_len)
{
	const struct vsw_l3_conf *l3 = &cfg->l3;
	bool keep[VSW_MAX_IFACES] = {false};
	struct vsw_iface *f;
	unsigned int i;
	int rc;

	rc = vsw_iface_type_register(VSW_IFACE_RIF, &l3_rif_ops);
	if (rc != 0)
		return vsw_err(err, err_len, rc, "cannot register router interfaces");
	for (i = 0; i < l3->n_rifs; i++) {
		const struct vsw_rif_conf *r = &l3->rifs[i];
		uint16_t port = l3_rif_port(r, ids);
		struct rif_obj *o;

		if (r->bridge == VSW_RIF_NONE && port == VSW_IFACE_NONE)
			continue;
		f = vsw_iface_from_name(r->name);
		if (f == NULL)
			f = vsw_iface_create(VSW_IFACE_RIF, r->name, r, err, err_len);
		if (f == NULL || f->type != VSW_IFACE_RIF)
			return f == NULL ? -ENOMEM :
					   vsw_err(err, err_len, -EEXIST, "'%s' is another interface",
						   r->name);
		o = f->priv;
		snprintf(o->bridge, sizeof(o->bridge), "%s",
			 r->bridge != VSW_RIF_NONE ? cfg->bridges[r->bridge].name : "");
		rif_mac(r, port, f->id, o->mac);
		keep[f->id] = true;
	}
	VSW_IFACE_FOREACH(f, VSW_IFACE_RIF)
		if (!keep[f->id])
			((struct rif_obj *)f->priv)->bridge[0] = '\0';
	return 0;
}

const struct vsw_feature vsw_l3_rif_feature = {
    .name = "router interfaces",
    .apply = rifs_apply,
};

const uint8_t *
l3_rif_mac(const struct vsw_iface *f)
{
	return ((const struct rif_obj *)f->priv)->mac;
}
