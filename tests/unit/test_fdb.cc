// SPDX-License-Identifier: BSD-3-Clause
// The FDB table on its own: learn, refresh, move, static, limits, aging, flush, scale.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include <rte_ether.h>
#include <rte_hash.h>
#include <rte_malloc.h>

#include "l2/fdb.h"

namespace
{

rte_ether_addr
mac(uint32_t n)
{
	rte_ether_addr a = {{0x02, 0, (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8),
			     (uint8_t)n}};
	return a;
}

int
port_of(vsw_fdb *f, uint16_t bridge, const rte_ether_addr &m)
{
	vsw_fdb_key k{};
	k.bridge = bridge;
	k.mac = m;
	void *data;
	if (rte_hash_lookup_data(vsw_fdb_hash(f), &k, &data) < 0)
		return -1;
	uint64_t d = (uintptr_t)data;
	EXPECT_TRUE(d & VSW_FDB_VALID);
	return vsw_fdb_data_port(d);
}

// Set the bridges' aging and run one whole aging pass.
unsigned
age_all(vsw_fdb *f, const uint32_t *aging, unsigned n_bridges, uint32_t now)
{
	for (unsigned b = 0; b < n_bridges; b++)
		vsw_fdb_set_aging(f, (uint16_t)b, aging[b]);
	return vsw_fdb_age(f, now, UINT32_MAX);
}

struct Fdb : ::testing::Test {
	vsw_fdb *f = nullptr;
	void
	SetUp() override
	{
		f = vsw_fdb_create("t_fdb", 1024, 4, 8, nullptr, 0);
		ASSERT_NE(f, nullptr);
	}
	void
	TearDown() override
	{
		vsw_fdb_free(f);
	}
	uint32_t
	learned(uint16_t b)
	{
		uint32_t l, s;
		vsw_fdb_count(f, b, &l, &s);
		return l;
	}
};

} // namespace

TEST_F(Fdb, LearnAndLookUp)
{
	rte_ether_addr a = mac(1);
	EXPECT_EQ(vsw_fdb_learn(f, 0, &a, 3, 10), 0);
	EXPECT_EQ(port_of(f, 0, a), 3);
	EXPECT_EQ(port_of(f, 1, a), -1) << "bridges are separate";
	EXPECT_EQ(learned(0), 1u);
	EXPECT_EQ(vsw_fdb_size(f), 1u);
}

// The data path hashes keys itself (vsw_fdb_key_hash()) and looks them up with those
// hashes: a key learned by the writer must be found that way, in whatever bridge.
TEST_F(Fdb, LookupWithTheDataPathsHashFindsLearnedKeys)
{
	enum { N = 64 };
	vsw_fdb_key keys[N];
	const void *kp[N];
	hash_sig_t sig[N];
	void *data[N];
	uint64_t hits = 0;

	for (unsigned i = 0; i < N; i++) {
		keys[i] = vsw_fdb_key{};
		keys[i].bridge = (uint16_t)(i % 4);
		keys[i].mac = mac(0x10000 + i);
		if (i % 2 == 0) {
			ASSERT_EQ(vsw_fdb_learn(f, keys[i].bridge, &keys[i].mac, (uint16_t)(i % 8), 1),
				  0);
		}
		kp[i] = &keys[i];
		uint64_t word;
		memcpy(&word, &keys[i], sizeof(word));
		sig[i] = vsw_fdb_key_hash(word);
		EXPECT_EQ(sig[i], rte_hash_hash(vsw_fdb_hash(f), &keys[i]));
	}
	ASSERT_EQ(rte_hash_lookup_with_hash_bulk_data(vsw_fdb_hash(f), kp, sig, N, &hits, data),
		  N / 2);
	for (unsigned i = 0; i < N; i++) {
		ASSERT_EQ((hits >> i) & 1, i % 2 == 0 ? 1u : 0u) << "key " << i;
		if (i % 2 == 0) {
			EXPECT_EQ(vsw_fdb_data_port((uintptr_t)data[i]), i % 8) << "key " << i;
		}
	}
	// Same MAC, another bridge: a different key.
	vsw_fdb_key other = keys[0];
	other.bridge = 3;
	EXPECT_EQ(port_of(f, 3, other.mac), -1);
}

