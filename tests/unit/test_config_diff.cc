/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of vsw_config_diff(): objects matched by name (a reordered file is no change),
 * each kind of change reported with its mask and indexes, and every key that needs a restart
 * refused at its "file:line:column" in the new file.
 */
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "vsw_config.h"

namespace
{

/* Every section, so that each kind of change can be made by one edit. Lines are 1-based. */
const char kBase[] = R"(eal:
  file_prefix: vsw
  main_lcore: 0
  args: ["--no-pci"]
workers:
  lcores: [1, 2]
  idle_sleep_us: 0
  burst: 32
  mbufs: 0
ports:
  - {name: p0, kind: tap, rx_queues: 2, rx_affinity: [1, 2]}
  - {name: p1, kind: tap, vlan_mode: trunk, trunks: "100-101"}
  - {name: p2, kind: tap, vlan_mode: access, tag: 100}
  - {name: x0, kind: tap}
  - {name: x1, kind: tap}
  - {name: v0, kind: vhost-user, path: /tmp/v0.sock}
xconnect:
  - [x0, x1]
bridges:
  - {name: b100, vlan: 100, ports: [p1, p2], static_macs: [{mac: "02:00:00:00:00:01", port: p2}]}
  - {name: flat, ports: [p0, v0]}
fdb:
  size: 65536
)";

std::unique_ptr<vsw_config>
Parse(const std::string &text, const char *name = "new.yaml")
{
	auto cfg = std::make_unique<vsw_config>();
	char err[VSW_ERR_MAX];

	int rc = vsw_config_parse(name, text.data(), text.size(), cfg.get(), err);
	EXPECT_EQ(rc, 0) << err << "\n" << text;
	return cfg;
}

/* @p text with the first @p from replaced by @p to; @p from must be there. */
std::string
Edit(std::string text, const std::string &from, const std::string &to)
{
	size_t at = text.find(from);

	EXPECT_NE(at, std::string::npos) << "'" << from << "' not in the text";
	if (at != std::string::npos)
		text.replace(at, from.size(), to);
	return text;
}

struct Diff {
	int rc;
	std::string err;
	std::unique_ptr<struct vsw_config_diff> d;
};

/* The diff from kBase (as "old.yaml") to @p text (as "new.yaml"). */
Diff
DiffTo(const std::string &text, const std::string &old_text = kBase)
{
	auto o = Parse(old_text, "old.yaml");
	auto n = Parse(text, "new.yaml");
	Diff r;
	char err[VSW_ERR_MAX];

	memset(err, 'x', sizeof(err));
	r.d = std::make_unique<struct vsw_config_diff>();
	r.rc = vsw_config_diff(o.get(), n.get(), r.d.get(), err);
	r.err.assign(err, strnlen(err, sizeof(err)));
	EXPECT_LT(strnlen(err, sizeof(err)), sizeof(err)) << "error not NUL-terminated";
	return r;
}

/* The diff to @p text is refused for a restart, at @p where, naming @p key. */
::testing::AssertionResult
NeedsRestart(const std::string &text, const std::string &where, const std::string &key)
{
	Diff r = DiffTo(text);

	if (r.rc != -ENOTSUP)
		return ::testing::AssertionFailure()
		       << "rc " << r.rc << " (expected -ENOTSUP), err '" << r.err << "'";
	if (r.err.rfind("new.yaml:" + where + ": '" + key + "' ", 0) != 0)
		return ::testing::AssertionFailure()
		       << "err '" << r.err << "' does not start with "
		       << "'new.yaml:" << where << ": '" << key << "''";
	if (r.err.find("needs a restart") == std::string::npos)
		return ::testing::AssertionFailure() << "err '" << r.err << "' says no restart";
	return ::testing::AssertionSuccess();
}

