/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VTEP's control side in the daemon (feature_ctl.h): its telemetry, read-only.
 * /vsw/vxlan lists the tunnels and, apart (DPDK 22.11's telemetry nests containers two
 * levels deep at most), their remote VTEPs with per-remote counters. Handlers hold vswd.lock
 * (vswd_read_begin()); counters are read while workers write them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>

#include <rte_common.h>
#include <rte_telemetry.h>

#include "feature_ctl.h"
#include "vswd.h"
#include "vxlan/vxlan.h"

struct vx_page {
	struct rte_tel_data *tunnels, *remotes;
	int rc;
};

/* An address as text: IPv4 @p host (host order), or IPv6 @p a6 when @p v6. */
static void
ip_str(bool v6, uint32_t host, const uint8_t a6[16], char buf[INET6_ADDRSTRLEN])
{
	struct in_addr a = {.s_addr = htonl(host)};

	if (v6)
		inet_ntop(AF_INET6, a6, buf, INET6_ADDRSTRLEN);
	else
		inet_ntop(AF_INET, &a, buf, INET6_ADDRSTRLEN);
}

static void
add_tunnel(const struct vsw_vxlan_tunnel_info *t, void *arg)
{
	struct vx_page *pg = arg;
	struct rte_tel_data *e = rte_tel_data_alloc();
	char a[INET6_ADDRSTRLEN], key[VSW_NAME_MAX + INET6_ADDRSTRLEN + 2];

	if (e == NULL) {
		pg->rc = -ENOMEM;
		return;
	}
	rte_tel_data_start_dict(e);
	rte_tel_data_add_dict_string(e, "name", t->name);
	rte_tel_data_add_dict_u64(e, "vni", t->vni);
	rte_tel_data_add_dict_string(e, "bridge", t->bridge);
	ip_str(t->v6, t->local, t->local6, a);
	rte_tel_data_add_dict_string(e, "local", a);
	rte_tel_data_add_dict_u64(e, "family", t->v6 ? 6 : 4);
	rte_tel_data_add_dict_string(e, "interface", t->rif);
	rte_tel_data_add_dict_u64(e, "dstport", t->dstport);
	rte_tel_data_add_dict_u64(e, "mtu", t->mtu);
	rte_tel_data_add_dict_u64(e, "ttl", t->ttl);
	rte_tel_data_add_dict_u64(e, "tos", t->tos);
	rte_tel_data_add_dict_u64(e, "df", t->df);
	rte_tel_data_add_dict_u64(e, "known_vteps_only", t->known_vteps_only);
	rte_tel_data_add_dict_u64(e, "remotes", t->n_remotes);
	rte_tel_data_add_dict_u64(e, "rx_unlisted", t->rx_unlisted);
	pg->rc |= vswd_tel_add_named(pg->tunnels, t->name, e);
	for (unsigned int i = 0; i < t->n_remotes; i++) {
		const struct vsw_vxlan_remote_info *r = &t->remotes[i];

		e = rte_tel_data_alloc();
		if (e == NULL) {
			pg->rc = -ENOMEM;
			return;
		}
		ip_str(t->v6, r->ip, r->ip6, a);
		rte_tel_data_start_dict(e);
		rte_tel_data_add_dict_string(e, "tunnel", t->name);
		rte_tel_data_add_dict_string(e, "vtep", a);
		rte_tel_data_add_dict_u64(e, "rx_packets", r->rx_packets);
		rte_tel_data_add_dict_u64(e, "rx_bytes", r->rx_bytes);
		rte_tel_data_add_dict_u64(e, "tx_packets", r->tx_packets);
		rte_tel_data_add_dict_u64(e, "tx_bytes", r->tx_bytes);
		snprintf(key, sizeof(key), "%s_%s", t->name, a);
		pg->rc |= vswd_tel_add_named(pg->remotes, key, e);
	}
}

/* /vsw/vxlan: {tunnels: {NAME: {...}}, remotes: {NAME_VTEP: {tunnel, vtep, counters}}} */
static int
cmd_vxlan(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct vx_page pg = {.tunnels = rte_tel_data_alloc(), .remotes = rte_tel_data_alloc()};

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (pg.tunnels == NULL || pg.remotes == NULL || !vswd_read_begin()) {
		rte_tel_data_free(pg.tunnels);
		rte_tel_data_free(pg.remotes);
		return pg.tunnels == NULL || pg.remotes == NULL ? -ENOMEM : -ENODEV;
	}
	rte_tel_data_start_dict(pg.tunnels);
	rte_tel_data_start_dict(pg.remotes);
	vsw_vxlan_tunnel_walk(add_tunnel, &pg);
	vswd_read_end();
	rte_tel_data_start_dict(d);
	vswd_tel_add_dict(d, "tunnels", pg.tunnels);
	vswd_tel_add_dict(d, "remotes", pg.remotes);
	return pg.rc != 0 ? -ENOSPC : 0;
}

static int
vxlan_telemetry_init(void)
{
	return rte_telemetry_register_cmd("/vsw/vxlan", cmd_vxlan,
					  "VXLAN tunnels, and their remote VTEPs with counters.");
}

const struct vswd_feature vswd_vxlan_control = {
    .name = "vxlan",
    .telemetry_init = vxlan_telemetry_init,
};
