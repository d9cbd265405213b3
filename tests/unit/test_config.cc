/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the config parser (config/vsw_config.c): every key, every default and every
 * kind of error, with the exact "file:line:column: " position of each error.
 */
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>
#include <fcntl.h>
#include <unistd.h>

#include "vsw_config.h"

namespace
{

struct Result {
	int rc;
	std::string err;
	std::unique_ptr<vsw_config> cfg;
};

Result
Parse(const std::string &text)
{
	Result r;
	char err[VSW_ERR_MAX];

	memset(err, 'x', sizeof(err));
	r.cfg = std::make_unique<vsw_config>();
	r.rc = vsw_config_parse("t.yaml", text.data(), text.size(), r.cfg.get(), err);
	r.err.assign(err, strnlen(err, sizeof(err)));
	EXPECT_LT(strnlen(err, sizeof(err)), sizeof(err)) << "error not NUL-terminated";
	return r;
}

/* The text is refused with -EINVAL, an error starting with @p where and containing @p what. */
::testing::AssertionResult
Fails(const std::string &text, const std::string &where, const std::string &what)
{
	Result r = Parse(text);

	if (r.rc != -EINVAL)
		return ::testing::AssertionFailure()
		       << "rc " << r.rc << " (expected -EINVAL), err '" << r.err << "'";
	if (r.err.rfind(where, 0) != 0)
		return ::testing::AssertionFailure()
		       << "err '" << r.err << "' does not start with '" << where << "'";
	if (r.err.find(what) == std::string::npos)
		return ::testing::AssertionFailure()
		       << "err '" << r.err << "' does not contain '" << what << "'";
	return ::testing::AssertionSuccess();
}

/* A valid config whose single port has the extra lines @p port_lines (from line 6 on). */
std::string
OneTap(const std::string &port_lines)
{
	return "workers:\n"
	       "  lcores: [1]\n"
	       "ports:\n"
	       "  - name: tap0\n"
	       "    kind: tap\n" +
	       port_lines;
}

/* A valid config whose single port is a trunk, with the extra lines @p lines (from line 7). */
std::string
OneTrunk(const std::string &lines)
{
	return OneTap("    vlan_mode: trunk\n" + lines);
}

/* The VLANs whose bit is set in a trunk bitmap, in increasing order. */
std::vector<unsigned>
Vlans(const uint8_t bitmap[VSW_VLAN_BITMAP_BYTES])
{
	std::vector<unsigned> v;

	for (unsigned vid = 0; vid < 4096; vid++)
		if (vsw_vlan_bit(bitmap, uint16_t(vid)))
			v.push_back(vid);
	return v;
}

const char kMinimal[] = R"(workers:
  lcores: [1]
ports:
  - name: tap0
    kind: tap
)";

} // namespace

/* ------------------------------------------------------------------------------------------
 * Accepted configs
 */

TEST(Config, FullConfigEveryKey)
{
	Result r = Parse(R"(eal:
  file_prefix: vsw-test_1
  main_lcore: 2
  args: ["--log-level=pmd.net.tap:error", "--no-pci"]
workers:
  lcores: [3, 5]
  idle_sleep_us: 100
  idle_threshold_us: 5000
  burst: 64
  mbufs: 8192
ports:
  - name: ring0
    kind: dpdk
    devargs: "net_ring0"
    mac: "02:00:00:00:00:01"
    rx_queues: 2
    rx_desc: 512
    tx_desc: 2048
    mtu: 9000
    rss: false
    rx_affinity: [5, 3]
  - name: vm0
    kind: vhost-user
    path: /tmp/vm0.sock
    mode: client
    rx_queues: 1
  - name: tap0
    kind: tap
    iface: vsw-tap0
    mac: 02:AB:cd:00:00:ff
    rss: yes
  - name: tap1
    kind: tap
xconnect:
  - [ring0, vm0]
  - [tap1, tap0]
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.err, "");
	const vsw_config &c = *r.cfg;

	EXPECT_STREQ(c.path, "t.yaml");
	EXPECT_STREQ(c.file_prefix, "vsw-test_1");
	EXPECT_EQ(c.main_lcore, 2);
	ASSERT_EQ(c.n_eal_args, 2u);
	EXPECT_STREQ(c.eal_args[0], "--log-level=pmd.net.tap:error");
	EXPECT_STREQ(c.eal_args[1], "--no-pci");

	ASSERT_EQ(c.n_workers, 2u);
	EXPECT_EQ(c.worker_lcores[0], 3);
	EXPECT_EQ(c.worker_lcores[1], 5);
	EXPECT_EQ(c.workers_mark.line, 6u);
	EXPECT_EQ(c.workers_mark.column, 11u);
	EXPECT_EQ(c.idle_sleep_us, 100u);
	EXPECT_EQ(c.idle_threshold_us, 5000u);
	EXPECT_EQ(c.burst, 64);
	EXPECT_EQ(c.mbufs, 8192u);

	ASSERT_EQ(c.n_ports, 4u);
	const vsw_port_conf &ring = c.ports[0];
	EXPECT_STREQ(ring.name, "ring0");
	EXPECT_EQ(ring.kind, VSW_PORT_DPDK);
	EXPECT_STREQ(ring.devargs, "net_ring0");
	EXPECT_STREQ(ring.iface, "");
	EXPECT_STREQ(ring.path, "");
	EXPECT_TRUE(ring.has_mac);
	const uint8_t mac0[6] = {0x02, 0, 0, 0, 0, 0x01};
	EXPECT_EQ(memcmp(ring.mac, mac0, 6), 0);
	EXPECT_EQ(ring.rx_queues, 2);
	EXPECT_EQ(ring.rx_desc, 512);
	EXPECT_EQ(ring.tx_desc, 2048);
	EXPECT_EQ(ring.mtu, 9000);
	EXPECT_FALSE(ring.rss);
	ASSERT_EQ(ring.n_rx_affinity, 2);
	EXPECT_EQ(ring.rx_affinity[0], 5);
	EXPECT_EQ(ring.rx_affinity[1], 3);
	EXPECT_EQ(ring.mark.line, 12u);
	EXPECT_EQ(ring.mark.column, 5u);
	EXPECT_EQ(ring.devargs_mark.line, 14u);
	EXPECT_EQ(ring.devargs_mark.column, 14u);
	EXPECT_EQ(ring.affinity_mark.line, 21u);
	EXPECT_EQ(ring.affinity_mark.column, 18u);
	EXPECT_EQ(ring.name_mark.line, 12u);
	EXPECT_EQ(ring.name_mark.column, 11u);
	EXPECT_EQ(ring.path_mark.line, 0u);

	const vsw_port_conf &vm = c.ports[1];
	EXPECT_STREQ(vm.name, "vm0");
	EXPECT_EQ(vm.kind, VSW_PORT_VHOST);
	EXPECT_STREQ(vm.path, "/tmp/vm0.sock");
	EXPECT_TRUE(vm.vhost_client);
	EXPECT_FALSE(vm.has_mac);
	EXPECT_EQ(vm.rx_queues, 1);
	EXPECT_EQ(vm.mark.line, 22u);
	EXPECT_EQ(vm.mark.column, 5u);
	EXPECT_EQ(vm.devargs_mark.line, 0u);
	EXPECT_EQ(vm.affinity_mark.line, 0u);
	EXPECT_EQ(vm.name_mark.line, 22u);
	EXPECT_EQ(vm.name_mark.column, 11u);
	EXPECT_EQ(vm.path_mark.line, 24u);
	EXPECT_EQ(vm.path_mark.column, 11u);

	const vsw_port_conf &tap = c.ports[2];
	EXPECT_STREQ(tap.name, "tap0");
	EXPECT_EQ(tap.kind, VSW_PORT_TAP);
	EXPECT_STREQ(tap.iface, "vsw-tap0");
	EXPECT_TRUE(tap.has_mac);
	const uint8_t mac2[6] = {0x02, 0xab, 0xcd, 0x00, 0x00, 0xff};
	EXPECT_EQ(memcmp(tap.mac, mac2, 6), 0);
	EXPECT_TRUE(tap.rss);

	EXPECT_STREQ(c.ports[3].iface, "tap1");

	ASSERT_EQ(c.n_xconnects, 2u);
	EXPECT_EQ(c.xconnects[0].a, 0);
	EXPECT_EQ(c.xconnects[0].b, 1);
	EXPECT_EQ(c.xconnects[0].mark.line, 35u);
	EXPECT_EQ(c.xconnects[0].mark.column, 5u);
	EXPECT_EQ(c.xconnects[1].a, 3);
	EXPECT_EQ(c.xconnects[1].b, 2);
	EXPECT_EQ(c.xconnects[1].mark.line, 36u);
}

TEST(Config, DefaultsForEveryOptionalKey)
{
	Result r = Parse(R"(workers:
  lcores: [1]
ports:
  - name: tap0
    kind: tap
  - name: vm0
    kind: vhost-user
    path: /run/vm0.sock
  - name: nic0
    kind: dpdk
    devargs: 0000:01:00.0
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_config &c = *r.cfg;

	EXPECT_STREQ(c.file_prefix, VSW_DEF_FILE_PREFIX);
	EXPECT_STREQ(c.file_prefix, "vsw");
	EXPECT_EQ(c.main_lcore, 0);
	EXPECT_EQ(c.n_eal_args, 0u);
	EXPECT_EQ(c.idle_sleep_us, 0u);
	EXPECT_EQ(c.idle_threshold_us, 1000u);
	EXPECT_EQ(c.burst, VSW_DEF_BURST);
	EXPECT_EQ(c.mbufs, 0u);
	EXPECT_EQ(c.n_xconnects, 0u);
	ASSERT_EQ(c.n_ports, 3u);
	for (unsigned int i = 0; i < c.n_ports; i++) {
		const vsw_port_conf &p = c.ports[i];

		SCOPED_TRACE(p.name);
		EXPECT_FALSE(p.has_mac);
		EXPECT_EQ(p.rx_queues, 1);
		EXPECT_EQ(p.rx_desc, VSW_DEF_RX_DESC);
		EXPECT_EQ(p.tx_desc, VSW_DEF_TX_DESC);
		EXPECT_EQ(p.mtu, 0);
		EXPECT_FALSE(p.rss);
		EXPECT_EQ(p.n_rx_affinity, 0);
		EXPECT_EQ(p.affinity_mark.line, 0u);
	}
	EXPECT_STREQ(c.ports[0].iface, "tap0");
	EXPECT_FALSE(c.ports[1].vhost_client);
	EXPECT_STREQ(c.ports[2].devargs, "0000:01:00.0");
	EXPECT_EQ(c.ports[2].devargs_mark.line, 11u);
	EXPECT_EQ(c.ports[2].devargs_mark.column, 14u);
}

TEST(Config, RssDefaultsOnWithSeveralQueues)
{
	Result r = Parse(OneTap("    rx_queues: 4\n"));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->ports[0].rx_queues, 4);
	EXPECT_TRUE(r.cfg->ports[0].rss);

	r = Parse(OneTap("    rx_queues: 4\n    rss: off\n"));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_FALSE(r.cfg->ports[0].rss);
}

TEST(Config, VhostModeServer)
{
	Result r = Parse(R"(workers: {lcores: [1]}
ports:
  - {name: vm0, kind: vhost-user, path: /tmp/a.sock, mode: server}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_FALSE(r.cfg->ports[0].vhost_client);
	EXPECT_EQ(r.cfg->ports[0].mark.line, 3u);
	EXPECT_EQ(r.cfg->ports[0].mark.column, 5u);
}

TEST(Config, BooleanSpellings)
{
	const struct {
		const char *text;
		bool value;
	} cases[] = {
	    {"true", true}, {"false", false}, {"yes", true},  {"no", false},
	    {"on", true},   {"off", false},   {"True", true}, {"NO", false},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.text);
		Result r = Parse(OneTap(std::string("    rss: ") + c.text + "\n"));
		ASSERT_EQ(r.rc, 0) << r.err;
		EXPECT_EQ(r.cfg->ports[0].rss, c.value);
	}
}

