/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipeline assembly, graph rebuild and swap, and the worker loop. Counters, and the
 * totals kept from graphs that were swapped away, are in vsw_pipeline_stats.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_cycles.h>
#include <rte_graph.h>
#include <rte_graph_worker.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "core/core.h"
#include "vsw_pipeline.h"
#include "vsw_pipeline_priv.h"
#include "vsw_rcu.h"
#include "vsw_feature.h"
#include "xconnect/xconnect.h"
#include "vsw_err.h"

static struct {
	unsigned int n_workers;
	struct vsw_worker *workers[VSW_MAX_WORKERS];
	struct rte_rcu_qsbr *rcu;
	uint16_t burst;
	bool port_present[VSW_MAX_IFACES];
	struct vsw_dp_port ports[VSW_MAX_IFACES];
	unsigned int generation;
	volatile bool quit;
	bool running;
	bool features; /* vsw_features_init() ran */
} pl;

struct vsw_worker *
vsw_worker_by_graph(const char *graph_name)
{
	unsigned int i;

	if (sscanf(graph_name, "vsw-w%u.", &i) != 1 || i >= pl.n_workers)
		return NULL;
	return pl.workers[i];
}

/* Pick a worker for every rx queue of every port: the configured one, else round-robin.
 * Fills @p rxq / @p n_rxq per worker (the new graphs' sources). */
static int
assign_queues(struct vsw_rxq_ref (*rxq)[VSW_MAX_RXQ_PER_WORKER], unsigned int *n_rxq,
	      char *err, size_t err_len)
{
	unsigned int p, q, rr = 0;

	memset(n_rxq, 0, sizeof(*n_rxq) * pl.n_workers);
	for (p = 0; p < VSW_MAX_IFACES; p++) {
		const struct vsw_dp_port *port = &pl.ports[p];

		if (!pl.port_present[p])
			continue;
		for (q = 0; q < port->n_rxq; q++) {
			int wi = port->rxq_worker[q];

			if (wi < 0)
				wi = rr++ % pl.n_workers;
			if ((unsigned int)wi >= pl.n_workers) {
				vsw_err(err, err_len, 0, "port %s rx queue %u: no worker %d", port->name,
					q, wi);
				return -EINVAL;
			}
			if (n_rxq[wi] >= VSW_MAX_RXQ_PER_WORKER) {
				vsw_err(err, err_len, 0, "worker %d: too many rx queues", wi);
				return -ENOSPC;
			}
			rxq[wi][n_rxq[wi]].port = (uint16_t)p;
			rxq[wi][n_rxq[wi]].queue = (uint16_t)q;
			n_rxq[wi]++;
		}
	}
	return 0;
}

/* A graph for worker @p w polling @p rxq; NULL with nothing to poll (or on error, with
 * *rc set). */
static struct rte_graph *
create_graph(struct vsw_worker *w, const struct vsw_rxq_ref *rxq, unsigned int n_rxq,
	     char name[RTE_GRAPH_NAMESIZE], rte_graph_t *id, int *rc, char *err, size_t err_len)
{
	static char names[VSW_MAX_RXQ_PER_WORKER][RTE_NODE_NAMESIZE];
	static const char *patterns[VSW_MAX_RXQ_PER_WORKER + 8];
	struct rte_graph_param prm;
	unsigned int i;

	*rc = 0;
	*id = RTE_GRAPH_ID_INVALID;
	if (n_rxq == 0)
		return NULL;
	for (i = 0; i < n_rxq; i++) {
		const struct vsw_dp_port *port = &pl.ports[rxq[i].port];

		*rc = vsw_port_rx_clone(rxq[i].port, port->name, port->eth_port, rxq[i].queue,
					pl.burst, names[i]);
		if (*rc != 0) {
			vsw_err(err, err_len, 0, "port %s: cannot make rx node: %s", port->name,
				strerror(-*rc));
			return NULL;
		}
		patterns[i] = names[i];
	}
	/* The features' own source nodes: in every graph that polls something. */
	for (unsigned int f = 0; f < vsw_n_features && n_rxq < RTE_DIM(patterns); f++)
		if (vsw_features[f]->source_node != NULL)
			patterns[n_rxq++] = vsw_features[f]->source_node;
	snprintf(name, RTE_GRAPH_NAMESIZE, "vsw-w%u.%u", w->index, pl.generation);
	memset(&prm, 0, sizeof(prm));
	prm.socket_id = (int)rte_lcore_to_socket_id(w->lcore);
	prm.nb_node_patterns = n_rxq;
	prm.node_patterns = patterns;
	*id = rte_graph_create(name, &prm);
	if (*id == RTE_GRAPH_ID_INVALID) {
		vsw_err(err, err_len, 0, "cannot create graph %s: %s", name, rte_strerror(rte_errno));
		*rc = -ENOENT;
		return NULL;
	}
	return rte_graph_lookup(name);
}

