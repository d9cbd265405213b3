// SPDX-License-Identifier: BSD-3-Clause
// The per-packet metadata: size, place, and the pool that carries it.
#include <gtest/gtest.h>

#include <cstring>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "vsw_mbuf.h"

// (That the metadata fits one cache line is a static_assert in vsw_mbuf.h: the build
// checks it.) What a node sees: a tag pushed into the whole headroom, or a frame filling
// the whole data room, never touches the metadata; and the metadata of one mbuf is not
// another's.
TEST(Mbuf, HeadersAndDataNeverOverwriteTheMetadata)
{
	struct rte_mempool *mp = vsw_pktmbuf_pool_create("t_meta_w", 1023, 0);
	ASSERT_NE(mp, nullptr);
	struct rte_mbuf *a = rte_pktmbuf_alloc(mp), *b = rte_pktmbuf_alloc(mp);
	ASSERT_NE(a, nullptr);
	ASSERT_NE(b, nullptr);
	memset(vsw_mbuf_meta(a), 0xa5, sizeof(struct vsw_mbuf_meta));
	memset(vsw_mbuf_meta(b), 0x5a, sizeof(struct vsw_mbuf_meta));
	char *tail = rte_pktmbuf_append(a, rte_pktmbuf_tailroom(a));
	ASSERT_NE(tail, nullptr);
	memset(tail, 0xee, rte_pktmbuf_data_len(a));
	char *head = rte_pktmbuf_prepend(a, rte_pktmbuf_headroom(a));
	ASSERT_NE(head, nullptr);
	memset(head, 0xcc, rte_pktmbuf_data_len(a));
	const uint8_t *pa = (const uint8_t *)vsw_mbuf_meta(a), *pb = (const uint8_t *)vsw_mbuf_meta(b);
	for (size_t i = 0; i < sizeof(struct vsw_mbuf_meta); i++) {
		EXPECT_EQ(pa[i], 0xa5) << "byte " << i << " of a's metadata";
		EXPECT_EQ(pb[i], 0x5a) << "byte " << i << " of b's metadata";
	}
	rte_pktmbuf_free(a);
	rte_pktmbuf_free(b);
	rte_mempool_free(mp);
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
