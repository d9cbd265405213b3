/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswd: parse and validate the whole config, start EAL, ports and workers, then serve as the
 * control plane on the main lcore (the control loop, ctl_loop.h) until SIGINT/SIGTERM.
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
#include <rte_pdump.h>
#include <rte_version.h>

#include "api.h"
#include "apply.h"
#include "bond.h"
#include "ctl_loop.h"
#include "feature_ctl.h"
#include "port_iface.h"
#include "reload.h"
#include "vsw_feature.h"
#include "vsw_log.h"
#include "vsw_mbuf.h"
#include "vswd.h"

#define EXIT_CONFIG 2

struct vswd vswd = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void
usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s -c FILE [-- EAL-OPTIONS...]\n"
		"       %s --check FILE  (or -c FILE --check)\n"
		"  -c, --config FILE  configuration (YAML); see docs/config.md\n"
		"      --check        validate the configuration and exit\n"
		"  -h, --help         this text\n"
		"  -v, --version      print the version\n"
		"EAL options come from the config's 'eal' section; those after '--' are added\n"
		"last and override them.\n",
		prog, prog);
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

/* Ports a reload may add beyond the start-up config's without a bigger pool. */
#define SPARE_PORTS 8

static unsigned int
pool_size(const struct vsw_config *cfg)
{
	static const struct vsw_port_conf spare = {
		.rx_queues = 1, .rx_desc = VSW_DEF_RX_DESC, .tx_desc = VSW_DEF_TX_DESC};
	unsigned int n = 0, i, sz = 1, segs = 1;

	if (cfg->mbufs != 0)
		return cfg->mbufs;
	for (i = 0; i < cfg->n_ports; i++) {
		n += vsw_port_mbuf_need(&cfg->ports[i], cfg->n_workers);
		segs = RTE_MAX(segs, vsw_port_mbuf_segs(&cfg->ports[i]));
	}
	n += SPARE_PORTS * vsw_port_mbuf_need(&spare, cfg->n_workers);
	/* In flight in the graphs and in per-lcore mempool caches: as chains of up to segs
	 * mbufs when an MTU needs more than one (rx rings hold one mbuf per descriptor). */
	n += (cfg->n_workers + 1) * (RTE_GRAPH_BURST_SIZE * 4 + 512) * segs;
	while (sz < n)
		sz <<= 1;
	return sz - 1; /* A power of two minus one is the optimal ring-backed pool size. */
}

/* Every 100 ms: watch links; forget what was learned on a port whose link went down. */
static void
link_watch(void *arg)
{
	struct vsw_iface *f;

	RTE_SET_USED(arg);
	VSW_IFACE_FOREACH(f, VSW_IFACE_PORT) {
		struct vsw_port *p = vsw_port_of(f);
		bool up = vsw_port_link(p, NULL);

		if (up == p->link_up)
			continue;
		VSW_LOG(INFO, MAIN, "port %s link %s\n", f->name, up ? "up" : "down");
		if (!up)
			vsw_features_port_down(f->id);
		p->link_up = up;
	}
	vsw_bond_tick(); /* a bond follows its members' links */
}

static void
on_hup(void *arg)
{
	char err[VSW_API_ERR_MAX];

	RTE_SET_USED(arg);
	if (vswd_reload(NULL, NULL, err, sizeof(err)) == 0)
		VSW_LOG(INFO, MAIN, "SIGHUP: reloaded %s, config generation %lu\n",
			vswd.cfg.path, (unsigned long)vswd.config_gen);
	else
		VSW_LOG(ERR, MAIN, "SIGHUP: reload refused: %s\n", err);
}

/* The control loop, its timers and the API socket. @return 0 or -errno. */
static int
control_init(char *err, size_t err_len)
{
	char path[4096];
	int rc;

	rc = vsw_ctl_init();
	if (rc == 0)
		rc = vsw_ctl_timer_add("link watch", 100 * 1000 * 1000, link_watch, NULL);
	if (rc < 0) {
		snprintf(err, err_len, "control loop: %s", strerror(-rc));
		return rc;
	}
	vsw_ctl_on_hup(on_hup, NULL);
	rc = vswd_api_init();
	if (rc != 0) {
		snprintf(err, err_len, "API handlers: %s", strerror(-rc));
		return rc;
	}
	rc = vswd_features_control_init(err, err_len);
	if (rc != 0)
		return rc;
	snprintf(path, sizeof(path), "%s/%s", vswd_runtime_dir(), VSW_API_SOCK_NAME);
	rc = vsw_api_listen(path);
	if (rc != 0)
		snprintf(err, err_len, "API socket %.200s: %s", path, strerror(-rc));
	return rc;
}