/* The only change of a diff is one changed port, @p old_index -> @p new_index, @p mask. */
void
ExpectOnePortChange(const struct vsw_config_diff &d, unsigned old_index, unsigned new_index,
		    uint32_t mask)
{
	EXPECT_EQ(d.n_ports_added, 0u);
	EXPECT_EQ(d.n_ports_removed, 0u);
	ASSERT_EQ(d.n_ports_changed, 1u);
	EXPECT_EQ(d.ports_changed[0].old_index, old_index);
	EXPECT_EQ(d.ports_changed[0].new_index, new_index);
	EXPECT_EQ(d.ports_changed[0].mask, mask);
	EXPECT_EQ(d.n_bridges_added + d.n_bridges_removed + d.n_bridges_changed, 0u);
	EXPECT_FALSE(d.xconnect_changed);
	EXPECT_EQ(d.n_static_added + d.n_static_removed, 0u);
	EXPECT_EQ(d.workers, 0u);
}

/* The only change of a diff is one changed bridge, @p old_index -> @p new_index, @p mask. */
void
ExpectOneBridgeChange(const struct vsw_config_diff &d, unsigned old_index, unsigned new_index,
		      uint32_t mask)
{
	EXPECT_EQ(d.n_ports_added + d.n_ports_removed + d.n_ports_changed, 0u);
	EXPECT_EQ(d.n_bridges_added + d.n_bridges_removed, 0u);
	ASSERT_EQ(d.n_bridges_changed, 1u);
	EXPECT_EQ(d.bridges_changed[0].old_index, old_index);
	EXPECT_EQ(d.bridges_changed[0].new_index, new_index);
	EXPECT_EQ(d.bridges_changed[0].mask, mask);
	EXPECT_FALSE(d.xconnect_changed);
	EXPECT_EQ(d.n_static_added + d.n_static_removed, 0u);
	EXPECT_EQ(d.workers, 0u);
}

} // namespace

TEST(ConfigDiff, IdenticalIsEmpty)
{
	Diff r = DiffTo(kBase);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_TRUE(vsw_config_diff_empty(r.d.get()));
	EXPECT_EQ(r.err, "");
}

TEST(ConfigDiff, ReorderedFileIsEmpty)
{
	/* Sections, ports, pairs and their ends, bridges, members, static entries: all moved. */
	const char reordered[] = R"(fdb: {size: 65536}
bridges:
  - {name: flat, ports: [v0, p0]}
  - name: b100
    ports: [p2, p1]
    static_macs: [{port: p2, mac: "02:00:00:00:00:01"}]
    vlan: 100
xconnect: [[x1, x0]]
ports:
  - {name: v0, kind: vhost-user, path: /tmp/v0.sock}
  - {name: x1, kind: tap}
  - {kind: tap, name: p2, tag: 100, vlan_mode: access}
  - {name: x0, kind: tap}
  - {name: p1, kind: tap, vlan_mode: trunk, trunks: [100, 101]}
  - {name: p0, kind: tap, rx_queues: 2, rx_affinity: [1, 2]}
workers: {mbufs: 0, burst: 32, lcores: [1, 2], idle_sleep_us: 0}
eal: {args: ["--no-pci"], main_lcore: 0, file_prefix: vsw}
)";
	Diff r = DiffTo(reordered);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_TRUE(vsw_config_diff_empty(r.d.get()));
}

TEST(ConfigDiff, DefaultsEqualExplicitValues)
{
	/* Keys given at their default value are no change. */
	Diff r = DiffTo(Edit(Edit(kBase, "  - {name: x0, kind: tap}",
				  "  - {name: x0, kind: tap, iface: x0, rx_queues: 1, rss: false, "
				  "rx_desc: 1024, mac_limit: 0}"),
			     "  burst: 32\n", "  burst: 32\n  idle_threshold_us: 1000\n"));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_TRUE(vsw_config_diff_empty(r.d.get()));
}

