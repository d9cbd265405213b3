/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the 'vxlan' section (pipeline/vxlan/vxlan_conf.c): what it holds, its
 * defaults, each error with its position, and that the diff sees a change. Helpers:
 * config_test_util.h.
 */
#include <arpa/inet.h>

#include "config_test_util.h"
#include "vsw_config_diff.h"

using namespace cfgtest;

namespace
{

const char kHead[] = R"(workers: {lcores: [1]}
ports:
  - {name: up, kind: tap}
  - {name: vm, kind: tap}
  - {name: vm2, kind: tap}
bridges:
  - {name: br10, ports: [vm]}
  - {name: br20, ports: [vm2]}
router:
  vrfs: [red]
  interfaces:
    - {name: u0, port: up, addresses: [192.0.2.1/24], mtu: 9000}
vxlan:
)";

uint32_t
ip(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return a << 24 | b << 16 | c << 8 | d;
}

} // namespace

TEST(ConfigVxlan, TunnelsWithDefaults)
{
	Result r = Parse(std::string(kHead) +
			 "  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.1,\n"
			 "     remotes: [192.0.2.2, 198.51.100.7]}\n"
			 "  - {name: vx20, vni: 20, bridge: br20, local: 192.0.2.1, dstport: 8472,\n"
			 "     ttl: 8, tos: 184, df: true, mtu: 1400, known_vteps_only: true}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_vxlan_conf &v = r.cfg->vxlan;
	ASSERT_EQ(v.n_tunnels, 2u);
	const vsw_vxlan_tunnel_conf &a = v.tunnels[0], &b = v.tunnels[1];
	EXPECT_STREQ(a.name, "vx10");
	EXPECT_EQ(a.vni, 10u);
	EXPECT_EQ(a.bridge, 0);
	EXPECT_EQ(a.rif, 0);
	EXPECT_EQ(a.vrf, 0);
	EXPECT_EQ(a.local, ip(192, 0, 2, 1));
	EXPECT_EQ(a.dstport, 4789);
	EXPECT_EQ(a.ttl, 64);
	EXPECT_EQ(a.tos, 0);
	EXPECT_FALSE(a.df);
	EXPECT_EQ(a.mtu, 0) << "0: the underlay's MTU - 50, at apply";
	EXPECT_FALSE(a.known_vteps_only);
	ASSERT_EQ(a.n_remotes, 2);
	EXPECT_EQ(a.remotes[0], ip(192, 0, 2, 2));
	EXPECT_EQ(a.remotes[1], ip(198, 51, 100, 7));
	EXPECT_EQ(a.mark.line, 14u);
	EXPECT_EQ(b.bridge, 1);
	EXPECT_EQ(b.dstport, 8472);
	EXPECT_EQ(b.ttl, 8);
	EXPECT_TRUE(b.df);
	EXPECT_EQ(b.mtu, 1400);
	EXPECT_TRUE(b.known_vteps_only);
	EXPECT_EQ(b.n_remotes, 0);
}

TEST(ConfigVxlan, Errors)
{
	const std::string h = kHead;
	const std::string t = "  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.1";
	EXPECT_TRUE(Fails(h + "  - {name: vx10, vni: 10, bridge: br10}\n", "t.yaml:14:5: ",
			  "missing required key 'local' in a VXLAN tunnel"));
	EXPECT_TRUE(Fails(h + t + ", vnid: 3}\n", "t.yaml:14:59: ", "vnid"));
	EXPECT_TRUE(Fails(h + "  - {name: vm, vni: 10, bridge: br10, local: 192.0.2.1}\n",
			  "t.yaml:14:12: ", "'vm' is already the name of a port"));
	EXPECT_TRUE(Fails(h + "  - {name: u0, vni: 10, bridge: br10, local: 192.0.2.1}\n",
			  "t.yaml:14:12: ", "router interface or tunnel"));
	EXPECT_TRUE(Fails(h + "  - {name: vx10, vni: 16777216, bridge: br10, local: 192.0.2.1}\n",
			  "t.yaml:14:23: ", "vni"));
	EXPECT_TRUE(Fails(h + "  - {name: vx10, vni: 10, bridge: br30, local: 192.0.2.1}\n",
			  "t.yaml:14:35: ", "unknown bridge"));
	EXPECT_TRUE(Fails(h + "  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.9}\n",
			  "t.yaml:14:48: ",
			  "local VTEP address 192.0.2.9 is no address of a router interface of "
			  "vrf 'default'"));
	EXPECT_TRUE(Fails(h + t + ", vrf: red}\n", "t.yaml:14:48: ", "of vrf 'red'"));
	EXPECT_TRUE(Fails(h + t + ", dstport: 0}\n", "t.yaml:14:68: ", "dstport"));
	EXPECT_TRUE(Fails(h + t + ", ttl: 0}\n", "t.yaml:14:64: ", "ttl"));
	EXPECT_TRUE(Fails(h + t + ", mtu: 8951}\n", "t.yaml:14:64: ", "mtu"));
	EXPECT_TRUE(Fails(h + t + ", remotes: [224.0.0.1]}\n", "t.yaml:14:69: ",
			  "remote VTEP is not a unicast address"));
	EXPECT_TRUE(Fails(h + t + ", remotes: [192.0.2.1]}\n", "t.yaml:14:69: ",
			  "remote VTEP is the local address"));
	EXPECT_TRUE(Fails(h + t + ", remotes: [192.0.2.2, 192.0.2.2]}\n", "t.yaml:14:80: ",
			  "remote VTEP given twice"));
	EXPECT_TRUE(Fails(h + t + "}\n  - {name: vx11, vni: 10, bridge: br20, local: 192.0.2.1}\n",
			  "t.yaml:15:23: ", "VNI 10 on 192.0.2.1 port 4789 is already tunnel 'vx10''s"));
	EXPECT_TRUE(Fails(h + t + "}\n  - {name: vx11, vni: 11, bridge: br10, local: 192.0.2.1}\n",
			  "t.yaml:15:35: ", "bridge 'br10' already has VXLAN tunnel 'vx10'"));
	EXPECT_TRUE(Fails(h + "  {name: vx10}\n", "t.yaml:14:3: ", "vxlan"));
}

TEST(ConfigVxlan, TheSameVniOnAnotherPortIsAnotherTunnel)
{
	Result r = Parse(std::string(kHead) +
			 "  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.1}\n"
			 "  - {name: vx11, vni: 10, bridge: br20, local: 192.0.2.1, dstport: 8472}\n");
	EXPECT_EQ(r.rc, 0) << r.err;
}

TEST(ConfigVxlan, DiffSeesAChange)
{
	const std::string a =
		std::string(kHead) +
		"  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.1, remotes: [192.0.2.2]}\n";
	std::string more = a, none = kHead;
	more.replace(more.find("192.0.2.2]"), 10, "192.0.2.2, 192.0.2.3]");
	none += "  []\n";
	auto diff = [](const std::string &o, const std::string &n) {
		Result ro = Parse(o), rn = Parse(n);
		EXPECT_EQ(ro.rc, 0) << ro.err;
		EXPECT_EQ(rn.rc, 0) << rn.err;
		auto d = std::make_unique<struct vsw_config_diff>();
		char err[VSW_ERR_MAX] = "";
		EXPECT_EQ(vsw_config_diff(ro.cfg.get(), rn.cfg.get(), d.get(), err), 0) << err;
		return d->vxlan_changed && !vsw_config_diff_empty(d.get());
	};
	EXPECT_FALSE(diff(a, a));
	EXPECT_TRUE(diff(a, more));
	EXPECT_TRUE(diff(a, none));
	EXPECT_TRUE(diff(none, a));
}

// An IPv6 underlay: the local address one of an interface's IPv6 addresses, the remotes of
// its family.
TEST(ConfigVxlan, Ipv6Underlay)
{
	std::string h = kHead;
	h.replace(h.find("[192.0.2.1/24]"), 14, "[192.0.2.1/24, \"2001:db8::1/64\"]");
	Result r = Parse(h + "  - {name: vx10, vni: 10, bridge: br10, local: \"2001:db8::1\",\n"
			     "     remotes: [\"2001:db8::2\", \"2001:db8:5::7\"], tos: 184}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_vxlan_tunnel_conf &a = r.cfg->vxlan.tunnels[0];
	uint8_t want[3][16];
	inet_pton(AF_INET6, "2001:db8::1", want[0]);
	inet_pton(AF_INET6, "2001:db8::2", want[1]);
	inet_pton(AF_INET6, "2001:db8:5::7", want[2]);
	EXPECT_TRUE(a.v6);
	EXPECT_EQ(a.local, 0u);
	EXPECT_EQ(memcmp(a.local6, want[0], 16), 0);
	EXPECT_EQ(a.rif, 0);
	ASSERT_EQ(a.n_remotes, 2);
	EXPECT_EQ(memcmp(a.remotes6[0], want[1], 16), 0);
	EXPECT_EQ(memcmp(a.remotes6[1], want[2], 16), 0);
	EXPECT_EQ(a.tos, 184);

	const std::string t = "  - {name: vx10, vni: 10, bridge: br10, local: \"2001:db8::1\"";
	EXPECT_TRUE(Fails(h + "  - {name: vx10, vni: 10, bridge: br10, local: \"2001:db8::9\"}\n",
			  "t.yaml:14:48: ",
			  "local VTEP address 2001:db8::9 is no address of a router interface"));
	EXPECT_TRUE(Fails(h + t + ", remotes: [192.0.2.2]}\n", "t.yaml:14:73: ",
			  "remote VTEP is IPv4 but the local address is IPv6"));
	EXPECT_TRUE(Fails(h + "  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.1, remotes: "
			      "[\"2001:db8::2\"]}\n",
			  "t.yaml:14:69: ", "remote VTEP is IPv6 but the local address is IPv4"));
	EXPECT_TRUE(Fails(h + t + ", remotes: [\"fe80::2\"]}\n", "t.yaml:14:73: ",
			  "not a global unicast IPv6 address"));
	EXPECT_TRUE(Fails(h + t + ", remotes: [\"ff02::1\"]}\n", "t.yaml:14:73: ",
			  "not a global unicast IPv6 address"));
	EXPECT_TRUE(Fails(h + t + ", remotes: [\"2001:db8::1\"]}\n", "t.yaml:14:73: ",
			  "remote VTEP is the local address"));
	EXPECT_TRUE(Fails(h + t + ", remotes: [\"2001:db8::2\", \"2001:db8::2\"]}\n",
			  "t.yaml:14:88: ", "remote VTEP given twice"));
	EXPECT_TRUE(Fails(h + t + ", df: true}\n", "t.yaml:14:67: ",
			  "df is the outer IPv4 header's"));
	// The overlay MTU's ceiling is the underlay's 9000 - 70.
	EXPECT_TRUE(Fails(h + t + ", mtu: 8931}\n", "t.yaml:14:68: ", "mtu"));
	EXPECT_EQ(Parse(h + t + ", mtu: 8930}\n").rc, 0);
	// One VNI on the IPv4 and the IPv6 address: two tunnels.
	EXPECT_EQ(Parse(h + t + "}\n  - {name: vx11, vni: 10, bridge: br20, local: 192.0.2.1}\n").rc,
		  0);
}

TEST(ConfigVxlan, ArpSuppression)
{
	Result r = Parse(std::string(kHead) +
			 "  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.1}\n"
			 "  - {name: vx20, vni: 20, bridge: br20, local: 192.0.2.1, arp_suppress: true,\n"
			 "     neigh_limit: 50, neighbours: [{address: 172.16.0.2, mac: "
			 "\"02:00:00:00:00:02\"},\n"
			 "                                   {address: 172.16.0.3, mac: "
			 "\"02:00:00:00:00:03\"}]}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_vxlan_tunnel_conf &a = r.cfg->vxlan.tunnels[0], &b = r.cfg->vxlan.tunnels[1];
	EXPECT_FALSE(a.arp_suppress);
	EXPECT_EQ(a.neigh_limit, 1024u);
	EXPECT_EQ(a.n_neighs, 0);
	EXPECT_TRUE(b.arp_suppress);
	EXPECT_EQ(b.neigh_limit, 50u);
	ASSERT_EQ(b.n_neighs, 2);
	EXPECT_EQ(b.neighs[0].ip, ip(172, 16, 0, 2));
	EXPECT_EQ(b.neighs[1].ip, ip(172, 16, 0, 3));
	const uint8_t m3[6] = {2, 0, 0, 0, 0, 3};
	EXPECT_EQ(memcmp(b.neighs[1].mac, m3, 6), 0);

	const std::string h = kHead;
	const std::string t = "  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.1";
	EXPECT_TRUE(Fails(h + t + ", arp_suppress: 3}\n", "t.yaml:14:73: ", "arp_suppress"));
	EXPECT_TRUE(Fails(h + t + ", neigh_limit: 16385}\n", "t.yaml:14:72: ", "neigh_limit"));
	EXPECT_TRUE(Fails(h + t + ", neighbours: [{address: 172.16.0.2}]}\n", "t.yaml:14:72: ",
			  "missing required key 'mac' in a VXLAN neighbour"));
	EXPECT_TRUE(Fails(h + t + ", neighbours: [{address: 224.0.0.1, mac: \"02:00:00:00:00:01\"}]}\n",
			  "t.yaml:14:82: ", "neighbour is not a unicast address"));
	EXPECT_TRUE(Fails(h + t + ", neighbours: [{address: 172.16.0.2, mac: \"01:00:00:00:00:01\"}]}\n",
			  "t.yaml:14:99: ", "mac"));
	EXPECT_TRUE(Fails(h + t +
				  ", neighbours: [{address: 172.16.0.2, mac: \"02:00:00:00:00:01\"}, "
				  "{address: 172.16.0.2, mac: \"02:00:00:00:00:02\"}]}\n",
			  "t.yaml:14:131: ", "neighbour address given twice"));
}

// ttl, tos and df may each be 'inherit' (Linux's `ttl inherit`, `tos inherit`, `df inherit`):
// the inner packet's; a number (or a bool) still sets them; df inherit over IPv6 is refused
// as df is; a word other than inherit names the key.
TEST(ConfigVxlan, InheritFromTheInnerPacket)
{
	Result r = Parse(std::string(kHead) +
			 "  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.1,\n"
			 "     ttl: inherit, tos: inherit, df: inherit}\n"
			 "  - {name: vx20, vni: 20, bridge: br20, local: 192.0.2.1, tos: inherit,\n"
			 "     ttl: 9}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_vxlan_tunnel_conf &a = r.cfg->vxlan.tunnels[0], &b = r.cfg->vxlan.tunnels[1];
	EXPECT_EQ(a.inherit,
		  VSW_VXLAN_INHERIT_TTL | VSW_VXLAN_INHERIT_TOS | VSW_VXLAN_INHERIT_DF);
	EXPECT_EQ(b.inherit, VSW_VXLAN_INHERIT_TOS);
	EXPECT_EQ(b.ttl, 9);

	const std::string t = std::string(kHead) +
			      "  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.1";
	EXPECT_TRUE(Fails(t + ", tos: inherited}\n", "t.yaml:14:64: ", "tos"));
	EXPECT_TRUE(Fails(t + ", df: maybe}\n", "t.yaml:14:63: ", "df"));
	const std::string h6 = R"(workers: {lcores: [1]}
ports:
  - {name: up, kind: tap}
  - {name: vm, kind: tap}
bridges:
  - {name: br10, ports: [vm]}
router:
  interfaces:
    - {name: u0, port: up, addresses: ["2001:db8::1/64"]}
vxlan:
  - {name: vx10, vni: 10, bridge: br10, local: "2001:db8::1", df: inherit}
)";
	EXPECT_TRUE(Fails(h6, "t.yaml:11:67: ", "IPv6 is never fragmented"));
}

// A change of what is inherited is a change the reload applies.
TEST(ConfigVxlan, DiffSeesAnInheritChange)
{
	const std::string t = std::string(kHead) +
			      "  - {name: vx10, vni: 10, bridge: br10, local: 192.0.2.1";
	Result a = Parse(t + "}\n"), b = Parse(t + ", tos: inherit}\n");
	ASSERT_EQ(a.rc, 0) << a.err;
	ASSERT_EQ(b.rc, 0) << b.err;
	auto d = std::make_unique<struct vsw_config_diff>();
	char err[VSW_ERR_MAX] = "";
	ASSERT_EQ(vsw_config_diff(a.cfg.get(), b.cfg.get(), d.get(), err), 0) << err;
	EXPECT_TRUE(d->vxlan_changed);
}
