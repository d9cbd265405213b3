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
			  "ports, xconnect)"));
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
			  "rx_affinity)"));
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