TEST(ConfigDiff, PortAddedAndRemoved)
{
	/* p9 added at new index 6; v0 (old index 5) removed along with its bridge membership. */
	std::string text = Edit(kBase, "  - {name: v0, kind: vhost-user, path: /tmp/v0.sock}\n",
				"  - {name: p9, kind: tap}\n");
	text = Edit(text, "ports: [p0, v0]", "ports: [p0, p9]");
	text = Edit(text, "  - {name: p0,", "  - {name: n0, kind: tap}\n  - {name: p0,");
	text = Edit(text, "  - {name: x0, kind: tap}\n", "");
	text = Edit(text, "  - [x0, x1]\n", "  - [n0, x1]\n");
	Diff r = DiffTo(text);
	ASSERT_EQ(r.rc, 0) << r.err;
	const struct vsw_config_diff &d = *r.d;
	ASSERT_EQ(d.n_ports_added, 2u);
	EXPECT_EQ(d.ports_added[0], 0u); /* n0 */
	EXPECT_EQ(d.ports_added[1], 5u); /* p9 */
	ASSERT_EQ(d.n_ports_removed, 2u);
	EXPECT_EQ(d.ports_removed[0], 3u); /* x0 */
	EXPECT_EQ(d.ports_removed[1], 5u); /* v0 */
	EXPECT_EQ(d.n_ports_changed, 0u);
	EXPECT_TRUE(d.xconnect_changed);
	ASSERT_EQ(d.n_bridges_changed, 1u);
	EXPECT_EQ(d.bridges_changed[0].old_index, 1u);
	EXPECT_EQ(d.bridges_changed[0].new_index, 1u);
	EXPECT_EQ(d.bridges_changed[0].mask, VSW_BRIDGE_CHG_MEMBERS);
}

TEST(ConfigDiff, PortDeviceChanges)
{
	/* Each edit of port x0 (old index 3) needs the port re-created. */
	const char *const edits[] = {
	    "{name: x0, kind: tap, iface: other}",
	    "{name: x0, kind: tap, mac: \"02:00:00:00:00:09\"}",
	    "{name: x0, kind: tap, rx_queues: 2, rss: false}",
	    "{name: x0, kind: tap, rx_desc: 512}",
	    "{name: x0, kind: tap, tx_desc: 2048}",
	    "{name: x0, kind: tap, mtu: 9000}",
	    "{name: x0, kind: tap, rss: true}",
	    "{name: x0, kind: dpdk, devargs: net_ring0}",
	};
	for (const char *e : edits) {
		SCOPED_TRACE(e);
		Diff r = DiffTo(Edit(kBase, "{name: x0, kind: tap}", e));
		ASSERT_EQ(r.rc, 0) << r.err;
		ExpectOnePortChange(*r.d, 3, 3, VSW_PORT_CHG_DEVICE);
	}
	/* vhost-user: path and mode. */
	for (const char *e : {"path: /tmp/other.sock}", "path: /tmp/v0.sock, mode: client}"}) {
		SCOPED_TRACE(e);
		Diff r = DiffTo(Edit(kBase, "path: /tmp/v0.sock}", e));
		ASSERT_EQ(r.rc, 0) << r.err;
		ExpectOnePortChange(*r.d, 5, 5, VSW_PORT_CHG_DEVICE);
	}
}

