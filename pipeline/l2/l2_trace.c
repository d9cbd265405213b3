/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the L2 nodes decided about a traced packet (core/trace.h), from the metadata they
 * left: VLAN and bridge (vlan_input), the FDB's answer (bridge_input), the copy's port
 * (flood), the egress port (vlan_output). Names are looked up when the trace is shown.
 */
#include <stdio.h>

#include <rte_common.h>

#include "core/trace.h"
#include "l2/l2.h"

static void
bridge_name(uint16_t id, char *buf, size_t len)
{
	char name[VSW_NAME_MAX];

	if (vsw_l2_bridge_name(id, name) == 0)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "#%u", id);
}

static void
vlan_input_fmt(const struct vsw_trace_step *s, char *buf, size_t len)
{
	char b[VSW_NAME_MAX];

	bridge_name(s->meta.l2.domain, b, sizeof(b));
	snprintf(buf, len, "vlan %u pcp %u, bridge %s", s->meta.l2.vlan, s->meta.l2.pcp, b);
}

static void
bridge_input_fmt(const struct vsw_trace_step *s, char *buf, size_t len)
{
	char port[VSW_NAME_MAX];

	if (s->meta.out_port == VSW_PORT_NONE) {
		snprintf(buf, len, "%s", s->frame[0] & 1 ? "multicast/broadcast" : "fdb miss");
		return;
	}
	vsw_trace_iface_name(s->meta.out_port, port, sizeof(port));
	snprintf(buf, len, "fdb hit: port %s", port);
}

/* flood and vlan_output: the port the frame (or this copy) goes to. */
static void
out_port_fmt(const struct vsw_trace_step *s, char *buf, size_t len)
{
	char port[VSW_NAME_MAX];

	if (s->meta.out_port == VSW_PORT_NONE)
		return;
	vsw_trace_iface_name(s->meta.out_port, port, sizeof(port));
	snprintf(buf, len, "port %s", port);
}

RTE_INIT(l2_trace_fmt)
{
	vsw_trace_fmt_register(VSW_NODE_VLAN_INPUT, vlan_input_fmt);
	vsw_trace_fmt_register(VSW_NODE_BRIDGE_INPUT, bridge_input_fmt);
	vsw_trace_fmt_register(VSW_NODE_FLOOD, out_port_fmt);
	vsw_trace_fmt_register(VSW_NODE_VLAN_OUTPUT, out_port_fmt);
}