TEST_F(Fdb, RelearnRefreshesAndMoveChangesPort)
{
	rte_ether_addr a = mac(1);
	vsw_fdb_learn(f, 0, &a, 3, 10);
	vsw_fdb_learn(f, 0, &a, 3, 20);
	uint32_t seen = 0;
	vsw_fdb_walk(f, 0, nullptr,
		     [](const vsw_fdb_key *, uint16_t, uint8_t, uint32_t s, void *arg) {
			     *(uint32_t *)arg = s;
			     return 0;
		     },
		     &seen);
	EXPECT_EQ(seen, 20u);
	vsw_fdb_learn(f, 0, &a, 4, 21);
	EXPECT_EQ(port_of(f, 0, a), 4);
	EXPECT_EQ(learned(0), 1u);
	struct vsw_fdb_stats st;
	vsw_fdb_stats(f, &st);
	EXPECT_EQ(st.moved, 1u);
	EXPECT_EQ(st.learned, 1u);
}

TEST_F(Fdb, StaticIsNotMovedAgedOrFlushed)
{
	rte_ether_addr a = mac(7);
	ASSERT_EQ(vsw_fdb_add_static(f, 1, &a, 2), 0);
	vsw_fdb_learn(f, 1, &a, 5, 10);
	EXPECT_EQ(port_of(f, 1, a), 2);
	const uint32_t aging[4] = {1, 1, 1, 1};
	EXPECT_EQ(age_all(f, aging, 4, 1000000), 0u);
	EXPECT_EQ(vsw_fdb_flush(f, UINT16_MAX, UINT16_MAX), 0u);
	EXPECT_EQ(port_of(f, 1, a), 2);
	struct vsw_fdb_stats st;
	vsw_fdb_stats(f, &st);
	EXPECT_EQ(st.static_move, 1u);
}

TEST_F(Fdb, BridgeLimitRefusesNewButKeepsStaticsAndMoves)
{
	vsw_fdb_set_bridge_limit(f, 0, 3);
	rte_ether_addr s = mac(100);
	vsw_fdb_add_static(f, 0, &s, 1);
	for (uint32_t i = 0; i < 3; i++) {
		rte_ether_addr a = mac(i);
		EXPECT_EQ(vsw_fdb_learn(f, 0, &a, 1, 1), 0);
	}
	rte_ether_addr x = mac(50);
	EXPECT_EQ(vsw_fdb_learn(f, 0, &x, 1, 1), -ENOSPC);
	EXPECT_EQ(port_of(f, 0, x), -1);
	rte_ether_addr a0 = mac(0);
	EXPECT_EQ(vsw_fdb_learn(f, 0, &a0, 2, 1), 0) << "a move is not a new MAC";
	EXPECT_EQ(port_of(f, 0, s), 1);
	EXPECT_EQ(learned(0), 3u);
	EXPECT_EQ(vsw_fdb_learn(f, 1, &x, 1, 1), 0) << "another bridge has room";
	struct vsw_fdb_stats st;
	vsw_fdb_stats(f, &st);
	EXPECT_EQ(st.limit_bridge, 1u);
}

TEST_F(Fdb, PortLimit)
{
	vsw_fdb_set_port_limit(f, 5, 2);
	for (uint32_t i = 0; i < 2; i++) {
		rte_ether_addr a = mac(i);
		EXPECT_EQ(vsw_fdb_learn(f, 0, &a, 5, 1), 0);
	}
	rte_ether_addr b = mac(9), c = mac(10);
	EXPECT_EQ(vsw_fdb_learn(f, 1, &b, 5, 1), -ENOSPC) << "the port limit spans bridges";
	EXPECT_EQ(vsw_fdb_learn(f, 0, &c, 6, 1), 0);
	EXPECT_EQ(vsw_fdb_learn(f, 0, &c, 5, 1), -ENOSPC) << "no move onto a full port";
	EXPECT_EQ(port_of(f, 0, c), 6);
}

TEST_F(Fdb, RefusedMoveDoesNotKeepTheStaleEntryAlive)
{
	// a lives on port 3; port 5 is full (limit 1, b). a moves to port 5 and keeps talking
	// there: every learn is refused. The entry on port 3 must not be refreshed by them, or
	// traffic to a goes to port 3 for ever; it must age out like any idle entry.
	vsw_fdb_set_port_limit(f, 5, 1);
	rte_ether_addr a = mac(1), b = mac(2);
	ASSERT_EQ(vsw_fdb_learn(f, 0, &a, 3, 10), 0);
	ASSERT_EQ(vsw_fdb_learn(f, 0, &b, 5, 10), 0);
	for (uint32_t t = 11; t <= 400; t++)
		EXPECT_EQ(vsw_fdb_learn(f, 0, &a, 5, t), -ENOSPC);
	EXPECT_EQ(port_of(f, 0, a), 3) << "not moved onto a full port";
	uint32_t seen = 0;
	vsw_fdb_walk(f, 0, nullptr,
		     [](const vsw_fdb_key *k, uint16_t, uint8_t, uint32_t s, void *arg) {
			     if (k->mac.addr_bytes[5] == 1)
				     *(uint32_t *)arg = s;
			     return 0;
		     },
		     &seen);
	EXPECT_EQ(seen, 10u) << "a refused move is not a sign of life on the old port";
	const uint32_t aging[4] = {300, 300, 300, 300};
	EXPECT_EQ(age_all(f, aging, 4, 311), 2u) << "a (and idle b) aged 300 s after second 10";
	EXPECT_EQ(port_of(f, 0, a), -1);
	EXPECT_EQ(vsw_fdb_learn(f, 0, &a, 5, 401), 0) << "port 5 has room again: a is learned there";
	EXPECT_EQ(port_of(f, 0, a), 5);
	EXPECT_EQ(learned(0), 1u);
}

