/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Publishing datapath tables through RCU (QSBR).
 *
 * Every table a worker reads is an immutable version reached through one pointer. The
 * control thread, the tables' only writer, builds a new version beside the old one, swaps
 * the pointer (release), waits until every worker has passed a quiescent state (the end of
 * a graph walk, or being offline while it sleeps), and only then frees the old version. A
 * worker loads the pointer once per burst (acquire) and never keeps it across walks, so it
 * can never see a freed version, nor half of an update.
 *
 * The QSBR variable is the pipeline's (vsw_pipeline_rcu()); while it is NULL (no workers:
 * start-up, unit tests without threads) nothing can be reading and the old version is
 * freed at once.
 */
#ifndef VSW_RCU_H
#define VSW_RCU_H

#include <rte_common.h>
#include <rte_rcu_qsbr.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Load a published table pointer: workers, once per burst. */
#define VSW_RCU_LOAD(slot) __atomic_load_n(&(slot), __ATOMIC_ACQUIRE)

/**
 * Set the QSBR variable vsw_rcu_synchronize() waits on (NULL: no reader can be running).
 * Control thread.
 */
void vsw_rcu_set(struct rte_rcu_qsbr *v);

/** The QSBR variable set by vsw_rcu_set(), or NULL. */
struct rte_rcu_qsbr *vsw_rcu_get(void);

/**
 * Wait until every registered worker has been quiescent once since the call: after it,
 * no worker holds a pointer loaded before it. Returns at once without readers.
 * Control thread; blocks for at most one graph walk of each online worker.
 */
void vsw_rcu_synchronize(void);

/**
 * Publish @p next in @p slot and free what it replaced once no worker can see it.
 *
 * @param slot  The published pointer (void ** to any table pointer).
 * @param next  The new version, fully built; may be NULL.
 * @param fn    Frees the old version (called after the grace period, if it was not NULL).
 * Control thread.
 */
void vsw_rcu_publish(void **slot, void *next, void (*fn)(void *old));

#ifdef __cplusplus
}
#endif

#endif /* VSW_RCU_H */
