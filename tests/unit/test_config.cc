/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the config parser: the document, eal and workers sections and the API (config/,
 * app/eal_conf.c): every key, every default and every kind of error, with the exact
 * "file:line:column: " position of each error. Helpers: config_test_util.h.
 */
#include "config_test_util.h"

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
			  "ports, xconnect, bridges, fdb, router, nat, vxlan, metrics, runtime, log)"));
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
