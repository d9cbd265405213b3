/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswd: parse and validate the whole config, start EAL, ports and workers, then serve as the
 * control plane on the main lcore until SIGINT/SIGTERM.
 *
 * Exit status: 0 after a clean stop, 2 for a config error (the message names file, line and
 * column), 1 for any other start-up failure.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_version.h>

#include "l2/l2.h"
#include "vsw_mbuf.h"
#include "vswd.h"

#define EXIT_CONFIG 2

struct vswd vswd = {.lock = PTHREAD_MUTEX_INITIALIZER};

static volatile sig_atomic_t quit_signal;

static void
on_signal(int sig)
{
	quit_signal = sig;
}

static void
usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s -c FILE [--check] [-- EAL-OPTIONS...]\n"
		"  -c, --config FILE  configuration (YAML); see docs/config.md\n"
		"      --check        validate the configuration and exit\n"
		"  -h, --help         this text\n"
		"  -v, --version      print the version\n"
		"EAL options come from the config's 'eal' section; those after '--' are added\n"
		"last and override them.\n",
		prog);
}

/* Config errors found after parsing (they need EAL) still name file:line:column. */
static int
config_error(const struct vsw_conf_mark *m, const char *fmt, const char *detail)
{
	fprintf(stderr, "%s:%u:%u: ", vswd.cfg.path, m->line, m->column);
	fprintf(stderr, fmt, detail);
	fputc('\n', stderr);
	return EXIT_CONFIG;
}

static bool
has_arg(int argc, char **argv, const char *const *names)
{
	int i, j;

	for (i = 0; i < argc; i++)
		for (j = 0; names[j] != NULL; j++)
			if (strncmp(argv[i], names[j], strlen(names[j])) == 0)
				return true;
	return false;
}

/* EAL argv: program, core list from the config, eal.args, then command-line overrides. */
static int
build_eal_argv(const struct vsw_config *cfg, int n_over, char **over, char **argv, int max,
	       char *lcores, size_t lcores_len)
{
	static const char *const core_opts[] = {"-l", "-c", "--lcores", "--main-lcore", NULL};
	static char main_lcore[16];
	int argc = 0, i;
	bool eal_cores = false;
	size_t off;
	unsigned int w;

	argv[argc++] = (char *)"vswd";
	for (i = 0; i < (int)cfg->n_eal_args; i++) {
		char *a = (char *)cfg->eal_args[i];

		eal_cores |= has_arg(1, &a, core_opts);
	}
	/* EAL takes one core option only: an explicit one (e.g. --lcores 0@0,1@1 to pin
	 * lcores to CPUs) replaces the list built from main_lcore and workers. */
	if (!eal_cores && !has_arg(n_over, over, core_opts)) {
		off = (size_t)snprintf(lcores, lcores_len, "%u", cfg->main_lcore);
		for (w = 0; w < cfg->n_workers && off < lcores_len; w++)
			off += (size_t)snprintf(lcores + off, lcores_len - off, ",%u",
						cfg->worker_lcores[w]);
		argv[argc++] = (char *)"-l";
		argv[argc++] = lcores;
		snprintf(main_lcore, sizeof(main_lcore), "%u", cfg->main_lcore);
		argv[argc++] = (char *)"--main-lcore";
		argv[argc++] = main_lcore;
	}
	argv[argc++] = (char *)"--file-prefix";
	argv[argc++] = (char *)cfg->file_prefix;
	for (i = 0; i < (int)cfg->n_eal_args && argc < max - n_over - 1; i++)
		argv[argc++] = (char *)cfg->eal_args[i];
	for (i = 0; i < n_over && argc < max - 1; i++)
		argv[argc++] = over[i];
	argv[argc] = NULL;
	return argc;
}

static unsigned int
pool_size(const struct vsw_config *cfg)
{
	unsigned int n = 0, i, sz = 1;

	if (cfg->mbufs != 0)
		return cfg->mbufs;
	for (i = 0; i < cfg->n_ports; i++)
		n += vsw_port_mbuf_need(&cfg->ports[i], cfg->n_workers);
	/* In flight in the graphs and in per-lcore mempool caches. */
	n += (cfg->n_workers + 1) * (RTE_GRAPH_BURST_SIZE * 4 + 512);
	while (sz < n)
		sz <<= 1;
	return sz - 1; /* A power of two minus one is the optimal ring-backed pool size. */
}

/*
 * The control thread's loop: every millisecond apply what workers learned (and age the FDB
 * once a second); every 100 ms watch links, and forget what was learned on a port whose
 * link went down.
 */
