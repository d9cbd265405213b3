/* SPDX-License-Identifier: BSD-3-Clause */
#include <rte_mbuf.h>

#include "vsw_mbuf.h"

/* Per-lcore cache: big enough to absorb a few bursts without touching the shared ring. */
#define VSW_MBUF_CACHE 256

struct rte_mempool *
vsw_pktmbuf_pool_create(const char *name, unsigned int n, int socket_id)
{
	return rte_pktmbuf_pool_create(name, n, VSW_MBUF_CACHE, VSW_MBUF_PRIV_SIZE,
				       RTE_MBUF_DEFAULT_BUF_SIZE, socket_id);
}
