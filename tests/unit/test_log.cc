// SPDX-License-Identifier: BSD-3-Clause
// vswd's log types (vsw_log.h): one rte_log type per component, named as the config names
// them, whose levels vsw_log_set_levels() sets; a message is written only at its level.
#include <stdio.h>
#include <stdlib.h>

#include <string>

#include <gtest/gtest.h>

#include "vsw_log.h"

namespace {

// What VSW_LOG wrote while @p fn ran.
template <typename F>
std::string
logged(F fn)
{
	char *buf = nullptr;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	rte_openlog_stream(f);
	fn();
	rte_openlog_stream(nullptr);
	fclose(f);
	std::string s(buf, len);
	free(buf);
	return s;
}

} // namespace

TEST(Log, TypesPerComponent)
{
	for (unsigned i = 0; i < VSW_LOG_N; i++) {
		std::string name = std::string("vsw.") + vsw_log_comp_names[i];
		EXPECT_EQ(rte_log_register(name.c_str()), vsw_logtype[i]) << name;
	}
}

TEST(Log, LevelsPerComponent)
{
	uint8_t levels[VSW_LOG_N];

	for (unsigned i = 0; i < VSW_LOG_N; i++)
		levels[i] = VSW_DEF_LOG_LEVEL;
	levels[VSW_LOG_L3] = VSW_LOG_LEVEL_DEBUG;
	vsw_log_set_levels(levels);
	EXPECT_EQ(rte_log_get_level(vsw_logtype[VSW_LOG_L3]), (int)RTE_LOG_DEBUG);
	EXPECT_EQ(rte_log_get_level(vsw_logtype[VSW_LOG_L2]), (int)RTE_LOG_INFO);
	std::string s = logged([] {
		VSW_LOG(DEBUG, L3, "route %d\n", 1);
		VSW_LOG(DEBUG, L2, "flush %d\n", 2);
		VSW_LOG(INFO, MAIN, "link %s\n", "up");
	});
	EXPECT_EQ(s, "vsw.l3: route 1\nvswd: link up\n");

	levels[VSW_LOG_L3] = VSW_DEF_LOG_LEVEL;
	levels[VSW_LOG_MAIN] = 4; // error
	vsw_log_set_levels(levels);
	s = logged([] {
		VSW_LOG(DEBUG, L3, "route %d\n", 1);
		VSW_LOG(INFO, MAIN, "link %s\n", "up");
		VSW_LOG(ERR, MAIN, "reload refused\n");
	});
	EXPECT_EQ(s, "vswd: reload refused\n");
	for (unsigned i = 0; i < VSW_LOG_N; i++)
		levels[i] = VSW_DEF_LOG_LEVEL;
	vsw_log_set_levels(levels);
}
