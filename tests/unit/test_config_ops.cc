/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the operations sections of the config (app/metrics_conf.c, app/ops_conf.c):
 * metrics, runtime and log, every key, default and error with its "file:line:column: "
 * position. Helpers: config_test_util.h.
 */
#include "config_test_util.h"

TEST(Config, Metrics)
{
	Result r = Parse(std::string(kMinimal));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_STREQ(r.cfg->metrics_listen, ""); /* Off by default. */
	r = Parse(std::string(kMinimal) + "metrics: {listen: \"127.0.0.1:9469\"}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_STREQ(r.cfg->metrics_listen, "127.0.0.1:9469");
	for (const char *bad : {"localhost:9469", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536",
				"127.0.0.1:+80", ":80", "127.0.0.1:80x", "::1:80"})
		EXPECT_TRUE(Fails(std::string(kMinimal) + "metrics: {listen: \"" + bad + "\"}\n",
				  "t.yaml:6:19: ", "invalid 'listen'"))
		    << bad;
	EXPECT_TRUE(Fails(std::string(kMinimal) + "metrics: {}\n", "t.yaml:6:10: ",
			  "missing required key 'listen' in metrics"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "metrics: {listen: \"127.0.0.1:1\", x: 1}\n",
			  "t.yaml:6:", "unknown key 'x' in metrics"));
}

TEST(Config, Runtime)
{
	Result r = Parse(std::string(kMinimal));
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_STREQ(r.cfg->runtime_dir, ""); /* /run/vsw/<prefix>, chosen by vswd */
	EXPECT_EQ(r.cfg->runtime_gid, -1);    /* owner only */
	r = Parse(std::string(kMinimal) + "runtime: {dir: /run/vsw-a, group: root}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_STREQ(r.cfg->runtime_dir, "/run/vsw-a");
	EXPECT_EQ(r.cfg->runtime_gid, 0);
	r = Parse(std::string(kMinimal) + "runtime: {group: 4242}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->runtime_gid, 4242) << "a number is a gid, in the database or not";
	for (const char *bad : {"run/vsw", "/", "/run/../etc", "/run/vsw/.."})
		EXPECT_TRUE(Fails(std::string(kMinimal) + "runtime: {dir: \"" + bad + "\"}\n",
				  "t.yaml:6:16: ", "invalid 'dir'"))
		    << bad;
	EXPECT_TRUE(Fails(std::string(kMinimal) + "runtime: {dir: /" + std::string(95, 'a') + "}\n",
			  "t.yaml:6:16: ", "is too long (at most 95 characters"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "runtime: {group: no-such-group-vsw}\n",
			  "t.yaml:6:18: ", "unknown group 'no-such-group-vsw'"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "runtime: {user: vsw}\n", "t.yaml:6:",
			  "unknown key 'user' in runtime"));
}

TEST(Config, LogLevels)
{
	Result r = Parse(std::string(kMinimal));
	ASSERT_EQ(r.rc, 0) << r.err;
	for (unsigned i = 0; i < VSW_LOG_N; i++)
		EXPECT_EQ(r.cfg->log_levels[i], 7u) << "info by default: " << vsw_log_comp_names[i];
	r = Parse(std::string(kMinimal) + "log: {level: warning, components: {l3: debug, nat: error}}\n");
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.cfg->log_levels[VSW_LOG_L3], 8u);
	EXPECT_EQ(r.cfg->log_levels[VSW_LOG_NAT], 4u);
	EXPECT_EQ(r.cfg->log_levels[VSW_LOG_MAIN], 5u);
	EXPECT_EQ(r.cfg->log_levels[VSW_LOG_L2], 5u);
	EXPECT_STREQ(vsw_log_comp_names[VSW_LOG_L3], "l3");
	EXPECT_TRUE(Fails(std::string(kMinimal) + "log: {level: loud}\n", "t.yaml:6:14: ",
			  "expected one of emerg, alert, crit, error, warning, notice, info, debug "
			  "for 'level', got 'loud'"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "log: {components: {bgp: debug}}\n",
			  "t.yaml:6:20: ", "unknown key 'bgp' in log.components"));
	EXPECT_TRUE(Fails(std::string(kMinimal) + "log: {components: {l2: 7}}\n",
			  "t.yaml:6:24: ", "for 'l2', got"));
}