TEST(ConfigDiff, PortAffinityVlanAndMacLimit)
{
	Diff r = DiffTo(Edit(kBase, "rx_affinity: [1, 2]", "rx_affinity: [2, 1]"));
	ASSERT_EQ(r.rc, 0) << r.err;
	ExpectOnePortChange(*r.d, 0, 0, VSW_PORT_CHG_AFFINITY);

	/* Round-robin (no rx_affinity) is a different placement too. */
	r = DiffTo(Edit(kBase, ", rx_affinity: [1, 2]", ""));
	ASSERT_EQ(r.rc, 0) << r.err;
	ExpectOnePortChange(*r.d, 0, 0, VSW_PORT_CHG_AFFINITY);

	for (const char *e : {"trunks: \"100-102\"}", "trunks: \"100-101\", native_vlan: 5}",
			      "trunks: \"100-101\", tpid: 0x88a8}",
			      "trunks: \"100-101\", native_vlan: 100, native_tagged: true}"}) {
		SCOPED_TRACE(e);
		r = DiffTo(Edit(kBase, "trunks: \"100-101\"}", e));
		ASSERT_EQ(r.rc, 0) << r.err;
		ExpectOnePortChange(*r.d, 1, 1, VSW_PORT_CHG_VLAN);
	}

	/* A VLAN and a MAC limit change together, on a port that also moved in the file. */
	std::string text =
	    Edit(kBase, "  - {name: p2, kind: tap, vlan_mode: access, tag: 100}\n", "");
	text = Edit(text, "  - {name: p0,",
		    "  - {name: p2, kind: tap, vlan_mode: dot1q-tunnel, tag: 100, mac_limit: 10}\n"
		    "  - {name: p0,");
	r = DiffTo(text);
	ASSERT_EQ(r.rc, 0) << r.err;
	ExpectOnePortChange(*r.d, 2, 0, VSW_PORT_CHG_VLAN | VSW_PORT_CHG_MAC_LIMIT);
}

TEST(ConfigDiff, BridgeChanges)
{
	const struct {
		const char *from, *to;
		uint32_t mask;
	} cases[] = {
	    {"ports: [p0, v0]}", "ports: [p0]}", VSW_BRIDGE_CHG_MEMBERS},
	    {"ports: [p0, v0]}", "ports: [p0, v0], aging_s: 10}", VSW_BRIDGE_CHG_AGING},
	    {"ports: [p0, v0]}", "ports: [p0, v0], flood_unknown: false}", VSW_BRIDGE_CHG_FLOOD},
	    {"ports: [p0, v0]}", "ports: [p0, v0], mac_limit: 100}", VSW_BRIDGE_CHG_MAC_LIMIT},
	    {"ports: [p0, v0]}", "ports: [p0, v0], aging_s: 0, mac_limit: 1}",
	     VSW_BRIDGE_CHG_AGING | VSW_BRIDGE_CHG_MAC_LIMIT},
	};
	for (const auto &c : cases) {
		SCOPED_TRACE(c.to);
		Diff r = DiffTo(Edit(kBase, c.from, c.to));
		ASSERT_EQ(r.rc, 0) << r.err;
		ExpectOneBridgeChange(*r.d, 1, 1, c.mask);
	}

	/* VLAN 100 -> 101 (both ports carry it); the bridge also moves to index 1. */
	std::string text = Edit(kBase,
				"  - {name: b100, vlan: 100, ports: [p1, p2], static_macs: "
				"[{mac: \"02:00:00:00:00:01\", port: p2}]}\n",
				"");
	text = Edit(text, "  - {name: flat, ports: [p0, v0]}\n",
		    "  - {name: flat, ports: [p0, v0]}\n"
		    "  - {name: b100, vlan: 101, ports: [p1, p2], static_macs: "
		    "[{mac: \"02:00:00:00:00:01\", port: p2}]}\n");
	text = Edit(text, "{name: p2, kind: tap, vlan_mode: access, tag: 100}",
		    "{name: p2, kind: tap, vlan_mode: access, tag: 101}");
	Diff r = DiffTo(text);
	ASSERT_EQ(r.rc, 0) << r.err;
	ASSERT_EQ(r.d->n_bridges_changed, 1u);
	EXPECT_EQ(r.d->bridges_changed[0].old_index, 0u);
	EXPECT_EQ(r.d->bridges_changed[0].new_index, 1u);
	EXPECT_EQ(r.d->bridges_changed[0].mask, VSW_BRIDGE_CHG_VLAN);
	ASSERT_EQ(r.d->n_ports_changed, 1u);
	EXPECT_EQ(r.d->ports_changed[0].mask, VSW_PORT_CHG_VLAN);
	EXPECT_EQ(r.d->n_static_added + r.d->n_static_removed, 0u);
}

