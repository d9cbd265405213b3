/* SPDX-License-Identifier: BSD-3-Clause */
#include <rte_rcu_qsbr.h>

#include "vsw_rcu.h"

static struct rte_rcu_qsbr *rcu_v;

void
vsw_rcu_set(struct rte_rcu_qsbr *v)
{
	rcu_v = v;
}

struct rte_rcu_qsbr *
vsw_rcu_get(void)
{
	return rcu_v;
}

void
vsw_rcu_synchronize(void)
{
	if (rcu_v != NULL)
		rte_rcu_qsbr_synchronize(rcu_v, RTE_QSBR_THRID_INVALID);
}

void
vsw_rcu_publish(void **slot, void *next, void (*fn)(void *old))
{
	void *old = __atomic_exchange_n(slot, next, __ATOMIC_ACQ_REL);

	if (old == NULL)
		return;
	vsw_rcu_synchronize();
	fn(old);
}
