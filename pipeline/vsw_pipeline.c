/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipeline assembly and the worker loop.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
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
#include "l2/l2.h"
#include "xconnect/xconnect.h"

static struct {
	unsigned int n_workers;
	struct vsw_worker *workers[VSW_MAX_WORKERS];
	struct rte_rcu_qsbr *rcu;
	volatile bool quit;
	bool running;
	pthread_mutex_t stats_lock; /* Serialises cluster-stats users (telemetry, shutdown). */
} pl = {.stats_lock = PTHREAD_MUTEX_INITIALIZER};

static void
set_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

struct vsw_worker *
vsw_worker_by_graph(const char *graph_name)
{
	unsigned int i;

	for (i = 0; i < pl.n_workers; i++)
		if (pl.workers[i] != NULL && strcmp(pl.workers[i]->graph_name, graph_name) == 0)
			return pl.workers[i];
	return NULL;
}

/* Pick a worker for every rx queue: the configured one, else round-robin. */
static int
assign_queues(const struct vsw_pipeline_conf *conf, char *err, size_t err_len)
{
	unsigned int p, q, rr = 0;

	for (p = 0; p < conf->n_ports; p++) {
		const struct vsw_dp_port *port = &conf->ports[p];

		for (q = 0; q < port->n_rxq; q++) {
			struct vsw_worker *w;
			int wi = port->rxq_worker[q];

			if (wi < 0)
				wi = rr++ % conf->n_workers;
			if ((unsigned int)wi >= conf->n_workers) {
				set_err(err, err_len, "port %s rx queue %u: no worker %d", port->name,
					q, wi);
				return -EINVAL;
			}
			w = pl.workers[wi];
			w->rxq[w->n_rxq].port = p;
			w->rxq[w->n_rxq].queue = q;
			w->n_rxq++;
		}
	}
	return 0;
}

static int
create_graph(const struct vsw_pipeline_conf *conf, struct vsw_worker *w, char *err,
	     size_t err_len)
{
	static char names[VSW_MAX_RXQ_PER_WORKER][RTE_NODE_NAMESIZE];
	const char *patterns[VSW_MAX_RXQ_PER_WORKER];
	struct rte_graph_param prm;
	unsigned int i;
	int rc;

	for (i = 0; i < w->n_rxq; i++) {
		const struct vsw_dp_port *port = &conf->ports[w->rxq[i].port];

		rc = vsw_port_rx_clone(w->rxq[i].port, port->name, port->eth_port,
				       w->rxq[i].queue, conf->burst, names[i]);
		if (rc != 0) {
			set_err(err, err_len, "port %s: cannot make rx node: %s", port->name,
				strerror(-rc));
			return rc;
		}
		patterns[i] = names[i];
	}
	memset(&prm, 0, sizeof(prm));
	prm.socket_id = rte_lcore_to_socket_id(w->lcore);
	prm.nb_node_patterns = w->n_rxq;
	prm.node_patterns = patterns;
	w->graph_id = rte_graph_create(w->graph_name, &prm);
	if (w->graph_id == RTE_GRAPH_ID_INVALID) {
		set_err(err, err_len, "cannot create graph %s: %s", w->graph_name,
			rte_strerror(rte_errno));
		return -ENOENT;
	}
	w->graph = rte_graph_lookup(w->graph_name);
	return 0;
}