static void
control_loop(void)
{
	const struct timespec tick = {0, 1000 * 1000};
	const uint64_t hz = rte_get_tsc_hz(), link_period = hz / 10;
	uint64_t now, next_link = 0;
	bool link[VSW_MAX_PORTS];
	unsigned int i;

	for (i = 0; i < vswd.n_ports; i++)
		link[i] = vsw_port_link(&vswd.ports[i], NULL);
	while (!quit_signal) {
		nanosleep(&tick, NULL);
		now = rte_rdtsc();
		vsw_l2_poll((uint32_t)((now - vswd.start_tsc) / hz));
		if (now < next_link)
			continue;
		next_link = now + link_period;
		for (i = 0; i < vswd.n_ports; i++) {
			bool up = vsw_port_link(&vswd.ports[i], NULL);

			if (up == link[i])
				continue;
			printf("vswd: port %s link %s\n", vswd.ports[i].conf.name,
			       up ? "up" : "down");
			if (!up)
				vsw_l2_port_down((uint16_t)i);
			link[i] = up;
		}
		fflush(stdout);
	}
}

static int
start_dataplane(char *err, size_t err_len)
{
	struct vsw_dp_port dp[VSW_MAX_PORTS];
	struct vsw_xconnect_pair xc[VSW_MAX_PORTS / 2];
	struct vsw_pipeline_conf pc;
	const struct vsw_config *cfg = &vswd.cfg;
	unsigned int i, q, w;
	int rc;

	memset(dp, 0, sizeof(dp));
	for (i = 0; i < vswd.n_ports; i++) {
		const struct vsw_port_conf *c = &cfg->ports[i];

		snprintf(dp[i].name, sizeof(dp[i].name), "%s", c->name);
		dp[i].eth_port = vswd.ports[i].eth_port;
		dp[i].n_rxq = vswd.ports[i].n_rxq;
		for (q = 0; q < VSW_MAX_QUEUES; q++) {
			dp[i].rxq_worker[q] = -1;
			if (q >= c->n_rx_affinity)
				continue;
			for (w = 0; w < cfg->n_workers; w++)
				if (cfg->worker_lcores[w] == c->rx_affinity[q])
					dp[i].rxq_worker[q] = (int16_t)w;
		}
	}
	for (i = 0; i < cfg->n_xconnects; i++) {
		xc[i].a = cfg->xconnects[i].a;
		xc[i].b = cfg->xconnects[i].b;
	}
	memset(&pc, 0, sizeof(pc));
	pc.n_ports = vswd.n_ports;
	pc.ports = dp;
	pc.n_workers = cfg->n_workers;
	pc.worker_lcores = cfg->worker_lcores;
	pc.burst = cfg->burst;
	pc.idle_sleep_us = cfg->idle_sleep_us;
	pc.idle_threshold_us = cfg->idle_threshold_us;
	pc.n_xconnects = cfg->n_xconnects;
	pc.xconnects = xc;
	pc.l2 = cfg;
	rc = vsw_pipeline_init(&pc, err, err_len);
	if (rc != 0)
		return rc;
	for (i = 0; i < vswd.n_ports; i++) {
		rc = vsw_port_start(&vswd.ports[i], err, err_len);
		if (rc != 0)
			return rc;
	}
	return vsw_pipeline_start();
}

static void
close_ports(void)
{
	unsigned int i;

	pthread_mutex_lock(&vswd.lock);
	vswd.ports_up = false;
	for (i = 0; i < vswd.n_ports; i++)
		vsw_port_close(&vswd.ports[i]);
	pthread_mutex_unlock(&vswd.lock);
}