static void
control_fini(void)
{
	vsw_api_close();
	vsw_api_unregister_all();
	vsw_ctl_fini();
}

/*
 * Workers and their (empty) graphs, then the config's ports and tables: the same apply a
 * reload runs, from an empty config. @return 0, or -errno with a message (for an error of
 * the config's, naming file:line:column and with *config_err set).
 */
static int
start_dataplane(char *err, size_t err_len, bool *config_err)
{
	const struct vsw_config *cfg = &vswd.cfg;
	struct vsw_pipeline_conf pc;
	int rc;

	*config_err = false;
	memset(&pc, 0, sizeof(pc));
	pc.n_workers = cfg->n_workers;
	pc.worker_lcores = cfg->worker_lcores;
	pc.burst = cfg->burst;
	pc.idle_sleep_us = cfg->idle_sleep_us;
	pc.idle_threshold_us = cfg->idle_threshold_us;
	pc.fdb_size = cfg->fdb_size;
	pc.sizing = cfg;
	pc.pool = vswd.pool;
	rc = vsw_pipeline_init(&pc, err, err_len);
	if (rc == 0)
		rc = vsw_port_iface_init(vswd.pool, cfg->n_workers, cfg->worker_lcores);
	if (rc != 0)
		return rc;
	pthread_mutex_lock(&vswd.lock);
	rc = vswd_apply_startup(cfg, err, err_len);
	vswd.ports_up = true;
	pthread_mutex_unlock(&vswd.lock);
	if (rc != 0) {
		*config_err = true;
		return rc;
	}
	return vsw_pipeline_start();
}

