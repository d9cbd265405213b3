/* SPDX-License-Identifier: BSD-3-Clause */
#include <rte_mbuf.h>

#include "vsw_mbuf.h"

/* Per-lcore cache: big enough to absorb a few bursts without touching the shared ring. */
#define VSW_MBUF_CACHE 256

struct rte_mempool *
vsw_pktmbuf_pool_create(const char *name, unsigned int n, int socket_id)
{
	return vsw_pktmbuf_pool_create_room(name, n, RTE_MBUF_DEFAULT_DATAROOM, socket_id);
}

struct rte_mempool *
vsw_pktmbuf_pool_create_room(const char *name, unsigned int n, uint16_t data_room,
			     int socket_id)
{
	return rte_pktmbuf_pool_create(name, n, VSW_MBUF_CACHE, VSW_MBUF_PRIV_SIZE,
				       (uint16_t)(data_room + RTE_PKTMBUF_HEADROOM), socket_id);
}
