// SPDX-License-Identifier: BSD-3-Clause
// The pipeline's counters as tests read them: per node (retired graphs included), per
// port and drop reason, and over everything.
#pragma once

#include <cstdint>
#include <map>
#include <string>

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

// Drops of reason @p r charged to port @p port.
inline uint64_t
port_drop(unsigned port, vsw_drop_reason r)
{
	uint64_t d[VSW_DROP_COUNT];
	vsw_pipeline_port_drops((uint16_t)port, d);
	return d[r];
}

// Drops of reason @p r, all ports.
inline uint64_t
drops(vsw_drop_reason r)
{
	uint64_t d[VSW_DROP_COUNT];
	vsw_pipeline_drops(d);
	return d[r];
}

// Drops of every reason, all ports.
inline uint64_t
all_drops()
{
	uint64_t d[VSW_DROP_COUNT], n = 0;
	vsw_pipeline_drops(d);
	for (uint64_t x : d)
		n += x;
	return n;
}