static void
close_ports(void)
{
	pthread_mutex_lock(&vswd.lock);
	vswd.ports_up = false;
	vswd_ports_destroy_all();
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
	bool check_only = false, config_err;
	struct vsw_iface *f;
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
	if (check_only && config_path == NULL && optind == argc - 1)
		config_path = argv[optind++]; /* vswd --check FILE */
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

	/* Signals are read through the control loop's signalfd only: block them before EAL
	 * creates its threads, which inherit the mask. */
	rc = vsw_ctl_block_signals();
	if (rc != 0) {
		fprintf(stderr, "vswd: cannot block signals: %s\n", strerror(-rc));
		return 1;
	}
	eal_argc = build_eal_argv(cfg, n_over, over, eal_argv, (int)RTE_DIM(eal_argv), lcores,
				  sizeof(lcores));
	/* systemd's RuntimeDirectory= sets RUNTIME_DIRECTORY, which would move EAL's runtime
	 * directory (telemetry and multi-process sockets) away from /var/run/dpdk/<prefix>,
	 * where dpdk-dumpcap, dpdk-telemetry.py and vswctl look: vswd's own files go to its
	 * runtime dir (config runtime.dir), EAL's stay where DPDK's tools find them. */
	unsetenv("RUNTIME_DIRECTORY");
	rc = rte_eal_init(eal_argc, eal_argv);
	if (rc < 0) {
		fprintf(stderr, "%s: EAL initialisation failed: %s (check the 'eal' section)\n",
			cfg->path, rte_strerror(rte_errno));
		return EXIT_CONFIG;
	}
	snprintf(prefix, sizeof(prefix), "%s", runtime_prefix());
	vswd.start_tsc = rte_rdtsc();
	/* From here rte_log writes to stderr only (EAL's default adds syslog, which journald
	 * would record a second time), at the config's levels. */
	rte_openlog_stream(stderr);
	vsw_log_set_levels(cfg->log_levels);
	rc = vswd_runtime_init(cfg, prefix, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "vswd: %s\n", err);
		status = 1;
		goto out_eal;
	}
	/* dpdk-dumpcap (a secondary process) asks, over EAL's multi-process channel, for
	 * rx/tx callbacks on a port's queues; until it does there are none and capture costs
	 * the data path nothing. Needs the shared config: not with --in-memory/--no-shconf. */
	if (rte_pdump_init() != 0)
		fprintf(stderr, "vswd: packet capture unavailable: %s\n", rte_strerror(rte_errno));

	/* Checks that need EAL, still before any port is probed (reload runs them too). */
	if (vswd_config_check_eal(cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		status = EXIT_CONFIG;
		goto out_eal;
	}

	n_mbufs = pool_size(cfg);
	vswd.pool = vsw_pktmbuf_pool_create("vsw_pkts", n_mbufs, (int)rte_socket_id());
	if (vswd.pool == NULL) {
		fprintf(stderr, "vswd: cannot create a pool of %u mbufs: %s\n", n_mbufs,
			rte_strerror(rte_errno));
		status = 1;
		goto out_eal;
	}

	rc = start_dataplane(err, sizeof(err), &config_err);
	if (rc != 0) {
		if (config_err)
			fprintf(stderr, "%s\n", err);
		else
			fprintf(stderr, "vswd: %s\n", err);
		status = config_err ? EXIT_CONFIG : 1;
		goto out_pipeline;
	}
	pthread_mutex_lock(&vswd.lock);
	vswd.config_gen = 1;
	vswd.live = true;
	pthread_mutex_unlock(&vswd.lock);
	vswd_telemetry_init();
	rc = control_init(err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "vswd: %s\n", err);
		status = 1;
		goto out_control;
	}
	vswd_runtime_secure();
	rc = vswd_metrics_start(cfg->metrics_listen, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "vswd: %s\n", err);
		status = 1;
		goto out_control;
	}

	printf("vswd %s: %u ports, %u workers, %u mbufs; telemetry: dpdk-telemetry.py -f %s\n",
	       VSW_VERSION, vsw_iface_count(VSW_IFACE_PORT), cfg->n_workers, n_mbufs, prefix);
	VSW_IFACE_FOREACH(f, VSW_IFACE_PORT) {
		const struct vsw_port *p = vsw_port_of(f);
		char mac[RTE_ETHER_ADDR_FMT_SIZE];

		rte_ether_format_addr(mac, sizeof(mac), &p->mac);
		printf("vswd: port %s id %u (%s, %s) mac %s rxq %u txq %u\n", f->name, f->id,
		       vsw_port_kind_name(p->conf.kind), p->driver, mac, p->n_rxq, p->n_txq);
	}
	printf("vswd: API socket %s/%s, pid file %s/vswd.pid\n", vswd_runtime_dir(),
	       VSW_API_SOCK_NAME, vswd_runtime_dir());
	if (cfg->metrics_listen[0] != '\0')
		printf("vswd: metrics on http://%s/metrics\n", cfg->metrics_listen);
	fflush(stdout);
	/* Ports up, workers polling, API and telemetry answering: ready (systemd Type=notify). */
	snprintf(err, sizeof(err), "READY=1\nMAINPID=%ld\nSTATUS=%u ports, %u workers",
		 (long)getpid(), vsw_iface_count(VSW_IFACE_PORT), cfg->n_workers);
	vswd_sd_notify(err);

	rc = vsw_ctl_run();
	if (rc < 0) {
		fprintf(stderr, "vswd: control loop: %s\n", strerror(-rc));
		status = 1;
	} else {
		printf("vswd: signal %d, stopping\n", rc);
	}
	vswd_sd_notify("STOPPING=1");

out_control:
	/* No API request after this; and telemetry handlers, which cannot be unregistered,
	 * find the state gone (they check `live` under the lock) before anything is freed. */
	control_fini();
	vswd_metrics_stop();
	pthread_mutex_lock(&vswd.lock);
	vswd.live = false;
	pthread_mutex_unlock(&vswd.lock);
out_pipeline:
	vsw_pipeline_stop();
	if (status == 0)
		vswd_print_summary(stdout);
	close_ports();
	vsw_pipeline_fini();
	if (vswd.pool != NULL)
		rte_mempool_free(vswd.pool);
	vsw_port_big_pool_free();
out_eal:
	rte_pdump_uninit();
	rte_eal_cleanup();
	vswd_remove_hugepage_files(prefix);
	vswd_runtime_fini();
	fflush(stdout);
	return status;
}
