/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2 control: builds the tables the L2 nodes read, owns the FDB, applies learn events and
 * ages entries.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_graph_worker.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "core/core.h"
#include "l2/l2_priv.h"
#include "vsw_rcu.h"
#include "vsw_worker.h"
#include "vsw_err.h"

static_assert(VSW_FDB_REMOTE_BASE == VSW_MAX_IFACES, "remote VTEPs follow the interface ids");

/* About 4 ms of learning at 4 Mpps of new MACs; the control thread drains it every 1 ms. */
#define LEARN_RING_SIZE 16384
#define LEARN_BATCH 256
/*
 * FDB slots aged per vsw_l2_poll() call. A slot costs one read of the last-seen array unless
 * its entry looks old, so a call stays in the tens of microseconds; polled every 1 ms, a
 * pass over the largest FDB (16M entries) takes 1024 calls, about 1 s (docs/config.md).
 */
#define AGE_SLICE 16384

struct l2_tables vsw_l2;

static struct {
	struct vsw_fdb *fdb;
	unsigned int n_workers;
	pthread_mutex_t lock;
} ctl = {.lock = PTHREAD_MUTEX_INITIALIZER};

struct l2_worker *
vsw_l2_worker_of(const struct rte_graph *graph)
{
	struct vsw_worker *w = vsw_worker_by_graph(graph->name);

	return vsw_l2.workers[w != NULL ? w->index : 0];
}