TEST_F(Fdb, FullTableRefusesWithoutGrowing)
{
	unsigned ok = 0;
	for (uint32_t i = 0; i < 5000; i++) {
		rte_ether_addr a = mac(i);
		ok += vsw_fdb_learn(f, 0, &a, 1, 1) == 0;
	}
	EXPECT_GE(ok, 1024u);
	EXPECT_LE(ok, 1100u);
	struct vsw_fdb_stats st;
	vsw_fdb_stats(f, &st);
	EXPECT_EQ(st.full, 5000u - ok);
	EXPECT_EQ(vsw_fdb_size(f), ok);
}

TEST_F(Fdb, AgingPerBridgeAndNever)
{
	rte_ether_addr a = mac(1), b = mac(2);
	vsw_fdb_learn(f, 0, &a, 1, 100);
	vsw_fdb_learn(f, 1, &b, 1, 100);
	const uint32_t aging[4] = {300, 0, 300, 300};
	EXPECT_EQ(age_all(f, aging, 4, 399), 0u);
	EXPECT_EQ(age_all(f, aging, 4, 400), 0u) << "second 100 may have been 299.x s ago";
	EXPECT_EQ(age_all(f, aging, 4, 401), 1u);
	EXPECT_EQ(port_of(f, 0, a), -1);
	EXPECT_EQ(port_of(f, 1, b), 1) << "aging 0: never";
	EXPECT_EQ(learned(0), 0u);
	EXPECT_EQ(vsw_fdb_learn(f, 0, &a, 1, 402), 0) << "the slot can be used again";
}

TEST_F(Fdb, AgingCallExaminesAtMostItsSlice)
{
	// A full table of entries all long idle: each call removes at most its slice, and
	// slices of 100 cover the whole table in slots / 100 calls, not one slot more.
	const uint32_t slots = vsw_fdb_slots(f), slice = 100;
	ASSERT_GE(slots, 1024u);
	unsigned n = 0;
	for (uint32_t i = 0; i < 5000; i++) {
		rte_ether_addr a = mac(i);
		n += vsw_fdb_learn(f, 0, &a, 1, 1) == 0;
	}
	vsw_fdb_set_aging(f, 0, 10);
	unsigned removed = 0, calls = 0;
	while (calls < (slots + slice - 1) / slice) {
		unsigned r = vsw_fdb_age(f, 100, slice);
		EXPECT_LE(r, slice) << "call " << calls;
		removed += r;
		calls++;
		if (calls < slots / slice) {
			EXPECT_LT(removed, n) << "the whole table went before a whole pass";
		}
	}
	EXPECT_EQ(removed, n) << "one pass of slices covers every slot";
	EXPECT_EQ(vsw_fdb_size(f), 0u);
	EXPECT_EQ(learned(0), 0u);
	struct vsw_fdb_stats st;
	vsw_fdb_stats(f, &st);
	EXPECT_EQ(st.aged, n);
}

TEST_F(Fdb, SlicedAgingKeepsItsBound)
{
	// The control thread's clock in milliseconds; one aging call of a small slice per ms.
	// An entry whose last frame is in second 10 (aging 3) must live at least 3 s after it
	// (so still be there in second 13) and be gone less than 1 s + one pass later.
	const uint32_t slice = 64, pass = (vsw_fdb_slots(f) + slice - 1) / slice;
	vsw_fdb_set_aging(f, 0, 3);
	vsw_fdb_set_aging(f, 1, 0);
	rte_ether_addr a = mac(1), b = mac(2), c = mac(3);
	for (uint32_t i = 100; i < 900; i++) { // other entries, so that slots are not all free
		rte_ether_addr x = mac(i);
		vsw_fdb_learn(f, 0, &x, 2, 10 + i % 5);
	}
	uint32_t gone_ms = 0;
	for (uint32_t ms = 10000; ms < 20000 && gone_ms == 0; ms++) {
		uint32_t now = ms / 1000;
		if (ms == 10999) { // the last frames: late in second 10
			vsw_fdb_learn(f, 0, &a, 1, now);
			vsw_fdb_learn(f, 1, &b, 1, now);
		}
		if (ms == 10500)
			vsw_fdb_learn(f, 0, &c, 1, now);
		vsw_fdb_age(f, now, slice);
		if (ms > 10999 && port_of(f, 0, a) == -1)
			gone_ms = ms;
	}
	ASSERT_NE(gone_ms, 0u);
	EXPECT_GE(gone_ms - 10999, 3000u) << "lived at least aging_s";
	EXPECT_LT(gone_ms - 10999, 3000u + 1000u + pass) << "gone within 1 s + one pass";
	EXPECT_EQ(port_of(f, 1, b), 1) << "aging 0: never";
}