TEST(Config, IntegerBoundsAccepted)
{
	Result r = Parse(R"(eal:
  main_lcore: 127
workers:
  lcores: [0, 126]
  idle_sleep_us: 100000
  idle_threshold_us: 10000000
  burst: 256
  mbufs: 16777216
ports:
  - name: t
    kind: tap
    rx_queues: 16
    rx_desc: 64
    tx_desc: 32768
    mtu: 68
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->main_lcore, 127);
	EXPECT_EQ(r.cfg->worker_lcores[0], 0);
	EXPECT_EQ(r.cfg->idle_sleep_us, 100000u);
	EXPECT_EQ(r.cfg->idle_threshold_us, 10000000u);
	EXPECT_EQ(r.cfg->burst, 256);
	EXPECT_EQ(r.cfg->mbufs, 16777216u);
	EXPECT_EQ(r.cfg->ports[0].rx_queues, 16);
	EXPECT_EQ(r.cfg->ports[0].rx_desc, 64);
	EXPECT_EQ(r.cfg->ports[0].tx_desc, 32768);
	EXPECT_EQ(r.cfg->ports[0].mtu, 68);

	r = Parse(R"(workers: {lcores: [1], mbufs: 1024}
ports: [{name: t, kind: tap, mtu: 9600}]
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->mbufs, 1024u);
	EXPECT_EQ(r.cfg->ports[0].mtu, 9600);
}

TEST(Config, AnchorsAndAliases)
{
	Result r = Parse(R"(workers:
  lcores: &w [1, 2]
ports:
  - name: tap0
    kind: tap
    rx_queues: 2
    rx_affinity: *w
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->ports[0].n_rx_affinity, 2);
	EXPECT_EQ(r.cfg->ports[0].rx_affinity[1], 2);
}

TEST(Config, MaximumCounts)
{
	std::string text = "eal:\n  args:\n";
	for (int i = 0; i < VSW_MAX_EAL_ARGS; i++)
		text += "    - --a" + std::to_string(i) + "\n";
	text += "workers:\n  lcores: [";
	for (int i = 0; i < VSW_MAX_WORKERS; i++)
		text += (i ? ", " : "") + std::to_string(i + 1);
	text += "]\nports:\n";
	for (int i = 0; i < VSW_MAX_PORTS; i++)
		text += "  - {name: p" + std::to_string(i) + ", kind: tap}\n";
	text += "xconnect:\n";
	for (int i = 0; i < VSW_MAX_PORTS; i += 2)
		text += "  - [p" + std::to_string(i) + ", p" + std::to_string(i + 1) + "]\n";

	Result r = Parse(text);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_eal_args, unsigned(VSW_MAX_EAL_ARGS));
	EXPECT_EQ(r.cfg->n_workers, unsigned(VSW_MAX_WORKERS));
	EXPECT_EQ(r.cfg->n_ports, unsigned(VSW_MAX_PORTS));
	EXPECT_EQ(r.cfg->n_xconnects, unsigned(VSW_MAX_PORTS / 2));
	EXPECT_EQ(r.cfg->xconnects[15].a, 30);
	EXPECT_EQ(r.cfg->xconnects[15].b, 31);
}

TEST(Config, PortIndexAndKindName)
{
	Result r = Parse(R"(workers: {lcores: [1]}
ports:
  - {name: a, kind: tap}
  - {name: b, kind: tap}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(vsw_config_port_index(r.cfg.get(), "a"), 0);
	EXPECT_EQ(vsw_config_port_index(r.cfg.get(), "b"), 1);
	EXPECT_EQ(vsw_config_port_index(r.cfg.get(), "c"), -1);
	EXPECT_EQ(vsw_config_port_index(r.cfg.get(), ""), -1);

	EXPECT_STREQ(vsw_port_kind_name(VSW_PORT_DPDK), "dpdk");
	EXPECT_STREQ(vsw_port_kind_name(VSW_PORT_VHOST), "vhost-user");
	EXPECT_STREQ(vsw_port_kind_name(VSW_PORT_TAP), "tap");
}

TEST(Config, LoadFile)
{
	char path[] = "/tmp/vsw_config_test_XXXXXX";
	int fd = mkstemp(path);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(write(fd, kMinimal, strlen(kMinimal)), ssize_t(strlen(kMinimal)));
	close(fd);

	auto cfg = std::make_unique<vsw_config>();
	char err[VSW_ERR_MAX] = "junk";
	int rc = vsw_config_load(path, cfg.get(), err);
	EXPECT_EQ(rc, 0) << err;
	EXPECT_STREQ(err, "");
	EXPECT_STREQ(cfg->path, path);
	EXPECT_EQ(cfg->n_ports, 1u);
	EXPECT_STREQ(cfg->ports[0].name, "tap0");

	/* Errors in a loaded file name the file. */
	fd = open(path, O_WRONLY | O_TRUNC);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(write(fd, "workers: 1\nports: []\n", 20), 20);
	close(fd);
	rc = vsw_config_load(path, cfg.get(), err);
	EXPECT_EQ(rc, -EINVAL);
	EXPECT_EQ(std::string(err),
		  std::string(path) + ":1:10: expected a mapping for 'workers', got '1'");
	unlink(path);
}

TEST(Config, LoadMissingFile)
{
	auto cfg = std::make_unique<vsw_config>();
	char err[VSW_ERR_MAX];
	int rc = vsw_config_load("/nonexistent/vsw.yaml", cfg.get(), err);
	EXPECT_EQ(rc, -ENOENT);
	EXPECT_STREQ(err, "/nonexistent/vsw.yaml: No such file or directory");

	rc = vsw_config_load("/tmp", cfg.get(), err);
	EXPECT_EQ(rc, -EISDIR);
	EXPECT_STREQ(err, "/tmp: Is a directory");
}

TEST(Config, ApiEdgeCases)
{
	std::string name(5000, 'n');
	auto cfg = std::make_unique<vsw_config>();
	char err[VSW_ERR_MAX];
	int rc = vsw_config_parse(name.c_str(), kMinimal, strlen(kMinimal), cfg.get(), err);
	EXPECT_EQ(rc, -ENAMETOOLONG);
	EXPECT_LT(strlen(err), sizeof(err));

	/* err may be NULL. */
	EXPECT_EQ(vsw_config_parse("t.yaml", "x: 1\n", 5, cfg.get(), nullptr), -EINVAL);
	EXPECT_EQ(vsw_config_parse("t.yaml", kMinimal, strlen(kMinimal), cfg.get(), nullptr), 0);

	/* Only len bytes are read: the text need not be NUL-terminated. */
	const std::string text = std::string(kMinimal) + "garbage: [";
	EXPECT_EQ(vsw_config_parse("t.yaml", text.data(), strlen(kMinimal), cfg.get(), err), 0)
	    << err;
}

/* ------------------------------------------------------------------------------------------
 * Document-level errors
 */

TEST(Config, EmptyFile)
{
	EXPECT_TRUE(Fails("", "t.yaml:1:1: ", "empty config"));
	EXPECT_TRUE(Fails("# only a comment\n\n", "t.yaml:1:1: ", "empty config"));
}

TEST(Config, TopLevelNotMapping)
{
	EXPECT_TRUE(
	    Fails("- workers\n- ports\n", "t.yaml:1:1: ", "expected a mapping at top level"));
	EXPECT_TRUE(Fails("\n  hello\n", "t.yaml:2:3: ", "expected a mapping at top level"));
}

TEST(Config, YamlSyntaxUnclosedBracket)
{
	EXPECT_TRUE(Fails(R"(workers:
  lcores: [1, 2
ports: []
)",
			  "t.yaml:3:6: ", "did not find expected ',' or ']'"));
}

TEST(Config, YamlOtherSyntaxErrors)
{
	EXPECT_TRUE(Fails("workers:\n  lcores: [1]\n bad: 1\n",
			  "t.yaml:3:2: ", "did not find expected key"));
	EXPECT_TRUE(Fails("workers:\n  lcores: [1]\nports: \xc3\x28\n",
			  "t.yaml:3:9: ", "invalid trailing UTF-8 octet"));
}

TEST(Config, SecondDocument)
{
	EXPECT_TRUE(Fails(std::string(kMinimal) + "---\nworkers: {}\n",
			  "t.yaml:6:1: ", "expected a single YAML document"));
}

TEST(Config, UnknownTopLevelKey)
{
	EXPECT_TRUE(Fails(std::string(kMinimal) + "bridge: {}\n", "t.yaml:6:1: ",
			  "unknown key 'bridge' at top level (expected one of: eal, workers, "
			  "ports, xconnect, bridges, fdb)"));
}

TEST(Config, DuplicateTopLevelKey)
{
	EXPECT_TRUE(Fails(std::string(kMinimal) + "workers:\n  lcores: [2]\n", "t.yaml:6:1: ",
			  "duplicate key 'workers' at top level (first at line 1)"));
}

TEST(Config, MissingWorkersOrPorts)
{
	EXPECT_TRUE(Fails("ports:\n  - {name: t, kind: tap}\n",
			  "t.yaml:1:1: ", "missing required key 'workers'"));
	EXPECT_TRUE(Fails("eal: {}\nworkers: {lcores: [1]}\n",
			  "t.yaml:1:1: ", "missing required key 'ports'"));
}

TEST(Config, SectionNotMapping)
{
	EXPECT_TRUE(Fails("workers: [1]\nports: []\n",
			  "t.yaml:1:10: ", "expected a mapping for 'workers', got a sequence"));
	EXPECT_TRUE(Fails(std::string("eal: vsw\n") + kMinimal,
			  "t.yaml:1:6: ", "expected a mapping for 'eal', got 'vsw'"));
}

/* ------------------------------------------------------------------------------------------
 * eal
 */

TEST(Config, UnknownEalKey)
{
	EXPECT_TRUE(Fails(std::string("eal:\n  lcores: 1\n") + kMinimal, "t.yaml:2:3: ",
			  "unknown key 'lcores' in eal (expected one of: file_prefix, main_lcore, "
			  "args)"));
}

TEST(Config, FilePrefixInvalid)
{
	EXPECT_TRUE(Fails(std::string("eal:\n  file_prefix: a/b\n") + kMinimal,
			  "t.yaml:2:16: ", "invalid 'file_prefix' 'a/b'"));
	EXPECT_TRUE(Fails(std::string("eal:\n  file_prefix: ''\n") + kMinimal,
			  "t.yaml:2:16: ", "'file_prefix' must not be empty"));
	EXPECT_TRUE(
	    Fails(std::string("eal:\n  file_prefix: ") + std::string(64, 'a') + "\n" + kMinimal,
		  "t.yaml:2:16: ", "'file_prefix' is too long: 64 characters (max 63)"));
}

TEST(Config, MainLcoreOutOfRange)
{
	EXPECT_TRUE(Fails(std::string("eal:\n  main_lcore: 128\n") + kMinimal,
			  "t.yaml:2:15: ", "'main_lcore' must be in 0..127, got '128'"));
}

TEST(Config, EalArgsErrors)
{
	EXPECT_TRUE(Fails(std::string("eal:\n  args: --no-pci\n") + kMinimal, "t.yaml:2:9: ",
			  "expected a sequence of strings for 'args', got '--no-pci'"));
	EXPECT_TRUE(Fails(std::string("eal:\n  args: [a, [b]]\n") + kMinimal,
			  "t.yaml:2:13: ", "expected a string for 'args', got a sequence"));
	EXPECT_TRUE(Fails(std::string("eal:\n  args: [") + std::string(256, 'x') + "]\n" + kMinimal,
			  "t.yaml:2:10: ", "'args' is too long: 256 characters (max 255)"));

	std::string many = "eal:\n  args:\n";
	for (int i = 0; i <= VSW_MAX_EAL_ARGS; i++)
		many += "    - x\n";
	EXPECT_TRUE(
	    Fails(many + kMinimal, "t.yaml:35:7: ", "too many entries in 'args' (at most 32)"));
}

/* ------------------------------------------------------------------------------------------
 * workers
 */

TEST(Config, UnknownWorkersKey)
{
	EXPECT_TRUE(Fails("workers:\n  lcores: [1]\n  cores: 2\nports: []\n", "t.yaml:3:3: ",
			  "unknown key 'cores' in workers (expected one of: lcores, idle_sleep_us, "
			  "idle_threshold_us, burst, mbufs)"));
}

TEST(Config, MissingLcores)
{
	EXPECT_TRUE(Fails("workers:\n  burst: 32\nports: []\n",
			  "t.yaml:2:3: ", "missing required key 'lcores' in workers"));
}

TEST(Config, EmptyLcores)
{
	EXPECT_TRUE(Fails("workers:\n  lcores: []\nports: []\n",
			  "t.yaml:2:11: ", "expected a non-empty sequence of lcore numbers"));
}

TEST(Config, LcoresMappingWhereSequence)
{
	EXPECT_TRUE(Fails("workers:\n  lcores: {a: 1}\nports: []\n", "t.yaml:2:11: ",
			  "expected a sequence of lcore numbers for 'lcores', got a mapping"));
	EXPECT_TRUE(Fails("workers:\n  lcores: 1\nports: []\n", "t.yaml:2:11: ",
			  "expected a sequence of lcore numbers for 'lcores', got '1'"));
}

TEST(Config, LcoreOutOfRangeOrListedTwice)
{
	EXPECT_TRUE(Fails("workers:\n  lcores: [1, 128]\nports: []\n",
			  "t.yaml:2:15: ", "'lcores' must be in 0..127, got '128'"));
	EXPECT_TRUE(Fails("workers:\n  lcores: [1, 2, 1]\nports: []\n",
			  "t.yaml:2:18: ", "lcore 1 appears twice in 'lcores'"));
}

TEST(Config, TooManyLcores)
{
	EXPECT_TRUE(Fails(R"(workers:
  lcores: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
ports: []
)",
			  "t.yaml:2:67: ", "too many entries in 'lcores' (at most 16)"));
}