int
vsw_pipeline_rebuild(char *err, size_t err_len)
{
	static struct vsw_rxq_ref rxq[VSW_MAX_WORKERS][VSW_MAX_RXQ_PER_WORKER];
	struct rte_graph *graph[VSW_MAX_WORKERS];
	char name[VSW_MAX_WORKERS][RTE_GRAPH_NAMESIZE];
	char old_name[VSW_MAX_WORKERS][RTE_GRAPH_NAMESIZE];
	rte_graph_t id[VSW_MAX_WORKERS], old_id[VSW_MAX_WORKERS];
	unsigned int n_rxq[VSW_MAX_WORKERS], i;
	int rc;

	rc = assign_queues(rxq, n_rxq, err, err_len);
	if (rc != 0)
		return rc;
	vsw_pipeline_stats_lock();
	pl.generation++;
	for (i = 0; i < pl.n_workers; i++) {
		graph[i] = create_graph(pl.workers[i], rxq[i], n_rxq[i], name[i], &id[i], &rc, err,
					err_len);
		if (rc != 0) {
			while (i-- > 0)
				if (id[i] != RTE_GRAPH_ID_INVALID)
					rte_graph_destroy(id[i]);
			vsw_pipeline_stats_unlock();
			return rc;
		}
	}
	for (i = 0; i < pl.n_workers; i++) {
		struct vsw_worker *w = pl.workers[i];

		old_id[i] = w->graph_id;
		memcpy(old_name[i], w->graph_name, sizeof(old_name[i]));
		w->graph_id = id[i];
		memcpy(w->graph_name, name[i], sizeof(w->graph_name));
		memcpy(w->rxq, rxq[i], n_rxq[i] * sizeof(rxq[i][0]));
		w->n_rxq = n_rxq[i];
		__atomic_store_n(&w->graph, graph[i], __ATOMIC_RELEASE);
	}
	/* A walk drains its graph: once every worker has been quiescent, the old graphs hold
	 * no packet and no worker reads them. */
	vsw_rcu_synchronize();
	for (i = 0; i < pl.n_workers; i++) {
		if (old_id[i] == RTE_GRAPH_ID_INVALID)
			continue;
		vsw_pipeline_stats_retire(old_name[i]);
		rte_graph_destroy(old_id[i]);
	}
	vsw_pipeline_stats_unlock();
	return 0;
}

int
vsw_pipeline_edges_changed(void)
{
	char err[256];
	unsigned int i;
	bool any = false;
	int rc;

	for (i = 0; i < pl.n_workers; i++)
		any |= pl.workers[i]->graph_id != RTE_GRAPH_ID_INVALID;
	if (!any)
		return 0; /* Graphs made from now on have the edge. */
	rc = vsw_pipeline_rebuild(err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "vsw: graph rebuild for a new edge failed: %s\n", err);
	return rc;
}

void
vsw_pipeline_set_idle(uint32_t idle_sleep_us, uint32_t idle_threshold_us)
{
	unsigned int i;

	for (i = 0; i < pl.n_workers; i++) {
		struct vsw_worker *w = pl.workers[i];

		__atomic_store_n(&w->idle_threshold_tsc,
				 (uint64_t)idle_threshold_us * rte_get_tsc_hz() / 1000000,
				 __ATOMIC_RELAXED);
		__atomic_store_n(&w->idle_sleep_us, idle_sleep_us, __ATOMIC_RELAXED);
	}
}

unsigned int
vsw_pipeline_generation(void)
{
	return pl.generation;
}

int
vsw_pipeline_port_set(uint16_t id, const struct vsw_dp_port *port, char *err, size_t err_len)
{
	char tx_name[RTE_NODE_NAMESIZE];
	int rc;

	if (id >= VSW_MAX_IFACES || port->n_rxq > VSW_MAX_QUEUES) {
		vsw_err(err, err_len, 0, "port %s: bad id %u or queue count", port->name, id);
		return -EINVAL;
	}
	rc = vsw_port_tx_clone(id, port->name,
			       port->tx_indirect ? VSW_PORT_TX_INDIRECT : port->eth_port, port->mtu,
			       tx_name);
	if (rc != 0) {
		vsw_err(err, err_len, 0, "port %s: cannot make tx node: %s", port->name,
			strerror(-rc));
		return rc;
	}
	pl.ports[id] = *port;
	pl.port_present[id] = true;
	return 0;
}

