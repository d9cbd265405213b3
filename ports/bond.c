/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bonds as interfaces (VSW_IFACE_BOND). Why a bond of vsw's own rather than DPDK's
 * net_bonding PMD, and how it sits in the graph: docs/architecture.md, "Bonds".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bond.h"
#include "bond/bond_dp.h"
#include "core/core.h"
#include "port_iface.h"
#include "vsw_feature.h"
#include "vsw_log.h"
#include "vsw_pipeline.h"

#define NO_MEMBER (-1)

struct bond {
	struct vsw_port_conf conf;
	unsigned int n_members;
	uint16_t member[VSW_BOND_MAX_MEMBERS]; /* interface ids, in 'members' order */
	int active;                            /* index into member, or NO_MEMBER */
	uint64_t failovers;
	uint64_t failovers_to[VSW_BOND_MAX_MEMBERS];
};

static struct bond *
bond_of(const struct vsw_iface *iface)
{
	return iface->priv;
}

static const struct vsw_port *
member_port(const struct bond *b, unsigned int k)
{
	struct vsw_iface *f = vsw_iface_from_id(b->member[k]);

	return f != NULL && f->type == VSW_IFACE_PORT ? vsw_port_of(f) : NULL;
}

/*
 * Make member @p k (NO_MEMBER: none) the one that carries @p iface's traffic: it receives
 * first, then the bond sends on it, then the previous member stops receiving (so that no
 * moment has no member receiving while one is up).
 */
static void
set_active(struct vsw_iface *iface, int k)
{
	struct bond *b = bond_of(iface);
	const struct vsw_port *p = k == NO_MEMBER ? NULL : member_port(b, (unsigned int)k);
	int old = b->active;

	if (p != NULL && vsw_bond_rx_active(b->member[k], true) != 0)
		VSW_LOG(ERR, PORT, "bond %s: cannot enable member %u\n", iface->name, b->member[k]);
	vsw_port_tx_via_set(iface->id, p != NULL ? p->eth_port : UINT16_MAX);
	if (old != NO_MEMBER && old != k)
		vsw_bond_rx_active(b->member[old], false);
	b->active = p != NULL ? k : NO_MEMBER;
}

/* The first member in 'members' order whose link is up, or NO_MEMBER. */
static int
first_up(const struct bond *b)
{
	unsigned int k;

	for (k = 0; k < b->n_members; k++) {
		const struct vsw_port *p = member_port(b, k);

		if (p != NULL && p->link_up)
			return (int)k;
	}
	return NO_MEMBER;
}

static int
bond_create(struct vsw_iface *iface, const void *conf, char *err, size_t err_len)
{
	const struct vsw_port_conf *c = conf;
	struct vsw_dp_port dp;
	struct bond *b;
	unsigned int k, q;
	uint16_t mtu = UINT16_MAX;
	int rc;

	b = calloc(1, sizeof(*b));
	if (b == NULL) {
		snprintf(err, err_len, "no memory");
		return -ENOMEM;
	}
	b->conf = *c;
	b->active = NO_MEMBER;
	for (k = 0; k < c->n_members; k++) {
		struct vsw_iface *f = vsw_iface_from_name(c->member_names[k]);

		if (f == NULL || f->type != VSW_IFACE_PORT) {
			snprintf(err, err_len, "member '%s' is not a running port", c->member_names[k]);
			free(b);
			return -ENODEV;
		}
		b->member[k] = f->id;
		if (vsw_port_of(f)->mtu != 0 && vsw_port_of(f)->mtu < mtu)
			mtu = vsw_port_of(f)->mtu;
	}
	b->n_members = c->n_members;
	/* The bond sends what every member can: at most the smallest member MTU. */
	if (c->mtu != 0 && mtu != UINT16_MAX && c->mtu > mtu) {
		snprintf(err, err_len, "MTU %u is larger than a member's (%u)", c->mtu, mtu);
		free(b);
		return -EINVAL;
	}
	memset(&dp, 0, sizeof(dp));
	snprintf(dp.name, sizeof(dp.name), "%s", c->name);
	dp.eth_port = member_port(b, 0)->eth_port; /* the bond's MAC is its first member's */
	dp.n_rxq = 0;
	dp.mtu = c->mtu != 0 ? c->mtu : (mtu != UINT16_MAX ? mtu : 0);
	dp.tx_indirect = true;
	for (q = 0; q < VSW_MAX_QUEUES; q++)
		dp.rxq_worker[q] = -1;
	rc = vsw_pipeline_port_set(iface->id, &dp, err, err_len);
	if (rc != 0) {
		free(b);
		return rc;
	}
	iface->priv = b;
	set_active(iface, first_up(b));
	VSW_LOG(INFO, PORT, "bond %s: %u members, active %s\n", iface->name, b->n_members,
		b->active == NO_MEMBER ? "none" : c->member_names[b->active]);
	return 0;
}