TEST(Config, WorkerIsMainLcore)
{
	EXPECT_TRUE(Fails(R"(workers:
  lcores: [1, 2]
ports:
  - {name: t, kind: tap}
eal:
  main_lcore: 2
)",
			  "t.yaml:2:15: ", "worker lcore 2 is also the main lcore"));
	/* main_lcore defaults to 0. */
	EXPECT_TRUE(Fails("workers:\n  lcores: [0]\nports: [{name: t, kind: tap}]\n",
			  "t.yaml:2:12: ", "worker lcore 0 is also the main lcore"));
}

TEST(Config, WorkerIntRanges)
{
	const struct {
		const char *line;
		const char *where;
		const char *what;
	} cases[] = {
	    {"  idle_sleep_us: 100001\n",
	     "t.yaml:3:18: ", "'idle_sleep_us' must be in 0..100000, got '100001'"},
	    {"  idle_threshold_us: 10000001\n",
	     "t.yaml:3:22: ", "'idle_threshold_us' must be in 0..10000000, got '10000001'"},
	    {"  burst: 0\n", "t.yaml:3:10: ", "'burst' must be in 1..256, got '0'"},
	    {"  burst: 257\n", "t.yaml:3:10: ", "'burst' must be in 1..256, got '257'"},
	    {"  mbufs: 1023\n",
	     "t.yaml:3:10: ", "'mbufs' must be 0 (auto) or in 1024..16777216, got '1023'"},
	    {"  mbufs: 16777217\n", "t.yaml:3:10: ", "'mbufs' must be in 0..16777216"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.line);
		EXPECT_TRUE(Fails(std::string("workers:\n  lcores: [1]\n") + c.line +
				      "ports: [{name: t, kind: tap}]\n",
				  c.where, c.what));
	}
}

/* ------------------------------------------------------------------------------------------
 * Integers and booleans
 */

TEST(Config, StringWhereInteger)
{
	EXPECT_TRUE(Fails(OneTap("    rx_queues: abc\n"),
			  "t.yaml:6:16: ", "expected an integer for 'rx_queues', got 'abc'"));
	EXPECT_TRUE(Fails(OneTap("    rx_queues: 0x10\n"),
			  "t.yaml:6:16: ", "expected an integer for 'rx_queues', got '0x10'"));
	EXPECT_TRUE(Fails(OneTap("    rx_queues: 1.5\n"),
			  "t.yaml:6:16: ", "expected an integer for 'rx_queues', got '1.5'"));
	EXPECT_TRUE(Fails(OneTap("    rx_queues:\n"),
			  "t.yaml:6:15: ", "expected an integer for 'rx_queues', got null"));
	EXPECT_TRUE(Fails(OneTap("    rx_queues: [1]\n"),
			  "t.yaml:6:16: ", "expected an integer for 'rx_queues', got a sequence"));
	EXPECT_TRUE(Fails(OneTap("    mtu: \"1500\"\n"), "t.yaml:6:10: ",
			  "expected an integer for 'mtu', got the quoted string '1500'"));
}

TEST(Config, IntegersAreUnsignedDecimal)
{
	EXPECT_TRUE(Fails(OneTap("    mtu: -1\n"),
			  "t.yaml:6:10: ", "'mtu' must be in 68..9600 (no sign), got '-1'"));
	EXPECT_TRUE(Fails(OneTap("    mtu: +1500\n"), "t.yaml:6:10: ", "(no sign)"));
	EXPECT_TRUE(Fails(OneTap("    rx_desc: 01024\n"), "t.yaml:6:14: ",
			  "expected a decimal integer without leading zeros for 'rx_desc'"));
	EXPECT_TRUE(Fails(OneTap("    mtu: 99999999999999999999999\n"), "t.yaml:6:10: ",
			  "'mtu' must be in 68..9600, got '99999999999999999999999'"));
}

TEST(Config, PortIntRanges)
{
	const struct {
		const char *line;
		const char *where;
		const char *what;
	} cases[] = {
	    {"    rx_queues: 0\n", "t.yaml:6:16: ", "'rx_queues' must be in 1..16, got '0'"},
	    {"    rx_queues: 17\n", "t.yaml:6:16: ", "'rx_queues' must be in 1..16, got '17'"},
	    {"    rx_desc: 32\n", "t.yaml:6:14: ", "'rx_desc' must be in 64..32768, got '32'"},
	    {"    tx_desc: 65536\n",
	     "t.yaml:6:14: ", "'tx_desc' must be in 64..32768, got '65536'"},
	    {"    rx_desc: 1000\n",
	     "t.yaml:6:14: ", "'rx_desc' must be a power of two in 64..32768, got '1000'"},
	    {"    tx_desc: 96\n",
	     "t.yaml:6:14: ", "'tx_desc' must be a power of two in 64..32768, got '96'"},
	    {"    mtu: 67\n", "t.yaml:6:10: ", "'mtu' must be in 68..9600, got '67'"},
	    {"    mtu: 9601\n", "t.yaml:6:10: ", "'mtu' must be in 68..9600, got '9601'"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.line);
		EXPECT_TRUE(Fails(OneTap(c.line), c.where, c.what));
	}
}

TEST(Config, BadBool)
{
	EXPECT_TRUE(
	    Fails(OneTap("    rss: maybe\n"), "t.yaml:6:10: ",
		  "expected a boolean (true/false, yes/no, on/off) for 'rss', got 'maybe'"));
	EXPECT_TRUE(Fails(OneTap("    rss: 1\n"), "t.yaml:6:10: ",
			  "expected a boolean (true/false, yes/no, on/off) for 'rss', got '1'"));
	EXPECT_TRUE(Fails(OneTap("    rss: 'true'\n"),
			  "t.yaml:6:10: ", "for 'rss', got the quoted string 'true'"));
}

/* ------------------------------------------------------------------------------------------
 * ports
 */

TEST(Config, UnknownPortKey)
{
	EXPECT_TRUE(Fails(OneTap("    queues: 2\n"), "t.yaml:6:5: ",
			  "unknown key 'queues' in port (expected one of: name, kind, devargs, "
			  "iface, path, mode, mac, rx_queues, rx_desc, tx_desc, mtu, rss, "
			  "rx_affinity, vlan_mode, tag, trunks, native_vlan, native_tagged, tpid, "
			  "mac_limit)"));
}

TEST(Config, DuplicatePortKey)
{
	EXPECT_TRUE(Fails(OneTap("    mtu: 1500\n    mtu: 9000\n"),
			  "t.yaml:7:5: ", "duplicate key 'mtu' in port (first at line 6)"));
}

TEST(Config, NonScalarKey)
{
	EXPECT_TRUE(Fails(OneTap("    [a]: 1\n"),
			  "t.yaml:6:5: ", "expected a key name in port, got a sequence"));
}

TEST(Config, PortsNotANonEmptySequence)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  tap0: {kind: tap}\n", "t.yaml:3:3: ",
			  "expected a sequence of ports for 'ports', got a mapping"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports: []\n",
			  "t.yaml:2:8: ", "expected a non-empty sequence of ports"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - tap0\n",
			  "t.yaml:3:5: ", "expected a mapping for a port, got 'tap0'"));
	std::string text = "workers: {lcores: [1]}\nports:\n";
	for (int i = 0; i <= VSW_MAX_PORTS; i++)
		text += "  - {name: p" + std::to_string(i) + ", kind: tap}\n";
	EXPECT_TRUE(Fails(text, "t.yaml:35:5: ", "too many ports (at most 32)"));
}

TEST(Config, MissingNameOrKind)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - kind: tap\n",
			  "t.yaml:3:5: ", "missing required key 'name' in port"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - name: x\n    mtu: 1500\n",
			  "t.yaml:3:5: ", "missing required key 'kind' in port 'x'"));
}

TEST(Config, BadKind)
{
	EXPECT_TRUE(Fails(
	    "workers: {lcores: [1]}\nports:\n  - name: x\n    kind: vhost\n",
	    "t.yaml:4:11: ", "expected one of dpdk, vhost-user, tap for 'kind', got 'vhost'"));
}

TEST(Config, NameTooLong)
{
	std::string name(32, 'a');
	EXPECT_TRUE(
	    Fails("workers: {lcores: [1]}\nports:\n  - name: " + name + "\n    kind: dpdk\n",
		  "t.yaml:3:11: ", "'name' is too long: 32 characters (max 31)"));
	/* 31 is fine. */
	Result r = Parse("workers: {lcores: [1]}\nports:\n  - name: " + name.substr(1) +
			 "\n    kind: dpdk\n    devargs: net_null0\n");
	EXPECT_EQ(r.rc, 0) << r.err;
}

TEST(Config, NameInvalidCharacters)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - {name: 0tap, kind: tap}\n",
			  "t.yaml:3:12: ",
			  "invalid port name '0tap' (expected 1..31 characters "
			  "[A-Za-z0-9_.-] starting with a letter)"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - {name: 'tap 0', kind: tap}\n",
			  "t.yaml:3:12: ", "invalid port name 'tap 0'"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - {name: ~, kind: tap}\n",
			  "t.yaml:3:12: ", "expected a string for 'name', got null"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - {name: \"t\\0x\", kind: tap}\n",
			  "t.yaml:3:12: ", "'name' must not contain a NUL character"));
}

TEST(Config, DuplicatePortName)
{
	EXPECT_TRUE(Fails(R"(workers:
  lcores: [1]
ports:
  - name: tap0
    kind: tap
    iface: a
  - kind: tap
    name: tap0
    iface: b
)",
			  "t.yaml:8:11: ", "duplicate port name 'tap0' (first defined at line 4)"));
}

