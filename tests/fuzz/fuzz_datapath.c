/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the data path. An input is a frame and the port it arrives on (its first
 * byte, modulo the ports), pushed through a real worker graph built from a config that uses
 * every feature there is: access, trunk and 802.1ad ports, VLAN bridges with gateways,
 * routed ports, VRFs, static, ECMP, blackhole and prohibit routes, policy rules, static
 * neighbours, IPv6 with router advertisements, NAT (masquerade, port forwards, a floating IP)
 * and VXLAN tunnels over r3: vx200 in bridge v200 (IPv4, ARP suppression), vx300 in v300
 * (an IPv6 underlay). The graph walks, the control thread takes
 * its turn (neighbours, the hold queue, what it injects), the graph walks again, and what the
 * ports sent is read back. Beyond "no crash, no sanitizer report": every mbuf is back in the
 * pool afterwards (the hold queue and the NAT's reassembly tables flushed), so a leak anywhere
 * in the path is a finding.
 *
 * EAL runs without hugepages, with five net_ring ports (each a loopback ring).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_graph_worker.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "fuzz_check.h"
#include "iface/iface.h"
#include "l3/l3.h"
#include "nat/nat.h"
#include "vsw_config.h"
#include "vsw_mbuf.h"
#include "vsw_pipeline.h"
#include "vsw_port.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* The router's hold queue (l3_hold.c): the held packets, freed. */
void l3_hold_flush(void);

#define N_PORTS 5
#define POOL_SIZE 4095

static const char conf_text[] =
	"workers: {lcores: [1]}\n"
	"ports:\n"
	"  - {name: ring0, kind: dpdk, devargs: net_ring0, vlan_mode: trunk, trunks: [100, 200]}\n"
	"  - {name: ring1, kind: dpdk, devargs: net_ring1, vlan_mode: access, tag: 100}\n"
	"  - {name: ring2, kind: dpdk, devargs: net_ring2, vlan_mode: dot1q-tunnel, tag: 300}\n"
	"  - {name: ring3, kind: dpdk, devargs: net_ring3}\n"
	"  - {name: ring4, kind: dpdk, devargs: net_ring4}\n"
	"bridges:\n"
	"  - {name: v100, vlan: 100, ports: [ring0, ring1], mac_limit: 64}\n"
	"  - {name: v200, vlan: 200, ports: [ring0]}\n"
	"  - {name: v300, vlan: 300, ports: [ring2]}\n"
	"router:\n"
	"  vrfs: [red]\n"
	"  icmp_ratelimit_ms: 0\n"
	"  max_routes: 1024\n"
	"  interfaces:\n"
	"    - {name: gw100, bridge: v100, addresses: [10.1.0.1/24, \"2001:db8:100::1/64\"],\n"
	"       mac: \"02:00:00:00:00:64\", ra: true, proxy_arp: true}\n"
	"    - {name: gw200, bridge: v200, addresses: [10.2.0.1/24], mac: \"02:00:00:00:00:c8\"}\n"
	"    - {name: r3, port: ring3, addresses: [10.3.0.1/24, \"2001:db8:3::1/64\"], mtu: 1280,\n"
	"       mac: \"02:00:00:00:00:03\"}\n"
	"    - {name: r4, port: ring4, addresses: [10.3.0.1/24], vrf: red,\n"
	"       mac: \"02:00:00:00:00:04\"}\n"
	"  routes:\n"
	"    - {to: 0.0.0.0/0, via: [10.3.0.2, 10.3.0.3]}\n"
	"    - {to: 198.51.100.0/24, type: blackhole}\n"
	"    - {to: 203.0.113.0/24, type: prohibit}\n"
	"    - {to: 192.0.2.0/24, type: unreachable}\n"
	"    - {to: 172.16.0.0/12, via: 10.2.0.9, table: 100}\n"
	"    - {to: 0.0.0.0/0, via: 10.3.0.2, vrf: red}\n"
	"    - {to: \"::/0\", via: \"2001:db8:3::2\"}\n"
	"    - {to: \"2001:db8:66::/64\", type: prohibit}\n"
	"    - {to: \"2001:db8:e::/48\", via: [\"2001:db8:3::2\", \"2001:db8:3::3\"]}\n"
	"  neighbours:\n"
	"    - {interface: r3, address: 10.3.0.2, mac: \"02:00:00:00:03:02\"}\n"
	"    - {interface: r3, address: \"2001:db8:3::2\", mac: \"02:00:00:00:03:02\"}\n"
	"  rules:\n"
	"    - {priority: 10, from: 10.1.0.128/25, table: 100}\n"
	"    - {priority: 20, proto: udp, dport: 53, action: prohibit}\n"
	"    - {priority: 30, dscp: 46, iif: gw200, action: blackhole}\n"
	"nat:\n"
	"  inside: [gw100, gw200]\n"
	"  outside: [{interface: r3}]\n"
	"  forwards:\n"
	"    - {proto: tcp, port: 8080, to: 10.1.0.5, to_port: 80}\n"
	"    - {proto: udp, port: 5353, to: 10.2.0.5}\n"
	"  floating_ips:\n"
	"    - {address: 10.3.0.50, to: 10.1.0.7}\n"
	"  max_sessions: 1024\n"
	"  max_sessions_per_host: 64\n"
	"vxlan:\n"
	"  - {name: vx200, vni: 200, bridge: v200, local: 10.3.0.1,\n"
	"     remotes: [10.3.0.2, 10.3.0.3], arp_suppress: true,\n"
	"     neighbours: [{address: 10.2.0.9, mac: \"02:00:00:00:02:09\"}]}\n"
	"  - {name: vx300, vni: 300, bridge: v300, local: \"2001:db8:3::1\",\n"
	"     remotes: [\"2001:db8:3::2\"]}\n";

/* The ports' interfaces: vswd's port type (ports/port_iface.c) probes devices itself; here
 * they are probed below and the interfaces only hold the ids 0..N_PORTS-1, as vswd's ports
 * do, so the router's interfaces get others. */
static int
port_create(struct vsw_iface *f, const void *conf, char *err, size_t err_len)
{
	(void)f;
	(void)conf;
	(void)err;
	(void)err_len;
	return 0;
}

static void
port_destroy(struct vsw_iface *f)
{
	(void)f;
}

static const struct vsw_iface_ops port_ops = {
    .name = "port", .create = port_create, .destroy = port_destroy};

static struct vsw_config cfg;
static struct vsw_port ports[N_PORTS];
static struct rte_ring *rings[N_PORTS];
static struct rte_mempool *pool;
static struct rte_graph *graph;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *eal[] = {"fuzz_datapath", "--no-huge", "-m", "1024", "--no-shconf",
				    "--no-pci", "--lcores", "0@0,1@0", "--log-level", "*:error",
				    "--vdev", "net_ring0", "--vdev", "net_ring1", "--vdev",
				    "net_ring2", "--vdev", "net_ring3", "--vdev", "net_ring4"};
	static struct vsw_dp_port dp[N_PORTS];
	static const uint16_t lcores[] = {1};
	struct vsw_pipeline_conf pc;
	char err[VSW_ERR_MAX], name[64];

	(void)argc;
	(void)argv;
	FUZZ_CHECK(rte_eal_init((int)(sizeof(eal) / sizeof(eal[0])), (char **)eal) >= 0);
	if (vsw_config_parse("fuzz.yaml", conf_text, strlen(conf_text), &cfg, err) != 0) {
		fprintf(stderr, "%s\n", err);
		FUZZ_CHECK(!"the config parses");
	}
	FUZZ_CHECK(vsw_iface_type_register(VSW_IFACE_PORT, &port_ops) == 0);
	for (unsigned int i = 0; i < N_PORTS; i++) {
		struct vsw_iface *f = vsw_iface_create(VSW_IFACE_PORT, cfg.ports[i].name, NULL, err,
						       sizeof(err));

		FUZZ_CHECK(f != NULL && f->id == i);
	}
	pool = vsw_pktmbuf_pool_create("fuzz_pool", POOL_SIZE, 0);
	FUZZ_CHECK(pool != NULL);
	for (unsigned int i = 0; i < N_PORTS; i++) {
		FUZZ_CHECK(vsw_port_probe(&ports[i], &cfg.ports[i], err, sizeof(err)) == 0);
		FUZZ_CHECK(vsw_port_setup(&ports[i], pool, 1, err, sizeof(err)) == 0);
		FUZZ_CHECK(vsw_port_start(&ports[i], err, sizeof(err)) == 0);
		snprintf(name, sizeof(name), "ETH_RXTX0_net_ring%u", i);
		rings[i] = rte_ring_lookup(name);
		FUZZ_CHECK(rings[i] != NULL);
		snprintf(dp[i].name, sizeof(dp[i].name), "%s", cfg.ports[i].name);
		dp[i].eth_port = ports[i].eth_port;
		dp[i].n_rxq = 1;
		dp[i].rxq_worker[0] = -1;
	}
	memset(&pc, 0, sizeof(pc));
	pc.n_ports = N_PORTS;
	pc.ports = dp;
	pc.n_workers = 1;
	pc.worker_lcores = lcores;
	pc.burst = 32;
	pc.fdb_size = 1024;
	pc.pool = pool;
	pc.sizing = &cfg;
	pc.l2 = &cfg;
	if (vsw_pipeline_init(&pc, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		FUZZ_CHECK(!"the pipeline starts");
	}
	graph = vsw_pipeline_worker(0)->graph;

	FUZZ_CHECK(graph != NULL);
	return 0;
}

static void
drain(void)
{
	void *m;

	for (unsigned int i = 0; i < N_PORTS; i++)
		while (rte_ring_dequeue(rings[i], &m) == 0)
			rte_pktmbuf_free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rte_mbuf *m;
	unsigned int port;
	char *p;

	if (size < 2 || size > 1 + 2000)
		return 0;
	port = data[0] % N_PORTS;
	m = rte_pktmbuf_alloc(pool);
	FUZZ_CHECK(m != NULL);
	p = rte_pktmbuf_append(m, (uint16_t)(size - 1));
	FUZZ_CHECK(p != NULL);
	memcpy(p, data + 1, size - 1);
	FUZZ_CHECK(rte_ring_enqueue(rings[port], m) == 0);
	rte_graph_walk(graph);
	drain();
	vsw_l3_poll(0); /* neighbours learned, held packets released, router advertisements */
	rte_graph_walk(graph);
	drain();
	l3_hold_flush();
	vsw_nat_frag_flush(); /* fragments waiting for the rest of their datagram */
	FUZZ_CHECK(rte_mempool_avail_count(pool) == POOL_SIZE);
	return 0;
}
