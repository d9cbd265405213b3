/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of a port of kind 'bond' (ports/bond_conf.c, ports/port_conf.c): its keys,
 * its members resolved and checked against the rest of the file, and what a reload sees
 * change, each error at its exact "file:line:column: ".
 */
#include "config_test_util.h"
#include "vsw_config_diff.h"

/* Two af_packet ports (lines 4-9) and a bond of both (from line 10), with @p extra lines
 * after the bond's kind; then @p tail. */
static std::string
Bond(const std::string &extra, const std::string &tail = "")
{
	return "workers:\n  lcores: [1]\nports:\n"
	       "  - name: m0\n    kind: dpdk\n    devargs: net_af_packet0,iface=v0\n"
	       "  - name: m1\n    kind: dpdk\n    devargs: net_af_packet1,iface=v1\n"
	       "  - name: bond0\n    kind: bond\n" +
	       extra + tail;
}

TEST(ConfigBond, Parsed)
{
	Result r = Parse(Bond("    members: [m1, m0]\n    bond_mode: active-backup\n"
			      "    mtu: 1400\n    vlan_mode: trunk\n    trunks: [10]\n"));
	ASSERT_EQ(r.rc, 0) << r.err;
	const struct vsw_port_conf *b = &r.cfg->ports[2];
	EXPECT_EQ(b->kind, VSW_PORT_BOND);
	EXPECT_STREQ(vsw_port_kind_name(b->kind), "bond");
	EXPECT_EQ(b->bond_mode, VSW_BOND_ACTIVE_BACKUP);
	ASSERT_EQ(b->n_members, 2u);
	EXPECT_EQ(b->members[0], 1u) << "in the order given: m1 first";
	EXPECT_EQ(b->members[1], 0u);
	EXPECT_EQ(b->mtu, 1400u);
	EXPECT_EQ(b->vlan_mode, VSW_VLAN_TRUNK) << "a bond takes a port's L2 keys";
	EXPECT_EQ(b->members_mark.line, 12u);
	/* The mode defaults to active-backup. */
	r = Parse(Bond("    members: [m0]\n"));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->ports[2].bond_mode, VSW_BOND_ACTIVE_BACKUP);
}

TEST(ConfigBond, AsABridgeMember)
{
	Result r = Parse(Bond("    members: [m0, m1]\n",
			      "bridges:\n  - name: br0\n    ports: [bond0]\n"));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->bridges[0].ports[0], 2u);
}

TEST(ConfigBond, KeysOfTheKind)
{
	EXPECT_TRUE(Fails(Bond(""), "t.yaml:10:5: ", "missing required key 'members' for kind 'bond'"));
	EXPECT_TRUE(Fails(Bond("    members: []\n"), "t.yaml:12:14: ",
			  "expected a sequence of 1 to 8 port names for 'members', got a sequence"));
	EXPECT_TRUE(Fails(Bond("    members: m0\n"), "t.yaml:12:14: ",
			  "expected a sequence of 1 to 8 port names for 'members', got 'm0'"));
	EXPECT_TRUE(Fails(Bond("    members: [m0, m1, m0]\n"), "t.yaml:12:23: ",
			  "port 'm0' is twice in 'members'"));
	EXPECT_TRUE(Fails(Bond("    members: [m0]\n    bond_mode: balance-rr\n"), "t.yaml:13:16: ",
			  "expected one of active-backup for 'bond_mode', got 'balance-rr'"));
	EXPECT_TRUE(Fails(Bond("    members: [m0]\n    rx_queues: 2\n"), "t.yaml:13:5: ",
			  "'rx_queues' is only valid for kinds 'dpdk', 'vhost-user' and 'tap'"));
	EXPECT_TRUE(Fails(Bond("    members: [m0]\n    devargs: x\n"), "t.yaml:13:5: ",
			  "'devargs' is only valid for kind 'dpdk'"));
	EXPECT_TRUE(Fails(OneTap("    members: [a]\n"), "t.yaml:6:5: ",
			  "'members' is only valid for kind 'bond'"));
	EXPECT_TRUE(Fails(OneTap("    bond_mode: active-backup\n"), "t.yaml:6:5: ",
			  "'bond_mode' is only valid for kind 'bond'"));
}

TEST(ConfigBond, Members)
{
	EXPECT_TRUE(Fails(Bond("    members: [m0, nope]\n"), "t.yaml:12:19: ",
			  "unknown port 'nope' in 'members' of bond 'bond0'"));
	EXPECT_TRUE(Fails(Bond("    members: [m0, bond0]\n"), "t.yaml:12:19: ",
			  "port 'bond0' is a bond: a bond's members are ports with a device"));
	EXPECT_TRUE(Fails(Bond("    members: [m0]\n",
			       "  - name: bond1\n    kind: bond\n    members: [m1, m0]\n"),
			  "t.yaml:15:19: ", "port 'm0' is already a member of bond 'bond0'"));
	/* A member's frames are the bond's: nothing else may use the member. */
	EXPECT_TRUE(Fails(Bond("    members: [m0, m1]\n",
			       "bridges:\n  - name: br0\n    ports: [m1]\n"),
			  "t.yaml:12:19: ",
			  "port 'm1' is a member of bond 'bond0' and cannot also be used by bridge "
			  "'br0' (use the bond)"));
	EXPECT_TRUE(Fails(Bond("    members: [m0]\n", "xconnect:\n  - [m0, m1]\n"),
			  "t.yaml:12:15: ", "cannot also be used by a cross-connect"));
}

static std::unique_ptr<struct vsw_config_diff>
DiffOf(const std::string &o, const std::string &n, Result *ro, Result *rn)
{
	char err[VSW_ERR_MAX];
	auto d = std::make_unique<struct vsw_config_diff>();

	*ro = Parse(o);
	*rn = Parse(n);
	EXPECT_EQ(ro->rc, 0) << ro->err;
	EXPECT_EQ(rn->rc, 0) << rn->err;
	EXPECT_EQ(vsw_config_diff(ro->cfg.get(), rn->cfg.get(), d.get(), err), 0) << err;
	return d;
}

TEST(ConfigBond, ReloadRecreatesOnMemberOrModeChange)
{
	Result o, n;
	auto d = DiffOf(Bond("    members: [m0, m1]\n"), Bond("    members: [m1, m0]\n"), &o, &n);
	ASSERT_EQ(d->n_ports_changed, 1u) << "the order of members is which is used first";
	EXPECT_EQ(d->ports_changed[0].new_index, 2u);
	EXPECT_EQ(d->ports_changed[0].mask, (uint32_t)VSW_PORT_CHG_DEVICE);
	d = DiffOf(Bond("    members: [m0, m1]\n"), Bond("    members: [m0]\n"), &o, &n);
	ASSERT_EQ(d->n_ports_changed, 1u);
	EXPECT_EQ(d->ports_changed[0].mask, (uint32_t)VSW_PORT_CHG_DEVICE);
	/* Its L2 keys change in place, as a port's. */
	d = DiffOf(Bond("    members: [m0, m1]\n"),
		   Bond("    members: [m0, m1]\n    vlan_mode: access\n    tag: 5\n"), &o, &n);
	ASSERT_EQ(d->n_ports_changed, 1u);
	EXPECT_EQ(d->ports_changed[0].mask, (uint32_t)VSW_PORT_CHG_VLAN);
	d = DiffOf(Bond("    members: [m0, m1]\n"), Bond("    members: [m0, m1]\n"), &o, &n);
	EXPECT_TRUE(vsw_config_diff_empty(d.get()));
}
