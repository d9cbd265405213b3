/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vsw-ndr-gen: the traffic generator tools/ndr drives. A DPDK process with one lcore that
 * sends Ethernet/IPv4/UDP frames at a set rate on every port it has (the --vdev ports, e.g.
 * two net_virtio_user ports on a switch's vhost-user sockets) and counts what comes back.
 *
 * After the EAL arguments and "--", one --port option per port, in port order:
 *   --port SRC_MAC,DST_MAC,SRC_IP,DST_IP,FLOWS[,mac|,STEP]
 * Flow i of a port (i < FLOWS, sent in turn) goes from SRC_IP + i * STEP to DST_IP + i * STEP
 * (STEP 1 unless given; 256 puts each flow in another /24), UDP source port
 * 1024 + (i & 0x7fff), destination port 5001; with ",mac" the low 24 bits of both MACs grow
 * with the flow too (an L2 host pair per flow). --size BYTES (60..1514, without
 * FCS; 64) sets the frame size.
 *
 * Commands on stdin, one a line; each is answered with one line on stdout:
 *   trial PPS SECONDS   send PPS frames/s in all (spread evenly over the ports, paced by the
 *                       TSC in bursts of 32) for SECONDS, then keep receiving for DRAIN_MS;
 *                       answers "result offered=N sent=N received=N late_us=N": frames the
 *                       pacing asked for, frames the ports took (the rest is dropped at the
 *                       generator's tx: a full ring is loss too), frames received on any port,
 *                       and how far the sender fell behind its schedule at worst (a large
 *                       value: the generator itself could not offer the rate).
 *   quit                exit.
 * Frames that arrive between trials are discarded before the next one starts.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#define GEN_MAX_PORTS	4
#define GEN_BURST	32
#define GEN_RING	1024
#define GEN_MBUFS	16383
#define GEN_MAX_FLOWS	(1u << 20)
#define GEN_DRAIN_MS	200
#define GEN_FLUSH_MS	50

struct gen_port {
	struct rte_ether_addr src_mac, dst_mac;
	uint32_t src_ip, dst_ip;	/* host order */
	uint32_t flows;
	uint32_t step;
	int mac_flows;
	uint8_t *frames;		/* flows frames of frame_len bytes */
	uint32_t next;			/* the next flow to send */
};

static struct gen_port ports[GEN_MAX_PORTS];
static unsigned int n_ports;
static uint16_t frame_len = 64;
static struct rte_mempool *pool;

static int parse_ip(const char *s, uint32_t *ip)
{
	unsigned int a, b, c, d;
	char end;

	if (sscanf(s, "%u.%u.%u.%u%c", &a, &b, &c, &d, &end) != 4 || a > 255 || b > 255 ||
	    c > 255 || d > 255)
		return -1;
	*ip = a << 24 | b << 16 | c << 8 | d;
	return 0;
}

/* "SRC_MAC,DST_MAC,SRC_IP,DST_IP,FLOWS[,mac|,STEP]" */
static int parse_port(char *arg, struct gen_port *p)
{
	char *f[6] = { 0 };
	unsigned int n = 0;
	char *save = NULL, *tok;
	unsigned long flows;

	for (tok = strtok_r(arg, ",", &save); tok && n < 6; tok = strtok_r(NULL, ",", &save))
		f[n++] = tok;
	if (n < 5 || rte_ether_unformat_addr(f[0], &p->src_mac) ||
	    rte_ether_unformat_addr(f[1], &p->dst_mac) || parse_ip(f[2], &p->src_ip) ||
	    parse_ip(f[3], &p->dst_ip))
		return -1;
	flows = strtoul(f[4], NULL, 10);
	if (flows < 1 || flows > GEN_MAX_FLOWS)
		return -1;
	p->flows = flows;
	p->step = 1;
	if (n == 6 && !strcmp(f[5], "mac")) {
		p->mac_flows = 1;
	} else if (n == 6) {
		p->step = strtoul(f[5], NULL, 10);
		if (p->step < 1 || p->step > 1u << 16)
			return -1;
	}
	return 0;
}

static void mac_add(struct rte_ether_addr *m, uint32_t i)
{
	uint32_t low = (uint32_t)m->addr_bytes[3] << 16 | m->addr_bytes[4] << 8 |
		       m->addr_bytes[5];

	low += i;
	m->addr_bytes[3] = low >> 16;
	m->addr_bytes[4] = low >> 8;
	m->addr_bytes[5] = low;
}

/* Every flow's frame, checksums included, so sending is a copy. */
static int build_frames(struct gen_port *p)
{
	uint32_t i;

	p->frames = calloc(p->flows, frame_len);
	if (!p->frames)
		return -1;
	for (i = 0; i < p->flows; i++) {
		uint8_t *f = p->frames + (size_t)i * frame_len;
		struct rte_ether_hdr *eth = (struct rte_ether_hdr *)f;
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
		struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
		uint16_t ip_len = frame_len - sizeof(*eth);

		eth->src_addr = p->src_mac;
		eth->dst_addr = p->dst_mac;
		if (p->mac_flows) {
			mac_add(&eth->src_addr, i);
			mac_add(&eth->dst_addr, i);
		}
		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
		ip->version_ihl = RTE_IPV4_VHL_DEF;
		ip->total_length = rte_cpu_to_be_16(ip_len);
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_UDP;
		ip->src_addr = rte_cpu_to_be_32(p->src_ip + i * p->step);
		ip->dst_addr = rte_cpu_to_be_32(p->dst_ip + i * p->step);
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		udp->src_port = rte_cpu_to_be_16(1024 + (i & 0x7fff));
		udp->dst_port = rte_cpu_to_be_16(5001);
		udp->dgram_len = rte_cpu_to_be_16(ip_len - sizeof(*ip));
		udp->dgram_cksum = 0;
	}
	return 0;
}

static int port_init(uint16_t port)
{
	struct rte_eth_conf conf = { 0 };

	if (rte_eth_dev_configure(port, 1, 1, &conf) ||
	    rte_eth_rx_queue_setup(port, 0, GEN_RING, rte_eth_dev_socket_id(port), NULL,
				   pool) ||
	    rte_eth_tx_queue_setup(port, 0, GEN_RING, rte_eth_dev_socket_id(port), NULL) ||
	    rte_eth_dev_start(port))
		return -1;
	return 0;
}

/* Receive on every port: the frames received, freed. */
static uint64_t rx_all(void)
{
	struct rte_mbuf *m[GEN_BURST];
	uint64_t n = 0;
	uint16_t port, got;

	for (port = 0; port < n_ports; port++) {
		got = rte_eth_rx_burst(port, 0, m, GEN_BURST);
		rte_pktmbuf_free_bulk(m, got);
		n += got;
	}
	return n;
}

/* A burst of @n frames of @p's next flows: the frames the port took. */
static uint16_t tx_burst(uint16_t port, unsigned int n)
{
	struct gen_port *p = &ports[port];
	struct rte_mbuf *m[GEN_BURST];
	uint16_t sent;
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(pool, m, n))
		return 0;
	for (i = 0; i < n; i++) {
		rte_memcpy(rte_pktmbuf_mtod(m[i], void *),
			   p->frames + (size_t)p->next * frame_len, frame_len);
		m[i]->data_len = frame_len;
		m[i]->pkt_len = frame_len;
		if (++p->next == p->flows)
			p->next = 0;
	}
	sent = rte_eth_tx_burst(port, 0, m, n);
	if (sent < n)
		rte_pktmbuf_free_bulk(m + sent, n - sent);
	return sent;
}

static void trial(double pps, double seconds)
{
	uint64_t hz = rte_get_tsc_hz(), t0, now, end, drain_end, late = 0;
	uint64_t offered = 0, sent = 0, received = 0;
	unsigned int turn = 0;

	/* What came back after the last trial is not this one's. */
	end = rte_get_tsc_cycles() + hz * GEN_FLUSH_MS / 1000;
	while (rte_get_tsc_cycles() < end)
		rx_all();

	t0 = rte_get_tsc_cycles();
	end = t0 + (uint64_t)(seconds * hz);
	while ((now = rte_get_tsc_cycles()) < end) {
		/* Frames due by now on the schedule. */
		uint64_t due = (uint64_t)((double)(now - t0) * pps / hz);

		if (due >= offered + GEN_BURST) {
			uint64_t behind = (uint64_t)((double)(due - offered - GEN_BURST) * 1e6 / pps);

			if (behind > late)
				late = behind;
			sent += tx_burst(turn, GEN_BURST);
			offered += GEN_BURST;
			turn = (turn + 1) % n_ports;
		}
		received += rx_all();
	}
	drain_end = rte_get_tsc_cycles() + hz * GEN_DRAIN_MS / 1000;
	while (rte_get_tsc_cycles() < drain_end)
		received += rx_all();
	printf("result offered=%" PRIu64 " sent=%" PRIu64 " received=%" PRIu64
	       " late_us=%" PRIu64 "\n", offered, sent, received, late);
	fflush(stdout);
}

static int parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "size", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (n_ports == GEN_MAX_PORTS || parse_port(optarg, &ports[n_ports]))
				return -1;
			n_ports++;
			break;
		case 's':
			frame_len = atoi(optarg);
			if (frame_len < 60 || frame_len > 1514)
				return -1;
			break;
		default:
			return -1;
		}
	}
	return n_ports ? 0 : -1;
}