TEST(ConfigDiff, BridgeAddedAndRemoved)
{
	/* flat (old 1) renamed: one removed, one added (new 1); b100 unchanged. */
	Diff r = DiffTo(Edit(kBase, "{name: flat,", "{name: flat2,"));
	ASSERT_EQ(r.rc, 0) << r.err;
	ASSERT_EQ(r.d->n_bridges_added, 1u);
	EXPECT_EQ(r.d->bridges_added[0], 1u);
	ASSERT_EQ(r.d->n_bridges_removed, 1u);
	EXPECT_EQ(r.d->bridges_removed[0], 1u);
	EXPECT_EQ(r.d->n_bridges_changed, 0u);
	EXPECT_EQ(r.d->n_ports_changed, 0u);
}

TEST(ConfigDiff, XconnectChanges)
{
	Diff r = DiffTo(Edit(kBase, "xconnect:\n  - [x0, x1]\n", ""));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_TRUE(r.d->xconnect_changed);
	EXPECT_EQ(r.d->n_ports_changed, 0u);

	/* Same ports, different pairs. */
	std::string text = Edit(kBase, "  - {name: x1, kind: tap}\n",
				"  - {name: x1, kind: tap}\n  - {name: x2, kind: tap}\n");
	r = DiffTo(Edit(text, "  - [x0, x1]\n", "  - [x0, x2]\n"), text);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_TRUE(r.d->xconnect_changed);
	EXPECT_EQ(r.d->n_ports_added + r.d->n_ports_removed + r.d->n_ports_changed, 0u);

	/* A re-created port keeps its pair: the set did not change. */
	r = DiffTo(Edit(kBase, "{name: x0, kind: tap}", "{name: x0, kind: tap, mtu: 2000}"));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_FALSE(r.d->xconnect_changed);
}

TEST(ConfigDiff, StaticMacs)
{
	/* Moved to another member port: one removed, one added. */
	Diff r = DiffTo(Edit(kBase, "port: p2}]}", "port: p1}]}"));
	ASSERT_EQ(r.rc, 0) << r.err;
	ASSERT_EQ(r.d->n_static_added, 1u);
	EXPECT_EQ(r.d->static_added[0], 0u);
	ASSERT_EQ(r.d->n_static_removed, 1u);
	EXPECT_EQ(r.d->static_removed[0], 0u);
	EXPECT_EQ(r.d->n_bridges_changed, 0u);

	/* One more entry before the old one: only it is added, at its new index. */
	r = DiffTo(Edit(kBase, "static_macs: [",
			"static_macs: [{mac: \"02:00:00:00:00:02\", "
			"port: p1}, "));
	ASSERT_EQ(r.rc, 0) << r.err;
	ASSERT_EQ(r.d->n_static_added, 1u);
	EXPECT_EQ(r.d->static_added[0], 0u);
	EXPECT_EQ(r.d->n_static_removed, 0u);

	/* Same MAC and port name, another bridge: removed and added. */
	std::string text =
	    Edit(kBase, ", static_macs: [{mac: \"02:00:00:00:00:01\", port: p2}]}", "}");
	text = Edit(text, "ports: [p0, v0]}",
		    "ports: [p0, v0, p2], static_macs: [{mac: \"02:00:00:00:00:01\", port: p2}]}");
	text = Edit(text, "{name: p2, kind: tap, vlan_mode: access, tag: 100}",
		    "{name: p2, kind: tap}");
	text = Edit(text, "ports: [p1, p2]", "ports: [p1]");
	r = DiffTo(text);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.d->n_static_added, 1u);
	EXPECT_EQ(r.d->n_static_removed, 1u);
}

