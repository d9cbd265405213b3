/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interface registry: every object traffic can enter or leave by — ports, router
 * interfaces, VXLAN tunnels — is an interface with a stable id.
 *
 * An id is taken from a pool when the object is created and given back when it is
 * destroyed; it never depends on the object's position in the config file, and it stays the
 * same across reloads that do not re-create the object (objects are matched by name).
 * The data path names interfaces by id only: the metadata's in_port/out_port, the FDB's
 * entries, every per-interface table. Ids are small (< VSW_MAX_IFACES) so those tables are
 * plain arrays.
 *
 * Each type registers its operations once (vsw_iface_type_register(), called from the
 * type's own init; no constructors). Create, reconfigure and destroy go through the registry,
 * which calls the type's operations:
 *   create     make the object from its config (the registry has already given it an id);
 *   reconfig   apply a new config; @p mask says which parts changed (type-defined bits);
 *   destroy    release what create made. The registry unlinks the interface first (it is no
 *              longer found by name or id), then waits for the workers' RCU grace period,
 *              so no worker still reads it, then calls destroy, then frees the id.
 *
 * Thread safety: the control thread is the only writer. Lookups from other threads
 * (telemetry) take vsw_iface_lock().
 */
#ifndef VSW_IFACE_H
#define VSW_IFACE_H

#include <stddef.h>
#include <stdint.h>

#include "vsw_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Interface ids are 0..VSW_MAX_IFACES-1. */
#define VSW_MAX_IFACES 256
/** "No interface" (an unset in_port/out_port, an FDB entry's absent port). */
#define VSW_IFACE_NONE UINT16_MAX

enum vsw_iface_type {
	VSW_IFACE_PORT, /**< A DPDK ethdev: NIC, vhost-user, TAP, ... (ports/). */
	VSW_IFACE_RIF,  /**< A router interface (pipeline/l3/). */
	VSW_IFACE_VXLAN, /**< A VXLAN tunnel: a bridge member (pipeline/vxlan/). */
	VSW_IFACE_BOND, /**< A bond of ports: a port of kind 'bond' (ports/bond.c). */
	VSW_IFACE_TYPE_COUNT,
};

struct vsw_iface {
	uint16_t id;                 /**< Stable id; index of every per-interface table. */
	enum vsw_iface_type type;
	char name[VSW_NAME_MAX];     /**< Unique among all interfaces. */
	void *priv;                  /**< The type's object (struct vsw_port for a port). */
};

struct vsw_iface_ops {
	const char *name; /**< Type name, e.g. "port". */
	/** Make the object from @p conf. @return 0 or -errno with a message in @p err. */
	int (*create)(struct vsw_iface *iface, const void *conf, char *err, size_t err_len);
	/** Apply @p conf; @p mask: what changed (type-defined). @return 0 or -errno; on
	 *  failure the interface must be left as it was. NULL: every change re-creates. */
	int (*reconfig)(struct vsw_iface *iface, const void *conf, uint32_t mask, char *err,
			size_t err_len);
	/** Release the object. Called after the RCU grace period: no worker reads it. */
	void (*destroy)(struct vsw_iface *iface);
	/**
	 * Attach to a bridge: the bridge (by name) this interface is a member of besides the
	 * config's ports, the graph node that takes the frames the bridge sends it, and its MAC
	 * (the bridge sends frames to that MAC to it: a static FDB entry; all zero: none, as a
	 * tunnel's). -ENOENT: in no bridge. The L2 apply asks every interface that has the op.
	 * May be NULL.
	 */
	int (*bridge_attach)(const struct vsw_iface *iface, char bridge[VSW_NAME_MAX],
			     char node[64], uint8_t mac[6]);
};

/** Register the operations of @p type. @return 0, -EINVAL, -EEXIST. Control thread. */
int vsw_iface_type_register(enum vsw_iface_type type, const struct vsw_iface_ops *ops);

/**
 * Create an interface: take an id, call the type's create.
 *
 * @return the interface, or NULL with a message in @p err: name taken (EEXIST), no free id
 *         (ENOSPC), no memory, or whatever create refused. Control thread.
 */
struct vsw_iface *vsw_iface_create(enum vsw_iface_type type, const char *name,
				   const void *conf, char *err, size_t err_len);

/** Reconfigure @p iface (see struct vsw_iface_ops). @return 0 or -errno. Control thread. */
int vsw_iface_reconfig(struct vsw_iface *iface, const void *conf, uint32_t mask, char *err,
		       size_t err_len);

/**
 * Destroy @p iface: unlink it, wait for the RCU grace period, call the type's destroy,
 * free its id. The caller has already removed it from every datapath table (and published
 * those) and from the graphs. Control thread.
 */
void vsw_iface_destroy(struct vsw_iface *iface);

/** The bridge @p iface is attached to (vsw_iface_ops.bridge_attach), or -ENOENT. */
int vsw_iface_bridge_attach(const struct vsw_iface *iface, char bridge[VSW_NAME_MAX],
			    char node[64], uint8_t mac[6]);

/** The interface with id @p id, or NULL. */
struct vsw_iface *vsw_iface_from_id(uint16_t id);

/** The interface called @p name, or NULL. */
struct vsw_iface *vsw_iface_from_name(const char *name);

/**
 * The next interface of @p type (VSW_IFACE_TYPE_COUNT: any) after @p prev (NULL: the
 * first), in id order; NULL at the end.
 */
struct vsw_iface *vsw_iface_next(enum vsw_iface_type type, const struct vsw_iface *prev);

/** Interfaces of @p type (VSW_IFACE_TYPE_COUNT: all). */
unsigned int vsw_iface_count(enum vsw_iface_type type);

/** Serialise readers outside the control thread (telemetry) with the writer. */
void vsw_iface_lock(void);
void vsw_iface_unlock(void);

#define VSW_IFACE_FOREACH(iface, type)                                                     \
	for ((iface) = vsw_iface_next((type), NULL); (iface) != NULL;                      \
	     (iface) = vsw_iface_next((type), (iface)))

#ifdef __cplusplus
}
#endif

#endif /* VSW_IFACE_H */
