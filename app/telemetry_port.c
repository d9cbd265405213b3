/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /vsw/port/info,NAME: one port in detail (vswctl port NAME): what /vsw/ports says of it,
 * its per-queue counters, the driver's extended statistics and, for a vhost-user port,
 * the device the guest set up: connected or not, the negotiated virtio features, rings.
 * Read-only, under vswd.lock like every /vsw/... handler (telemetry.c).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include <rte_ethdev.h>
#include <rte_telemetry.h>

#include "bond.h"
#include "bond_conf.h"
#include "port_iface.h"
#include "vswd.h"

/* A DPDK 22.11 dict holds at most RTE_TEL_MAX_DICT_ENTRIES (256): leave room. */
#define XSTATS_MAX 200

struct xstats_ctx {
	struct rte_tel_data *d;
	unsigned int n;
};

static void
add_xstat(const char *name, uint64_t value, void *arg)
{
	struct xstats_ctx *x = arg;
	char key[RTE_TEL_MAX_STRING_LEN];
	size_t i;

	if (x->n >= XSTATS_MAX)
		return;
	/* Names are the driver's ("rx_q0_good_packets"); keys allow only [A-Za-z0-9_/]. */
	snprintf(key, sizeof(key), "%s", name);
	for (i = 0; key[i] != '\0'; i++)
		if (!isalnum((unsigned char)key[i]) && key[i] != '_' && key[i] != '/')
			key[i] = '_';
	if (rte_tel_data_add_dict_u64(x->d, key, value) == 0)
		x->n++;
}

