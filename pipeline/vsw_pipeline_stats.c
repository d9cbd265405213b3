/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipeline counters: per-node counters summed over the workers' graphs plus the totals of
 * graphs swapped away (so they never go backwards), and per-port drop counters.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_graph.h>

#include "core/core.h"
#include "vsw_pipeline.h"
#include "vsw_pipeline_priv.h"

/* A node's counters from graphs that no longer exist (rebuilt away), by node name. */
struct retired_stats {
	char name[RTE_NODE_NAMESIZE];
	uint64_t calls, objs, cycles;
};

static struct {
	struct retired_stats retired[VSW_MAX_NODES];
	unsigned int n_retired;
	/* Serialises cluster-stats users (telemetry, shutdown) with graph creation and
	 * destruction. */
	pthread_mutex_t lock;
} ps = {.lock = PTHREAD_MUTEX_INITIALIZER};

void
vsw_pipeline_stats_lock(void)
{
	pthread_mutex_lock(&ps.lock);
}

void
vsw_pipeline_stats_unlock(void)
{
	pthread_mutex_unlock(&ps.lock);
}

void
vsw_pipeline_stats_reset(void)
{
	ps.n_retired = 0;
}

static int
retire_cb(bool is_first, bool is_last, void *cookie,
	  const struct rte_graph_cluster_node_stats *st)
{
	unsigned int i;

	RTE_SET_USED(is_first);
	RTE_SET_USED(is_last);
	RTE_SET_USED(cookie);
	for (i = 0; i < ps.n_retired; i++)
		if (strcmp(ps.retired[i].name, st->name) == 0)
			break;
	if (i == ps.n_retired) {
		if (ps.n_retired == RTE_DIM(ps.retired))
			return 0;
		/* A fresh entry: after vsw_pipeline_stats_reset() the slot may hold an earlier
		 * pipeline's totals. */
		memset(&ps.retired[i], 0, sizeof(ps.retired[i]));
		snprintf(ps.retired[i].name, sizeof(ps.retired[i].name), "%s", st->name);
		ps.n_retired++;
	}
	ps.retired[i].calls += st->calls;
	ps.retired[i].objs += st->objs;
	ps.retired[i].cycles += st->cycles;
	return 0;
}

void
vsw_pipeline_stats_retire(const char *name)
{
	struct rte_graph_cluster_stats_param prm;
	struct rte_graph_cluster_stats *cs;

	memset(&prm, 0, sizeof(prm));
	prm.socket_id = SOCKET_ID_ANY;
	prm.fn = retire_cb;
	prm.nb_graph_patterns = 1;
	prm.graph_patterns = &name;
	cs = rte_graph_cluster_stats_create(&prm);
	if (cs == NULL)
		return;
	rte_graph_cluster_stats_get(cs, false);
	rte_graph_cluster_stats_destroy(cs);
}

struct node_stats_cookie {
	struct vsw_node_stats *acc; /* Retired totals plus the live graphs, by node. */
	unsigned int n;
};

static struct vsw_node_stats *
acc_entry(struct node_stats_cookie *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->acc[i].name, name) == 0)
			return &c->acc[i];
	if (c->n == VSW_MAX_NODES)
		return NULL;
	memset(&c->acc[c->n], 0, sizeof(c->acc[0]));
	snprintf(c->acc[c->n].name, sizeof(c->acc[0].name), "%s", name);
	return &c->acc[c->n++];
}

static int
node_stats_cb(bool is_first, bool is_last, void *cookie,
	      const struct rte_graph_cluster_node_stats *st)
{
	struct node_stats_cookie *c = cookie;
	struct vsw_node_stats *s = acc_entry(c, st->name);

	RTE_SET_USED(is_first);
	RTE_SET_USED(is_last);
	if (s != NULL) {
		s->calls += st->calls;
		s->objs += st->objs;
		s->cycles += st->cycles;
	}
	return 0;
}

int
vsw_pipeline_node_stats(void (*fn)(const struct vsw_node_stats *s, void *arg), void *arg)
{
	const char *pattern;
	struct rte_graph_cluster_stats_param prm;
	struct rte_graph_cluster_stats *cs;
	struct node_stats_cookie c;
	unsigned int i;
	bool any = false;

	pthread_mutex_lock(&ps.lock);
	for (i = 0; i < vsw_pipeline_n_workers(); i++)
		any |= vsw_pipeline_worker(i)->graph != NULL;
	if (!any && ps.n_retired == 0) {
		pthread_mutex_unlock(&ps.lock);
		return -ENOENT;
	}
	c.acc = malloc(VSW_MAX_NODES * sizeof(*c.acc));
	if (c.acc == NULL) {
		pthread_mutex_unlock(&ps.lock);
		return -ENOMEM;
	}
	c.n = 0;
	for (i = 0; i < ps.n_retired; i++) {
		struct vsw_node_stats *s = acc_entry(&c, ps.retired[i].name);

		s->calls = ps.retired[i].calls;
		s->objs = ps.retired[i].objs;
		s->cycles = ps.retired[i].cycles;
	}
	/* Each worker's graph (retired ones are in ps.retired). */
	for (i = 0; i < vsw_pipeline_n_workers(); i++) {
		const struct vsw_worker *w = vsw_pipeline_worker(i);

		if (w->graph == NULL)
			continue;
		pattern = w->graph_name;
		memset(&prm, 0, sizeof(prm));
		prm.socket_id = SOCKET_ID_ANY;
		prm.fn = node_stats_cb;
		prm.cookie = &c;
		prm.nb_graph_patterns = 1;
		prm.graph_patterns = &pattern;
		cs = rte_graph_cluster_stats_create(&prm);
		if (cs == NULL) {
			pthread_mutex_unlock(&ps.lock);
			free(c.acc);
			return -ENOMEM;
		}
		rte_graph_cluster_stats_get(cs, false);
		rte_graph_cluster_stats_destroy(cs);
	}
	pthread_mutex_unlock(&ps.lock);
	for (i = 0; i < c.n; i++)
		fn(&c.acc[i], arg);
	free(c.acc);
	return 0;
}

void
vsw_pipeline_port_drops(uint16_t port, uint64_t drops[VSW_DROP_MAX])
{
	unsigned int i, r;

	memset(drops, 0, sizeof(uint64_t) * VSW_DROP_MAX);
	if (port >= VSW_MAX_IFACES)
		return;
	for (i = 0; i < vsw_pipeline_n_workers(); i++)
		for (r = 0; r < vsw_drop_count(); r++)
			drops[r] += vsw_pipeline_worker(i)->port[port].drops[r];
}

void
vsw_pipeline_drops(uint64_t drops[VSW_DROP_MAX])
{
	uint64_t p[VSW_DROP_MAX];
	unsigned int port, r;

	memset(drops, 0, sizeof(uint64_t) * VSW_DROP_MAX);
	for (port = 0; port < VSW_MAX_IFACES; port++) {
		vsw_pipeline_port_drops(port, p);
		for (r = 0; r < vsw_drop_count(); r++)
			drops[r] += p[r];
	}
}
