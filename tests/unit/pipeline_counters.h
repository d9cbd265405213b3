// SPDX-License-Identifier: BSD-3-Clause
// The pipeline's counters as tests read them: per node (retired graphs included), per
// port and drop reason, and over everything.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "core/drop.h"
#include "vsw_pipeline.h"

// Every node's counters, by node name.
inline std::map<std::string, vsw_node_stats>
node_stats()
{
	std::map<std::string, vsw_node_stats> m;
	vsw_pipeline_node_stats(
		[](const vsw_node_stats *s, void *arg) {
			(*static_cast<std::map<std::string, vsw_node_stats> *>(arg))[s->name] = *s;
		},
		&m);
	return m;
}

// The id of drop reason @p name; a test naming a reason that does not exist fails.
inline unsigned
drop_id(const char *name)
{
	int id = vsw_drop_id(name);
	EXPECT_GE(id, 0) << "no drop reason '" << name << "'";
	return id < 0 ? VSW_DROP_MAX - 1 : (unsigned)id;
}

// Drops of reason @p name charged to port @p port.
inline uint64_t
port_drop(unsigned port, const char *name)
{
	uint64_t d[VSW_DROP_MAX];
	vsw_pipeline_port_drops((uint16_t)port, d);
	return d[drop_id(name)];
}

// Drops of reason @p name, all ports.
inline uint64_t
drops(const char *name)
{
	uint64_t d[VSW_DROP_MAX];
	vsw_pipeline_drops(d);
	return d[drop_id(name)];
}

// Drops of every reason, all ports.
inline uint64_t
all_drops()
{
	uint64_t d[VSW_DROP_MAX], n = 0;
	vsw_pipeline_drops(d);
	for (unsigned r = 0; r < vsw_drop_count(); r++)
		n += d[r];
	return n;
}
