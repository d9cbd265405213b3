// SPDX-License-Identifier: BSD-3-Clause
// GoogleTest main for tests that need EAL: no hugepages, no shared files, five in-memory
// ring ports (net_ring0..4, each a loopback: what is sent on it can be read back from its
// ring "ETH_RXTX0_net_ringN"), and lcores 1 and 2 (both on CPU 1) so tests can run one or
// two real workers.
#include <gtest/gtest.h>

#include <rte_eal.h>

int
main(int argc, char **argv)
{
	::testing::InitGoogleTest(&argc, argv);
	// 1.5 GiB: two VRFs with IPv4 and IPv6 (test_l3_routes6.cc) take four FIB pairs, 600 MiB.
	const char *eal[] = {"vsw-unit", "--no-huge", "-m", "1536", "--no-shconf", "--no-pci",
			     "--lcores", "0@0,1@1,2@1", "--log-level", "*:warning",
			     "--vdev", "net_ring0", "--vdev", "net_ring1", "--vdev", "net_ring2",
			     "--vdev", "net_ring3", "--vdev", "net_ring4"};
	if (rte_eal_init((int)(sizeof(eal) / sizeof(eal[0])), const_cast<char **>(eal)) < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	int rc = RUN_ALL_TESTS();
	rte_eal_cleanup();
	return rc;
}