TEST_F(Fdb, FlushByPortAndByBridge)
{
	for (uint32_t i = 0; i < 10; i++) {
		rte_ether_addr a = mac(i);
		vsw_fdb_learn(f, (uint16_t)(i % 2), &a, (uint16_t)(i % 3), 1);
	}
	EXPECT_EQ(vsw_fdb_flush(f, UINT16_MAX, 0), 4u); // i = 0 3 6 9
	EXPECT_EQ(vsw_fdb_flush(f, 1, UINT16_MAX), 3u); // odd left: 1 5 7
	EXPECT_EQ(vsw_fdb_size(f), 3u);                 // 2 4 8
}

TEST_F(Fdb, WalkWithCursorVisitsEachEntryOnce)
{
	for (uint32_t i = 0; i < 100; i++) {
		rte_ether_addr a = mac(i);
		vsw_fdb_learn(f, (uint16_t)(i % 2), &a, 1, 1);
	}
	std::set<uint32_t> seen;
	uint32_t cursor = 0;
	int pages = 0;
	struct Page {
		std::set<uint32_t> *seen;
		int n;
	};
	do {
		Page pg{&seen, 0};
		vsw_fdb_walk(f, 1, &cursor,
			     [](const vsw_fdb_key *k, uint16_t, uint8_t, uint32_t, void *arg) {
				     Page *p = (Page *)arg;
				     p->seen->insert(k->mac.addr_bytes[5]);
				     return ++p->n == 7 ? 1 : 0;
			     },
			     &pg);
		pages++;
	} while (cursor != 0 && pages < 100);
	EXPECT_EQ(seen.size(), 50u);
	EXPECT_EQ(pages, 8); // 7 x 7 + 1
}

TEST(FdbScale, OneMillionMacsInOneBridge)
{
	const uint32_t n = 1000000;
	// With an RCU variable, as vswd makes it: the defer queue is part of the cost.
	size_t rsz = rte_rcu_qsbr_get_memsize(1);
	rte_rcu_qsbr *rcu = (rte_rcu_qsbr *)rte_zmalloc("t_rcu", rsz, RTE_CACHE_LINE_SIZE);
	ASSERT_EQ(rte_rcu_qsbr_init(rcu, 1), 0);
	rte_malloc_socket_stats before, after;
	rte_malloc_get_socket_stats(0, &before);
	vsw_fdb *f = vsw_fdb_create("t_fdb_1m", n + n / 8, 1, 4, rcu, 0);
	ASSERT_NE(f, nullptr);
	rte_malloc_get_socket_stats(0, &after);
	size_t bytes = after.heap_allocsz_bytes - before.heap_allocsz_bytes;
	// docs/config.md quotes this figure ("Sizing"); keep them in step.
	printf("FDB of %u entries: %zu bytes, %.1f bytes per entry\n", n + n / 8, bytes,
	       (double)bytes / (n + n / 8));
	EXPECT_LT(bytes / (n + n / 8), 128u);
	auto t0 = std::chrono::steady_clock::now();
	uint32_t ok = 0;
	for (uint32_t i = 0; i < n; i++) {
		rte_ether_addr a = mac(i);
		ok += vsw_fdb_learn(f, 0, &a, (uint16_t)(i & 3), 1) == 0;
	}
	double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	EXPECT_EQ(ok, n);
	EXPECT_EQ(vsw_fdb_size(f), n);
	rte_ether_addr last = mac(n - 1);
	EXPECT_EQ(port_of(f, 0, last), (int)((n - 1) & 3));
	RecordProperty("learn_seconds", std::to_string(s));
	const uint32_t aging[1] = {300};
	EXPECT_EQ(age_all(f, aging, 1, 302), n);
	EXPECT_EQ(vsw_fdb_size(f), 0u);
	vsw_fdb_free(f);
	rte_free(rcu);
}
