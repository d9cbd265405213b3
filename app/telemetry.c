/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /vsw/... telemetry commands, served by DPDK's telemetry thread on
 * /var/run/dpdk/<file-prefix>/dpdk_telemetry.v2 (use dpdk-telemetry.py -f <prefix> or
 * tools/vswctl). Handlers only read (anything that writes is an API request, served on the
 * control loop). Each holds vswd.lock, taken by vswd_read_begin(), for its whole run and
 * returns -ENODEV once shutdown has begun: main.c clears vswd.live under that lock before it
 * stops or frees anything, so a handler never reads freed ports, workers or FDB.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_telemetry.h>
#include <rte_version.h>

#include "port_iface.h"
#include "feature_ctl.h"
#include "vswd.h"

/*
 * DPDK 22.11 accepts only [A-Za-z0-9_/] in dict keys, and clone node names ("port_rx-...")
 * and port names ("vm-1") have others; its arrays cannot hold dicts. So a list of named
 * things is a dict keyed by the name with every other character made '_', and each entry
 * carries its real name in a "name" field (tools/vswctl keys by that).
 * A container the parent did not take must be freed here.
 */
int
vswd_tel_add_named(struct rte_tel_data *dict, const char *name, struct rte_tel_data *child)
{
	char key[RTE_TEL_MAX_STRING_LEN];
	size_t i;

	snprintf(key, sizeof(key), "%s", name);
	for (i = 0; key[i] != '\0'; i++)
		if (!isalnum((unsigned char)key[i]) && key[i] != '_' && key[i] != '/')
			key[i] = '_';
	return vswd_tel_add_dict(dict, key, child);
}

int
vswd_tel_add_dict(struct rte_tel_data *dict, const char *key, struct rte_tel_data *child)
{
	int rc = rte_tel_data_add_dict_container(dict, key, child, 0);

	if (rc != 0)
		rte_tel_data_free(child);
	return rc;
}

bool
vswd_read_begin(void)
{
	pthread_mutex_lock(&vswd.lock);
	if (vswd.live)
		return true;
	pthread_mutex_unlock(&vswd.lock);
	return false;
}

void
vswd_read_end(void)
{
	pthread_mutex_unlock(&vswd.lock);
}

static const char *
port_state(const struct vsw_port *p)
{
	if (p->started)
		return "started";
	return p->configured ? "configured" : "probed";
}

static int
cmd_version(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "version", VSW_VERSION);
	rte_tel_data_add_dict_string(d, "dpdk", rte_version());
	rte_tel_data_add_dict_u64(d, "uptime_s",
				  (rte_rdtsc() - vswd.start_tsc) / rte_get_tsc_hz());
	return 0;
}

static int
cmd_status(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (!vswd_read_begin())
		return -ENODEV;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "version", VSW_VERSION);
	rte_tel_data_add_dict_u64(d, "uptime_s",
				  (rte_rdtsc() - vswd.start_tsc) / rte_get_tsc_hz());
	rte_tel_data_add_dict_string(d, "config", vswd.cfg.path);
	rte_tel_data_add_dict_u64(d, "config_gen", vswd.config_gen);
	rte_tel_data_add_dict_u64(d, "ports", vsw_iface_count(VSW_IFACE_PORT));
	rte_tel_data_add_dict_u64(d, "workers", vsw_pipeline_n_workers());
	vswd_read_end();
	return 0;
}

/* The packet pool: a leak, or frames piling up somewhere, shows as in_use growing. */
static int
cmd_mempool(const char *cmd, const char *params, struct rte_tel_data *d)
{
	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (!vswd_read_begin())
		return -ENODEV;
	if (vswd.pool == NULL) {
		vswd_read_end();
		return -ENOENT;
	}
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", vswd.pool->name);
	rte_tel_data_add_dict_u64(d, "size", vswd.pool->size);
	rte_tel_data_add_dict_u64(d, "in_use", rte_mempool_in_use_count(vswd.pool));
	rte_tel_data_add_dict_u64(d, "available", rte_mempool_avail_count(vswd.pool));
	vswd_read_end();
	return 0;
}

