/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the fuzz targets assert beyond "no crash": a config the parser accepts keeps every
 * promise vsw_config.h makes to the code that uses it (vswd indexes arrays with these
 * numbers without checking them again), and an error message is a NUL-terminated
 * "NAME:..." string. A broken promise aborts with the reason, so libFuzzer keeps the input.
 */
#ifndef VSW_FUZZ_CHECK_H
#define VSW_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsw_config.h"

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static inline int
fuzz_str_ok(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

/* A failed parse or diff: an error message naming @p name, inside its buffer. */
static inline void
fuzz_check_err(const char err[VSW_ERR_MAX], const char *name)
{
	FUZZ_CHECK(fuzz_str_ok(err, VSW_ERR_MAX));
	FUZZ_CHECK(strncmp(err, name, strlen(name)) == 0 && err[strlen(name)] == ':');
}

static inline void
fuzz_check_port(const struct vsw_port_conf *p)
{
	FUZZ_CHECK(fuzz_str_ok(p->name, sizeof(p->name)) && p->name[0] != '\0');
	FUZZ_CHECK(fuzz_str_ok(p->devargs, sizeof(p->devargs)));
	FUZZ_CHECK(fuzz_str_ok(p->iface, sizeof(p->iface)));
	FUZZ_CHECK(fuzz_str_ok(p->path, sizeof(p->path)));
	FUZZ_CHECK(p->kind == VSW_PORT_DPDK || p->kind == VSW_PORT_VHOST ||
		   p->kind == VSW_PORT_TAP || p->kind == VSW_PORT_BOND);
	FUZZ_CHECK(p->rx_queues >= 1 && p->rx_queues <= VSW_MAX_QUEUES);
	FUZZ_CHECK(p->n_rx_affinity == 0 || p->n_rx_affinity == p->rx_queues);
	FUZZ_CHECK(p->vlan_mode <= VSW_VLAN_DOT1Q_TUNNEL);
	if (p->vlan_mode == VSW_VLAN_ACCESS || p->vlan_mode == VSW_VLAN_DOT1Q_TUNNEL)
		FUZZ_CHECK(p->tag >= 1 && p->tag <= VSW_VLAN_MAX);
	if (p->vlan_mode == VSW_VLAN_TRUNK) {
		unsigned int n = 0;

		for (unsigned int v = 0; v < 4096; v++)
			n += vsw_vlan_bit(p->trunks, (uint16_t)v);
		FUZZ_CHECK(n == p->n_trunks);
		FUZZ_CHECK(!vsw_vlan_bit(p->trunks, 0) && !vsw_vlan_bit(p->trunks, 4095));
		FUZZ_CHECK(p->native_vlan <= VSW_VLAN_MAX);
		FUZZ_CHECK(p->tpid == 0x8100 || p->tpid == 0x88a8);
	}
}

/* Every promise of an accepted config. */
static inline void
fuzz_check_config(const struct vsw_config *c)
{
	unsigned int i, j, k;

	FUZZ_CHECK(fuzz_str_ok(c->path, sizeof(c->path)));
	FUZZ_CHECK(fuzz_str_ok(c->file_prefix, sizeof(c->file_prefix)));
	FUZZ_CHECK(c->n_eal_args <= VSW_MAX_EAL_ARGS);
	for (i = 0; i < c->n_eal_args; i++)
		FUZZ_CHECK(fuzz_str_ok(c->eal_args[i], sizeof(c->eal_args[i])));

	FUZZ_CHECK(c->n_workers >= 1 && c->n_workers <= VSW_MAX_WORKERS);
	for (i = 0; i < c->n_workers; i++) {
		FUZZ_CHECK(c->worker_lcores[i] != c->main_lcore);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(c->worker_lcores[i] != c->worker_lcores[j]);
	}
	FUZZ_CHECK(c->burst >= 1 && c->burst <= 256);

	FUZZ_CHECK(c->n_ports <= VSW_MAX_PORTS);
	for (i = 0; i < c->n_ports; i++) {
		const struct vsw_port_conf *p = &c->ports[i];

		fuzz_check_port(p);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(p->name, c->ports[j].name) != 0);
		if (p->kind != VSW_PORT_BOND)
			continue;
		/* A bond: 1..8 distinct members, each a port that is no bond, in no other bond. */
		FUZZ_CHECK(p->n_members >= 1 && p->n_members <= VSW_BOND_MAX_MEMBERS);
		for (j = 0; j < p->n_members; j++) {
			FUZZ_CHECK(p->members[j] < c->n_ports && p->members[j] != i);
			FUZZ_CHECK(c->ports[p->members[j]].kind != VSW_PORT_BOND);
			for (k = 0; k < j; k++)
				FUZZ_CHECK(p->members[k] != p->members[j]);
		}
	}
	for (i = 0; i < c->n_ports; i++)
		for (j = i + 1; j < c->n_ports; j++)
			for (k = 0; c->ports[i].kind == VSW_PORT_BOND && c->ports[j].kind ==
					VSW_PORT_BOND && k < c->ports[i].n_members; k++)
				for (unsigned int m = 0; m < c->ports[j].n_members; m++)
					FUZZ_CHECK(c->ports[i].members[k] != c->ports[j].members[m]);

	FUZZ_CHECK(c->n_xconnects <= VSW_MAX_PORTS / 2);
	for (i = 0; i < c->n_xconnects; i++) {
		FUZZ_CHECK(c->xconnects[i].a < c->n_ports && c->xconnects[i].b < c->n_ports);
		FUZZ_CHECK(c->xconnects[i].a != c->xconnects[i].b);
	}

	FUZZ_CHECK(c->n_bridges <= VSW_MAX_BRIDGES);
	for (i = 0; i < c->n_bridges; i++) {
		const struct vsw_bridge_conf *b = &c->bridges[i];

		FUZZ_CHECK(fuzz_str_ok(b->name, sizeof(b->name)) && b->name[0] != '\0');
		FUZZ_CHECK(b->vlan <= VSW_VLAN_MAX);
		FUZZ_CHECK(b->n_ports >= 1 && b->n_ports <= c->n_ports);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(b->name, c->bridges[j].name) != 0);
		for (j = 0; j < b->n_ports; j++) {
			FUZZ_CHECK(b->ports[j] < c->n_ports);
			for (k = 0; k < j; k++)
				FUZZ_CHECK(b->ports[j] != b->ports[k]);
			/* A cross-connected port is in no bridge. */
			for (k = 0; k < c->n_xconnects; k++)
				FUZZ_CHECK(c->xconnects[k].a != b->ports[j] &&
					   c->xconnects[k].b != b->ports[j]);
		}
	}

	FUZZ_CHECK(c->n_static_macs <= VSW_MAX_STATIC_MACS);
	FUZZ_CHECK(c->n_static_macs <= c->fdb_size);
	for (i = 0; i < c->n_static_macs; i++) {
		const struct vsw_fdb_static_conf *s = &c->static_macs[i];
		const struct vsw_bridge_conf *b;

		FUZZ_CHECK(s->bridge < c->n_bridges);
		b = &c->bridges[s->bridge];
		for (j = 0; j < b->n_ports; j++)
			if (b->ports[j] == s->port)
				break;
		FUZZ_CHECK(j < b->n_ports); /* The entry's port is a member of its bridge. */
		FUZZ_CHECK(!(s->mac[0] & 1));
		FUZZ_CHECK(s->mac[0] | s->mac[1] | s->mac[2] | s->mac[3] | s->mac[4] | s->mac[5]);
	}
}

#endif /* VSW_FUZZ_CHECK_H */