TEST(Config, KeyForWrongKind)
{
	EXPECT_TRUE(Fails(OneTap("    devargs: net_ring0\n"),
			  "t.yaml:6:5: ", "'devargs' is only valid for kind 'dpdk'"));
	EXPECT_TRUE(Fails(OneTap("    path: /tmp/x.sock\n"),
			  "t.yaml:6:5: ", "'path' is only valid for kind 'vhost-user'"));
	EXPECT_TRUE(Fails(OneTap("    mode: client\n"),
			  "t.yaml:6:5: ", "'mode' is only valid for kind 'vhost-user'"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n"
			  "  - {name: n, kind: dpdk, devargs: x, iface: eth0}\n",
			  "t.yaml:3:39: ", "'iface' is only valid for kind 'tap'"));
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n"
			  "  - name: vm0\n    kind: vhost-user\n    path: /a\n"
			  "    mac: 02:00:00:00:00:01\n",
			  "t.yaml:6:5: ", "'mac' is only valid for kinds 'dpdk' and 'tap'"));
}

TEST(Config, MissingDevargs)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - name: nic0\n    kind: dpdk\n",
			  "t.yaml:3:5: ", "missing required key 'devargs' for kind 'dpdk'"));
}

TEST(Config, MissingVhostPath)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - name: vm0\n    kind: vhost-user\n",
			  "t.yaml:3:5: ", "missing required key 'path' for kind 'vhost-user'"));
}

TEST(Config, DevargsInvalid)
{
	const std::string head = "workers: {lcores: [1]}\nports:\n  - name: nic0\n    kind: dpdk\n";
	EXPECT_TRUE(Fails(head + "    devargs: \"net_ring0, x\"\n",
			  "t.yaml:5:14: ", "'devargs' must not contain whitespace"));
	EXPECT_TRUE(Fails(head + "    devargs: " + std::string(256, 'd') + "\n",
			  "t.yaml:5:14: ", "'devargs' is too long: 256 characters (max 255)"));
	EXPECT_TRUE(
	    Fails(head + "    devargs: \"\"\n", "t.yaml:5:14: ", "'devargs' must not be empty"));
}

TEST(Config, RelativeVhostPath)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n"
			  "  - name: vm0\n    kind: vhost-user\n    path: run/vm0.sock\n",
			  "t.yaml:5:11: ", "'path' must be an absolute path, got 'run/vm0.sock'"));
}

TEST(Config, VhostPathTooLong)
{
	std::string path = "/" + std::string(107, 'p');
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n"
			  "  - name: vm0\n    kind: vhost-user\n    path: " +
			      path + "\n",
			  "t.yaml:5:11: ", "'path' is too long: 108 characters (max 107)"));
}

TEST(Config, BadVhostMode)
{
	EXPECT_TRUE(
	    Fails("workers: {lcores: [1]}\nports:\n"
		  "  - {name: vm0, kind: vhost-user, path: /a, mode: listen}\n",
		  "t.yaml:3:51: ", "expected 'server' or 'client' for 'mode', got 'listen'"));
}

TEST(Config, IfaceInvalid)
{
	EXPECT_TRUE(Fails(OneTap("    iface: vsw-tap-0123456789\n"),
			  "t.yaml:6:12: ", "'iface' is too long: 18 characters (max 15)"));
	EXPECT_TRUE(Fails(OneTap("    iface: a/b\n"),
			  "t.yaml:6:12: ", "invalid interface name 'a/b' for 'iface'"));
	EXPECT_TRUE(Fails(OneTap("    iface: 'a b'\n"),
			  "t.yaml:6:12: ", "invalid interface name 'a b' for 'iface'"));
	EXPECT_TRUE(Fails(OneTap("    iface: ..\n"),
			  "t.yaml:6:12: ", "invalid interface name '..' for 'iface'"));
}

TEST(Config, DefaultIfaceTooLong)
{
	EXPECT_TRUE(Fails("workers: {lcores: [1]}\nports:\n  - name: a-very-long-tap-name\n"
			  "    kind: tap\n",
			  "t.yaml:3:11: ",
			  "too long for a tap interface name (max 15 characters); set "
			  "'iface'"));
}

TEST(Config, BadMac)
{
	EXPECT_TRUE(Fails(OneTap("    mac: 02:00:00:00:00\n"),
			  "t.yaml:6:10: ", "expected a MAC address like 02:00:00:00:00:01"));
	EXPECT_TRUE(Fails(OneTap("    mac: 02-00-00-00-00-01\n"),
			  "t.yaml:6:10: ", "for 'mac', got '02-00-00-00-00-01'"));
	EXPECT_TRUE(Fails(OneTap("    mac: 02:00:00:00:00:0g\n"),
			  "t.yaml:6:10: ", "expected a MAC address"));
	EXPECT_TRUE(Fails(OneTap("    mac: [2, 0, 0, 0, 0, 1]\n"), "t.yaml:6:10: ",
			  "expected a MAC address like 02:00:00:00:00:01 (six hex octets separated "
			  "by ':') for 'mac', got a sequence"));
}

TEST(Config, MulticastOrZeroMac)
{
	EXPECT_TRUE(Fails(OneTap("    mac: \"03:00:00:00:00:01\"\n"),
			  "t.yaml:6:10: ", "'mac' '03:00:00:00:00:01' is a multicast address"));
	EXPECT_TRUE(Fails(OneTap("    mac: ff:ff:ff:ff:ff:ff\n"),
			  "t.yaml:6:10: ", "is a multicast address"));
	EXPECT_TRUE(Fails(OneTap("    mac: 00:00:00:00:00:00\n"),
			  "t.yaml:6:10: ", "'mac' must not be all zeros"));
}

/* ------------------------------------------------------------------------------------------
 * rx_affinity
 */

TEST(Config, RxAffinityNotAWorker)
{
	EXPECT_TRUE(
	    Fails(R"(workers:
  lcores: [1, 2]
ports:
  - name: tap0
    kind: tap
    rx_queues: 2
    rx_affinity: [2, 3]
)",
		  "t.yaml:7:22: ", "lcore 3 in 'rx_affinity' is not one of workers.lcores"));
}

TEST(Config, RxAffinityLengthMismatch)
{
	EXPECT_TRUE(
	    Fails(R"(workers:
  lcores: [1, 2]
ports:
  - name: tap0
    kind: tap
    rx_queues: 2
    rx_affinity: [1]
)",
		  "t.yaml:7:18: ", "'rx_affinity' has 1 entries but port 'tap0' has 2 rx_queues"));
	/* The default is one rx queue. */
	EXPECT_TRUE(Fails(OneTap("    rx_affinity: [1, 1]\n"),
			  "t.yaml:6:18: ", "has 2 entries but port 'tap0' has 1 rx_queues"));
}

TEST(Config, RxAffinityWrongType)
{
	EXPECT_TRUE(Fails(OneTap("    rx_affinity: 1\n"), "t.yaml:6:18: ",
			  "expected a sequence of lcore numbers for 'rx_affinity', got '1'"));
	EXPECT_TRUE(Fails(OneTap("    rx_affinity: [x]\n"),
			  "t.yaml:6:19: ", "expected an integer for 'rx_affinity', got 'x'"));
}

/* ------------------------------------------------------------------------------------------
 * xconnect
 */

const char kTwoTaps[] = R"(workers:
  lcores: [1]
ports:
  - {name: tap0, kind: tap}
  - {name: tap1, kind: tap}
  - {name: tap2, kind: tap}
xconnect:
)";

TEST(Config, XconnectUnknownPort)
{
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - [tap0, tapX]\n",
			  "t.yaml:8:12: ", "unknown port 'tapX' in xconnect"));
}

TEST(Config, XconnectSelf)
{
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - [tap1, tap1]\n",
			  "t.yaml:8:12: ", "port 'tap1' is cross-connected to itself"));
}

TEST(Config, XconnectPortInTwoPairs)
{
	EXPECT_TRUE(Fails(
	    std::string(kTwoTaps) + "  - [tap0, tap1]\n  - [tap2, tap0]\n",
	    "t.yaml:9:12: ", "port 'tap0' is in more than one xconnect pair (first at line 8)"));
}

TEST(Config, XconnectNotAPair)
{
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - [tap0]\n", "t.yaml:8:5: ",
			  "expected exactly two port names in an xconnect pair, got 1"));
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - [tap0, tap1, tap2]\n", "t.yaml:8:5: ",
			  "expected exactly two port names in an xconnect pair, got 3"));
}

TEST(Config, XconnectWrongTypes)
{
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  tap0: tap1\n", "t.yaml:8:3: ",
			  "expected a sequence of port pairs for 'xconnect', got a mapping"));
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - tap0\n", "t.yaml:8:5: ",
			  "expected a pair of port names like [a, b] in 'xconnect', got 'tap0'"));
	EXPECT_TRUE(Fails(std::string(kTwoTaps) + "  - [tap0, [tap1]]\n",
			  "t.yaml:8:12: ", "expected a port name in 'xconnect', got a sequence"));
}

/* ------------------------------------------------------------------------------------------
 * Other cross checks
 */

TEST(Config, DuplicateVhostPath)
{
	EXPECT_TRUE(Fails(R"(workers: {lcores: [1]}
ports:
  - name: vm0
    kind: vhost-user
    path: /tmp/vm.sock
  - name: vm1
    kind: vhost-user
    path: /tmp/vm.sock
)",
			  "t.yaml:8:11: ",
			  "vhost-user path '/tmp/vm.sock' is already used by port 'vm0' (line 5)"));
}

TEST(Config, DuplicateTapIface)
{
	EXPECT_TRUE(
	    Fails(R"(workers: {lcores: [1]}
ports:
  - name: tap0
    kind: tap
    iface: vsw0
  - name: tap1
    kind: tap
    iface: vsw0
)",
		  "t.yaml:8:12: ", "tap interface 'vsw0' is already used by port 'tap0' (line 5)"));
	/* A defaulted iface is reported at the name it came from. */
	EXPECT_TRUE(Fails(R"(workers: {lcores: [1]}
ports:
  - name: tap0
    kind: tap
    iface: tap1
  - name: tap1
    kind: tap
)",
			  "t.yaml:6:11: ", "tap interface 'tap1' is already used by port 'tap0'"));
}

TEST(Config, CrossChecksRunInOrder)
{
	/* Duplicate names are reported before xconnect errors, which come before affinity. */
	const std::string text = R"(workers: {lcores: [1]}
ports:
  - {name: a, kind: tap, iface: x, rx_affinity: [5]}
  - {name: a, kind: tap, iface: y}
xconnect:
  - [a, zz]
)";
	EXPECT_TRUE(Fails(text, "t.yaml:4:12: ", "duplicate port name 'a'"));
	EXPECT_TRUE(Fails(R"(workers: {lcores: [1]}
ports:
  - {name: a, kind: tap, rx_affinity: [5]}
xconnect:
  - [a, zz]
)",
			  "t.yaml:5:9: ", "unknown port 'zz' in xconnect"));
}

TEST(Config, LongValuesAreCutInMessages)
{
	std::string key(300, 'k');
	Result r = Parse(std::string(kMinimal) + key + ": 1\n");
	EXPECT_EQ(r.rc, -EINVAL);
	EXPECT_EQ(r.err.rfind("t.yaml:6:1: unknown key 'kkkk", 0), 0u) << r.err;
	EXPECT_NE(r.err.find("...' at top level"), std::string::npos) << r.err;
}

/* ------------------------------------------------------------------------------------------
 * L2: port VLAN keys, bridges, static MACs, fdb
 */