void
vswd_tel_port(struct rte_tel_data *d, const struct vsw_port *p)
{
	const struct vsw_port_conf *c = &p->conf;
	char mac[RTE_ETHER_ADDR_FMT_SIZE];
	uint32_t speed = 0;
	bool up = vsw_port_link(p, &speed);

	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", c->name);
	rte_tel_data_add_dict_u64(d, "ethdev", p->eth_port);
	rte_tel_data_add_dict_string(d, "kind", vsw_port_kind_name(c->kind));
	rte_tel_data_add_dict_string(d, "driver", p->driver);
	rte_tel_data_add_dict_string(d, "devargs", p->devargs);
	rte_ether_format_addr(mac, sizeof(mac), &p->mac);
	rte_tel_data_add_dict_string(d, "mac", mac);
	rte_tel_data_add_dict_string(d, "link", up ? "up" : "down");
	rte_tel_data_add_dict_u64(d, "speed_mbps", speed);
	rte_tel_data_add_dict_string(d, "state", port_state(p));
	rte_tel_data_add_dict_u64(d, "rx_queues", p->n_rxq);
	rte_tel_data_add_dict_u64(d, "tx_queues", p->n_txq);
	rte_tel_data_add_dict_u64(d, "rx_desc", p->rx_desc);
	rte_tel_data_add_dict_u64(d, "tx_desc", p->tx_desc);
	rte_tel_data_add_dict_u64(d, "mtu", p->mtu);
	rte_tel_data_add_dict_string(d, "rss", p->rss ? "on" : "off");
	if (c->kind == VSW_PORT_TAP)
		rte_tel_data_add_dict_string(d, "iface", c->iface);
	if (c->kind == VSW_PORT_VHOST) {
		rte_tel_data_add_dict_string(d, "path", c->path);
		rte_tel_data_add_dict_string(d, "mode", c->vhost_client ? "client" : "server");
	}
}

static int
cmd_ports(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct vsw_iface *f;
	int rc = 0;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (!vswd_read_begin())
		return -ENODEV;
	rte_tel_data_start_dict(d);
	for (f = vswd.ports_up ? vsw_iface_next(VSW_IFACE_PORT, NULL) : NULL;
	     f != NULL && rc == 0; f = vsw_iface_next(VSW_IFACE_PORT, f)) {
		struct rte_tel_data *p = rte_tel_data_alloc();

		if (p == NULL) {
			rc = -ENOMEM;
			break;
		}
		vswd_tel_port(p, vsw_port_of(f));
		rte_tel_data_add_dict_u64(p, "id", f->id);
		rc = vswd_tel_add_named(d, f->name, p);
	}
	vswd_read_end();
	return rc;
}

static int
cmd_port_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	uint64_t drops[VSW_DROP_MAX], total = 0;
	struct rte_tel_data *rx, *tx;
	struct vsw_port_stats s;
	struct vsw_iface *f;
	unsigned int r;
	int rc = -ENOENT;

	RTE_SET_USED(cmd);
	if (params == NULL)
		return -EINVAL;
	if (!vswd_read_begin())
		return -ENODEV;
	f = vswd.ports_up ? vsw_iface_from_name(params) : NULL;
	while (f != NULL && f->type == VSW_IFACE_PORT) { /* once */
		rc = vsw_port_stats_get(vsw_port_of(f), &s);
		if (rc != 0)
			break;
		vsw_pipeline_port_drops(f->id, drops);
		rx = rte_tel_data_alloc();
		tx = rte_tel_data_alloc();
		if (rx == NULL || tx == NULL) {
			rte_tel_data_free(rx);
			rte_tel_data_free(tx);
			rc = -ENOMEM;
			break;
		}
		rte_tel_data_start_dict(rx);
		rte_tel_data_start_dict(tx);
		rte_tel_data_add_dict_u64(rx, "rx_missed", s.rx_missed);
		rte_tel_data_add_dict_u64(rx, "rx_nombuf", s.rx_nombuf);
		rte_tel_data_add_dict_u64(rx, "rx_errors", s.rx_errors);
		rte_tel_data_add_dict_u64(tx, "tx_errors", s.tx_errors);
		total = s.rx_missed + s.rx_nombuf + s.rx_errors + s.tx_errors;
		for (r = 0; r < vsw_drop_count(); r++) {
			rte_tel_data_add_dict_u64(vsw_drop_side(r) == VSW_DROP_TX ? tx : rx,
						  vsw_drop_name(r), drops[r]);
			total += drops[r];
		}
		rte_tel_data_start_dict(d);
		rte_tel_data_add_dict_string(d, "name", f->name);
		rte_tel_data_add_dict_u64(d, "rx_packets", s.rx_packets);
		rte_tel_data_add_dict_u64(d, "rx_bytes", s.rx_bytes);
		rte_tel_data_add_dict_u64(d, "tx_packets", s.tx_packets);
		rte_tel_data_add_dict_u64(d, "tx_bytes", s.tx_bytes);
		rte_tel_data_add_dict_u64(d, "drops", total);
		rc = vswd_tel_add_dict(d, "rx_drops", rx);
		rc |= vswd_tel_add_dict(d, "tx_drops", tx);
		break;
	}
	vswd_read_end();
	return rc;
}

