/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of 'router.host_path' (pipeline/l3/l3_host_conf.c): what it holds, each error
 * with its position, and that the diff sees a change. Helpers: config_test_util.h.
 */
#include "config_test_util.h"
#include "vsw_config_diff.h"

using namespace cfgtest;

namespace
{

const char kHead[] = R"(workers: {lcores: [1]}
ports:
  - {name: p0, kind: tap, iface: vsw-p0}
  - {name: p1, kind: tap}
router:
  vrfs: [red]
  interfaces:
    - {name: r0, port: p0, addresses: [10.0.1.1/24]}
    - {name: r1, port: p1, addresses: [10.0.1.1/24], vrf: red}
)";

} // namespace

TEST(ConfigHostPath, PerVrfWithAnOptionalNamespace)
{
	Result r = Parse(std::string(kHead) + R"(  host_path:
    - {iface: vsw-host}
    - {vrf: red, iface: vsw-red, netns: red-host}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_l3_conf &l3 = r.cfg->l3;
	ASSERT_EQ(l3.n_host_paths, 2u);
	EXPECT_EQ(l3.host_paths[0].vrf, 0);
	EXPECT_STREQ(l3.host_paths[0].iface, "vsw-host");
	EXPECT_STREQ(l3.host_paths[0].netns, "");
	EXPECT_EQ(l3.host_paths[1].vrf, 1);
	EXPECT_STREQ(l3.host_paths[1].iface, "vsw-red");
	EXPECT_STREQ(l3.host_paths[1].netns, "red-host");
	EXPECT_EQ(l3.host_paths[1].mark.line, 12u);
}

TEST(ConfigHostPath, Errors)
{
	const std::string h = std::string(kHead) + "  host_path:\n";
	EXPECT_TRUE(Fails(h + "    - {vrf: red}\n", "t.yaml:11:7: ",
			  "missing required key 'iface' in a host path"));
	EXPECT_TRUE(Fails(h + "    - {iface: a, vrf: blue}\n", "t.yaml:11:23: ", "unknown vrf"));
	EXPECT_TRUE(Fails(h + "    - {iface: a, mtu: 9000}\n", "t.yaml:11:18: ", "mtu"));
	EXPECT_TRUE(Fails(h + "    - {iface: 0123456789abcdef}\n", "t.yaml:11:15: ", "iface"));
	EXPECT_TRUE(Fails(h + "    - {iface: a/b}\n", "t.yaml:11:15: ", "invalid interface name"));
	EXPECT_TRUE(Fails(h + "    - {iface: a}\n    - {iface: b}\n", "t.yaml:12:7: ",
			  "vrf 'default' already has a host path (line 11)"));
	EXPECT_TRUE(Fails(h + "    - {iface: a}\n    - {iface: a, vrf: red}\n", "t.yaml:12:15: ",
			  "interface 'a' is already vrf 'default''s host path"));
	EXPECT_TRUE(Fails(h + "    - {iface: vsw-p0}\n", "t.yaml:11:15: ",
			  "interface 'vsw-p0' is already port 'p0''s tap"));
	EXPECT_TRUE(Fails(h + "    - {iface: p1}\n", "t.yaml:11:15: ",
			  "interface 'p1' is already port 'p1''s tap"));
	EXPECT_TRUE(Fails(h + "    - {iface: a, netns: \"x y\"}\n", "t.yaml:11:25: ", "netns"));
	EXPECT_TRUE(Fails(h + "    {iface: a}\n", "t.yaml:11:5: ", "host_path"));
}

TEST(ConfigHostPath, DiffSeesAChange)
{
	const std::string a = std::string(kHead) + "  host_path:\n    - {iface: vsw-host}\n";
	std::string ns = a, none = kHead;
	ns.replace(ns.find("vsw-host}"), 9, "vsw-host, netns: h}");
	auto diff = [](const std::string &o, const std::string &n) {
		Result ro = Parse(o), rn = Parse(n);
		EXPECT_EQ(ro.rc, 0) << ro.err;
		EXPECT_EQ(rn.rc, 0) << rn.err;
		auto d = std::make_unique<struct vsw_config_diff>();
		char err[VSW_ERR_MAX] = "";
		EXPECT_EQ(vsw_config_diff(ro.cfg.get(), rn.cfg.get(), d.get(), err), 0) << err;
		return d->router_changed;
	};
	EXPECT_FALSE(diff(a, a));
	EXPECT_TRUE(diff(a, ns));
	EXPECT_TRUE(diff(a, none));
	EXPECT_TRUE(diff(none, a));
}
