// SPDX-License-Identifier: BSD-3-Clause
// L2 defects that were fixed, each with the test that failed before its fix: flood copies
// without an mbuf, metadata left by an mbuf's previous packet, a link-down flush undone by
// queued learn events, whole-table aging. The ports and bridges are in l2_fixture.h.
#include "l2_fixture.h"

TEST_F(L2, FloodCopyWithoutMbufIsCountedByItsDropNode)
{
	// Four broadcasts from p1 are in the ring; then the pool is emptied, so none of the two
	// copies each needs (for p0 and p2) can be made: 8 drops, charged to p0 and p2, seen
	// both in the ports' counters and in the drop node's. The originals still reach p3.
	Bytes f = frame(BCAST, MAC_A);
	for (int i = 0; i < 4; i++)
		send(1, f);
	std::vector<rte_mbuf *> held;
	for (rte_mbuf *m; (m = rte_pktmbuf_alloc(RingPorts::get().pool)) != nullptr;)
		held.push_back(m);
	walk();
	for (rte_mbuf *m : held)
		rte_pktmbuf_free(m);
	EXPECT_EQ(out(3).size(), 4u);
	EXPECT_TRUE(out(0).empty());
	EXPECT_TRUE(out(2).empty());
	EXPECT_EQ(port_drop(0, "flood_nombuf"), 4u);
	EXPECT_EQ(port_drop(2, "flood_nombuf"), 4u);
	EXPECT_EQ(drops("flood_nombuf"), 8u);
	EXPECT_EQ(node_stats()["drop_flood_nombuf"].objs, 8u)
		<< "the node's counter says what the ports' counters say";
}

TEST_F(L2, MetadataDescribesTheFrameWhateverThePreviousPacketLeft)
{
	// Every frame comes in an mbuf whose metadata a previous packet filled with garbage.
	// What leaves must have the right bytes, and metadata that describes the frame as it
	// is on the wire: a popped tag is gone from l2_len and flags, a pushed one is there.
	send(1, frame(BCAST, MAC_A), 0xff);
	walk();
	forget_output();
	const uint8_t C[6] = {0x02, 0, 0, 0, 0, 0x0c};
	Bytes f = frame(MAC_A, C), q = tag(frame(BCAST, MAC_B), 0x8100, 3, 7);
	send(0, tag(f, 0x8100, 0, 100), 0xff);  // trunk -> access p1
	send(3, tag(q, 0x88a8, 3, 200), 0xa5);  // S-tag off, C-tag stays, to p4
	send(1, frame(BCAST, MAC_B, 1), 0x5a); // access -> flooded, tag pushed on p0
	rte_graph_walk(vsw_pipeline_worker(0)->graph);
	auto take = [](unsigned port) {
		std::vector<rte_mbuf *> v;
		void *o;
		while (rte_ring_dequeue(RingPorts::get().rings[port], &o) == 0)
			v.push_back(static_cast<rte_mbuf *>(o));
		return v;
	};
	auto bytes = [](rte_mbuf *m) {
		const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
		return Bytes(d, d + rte_pktmbuf_data_len(m));
	};
	std::vector<rte_mbuf *> p0 = take(0), p1 = take(1), p4 = take(4);
	ASSERT_EQ(p1.size(), 1u);
	EXPECT_EQ(bytes(p1[0]), f) << "the frame to A leaves p1 untagged";
	const struct vsw_mbuf_meta *m = vsw_mbuf_meta(p1[0]);
	EXPECT_EQ(m->in_port, 0);
	EXPECT_EQ(m->out_port, 1);
	EXPECT_EQ(m->l2_len, 14) << "the trunk's tag was popped";
	EXPECT_EQ(m->flags & VSW_META_F_VLAN, 0u);
	EXPECT_EQ(m->ethertype, 0x0800);
	EXPECT_EQ(m->l2.vlan, 100);
	EXPECT_EQ(m->l2.domain, 0);
	EXPECT_EQ(m->l2.pcp, 0);

	ASSERT_EQ(p4.size(), 1u);
	EXPECT_EQ(bytes(p4[0]), q);
	m = vsw_mbuf_meta(p4[0]);
	EXPECT_EQ(m->l2_len, 18) << "the customer tag is now the outer one";
	EXPECT_NE(m->flags & VSW_META_F_VLAN, 0u);
	EXPECT_EQ(m->ethertype, 0x0800);
	EXPECT_EQ(m->l2.vlan, 200);
	EXPECT_EQ(m->l2.domain, 2);
	EXPECT_EQ(m->l2.pcp, 3);

	ASSERT_EQ(p0.size(), 1u);
	EXPECT_EQ(bytes(p0[0]), tag(frame(BCAST, MAC_B, 1), 0x8100, 0, 100));
	m = vsw_mbuf_meta(p0[0]);
	EXPECT_EQ(m->in_port, 1);
	EXPECT_EQ(m->out_port, 0);
	EXPECT_EQ(m->l2_len, 18) << "vlan_output pushed a tag";
	EXPECT_NE(m->flags & VSW_META_F_VLAN, 0u);
	EXPECT_EQ(m->ethertype, 0x0800);
	EXPECT_EQ(m->l2.pcp, 0);
	for (auto *v : {&p0, &p1, &p4})
		for (rte_mbuf *x : *v)
			rte_pktmbuf_free(x);
}

TEST_F(L2, LinkDownFlushIsNotUndoneByEventsAlreadyQueued)
{
	// A frame from A on p1 is seen by the worker, whose learn event waits in its ring; then
	// p1's link goes down and its entries are flushed; only then does the control thread
	// apply what was queued. A must not come back on p1: that port is down.
	send(1, frame(BCAST, MAC_A));
	rte_graph_walk(vsw_pipeline_worker(0)->graph);
	RingPorts::get().drain_all(); // (ring ports loop back: the flooded copies would return)
	vsw_l2_port_down(1);
	vsw_l2_poll(1);
	EXPECT_EQ(fdb_port(0, MAC_A), -1) << "a learn from before the flush was applied after it";
	// A frame sent after the flush is learned as usual, in the same second.
	send(1, frame(BCAST, MAC_A));
	walk(1);
	EXPECT_EQ(fdb_port(0, MAC_A), 1);
}

TEST_F(L2, OnePollAgesOneSliceOfABigFdb)
{
	// 40000 entries, all long idle, in an FDB of 65536: one vsw_l2_poll() must not scan
	// (and empty) the whole table under the lock, only its slice; a few more polls (every
	// 1 ms in vswd) finish the pass.
	vsw_pipeline_fini();
	cfg->fdb_size = 65536;
	init();
	vsw_fdb *fdb = vsw_l2_fdb();
	vsw_l2_lock();
	for (uint32_t i = 0; i < 40000; i++) {
		rte_ether_addr a = {{0x06, 0, 0, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i}};
		ASSERT_EQ(vsw_fdb_learn(fdb, 0, &a, 1, 1), 0);
	}
	vsw_l2_unlock();
	struct vsw_fdb_stats st;
	vsw_l2_poll(1000);
	vsw_fdb_stats(fdb, &st);
	EXPECT_GT(st.aged, 0u);
	EXPECT_LE(st.aged, 16384u) << "one poll ages one slice";
	for (int i = 0; i < 4; i++)
		vsw_l2_poll(1000);
	vsw_fdb_stats(fdb, &st);
	EXPECT_EQ(st.aged, 40000u) << "65536 slots: a pass is 4 polls of 16384";
	EXPECT_EQ(fdb_port(0, MAC_S), 2) << "statics stay";
}
