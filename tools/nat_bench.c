/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vsw-nat-bench: how fast one worker makes NAT sessions (issue 8: >= 1,000,000 a second per
 * worker), and what an established flow then costs, on the real graph with nothing else in
 * the way. Two net_ring ports, routed: "in" (NAT inside, 10.0.0.1/8) and "out" (outside,
 * 192.0.2.1/24, a pool of 16 addresses, the gateway 192.0.2.2 a static neighbour). The tool
 * writes bursts of 32 UDP frames into in's ring, every frame a new flow — --flows of them,
 * from 4,096 hosts each using its own ports, to 16 servers — walks the worker graph once per
 * burst and frees what out sent; then it sends the same flows again (every frame an
 * established session); then it flushes the sessions and makes them all again (the tables'
 * memory then touched before, as in a vswd that has run a while). It times the graph walks only (building and freeing the frames is
 * outside the timing) and reads the nodes' own cycle counters.
 *
 *   build/tools/vsw-nat-bench [--flows N] [--lcore C]
 *
 * It runs on one lcore (C, default 1) with hugepages (tools/setup-hugepages.sh, about 2 GB
 * for a million flows), as its own DPDK process (--in-memory: no files left behind).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_graph_worker.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_udp.h>

#include "iface/iface.h"
#include "nat/nat.h"
#include "vsw_config.h"
#include "vsw_mbuf.h"
#include "vsw_pipeline.h"
#include "vsw_port.h"

#define N_PORTS 2
#define BURST 32
#define POOL_SIZE 16383
#define HOSTS 4096

static const char conf_fmt[] =
	"workers: {lcores: [%u]}\n"
	"ports:\n"
	"  - {name: pin, kind: dpdk, devargs: net_ring0}\n"
	"  - {name: pout, kind: dpdk, devargs: net_ring1}\n"
	"router:\n"
	"  interfaces:\n"
	"    - {name: in, port: pin, addresses: [10.0.0.1/8], mac: \"02:00:00:00:00:01\"}\n"
	"    - {name: out, port: pout, addresses: [192.0.2.1/24], mac: \"02:00:00:00:00:02\"}\n"
	"  routes:\n"
	"    - {to: 0.0.0.0/0, via: 192.0.2.2}\n"
	"  neighbours:\n"
	"    - {interface: out, address: 192.0.2.2, mac: \"02:00:00:00:00:fe\"}\n"
	"nat:\n"
	"  inside: [in]\n"
	"  outside:\n"
	"    - interface: out\n"
	"      pool: [198.51.100.0, 198.51.100.1, 198.51.100.2, 198.51.100.3, 198.51.100.4,\n"
	"             198.51.100.5, 198.51.100.6, 198.51.100.7, 198.51.100.8, 198.51.100.9,\n"
	"             198.51.100.10, 198.51.100.11, 198.51.100.12, 198.51.100.13,\n"
	"             198.51.100.14, 198.51.100.15]\n"
	"  max_sessions: %u\n"
	"  max_sessions_per_host: 65536\n"
	"  timeouts: {udp: 86400}\n";

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

static void __attribute__((noreturn))
die(const char *what, const char *err)
{
	fprintf(stderr, "vsw-nat-bench: %s%s%s\n", what, err[0] != '\0' ? ": " : "", err);
	exit(1);
}