static char *
runtime_prefix(void)
{
	static char dir[4096];

	snprintf(dir, sizeof(dir), "%s", rte_eal_get_runtime_dir());
	return basename(dir);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'}, {"check", no_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0}};
	char *eal_argv[2 * VSW_MAX_EAL_ARGS + 16];
	char lcores[1024], err[VSW_ERR_MAX + 128], prefix[256];
	const char *config_path = NULL;
	struct vsw_config *cfg = &vswd.cfg;
	bool check_only = false;
	int opt, rc, eal_argc, n_over = 0, status = 0;
	char **over = NULL;
	unsigned int i, n_mbufs;

	/* Everything after "--" is for EAL. */
	for (i = 1; i < (unsigned int)argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			over = &argv[i + 1];
			n_over = argc - (int)i - 1;
			argc = (int)i;
			break;
		}
	}
	while ((opt = getopt_long(argc, argv, "c:hv", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config_path = optarg;
			break;
		case 'k':
			check_only = true;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		case 'v':
			printf("vswd %s (%s)\n", VSW_VERSION, rte_version());
			return 0;
		default:
			usage(stderr, argv[0]);
			return EXIT_CONFIG;
		}
	}
	if (config_path == NULL || optind != argc) {
		usage(stderr, argv[0]);
		return EXIT_CONFIG;
	}

	/* The whole config is parsed and validated before EAL or any port is touched. */
	rc = vsw_config_load(config_path, cfg, err);
	if (rc != 0) {
		fprintf(stderr, "%s\n", err);
		return EXIT_CONFIG;
	}
	if (check_only) {
		printf("%s: OK\n", config_path);
		return 0;
	}

	eal_argc = build_eal_argv(cfg, n_over, over, eal_argv, (int)RTE_DIM(eal_argv), lcores,
				  sizeof(lcores));
	rc = rte_eal_init(eal_argc, eal_argv);
	if (rc < 0) {
		fprintf(stderr, "%s: EAL initialisation failed: %s (check the 'eal' section)\n",
			cfg->path, rte_strerror(rte_errno));
		return EXIT_CONFIG;
	}
	snprintf(prefix, sizeof(prefix), "%s", runtime_prefix());
	vswd.start_tsc = rte_rdtsc();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);

	/* Checks that need EAL, still before any port is probed. */
	for (i = 0; i < cfg->n_workers; i++) {
		if (!rte_lcore_is_enabled(cfg->worker_lcores[i]) ||
		    cfg->worker_lcores[i] == rte_get_main_lcore()) {
			snprintf(err, sizeof(err), "%u", cfg->worker_lcores[i]);
			status = config_error(&cfg->workers_mark,
					      "worker lcore %s is not an enabled EAL worker lcore",
					      err);
			goto out_eal;
		}
	}
	for (i = 0; i < cfg->n_ports; i++) {
		if (cfg->ports[i].kind != VSW_PORT_DPDK)
			continue;
		if (vsw_port_devargs_check(cfg->ports[i].devargs, err, sizeof(err)) != 0) {
			status = config_error(&cfg->ports[i].devargs_mark, "%s", err);
			goto out_eal;
		}
	}

	pthread_mutex_lock(&vswd.lock);
	for (i = 0; i < cfg->n_ports; i++) {
		rc = vsw_port_probe(&vswd.ports[i], &cfg->ports[i], err, sizeof(err));
		if (rc == 0)
			vswd.n_ports = i + 1;
		else
			break;
	}
	vswd.ports_up = true;
	pthread_mutex_unlock(&vswd.lock);
	if (rc != 0) {
		const struct vsw_conf_mark *m = cfg->ports[i].kind == VSW_PORT_DPDK ?
							&cfg->ports[i].devargs_mark :
							&cfg->ports[i].mark;
		char msg[VSW_ERR_MAX + 256];

		snprintf(msg, sizeof(msg), "port '%s': %s", cfg->ports[i].name, err);
		status = config_error(m, "%s", msg);
		goto out_ports;
	}

	n_mbufs = pool_size(cfg);
	vswd.pool = vsw_pktmbuf_pool_create("vsw_pkts", n_mbufs, (int)rte_socket_id());
	if (vswd.pool == NULL) {
		fprintf(stderr, "vswd: cannot create a pool of %u mbufs: %s\n", n_mbufs,
			rte_strerror(rte_errno));
		status = 1;
		goto out_ports;
	}
	for (i = 0; i < vswd.n_ports; i++) {
		rc = vsw_port_setup(&vswd.ports[i], vswd.pool, (uint16_t)cfg->n_workers, err,
				    sizeof(err));
		if (rc != 0) {
			char msg[VSW_ERR_MAX + 256];

			snprintf(msg, sizeof(msg), "port '%s': %s", cfg->ports[i].name, err);
			status = config_error(&cfg->ports[i].mark, "%s", msg);
			goto out_ports;
		}
	}

	rc = start_dataplane(err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "vswd: %s\n", err);
		status = 1;
		goto out_pipeline;
	}
	vswd_telemetry_init();
	vswd_secure_runtime_dir();

	printf("vswd %s: %u ports, %u workers, %u mbufs; telemetry: dpdk-telemetry.py -f %s\n",
	       VSW_VERSION, vswd.n_ports, cfg->n_workers, n_mbufs, prefix);
	for (i = 0; i < vswd.n_ports; i++) {
		const struct vsw_port *p = &vswd.ports[i];
		char mac[RTE_ETHER_ADDR_FMT_SIZE];

		rte_ether_format_addr(mac, sizeof(mac), &p->mac);
		printf("vswd: port %s (%s, %s) mac %s rxq %u txq %u\n", p->conf.name,
		       vsw_port_kind_name(p->conf.kind), p->driver, mac, p->n_rxq, p->n_txq);
	}
	fflush(stdout);

	control_loop();
	printf("vswd: signal %d, stopping\n", (int)quit_signal);

out_pipeline:
	vsw_pipeline_stop();
	if (status == 0)
		vswd_print_summary(stdout);
out_ports:
	close_ports();
	vsw_pipeline_fini();
	if (vswd.pool != NULL)
		rte_mempool_free(vswd.pool);
out_eal:
	rte_eal_cleanup();
	vswd_remove_hugepage_files(prefix);
	fflush(stdout);
	return status;
}