TEST(Config, L2FullExample)
{
	Result r = Parse(R"(workers:
  lcores: [1]
ports:
  - name: trunk0
    kind: dpdk
    devargs: net_ring0
    vlan_mode: trunk
    trunks: [100, "200-202"]
    native_vlan: 100
    native_tagged: true
    tpid: 0x88a8
    mac_limit: 1000
  - name: vm1
    kind: vhost-user
    path: /tmp/vm1.sock
    vlan_mode: access
    tag: 100
    mac_limit: 16777216
  - name: cust0
    kind: tap
    vlan_mode: dot1q-tunnel
    tag: 300
  - name: trunk1
    kind: tap
    vlan_mode: trunk
    trunks: "300-310,400"
    native_vlan: 1
  - name: flat0
    kind: tap
  - name: flat1
    kind: tap
bridges:
  - name: v100
    vlan: 100
    ports: [trunk0, vm1]
    aging_s: 0
    flood_unknown: false
    mac_limit: 1
    static_macs:
      - {mac: "02:00:00:00:01:01", port: vm1}
      - mac: 02:00:00:00:01:02
        port: trunk0
  - name: s300
    vlan: 300
    ports: [cust0, trunk1]
    static_macs:
      - {mac: "02:00:00:00:01:01", port: cust0}
  - name: flat
    ports: [flat1, flat0]
fdb:
  size: 1024
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_config &c = *r.cfg;
	ASSERT_EQ(c.n_ports, 6u);

	const vsw_port_conf &t0 = c.ports[0];
	EXPECT_EQ(t0.vlan_mode, VSW_VLAN_TRUNK);
	EXPECT_EQ(t0.tag, 0);
	/* The native VLAN is already in trunks: counted once. */
	EXPECT_EQ(Vlans(t0.trunks), (std::vector<unsigned>{100, 200, 201, 202}));
	EXPECT_EQ(t0.n_trunks, 4);
	EXPECT_EQ(t0.native_vlan, 100);
	EXPECT_TRUE(vsw_vlan_bit(t0.trunks, 100));
	EXPECT_TRUE(t0.native_tagged);
	EXPECT_EQ(t0.tpid, 0x88a8);
	EXPECT_EQ(t0.mac_limit, 1000u);
	EXPECT_EQ(t0.vlan_mark.line, 7u);
	EXPECT_EQ(t0.vlan_mark.column, 16u);
	EXPECT_EQ(t0.name_mark.line, 4u);
	EXPECT_EQ(t0.name_mark.column, 11u);
	EXPECT_EQ(t0.path_mark.line, 0u);

	const vsw_port_conf &vm = c.ports[1];
	EXPECT_EQ(vm.vlan_mode, VSW_VLAN_ACCESS);
	EXPECT_EQ(vm.tag, 100);
	EXPECT_EQ(vm.n_trunks, 0);
	EXPECT_EQ(Vlans(vm.trunks), std::vector<unsigned>{});
	EXPECT_EQ(vm.native_vlan, 0);
	EXPECT_FALSE(vm.native_tagged);
	EXPECT_EQ(vm.tpid, VSW_DEF_TPID);
	EXPECT_EQ(vm.mac_limit, 16777216u);
	EXPECT_EQ(vm.vlan_mark.line, 16u);
	EXPECT_EQ(vm.vlan_mark.column, 16u);
	EXPECT_EQ(vm.name_mark.line, 13u);
	EXPECT_EQ(vm.path_mark.line, 15u);
	EXPECT_EQ(vm.path_mark.column, 11u);

	const vsw_port_conf &cust = c.ports[2];
	EXPECT_EQ(cust.vlan_mode, VSW_VLAN_DOT1Q_TUNNEL);
	EXPECT_EQ(cust.tag, 300);
	EXPECT_EQ(cust.n_trunks, 0);
	EXPECT_EQ(cust.mac_limit, 0u);
	EXPECT_EQ(cust.vlan_mark.line, 21u);

	/* A native VLAN outside trunks is added to the bitmap and to the count. */
	const vsw_port_conf &t1 = c.ports[3];
	EXPECT_EQ(t1.vlan_mode, VSW_VLAN_TRUNK);
	std::vector<unsigned> want = {1};
	for (unsigned v = 300; v <= 310; v++)
		want.push_back(v);
	want.push_back(400);
	EXPECT_EQ(Vlans(t1.trunks), want);
	EXPECT_EQ(t1.n_trunks, 13);
	EXPECT_EQ(t1.native_vlan, 1);
	EXPECT_FALSE(t1.native_tagged);
	EXPECT_EQ(t1.tpid, 0x8100);

	EXPECT_EQ(c.ports[4].vlan_mode, VSW_VLAN_NONE);
	EXPECT_EQ(c.ports[4].vlan_mark.line, 28u); /* No vlan_mode: the port mapping. */
	EXPECT_EQ(c.ports[4].vlan_mark.column, 5u);

	ASSERT_EQ(c.n_bridges, 3u);
	const vsw_bridge_conf &b0 = c.bridges[0];
	EXPECT_STREQ(b0.name, "v100");
	EXPECT_EQ(b0.vlan, 100);
	ASSERT_EQ(b0.n_ports, 2);
	EXPECT_EQ(b0.ports[0], 0);
	EXPECT_EQ(b0.ports[1], 1);
	EXPECT_EQ(b0.aging_s, 0u);
	EXPECT_FALSE(b0.flood_unknown);
	EXPECT_EQ(b0.mac_limit, 1u); /* Below its two static entries: fine. */
	EXPECT_EQ(b0.mark.line, 33u);
	EXPECT_EQ(b0.mark.column, 5u);

	const vsw_bridge_conf &b1 = c.bridges[1];
	EXPECT_STREQ(b1.name, "s300");
	EXPECT_EQ(b1.vlan, 300);
	ASSERT_EQ(b1.n_ports, 2);
	EXPECT_EQ(b1.ports[0], 2);
	EXPECT_EQ(b1.ports[1], 3);
	EXPECT_EQ(b1.aging_s, unsigned(VSW_DEF_AGING_S));
	EXPECT_TRUE(b1.flood_unknown);
	EXPECT_EQ(b1.mac_limit, 0u);
	EXPECT_EQ(b1.mark.line, 43u);

	const vsw_bridge_conf &b2 = c.bridges[2];
	EXPECT_STREQ(b2.name, "flat");
	EXPECT_EQ(b2.vlan, 0);
	ASSERT_EQ(b2.n_ports, 2);
	EXPECT_EQ(b2.ports[0], 5);
	EXPECT_EQ(b2.ports[1], 4);

	/* The same MAC in two bridges is fine: they are separate learning domains. */
	ASSERT_EQ(c.n_static_macs, 3u);
	const uint8_t m1[6] = {0x02, 0, 0, 0, 0x01, 0x01}, m2[6] = {0x02, 0, 0, 0, 0x01, 0x02};
	EXPECT_EQ(c.static_macs[0].bridge, 0);
	EXPECT_EQ(c.static_macs[0].port, 1);
	EXPECT_EQ(memcmp(c.static_macs[0].mac, m1, 6), 0);
	EXPECT_EQ(c.static_macs[0].mark.line, 40u);
	EXPECT_EQ(c.static_macs[0].mark.column, 9u);
	EXPECT_EQ(c.static_macs[1].bridge, 0);
	EXPECT_EQ(c.static_macs[1].port, 0);
	EXPECT_EQ(memcmp(c.static_macs[1].mac, m2, 6), 0);
	EXPECT_EQ(c.static_macs[1].mark.line, 41u);
	EXPECT_EQ(c.static_macs[2].bridge, 1);
	EXPECT_EQ(c.static_macs[2].port, 2);
	EXPECT_EQ(memcmp(c.static_macs[2].mac, m1, 6), 0);

	EXPECT_EQ(c.fdb_size, 1024u);
}

TEST(Config, L2Defaults)
{
	Result r = Parse(R"(workers: {lcores: [1]}
ports:
  - {name: p0, kind: tap}
  - {name: p1, kind: tap, vlan_mode: trunk, trunks: [7]}
  - {name: p2, kind: tap}
bridges:
  - {name: b0, ports: [p0, p2]}
fdb: {}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_config &c = *r.cfg;

	const vsw_port_conf &p0 = c.ports[0];
	EXPECT_EQ(p0.vlan_mode, VSW_VLAN_NONE);
	EXPECT_EQ(p0.tag, 0);
	EXPECT_EQ(Vlans(p0.trunks), std::vector<unsigned>{});
	EXPECT_EQ(p0.n_trunks, 0);
	EXPECT_EQ(p0.native_vlan, 0);
	EXPECT_FALSE(p0.native_tagged);
	EXPECT_EQ(p0.tpid, VSW_DEF_TPID);
	EXPECT_EQ(p0.mac_limit, 0u);
	EXPECT_EQ(p0.vlan_mark.line, p0.mark.line);
	EXPECT_EQ(p0.vlan_mark.column, p0.mark.column);
	EXPECT_EQ(p0.name_mark.line, 3u);
	EXPECT_EQ(p0.name_mark.column, 12u);

	/* Trunk defaults: no native VLAN (bit 0 stays clear), untagged native, 0x8100. */
	const vsw_port_conf &p1 = c.ports[1];
	EXPECT_EQ(p1.vlan_mode, VSW_VLAN_TRUNK);
	EXPECT_EQ(Vlans(p1.trunks), std::vector<unsigned>{7});
	EXPECT_EQ(p1.n_trunks, 1);
	EXPECT_EQ(p1.native_vlan, 0);
	EXPECT_FALSE(p1.native_tagged);
	EXPECT_EQ(p1.tpid, 0x8100);
	EXPECT_EQ(p1.vlan_mark.line, 4u);
	EXPECT_EQ(p1.vlan_mark.column, 38u);

	ASSERT_EQ(c.n_bridges, 1u);
	const vsw_bridge_conf &b = c.bridges[0];
	EXPECT_EQ(b.vlan, 0);
	EXPECT_EQ(b.aging_s, unsigned(VSW_DEF_AGING_S));
	EXPECT_EQ(b.aging_s, 300u);
	EXPECT_TRUE(b.flood_unknown);
	EXPECT_EQ(b.mac_limit, 0u);
	EXPECT_EQ(c.n_static_macs, 0u);
	EXPECT_EQ(c.fdb_size, unsigned(VSW_DEF_FDB_SIZE));

	/* No L2 sections at all. */
	r = Parse(kMinimal);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_bridges, 0u);
	EXPECT_EQ(r.cfg->n_static_macs, 0u);
	EXPECT_EQ(r.cfg->fdb_size, 65536u);
	EXPECT_EQ(r.cfg->ports[0].tpid, 0x8100);

	/* An empty bridges sequence is allowed. */
	r = Parse(std::string(kMinimal) + "bridges: []\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_bridges, 0u);
}

TEST(Config, TrunkListForms)
{
	const struct {
		const char *value;
		std::vector<unsigned> first; /* The lowest VLANs set (up to 4). */
		unsigned count;
	} cases[] = {
	    {"\"100-199,300\"", {100, 101, 102, 103}, 101},
	    {"100-199,300", {100, 101, 102, 103}, 101},
	    {"100", {100}, 1},
	    {"[1, 4094]", {1, 4094}, 2},
	    {"[\"10-20\", \"15-25\", 12]", {10, 11, 12, 13}, 16},
	    {"[\" 5 - 7 , 9 \"]", {5, 6, 7, 9}, 4},
	    {"['7']", {7}, 1},
	    {"[\"4094-4094\"]", {4094}, 1},
	    {"[\"1-4094\"]", {1, 2, 3, 4}, 4094},
	    {"\n      - 300\n      - \"301-302\"\n", {300, 301, 302}, 3},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.value);
		Result r = Parse(OneTrunk(std::string("    trunks: ") + c.value + "\n"));
		ASSERT_EQ(r.rc, 0) << r.err;
		std::vector<unsigned> got = Vlans(r.cfg->ports[0].trunks);
		EXPECT_EQ(r.cfg->ports[0].n_trunks, c.count);
		EXPECT_EQ(got.size(), c.count);
		got.resize(std::min<size_t>(got.size(), 4));
		EXPECT_EQ(got, c.first);
	}
	/* 300-302 and 4094 above: the last element of a list counts too. */
	Result r = Parse(OneTrunk("    trunks: \"100-199,300\"\n"));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_TRUE(vsw_vlan_bit(r.cfg->ports[0].trunks, 199));
	EXPECT_FALSE(vsw_vlan_bit(r.cfg->ports[0].trunks, 200));
	EXPECT_TRUE(vsw_vlan_bit(r.cfg->ports[0].trunks, 300));
	EXPECT_FALSE(vsw_vlan_bit(r.cfg->ports[0].trunks, 0));
}

TEST(Config, TpidSpellings)
{
	const struct {
		const char *value;
		uint16_t tpid;
	} cases[] = {
	    {"0x8100", 0x8100},	    {"0x88a8", 0x88a8},	  {"0x88A8", 0x88a8}, {"0X88a8", 0x88a8},
	    {"\"0x88a8\"", 0x88a8}, {"'0x8100'", 0x8100}, {"33024", 0x8100},  {"34984", 0x88a8},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.value);
		Result r =
		    Parse(OneTrunk(std::string("    trunks: [1]\n    tpid: ") + c.value + "\n"));
		ASSERT_EQ(r.rc, 0) << r.err;
		EXPECT_EQ(r.cfg->ports[0].tpid, c.tpid);
	}
}

