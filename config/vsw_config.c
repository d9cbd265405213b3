/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vswd configuration parser.
 *
 * libyaml's document API loads the whole file into a node tree; this file then walks the tree
 * against the schema (one function per section) and finally runs the cross checks that need
 * the whole file (names, xconnect pairs, rx affinity, unique paths, bridge members and their
 * VLANs, static MAC entries). The document stays loaded until the cross checks are done so
 * that every error, including those found late, points at the YAML node it is about.
 *
 * libyaml marks are 0-based; ours (and the error messages) are 1-based.
 */

#include "vsw_config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#define LCORE_MAX 127		  /* Highest lcore id accepted (RTE_MAX_LCORE - 1 in Debian). */
#define CONF_FILE_MAX (16u << 20) /* A config file larger than this is refused. */
#define SHOW_MAX 60		  /* Bytes of a user value quoted in an error message. */
#define SHOW_BUF (SHOW_MAX + 8)	  /* Quotes, "..." and the NUL. */

/* Nodes of one port kept for the cross checks, which report at the node they are about. */
struct port_nodes {
	yaml_node_t *name;     /* The name value. */
	yaml_node_t *iface;    /* tap: the iface value, or the name value when iface defaulted. */
	yaml_node_t *path;     /* vhost-user: the path value. */
	yaml_node_t *affinity; /* The rx_affinity sequence, or NULL. */
	yaml_node_t *affinity_items[VSW_MAX_QUEUES];
};

/* State of one parse; lives on the caller's stack (no global state). */
struct parser {
	const char *name; /* File name for messages. */
	yaml_document_t *doc;
	struct vsw_config *cfg;
	char *err; /* VSW_ERR_MAX bytes, or NULL. */
	yaml_node_t *lcore_items[VSW_MAX_WORKERS];
	yaml_node_t *xconnect; /* The xconnect sequence, or NULL. */
	yaml_node_t *bridges;  /* The bridges sequence, or NULL. */
	yaml_node_t *fdb_size; /* The fdb.size value, or NULL. */
	struct port_nodes ports[VSW_MAX_PORTS];
};

/* -------------------------------------------------------------------------------------------
 * Errors
 */

static void
verror_at(char *err, const char *name, unsigned int line, unsigned int column, const char *fmt,
	  va_list ap)
{
	int n;

	if (err == NULL)
		return;
	n = snprintf(err, VSW_ERR_MAX, "%s:%u:%u: ", name, line, column);
	if (n < 0 || n >= VSW_ERR_MAX)
		return; /* The name alone filled the buffer; it is NUL-terminated anyway. */
	vsnprintf(err + n, VSW_ERR_MAX - n, fmt, ap);
}