/* Only what is not the bond's own (its L2 keys) can change in place: the rest re-creates
 * it (VSW_PORT_CHG_DEVICE, app/apply.c). */
static int
bond_reconfig(struct vsw_iface *iface, const void *conf, uint32_t mask, char *err,
	      size_t err_len)
{
	if (mask & (VSW_PORT_CHG_DEVICE | VSW_PORT_CHG_AFFINITY)) {
		snprintf(err, err_len, "bond %s: a member or mode change needs a new bond",
			 iface->name);
		return -EINVAL;
	}
	bond_of(iface)->conf = *(const struct vsw_port_conf *)conf;
	return 0;
}

static void
bond_destroy(struct vsw_iface *iface)
{
	struct bond *b = bond_of(iface);
	char err[256];
	unsigned int k;

	vsw_port_tx_via_set(iface->id, UINT16_MAX);
	for (k = 0; k < b->n_members; k++)
		vsw_bond_rx_active(b->member[k], false);
	vsw_pipeline_port_clear(iface->id);
	vsw_port_tx_gone(iface->name);
	if (vsw_pipeline_rebuild(err, sizeof(err)) != 0)
		fprintf(stderr, "vswd: bond %s: graph rebuild failed: %s\n", iface->name, err);
	free(b);
}

static const struct vsw_iface_ops bond_ops = {
	.name = "bond",
	.create = bond_create,
	.reconfig = bond_reconfig,
	.destroy = bond_destroy,
};

int
vsw_bond_init(void)
{
	return vsw_iface_type_register(VSW_IFACE_BOND, &bond_ops);
}

struct vsw_iface *
vsw_bond_iface_create(const struct vsw_port_conf *conf, char *err, size_t err_len)
{
	return vsw_iface_create(VSW_IFACE_BOND, conf->name, conf, err, err_len);
}

void
vsw_bond_tick(void)
{
	struct vsw_iface *f;

	VSW_IFACE_FOREACH(f, VSW_IFACE_BOND) {
		struct bond *b = bond_of(f);
		const struct vsw_port *p;
		int was = b->active, k;

		p = was == NO_MEMBER ? NULL : member_port(b, (unsigned int)was);
		if (p != NULL && p->link_up)
			continue;
		k = first_up(b);
		if (k == was)
			continue;
		set_active(f, k);
		if (k != NO_MEMBER) {
			b->failovers++;
			b->failovers_to[k]++;
		}
		VSW_LOG(INFO, PORT, "bond %s: active member %s (was %s)\n", f->name,
			k == NO_MEMBER ? "none" : b->conf.member_names[k],
			was == NO_MEMBER ? "none" : b->conf.member_names[was]);
		/* No member: the bond's link is down; what was learned behind it goes. */
		if (k == NO_MEMBER)
			vsw_features_port_down(f->id);
	}
}

void
vsw_bond_info(const struct vsw_iface *iface, struct vsw_bond_info *info)
{
	const struct bond *b = bond_of(iface);
	unsigned int k;

	memset(info, 0, sizeof(*info));
	snprintf(info->name, sizeof(info->name), "%s", iface->name);
	info->mode = b->conf.bond_mode;
	info->up = b->active != NO_MEMBER;
	info->failovers = b->failovers;
	info->n_members = b->n_members;
	for (k = 0; k < b->n_members; k++) {
		const struct vsw_port *p = member_port(b, k);
		struct vsw_bond_member_info *m = &info->members[k];

		snprintf(m->name, sizeof(m->name), "%s", b->conf.member_names[k]);
		m->link_up = p != NULL && p->link_up;
		m->active = (int)k == b->active;
		m->failovers_to = b->failovers_to[k];
	}
}