int
vsw_pipeline_init(const struct vsw_pipeline_conf *conf, char *err, size_t err_len)
{
	char tx_names[VSW_MAX_PORTS][RTE_NODE_NAMESIZE];
	unsigned int i;
	size_t sz;
	int rc;

	if (conf->n_workers == 0 || conf->n_workers > VSW_MAX_WORKERS ||
	    conf->n_ports > VSW_MAX_PORTS || conf->burst == 0 ||
	    conf->burst > RTE_GRAPH_BURST_SIZE) {
		set_err(err, err_len, "invalid pipeline configuration");
		return -EINVAL;
	}
	vsw_pipeline_fini();

	sz = rte_rcu_qsbr_get_memsize(conf->n_workers);
	pl.rcu = rte_zmalloc("vsw_rcu", sz, RTE_CACHE_LINE_SIZE);
	if (pl.rcu == NULL || rte_rcu_qsbr_init(pl.rcu, conf->n_workers) != 0) {
		set_err(err, err_len, "cannot allocate the RCU variable");
		rc = -ENOMEM;
		goto fail;
	}

	pl.n_workers = conf->n_workers;
	for (i = 0; i < conf->n_workers; i++) {
		unsigned int lcore = conf->worker_lcores[i];
		struct vsw_worker *w;

		w = rte_zmalloc_socket("vsw_worker", sizeof(*w), RTE_CACHE_LINE_SIZE,
				       rte_lcore_to_socket_id(lcore));
		if (w == NULL) {
			set_err(err, err_len, "cannot allocate worker %u", i);
			rc = -ENOMEM;
			goto fail;
		}
		w->index = i;
		w->lcore = lcore;
		w->graph_id = RTE_GRAPH_ID_INVALID;
		snprintf(w->graph_name, sizeof(w->graph_name), "vsw-w%u", i);
		w->idle_sleep_us = conf->idle_sleep_us;
		w->idle_threshold_tsc = (uint64_t)conf->idle_threshold_us * rte_get_tsc_hz() / 1000000;
		pl.workers[i] = w;
	}

	rc = assign_queues(conf, err, err_len);
	if (rc != 0)
		goto fail;

	for (i = 0; i < conf->n_ports; i++) {
		rc = vsw_port_tx_clone(i, conf->ports[i].name, conf->ports[i].eth_port,
				       tx_names[i]);
		if (rc != 0) {
			set_err(err, err_len, "port %s: cannot make tx node: %s",
				conf->ports[i].name, strerror(-rc));
			goto fail;
		}
	}

	/* Forwarding functions attach ports to eth_input and add their edges. */
	vsw_eth_input_reset();
	vsw_xconnect_reset();
	for (i = 0; i < conf->n_xconnects; i++) {
		uint16_t a = conf->xconnects[i].a, b = conf->xconnects[i].b;

		if (a >= conf->n_ports || b >= conf->n_ports) {
			rc = -EINVAL;
			set_err(err, err_len, "xconnect %u: no such port", i);
			goto fail;
		}
		rc = vsw_xconnect_add(a, tx_names[a], b, tx_names[b]);
		if (rc != 0) {
			set_err(err, err_len, "xconnect %s <-> %s: %s", conf->ports[a].name,
				conf->ports[b].name, strerror(-rc));
			goto fail;
		}
	}

	if (conf->l2 != NULL) {
		rc = vsw_l2_init(conf->l2, conf->n_workers, pl.rcu,
				 (const char(*)[RTE_NODE_NAMESIZE])tx_names, err, err_len);
		if (rc != 0)
			goto fail;
	}

	for (i = 0; i < pl.n_workers; i++) {
		if (pl.workers[i]->n_rxq == 0)
			continue; /* Nothing to poll: this worker stays parked. */
		rc = create_graph(conf, pl.workers[i], err, err_len);
		if (rc != 0)
			goto fail;
	}
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

		rte_graph_walk(w->graph);
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
	for (i = 0; i < pl.n_workers; i++) {
		struct vsw_worker *w = pl.workers[i];

		if (w->graph == NULL)
			continue;
		rc = rte_eal_remote_launch(worker_main, w, w->lcore);
		if (rc != 0) {
			vsw_pipeline_stop();
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
	for (i = 0; i < pl.n_workers; i++)
		if (pl.workers[i] != NULL && pl.workers[i]->graph != NULL)
			rte_eal_wait_lcore(pl.workers[i]->lcore);
	pl.running = false;
}

void
vsw_pipeline_fini(void)
{
	unsigned int i;

	pthread_mutex_lock(&pl.stats_lock);
	for (i = 0; i < pl.n_workers; i++) {
		struct vsw_worker *w = pl.workers[i];

		if (w != NULL && w->graph_id != RTE_GRAPH_ID_INVALID)
			rte_graph_destroy(w->graph_id);
	}
	/* After the graphs, before the RCU variable the FDB reclaims through. */
	vsw_l2_fini();
	for (i = 0; i < pl.n_workers; i++) {
		struct vsw_worker *w = pl.workers[i];

		if (w == NULL)
			continue;
		rte_free(w);
		pl.workers[i] = NULL;
	}
	pl.n_workers = 0;
	rte_free(pl.rcu);
	pl.rcu = NULL;
	pthread_mutex_unlock(&pl.stats_lock);
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

struct node_stats_cookie {
	void (*fn)(const struct vsw_node_stats *s, void *arg);
	void *arg;
};

static int
node_stats_cb(bool is_first, bool is_last, void *cookie,
	      const struct rte_graph_cluster_node_stats *st)
{
	struct node_stats_cookie *c = cookie;
	struct vsw_node_stats s;

	RTE_SET_USED(is_first);
	RTE_SET_USED(is_last);
	memset(&s, 0, sizeof(s));
	snprintf(s.name, sizeof(s.name), "%s", st->name);
	s.calls = st->calls;
	s.objs = st->objs;
	s.cycles = st->cycles;
	c->fn(&s, c->arg);
	return 0;
}

int
vsw_pipeline_node_stats(void (*fn)(const struct vsw_node_stats *s, void *arg), void *arg)
{
	const char *pattern = "vsw-w*";
	struct rte_graph_cluster_stats_param prm;
	struct rte_graph_cluster_stats *cs;
	struct node_stats_cookie c = {fn, arg};
	unsigned int i;
	bool any = false;

	pthread_mutex_lock(&pl.stats_lock);
	for (i = 0; i < pl.n_workers; i++)
		any |= pl.workers[i] != NULL && pl.workers[i]->graph != NULL;
	if (!any) {
		pthread_mutex_unlock(&pl.stats_lock);
		return -ENOENT;
	}
	memset(&prm, 0, sizeof(prm));
	prm.socket_id = SOCKET_ID_ANY;
	prm.fn = node_stats_cb;
	prm.cookie = &c;
	prm.nb_graph_patterns = 1;
	prm.graph_patterns = &pattern;
	cs = rte_graph_cluster_stats_create(&prm);
	if (cs == NULL) {
		pthread_mutex_unlock(&pl.stats_lock);
		return -ENOMEM;
	}
	rte_graph_cluster_stats_get(cs, false);
	rte_graph_cluster_stats_destroy(cs);
	pthread_mutex_unlock(&pl.stats_lock);
	return 0;
}

void
vsw_pipeline_port_drops(uint16_t port, uint64_t drops[VSW_DROP_COUNT])
{
	unsigned int i, r;

	memset(drops, 0, sizeof(uint64_t) * VSW_DROP_COUNT);
	if (port >= VSW_MAX_PORTS)
		return;
	for (i = 0; i < pl.n_workers; i++)
		for (r = 0; r < VSW_DROP_COUNT; r++)
			drops[r] += pl.workers[i]->port[port].drops[r];
}

void
vsw_pipeline_drops(uint64_t drops[VSW_DROP_COUNT])
{
	uint64_t p[VSW_DROP_COUNT];
	unsigned int port, r;

	memset(drops, 0, sizeof(uint64_t) * VSW_DROP_COUNT);
	for (port = 0; port < VSW_MAX_PORTS; port++) {
		vsw_pipeline_port_drops(port, p);
		for (r = 0; r < VSW_DROP_COUNT; r++)
			drops[r] += p[r];
	}
}