int
vsw_pipeline_set_burst(uint16_t burst, char *err, size_t err_len)
{
	uint16_t old = pl.burst;
	int rc;

	if (burst == 0 || burst > RTE_GRAPH_BURST_SIZE)
		return vsw_err(err, err_len, -EINVAL, "burst %u out of 1..%u", burst,
			       RTE_GRAPH_BURST_SIZE);
	if (burst == old)
		return 0;
	pl.burst = burst;
	rc = vsw_pipeline_rebuild(err, err_len);
	if (rc != 0)
		pl.burst = old;
	return rc;
}

const char *
vsw_pipeline_port_name(uint16_t id)
{
	return id < VSW_MAX_IFACES && pl.port_present[id] ? pl.ports[id].name : NULL;
}

uint16_t
vsw_pipeline_port_mtu(uint16_t id)
{
	return id < VSW_MAX_IFACES && pl.port_present[id] ? pl.ports[id].mtu : 0;
}

uint16_t
vsw_pipeline_port_ethdev(uint16_t id)
{
	return id < VSW_MAX_IFACES && pl.port_present[id] ? pl.ports[id].eth_port : UINT16_MAX;
}

void
vsw_pipeline_port_clear(uint16_t id)
{
	if (id < VSW_MAX_IFACES)
		pl.port_present[id] = false;
}

int
vsw_pipeline_init(const struct vsw_pipeline_conf *conf, char *err, size_t err_len)
{
	char tx_names[VSW_MAX_IFACES][RTE_NODE_NAMESIZE];
	unsigned int i;
	size_t sz;
	int rc;

	if (conf->n_workers == 0 || conf->n_workers > VSW_MAX_WORKERS ||
	    conf->n_ports > VSW_MAX_IFACES || conf->burst == 0 ||
	    conf->burst > RTE_GRAPH_BURST_SIZE) {
		vsw_err(err, err_len, 0, "invalid pipeline configuration");
		return -EINVAL;
	}
	vsw_pipeline_fini();

	sz = rte_rcu_qsbr_get_memsize(conf->n_workers);
	pl.rcu = rte_zmalloc("vsw_rcu", sz, RTE_CACHE_LINE_SIZE);
	if (pl.rcu == NULL || rte_rcu_qsbr_init(pl.rcu, conf->n_workers) != 0) {
		vsw_err(err, err_len, 0, "cannot allocate the RCU variable");
		rc = -ENOMEM;
		goto fail;
	}
	vsw_rcu_set(pl.rcu);

	pl.n_workers = conf->n_workers;
	pl.burst = conf->burst;
	for (i = 0; i < conf->n_workers; i++) {
		unsigned int lcore = conf->worker_lcores[i];
		struct vsw_worker *w;

		w = rte_zmalloc_socket("vsw_worker", sizeof(*w), RTE_CACHE_LINE_SIZE,
				       (int)rte_lcore_to_socket_id(lcore));
		if (w == NULL) {
			vsw_err(err, err_len, 0, "cannot allocate worker %u", i);
			rc = -ENOMEM;
			goto fail;
		}
		w->index = i;
		w->lcore = lcore;
		w->graph_id = RTE_GRAPH_ID_INVALID;
		w->idle_sleep_us = conf->idle_sleep_us;
		w->idle_threshold_tsc = (uint64_t)conf->idle_threshold_us * rte_get_tsc_hz() / 1000000;
		pl.workers[i] = w;
	}

	for (i = 0; i < conf->n_ports; i++) {
		rc = vsw_pipeline_port_set((uint16_t)i, &conf->ports[i], err, err_len);
		if (rc != 0)
			goto fail;
		snprintf(tx_names[i], sizeof(tx_names[i]), "%s-%s", VSW_NODE_PORT_TX,
			 conf->ports[i].name);
	}

	/* Forwarding features attach ports to eth_input and add their edges. */
	vsw_eth_input_reset();
	rc = vsw_features_init(conf, pl.rcu, err, err_len);
	if (rc != 0)
		goto fail;
	pl.features = true;
	if (conf->l2 != NULL) {
		uint16_t ids[VSW_MAX_PORTS];

		for (i = 0; i < conf->l2->n_ports; i++)
			ids[i] = (uint16_t)i;
		rc = vsw_features_apply(conf->l2, ids, err, err_len);
		if (rc != 0)
			goto fail;
	}
	for (i = 0; i < conf->n_xconnects; i++) {
		uint16_t a = conf->xconnects[i].a, b = conf->xconnects[i].b;

		if (a >= conf->n_ports || b >= conf->n_ports) {
			rc = -EINVAL;
			vsw_err(err, err_len, 0, "xconnect %u: no such port", i);
			goto fail;
		}
		rc = vsw_xconnect_add(a, tx_names[a], b, tx_names[b]);
		if (rc != 0) {
			vsw_err(err, err_len, 0, "xconnect %s <-> %s: %s", conf->ports[a].name,
				conf->ports[b].name, strerror(-rc));
			goto fail;
		}
	}

	rc = vsw_pipeline_rebuild(err, err_len);
	if (rc != 0)
		goto fail;
	return 0;
fail:
	vsw_pipeline_fini();
	return rc;
}

