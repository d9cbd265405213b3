/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2 telemetry: bridges, FDB pages, FDB counters (read-only: a flush is an API request,
 * see api_l2.c). Handlers hold vswd.lock (vswd_read_begin()) then the L2 lock.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_telemetry.h>

#include "iface/iface.h"
#include "l2/l2.h"
#include "vswd.h"
#include "vxlan/vxlan.h"

/*
 * Entries per /vsw/fdb reply. DPDK's telemetry replies are at most 16 KiB and it silently
 * drops a container that does not fit: 90 entries of up to ~160 bytes (31-character port
 * or tunnel names, a remote VTEP's address) stay inside.
 */
#define FDB_PAGE 90

/* A member's name: a port, or another interface attached to the bridge (a router's). */
static const char *
iface_name(uint16_t id)
{
	const struct vsw_iface *f;

	if (vsw_pipeline_port_name(id) != NULL)
		return vsw_pipeline_port_name(id);
	f = id < VSW_MAX_IFACES ? vsw_iface_from_id(id) : NULL;
	return f != NULL ? f->name : "?";
}

static int
bridge_index(const char *name, size_t len)
{
	unsigned int b;

	for (b = 0; b < vswd.cfg.n_bridges; b++)
		if (strlen(vswd.cfg.bridges[b].name) == len &&
		    strncmp(vswd.cfg.bridges[b].name, name, len) == 0)
			return (int)b;
	return -1;
}

/* "<bridge>[,<rest>]": the bridge's index and where the rest starts (NULL if none). */
static int
parse_bridge(const char *params, const char **rest)
{
	const char *comma;

	if (params == NULL || *params == '\0')
		return -1;
	comma = strchr(params, ',');
	*rest = comma != NULL ? comma + 1 : NULL;
	return bridge_index(params, comma != NULL ? (size_t)(comma - params) : strlen(params));
}

static int
cmd_bridges(const char *cmd, const char *params, struct rte_tel_data *d)
{
	unsigned int b, i;
	int rc = 0;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (!vswd_read_begin())
		return -ENODEV;
	rte_tel_data_start_dict(d);
	vsw_l2_lock();
	for (b = 0; b < vswd.cfg.n_bridges && rc == 0; b++) {
		const struct vsw_bridge_conf *bc = &vswd.cfg.bridges[b];
		struct rte_tel_data *bd = rte_tel_data_alloc(), *ports = rte_tel_data_alloc();
		uint32_t learned = 0, statics = 0;

		if (bd == NULL || ports == NULL) {
			rte_tel_data_free(bd);
			rte_tel_data_free(ports);
			rc = -ENOMEM;
			break;
		}
		if (vsw_l2_fdb() != NULL)
			vsw_fdb_count(vsw_l2_fdb(), (uint16_t)vsw_l2_bridge_id(bc->name), &learned,
				      &statics);
		rte_tel_data_start_array(ports, RTE_TEL_STRING_VAL);
		for (i = 0; i < bc->n_ports; i++)
			rte_tel_data_add_array_string(ports, vswd.cfg.ports[bc->ports[i]].name);
		rte_tel_data_start_dict(bd);
		rte_tel_data_add_dict_string(bd, "name", bc->name);
		rte_tel_data_add_dict_u64(bd, "vlan", bc->vlan);
		vswd_tel_add_dict(bd, "ports", ports);
		rte_tel_data_add_dict_u64(bd, "aging_s", bc->aging_s);
		rte_tel_data_add_dict_string(bd, "flood_unknown", bc->flood_unknown ? "on" : "off");
		rte_tel_data_add_dict_u64(bd, "mac_limit", bc->mac_limit);
		rte_tel_data_add_dict_u64(bd, "learned", learned);
		rte_tel_data_add_dict_u64(bd, "static", statics);
		rc = vswd_tel_add_named(d, bc->name, bd);
	}
	vsw_l2_unlock();
	vswd_read_end();
	return rc;
}

struct fdb_page {
	struct rte_tel_data *entries;
	unsigned int n;
	uint32_t now;
	uint16_t vlan;
	int rc;
};