/* "NAME:LINE:COLUMN: message"; returns -EINVAL so callers can "return error_at(...)". */
static int __attribute__((format(printf, 5, 6)))
error_at(char *err, const char *name, unsigned int line, unsigned int column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_at(err, name, line, column, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* An error about @p node, at its start mark. Returns -EINVAL. */
static int __attribute__((format(printf, 3, 4)))
node_error(const struct parser *p, const yaml_node_t *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_at(p->err, p->name, node->start_mark.line + 1, node->start_mark.column + 1, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* "NAME: message", for errors that have no position. Returns @p ret. */
static int __attribute__((format(printf, 4, 5)))
file_error(char *err, const char *name, int ret, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (err == NULL)
		return ret;
	n = snprintf(err, VSW_ERR_MAX, "%s: ", name);
	if (n < 0 || n >= VSW_ERR_MAX)
		return ret;
	va_start(ap, fmt);
	vsnprintf(err + n, VSW_ERR_MAX - n, fmt, ap);
	va_end(ap);
	return ret;
}

/* -------------------------------------------------------------------------------------------
 * Node helpers
 */

static struct vsw_conf_mark
mark_of(const yaml_node_t *node)
{
	struct vsw_conf_mark m = {
	    .line = node->start_mark.line + 1,
	    .column = node->start_mark.column + 1,
	};

	return m;
}

static unsigned int
line_of(const yaml_node_t *node)
{
	return node->start_mark.line + 1;
}

static const char *
scalar(const yaml_node_t *node)
{
	return (const char *)node->data.scalar.value;
}

static size_t
scalar_len(const yaml_node_t *node)
{
	return node->data.scalar.length;
}

/* A plain scalar that YAML reads as null: empty, "~" or "null". */
static bool
is_null(const yaml_node_t *node)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};

	if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(scalar(node), nulls[i]) == 0)
			return true;
	return false;
}

/* Whether a scalar holds a NUL byte (possible with "\0" in a double-quoted string). */
static bool
has_nul(const yaml_node_t *node)
{
	return strlen(scalar(node)) != scalar_len(node);
}

static bool
has_space(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
			return true;
	return false;
}

/*
 * @p s (@p full bytes) quoted for an error message: cut to SHOW_MAX bytes, control characters
 * shown as '?'.
 */
static const char *
show_bytes(const char *s, size_t full, char buf[SHOW_BUF])
{
	size_t len = full, i, o = 0;

	if (len > SHOW_MAX) {
		len = SHOW_MAX;
		/* Do not cut a UTF-8 sequence in two. */
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	buf[o++] = '\'';
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		buf[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (len < full) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

/*
 * Describe a node for an error message: 'value' for a scalar (as show_bytes()), otherwise
 * "a mapping", "a sequence" or "null".
 */
static const char *
show(const yaml_node_t *node, char buf[SHOW_BUF])
{
	if (node->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (node->type == YAML_SEQUENCE_NODE)
		return "a sequence";
	if (node->type != YAML_SCALAR_NODE)
		return "nothing";
	if (is_null(node))
		return "null";
	return show_bytes(scalar(node), scalar_len(node), buf);
}

static const char *
node_type_name(const yaml_node_t *node)
{
	switch (node->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a sequence";
	default:
		return "a scalar";
	}
}

static yaml_node_t *
node_at(const struct parser *p, int index)
{
	return yaml_document_get_node(p->doc, index);
}

static size_t
seq_len(const yaml_node_t *seq)
{
	return seq->data.sequence.items.top - seq->data.sequence.items.start;
}

static yaml_node_t *
seq_item(const struct parser *p, const yaml_node_t *seq, size_t i)
{
	return node_at(p, seq->data.sequence.items.start[i]);
}

/* -------------------------------------------------------------------------------------------
 * Mappings: every key must be known and appear once.
 */

/*
 * Check the keys of @p map against @p names and return the key and value node of each known
 * key (NULL when absent) in @p keys and @p vals, indexed like @p names. @p where completes the
 * messages, e.g. "in port".
 */
static int
collect_keys(const struct parser *p, const yaml_node_t *map, const char *where,
	     const char *const names[], unsigned int n_names, yaml_node_t *keys[],
	     yaml_node_t *vals[])
{
	const yaml_node_pair_t *pair;
	char shown[SHOW_BUF];
	unsigned int i;

	for (i = 0; i < n_names; i++) {
		keys[i] = NULL;
		vals[i] = NULL;
	}

	for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = node_at(p, pair->key);
		yaml_node_t *val = node_at(p, pair->value);

		if (key->type != YAML_SCALAR_NODE)
			return node_error(p, key, "expected a key name %s, got %s", where,
					  node_type_name(key));
		for (i = 0; i < n_names; i++)
			if (!has_nul(key) && strcmp(scalar(key), names[i]) == 0)
				break;
		if (i == n_names) {
			char list[256];
			size_t len = 0;

			list[0] = '\0';
			for (i = 0; i < n_names && len < sizeof(list); i++) {
				int r = snprintf(list + len, sizeof(list) - len, "%s%s",
						 i ? ", " : "", names[i]);
				if (r < 0)
					break;
				len += r;
			}
			return node_error(p, key, "unknown key %s %s (expected one of: %s)",
					  show(key, shown), where, list);
		}
		if (keys[i] != NULL)
			return node_error(p, key, "duplicate key '%s' %s (first at line %u)",
					  names[i], where, line_of(keys[i]));
		keys[i] = key;
		vals[i] = val;
	}
	return 0;
}

/* -------------------------------------------------------------------------------------------
 * Scalars
 */

/*
 * An unsigned decimal integer in @p min..@p max. Quoted scalars are strings, not integers;
 * leading zeros are refused because YAML 1.1 readers take "010" for octal.
 */
static int
get_uint(const struct parser *p, const yaml_node_t *node, const char *key, uint32_t min,
	 uint32_t max, uint32_t *out)
{
	char shown[SHOW_BUF];
	const char *s, *digits;
	uint64_t v = 0;
	size_t len;

	if (node->type != YAML_SCALAR_NODE || is_null(node))
		return node_error(p, node, "expected an integer for '%s', got %s", key,
				  show(node, shown));
	if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return node_error(p, node,
				  "expected an integer for '%s', got the quoted string %s "
				  "(remove the quotes)",
				  key, show(node, shown));

	s = scalar(node);
	len = scalar_len(node);
	digits = (s[0] == '-' || s[0] == '+') ? s + 1 : s;
	if (*digits == '\0' || strspn(digits, "0123456789") != len - (size_t)(digits - s))
		return node_error(p, node, "expected an integer for '%s', got %s", key,
				  show(node, shown));
	if (digits != s)
		return node_error(p, node, "'%s' must be in %u..%u (no sign), got %s", key, min,
				  max, show(node, shown));
	if (digits[0] == '0' && digits[1] != '\0')
		return node_error(p, node,
				  "expected a decimal integer without leading zeros for '%s', "
				  "got %s",
				  key, show(node, shown));

	for (; *digits != '\0' && v <= UINT32_MAX; digits++)
		v = v * 10 + (uint64_t)(*digits - '0');
	if (v < min || v > max)
		return node_error(p, node, "'%s' must be in %u..%u, got %s", key, min, max,
				  show(node, shown));
	*out = (uint32_t)v;
	return 0;
}

static int
get_u16(const struct parser *p, const yaml_node_t *node, const char *key, uint16_t min,
	uint16_t max, uint16_t *out)
{
	uint32_t v = 0;
	int ret;

	ret = get_uint(p, node, key, min, max, &v);
	if (ret == 0)
		*out = (uint16_t)v;
	return ret;
}

/* true/false, yes/no, on/off, in any case. */
static int
get_bool(const struct parser *p, const yaml_node_t *node, const char *key, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on"};
	static const char *const no[] = {"false", "no", "off"};
	char shown[SHOW_BUF];

	if (node->type == YAML_SCALAR_NODE && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    !has_nul(node)) {
		for (size_t i = 0; i < 3; i++) {
			if (strcasecmp(scalar(node), yes[i]) == 0) {
				*out = true;
				return 0;
			}
			if (strcasecmp(scalar(node), no[i]) == 0) {
				*out = false;
				return 0;
			}
		}
	}
	return node_error(
	    p, node, "expected a boolean (true/false, yes/no, on/off) for '%s', got %s%s", key,
	    node->type == YAML_SCALAR_NODE && node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE
		? "the quoted string "
		: "",
	    show(node, shown));
}

/* A string of 1..size-1 bytes copied into @p buf. */
static int
get_str(const struct parser *p, const yaml_node_t *node, const char *key, char *buf, size_t size)
{
	char shown[SHOW_BUF];

	if (node->type != YAML_SCALAR_NODE || is_null(node))
		return node_error(p, node, "expected a string for '%s', got %s", key,
				  show(node, shown));
	if (has_nul(node))
		return node_error(p, node, "'%s' must not contain a NUL character", key);
	if (scalar_len(node) == 0)
		return node_error(p, node, "'%s' must not be empty", key);
	if (scalar_len(node) >= size)
		return node_error(p, node, "'%s' is too long: %zu characters (max %zu)", key,
				  scalar_len(node), size - 1);
	memcpy(buf, scalar(node), scalar_len(node) + 1);
	return 0;
}

static bool
is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "xx:xx:xx:xx:xx:xx", unicast and not all zero. */
static int
get_mac(const struct parser *p, const yaml_node_t *node, uint8_t mac[6])
{
	char shown[SHOW_BUF];
	const char *s;
	unsigned int i;

	if (node->type != YAML_SCALAR_NODE || scalar_len(node) != 17 || has_nul(node))
		goto bad;
	s = scalar(node);
	for (i = 0; i < 6; i++, s += 3) {
		int hi = hex_digit(s[0]), lo = hex_digit(s[1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[2] != ':'))
			goto bad;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	if (mac[0] & 0x01)
		return node_error(p, node,
				  "'mac' %s is a multicast address (low bit of the first octet "
				  "set); expected a unicast address",
				  show(node, shown));
	if ((mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) == 0)
		return node_error(p, node, "'mac' must not be all zeros");
	return 0;
bad:
	return node_error(p, node,
			  "expected a MAC address like 02:00:00:00:00:01 (six hex octets "
			  "separated by ':') for 'mac', got %s",
			  show(node, shown));
}

/*
 * A sequence of lcore numbers, at most @p max of them. The item nodes are stored in @p items
 * for later messages.
 */
static int
get_lcores(const struct parser *p, yaml_node_t *node, const char *key, unsigned int max,
	   uint16_t out[], yaml_node_t *items[], unsigned int *n)
{
	char shown[SHOW_BUF];
	size_t i;
	int ret;

	if (node->type != YAML_SEQUENCE_NODE)
		return node_error(p, node, "expected a sequence of lcore numbers for '%s', got %s",
				  key, show(node, shown));
	for (i = 0; i < seq_len(node); i++) {
		yaml_node_t *item = seq_item(p, node, i);

		if (i >= max)
			return node_error(p, item, "too many entries in '%s' (at most %u)", key,
					  max);
		ret = get_u16(p, item, key, 0, LCORE_MAX, &out[i]);
		if (ret < 0)
			return ret;
		items[i] = item;
	}
	*n = (unsigned int)i;
	return 0;
}

/* -------------------------------------------------------------------------------------------
 * Sections
 */

enum { EAL_FILE_PREFIX, EAL_MAIN_LCORE, EAL_ARGS, EAL_COUNT };
static const char *const eal_keys[EAL_COUNT] = {
    [EAL_FILE_PREFIX] = "file_prefix",
    [EAL_MAIN_LCORE] = "main_lcore",
    [EAL_ARGS] = "args",
};

static int
parse_eal(struct parser *p, const yaml_node_t *map)
{
	yaml_node_t *keys[EAL_COUNT], *vals[EAL_COUNT];
	struct vsw_config *cfg = p->cfg;
	char shown[SHOW_BUF];
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return node_error(p, map, "expected a mapping for 'eal', got %s", show(map, shown));
	ret = collect_keys(p, map, "in eal", eal_keys, EAL_COUNT, keys, vals);
	if (ret < 0)
		return ret;

	if (vals[EAL_FILE_PREFIX] != NULL) {
		const yaml_node_t *v = vals[EAL_FILE_PREFIX];

		ret = get_str(p, v, "file_prefix", cfg->file_prefix, sizeof(cfg->file_prefix));
		if (ret < 0)
			return ret;
		for (const char *c = cfg->file_prefix; *c != '\0'; c++)
			if (!is_alnum(*c) && *c != '_' && *c != '-')
				return node_error(p, v,
						  "invalid 'file_prefix' %s (expected characters "
						  "[A-Za-z0-9_-])",
						  show(v, shown));
	}

	if (vals[EAL_MAIN_LCORE] != NULL) {
		ret =
		    get_u16(p, vals[EAL_MAIN_LCORE], "main_lcore", 0, LCORE_MAX, &cfg->main_lcore);
		if (ret < 0)
			return ret;
	}

	if (vals[EAL_ARGS] != NULL) {
		const yaml_node_t *seq = vals[EAL_ARGS];

		if (seq->type != YAML_SEQUENCE_NODE)
			return node_error(p, seq,
					  "expected a sequence of strings for 'args', got %s",
					  show(seq, shown));
		for (size_t i = 0; i < seq_len(seq); i++) {
			const yaml_node_t *item = seq_item(p, seq, i);

			if (i >= VSW_MAX_EAL_ARGS)
				return node_error(p, item,
						  "too many entries in 'args' (at most %u)",
						  VSW_MAX_EAL_ARGS);
			ret = get_str(p, item, "args", cfg->eal_args[i], VSW_EAL_ARG_MAX);
			if (ret < 0)
				return ret;
			cfg->n_eal_args = (unsigned int)i + 1;
		}
	}
	return 0;
}

enum { W_LCORES, W_IDLE_SLEEP, W_IDLE_THRESHOLD, W_BURST, W_MBUFS, W_COUNT };
static const char *const worker_keys[W_COUNT] = {
    [W_LCORES] = "lcores",
    [W_IDLE_SLEEP] = "idle_sleep_us",
    [W_IDLE_THRESHOLD] = "idle_threshold_us",
    [W_BURST] = "burst",
    [W_MBUFS] = "mbufs",
};

static int
parse_workers(struct parser *p, const yaml_node_t *map)
{
	yaml_node_t *keys[W_COUNT], *vals[W_COUNT];
	struct vsw_config *cfg = p->cfg;
	char shown[SHOW_BUF];
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return node_error(p, map, "expected a mapping for 'workers', got %s",
				  show(map, shown));
	ret = collect_keys(p, map, "in workers", worker_keys, W_COUNT, keys, vals);
	if (ret < 0)
		return ret;

	if (vals[W_LCORES] == NULL)
		return node_error(p, map, "missing required key 'lcores' in workers");
	ret = get_lcores(p, vals[W_LCORES], "lcores", VSW_MAX_WORKERS, cfg->worker_lcores,
			 p->lcore_items, &cfg->n_workers);
	if (ret < 0)
		return ret;
	if (cfg->n_workers == 0)
		return node_error(p, vals[W_LCORES],
				  "expected a non-empty sequence of lcore numbers for 'lcores'");
	for (unsigned int i = 1; i < cfg->n_workers; i++)
		for (unsigned int j = 0; j < i; j++)
			if (cfg->worker_lcores[i] == cfg->worker_lcores[j])
				return node_error(p, p->lcore_items[i],
						  "lcore %u appears twice in 'lcores'",
						  cfg->worker_lcores[i]);
	cfg->workers_mark = mark_of(vals[W_LCORES]);

	if (vals[W_IDLE_SLEEP] != NULL) {
		ret = get_uint(p, vals[W_IDLE_SLEEP], "idle_sleep_us", 0, 100000,
			       &cfg->idle_sleep_us);
		if (ret < 0)
			return ret;
	}
	if (vals[W_IDLE_THRESHOLD] != NULL) {
		ret = get_uint(p, vals[W_IDLE_THRESHOLD], "idle_threshold_us", 0, 10000000,
			       &cfg->idle_threshold_us);
		if (ret < 0)
			return ret;
	}
	if (vals[W_BURST] != NULL) {
		ret = get_u16(p, vals[W_BURST], "burst", 1, 256, &cfg->burst);
		if (ret < 0)
			return ret;
	}
	if (vals[W_MBUFS] != NULL) {
		const yaml_node_t *v = vals[W_MBUFS];

		ret = get_uint(p, v, "mbufs", 0, 16777216, &cfg->mbufs);
		if (ret < 0)
			return ret;
		if (cfg->mbufs != 0 && cfg->mbufs < 1024)
			return node_error(p, v,
					  "'mbufs' must be 0 (auto) or in 1024..16777216, got %s",
					  show(v, shown));
	}
	return 0;
}

enum {
	P_NAME,
	P_KIND,
	P_DEVARGS,
	P_IFACE,
	P_PATH,
	P_MODE,
	P_MAC,
	P_RX_QUEUES,
	P_RX_DESC,
	P_TX_DESC,
	P_MTU,
	P_RSS,
	P_RX_AFFINITY,
	P_VLAN_MODE,
	P_TAG,
	P_TRUNKS,
	P_NATIVE_VLAN,
	P_NATIVE_TAGGED,
	P_TPID,
	P_MAC_LIMIT,
	P_COUNT
};
static const char *const port_keys[P_COUNT] = {
    [P_NAME] = "name",
    [P_KIND] = "kind",
    [P_DEVARGS] = "devargs",
    [P_IFACE] = "iface",
    [P_PATH] = "path",
    [P_MODE] = "mode",
    [P_MAC] = "mac",
    [P_RX_QUEUES] = "rx_queues",
    [P_RX_DESC] = "rx_desc",
    [P_TX_DESC] = "tx_desc",
    [P_MTU] = "mtu",
    [P_RSS] = "rss",
    [P_RX_AFFINITY] = "rx_affinity",
    [P_VLAN_MODE] = "vlan_mode",
    [P_TAG] = "tag",
    [P_TRUNKS] = "trunks",
    [P_NATIVE_VLAN] = "native_vlan",
    [P_NATIVE_TAGGED] = "native_tagged",
    [P_TPID] = "tpid",
    [P_MAC_LIMIT] = "mac_limit",
};

#define KIND_BIT(k) (1u << (k))
#define ALL_KINDS (KIND_BIT(VSW_PORT_DPDK) | KIND_BIT(VSW_PORT_VHOST) | KIND_BIT(VSW_PORT_TAP))

/* Kinds each port key is valid for, and how to say so. */
static const struct {
	unsigned int kinds;
	const char *text;
} port_key_kinds[P_COUNT] = {
    [P_NAME] = {ALL_KINDS, NULL},
    [P_KIND] = {ALL_KINDS, NULL},
    [P_DEVARGS] = {KIND_BIT(VSW_PORT_DPDK), "kind 'dpdk'"},
    [P_IFACE] = {KIND_BIT(VSW_PORT_TAP), "kind 'tap'"},
    [P_PATH] = {KIND_BIT(VSW_PORT_VHOST), "kind 'vhost-user'"},
    [P_MODE] = {KIND_BIT(VSW_PORT_VHOST), "kind 'vhost-user'"},
    [P_MAC] = {KIND_BIT(VSW_PORT_DPDK) | KIND_BIT(VSW_PORT_TAP), "kinds 'dpdk' and 'tap'"},
    [P_RX_QUEUES] = {ALL_KINDS, NULL},
    [P_RX_DESC] = {ALL_KINDS, NULL},
    [P_TX_DESC] = {ALL_KINDS, NULL},
    [P_MTU] = {ALL_KINDS, NULL},
    [P_RSS] = {ALL_KINDS, NULL},
    [P_RX_AFFINITY] = {ALL_KINDS, NULL},
    [P_VLAN_MODE] = {ALL_KINDS, NULL},
    [P_TAG] = {ALL_KINDS, NULL},
    [P_TRUNKS] = {ALL_KINDS, NULL},
    [P_NATIVE_VLAN] = {ALL_KINDS, NULL},
    [P_NATIVE_TAGGED] = {ALL_KINDS, NULL},
    [P_TPID] = {ALL_KINDS, NULL},
    [P_MAC_LIMIT] = {ALL_KINDS, NULL},
};

#define MODE_BIT(m) (1u << (m))

/* VLAN modes each port key is valid with, and how to say so; no text: valid with all. */
static const struct {
	unsigned int modes;
	const char *text;
} port_key_modes[P_COUNT] = {
    [P_TAG] = {MODE_BIT(VSW_VLAN_ACCESS) | MODE_BIT(VSW_VLAN_DOT1Q_TUNNEL),
	       "vlan_mode access or dot1q-tunnel"},
    [P_TRUNKS] = {MODE_BIT(VSW_VLAN_TRUNK), "vlan_mode trunk"},
    [P_NATIVE_VLAN] = {MODE_BIT(VSW_VLAN_TRUNK), "vlan_mode trunk"},
    [P_NATIVE_TAGGED] = {MODE_BIT(VSW_VLAN_TRUNK), "vlan_mode trunk"},
    [P_TPID] = {MODE_BIT(VSW_VLAN_TRUNK), "vlan_mode trunk"},
};

#define MAC_LIMIT_MAX 16777216u /* Port and bridge mac_limit. */

/* A port or bridge name (@p what), [A-Za-z0-9_.-] starting with a letter. */
static int
get_name(const struct parser *p, const yaml_node_t *v, const char *what, char name[VSW_NAME_MAX])
{
	char shown[SHOW_BUF];
	int ret;

	ret = get_str(p, v, "name", name, VSW_NAME_MAX);
	if (ret < 0)
		return ret;
	if (!is_alpha(name[0]))
		goto bad;
	for (const char *c = name; *c != '\0'; c++)
		if (!is_alnum(*c) && *c != '_' && *c != '.' && *c != '-')
			goto bad;
	return 0;
bad:
	return node_error(p, v,
			  "invalid %s name %s (expected 1..%u characters [A-Za-z0-9_.-] "
			  "starting with a letter)",
			  what, show(v, shown), VSW_NAME_MAX - 1);
}

static int
get_kind(const struct parser *p, const yaml_node_t *v, enum vsw_port_kind *kind)
{
	static const enum vsw_port_kind kinds[] = {VSW_PORT_DPDK, VSW_PORT_VHOST, VSW_PORT_TAP};
	char shown[SHOW_BUF];

	if (v->type == YAML_SCALAR_NODE && !has_nul(v))
		for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			if (strcmp(scalar(v), vsw_port_kind_name(kinds[i])) == 0) {
				*kind = kinds[i];
				return 0;
			}
	return node_error(p, v, "expected one of dpdk, vhost-user, tap for 'kind', got %s",
			  show(v, shown));
}

/* A Linux interface name: what the kernel's dev_valid_name() accepts. */
static int
get_iface(const struct parser *p, const yaml_node_t *v, char iface[VSW_IFNAME_MAX])
{
	char shown[SHOW_BUF];
	int ret;

	ret = get_str(p, v, "iface", iface, VSW_IFNAME_MAX);
	if (ret < 0)
		return ret;
	if (strcmp(iface, ".") == 0 || strcmp(iface, "..") == 0 || strpbrk(iface, "/:") != NULL ||
	    has_space(iface))
		return node_error(p, v,
				  "invalid interface name %s for 'iface' (no '/', ':' or "
				  "whitespace; not '.' or '..')",
				  show(v, shown));
	return 0;
}

static const char *
vlan_mode_name(enum vsw_vlan_mode mode)
{
	switch (mode) {
	case VSW_VLAN_NONE:
		return "none";
	case VSW_VLAN_ACCESS:
		return "access";
	case VSW_VLAN_TRUNK:
		return "trunk";
	case VSW_VLAN_DOT1Q_TUNNEL:
		return "dot1q-tunnel";
	}
	return "unknown";
}

/* "none" is not accepted: a port without VLAN handling simply has no vlan_mode. */
static int
get_vlan_mode(const struct parser *p, const yaml_node_t *v, enum vsw_vlan_mode *mode)
{
	static const enum vsw_vlan_mode modes[] = {VSW_VLAN_ACCESS, VSW_VLAN_TRUNK,
						   VSW_VLAN_DOT1Q_TUNNEL};
	char shown[SHOW_BUF];

	if (v->type == YAML_SCALAR_NODE && !has_nul(v))
		for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
			if (strcmp(scalar(v), vlan_mode_name(modes[i])) == 0) {
				*mode = modes[i];
				return 0;
			}
	return node_error(p, v,
			  "expected one of access, trunk, dot1q-tunnel for 'vlan_mode', got %s",
			  show(v, shown));
}

static void
vlan_set(uint8_t bitmap[VSW_VLAN_BITMAP_BYTES], unsigned int vid)
{
	bitmap[vid >> 3] |= (uint8_t)(1u << (vid & 7));
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

#define VLAN_LIST_HINT "expected VLAN ids 1..4094 and ranges like 200-299, separated by commas"

enum vid_status { VID_OK, VID_SYNTAX, VID_LEADING_ZERO, VID_RANGE };

/*
 * One VLAN id, @p s..@p end with the blanks around it already trimmed: decimal digits without
 * a leading zero, 1..VSW_VLAN_MAX.
 */
static enum vid_status
parse_vid(const char *s, const char *end, unsigned int *vid)
{
	unsigned int v = 0;

	if (s == end || strspn(s, "0123456789") < (size_t)(end - s))
		return VID_SYNTAX;
	if (s[0] == '0' && end - s > 1)
		return VID_LEADING_ZERO;
	for (; s < end && v <= VSW_VLAN_MAX; s++)
		v = v * 10 + (unsigned int)(*s - '0');
	if (v < 1 || v > VSW_VLAN_MAX)
		return VID_RANGE;
	*vid = v;
	return VID_OK;
}

/*
 * One 'trunks' entry, a scalar: "100", "200-299" or a comma-separated list of those. Sets the
 * bits of its VLANs in @p bitmap. Overlapping entries are fine.
 */
static int
get_vlan_list(const struct parser *p, const yaml_node_t *node, uint8_t bitmap[])
{
	const char *s = scalar(node), *end = s + scalar_len(node);
	char shown[SHOW_BUF], elem[SHOW_BUF];

	for (;;) {
		const char *b = s, *e = memchr(s, ',', (size_t)(end - s)), *dash, *next;
		enum vid_status st;
		unsigned int lo = 0, hi = 0;

		if (e == NULL)
			e = end;
		next = e;
		while (b < e && is_blank(*b))
			b++;
		while (e > b && is_blank(e[-1]))
			e--;
		if (b == e)
			return node_error(p, node, "invalid 'trunks' entry %s: empty element (%s)",
					  show(node, shown), VLAN_LIST_HINT);

		dash = memchr(b, '-', (size_t)(e - b));
		if (dash == NULL) {
			st = parse_vid(b, e, &lo);
			hi = lo;
		} else {
			const char *le = dash, *hb = dash + 1;

			while (le > b && is_blank(le[-1]))
				le--;
			while (hb < e && is_blank(*hb))
				hb++;
			st = parse_vid(b, le, &lo);
			if (st == VID_OK)
				st = parse_vid(hb, e, &hi);
		}
		show_bytes(b, (size_t)(e - b), elem);
		switch (st) {
		case VID_OK:
			break;
		case VID_RANGE:
			return node_error(p, node,
					  "invalid 'trunks' entry %s: VLAN out of range in %s "
					  "(expected 1..%u)",
					  show(node, shown), elem, VSW_VLAN_MAX);
		case VID_LEADING_ZERO:
			return node_error(p, node,
					  "invalid 'trunks' entry %s: leading zero in %s (expected "
					  "decimal VLAN ids)",
					  show(node, shown), elem);
		case VID_SYNTAX:
		default:
			return node_error(p, node, "invalid 'trunks' entry %s: bad element %s (%s)",
					  show(node, shown), elem, VLAN_LIST_HINT);
		}
		if (lo > hi)
			return node_error(
			    p, node,
			    "invalid 'trunks' entry %s: range %s is reversed (expected "
			    "a-b with a <= b)",
			    show(node, shown), elem);
		for (unsigned int v = lo; v <= hi; v++)
			vlan_set(bitmap, v);

		if (next == end)
			return 0;
		s = next + 1;
	}
}

/* 'trunks': a sequence of VLAN ids and list strings, or one list string. */
static int
get_trunks(const struct parser *p, const yaml_node_t *node, uint8_t bitmap[])
{
	char shown[SHOW_BUF];
	int ret;

	if (node->type == YAML_SCALAR_NODE && !is_null(node))
		return get_vlan_list(p, node, bitmap);
	if (node->type != YAML_SEQUENCE_NODE)
		return node_error(p, node,
				  "expected a sequence of VLAN ids and ranges, or a string like "
				  "\"100-199,300\", for 'trunks', got %s",
				  show(node, shown));
	if (seq_len(node) == 0)
		return node_error(p, node, "'trunks' must list at least one VLAN");
	for (size_t i = 0; i < seq_len(node); i++) {
		const yaml_node_t *item = seq_item(p, node, i);

		if (item->type != YAML_SCALAR_NODE || is_null(item))
			return node_error(p, item,
					  "expected a VLAN id or a string like \"200-299\" in "
					  "'trunks', got %s",
					  show(item, shown));
		ret = get_vlan_list(p, item, bitmap);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* 0x8100 or 0x88a8, written in hex (any case, quoted or not) or as a plain decimal integer. */
static int
get_tpid(const struct parser *p, const yaml_node_t *v, uint16_t *tpid)
{
	char shown[SHOW_BUF];
	bool quoted = false;

	if (v->type == YAML_SCALAR_NODE && !has_nul(v)) {
		const char *s = scalar(v);
		bool plain = v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

		if (strcasecmp(s, "0x8100") == 0 || (plain && strcmp(s, "33024") == 0)) {
			*tpid = 0x8100;
			return 0;
		}
		if (strcasecmp(s, "0x88a8") == 0 || (plain && strcmp(s, "34984") == 0)) {
			*tpid = 0x88a8;
			return 0;
		}
		quoted = !plain;
	}
	return node_error(p, v, "expected 0x8100 or 0x88a8 (or 33024, 34984) for 'tpid', got %s%s",
			  quoted ? "the quoted string " : "", show(v, shown));
}

static unsigned int
vlan_count(const uint8_t bitmap[VSW_VLAN_BITMAP_BYTES])
{
	unsigned int n = 0;

	for (size_t i = 0; i < VSW_VLAN_BITMAP_BYTES; i++)
		n += (unsigned int)__builtin_popcount(bitmap[i]);
	return n;
}

/* The L2 keys of a port, once its other keys are read. */
static int
parse_port_vlan(const struct parser *p, struct vsw_port_conf *port, const yaml_node_t *map,
		yaml_node_t *const keys[], yaml_node_t *const vals[])
{
	unsigned int mode_bit, i;
	int ret;

	port->vlan_mode = VSW_VLAN_NONE;
	port->vlan_mark = mark_of(map);
	port->tpid = VSW_DEF_TPID;
	if (vals[P_VLAN_MODE] != NULL) {
		ret = get_vlan_mode(p, vals[P_VLAN_MODE], &port->vlan_mode);
		if (ret < 0)
			return ret;
		port->vlan_mark = mark_of(vals[P_VLAN_MODE]);
	}

	mode_bit = MODE_BIT(port->vlan_mode);
	for (i = 0; i < P_COUNT; i++)
		if (keys[i] != NULL && port_key_modes[i].text != NULL &&
		    !(port_key_modes[i].modes & mode_bit))
			return node_error(
			    p, keys[i], "'%s' is only valid with %s (port '%s' has %s%s)",
			    port_keys[i], port_key_modes[i].text, port->name,
			    port->vlan_mode == VSW_VLAN_NONE ? "no vlan_mode" : "vlan_mode ",
			    port->vlan_mode == VSW_VLAN_NONE ? ""
							     : vlan_mode_name(port->vlan_mode));

	switch (port->vlan_mode) {
	case VSW_VLAN_ACCESS:
	case VSW_VLAN_DOT1Q_TUNNEL:
		if (vals[P_TAG] == NULL)
			return node_error(
			    p, map, "missing required key 'tag' for vlan_mode %s in port '%s'",
			    vlan_mode_name(port->vlan_mode), port->name);
		return get_u16(p, vals[P_TAG], "tag", 1, VSW_VLAN_MAX, &port->tag);
	case VSW_VLAN_TRUNK:
		break;
	case VSW_VLAN_NONE:
	default:
		return 0;
	}

	if (vals[P_TRUNKS] == NULL)
		return node_error(p, map,
				  "missing required key 'trunks' for vlan_mode trunk in port '%s'",
				  port->name);
	ret = get_trunks(p, vals[P_TRUNKS], port->trunks);
	if (ret < 0)
		return ret;
	if (vals[P_NATIVE_VLAN] != NULL) {
		ret = get_u16(p, vals[P_NATIVE_VLAN], "native_vlan", 0, VSW_VLAN_MAX,
			      &port->native_vlan);
		if (ret < 0)
			return ret;
		/* The native VLAN is carried whether or not 'trunks' names it. */
		if (port->native_vlan != 0)
			vlan_set(port->trunks, port->native_vlan);
	}
	port->n_trunks = (uint16_t)vlan_count(port->trunks);
	if (vals[P_NATIVE_TAGGED] != NULL) {
		ret = get_bool(p, vals[P_NATIVE_TAGGED], "native_tagged", &port->native_tagged);
		if (ret < 0)
			return ret;
	}
	if (vals[P_TPID] != NULL)
		return get_tpid(p, vals[P_TPID], &port->tpid);
	return 0;
}

static int
parse_port(struct parser *p, yaml_node_t *map, unsigned int index)
{
	struct vsw_port_conf *port = &p->cfg->ports[index];
	struct port_nodes *pn = &p->ports[index];
	yaml_node_t *keys[P_COUNT], *vals[P_COUNT];
	unsigned int kind_bit, i;
	char shown[SHOW_BUF];
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return node_error(p, map, "expected a mapping for a port, got %s",
				  show(map, shown));
	ret = collect_keys(p, map, "in port", port_keys, P_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	port->mark = mark_of(map);

	if (vals[P_NAME] == NULL)
		return node_error(p, map, "missing required key 'name' in port");
	ret = get_name(p, vals[P_NAME], "port", port->name);
	if (ret < 0)
		return ret;
	pn->name = vals[P_NAME];
	port->name_mark = mark_of(vals[P_NAME]);

	if (vals[P_KIND] == NULL)
		return node_error(p, map, "missing required key 'kind' in port '%s'", port->name);
	ret = get_kind(p, vals[P_KIND], &port->kind);
	if (ret < 0)
		return ret;

	kind_bit = KIND_BIT(port->kind);
	for (i = 0; i < P_COUNT; i++)
		if (keys[i] != NULL && !(port_key_kinds[i].kinds & kind_bit))
			return node_error(p, keys[i], "'%s' is only valid for %s", port_keys[i],
					  port_key_kinds[i].text);
	if (port->kind == VSW_PORT_DPDK && vals[P_DEVARGS] == NULL)
		return node_error(p, map, "missing required key 'devargs' for kind 'dpdk'");
	if (port->kind == VSW_PORT_VHOST && vals[P_PATH] == NULL)
		return node_error(p, map, "missing required key 'path' for kind 'vhost-user'");

	if (vals[P_DEVARGS] != NULL) {
		ret = get_str(p, vals[P_DEVARGS], "devargs", port->devargs, sizeof(port->devargs));
		if (ret < 0)
			return ret;
		if (has_space(port->devargs))
			return node_error(p, vals[P_DEVARGS],
					  "'devargs' must not contain whitespace");
		port->devargs_mark = mark_of(vals[P_DEVARGS]);
	}

	if (port->kind == VSW_PORT_TAP) {
		if (vals[P_IFACE] != NULL) {
			ret = get_iface(p, vals[P_IFACE], port->iface);
			if (ret < 0)
				return ret;
			pn->iface = vals[P_IFACE];
		} else {
			/* Port names are valid interface names, but may be too long for one. */
			if (strlen(port->name) >= sizeof(port->iface))
				return node_error(p, vals[P_NAME],
						  "port name '%s' is too long for a tap interface "
						  "name (max %zu characters); set 'iface'",
						  port->name, sizeof(port->iface) - 1);
			memcpy(port->iface, port->name, strlen(port->name) + 1);
			pn->iface = vals[P_NAME];
		}
	}

	if (vals[P_PATH] != NULL) {
		ret = get_str(p, vals[P_PATH], "path", port->path, sizeof(port->path));
		if (ret < 0)
			return ret;
		if (port->path[0] != '/')
			return node_error(p, vals[P_PATH],
					  "'path' must be an absolute path, got %s",
					  show(vals[P_PATH], shown));
		pn->path = vals[P_PATH];
		port->path_mark = mark_of(vals[P_PATH]);
	}

	if (vals[P_MODE] != NULL) {
		const yaml_node_t *v = vals[P_MODE];

		if (v->type == YAML_SCALAR_NODE && strcmp(scalar(v), "server") == 0 && !has_nul(v))
			port->vhost_client = false;
		else if (v->type == YAML_SCALAR_NODE && strcmp(scalar(v), "client") == 0 &&
			 !has_nul(v))
			port->vhost_client = true;
		else
			return node_error(p, v, "expected 'server' or 'client' for 'mode', got %s",
					  show(v, shown));
	}

	if (vals[P_MAC] != NULL) {
		ret = get_mac(p, vals[P_MAC], port->mac);
		if (ret < 0)
			return ret;
		port->has_mac = true;
	}

	port->rx_queues = 1;
	if (vals[P_RX_QUEUES] != NULL) {
		ret =
		    get_u16(p, vals[P_RX_QUEUES], "rx_queues", 1, VSW_MAX_QUEUES, &port->rx_queues);
		if (ret < 0)
			return ret;
	}

	port->rx_desc = VSW_DEF_RX_DESC;
	port->tx_desc = VSW_DEF_TX_DESC;
	for (i = P_RX_DESC; i <= P_TX_DESC; i++) {
		uint16_t *desc = i == P_RX_DESC ? &port->rx_desc : &port->tx_desc;

		if (vals[i] == NULL)
			continue;
		ret = get_u16(p, vals[i], port_keys[i], 64, 32768, desc);
		if (ret < 0)
			return ret;
		if ((*desc & (*desc - 1)) != 0)
			return node_error(p, vals[i],
					  "'%s' must be a power of two in 64..32768, got %s",
					  port_keys[i], show(vals[i], shown));
	}

	if (vals[P_MTU] != NULL) {
		ret = get_u16(p, vals[P_MTU], "mtu", 68, 9600, &port->mtu);
		if (ret < 0)
			return ret;
	}

	port->rss = port->rx_queues > 1;
	if (vals[P_RSS] != NULL) {
		ret = get_bool(p, vals[P_RSS], "rss", &port->rss);
		if (ret < 0)
			return ret;
	}

	if (vals[P_RX_AFFINITY] != NULL) {
		unsigned int n;

		ret = get_lcores(p, vals[P_RX_AFFINITY], "rx_affinity", VSW_MAX_QUEUES,
				 port->rx_affinity, pn->affinity_items, &n);
		if (ret < 0)
			return ret;
		port->n_rx_affinity = (uint16_t)n;
		port->affinity_mark = mark_of(vals[P_RX_AFFINITY]);
		pn->affinity = vals[P_RX_AFFINITY];
	}

	if (vals[P_MAC_LIMIT] != NULL) {
		ret =
		    get_uint(p, vals[P_MAC_LIMIT], "mac_limit", 0, MAC_LIMIT_MAX, &port->mac_limit);
		if (ret < 0)
			return ret;
	}
	return parse_port_vlan(p, port, map, keys, vals);
}

static int
parse_ports(struct parser *p, const yaml_node_t *seq)
{
	char shown[SHOW_BUF];
	int ret;

	if (seq->type != YAML_SEQUENCE_NODE)
		return node_error(p, seq, "expected a sequence of ports for 'ports', got %s",
				  show(seq, shown));
	if (seq_len(seq) == 0)
		return node_error(p, seq, "expected a non-empty sequence of ports for 'ports'");
	for (size_t i = 0; i < seq_len(seq); i++) {
		yaml_node_t *item = seq_item(p, seq, i);

		if (i >= VSW_MAX_PORTS)
			return node_error(p, item, "too many ports (at most %u)", VSW_MAX_PORTS);
		ret = parse_port(p, item, (unsigned int)i);
		if (ret < 0)
			return ret;
		p->cfg->n_ports = (unsigned int)i + 1;
	}
	return 0;
}

/* Shape only: the names are resolved by the cross checks, once all ports are known. */
static int
parse_xconnect(struct parser *p, yaml_node_t *seq)
{
	char shown[SHOW_BUF];

	if (seq->type != YAML_SEQUENCE_NODE)
		return node_error(p, seq,
				  "expected a sequence of port pairs for 'xconnect', got %s",
				  show(seq, shown));
	for (size_t i = 0; i < seq_len(seq); i++) {
		const yaml_node_t *pair = seq_item(p, seq, i);

		if (pair->type != YAML_SEQUENCE_NODE)
			return node_error(
			    p, pair,
			    "expected a pair of port names like [a, b] in 'xconnect', "
			    "got %s",
			    show(pair, shown));
		for (size_t j = 0; j < seq_len(pair); j++) {
			const yaml_node_t *name = seq_item(p, pair, j);

			if (name->type != YAML_SCALAR_NODE || is_null(name))
				return node_error(p, name,
						  "expected a port name in 'xconnect', got %s",
						  show(name, shown));
		}
	}
	p->xconnect = seq;
	return 0;
}

enum { B_NAME, B_VLAN, B_PORTS, B_AGING_S, B_FLOOD_UNKNOWN, B_MAC_LIMIT, B_STATIC_MACS, B_COUNT };
static const char *const bridge_keys[B_COUNT] = {
    [B_NAME] = "name",
    [B_VLAN] = "vlan",
    [B_PORTS] = "ports",
    [B_AGING_S] = "aging_s",
    [B_FLOOD_UNKNOWN] = "flood_unknown",
    [B_MAC_LIMIT] = "mac_limit",
    [B_STATIC_MACS] = "static_macs",
};

enum { S_MAC, S_PORT, S_COUNT };
static const char *const static_keys[S_COUNT] = {
    [S_MAC] = "mac",
    [S_PORT] = "port",
};

/* Static entries of bridge @p bridge; the port names are resolved by the cross checks. */
static int
parse_static_macs(struct parser *p, const yaml_node_t *seq, unsigned int bridge)
{
	struct vsw_config *cfg = p->cfg;
	char shown[SHOW_BUF];
	int ret;

	if (seq->type != YAML_SEQUENCE_NODE)
		return node_error(p, seq,
				  "expected a sequence of {mac, port} mappings for 'static_macs', "
				  "got %s",
				  show(seq, shown));
	for (size_t i = 0; i < seq_len(seq); i++) {
		const yaml_node_t *item = seq_item(p, seq, i);
		yaml_node_t *keys[S_COUNT], *vals[S_COUNT];
		struct vsw_fdb_static_conf *st;

		if (item->type != YAML_MAPPING_NODE)
			return node_error(p, item,
					  "expected a mapping like {mac: \"02:00:00:00:00:01\", "
					  "port: vm0} in 'static_macs', got %s",
					  show(item, shown));
		if (cfg->n_static_macs >= VSW_MAX_STATIC_MACS)
			return node_error(
			    p, item, "too many static MAC entries (at most %u over all bridges)",
			    VSW_MAX_STATIC_MACS);
		ret =
		    collect_keys(p, item, "in static_macs entry", static_keys, S_COUNT, keys, vals);
		if (ret < 0)
			return ret;
		for (unsigned int k = 0; k < S_COUNT; k++)
			if (vals[k] == NULL)
				return node_error(p, item,
						  "missing required key '%s' in static_macs entry",
						  static_keys[k]);
		st = &cfg->static_macs[cfg->n_static_macs];
		ret = get_mac(p, vals[S_MAC], st->mac);
		if (ret < 0)
			return ret;
		if (vals[S_PORT]->type != YAML_SCALAR_NODE || is_null(vals[S_PORT]))
			return node_error(
			    p, vals[S_PORT],
			    "expected a port name for 'port' in 'static_macs', got %s",
			    show(vals[S_PORT], shown));
		st->bridge = (uint16_t)bridge;
		st->mark = mark_of(item);
		cfg->n_static_macs++;
	}
	return 0;
}

/* Shape only for 'ports' and the static entries' ports: resolved by the cross checks. */
static int
parse_bridge(struct parser *p, const yaml_node_t *map, unsigned int index)
{
	struct vsw_bridge_conf *br = &p->cfg->bridges[index];
	yaml_node_t *keys[B_COUNT], *vals[B_COUNT];
	const yaml_node_t *ports;
	char shown[SHOW_BUF];
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return node_error(p, map, "expected a mapping for a bridge, got %s",
				  show(map, shown));
	ret = collect_keys(p, map, "in bridge", bridge_keys, B_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	br->mark = mark_of(map);

	if (vals[B_NAME] == NULL)
		return node_error(p, map, "missing required key 'name' in bridge");
	ret = get_name(p, vals[B_NAME], "bridge", br->name);
	if (ret < 0)
		return ret;

	if (vals[B_VLAN] != NULL) {
		ret = get_u16(p, vals[B_VLAN], "vlan", 0, VSW_VLAN_MAX, &br->vlan);
		if (ret < 0)
			return ret;
	}

	ports = vals[B_PORTS];
	if (ports == NULL)
		return node_error(p, map, "missing required key 'ports' in bridge '%s'", br->name);
	if (ports->type != YAML_SEQUENCE_NODE)
		return node_error(p, ports,
				  "expected a sequence of port names for 'ports' in bridge '%s', "
				  "got %s",
				  br->name, show(ports, shown));
	if (seq_len(ports) == 0)
		return node_error(p, ports,
				  "expected a non-empty sequence of port names for 'ports' in "
				  "bridge '%s'",
				  br->name);
	for (size_t i = 0; i < seq_len(ports); i++) {
		const yaml_node_t *name = seq_item(p, ports, i);

		if (name->type != YAML_SCALAR_NODE || is_null(name))
			return node_error(p, name,
					  "expected a port name in 'ports' of bridge '%s', got %s",
					  br->name, show(name, shown));
	}

	br->aging_s = VSW_DEF_AGING_S;
	if (vals[B_AGING_S] != NULL) {
		ret = get_uint(p, vals[B_AGING_S], "aging_s", 0, 1000000, &br->aging_s);
		if (ret < 0)
			return ret;
	}
	br->flood_unknown = true;
	if (vals[B_FLOOD_UNKNOWN] != NULL) {
		ret = get_bool(p, vals[B_FLOOD_UNKNOWN], "flood_unknown", &br->flood_unknown);
		if (ret < 0)
			return ret;
	}
	if (vals[B_MAC_LIMIT] != NULL) {
		ret = get_uint(p, vals[B_MAC_LIMIT], "mac_limit", 0, MAC_LIMIT_MAX, &br->mac_limit);
		if (ret < 0)
			return ret;
	}
	if (vals[B_STATIC_MACS] != NULL)
		return parse_static_macs(p, vals[B_STATIC_MACS], index);
	return 0;
}

static int
parse_bridges(struct parser *p, yaml_node_t *seq)
{
	char shown[SHOW_BUF];
	int ret;

	if (seq->type != YAML_SEQUENCE_NODE)
		return node_error(p, seq, "expected a sequence of bridges for 'bridges', got %s",
				  show(seq, shown));
	for (size_t i = 0; i < seq_len(seq); i++) {
		const yaml_node_t *item = seq_item(p, seq, i);

		if (i >= VSW_MAX_BRIDGES)
			return node_error(p, item, "too many bridges (at most %u)",
					  VSW_MAX_BRIDGES);
		ret = parse_bridge(p, item, (unsigned int)i);
		if (ret < 0)
			return ret;
		p->cfg->n_bridges = (unsigned int)i + 1;
	}
	p->bridges = seq;
	return 0;
}

enum { F_SIZE, F_COUNT };
static const char *const fdb_keys[F_COUNT] = {
    [F_SIZE] = "size",
};

static int
parse_fdb(struct parser *p, const yaml_node_t *map)
{
	yaml_node_t *keys[F_COUNT], *vals[F_COUNT];
	char shown[SHOW_BUF];
	int ret;

	if (map->type != YAML_MAPPING_NODE)
		return node_error(p, map, "expected a mapping for 'fdb', got %s", show(map, shown));
	ret = collect_keys(p, map, "in fdb", fdb_keys, F_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	if (vals[F_SIZE] != NULL) {
		ret = get_uint(p, vals[F_SIZE], "size", 1024, 16777216, &p->cfg->fdb_size);
		if (ret < 0)
			return ret;
		p->fdb_size = vals[F_SIZE];
	}
	return 0;
}

/* -------------------------------------------------------------------------------------------
 * Cross checks, in this order, once the whole file is read.
 */

static int
port_index_of(const struct parser *p, const yaml_node_t *name)
{
	if (has_nul(name))
		return -1;
	return vsw_config_port_index(p->cfg, scalar(name));
}

static int
check_xconnect(struct parser *p)
{
	const yaml_node_t *used[VSW_MAX_PORTS] = {NULL};
	struct vsw_config *cfg = p->cfg;
	const yaml_node_t *seq = p->xconnect;
	char shown[SHOW_BUF];
	size_t i, j, k;

	if (seq == NULL)
		return 0;

	for (i = 0; i < seq_len(seq); i++) {
		const yaml_node_t *pair = seq_item(p, seq, i);

		for (j = 0; j < seq_len(pair); j++) {
			const yaml_node_t *name = seq_item(p, pair, j);

			if (port_index_of(p, name) < 0)
				return node_error(p, name, "unknown port %s in xconnect",
						  show(name, shown));
		}
	}

	for (i = 0; i < seq_len(seq); i++) {
		const yaml_node_t *pair = seq_item(p, seq, i);

		for (j = 1; j < seq_len(pair); j++)
			for (k = 0; k < j; k++)
				if (port_index_of(p, seq_item(p, pair, j)) ==
				    port_index_of(p, seq_item(p, pair, k)))
					return node_error(p, seq_item(p, pair, j),
							  "port '%s' is cross-connected to itself",
							  scalar(seq_item(p, pair, j)));
	}

	for (i = 0; i < seq_len(seq); i++) {
		const yaml_node_t *pair = seq_item(p, seq, i);

		for (j = 0; j < seq_len(pair); j++) {
			const yaml_node_t *name = seq_item(p, pair, j);
			int idx = port_index_of(p, name);

			if (used[idx] != NULL)
				return node_error(p, name,
						  "port '%s' is in more than one xconnect pair "
						  "(first at line %u)",
						  scalar(name), line_of(used[idx]));
			used[idx] = name;
		}
	}

	for (i = 0; i < seq_len(seq); i++) {
		const yaml_node_t *pair = seq_item(p, seq, i);

		if (seq_len(pair) != 2)
			return node_error(
			    p, pair,
			    "expected exactly two port names in an xconnect pair, got "
			    "%zu",
			    seq_len(pair));
	}

	/* Each port is in at most one pair, so the pairs fit in VSW_MAX_PORTS / 2. */
	for (i = 0; i < seq_len(seq); i++) {
		const yaml_node_t *pair = seq_item(p, seq, i);
		struct vsw_xconnect_conf *x = &cfg->xconnects[i];

		x->a = (uint16_t)port_index_of(p, seq_item(p, pair, 0));
		x->b = (uint16_t)port_index_of(p, seq_item(p, pair, 1));
		x->mark = mark_of(pair);
		cfg->n_xconnects = (unsigned int)i + 1;
	}
	return 0;
}

/* The values of the keys of bridge @p i, which parse_bridge() has accepted. */
static void
bridge_vals(const struct parser *p, size_t i, yaml_node_t *vals[B_COUNT])
{
	yaml_node_t *keys[B_COUNT];

	(void)collect_keys(p, seq_item(p, p->bridges, i), "in bridge", bridge_keys, B_COUNT, keys,
			   vals);
}

/* Can @p port carry the VLAN of bridge @p br; reported at the member name @p node. */
static int
check_member_vlan(const struct parser *p, const yaml_node_t *node, const struct vsw_bridge_conf *br,
		  const struct vsw_port_conf *port)
{
	if (br->vlan == 0) {
		if (port->vlan_mode == VSW_VLAN_NONE)
			return 0;
		return node_error(p, node,
				  "bridge '%s' is untagged (vlan 0) but port '%s' has vlan_mode %s "
				  "(line %u); untagged bridges take ports without vlan_mode",
				  br->name, port->name, vlan_mode_name(port->vlan_mode),
				  port->vlan_mark.line);
	}
	switch (port->vlan_mode) {
	case VSW_VLAN_ACCESS:
	case VSW_VLAN_DOT1Q_TUNNEL:
		if (port->tag == br->vlan)
			return 0;
		return node_error(p, node,
				  "bridge '%s' has VLAN %u but port '%s' has vlan_mode %s with tag "
				  "%u (line %u)",
				  br->name, br->vlan, port->name, vlan_mode_name(port->vlan_mode),
				  port->tag, port->vlan_mark.line);
	case VSW_VLAN_TRUNK:
		if (vsw_vlan_bit(port->trunks, br->vlan))
			return 0;
		return node_error(p, node,
				  "bridge '%s' has VLAN %u but trunk port '%s' does not carry it "
				  "(add it to 'trunks', line %u)",
				  br->name, br->vlan, port->name, port->vlan_mark.line);
	case VSW_VLAN_NONE:
	default:
		return node_error(
		    p, node,
		    "bridge '%s' has VLAN %u but port '%s' has no vlan_mode (expected "
		    "access or dot1q-tunnel with tag %u, or trunk carrying VLAN %u)",
		    br->name, br->vlan, port->name, br->vlan, br->vlan);
	}
}

/* The bridge before bridge @p i, of the same VLAN, that port @p port is a member of. */
static unsigned int
bridge_of(const struct vsw_config *cfg, unsigned int i, int port)
{
	unsigned int j, k;

	for (j = 0; j < i; j++) {
		const struct vsw_bridge_conf *o = &cfg->bridges[j];

		if (o->vlan != cfg->bridges[i].vlan)
			continue;
		for (k = 0; k < o->n_ports; k++)
			if (o->ports[k] == port)
				return j;
	}
	return i; /* Not reached: the caller knows there is one. */
}

/*
 * Resolve the members of bridge @p i and check each one. @p claimed[port] holds the VLANs the
 * port already carries in bridges before this one (bit 0: an untagged bridge).
 */
static int
check_bridge_ports(struct parser *p, unsigned int i, const yaml_node_t *seq,
		   uint8_t claimed[][VSW_VLAN_BITMAP_BYTES])
{
	struct vsw_config *cfg = p->cfg;
	struct vsw_bridge_conf *br = &cfg->bridges[i];
	char shown[SHOW_BUF];
	int ret;

	for (size_t m = 0; m < seq_len(seq); m++) {
		const yaml_node_t *name = seq_item(p, seq, m);
		int idx = port_index_of(p, name);

		if (idx < 0)
			return node_error(p, name, "unknown port %s in bridge '%s'",
					  show(name, shown), br->name);
		/* No duplicates and only known names: at most n_ports <= VSW_MAX_PORTS members. */
		for (size_t k = 0; k < m; k++)
			if (br->ports[k] == idx)
				return node_error(p, name,
						  "port '%s' is listed twice in bridge '%s' (first "
						  "at line %u)",
						  scalar(name), br->name,
						  line_of(seq_item(p, seq, k)));
		for (unsigned int x = 0; x < cfg->n_xconnects; x++)
			if (cfg->xconnects[x].a == idx || cfg->xconnects[x].b == idx)
				return node_error(p, name,
						  "port '%s' is cross-connected (line %u) and "
						  "cannot join bridge '%s'",
						  scalar(name), cfg->xconnects[x].mark.line,
						  br->name);
		ret = check_member_vlan(p, name, br, &cfg->ports[idx]);
		if (ret < 0)
			return ret;
		if (vsw_vlan_bit(claimed[idx], br->vlan)) {
			const struct vsw_bridge_conf *o = &cfg->bridges[bridge_of(cfg, i, idx)];

			if (br->vlan == 0)
				return node_error(p, name,
						  "port '%s' is already in untagged bridge '%s' "
						  "(line %u)",
						  scalar(name), o->name, o->mark.line);
			return node_error(p, name,
					  "port '%s' already carries VLAN %u in bridge '%s' (line "
					  "%u)",
					  scalar(name), br->vlan, o->name, o->mark.line);
		}
		vlan_set(claimed[idx], br->vlan);
		br->ports[m] = (uint16_t)idx;
		br->n_ports = (uint16_t)(m + 1);
	}
	return 0;
}

/*
 * Resolve the ports of the static entries of bridge @p i, which start at cfg->static_macs[@p
 * first], and check them against its (already resolved) members.
 */
static int
check_static_macs(const struct parser *p, unsigned int i, const yaml_node_t *seq,
		  unsigned int first)
{
	struct vsw_config *cfg = p->cfg;
	const struct vsw_bridge_conf *br = &cfg->bridges[i];
	char shown[SHOW_BUF];

	for (size_t e = 0; e < seq_len(seq); e++) {
		struct vsw_fdb_static_conf *st = &cfg->static_macs[first + e];
		yaml_node_t *keys[S_COUNT], *vals[S_COUNT];
		const yaml_node_t *name;
		unsigned int k;
		int idx;

		(void)collect_keys(p, seq_item(p, seq, e), "in static_macs entry", static_keys,
				   S_COUNT, keys, vals);
		name = vals[S_PORT];
		idx = port_index_of(p, name);
		if (idx < 0)
			return node_error(p, name, "unknown port %s in static_macs of bridge '%s'",
					  show(name, shown), br->name);
		for (k = 0; k < br->n_ports; k++)
			if (br->ports[k] == idx)
				break;
		if (k == br->n_ports)
			return node_error(p, name,
					  "port '%s' is not a member of bridge '%s' (a static MAC "
					  "entry must name one of the bridge's ports)",
					  scalar(name), br->name);
		for (k = first; k < first + e; k++)
			if (memcmp(cfg->static_macs[k].mac, st->mac, 6) == 0)
				return node_error(p, vals[S_MAC],
						  "MAC %s is listed twice in static_macs of bridge "
						  "'%s' (first at line %u)",
						  show(vals[S_MAC], shown), br->name,
						  cfg->static_macs[k].mark.line);
		st->port = (uint16_t)idx;
	}
	return 0;
}

/* The default FDB always holds every static entry: only an explicit fdb.size can be short. */
_Static_assert(VSW_MAX_STATIC_MACS <= VSW_DEF_FDB_SIZE, "default FDB smaller than static MACs");

static int
check_bridges(struct parser *p)
{
	/* 16 KiB: the VLANs each port already carries in a bridge. */
	uint8_t claimed[VSW_MAX_PORTS][VSW_VLAN_BITMAP_BYTES];
	struct vsw_config *cfg = p->cfg;
	unsigned int i, j, first = 0;
	int ret;

	if (p->bridges == NULL)
		return 0;

	for (i = 1; i < cfg->n_bridges; i++)
		for (j = 0; j < i; j++)
			if (strcmp(cfg->bridges[i].name, cfg->bridges[j].name) == 0) {
				yaml_node_t *vals[B_COUNT], *first_vals[B_COUNT];

				bridge_vals(p, i, vals);
				bridge_vals(p, j, first_vals);
				return node_error(p, vals[B_NAME],
						  "duplicate bridge name '%s' (first defined at "
						  "line %u)",
						  cfg->bridges[i].name,
						  line_of(first_vals[B_NAME]));
			}

	memset(claimed, 0, sizeof(claimed));
	for (i = 0; i < cfg->n_bridges; i++) {
		yaml_node_t *vals[B_COUNT];

		bridge_vals(p, i, vals);
		ret = check_bridge_ports(p, i, vals[B_PORTS], claimed);
		if (ret < 0)
			return ret;
		if (vals[B_STATIC_MACS] == NULL)
			continue;
		ret = check_static_macs(p, i, vals[B_STATIC_MACS], first);
		if (ret < 0)
			return ret;
		first += (unsigned int)seq_len(vals[B_STATIC_MACS]);
	}

	if (cfg->n_static_macs > cfg->fdb_size)
		return node_error(p, p->fdb_size,
				  "fdb 'size' %u is smaller than the %u static MAC entries of the "
				  "bridges",
				  cfg->fdb_size, cfg->n_static_macs);
	return 0;
}

static bool
is_worker(const struct vsw_config *cfg, uint16_t lcore)
{
	for (unsigned int i = 0; i < cfg->n_workers; i++)
		if (cfg->worker_lcores[i] == lcore)
			return true;
	return false;
}

static int
cross_check(struct parser *p)
{
	struct vsw_config *cfg = p->cfg;
	unsigned int i, j, q;
	int ret;

	for (i = 0; i < cfg->n_workers; i++)
		if (cfg->worker_lcores[i] == cfg->main_lcore)
			return node_error(p, p->lcore_items[i],
					  "worker lcore %u is also the main lcore (eal.main_lcore)",
					  cfg->main_lcore);

	for (i = 1; i < cfg->n_ports; i++)
		for (j = 0; j < i; j++)
			if (strcmp(cfg->ports[i].name, cfg->ports[j].name) == 0)
				return node_error(p, p->ports[i].name,
						  "duplicate port name '%s' (first defined at line "
						  "%u)",
						  cfg->ports[i].name, line_of(p->ports[j].name));

	ret = check_xconnect(p);
	if (ret < 0)
		return ret;

	for (i = 0; i < cfg->n_ports; i++)
		for (q = 0; q < cfg->ports[i].n_rx_affinity; q++)
			if (!is_worker(cfg, cfg->ports[i].rx_affinity[q]))
				return node_error(p, p->ports[i].affinity_items[q],
						  "lcore %u in 'rx_affinity' is not one of "
						  "workers.lcores",
						  cfg->ports[i].rx_affinity[q]);

	for (i = 0; i < cfg->n_ports; i++) {
		const struct vsw_port_conf *port = &cfg->ports[i];

		if (p->ports[i].affinity != NULL && port->n_rx_affinity != port->rx_queues)
			return node_error(p, p->ports[i].affinity,
					  "'rx_affinity' has %u entries but port '%s' has %u "
					  "rx_queues (expected one lcore per rx queue)",
					  port->n_rx_affinity, port->name, port->rx_queues);
	}

	for (i = 1; i < cfg->n_ports; i++) {
		if (cfg->ports[i].kind != VSW_PORT_VHOST)
			continue;
		for (j = 0; j < i; j++)
			if (cfg->ports[j].kind == VSW_PORT_VHOST &&
			    strcmp(cfg->ports[i].path, cfg->ports[j].path) == 0)
				return node_error(p, p->ports[i].path,
						  "vhost-user path '%s' is already used by port "
						  "'%s' (line %u)",
						  cfg->ports[i].path, cfg->ports[j].name,
						  line_of(p->ports[j].path));
	}

	for (i = 1; i < cfg->n_ports; i++) {
		if (cfg->ports[i].kind != VSW_PORT_TAP)
			continue;
		for (j = 0; j < i; j++)
			if (cfg->ports[j].kind == VSW_PORT_TAP &&
			    strcmp(cfg->ports[i].iface, cfg->ports[j].iface) == 0)
				return node_error(p, p->ports[i].iface,
						  "tap interface '%s' is already used by port '%s' "
						  "(line %u)",
						  cfg->ports[i].iface, cfg->ports[j].name,
						  line_of(p->ports[j].iface));
	}

	return check_bridges(p);
}

/* -------------------------------------------------------------------------------------------
 * Document
 */

enum { TOP_EAL, TOP_WORKERS, TOP_PORTS, TOP_XCONNECT, TOP_BRIDGES, TOP_FDB, TOP_COUNT };
/* One key per line, like the other tables. */
/* clang-format off */
static const char *const top_keys[TOP_COUNT] = {
    [TOP_EAL] = "eal",
    [TOP_WORKERS] = "workers",
    [TOP_PORTS] = "ports",
    [TOP_XCONNECT] = "xconnect",
    [TOP_BRIDGES] = "bridges",
    [TOP_FDB] = "fdb",
};
/* clang-format on */

static int
parse_root(struct parser *p)
{
	yaml_node_t *keys[TOP_COUNT], *vals[TOP_COUNT];
	yaml_node_t *root;
	int ret;

	root = yaml_document_get_root_node(p->doc);
	if (root == NULL)
		return error_at(p->err, p->name, 1, 1,
				"empty config (expected a mapping with at least 'workers' and "
				"'ports')");
	if (root->type != YAML_MAPPING_NODE)
		return node_error(p, root,
				  "expected a mapping at top level (keys: eal, workers, ports, "
				  "xconnect, bridges, fdb), got %s",
				  node_type_name(root));
	ret = collect_keys(p, root, "at top level", top_keys, TOP_COUNT, keys, vals);
	if (ret < 0)
		return ret;
	if (vals[TOP_WORKERS] == NULL)
		return node_error(p, root, "missing required key 'workers'");
	if (vals[TOP_PORTS] == NULL)
		return node_error(p, root, "missing required key 'ports'");

	if (vals[TOP_EAL] != NULL && (ret = parse_eal(p, vals[TOP_EAL])) < 0)
		return ret;
	if ((ret = parse_workers(p, vals[TOP_WORKERS])) < 0)
		return ret;
	if ((ret = parse_ports(p, vals[TOP_PORTS])) < 0)
		return ret;
	if (vals[TOP_XCONNECT] != NULL && (ret = parse_xconnect(p, vals[TOP_XCONNECT])) < 0)
		return ret;
	if (vals[TOP_BRIDGES] != NULL && (ret = parse_bridges(p, vals[TOP_BRIDGES])) < 0)
		return ret;
	if (vals[TOP_FDB] != NULL && (ret = parse_fdb(p, vals[TOP_FDB])) < 0)
		return ret;
	return cross_check(p);
}

/* Report a libyaml failure: syntax errors with their position, -ENOMEM for memory. */
static int
yaml_error(const yaml_parser_t *parser, const char *name, const char *text, size_t len, char *err)
{
	const char *problem = parser->problem != NULL ? parser->problem : "invalid YAML";
	unsigned int line = 1, column = 1;

	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		return file_error(err, name, -ENOMEM, "out of memory while reading YAML");
	case YAML_READER_ERROR:
		/* The reader only knows the byte offset (bad encoding): count lines ourselves. */
		for (size_t i = 0; i < parser->problem_offset && i < len; i++) {
			if (text[i] == '\n') {
				line++;
				column = 1;
			} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
				column++;
			}
		}
		if (parser->problem_value != -1)
			return error_at(err, name, line, column, "%s (byte 0x%02x)", problem,
					(unsigned int)parser->problem_value & 0xff);
		return error_at(err, name, line, column, "%s", problem);
	default:
		line = parser->problem_mark.line + 1;
		column = parser->problem_mark.column + 1;
		if (parser->context != NULL)
			return error_at(
			    err, name, line, column, "%s (%s started at line %u, column %u)",
			    problem, parser->context, (unsigned int)parser->context_mark.line + 1,
			    (unsigned int)parser->context_mark.column + 1);
		return error_at(err, name, line, column, "%s", problem);
	}
}

int
vsw_config_parse(const char *name, const char *text, size_t len, struct vsw_config *cfg,
		 char err[VSW_ERR_MAX])
{
	yaml_document_t doc, extra;
	yaml_parser_t parser;
	struct parser p;
	int ret;

	if (err != NULL)
		err[0] = '\0';
	if (name == NULL || cfg == NULL || (text == NULL && len > 0))
		return file_error(err, name != NULL ? name : "(null)", -EINVAL, "invalid argument");

	memset(cfg, 0, sizeof(*cfg));
	if (strlen(name) >= sizeof(cfg->path))
		return file_error(err, name, -ENAMETOOLONG, "file name too long");
	memcpy(cfg->path, name, strlen(name) + 1);
	memcpy(cfg->file_prefix, VSW_DEF_FILE_PREFIX, sizeof(VSW_DEF_FILE_PREFIX));
	cfg->idle_threshold_us = 1000;
	cfg->burst = VSW_DEF_BURST;
	cfg->fdb_size = VSW_DEF_FDB_SIZE;

	if (!yaml_parser_initialize(&parser))
		return file_error(err, name, -ENOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)(text != NULL ? text : ""),
				     len);
	if (!yaml_parser_load(&parser, &doc)) {
		/* yaml_parser_load() frees the document on failure. */
		ret = yaml_error(&parser, name, text, len, err);
		yaml_parser_delete(&parser);
		return ret;
	}

	/* The file must hold one document: read on, so a second one is not silently ignored. */
	if (!yaml_parser_load(&parser, &extra)) {
		ret = yaml_error(&parser, name, text, len, err);
	} else {
		yaml_node_t *root = yaml_document_get_root_node(&extra);

		ret = 0;
		if (root != NULL)
			ret = error_at(err, name, extra.start_mark.line + 1,
				       extra.start_mark.column + 1,
				       "expected a single YAML document, found a second one");
		yaml_document_delete(&extra);
	}

	if (ret == 0) {
		memset(&p, 0, sizeof(p));
		p.name = name;
		p.doc = &doc;
		p.cfg = cfg;
		p.err = err;
		ret = parse_root(&p);
	}

	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return ret;
}

/* Read a whole file into a malloc'ed buffer. Returns 0, -EFBIG or -errno. */
static int
read_file(const char *path, char **buf, size_t *len)
{
	size_t size = 0, used = 0;
	char *data = NULL;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	for (;;) {
		ssize_t n;

		if (used == size) {
			char *bigger;

			/* One byte over the limit tells a file at the limit from a larger one. */
			if (size == CONF_FILE_MAX + 1) {
				ret = -EFBIG;
				goto fail;
			}
			size = size == 0 ? 4096 : size * 2;
			if (size > CONF_FILE_MAX + 1)
				size = CONF_FILE_MAX + 1;
			bigger = realloc(data, size);
			if (bigger == NULL) {
				ret = -ENOMEM;
				goto fail;
			}
			data = bigger;
		}
		n = read(fd, data + used, size - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto fail;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	*buf = data;
	*len = used;
	return 0;
fail:
	free(data);
	close(fd);
	return ret;
}

int
vsw_config_load(const char *path, struct vsw_config *cfg, char err[VSW_ERR_MAX])
{
	char *text = NULL;
	size_t len = 0;
	int ret;

	if (err != NULL)
		err[0] = '\0';
	if (path == NULL || cfg == NULL)
		return file_error(err, path != NULL ? path : "(null)", -EINVAL, "invalid argument");

	ret = read_file(path, &text, &len);
	if (ret == -EFBIG)
		return file_error(err, path, ret, "file too large (max %u MiB)",
				  CONF_FILE_MAX >> 20);
	if (ret < 0) {
		char buf[128];

		/* GNU strerror_r(): thread-safe, unlike strerror(). */
		return file_error(err, path, ret, "%s", strerror_r(-ret, buf, sizeof(buf)));
	}
	ret = vsw_config_parse(path, text, len, cfg, err);
	free(text);
	return ret;
}

int
vsw_config_port_index(const struct vsw_config *cfg, const char *name)
{
	if (cfg == NULL || name == NULL)
		return -1;
	for (unsigned int i = 0; i < cfg->n_ports && i < VSW_MAX_PORTS; i++)
		if (strcmp(cfg->ports[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *
vsw_port_kind_name(enum vsw_port_kind kind)
{
	switch (kind) {
	case VSW_PORT_DPDK:
		return "dpdk";
	case VSW_PORT_VHOST:
		return "vhost-user";
	case VSW_PORT_TAP:
		return "tap";
	}
	return "unknown";
}