TEST(Config, NativeVlanBoundsAndTrunkCarriesNative)
{
	/* native_vlan 0 is "none"; 4094 is the highest; the bridge joins through the native bit. */
	Result r = Parse(R"(workers: {lcores: [1]}
ports:
  - {name: t, kind: tap, vlan_mode: trunk, trunks: [10], native_vlan: 4094}
  - {name: u, kind: tap, vlan_mode: trunk, trunks: [10], native_vlan: 0, native_tagged: yes}
bridges:
  - {name: b, vlan: 4094, ports: [t]}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->ports[0].native_vlan, 4094);
	EXPECT_EQ(r.cfg->ports[0].n_trunks, 2);
	EXPECT_EQ(r.cfg->ports[1].native_vlan, 0);
	EXPECT_EQ(r.cfg->ports[1].n_trunks, 1);
	EXPECT_TRUE(r.cfg->ports[1].native_tagged);
	EXPECT_EQ(r.cfg->bridges[0].ports[0], 0);
}

TEST(Config, L2IntegerBoundsAccepted)
{
	Result r = Parse(R"(workers: {lcores: [1]}
ports:
  - {name: a, kind: tap, vlan_mode: access, tag: 1, mac_limit: 0}
  - {name: b, kind: tap, vlan_mode: dot1q-tunnel, tag: 4094, mac_limit: 16777216}
bridges:
  - {name: b1, vlan: 1, ports: [a], aging_s: 1000000, mac_limit: 16777216}
  - {name: b4094, vlan: 4094, ports: [b], aging_s: 0, mac_limit: 0}
fdb: {size: 16777216}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->ports[0].tag, 1);
	EXPECT_EQ(r.cfg->ports[1].tag, 4094);
	EXPECT_EQ(r.cfg->ports[1].mac_limit, 16777216u);
	EXPECT_EQ(r.cfg->bridges[0].aging_s, 1000000u);
	EXPECT_EQ(r.cfg->bridges[0].mac_limit, 16777216u);
	EXPECT_EQ(r.cfg->bridges[1].aging_s, 0u);
	EXPECT_EQ(r.cfg->fdb_size, 16777216u);
}

TEST(Config, PortInBridgesOfDifferentVlans)
{
	/* A trunk may be in one bridge per VLAN; an untagged port in one untagged bridge. */
	Result r = Parse(R"(workers: {lcores: [1]}
ports:
  - {name: tr, kind: tap, vlan_mode: trunk, trunks: "10-11"}
  - {name: a10, kind: tap, vlan_mode: access, tag: 10}
  - {name: a11, kind: tap, vlan_mode: access, tag: 11}
  - {name: f0, kind: tap}
  - {name: f1, kind: tap}
  - {name: f2, kind: tap}
bridges:
  - {name: v10, vlan: 10, ports: [tr, a10]}
  - {name: v11, vlan: 11, ports: [a11, tr]}
  - {name: flat0, ports: [f0]}
  - {name: flat1, ports: [f1, f2]}
)");
	ASSERT_EQ(r.rc, 0) << r.err;
	ASSERT_EQ(r.cfg->n_bridges, 4u);
	EXPECT_EQ(r.cfg->bridges[1].ports[0], 2);
	EXPECT_EQ(r.cfg->bridges[1].ports[1], 0);
	EXPECT_EQ(r.cfg->bridges[2].n_ports, 1);
}

TEST(Config, L2Scale)
{
	/* One trunk carrying every VLAN, in 1000 bridges: each (port, VLAN) once. */
	std::string text = R"(workers: {lcores: [1]}
ports:
  - {name: trunk, kind: tap, vlan_mode: trunk, trunks: "1-4094"}
bridges:
)";
	for (int v = 1; v <= 1000; v++)
		text += "  - {name: b" + std::to_string(v) + ", vlan: " + std::to_string(v) +
			", ports: [trunk]}\n";

	Result r = Parse(text);
	ASSERT_EQ(r.rc, 0) << r.err;
	const vsw_config &c = *r.cfg;
	EXPECT_EQ(c.ports[0].n_trunks, 4094);
	EXPECT_FALSE(vsw_vlan_bit(c.ports[0].trunks, 0));
	EXPECT_TRUE(vsw_vlan_bit(c.ports[0].trunks, 4094));
	EXPECT_FALSE(vsw_vlan_bit(c.ports[0].trunks, 4095));
	ASSERT_EQ(c.n_bridges, 1000u);
	for (unsigned i = 0; i < c.n_bridges; i++) {
		SCOPED_TRACE(i);
		EXPECT_EQ(c.bridges[i].vlan, i + 1);
		EXPECT_EQ(c.bridges[i].n_ports, 1);
		EXPECT_EQ(c.bridges[i].ports[0], 0);
		EXPECT_EQ(c.bridges[i].mark.line, 5 + i);
	}
	EXPECT_STREQ(c.bridges[999].name, "b1000");

	/* The 1001st bridge on an already used VLAN is refused at its member. */
	r = Parse(text + "  - {name: again, vlan: 7, ports: [trunk]}\n");
	EXPECT_EQ(r.rc, -EINVAL);
	EXPECT_EQ(r.err, "t.yaml:1005:36: port 'trunk' already carries VLAN 7 in bridge 'b7' "
			 "(line 11)");
}

TEST(Config, MaximumBridgesAndStaticMacs)
{
	/* 4094 VLAN bridges on a trunk, 2 untagged ones, 4096 static entries in one bridge. */
	std::string text = R"(workers: {lcores: [1]}
ports:
  - {name: trunk, kind: tap, vlan_mode: trunk, trunks: "1-4094"}
  - {name: f0, kind: tap}
  - {name: f1, kind: tap}
bridges:
  - name: flat0
    ports: [f0]
    static_macs:
)";
	char mac[32];
	for (int i = 0; i < VSW_MAX_STATIC_MACS; i++) {
		snprintf(mac, sizeof(mac), "02:00:00:00:%02x:%02x", i >> 8, i & 0xff);
		text += std::string("      - {mac: \"") + mac + "\", port: f0}\n";
	}
	text += "  - {name: flat1, ports: [f1]}\n";
	for (int v = 1; v <= VSW_VLAN_MAX; v++)
		text += "  - {name: b" + std::to_string(v) + ", vlan: " + std::to_string(v) +
			", ports: [trunk]}\n";

	Result r = Parse(text);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_bridges, unsigned(VSW_MAX_BRIDGES));
	EXPECT_EQ(r.cfg->n_static_macs, unsigned(VSW_MAX_STATIC_MACS));
	EXPECT_EQ(r.cfg->static_macs[4095].mac[5], 0xff);
	EXPECT_EQ(r.cfg->static_macs[4095].mac[4], 0x0f);
	EXPECT_EQ(r.cfg->bridges[4095].vlan, 4094);

	/* One more bridge: line 9 + 4096 static lines + 1 + 4094 + 1. */
	EXPECT_TRUE(Fails(text + "  - {name: extra, ports: [f1]}\n",
			  "t.yaml:8201:5: ", "too many bridges (at most 4096)"));

	/* One more static entry, in another bridge: the limit is over all bridges. */
	std::string more = text;
	more.insert(more.find("  - {name: flat1, ports: [f1]}\n"),
		    "  - name: flat9\n    ports: [f1]\n    static_macs: [{mac: 02:00:00:00:99:99, "
		    "port: f1}]\n");
	EXPECT_TRUE(Fails(more, "t.yaml:4108:19: ",
			  "too many static MAC entries (at most 4096 over all bridges)"));
}

/* Port L2 key errors. */

TEST(Config, BadVlanMode)
{
	EXPECT_TRUE(
	    Fails(OneTap("    vlan_mode: none\n"), "t.yaml:6:16: ",
		  "expected one of access, trunk, dot1q-tunnel for 'vlan_mode', got 'none'"));
	EXPECT_TRUE(
	    Fails(OneTap("    vlan_mode: Access\n"), "t.yaml:6:16: ",
		  "expected one of access, trunk, dot1q-tunnel for 'vlan_mode', got 'Access'"));
	EXPECT_TRUE(Fails(OneTap("    vlan_mode: [trunk]\n"),
			  "t.yaml:6:16: ", "for 'vlan_mode', got a sequence"));
}

TEST(Config, VlanKeyForWrongMode)
{
	EXPECT_TRUE(Fails(OneTap("    tag: 5\n"), "t.yaml:6:5: ",
			  "'tag' is only valid with vlan_mode access or dot1q-tunnel (port 'tap0' "
			  "has no vlan_mode)"));
	EXPECT_TRUE(Fails(OneTrunk("    trunks: [1]\n    tag: 5\n"), "t.yaml:8:5: ",
			  "'tag' is only valid with vlan_mode access or dot1q-tunnel (port 'tap0' "
			  "has vlan_mode trunk)"));
	EXPECT_TRUE(Fails(OneTap("    vlan_mode: access\n    tag: 5\n    trunks: [5]\n"),
			  "t.yaml:8:5: ",
			  "'trunks' is only valid with vlan_mode trunk (port 'tap0' has vlan_mode "
			  "access)"));
	EXPECT_TRUE(Fails(OneTap("    native_vlan: 5\n"), "t.yaml:6:5: ",
			  "'native_vlan' is only valid with vlan_mode trunk (port 'tap0' has no "
			  "vlan_mode)"));
	EXPECT_TRUE(
	    Fails(OneTap("    vlan_mode: dot1q-tunnel\n    tag: 5\n    native_tagged: on\n"),
		  "t.yaml:8:5: ",
		  "'native_tagged' is only valid with vlan_mode trunk (port 'tap0' has "
		  "vlan_mode dot1q-tunnel)"));
	EXPECT_TRUE(Fails(OneTap("    tpid: 0x88a8\n"), "t.yaml:6:5: ",
			  "'tpid' is only valid with vlan_mode trunk (port 'tap0' has no "
			  "vlan_mode)"));
}

TEST(Config, MissingTagOrTrunks)
{
	EXPECT_TRUE(Fails(OneTap("    vlan_mode: access\n"), "t.yaml:4:5: ",
			  "missing required key 'tag' for vlan_mode access in port 'tap0'"));
	EXPECT_TRUE(Fails(OneTap("    vlan_mode: dot1q-tunnel\n"), "t.yaml:4:5: ",
			  "missing required key 'tag' for vlan_mode dot1q-tunnel in port 'tap0'"));
	EXPECT_TRUE(Fails(OneTrunk("    native_vlan: 5\n"), "t.yaml:4:5: ",
			  "missing required key 'trunks' for vlan_mode trunk in port 'tap0'"));
}

