// SPDX-License-Identifier: BSD-3-Clause
// A bond's data path (docs/architecture.md, "Bonds") in a real worker graph over ring ports:
// ring0 and ring1 are the members of bond0 (interface 3, no queues of its own), which is
// cross-connected to ring2. bond_input (pipeline/bond/bond_input.c) makes the active
// member's frames the bond's and drops the backup's; the bond's port_tx clone sends on the
// member vsw_port_tx_via_set() names, or drops (bond_no_member) when it names none.
// A ring port receives what it sent: each test walks the graph once.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include <rte_ethdev.h>
#include <rte_graph_worker.h>

#include "bond/bond_dp.h"
#include "core/core.h"
#include "iface/iface.h"
#include "pipeline_counters.h"
#include "ring_ports.h"
#include "vsw_pipeline.h"
#include "vsw_port.h"

namespace
{

constexpr uint16_t kBond = 3;

std::vector<uint8_t>
frame(uint8_t fill)
{
	std::vector<uint8_t> f(64, fill);
	const uint8_t dst[6] = {0x02, 0, 0, 0, 0, 2}, src[6] = {0x02, 0, 0, 0, 0, 1};
	memcpy(&f[0], dst, 6);
	memcpy(&f[6], src, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	return f;
}

class Bond : public ::testing::Test
{
      protected:
	vsw_port *ports = nullptr;
	std::unique_ptr<vsw_config> cfg;

	void
	SetUp() override
	{
		RingPorts &rp = RingPorts::get();
		ports = rp.ports;
		vsw_dp_port dp[4]{};
		for (unsigned i = 0; i < 4; i++) {
			/* Not "ring%u": the graph's node names last the binary's life, and
			 * Swap.CrossConnectToANewEdgeRemakesGraphs needs port_tx-ring2 never to
			 * have been an edge of xconnect. */
			if (i < 3)
				snprintf(dp[i].name, sizeof(dp[i].name), "bring%u", i);
			else
				snprintf(dp[i].name, sizeof(dp[i].name), "bond0");
			dp[i].eth_port = ports[i < 3 ? i : 0].eth_port;
			dp[i].n_rxq = i < 3 ? 1 : 0;
			dp[i].rxq_worker[0] = -1;
		}
		dp[kBond].tx_indirect = true;
		const vsw_xconnect_pair xc[] = {{2, kBond}};
		const uint16_t lcores[] = {1};
		vsw_pipeline_conf pc{};
		pc.n_ports = 4;
		pc.ports = dp;
		pc.n_workers = 1;
		pc.worker_lcores = lcores;
		pc.burst = 32;
		pc.n_xconnects = 1;
		pc.xconnects = xc;
		char err[256] = "";
		ASSERT_EQ(vsw_pipeline_init(&pc, err, sizeof(err)), 0) << err;
		// The config's bond0 of ring0 and ring1, as the apply sees it.
		cfg = std::make_unique<vsw_config>();
		cfg->n_ports = 4;
		cfg->ports[3].kind = VSW_PORT_BOND;
		cfg->ports[3].n_members = 2;
		cfg->ports[3].members[0] = 0;
		cfg->ports[3].members[1] = 1;
		ASSERT_EQ(apply(*cfg), 0);
		EXPECT_EQ(vsw_bond_rx_bond_of(0), kBond);
		EXPECT_EQ(vsw_bond_rx_bond_of(1), kBond);
		EXPECT_EQ(vsw_bond_rx_bond_of(2), VSW_IFACE_NONE);
		use(0);
	}

	void
	TearDown() override
	{
		vsw_config none{};
		EXPECT_EQ(apply(none), 0);
		EXPECT_EQ(vsw_bond_rx_bond_of(0), VSW_IFACE_NONE);
		vsw_bond_rx_active(0, false);
		vsw_bond_rx_active(1, false);
		vsw_port_tx_via_set(kBond, UINT16_MAX);
		vsw_pipeline_fini();
		RingPorts::get().drain_all();
		EXPECT_EQ(rte_mempool_avail_count(RingPorts::get().pool), kPoolSize);
	}

	static int
	apply(const vsw_config &c)
	{
		const uint16_t ids[VSW_MAX_PORTS] = {0, 1, 2, kBond};
		char err[256] = "";
		int rc = vsw_bond_feature.apply(&c, ids, err, sizeof(err));
		EXPECT_EQ(rc, 0) << err;
		return rc;
	}

	// What ports/bond.c does on a failover: member @p m (-1: none) carries the traffic.
	void
	use(int m)
	{
		if (m >= 0) {
			ASSERT_EQ(vsw_bond_rx_active((uint16_t)m, true), 0);
		}
		vsw_port_tx_via_set(kBond, m >= 0 ? ports[m].eth_port : UINT16_MAX);
		for (int k = 0; k < 2; k++) {
			if (k != m) {
				ASSERT_EQ(vsw_bond_rx_active((uint16_t)k, false), 0);
			}
		}
	}

	static void
	walk()
	{
		rte_graph_walk(vsw_pipeline_worker(0)->graph);
	}
};

} // namespace

TEST_F(Bond, ActiveMemberCarriesBothWays)
{
	RingPorts &rp = RingPorts::get();
	rp.inject(0, frame(1));
	rp.inject(2, frame(2));
	rp.inject(2, frame(3));
	walk(); // one walk: a member's frame passes eth_input twice (member, then bond)
	EXPECT_EQ(rp.drain(2), std::vector<std::vector<uint8_t>>{frame(1)});
	EXPECT_EQ(rp.drain(0), (std::vector<std::vector<uint8_t>>{frame(2), frame(3)}));
	EXPECT_TRUE(rp.drain(1).empty()) << "the backup sends nothing";
	EXPECT_EQ(all_drops(), 0u);
}

TEST_F(Bond, BackupReceivesNothing)
{
	RingPorts &rp = RingPorts::get();
	rp.inject(1, frame(1));
	rp.inject(1, frame(2));
	walk();
	EXPECT_TRUE(rp.drain(2).empty());
	EXPECT_EQ(port_drop(1, "bond_inactive"), 2u) << "charged to the member";
	EXPECT_EQ(port_drop(kBond, "bond_inactive"), 0u);
}

TEST_F(Bond, FailoverMovesBothDirections)
{
	RingPorts &rp = RingPorts::get();
	use(1);
	rp.inject(0, frame(1)); // the old active member is a backup now
	rp.inject(1, frame(2));
	rp.inject(2, frame(3));
	walk();
	EXPECT_EQ(rp.drain(2), std::vector<std::vector<uint8_t>>{frame(2)});
	EXPECT_EQ(rp.drain(1), std::vector<std::vector<uint8_t>>{frame(3)});
	EXPECT_TRUE(rp.drain(0).empty());
	EXPECT_EQ(port_drop(0, "bond_inactive"), 1u);
}

TEST_F(Bond, NoMemberDropsWhatIsSent)
{
	RingPorts &rp = RingPorts::get();
	use(-1);
	rp.inject(2, frame(1));
	rp.inject(0, frame(2));
	walk();
	EXPECT_TRUE(rp.drain(0).empty());
	EXPECT_TRUE(rp.drain(1).empty());
	EXPECT_EQ(port_drop(kBond, "bond_no_member"), 1u) << "charged to the bond";
	EXPECT_EQ(port_drop(0, "bond_inactive"), 1u);
}

TEST_F(Bond, MemberLeavingTheBondIsDetached)
{
	RingPorts &rp = RingPorts::get();
	cfg->ports[3].n_members = 1; // ring1 leaves
	ASSERT_EQ(apply(*cfg), 0);
	EXPECT_EQ(vsw_bond_rx_bond_of(1), VSW_IFACE_NONE);
	rp.inject(1, frame(1));
	rp.inject(0, frame(2));
	walk();
	EXPECT_EQ(port_drop(1, "port_unbound"), 1u) << "no longer the bond's";
	EXPECT_EQ(rp.drain(2), std::vector<std::vector<uint8_t>>{frame(2)});
}