static int
worker_main(void *arg)
{
	struct vsw_worker *w = arg;
	struct vsw_worker_stats *st = &w->stats;
	uint64_t prev, now, idle_since;

	rte_rcu_qsbr_thread_register(pl.rcu, w->index);
	rte_rcu_qsbr_thread_online(pl.rcu, w->index);
	prev = idle_since = rte_rdtsc();
	while (!pl.quit) {
		uint64_t rx_before = st->rx_pkts;
		/* Loaded once per walk: a graph swap takes effect at the next one. */
		struct rte_graph *graph = VSW_RCU_LOAD(w->graph);

		if (unlikely(graph == NULL)) {
			/* Nothing to poll (yet): idle offline, so writers need not wait for us. */
			rte_rcu_qsbr_thread_offline(pl.rcu, w->index);
			rte_delay_us_sleep(w->idle_sleep_us != 0 ? w->idle_sleep_us : 100);
			rte_rcu_qsbr_thread_online(pl.rcu, w->index);
			st->sleeps++;
			now = rte_rdtsc();
			st->idle_cycles += now - prev;
			prev = now;
			continue;
		}
		rte_graph_walk(graph);
		rte_rcu_qsbr_quiescent(pl.rcu, w->index);
		now = rte_rdtsc();
		st->loops++;
		if (st->rx_pkts != rx_before) {
			st->busy_cycles += now - prev;
			idle_since = now;
		} else {
			if (w->idle_sleep_us != 0 && now - idle_since > w->idle_threshold_tsc) {
				/* Offline while asleep, so writers need not wait for us. */
				rte_rcu_qsbr_thread_offline(pl.rcu, w->index);
				rte_delay_us_sleep(w->idle_sleep_us);
				rte_rcu_qsbr_thread_online(pl.rcu, w->index);
				st->sleeps++;
				now = rte_rdtsc();
			}
			st->idle_cycles += now - prev;
		}
		prev = now;
	}
	rte_rcu_qsbr_thread_offline(pl.rcu, w->index);
	rte_rcu_qsbr_thread_unregister(pl.rcu, w->index);
	return 0;
}

int
vsw_pipeline_start(void)
{
	unsigned int i;
	int rc;

	pl.quit = false;
	/* Every worker runs, graph or not: a rebuild may give it queues at any time. */
	for (i = 0; i < pl.n_workers; i++) {
		rc = rte_eal_remote_launch(worker_main, pl.workers[i], pl.workers[i]->lcore);
		if (rc != 0) {
			while (i-- > 0)
				rte_eal_wait_lcore(pl.workers[i]->lcore);
			return rc;
		}
	}
	pl.running = true;
	return 0;
}

void
vsw_pipeline_stop(void)
{
	unsigned int i;

	pl.quit = true;
	if (pl.running)
		for (i = 0; i < pl.n_workers; i++)
			rte_eal_wait_lcore(pl.workers[i]->lcore);
	pl.running = false;
}

void
vsw_pipeline_fini(void)
{
	unsigned int i;

	vsw_pipeline_stats_lock();
	for (i = 0; i < pl.n_workers; i++) {
		struct vsw_worker *w = pl.workers[i];

		if (w != NULL && w->graph_id != RTE_GRAPH_ID_INVALID)
			rte_graph_destroy(w->graph_id);
	}
	/* After the graphs, before the RCU variable the tables reclaim through. */
	if (pl.features)
		vsw_features_fini();
	pl.features = false;
	vsw_rcu_set(NULL);
	vsw_eth_input_reset();
	for (i = 0; i < pl.n_workers; i++) {
		rte_free(pl.workers[i]);
		pl.workers[i] = NULL;
	}
	pl.n_workers = 0;
	memset(pl.port_present, 0, sizeof(pl.port_present));
	vsw_pipeline_stats_reset();
	rte_free(pl.rcu);
	pl.rcu = NULL;
	vsw_pipeline_stats_unlock();
}

unsigned int
vsw_pipeline_n_workers(void)
{
	return pl.n_workers;
}

const struct vsw_worker *
vsw_pipeline_worker(unsigned int i)
{
	return i < pl.n_workers ? pl.workers[i] : NULL;
}

struct rte_rcu_qsbr *
vsw_pipeline_rcu(void)
{
	return pl.rcu;
}