TEST(Config, PortL2IntRanges)
{
	const struct {
		const char *lines;
		const char *where;
		const char *what;
	} cases[] = {
	    {"    vlan_mode: access\n    tag: 0\n",
	     "t.yaml:7:10: ", "'tag' must be in 1..4094, got '0'"},
	    {"    vlan_mode: dot1q-tunnel\n    tag: 4095\n",
	     "t.yaml:7:10: ", "'tag' must be in 1..4094, got '4095'"},
	    {"    vlan_mode: access\n    tag: '5'\n",
	     "t.yaml:7:10: ", "expected an integer for 'tag', got the quoted string '5'"},
	    {"    vlan_mode: trunk\n    trunks: [1]\n    native_vlan: 4095\n",
	     "t.yaml:8:18: ", "'native_vlan' must be in 0..4094, got '4095'"},
	    {"    vlan_mode: trunk\n    trunks: [1]\n    native_tagged: 1\n", "t.yaml:8:20: ",
	     "expected a boolean (true/false, yes/no, on/off) for 'native_tagged', got '1'"},
	    {"    mac_limit: 16777217\n",
	     "t.yaml:6:16: ", "'mac_limit' must be in 0..16777216, got '16777217'"},
	    {"    mac_limit: -1\n",
	     "t.yaml:6:16: ", "'mac_limit' must be in 0..16777216 (no sign)"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.lines);
		EXPECT_TRUE(Fails(OneTap(c.lines), c.where, c.what));
	}
}

TEST(Config, BadTpid)
{
	const std::string head = "    trunks: [1]\n    tpid: ";
	EXPECT_TRUE(Fails(OneTrunk(head + "0x9100\n"), "t.yaml:8:11: ",
			  "expected 0x8100 or 0x88a8 (or 33024, 34984) for 'tpid', got '0x9100'"));
	EXPECT_TRUE(Fails(OneTrunk(head + "\"33024\"\n"),
			  "t.yaml:8:11: ", "for 'tpid', got the quoted string '33024'"));
	EXPECT_TRUE(Fails(OneTrunk(head + "0x81000\n"), "t.yaml:8:11: ", "got '0x81000'"));
	EXPECT_TRUE(Fails(OneTrunk(head + "8100\n"), "t.yaml:8:11: ", "got '8100'"));
	EXPECT_TRUE(Fails(OneTrunk(head + "\n"), "t.yaml:8:10: ", "for 'tpid', got null"));
	EXPECT_TRUE(
	    Fails(OneTrunk(head + "[0x8100]\n"), "t.yaml:8:11: ", "for 'tpid', got a sequence"));
}

TEST(Config, TrunksWrongShape)
{
	EXPECT_TRUE(Fails(OneTrunk("    trunks: []\n"),
			  "t.yaml:7:13: ", "'trunks' must list at least one VLAN"));
	EXPECT_TRUE(Fails(OneTrunk("    trunks:\n"), "t.yaml:7:12: ",
			  "expected a sequence of VLAN ids and ranges, or a string like "
			  "\"100-199,300\", for 'trunks', got null"));
	EXPECT_TRUE(Fails(OneTrunk("    trunks: {100: 1}\n"),
			  "t.yaml:7:13: ", "for 'trunks', got a mapping"));
	EXPECT_TRUE(Fails(OneTrunk("    trunks: [100, [200]]\n"), "t.yaml:7:19: ",
			  "expected a VLAN id or a string like \"200-299\" in 'trunks', got a "
			  "sequence"));
	EXPECT_TRUE(
	    Fails(OneTrunk("    trunks: [100, ~]\n"), "t.yaml:7:19: ", "in 'trunks', got null"));
}

TEST(Config, TrunksBadEntries)
{
	/* Reported at the sequence item (or the string) holding the bad element. */
	const struct {
		const char *value;
		const char *where;
		const char *what;
	} cases[] = {
	    {"[100, \"300-310,40x\"]", "t.yaml:7:19: ",
	     "invalid 'trunks' entry '300-310,40x': bad element '40x' (expected VLAN ids 1..4094 "
	     "and ranges like 200-299, separated by commas)"},
	    {"[100, \"200-19x\"]", "t.yaml:7:19: ", "bad element '200-19x'"},
	    {"\"1-2-3\"", "t.yaml:7:13: ", "bad element '1-2-3'"},
	    {"[-5]", "t.yaml:7:14: ", "invalid 'trunks' entry '-5': bad element '-5'"},
	    {"[1.5]", "t.yaml:7:14: ", "bad element '1.5'"},
	    {"[0x64]", "t.yaml:7:14: ", "bad element '0x64'"},
	    {"\"100 200\"", "t.yaml:7:13: ", "bad element '100 200'"},
	    {"[5, 4095]", "t.yaml:7:17: ",
	     "invalid 'trunks' entry '4095': VLAN out of range in '4095' (expected 1..4094)"},
	    {"[0]", "t.yaml:7:14: ", "VLAN out of range in '0' (expected 1..4094)"},
	    {"\"10,1-5000\"", "t.yaml:7:13: ", "VLAN out of range in '1-5000'"},
	    {"[99999999999999999999]", "t.yaml:7:14: ", "VLAN out of range in '9999999999"},
	    {"\"300-200\"", "t.yaml:7:13: ",
	     "invalid 'trunks' entry '300-200': range '300-200' is reversed (expected a-b with "
	     "a <= b)"},
	    {"[\"1,,2\"]", "t.yaml:7:14: ", "invalid 'trunks' entry '1,,2': empty element"},
	    {"\"1,\"", "t.yaml:7:13: ", "invalid 'trunks' entry '1,': empty element"},
	    {"[\"\"]", "t.yaml:7:14: ", "invalid 'trunks' entry '': empty element"},
	    {"[\"010\"]", "t.yaml:7:14: ",
	     "invalid 'trunks' entry '010': leading zero in '010' (expected decimal VLAN ids)"},
	    {"[\"5\\0\"]", "t.yaml:7:14: ", "bad element '5?'"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.value);
		EXPECT_TRUE(
		    Fails(OneTrunk(std::string("    trunks: ") + c.value + "\n"), c.where, c.what));
	}
}

/* bridges, static_macs and fdb: shapes and values. */

const char kL2Head[] = R"(workers: {lcores: [1]}
ports:
  - {name: p0, kind: tap}
  - {name: p1, kind: tap}
bridges:
)";

TEST(Config, BridgesWrongShape)
{
	EXPECT_TRUE(Fails(std::string(kMinimal) + "bridges: {b: 1}\n", "t.yaml:6:10: ",
			  "expected a sequence of bridges for 'bridges', got a mapping"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - b0\n",
			  "t.yaml:6:5: ", "expected a mapping for a bridge, got 'b0'"));
	EXPECT_TRUE(
	    Fails(std::string(kL2Head) + "  - {name: b, vid: 1, ports: [p0]}\n", "t.yaml:6:15: ",
		  "unknown key 'vid' in bridge (expected one of: name, vlan, ports, aging_s, "
		  "flood_unknown, mac_limit, static_macs)"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: b, ports: [p0], name: c}\n",
			  "t.yaml:6:28: ", "duplicate key 'name' in bridge (first at line 6)"));
}

TEST(Config, BridgeNameAndPortsRequired)
{
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {ports: [p0]}\n",
			  "t.yaml:6:5: ", "missing required key 'name' in bridge"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: b, vlan: 0}\n",
			  "t.yaml:6:5: ", "missing required key 'ports' in bridge 'b'"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: b, ports: []}\n", "t.yaml:6:22: ",
			  "expected a non-empty sequence of port names for 'ports' in bridge 'b'"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: b, ports: p0}\n", "t.yaml:6:22: ",
			  "expected a sequence of port names for 'ports' in bridge 'b', got 'p0'"));
	EXPECT_TRUE(Fails(
	    std::string(kL2Head) + "  - {name: b, ports: [p0, [p1]]}\n",
	    "t.yaml:6:27: ", "expected a port name in 'ports' of bridge 'b', got a sequence"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: b, ports: [p0, '']}\n",
			  "t.yaml:6:27: ", "unknown port '' in bridge 'b'"));
}

TEST(Config, BridgeNameInvalid)
{
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: 1br, ports: [p0]}\n", "t.yaml:6:12: ",
			  "invalid bridge name '1br' (expected 1..31 characters [A-Za-z0-9_.-] "
			  "starting with a letter)"));
	EXPECT_TRUE(
	    Fails(std::string(kL2Head) + "  - {name: " + std::string(32, 'b') + ", ports: [p0]}\n",
		  "t.yaml:6:12: ", "'name' is too long: 32 characters (max 31)"));
	EXPECT_TRUE(Fails(std::string(kL2Head) + "  - {name: ~, ports: [p0]}\n",
			  "t.yaml:6:12: ", "expected a string for 'name', got null"));
}

TEST(Config, BridgeIntRanges)
{
	const struct {
		const char *keys;
		const char *where;
		const char *what;
	} cases[] = {
	    {"vlan: 4095", "t.yaml:6:34: ", "'vlan' must be in 0..4094, got '4095'"},
	    {"vlan: \"10\"",
	     "t.yaml:6:34: ", "expected an integer for 'vlan', got the quoted string '10'"},
	    {"aging_s: 1000001", "t.yaml:6:37: ", "'aging_s' must be in 0..1000000, got '1000001'"},
	    {"flood_unknown: maybe", "t.yaml:6:43: ",
	     "expected a boolean (true/false, yes/no, on/off) for 'flood_unknown', got 'maybe'"},
	    {"mac_limit: 16777217",
	     "t.yaml:6:39: ", "'mac_limit' must be in 0..16777216, got '16777217'"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.keys);
		EXPECT_TRUE(
		    Fails(std::string(kL2Head) + "  - {name: b, ports: [p0], " + c.keys + "}\n",
			  c.where, c.what));
	}
}

TEST(Config, StaticMacsWrongShape)
{
	const std::string head = std::string(kL2Head) + "  - name: b\n    ports: [p0]\n";
	EXPECT_TRUE(Fails(head + "    static_macs: {mac: 02:00:00:00:00:01, port: p0}\n",
			  "t.yaml:8:18: ",
			  "expected a sequence of {mac, port} mappings for 'static_macs', got a "
			  "mapping"));
	EXPECT_TRUE(Fails(head + "    static_macs: [02:00:00:00:00:01]\n", "t.yaml:8:19: ",
			  "expected a mapping like {mac: \"02:00:00:00:00:01\", port: vm0} in "
			  "'static_macs', got '02:00:00:00:00:01'"));
	EXPECT_TRUE(Fails(head + "    static_macs:\n      - {mac: 02:00:00:00:00:01, dev: p0}\n",
			  "t.yaml:9:34: ",
			  "unknown key 'dev' in static_macs entry (expected one of: mac, port)"));
	EXPECT_TRUE(Fails(head + "    static_macs:\n      - {port: p0}\n",
			  "t.yaml:9:9: ", "missing required key 'mac' in static_macs entry"));
	EXPECT_TRUE(Fails(head + "    static_macs:\n      - {mac: 02:00:00:00:00:01}\n",
			  "t.yaml:9:9: ", "missing required key 'port' in static_macs entry"));
	EXPECT_TRUE(Fails(
	    head + "    static_macs:\n      - {mac: 02:00:00:00:00:01, port: [p0]}\n",
	    "t.yaml:9:40: ", "expected a port name for 'port' in 'static_macs', got a sequence"));
}

