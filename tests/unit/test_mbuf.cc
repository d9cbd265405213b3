// SPDX-License-Identifier: BSD-3-Clause
// The per-packet metadata: size, place, and the pool that carries it.
#include <gtest/gtest.h>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "vsw_mbuf.h"

TEST(Mbuf, MetaFitsOneCacheLine)
{
	EXPECT_LE(sizeof(struct vsw_mbuf_meta), (size_t)RTE_CACHE_LINE_SIZE);
	EXPECT_EQ(VSW_MBUF_PRIV_SIZE % RTE_MBUF_PRIV_ALIGN, 0u);
	EXPECT_GE(VSW_MBUF_PRIV_SIZE, sizeof(struct vsw_mbuf_meta));
}

TEST(Mbuf, PoolCarriesMetaRightAfterTheMbuf)
{
	struct rte_mempool *mp = vsw_pktmbuf_pool_create("t_meta", 1023, 0);
	ASSERT_NE(mp, nullptr);
	EXPECT_EQ(rte_pktmbuf_priv_size(mp), VSW_MBUF_PRIV_SIZE);
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	ASSERT_NE(m, nullptr);
	struct vsw_mbuf_meta *meta = vsw_mbuf_meta(m);
	EXPECT_EQ((char *)meta, (char *)m + sizeof(struct rte_mbuf));
	// The metadata never overlaps the packet headroom.
	EXPECT_LE((char *)meta + sizeof(*meta), (char *)m->buf_addr);
	meta->in_port = 7;
	meta->out_port = VSW_PORT_NONE;
	EXPECT_EQ(vsw_mbuf_meta(m)->in_port, 7);
	rte_pktmbuf_free(m);
	EXPECT_EQ(rte_mempool_avail_count(mp), 1023u);
	rte_mempool_free(mp);
}