/* rx_queue_packets, rx_queue_bytes, ...: one array per counter, indexed by queue. */
static int
add_queues(struct rte_tel_data *d, const struct vsw_port *p)
{
	struct vsw_port_queue_stats rx[RTE_ETHDEV_QUEUE_STAT_CNTRS];
	struct vsw_port_queue_stats tx[RTE_ETHDEV_QUEUE_STAT_CNTRS];
	static const char *const keys[] = {"rx_queue_packets", "rx_queue_bytes",
					   "rx_queue_errors", "tx_queue_packets",
					   "tx_queue_bytes"};
	unsigned int n_rx, n_tx, k, q;
	int rc;

	rc = vsw_port_queue_stats(p, rx, tx, RTE_ETHDEV_QUEUE_STAT_CNTRS, &n_rx, &n_tx);
	if (rc != 0)
		return rc;
	for (k = 0; k < RTE_DIM(keys); k++) {
		const struct vsw_port_queue_stats *s = k < 3 ? rx : tx;
		unsigned int n = k < 3 ? n_rx : n_tx;
		struct rte_tel_data *a = rte_tel_data_alloc();

		if (a == NULL)
			return -ENOMEM;
		rte_tel_data_start_array(a, RTE_TEL_U64_VAL);
		for (q = 0; q < n; q++)
			rte_tel_data_add_array_u64(a, k % 3 == 0 ? s[q].packets :
						      k % 3 == 1 ? s[q].bytes : s[q].errors);
		rc = vswd_tel_add_dict(d, keys[k], a);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
add_vhost(struct rte_tel_data *d, const struct vsw_port *p)
{
	struct vsw_port_vhost_info vi;
	struct rte_tel_data *v, *names;
	char hex[24];
	unsigned int b;

	/* No front-end, no device to ask (and no vid to trust while the link is down). */
	if (!vsw_port_link(p, NULL) || vsw_port_vhost_info(p, &vi) != 0)
		vi = (struct vsw_port_vhost_info){.vid = -1};
	v = rte_tel_data_alloc();
	names = rte_tel_data_alloc();
	if (v == NULL || names == NULL) {
		rte_tel_data_free(v);
		rte_tel_data_free(names);
		return -ENOMEM;
	}
	rte_tel_data_start_dict(v);
	rte_tel_data_add_dict_string(v, "state", vi.connected ? "connected" : "not connected");
	rte_tel_data_add_dict_int(v, "vid", vi.vid);
	snprintf(hex, sizeof(hex), "0x%" PRIx64, vi.features);
	rte_tel_data_add_dict_string(v, "features", hex);
	rte_tel_data_start_array(names, RTE_TEL_STRING_VAL);
	for (b = 0; b < 64; b++) {
		const char *n = vsw_virtio_feature_name(b);
		char other[16];

		if (!(vi.features & (UINT64_C(1) << b)))
			continue;
		if (n == NULL) {
			snprintf(other, sizeof(other), "bit%u", b);
			n = other;
		}
		rte_tel_data_add_array_string(names, n);
	}
	vswd_tel_add_dict(v, "feature_names", names);
	rte_tel_data_add_dict_u64(v, "vrings", vi.n_vrings);
	rte_tel_data_add_dict_u64(v, "mtu", vi.mtu);
	return vswd_tel_add_dict(d, "vhost", v);
}

static int
cmd_port_info(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct xstats_ctx x = {0};
	const struct vsw_port *p;
	struct vsw_iface *f;
	int rc;

	RTE_SET_USED(cmd);
	if (params == NULL)
		return -EINVAL;
	if (!vswd_read_begin())
		return -ENODEV;
	f = vswd.ports_up ? vsw_iface_from_name(params) : NULL;
	if (f == NULL || f->type != VSW_IFACE_PORT) {
		vswd_read_end();
		return -ENOENT;
	}
	p = vsw_port_of(f);
	vswd_tel_port(d, p);
	rte_tel_data_add_dict_u64(d, "id", f->id);
	rc = add_queues(d, p);
	if (rc == 0 && p->conf.kind == VSW_PORT_VHOST)
		rc = add_vhost(d, p);
	x.d = rte_tel_data_alloc();
	if (rc == 0 && x.d == NULL)
		rc = -ENOMEM;
	if (rc == 0) {
		rte_tel_data_start_dict(x.d);
		vsw_port_xstats(p, add_xstat, &x); /* none from net_vhost while unconnected */
		rc = vswd_tel_add_dict(d, "xstats", x.d);
	} else {
		rte_tel_data_free(x.d);
	}
	vswd_read_end();
	return rc;
}

/* One bond: mode, state, failovers, its members' link and role, its drops by reason. */
static int
tel_bond(struct rte_tel_data *d, const struct vsw_iface *f)
{
	uint64_t drops[VSW_DROP_MAX];
	struct rte_tel_data *members, *dr;
	struct vsw_bond_info bi;
	unsigned int k, r;
	int rc = 0;

	const char *active = "";

	vsw_bond_info(f, &bi);
	for (k = 0; k < bi.n_members; k++)
		if (bi.members[k].active)
			active = bi.members[k].name;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", f->name);
	rte_tel_data_add_dict_u64(d, "id", f->id);
	rte_tel_data_add_dict_string(d, "mode", vsw_bond_mode_name(bi.mode));
	rte_tel_data_add_dict_string(d, "state", bi.up ? "up" : "down");
	rte_tel_data_add_dict_string(d, "active", active);
	rte_tel_data_add_dict_u64(d, "failovers", bi.failovers);
	members = rte_tel_data_alloc();
	dr = rte_tel_data_alloc();
	if (members == NULL || dr == NULL) {
		rte_tel_data_free(members);
		rte_tel_data_free(dr);
		return -ENOMEM;
	}
	rte_tel_data_start_dict(members);
	for (k = 0; k < bi.n_members && rc == 0; k++) {
		const struct vsw_bond_member_info *m = &bi.members[k];
		struct rte_tel_data *md = rte_tel_data_alloc();

		if (md == NULL) {
			rc = -ENOMEM;
			break;
		}
		rte_tel_data_start_dict(md);
		rte_tel_data_add_dict_string(md, "name", m->name);
		rte_tel_data_add_dict_u64(md, "order", k);
		rte_tel_data_add_dict_string(md, "link", m->link_up ? "up" : "down");
		rte_tel_data_add_dict_string(md, "role", m->active ? "active" : "backup");
		rte_tel_data_add_dict_u64(md, "failovers_to", m->failovers_to);
		rc = vswd_tel_add_named(members, m->name, md);
	}
	rte_tel_data_start_dict(dr);
	vsw_pipeline_port_drops(f->id, drops);
	for (r = 0; r < vsw_drop_count(); r++)
		if (drops[r] != 0)
			rte_tel_data_add_dict_u64(dr, vsw_drop_name(r), drops[r]);
	if (rc == 0)
		rc = vswd_tel_add_dict(d, "members", members);
	else
		rte_tel_data_free(members);
	if (rc == 0)
		rc = vswd_tel_add_dict(d, "drops", dr);
	else
		rte_tel_data_free(dr);
	return rc;
}

static int
cmd_bonds(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct vsw_iface *f;
	int rc = 0;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (!vswd_read_begin())
		return -ENODEV;
	rte_tel_data_start_dict(d);
	for (f = vswd.ports_up ? vsw_iface_next(VSW_IFACE_BOND, NULL) : NULL;
	     f != NULL && rc == 0; f = vsw_iface_next(VSW_IFACE_BOND, f)) {
		struct rte_tel_data *b = rte_tel_data_alloc();

		if (b == NULL) {
			rc = -ENOMEM;
			break;
		}
		rc = tel_bond(b, f);
		if (rc == 0)
			rc = vswd_tel_add_named(d, f->name, b);
		else
			rte_tel_data_free(b);
	}
	vswd_read_end();
	return rc;
}

int
vswd_telemetry_port_init(void)
{
	int rc;

	/* The help text must be shorter than RTE_TEL_MAX_STRING_LEN (128). */
	rc = rte_telemetry_register_cmd("/vsw/port/info", cmd_port_info,
					"One port: per-queue counters, xstats, vhost-user "
					"device. Parameter: port name.");
	rc |= rte_telemetry_register_cmd("/vsw/bonds", cmd_bonds,
					 "Bonds: mode, state, active member, members' links and "
					 "roles, failovers, drops.");
	return rc;
}