int main(int argc, char **argv)
{
	char line[256];
	unsigned int i;
	int n;

	n = rte_eal_init(argc, argv);
	if (n < 0) {
		fprintf(stderr, "vsw-ndr-gen: EAL: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	if (parse_args(argc - n, argv + n)) {
		fprintf(stderr, "usage: vsw-ndr-gen EAL-ARGS -- --port SRC_MAC,DST_MAC,SRC_IP,"
			"DST_IP,FLOWS[,mac|,STEP] ... [--size BYTES]\n");
		return 2;
	}
	if (rte_eth_dev_count_avail() < n_ports) {
		fprintf(stderr, "vsw-ndr-gen: %u --port options, %u ports\n", n_ports,
			rte_eth_dev_count_avail());
		return 1;
	}
	pool = rte_pktmbuf_pool_create("gen", GEN_MBUFS, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       rte_socket_id());
	if (!pool) {
		fprintf(stderr, "vsw-ndr-gen: mbuf pool: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	for (i = 0; i < n_ports; i++) {
		if (build_frames(&ports[i]) || port_init(i)) {
			fprintf(stderr, "vsw-ndr-gen: port %u: cannot set up\n", i);
			return 1;
		}
	}
	printf("ready ports=%u size=%u\n", n_ports, frame_len);
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		double pps, seconds;

		if (sscanf(line, "trial %lf %lf", &pps, &seconds) == 2 && pps > 0 && seconds > 0)
			trial(pps, seconds);
		else if (!strncmp(line, "quit", 4))
			break;
		else
			printf("error unknown command\n");
		fflush(stdout);
	}
	for (i = 0; i < n_ports; i++) {
		rte_eth_dev_stop(i);
		rte_eth_dev_close(i);
		free(ports[i].frames);
	}
	rte_eal_cleanup();
	return 0;
}