static void
setup(unsigned int lcore, uint32_t max_sessions)
{
	static struct vsw_dp_port dp[N_PORTS];
	static char text[2048];
	static uint16_t lcores[1];
	struct vsw_pipeline_conf pc;
	char err[VSW_ERR_MAX] = "", name[64];

	lcores[0] = (uint16_t)lcore;
	snprintf(text, sizeof(text), conf_fmt, lcore, max_sessions);
	if (vsw_config_parse("nat-bench.yaml", text, strlen(text), &cfg, err) != 0)
		die("config", err);
	if (vsw_iface_type_register(VSW_IFACE_PORT, &port_ops) != 0)
		die("interface type", "");
	for (unsigned int i = 0; i < N_PORTS; i++)
		if (vsw_iface_create(VSW_IFACE_PORT, cfg.ports[i].name, NULL, err, sizeof(err)) ==
		    NULL)
			die("interface", err);
	pool = vsw_pktmbuf_pool_create("natbench_pool", POOL_SIZE, 0);
	if (pool == NULL)
		die("mbuf pool", "");
	for (unsigned int i = 0; i < N_PORTS; i++) {
		if (vsw_port_probe(&ports[i], &cfg.ports[i], err, sizeof(err)) != 0 ||
		    vsw_port_setup(&ports[i], pool, 1, err, sizeof(err)) != 0 ||
		    vsw_port_start(&ports[i], err, sizeof(err)) != 0)
			die("port", err);
		snprintf(name, sizeof(name), "ETH_RXTX0_net_ring%u", i);
		rings[i] = rte_ring_lookup(name);
		if (rings[i] == NULL)
			die("ring", name);
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
	pc.burst = BURST;
	pc.fdb_size = 1024;
	pc.pool = pool;
	pc.sizing = &cfg;
	pc.l2 = &cfg;
	if (vsw_pipeline_init(&pc, err, sizeof(err)) != 0)
		die("pipeline", err);
	graph = vsw_pipeline_worker(0)->graph;
}

/* Flow @p i: host 10.0.1.0 + i % HOSTS, its own source port (i / HOSTS), one of 16 servers. */
static void
frame(struct rte_mbuf *m, uint32_t i)
{
	static const struct rte_ether_addr src = {{0x02, 0, 0, 0, 0x10, 0x01}};
	static const struct rte_ether_addr dst = {{0x02, 0, 0, 0, 0, 0x01}};
	struct rte_ether_hdr *eth =
		(struct rte_ether_hdr *)rte_pktmbuf_append(m, sizeof(*eth) + 20 + 8 + 18);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint32_t host = i % HOSTS;

	eth->dst_addr = dst;
	eth->src_addr = src;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(20 + 8 + 18);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	/* 10.0.1.0 on, consecutive: the pool's 16 addresses get 256 hosts each. */
	ip->src_addr = rte_cpu_to_be_32(0x0a000100u + host);
	ip->dst_addr = rte_cpu_to_be_32(0xcb007100u | (1u + i % 16)); /* 203.0.113.1-16 */
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16((uint16_t)(1024 + i / HOSTS));
	udp->dst_port = RTE_BE16(5001);
	udp->dgram_len = rte_cpu_to_be_16(8 + 18);
	udp->dgram_cksum = 0;
}

static void
drain(void)
{
	void *objs[BURST];
	unsigned int n;

	for (unsigned int p = 0; p < N_PORTS; p++)
		while ((n = rte_ring_dequeue_burst(rings[p], objs, BURST, NULL)) > 0)
			rte_pktmbuf_free_bulk((struct rte_mbuf **)objs, n);
}

/* Send flows 0..@p n - 1 once; @return the TSC cycles spent in graph walks. */
static uint64_t
pass(uint32_t n)
{
	struct rte_mbuf *m[BURST];
	uint64_t cycles = 0;

	for (uint32_t i = 0; i < n; i += BURST) {
		uint32_t k = RTE_MIN(n - i, (uint32_t)BURST);
		uint64_t t0;

		if (rte_pktmbuf_alloc_bulk(pool, m, k) != 0)
			die("no mbufs", "");
		for (uint32_t j = 0; j < k; j++)
			frame(m[j], i + j);
		if (rte_ring_enqueue_bulk(rings[0], (void **)m, k, NULL) != k)
			die("ring full", "");
		t0 = rte_rdtsc_precise();
		rte_graph_walk(graph);
		cycles += rte_rdtsc_precise() - t0;
		drain();
	}
	return cycles;
}

struct nodes {
	uint64_t cycles[8], objs[8];
};

static const char *const node_names[] = {"nat44_in2out", "ip4_input", "l3_input", "eth_input"};

static void
node_fn(const struct vsw_node_stats *s, void *arg)
{
	struct nodes *n = arg;

	for (unsigned int i = 0; i < RTE_DIM(node_names); i++)
		if (strcmp(s->name, node_names[i]) == 0) {
			n->cycles[i] = s->cycles;
			n->objs[i] = s->objs;
		}
}

static void
report(const char *what, uint32_t n, uint64_t cycles, const struct nodes *a,
       const struct nodes *b)
{
	double hz = (double)rte_get_tsc_hz();

	printf("%s: %u packets in %.3f s of graph walks: %.0f per second, %.1f TSC cycles a "
	       "packet in the whole graph",
	       what, n, (double)cycles / hz, n / ((double)cycles / hz), (double)cycles / n);
	for (unsigned int i = 0; i < RTE_DIM(node_names); i++) {
		uint64_t o = b->objs[i] - a->objs[i];

		if (o != 0)
			printf("; %s %.1f", node_names[i], (double)(b->cycles[i] - a->cycles[i]) / o);
	}
	printf("\n");
}

int
main(int argc, char **argv)
{
	uint32_t flows = 1000000;
	unsigned int lcore = 1;
	char lc[32], *eal[] = {argv[0],	  "--in-memory", "--no-pci", "--lcores", lc,
			       "--log-level", "*:error", "--vdev",     "net_ring0", "--vdev",
			       "net_ring1"};
	struct vsw_nat_stats st0, st1, st2, st3;
	struct nodes n0 = {0}, n1 = {0}, n2 = {0}, n3 = {0};
	uint64_t c_cold, c_new, c_est;
	rte_cpuset_t cs;
	int c;

	while ((c = getopt(argc, argv, "f:l:h")) != -1) {
		if (c == 'f')
			flows = (uint32_t)strtoul(optarg, NULL, 0);
		else if (c == 'l')
			lcore = (unsigned int)strtoul(optarg, NULL, 0);
		else {
			fprintf(stderr, "usage: vsw-nat-bench [-f FLOWS] [-l LCORE]\n");
			return 2;
		}
	}
	if (flows == 0 || flows > 1000000 || flows % BURST != 0)
		die("-f: a multiple of 32 up to 1,000,000 (16 pool addresses' ports)", "");
	snprintf(lc, sizeof(lc), "0@0,%u@%u", lcore, lcore);
	if (rte_eal_init((int)RTE_DIM(eal), eal) < 0)
		die("EAL", "");
	setup(lcore, 2 * 1048576);
	/* The graph runs here, on the main lcore, moved to the worker's CPU. */
	CPU_ZERO(&cs);
	CPU_SET(lcore, &cs);
	if (rte_thread_set_affinity(&cs) != 0)
		die("affinity", "");
	vsw_nat_stats_get(&st0);
	vsw_pipeline_node_stats(node_fn, &n0);
	c_cold = pass(flows);
	vsw_nat_stats_get(&st1);
	vsw_pipeline_node_stats(node_fn, &n1);
	c_est = pass(flows);
	vsw_nat_stats_get(&st2);
	vsw_pipeline_node_stats(node_fn, &n2);
	/* Flushed (the workers delete in slices, once per walk), then made again: memory the
	 * tables had not touched before costs page faults the first time only. */
	vsw_nat_flush();
	for (unsigned int i = 0; i < 1000000 && st2.sessions != 0; i++) {
		rte_graph_walk(graph);
		vsw_nat_stats_get(&st2);
	}
	vsw_pipeline_node_stats(node_fn, &n2);
	c_new = pass(flows);
	vsw_nat_stats_get(&st3);
	vsw_pipeline_node_stats(node_fn, &n3);
	printf("vsw-nat-bench: %u flows (4,096 hosts, 16 servers, a pool of 16 addresses), one "
	       "worker on lcore %u, TSC %.2f GHz\n",
	       flows, lcore, rte_get_tsc_hz() / 1e9);
	report("new sessions, first use of the tables' memory", flows, c_cold, &n0, &n1);
	report("established", flows, c_est, &n1, &n2);
	report("new sessions, after a flush", flows, c_new, &n2, &n3);
	printf("sessions: %lu made in the first pass, %lu after the flush; refused %lu\n",
	       (unsigned long)(st1.sessions - st0.sessions), (unsigned long)st3.sessions,
	       (unsigned long)(st3.limit + st3.host_limit));
	return st1.sessions - st0.sessions == flows && st3.sessions == flows ? 0 : 1;
}