TEST(Config, StaticMacBadMac)
{
	const std::string head =
	    std::string(kL2Head) + "  - name: b\n    ports: [p0]\n    static_macs:\n      - mac: ";
	EXPECT_TRUE(Fails(head + "01:00:5e:00:00:01\n        port: p0\n",
			  "t.yaml:9:14: ", "'mac' '01:00:5e:00:00:01' is a multicast address"));
	EXPECT_TRUE(Fails(head + "ff:ff:ff:ff:ff:ff\n        port: p0\n",
			  "t.yaml:9:14: ", "is a multicast address"));
	EXPECT_TRUE(Fails(head + "00:00:00:00:00:00\n        port: p0\n",
			  "t.yaml:9:14: ", "'mac' must not be all zeros"));
	EXPECT_TRUE(Fails(head + "02:00:00:00:01\n        port: p0\n",
			  "t.yaml:9:14: ", "expected a MAC address like 02:00:00:00:00:01"));
}

TEST(Config, FdbErrors)
{
	EXPECT_TRUE(Fails(std::string(kMinimal) + "fdb: 65536\n",
			  "t.yaml:6:6: ", "expected a mapping for 'fdb', got '65536'"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "fdb: {entries: 1}\n",
			  "t.yaml:6:7: ", "unknown key 'entries' in fdb (expected one of: size)"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "fdb: {size: 1023}\n",
			  "t.yaml:6:13: ", "'size' must be in 1024..16777216, got '1023'"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "fdb: {size: 16777217}\n",
			  "t.yaml:6:13: ", "'size' must be in 1024..16777216, got '16777217'"));
}

/* Bridge cross checks. */

/* Ports for the bridge cross checks; bridges start at line 12. */
const char kL2Ports[] = R"(workers: {lcores: [1]}
ports:
  - {name: tr, kind: tap, vlan_mode: trunk, trunks: "100-101", native_vlan: 5}
  - {name: a100, kind: tap, vlan_mode: access, tag: 100}
  - {name: q200, kind: tap, vlan_mode: dot1q-tunnel, tag: 200}
  - {name: f0, kind: tap}
  - {name: f1, kind: tap}
  - {name: x0, kind: tap}
  - {name: x1, kind: tap}
xconnect: [[x0, x1]]
bridges:
)";

::testing::AssertionResult
BridgesFail(const std::string &bridges, const std::string &where, const std::string &what)
{
	return Fails(std::string(kL2Ports) + bridges, where, what);
}

TEST(Config, BridgeCrossCheckBaseIsValid)
{
	Result r = Parse(std::string(kL2Ports) + "  - {name: v100, vlan: 100, ports: [tr, a100]}\n"
						 "  - {name: v5, vlan: 5, ports: [tr]}\n"
						 "  - {name: v200, vlan: 200, ports: [q200]}\n"
						 "  - {name: flat, ports: [f0, f1]}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_bridges, 4u);
}

TEST(Config, DuplicateBridgeName)
{
	EXPECT_TRUE(
	    BridgesFail("  - {name: b, ports: [f0]}\n  - {name: b, ports: [f1]}\n",
			"t.yaml:13:12: ", "duplicate bridge name 'b' (first defined at line 12)"));
}

TEST(Config, BridgeMemberUnknownOrTwice)
{
	EXPECT_TRUE(BridgesFail("  - {name: b, ports: [f0, f9]}\n",
				"t.yaml:12:27: ", "unknown port 'f9' in bridge 'b'"));
	EXPECT_TRUE(BridgesFail("  - {name: b, ports: [f0, f1, f0]}\n", "t.yaml:12:31: ",
				"port 'f0' is listed twice in bridge 'b' (first at line 12)"));
	/* More names than VSW_MAX_PORTS: stopped by the first repeat. */
	std::string many = "  - name: b\n    ports:\n";
	for (int i = 0; i <= VSW_MAX_PORTS; i++)
		many += std::string("      - ") + (i % 2 ? "f1" : "f0") + "\n";
	EXPECT_TRUE(BridgesFail(many, "t.yaml:16:9: ", "port 'f0' is listed twice in bridge 'b'"));
}

TEST(Config, CrossConnectedPortInBridge)
{
	EXPECT_TRUE(BridgesFail(
	    "  - {name: b, ports: [f0, x1]}\n",
	    "t.yaml:12:27: ", "port 'x1' is cross-connected (line 10) and cannot join bridge 'b'"));
}

TEST(Config, BridgeVlanConsistency)
{
	const struct {
		const char *bridge;
		const char *where;
		const char *what;
	} cases[] = {
	    {"  - {name: b, ports: [f0, tr]}\n", "t.yaml:12:27: ",
	     "bridge 'b' is untagged (vlan 0) but port 'tr' has vlan_mode trunk (line 3)"},
	    {"  - {name: b, vlan: 0, ports: [a100]}\n", "t.yaml:12:32: ",
	     "bridge 'b' is untagged (vlan 0) but port 'a100' has vlan_mode access (line 4)"},
	    {"  - {name: b, ports: [q200]}\n", "t.yaml:12:23: ",
	     "bridge 'b' is untagged (vlan 0) but port 'q200' has vlan_mode dot1q-tunnel"},
	    {"  - {name: b, vlan: 100, ports: [tr, f0]}\n", "t.yaml:12:38: ",
	     "bridge 'b' has VLAN 100 but port 'f0' has no vlan_mode (expected access or "
	     "dot1q-tunnel with tag 100, or trunk carrying VLAN 100)"},
	    {"  - {name: b, vlan: 101, ports: [a100]}\n", "t.yaml:12:34: ",
	     "bridge 'b' has VLAN 101 but port 'a100' has vlan_mode access with tag 100 (line 4)"},
	    {"  - {name: b, vlan: 100, ports: [q200]}\n", "t.yaml:12:34: ",
	     "bridge 'b' has VLAN 100 but port 'q200' has vlan_mode dot1q-tunnel with tag 200"},
	    {"  - {name: b, vlan: 102, ports: [tr]}\n", "t.yaml:12:34: ",
	     "bridge 'b' has VLAN 102 but trunk port 'tr' does not carry it (add it to 'trunks', "
	     "line 3)"},
	};

	for (const auto &c : cases) {
		SCOPED_TRACE(c.bridge);
		EXPECT_TRUE(BridgesFail(c.bridge, c.where, c.what));
	}
}

TEST(Config, PortVlanInTwoBridges)
{
	EXPECT_TRUE(BridgesFail(
	    "  - {name: a, vlan: 100, ports: [tr]}\n"
	    "  - {name: b, vlan: 101, ports: [tr]}\n"
	    "  - {name: c, vlan: 100, ports: [a100, tr]}\n",
	    "t.yaml:14:40: ", "port 'tr' already carries VLAN 100 in bridge 'a' (line 12)"));
	/* Through the native VLAN too. */
	EXPECT_TRUE(BridgesFail(
	    "  - {name: a, vlan: 5, ports: [tr]}\n"
	    "  - {name: b, vlan: 5, ports: [tr]}\n",
	    "t.yaml:13:32: ", "port 'tr' already carries VLAN 5 in bridge 'a' (line 12)"));
	/* So an access, dot1q-tunnel or untagged port is in at most one bridge. */
	EXPECT_TRUE(BridgesFail(
	    "  - {name: a, vlan: 100, ports: [a100]}\n"
	    "  - {name: b, vlan: 100, ports: [a100]}\n",
	    "t.yaml:13:34: ", "port 'a100' already carries VLAN 100 in bridge 'a' (line 12)"));
	EXPECT_TRUE(BridgesFail(
	    "  - {name: a, vlan: 200, ports: [q200]}\n"
	    "  - {name: b, vlan: 200, ports: [q200]}\n",
	    "t.yaml:13:34: ", "port 'q200' already carries VLAN 200 in bridge 'a' (line 12)"));
	EXPECT_TRUE(
	    BridgesFail("  - {name: a, ports: [f0]}\n"
			"  - {name: b, ports: [f1, f0]}\n",
			"t.yaml:13:27: ", "port 'f0' is already in untagged bridge 'a' (line 12)"));
}

TEST(Config, StaticMacCrossChecks)
{
	const std::string head = "  - name: a\n    vlan: 100\n    ports: [tr, a100]\n"
				 "    static_macs:\n";
	EXPECT_TRUE(
	    BridgesFail(head + "      - {mac: 02:00:00:00:00:01, port: zz}\n",
			"t.yaml:16:40: ", "unknown port 'zz' in static_macs of bridge 'a'"));
	EXPECT_TRUE(
	    BridgesFail(head + "      - {mac: 02:00:00:00:00:01, port: f0}\n", "t.yaml:16:40: ",
			"port 'f0' is not a member of bridge 'a' (a static MAC entry must name "
			"one of the bridge's ports)"));
	EXPECT_TRUE(
	    BridgesFail(head + "      - {mac: 02:00:00:00:00:01, port: tr}\n"
			       "      - {mac: 02:00:00:00:00:02, port: tr}\n"
			       "      - {mac: 02:00:00:00:00:01, port: a100}\n",
			"t.yaml:18:15: ",
			"MAC '02:00:00:00:00:01' is listed twice in static_macs of bridge 'a' "
			"(first at line 16)"));
	/* Uppercase and lowercase hex are the same MAC. */
	EXPECT_TRUE(BridgesFail(head + "      - {mac: 02:00:00:00:00:aa, port: tr}\n"
				       "      - {mac: 02:00:00:00:00:AA, port: a100}\n",
				"t.yaml:17:15: ", "is listed twice"));
	/* A member of another bridge only. */
	EXPECT_TRUE(BridgesFail("  - {name: flat, ports: [f0]}\n" + head +
				    "      - {mac: 02:00:00:00:00:01, port: f0}\n",
				"t.yaml:17:40: ", "port 'f0' is not a member of bridge 'a'"));
}

TEST(Config, FdbSmallerThanStaticEntries)
{
	std::string text = std::string(kL2Ports) + "  - name: flat\n    ports: [f0]\n"
						   "    static_macs:\n";
	char mac[32];
	for (int i = 0; i < 1025; i++) {
		snprintf(mac, sizeof(mac), "02:00:00:00:%02x:%02x", i >> 8, i & 0xff);
		text += std::string("      - {mac: \"") + mac + "\", port: f0}\n";
	}
	Result r = Parse(text + "fdb: {size: 1025}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->n_static_macs, 1025u);
	EXPECT_TRUE(Fails(text + "fdb:\n  size: 1024\n", "t.yaml:1041:9: ",
			  "fdb 'size' 1024 is smaller than the 1025 static MAC entries of the "
			  "bridges"));
}

TEST(Config, L2CrossChecksRunInOrder)
{
	/* Port cross checks (duplicate names) come before bridge checks. */
	EXPECT_TRUE(Fails(R"(workers: {lcores: [1]}
ports:
  - {name: a, kind: tap, iface: x}
  - {name: a, kind: tap, iface: y}
bridges:
  - {name: b, ports: [zz]}
)",
			  "t.yaml:4:12: ", "duplicate port name 'a'"));
	/* Bridge names before members; members (file order) before the fdb size. */
	EXPECT_TRUE(BridgesFail("  - {name: b, ports: [zz]}\n  - {name: b, ports: [f1]}\n",
				"t.yaml:13:12: ", "duplicate bridge name 'b'"));
	EXPECT_TRUE(BridgesFail("  - {name: b, ports: [f0], static_macs: [{mac: 02:00:00:00:00:01, "
				"port: f1}]}\n  - {name: c, ports: [zz]}\n",
				"t.yaml:12:73: ", "port 'f1' is not a member of bridge 'b'"));
	/* Value errors in any section come before every cross check. */
	EXPECT_TRUE(BridgesFail("  - {name: b, ports: [zz]}\nfdb: {size: 1}\n",
				"t.yaml:13:13: ", "'size' must be in 1024..16777216, got '1'"));
}