TEST(ConfigDiff, LiveWorkerSettings)
{
	const struct {
		const char *from, *to;
		uint32_t mask;
	} cases[] = {
	    {"idle_sleep_us: 0", "idle_sleep_us: 100", VSW_WORKERS_CHG_IDLE_SLEEP},
	    {"burst: 32", "burst: 64", VSW_WORKERS_CHG_BURST},
	    {"burst: 32", "burst: 32\n  idle_threshold_us: 5", VSW_WORKERS_CHG_IDLE_THRESHOLD},
	    {"  idle_sleep_us: 0\n  burst: 32\n", "  idle_sleep_us: 10\n  burst: 8\n",
	     VSW_WORKERS_CHG_IDLE_SLEEP | VSW_WORKERS_CHG_BURST},
	};
	for (const auto &c : cases) {
		SCOPED_TRACE(c.to);
		Diff r = DiffTo(Edit(kBase, c.from, c.to));
		ASSERT_EQ(r.rc, 0) << r.err;
		EXPECT_EQ(r.d->workers, c.mask);
		EXPECT_FALSE(vsw_config_diff_empty(r.d.get()));
		EXPECT_EQ(r.d->n_ports_changed + r.d->n_bridges_changed, 0u);
	}
}

TEST(ConfigDiff, NatChangesAreLive)
{
	const std::string nat = Edit(kBase, "path: /tmp/v0.sock}",
				     "path: /tmp/v0.sock}\n  - {name: q0, kind: tap}\n"
				     "  - {name: q1, kind: tap}") +
				R"(router:
  interfaces:
    - {name: gw, port: q0, addresses: [172.16.100.1/24]}
    - {name: up, port: q1, addresses: [10.10.10.2/24]}
nat:
  inside: [gw]
  outside: [{interface: up}]
  forwards:
    - {proto: tcp, port: 8080, to: 172.16.100.5, to_port: 80}
)";
	const char *edits[][2] = {
	    {"to_port: 80", "to_port: 81"},
	    {"  forwards:\n    - {proto: tcp, port: 8080, to: 172.16.100.5, to_port: 80}\n",
	     "  floating_ips: [{address: 10.10.10.50, to: 172.16.100.5}]\n"},
	    {"outside: [{interface: up}]", "outside: [{interface: up, pool: [10.10.10.3]}]"},
	    {"inside: [gw]", "inside: [gw]\n  timeouts: {udp: 5}"},
	};
	Diff same = DiffTo(Edit(nat, "inside: [gw]", "inside:   [gw]"), nat);
	ASSERT_EQ(same.rc, 0) << same.err;
	EXPECT_TRUE(vsw_config_diff_empty(same.d.get())) << "moved in the file, not changed";
	for (const auto &e : edits) {
		SCOPED_TRACE(e[1]);
		Diff r = DiffTo(Edit(nat, e[0], e[1]), nat);
		ASSERT_EQ(r.rc, 0) << r.err;
		EXPECT_TRUE(r.d->nat_changed);
		EXPECT_FALSE(r.d->router_changed);
		EXPECT_FALSE(vsw_config_diff_empty(r.d.get()));
	}
}

