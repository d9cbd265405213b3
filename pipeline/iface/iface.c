/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interface registry. A few hundred interfaces at most, changed by the control thread
 * only: an array indexed by id is the id -> object map, and a linear scan the name -> id
 * map (reloads and API requests look names up, never the data path).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iface/iface.h"
#include "vsw_rcu.h"
#include "vsw_err.h"

static struct {
	const struct vsw_iface_ops *ops[VSW_IFACE_TYPE_COUNT];
	struct vsw_iface *by_id[VSW_MAX_IFACES];
	unsigned int count[VSW_IFACE_TYPE_COUNT];
	pthread_mutex_t lock;
} reg = {.lock = PTHREAD_MUTEX_INITIALIZER};

int
vsw_iface_type_register(enum vsw_iface_type type, const struct vsw_iface_ops *ops)
{
	if (type >= VSW_IFACE_TYPE_COUNT || ops == NULL || ops->create == NULL ||
	    ops->destroy == NULL)
		return -EINVAL;
	if (reg.ops[type] != NULL && reg.ops[type] != ops)
		return -EEXIST;
	reg.ops[type] = ops;
	return 0;
}

struct vsw_iface *
vsw_iface_create(enum vsw_iface_type type, const char *name, const void *conf, char *err,
		 size_t err_len)
{
	struct vsw_iface *iface;
	unsigned int id;
	int rc;

	if (type >= VSW_IFACE_TYPE_COUNT || reg.ops[type] == NULL) {
		vsw_err(err, err_len, 0, "interface type %u is not registered", type);
		return NULL;
	}
	if (strlen(name) >= VSW_NAME_MAX) {
		vsw_err(err, err_len, 0, "interface name '%s' too long", name);
		return NULL;
	}
	if (vsw_iface_from_name(name) != NULL) {
		vsw_err(err, err_len, 0, "an interface called '%s' exists", name);
		return NULL;
	}
	/* The lowest free id, so that a restart with the same file gives the same ids. */
	for (id = 0; id < VSW_MAX_IFACES && reg.by_id[id] != NULL; id++)
		;
	if (id == VSW_MAX_IFACES) {
		vsw_err(err, err_len, 0, "no free interface id (%u interfaces)", VSW_MAX_IFACES);
		return NULL;
	}
	iface = calloc(1, sizeof(*iface));
	if (iface == NULL) {
		vsw_err(err, err_len, 0, "no memory");
		return NULL;
	}
	iface->id = (uint16_t)id;
	iface->type = type;
	snprintf(iface->name, sizeof(iface->name), "%s", name);
	rc = reg.ops[type]->create(iface, conf, err, err_len);
	if (rc != 0) {
		free(iface);
		return NULL;
	}
	pthread_mutex_lock(&reg.lock);
	reg.by_id[id] = iface;
	reg.count[type]++;
	pthread_mutex_unlock(&reg.lock);
	return iface;
}

int
vsw_iface_reconfig(struct vsw_iface *iface, const void *conf, uint32_t mask, char *err,
		   size_t err_len)
{
	const struct vsw_iface_ops *ops = reg.ops[iface->type];

	if (ops->reconfig == NULL) {
		vsw_err(err, err_len, 0, "%s '%s' cannot be changed in place", ops->name, iface->name);
		return -EOPNOTSUPP;
	}
	return ops->reconfig(iface, conf, mask, err, err_len);
}

void
vsw_iface_destroy(struct vsw_iface *iface)
{
	if (iface == NULL)
		return;
	pthread_mutex_lock(&reg.lock);
	reg.by_id[iface->id] = NULL;
	reg.count[iface->type]--;
	pthread_mutex_unlock(&reg.lock);
	/* A worker that loaded a table naming this interface before it was unpublished may
	 * still be in its walk: let every worker pass a quiescent state first. */
	vsw_rcu_synchronize();
	reg.ops[iface->type]->destroy(iface);
	free(iface);
}

struct vsw_iface *
vsw_iface_from_id(uint16_t id)
{
	return id < VSW_MAX_IFACES ? reg.by_id[id] : NULL;
}

struct vsw_iface *
vsw_iface_from_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < VSW_MAX_IFACES; i++)
		if (reg.by_id[i] != NULL && strcmp(reg.by_id[i]->name, name) == 0)
			return reg.by_id[i];
	return NULL;
}

struct vsw_iface *
vsw_iface_next(enum vsw_iface_type type, const struct vsw_iface *prev)
{
	unsigned int i = prev == NULL ? 0 : prev->id + 1u;

	for (; i < VSW_MAX_IFACES; i++)
		if (reg.by_id[i] != NULL &&
		    (type == VSW_IFACE_TYPE_COUNT || reg.by_id[i]->type == type))
			return reg.by_id[i];
	return NULL;
}

unsigned int
vsw_iface_count(enum vsw_iface_type type)
{
	unsigned int t, n = 0;

	if (type < VSW_IFACE_TYPE_COUNT)
		return reg.count[type];
	for (t = 0; t < VSW_IFACE_TYPE_COUNT; t++)
		n += reg.count[t];
	return n;
}

void
vsw_iface_lock(void)
{
	pthread_mutex_lock(&reg.lock);
}

void
vsw_iface_unlock(void)
{
	pthread_mutex_unlock(&reg.lock);
}

int
vsw_iface_bridge_attach(const struct vsw_iface *iface, char bridge[VSW_NAME_MAX], char node[64],
			uint8_t mac[6])
{
	const struct vsw_iface_ops *ops = reg.ops[iface->type];

	if (ops == NULL || ops->bridge_attach == NULL)
		return -ENOENT;
	return ops->bridge_attach(iface, bridge, node, mac);
}