static int
cmd_workers(const char *cmd, const char *params, struct rte_tel_data *d)
{
	unsigned int i, q;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (!vswd_read_begin())
		return -ENODEV;
	rte_tel_data_start_dict(d);
	for (i = 0; i < vsw_pipeline_n_workers(); i++) {
		const struct vsw_worker *w = vsw_pipeline_worker(i);
		struct vsw_worker_stats st = w->stats;
		struct rte_tel_data *wd = rte_tel_data_alloc(), *qs = rte_tel_data_alloc();
		uint64_t total = st.busy_cycles + st.idle_cycles;
		char name[32], rxq[VSW_NAME_MAX + 16];

		if (wd == NULL || qs == NULL) {
			rte_tel_data_free(wd);
			rte_tel_data_free(qs);
			break;
		}
		rte_tel_data_start_array(qs, RTE_TEL_STRING_VAL);
		for (q = 0; q < w->n_rxq; q++) {
			const char *pn = vsw_pipeline_port_name(w->rxq[q].port);

			snprintf(rxq, sizeof(rxq), "%s:%u", pn != NULL ? pn : "?", w->rxq[q].queue);
			rte_tel_data_add_array_string(qs, rxq);
		}
		rte_tel_data_start_dict(wd);
		rte_tel_data_add_dict_u64(wd, "lcore", w->lcore);
		rte_tel_data_add_dict_string(wd, "graph", w->graph_name);
		vswd_tel_add_dict(wd, "rx_queues", qs);
		rte_tel_data_add_dict_u64(wd, "packets", st.rx_pkts);
		rte_tel_data_add_dict_u64(wd, "busy_cycles", st.busy_cycles);
		rte_tel_data_add_dict_u64(wd, "idle_cycles", st.idle_cycles);
		rte_tel_data_add_dict_u64(wd, "busy_pct",
					  total ? st.busy_cycles * 100 / total : 0);
		rte_tel_data_add_dict_u64(wd, "cycles_per_packet",
					  st.rx_pkts ? st.busy_cycles / st.rx_pkts : 0);
		rte_tel_data_add_dict_u64(wd, "loops", st.loops);
		rte_tel_data_add_dict_u64(wd, "sleeps", st.sleeps);
		rte_tel_data_add_dict_u64(wd, "tsc_hz", rte_get_tsc_hz());
		snprintf(name, sizeof(name), "worker%u", i);
		if (vswd_tel_add_dict(d, name, wd) != 0)
			break;
	}
	vswd_read_end();
	return 0;
}

static void
add_node_stats(const struct vsw_node_stats *s, void *arg)
{
	struct rte_tel_data *d = arg, *n = rte_tel_data_alloc();

	if (n == NULL)
		return;
	rte_tel_data_start_dict(n);
	rte_tel_data_add_dict_string(n, "name", s->name);
	rte_tel_data_add_dict_u64(n, "calls", s->calls);
	rte_tel_data_add_dict_u64(n, "packets", s->objs);
	rte_tel_data_add_dict_u64(n, "cycles", s->cycles);
	rte_tel_data_add_dict_u64(n, "cycles_per_packet", s->objs ? s->cycles / s->objs : 0);
	rte_tel_data_add_dict_u64(n, "cycles_per_call", s->calls ? s->cycles / s->calls : 0);
	vswd_tel_add_named(d, s->name, n);
}

static int
cmd_graph_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	int rc;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);

	if (!vswd_read_begin())
		return -ENODEV;
	rte_tel_data_start_dict(d);
	rc = vsw_pipeline_node_stats(add_node_stats, d);
	vswd_read_end();
	return rc == -ENOENT ? 0 : rc; /* No graph (no queue to poll): an empty list. */
}

static int
cmd_drops(const char *cmd, const char *params, struct rte_tel_data *d)
{
	uint64_t drops[VSW_DROP_MAX];
	unsigned int r;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	if (!vswd_read_begin())
		return -ENODEV;
	vsw_pipeline_drops(drops);
	vswd_read_end();
	rte_tel_data_start_dict(d);
	for (r = 0; r < vsw_drop_count(); r++)
		rte_tel_data_add_dict_u64(d, vsw_drop_name(r), drops[r]);
	return 0;
}

int
vswd_telemetry_init(void)
{
	int rc = 0;

	rc |= rte_telemetry_register_cmd("/vsw/version", cmd_version,
					 "vswd and DPDK versions, uptime. No parameters.");
	rc |= rte_telemetry_register_cmd(
		"/vsw/status", cmd_status,
		"Version, uptime, config file and generation, ports, workers. No parameters.");
	rc |= rte_telemetry_register_cmd("/vsw/ports", cmd_ports,
					 "Ports: config, link, state. No parameters.");
	rc |= rte_telemetry_register_cmd("/vsw/port/stats", cmd_port_stats,
					 "Counters of one port. Parameter: port name.");
	rc |= rte_telemetry_register_cmd(
		"/vsw/workers", cmd_workers,
		"Workers: rx queues, packets, busy/idle cycles, cycles per packet.");
	rc |= rte_telemetry_register_cmd(
		"/vsw/graph/stats", cmd_graph_stats,
		"Per graph node, summed over workers: calls, packets, cycles per packet.");
	rc |= rte_telemetry_register_cmd("/vsw/drops", cmd_drops,
					 "Dropped packets by reason. No parameters.");
	rc |= rte_telemetry_register_cmd(
		"/vsw/mempool", cmd_mempool,
		"The packet pool: size, mbufs in use (rx rings, graphs, tx queues), available.");
	rc |= vswd_telemetry_port_init();
	rc |= vswd_features_telemetry_init();
	return rc;
}