static int
add_entry(const struct vsw_fdb_key *key, uint16_t port, uint8_t flags, uint32_t last_seen,
	  void *arg)
{
	struct fdb_page *pg = arg;
	struct rte_tel_data *e = rte_tel_data_alloc();
	char mac[RTE_ETHER_ADDR_FMT_SIZE], name[16];
	bool is_static = flags & VSW_FDB_F_STATIC;

	if (e == NULL) {
		pg->rc = -ENOMEM;
		return 1;
	}
	rte_ether_format_addr(mac, sizeof(mac), &key->mac);
	rte_tel_data_start_dict(e);
	rte_tel_data_add_dict_string(e, "mac", mac);
	rte_tel_data_add_dict_u64(e, "vlan", pg->vlan);
	if (flags & VSW_FDB_F_REMOTE) {
		char tunnel[VSW_NAME_MAX], a[VSW_VXLAN_ADDR_STR] = "?";

		if (vsw_vxlan_remote_vtep(port, tunnel, a) != 0)
			snprintf(tunnel, sizeof(tunnel), "?");
		rte_tel_data_add_dict_string(e, "port", tunnel);
		rte_tel_data_add_dict_string(e, "vtep", a); /* behind this remote VTEP */
	} else {
		rte_tel_data_add_dict_string(e, "port", iface_name(port));
	}
	rte_tel_data_add_dict_u64(e, "age_s",
				  is_static || pg->now < last_seen ? 0 : pg->now - last_seen);
	rte_tel_data_add_dict_string(e, "type", is_static ? "static" : "learned");
	snprintf(name, sizeof(name), "e%u", pg->n);
	if (vswd_tel_add_dict(pg->entries, name, e) != 0) {
		pg->rc = -ENOSPC;
		return 1;
	}
	return ++pg->n == FDB_PAGE;
}

/* /vsw/fdb,<bridge>[,<cursor>]: a page of entries and the cursor of the next (0: done). */
static int
cmd_fdb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct fdb_page pg = {0};
	const char *rest = NULL;
	uint32_t cursor = 0;
	int b;

	RTE_SET_USED(cmd);
	if (!vswd_read_begin())
		return -ENODEV;
	b = parse_bridge(params, &rest);
	if (b < 0 || vsw_l2_fdb() == NULL) {
		vswd_read_end();
		return -EINVAL;
	}
	if (rest != NULL)
		cursor = (uint32_t)strtoul(rest, NULL, 10);
	pg.entries = rte_tel_data_alloc();
	if (pg.entries == NULL) {
		vswd_read_end();
		return -ENOMEM;
	}
	rte_tel_data_start_dict(pg.entries);
	pg.now = vsw_l2_now();
	pg.vlan = vswd.cfg.bridges[b].vlan;
	vsw_l2_lock();
	vsw_fdb_walk(vsw_l2_fdb(), (uint16_t)vsw_l2_bridge_id(vswd.cfg.bridges[b].name), &cursor,
		     add_entry, &pg);
	vsw_l2_unlock();
	if (pg.rc != 0) {
		vswd_read_end();
		rte_tel_data_free(pg.entries);
		return pg.rc;
	}
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "bridge", vswd.cfg.bridges[b].name);
	vswd_read_end();
	rte_tel_data_add_dict_u64(d, "count", pg.n);
	rte_tel_data_add_dict_u64(d, "next", cursor);
	return vswd_tel_add_dict(d, "entries", pg.entries);
}

static int
cmd_fdb_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct vsw_l2_worker_stats ws;
	struct vsw_fdb_stats st;
	uint64_t events = 0, ring_full = 0;
	unsigned int w;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (!vswd_read_begin())
		return -ENODEV;
	if (vsw_l2_fdb() == NULL) {
		vswd_read_end();
		return -EINVAL;
	}
	for (w = 0; w < vsw_pipeline_n_workers(); w++) {
		vsw_l2_worker_stats(w, &ws);
		events += ws.learn_events;
		ring_full += ws.learn_ring_full;
	}
	vsw_l2_lock();
	vsw_fdb_stats(vsw_l2_fdb(), &st);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "entries", vsw_fdb_size(vsw_l2_fdb()));
	rte_tel_data_add_dict_u64(d, "capacity", vswd.cfg.fdb_size);
	vsw_l2_unlock();
	vswd_read_end();
	rte_tel_data_add_dict_u64(d, "learned", st.learned);
	rte_tel_data_add_dict_u64(d, "moved", st.moved);
	rte_tel_data_add_dict_u64(d, "aged", st.aged);
	rte_tel_data_add_dict_u64(d, "flushed", st.flushed);
	rte_tel_data_add_dict_u64(d, "refused_bridge_limit", st.limit_bridge);
	rte_tel_data_add_dict_u64(d, "refused_port_limit", st.limit_port);
	rte_tel_data_add_dict_u64(d, "refused_table_full", st.full);
	rte_tel_data_add_dict_u64(d, "static_move", st.static_move);
	rte_tel_data_add_dict_u64(d, "learn_events", events);
	rte_tel_data_add_dict_u64(d, "learn_ring_full", ring_full);
	return 0;
}

int
vswd_telemetry_l2_init(void)
{
	int rc = 0;

	rc |= rte_telemetry_register_cmd("/vsw/bridges", cmd_bridges,
					 "Bridges: VLAN, ports, aging, limits, entries.");
	rc |= rte_telemetry_register_cmd(
		"/vsw/fdb", cmd_fdb,
		"FDB entries of a bridge, a page at a time. Parameters: bridge[,cursor].");
	rc |= rte_telemetry_register_cmd("/vsw/fdb/stats", cmd_fdb_stats,
					 "FDB counters: learned, moved, aged, refused. No parameters.");
	return rc;
}