TEST(ConfigDiff, RestartOnlyKeysAreRefused)
{
	/* The whole message, as docs/config.md shows it. */
	Diff r = DiffTo(Edit(kBase, "lcores: [1, 2]", "lcores: [1, 2, 3]"));
	EXPECT_EQ(r.err, "new.yaml:6:11: 'workers.lcores' changed from [1, 2] to [1, 2, 3]: it "
			 "needs a restart (it cannot be applied to a running vswd)");

	EXPECT_TRUE(NeedsRestart(Edit(kBase, "file_prefix: vsw", "file_prefix: other"), "2:16",
				 "eal.file_prefix"));
	EXPECT_TRUE(
	    NeedsRestart(Edit(kBase, "main_lcore: 0", "main_lcore: 3"), "3:15", "eal.main_lcore"));
	EXPECT_TRUE(NeedsRestart(Edit(kBase, "[\"--no-pci\"]", "[\"--no-pci\", \"-v\"]"), "4:9",
				 "eal.args"));
	EXPECT_TRUE(
	    NeedsRestart(Edit(kBase, "[\"--no-pci\"]", "[\"--no-huge\"]"), "4:9", "eal.args"));
	EXPECT_TRUE(NeedsRestart(Edit(kBase, "lcores: [1, 2]", "lcores: [1, 2, 3]"), "6:11",
				 "workers.lcores"));
	EXPECT_TRUE(NeedsRestart(Edit(kBase, "lcores: [1, 2]", "lcores: [2, 1]"), "6:11",
				 "workers.lcores"));
	EXPECT_TRUE(NeedsRestart(Edit(kBase, "mbufs: 0", "mbufs: 4096"), "9:10", "workers.mbufs"));
	EXPECT_TRUE(NeedsRestart(Edit(kBase, "size: 65536", "size: 1024"), "23:9", "fdb.size"));
	EXPECT_TRUE(NeedsRestart(std::string(kBase) + "metrics: {listen: \"127.0.0.1:9469\"}\n", "24:19",
				 "metrics.listen"));
	EXPECT_TRUE(NeedsRestart(std::string(kBase) + "runtime: {dir: /run/vsw-b}\n", "24:16",
				 "runtime.dir"));
	EXPECT_TRUE(NeedsRestart(std::string(kBase) + "runtime: {group: 0}\n", "24:18",
				 "runtime.group"));
}

TEST(ConfigDiff, LogLevelsApplyLive)
{
	Diff r = DiffTo(std::string(kBase) + "log: {level: debug, components: {l3: error}}\n");
	EXPECT_EQ(r.rc, 0) << r.err;
}

TEST(ConfigDiff, RestartKeyAbsentFromNewFile)
{
	/* The old file sets a value the new one drops: at its section, or at 1:1 without one. */
	const std::string old_text = Edit(kBase, "size: 65536", "size: 1024");
	auto o = Parse(old_text, "old.yaml");
	auto n = Parse(Edit(kBase, "fdb:\n  size: 65536\n", "fdb: {}\n"), "new.yaml");
	auto d = std::make_unique<struct vsw_config_diff>();
	char err[VSW_ERR_MAX];

	EXPECT_EQ(vsw_config_diff(o.get(), n.get(), d.get(), err), -ENOTSUP);
	EXPECT_EQ(std::string(err).rfind("new.yaml:22:6: 'fdb.size' changed from 1024 to 65536", 0),
		  0u)
	    << err;

	n = Parse(Edit(kBase, "fdb:\n  size: 65536\n", ""), "new.yaml");
	EXPECT_EQ(vsw_config_diff(o.get(), n.get(), d.get(), err), -ENOTSUP);
	EXPECT_EQ(std::string(err).rfind("new.yaml:1:1: 'fdb.size'", 0), 0u) << err;

	/* eal gone entirely, from a non-default prefix. */
	o = Parse(Edit(kBase, "file_prefix: vsw", "file_prefix: abc"), "old.yaml");
	n = Parse(Edit(kBase, "  file_prefix: vsw\n", ""), "new.yaml");
	EXPECT_EQ(vsw_config_diff(o.get(), n.get(), d.get(), err), -ENOTSUP);
	EXPECT_EQ(std::string(err).rfind("new.yaml:2:3: 'eal.file_prefix'", 0), 0u) << err;
}

TEST(ConfigDiff, NullArguments)
{
	auto c = Parse(kBase);
	auto d = std::make_unique<struct vsw_config_diff>();
	char err[VSW_ERR_MAX];

	EXPECT_EQ(vsw_config_diff(nullptr, c.get(), d.get(), err), -EINVAL);
	EXPECT_EQ(vsw_config_diff(c.get(), nullptr, d.get(), nullptr), -EINVAL);
	EXPECT_EQ(vsw_config_diff(c.get(), c.get(), nullptr, err), -EINVAL);
}