int
vsw_l2_init(unsigned int n_workers, uint32_t fdb_size, struct rte_rcu_qsbr *rcu, char *err,
	    size_t err_len)
{
	char name[RTE_RING_NAMESIZE];
	unsigned int w;
	int rc;

	vsw_l2_fini();
	/* Every bridge, interface id and remote VTEP has its counters: they come and go. */
	ctl.fdb = vsw_fdb_create("vsw_fdb", fdb_size, VSW_MAX_BRIDGES,
				 VSW_FDB_REMOTE_BASE + VSW_FDB_MAX_REMOTES, rcu, (int)rte_socket_id());
	if (ctl.fdb == NULL) {
		rc = vsw_err(err, err_len, -ENOMEM, "cannot create an FDB of %u entries: %s",
			     fdb_size, rte_strerror(rte_errno));
		goto fail;
	}
	vsw_l2.hash = vsw_fdb_hash(ctl.fdb);
	vsw_l2.seen = vsw_fdb_seen(ctl.fdb);

	ctl.n_workers = n_workers;
	for (w = 0; w < n_workers; w++) {
		struct l2_worker *lw = rte_zmalloc("vsw_l2_worker", sizeof(*lw),
						   RTE_CACHE_LINE_SIZE);

		if (lw == NULL) {
			rc = vsw_err(err, err_len, -ENOMEM, "no memory");
			goto fail;
		}
		vsw_l2.workers[w] = lw;
		snprintf(name, sizeof(name), "vsw_learn_%u", w);
		lw->ring = rte_ring_create_elem(name, sizeof(struct l2_learn), LEARN_RING_SIZE,
						SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (lw->ring == NULL) {
			rc = vsw_err(err, err_len, -ENOMEM, "cannot create ring %s: %s", name,
				     rte_strerror(rte_errno));
			goto fail;
		}
	}
	rc = vsw_l2_tables_init(err, err_len);
	if (rc != 0)
		goto fail;
	return 0;
fail:
	vsw_l2_fini();
	return rc;
}

void
vsw_l2_fini(void)
{
	unsigned int i;

	vsw_l2_tables_fini();
	rte_free(vsw_l2.remote_if);
	vsw_l2.remote_if = NULL;
	for (i = 0; i < VSW_MAX_WORKERS; i++) {
		if (vsw_l2.workers[i] != NULL)
			rte_ring_free(vsw_l2.workers[i]->ring);
		rte_free(vsw_l2.workers[i]);
		vsw_l2.workers[i] = NULL;
	}
	vsw_fdb_free(ctl.fdb);
	ctl.fdb = NULL;
	vsw_l2.hash = NULL;
	vsw_l2.seen = NULL;
	ctl.n_workers = 0;
}

/*
 * A flush (link down, vswctl fdb flush) must not be undone by learn events of frames seen
 * before it, still in the rings when it ran: they would put back what it removed, e.g. MACs
 * on a port whose link is down, black-holing them until they age out. Each event carries
 * the flush generation (vsw_l2.flush_gen) the worker read for its burst, and events of an
 * older generation are discarded. Draining the rings inside the flush instead would not do:
 * a worker between its FDB lookup and its enqueue can still post an event after the drain.
 * A discarded event only delays learning to the MAC's next frame (the worker's de-dup cache
 * keys on the generation too, so it reports the MAC again at once).
 */
unsigned int
vsw_l2_poll(uint32_t now_s)
{
	struct l2_learn ev[LEARN_BATCH];
	unsigned int w, n, i, total = 0;
	uint32_t gen;

	if (ctl.fdb == NULL)
		return 0;
	vsw_l2.now = now_s;
	pthread_mutex_lock(&ctl.lock);
	gen = vsw_l2.flush_gen; /* only changed under the lock */
	for (w = 0; w < ctl.n_workers; w++) {
		do {
			n = rte_ring_sc_dequeue_burst_elem(vsw_l2.workers[w]->ring, ev,
							   sizeof(ev[0]), LEARN_BATCH, NULL);
			for (i = 0; i < n; i++) {
				if (ev[i].gen != gen)
					continue;
				vsw_fdb_learn(ctl.fdb, ev[i].bridge, &ev[i].mac, ev[i].port,
					      now_s);
			}
			total += n;
		} while (n == LEARN_BATCH);
	}
	/* A slice per call, not the whole table once a second: the work under the lock stays
	 * bounded whatever the FDB's size (see AGE_SLICE). */
	vsw_fdb_age(ctl.fdb, now_s, AGE_SLICE);
	pthread_mutex_unlock(&ctl.lock);
	return total;
}

void
vsw_l2_port_down(uint16_t port)
{
	if (ctl.fdb == NULL)
		return;
	pthread_mutex_lock(&ctl.lock);
	vsw_fdb_flush(ctl.fdb, UINT16_MAX, port);
	vsw_l2.flush_gen++;
	pthread_mutex_unlock(&ctl.lock);
}

unsigned int
vsw_l2_flush(uint16_t bridge)
{
	unsigned int n;

	if (ctl.fdb == NULL)
		return 0;
	pthread_mutex_lock(&ctl.lock);
	n = vsw_fdb_flush(ctl.fdb, bridge, UINT16_MAX);
	vsw_l2.flush_gen++;
	pthread_mutex_unlock(&ctl.lock);
	return n;
}

int
vsw_l2_remotes_set(const uint16_t *iface_of_remote)
{
	uint16_t *t = NULL;

	if (iface_of_remote != NULL) {
		t = rte_malloc("vsw_l2_remotes", VSW_FDB_MAX_REMOTES * sizeof(*t), 0);
		if (t == NULL)
			return -ENOMEM;
		memcpy(t, iface_of_remote, VSW_FDB_MAX_REMOTES * sizeof(*t));
	}
	vsw_rcu_publish((void **)&vsw_l2.remote_if, t, rte_free);
	return 0;
}

void
vsw_l2_lock(void)
{
	pthread_mutex_lock(&ctl.lock);
}

void
vsw_l2_unlock(void)
{
	pthread_mutex_unlock(&ctl.lock);
}

struct vsw_fdb *
vsw_l2_fdb(void)
{
	return ctl.fdb;
}

uint32_t
vsw_l2_now(void)
{
	return vsw_l2.now;
}

void
vsw_l2_worker_stats(unsigned int w, struct vsw_l2_worker_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (w < VSW_MAX_WORKERS && vsw_l2.workers[w] != NULL)
		*st = vsw_l2.workers[w]->stats;
}
