/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * YAML helpers shared by every config section parser.
 *
 * A section parser walks libyaml's node tree with these helpers; each helper either fills its
 * output and returns 0, or writes "FILE:LINE:COLUMN: what was expected" into the parse's error
 * buffer and returns -EINVAL, so that a parser can simply "return ret" on failure. The error
 * texts are part of the user interface (docs/config.md, tests): change them with care.
 *
 * Nothing here touches DPDK. All functions are thread-safe: the state of one parse is the
 * struct vsw_yaml on its caller's stack.
 */
#ifndef VSW_YAML_H
#define VSW_YAML_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "vsw_config.h"

#define VSW_YAML_FILE_MAX (256u << 20) /**< A config file larger than this is refused (a
                                        * million routes take ~40 MiB). */
#define VSW_YAML_SHOW_MAX 60          /**< Bytes of a user value quoted in an error message. */
#define VSW_YAML_SHOW_BUF (VSW_YAML_SHOW_MAX + 8) /**< Quotes, "..." and the NUL. */
#define VSW_LCORE_MAX 127 /**< Highest lcore id accepted (RTE_MAX_LCORE - 1 in Debian). */

/** One parse: the loaded document, the name used in messages and the error buffer. */
struct vsw_yaml {
	const char *name;     /**< File name for messages. */
	yaml_document_t *doc; /**< The loaded document. */
	char *err;            /**< VSW_ERR_MAX bytes, or NULL. */
};

/* ---- Errors ------------------------------------------------------------------------------ */

/** "NAME:LINE:COLUMN: message" into @p err (may be NULL). @return -EINVAL. */
int vsw_conf_error_at(char *err, const char *name, unsigned int line, unsigned int column,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/** As vsw_conf_error_at() with a va_list; returns nothing. */
void vsw_conf_verror_at(char *err, const char *name, unsigned int line, unsigned int column,
			const char *fmt, va_list ap);

/** "NAME: message" for errors without a position. @return @p ret. */
int vsw_conf_file_error(char *err, const char *name, int ret, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/** An error at the start of @p node. @return -EINVAL. */
int vsw_yaml_error(const struct vsw_yaml *y, const yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- Nodes ------------------------------------------------------------------------------- */

/** Where @p node starts, 1-based. */
struct vsw_conf_mark vsw_yaml_mark(const yaml_node_t *node);

/** The 1-based line of @p node. */
unsigned int vsw_yaml_line(const yaml_node_t *node);

/** The bytes of a scalar node (NUL-terminated by libyaml). */
const char *vsw_yaml_scalar(const yaml_node_t *node);

/** The length of a scalar node in bytes. */
size_t vsw_yaml_scalar_len(const yaml_node_t *node);

/** A plain scalar that YAML reads as null: empty, "~" or "null". */
bool vsw_yaml_is_null(const yaml_node_t *node);

/** Whether a scalar holds a NUL byte (possible with "\0" in a double-quoted string). */
bool vsw_yaml_has_nul(const yaml_node_t *node);

/** Whether @p s holds a blank or a control character from \t to \r. */
bool vsw_has_space(const char *s);

/** Letter, digit. */
bool vsw_is_alpha(char c);
bool vsw_is_alnum(char c);

/**
 * @p s (@p full bytes) quoted for an error message: cut to VSW_YAML_SHOW_MAX bytes (never in
 * the middle of a UTF-8 sequence), control characters shown as '?'. Returns @p buf.
 */
const char *vsw_show_bytes(const char *s, size_t full, char buf[VSW_YAML_SHOW_BUF]);

/** 'value' for a scalar (as vsw_show_bytes()), else "a mapping", "a sequence" or "null". */
const char *vsw_yaml_show(const yaml_node_t *node, char buf[VSW_YAML_SHOW_BUF]);

/** "a mapping", "a sequence" or "a scalar". */
const char *vsw_yaml_type_name(const yaml_node_t *node);

/** Items of a sequence node. */
size_t vsw_yaml_seq_len(const yaml_node_t *seq);

/** Item @p i of a sequence node. */
yaml_node_t *vsw_yaml_seq_item(const struct vsw_yaml *y, const yaml_node_t *seq, size_t i);

/* ---- Mappings ---------------------------------------------------------------------------- */

/**
 * Check the keys of mapping @p map against @p names: every key must be a known scalar and
 * appear once. The key and value node of each known key (NULL when absent) are returned in
 * @p keys and @p vals, indexed like @p names. @p where completes the messages ("in port").
 * @return 0, or -EINVAL with the error at the first unknown or duplicate key.
 */
int vsw_yaml_map_keys(const struct vsw_yaml *y, const yaml_node_t *map, const char *where,
		      const char *const names[], unsigned int n_names, yaml_node_t *keys[],
		      yaml_node_t *vals[]);

/** The value of key @p name in mapping @p map, or NULL (for maps already checked). */
yaml_node_t *vsw_yaml_map_get(const struct vsw_yaml *y, const yaml_node_t *map,
			      const char *name);

/** -EINVAL with "expected a mapping for '@p key', got ..." unless @p node is a mapping. */
int vsw_yaml_want_map(const struct vsw_yaml *y, const yaml_node_t *node, const char *key);

/* ---- Scalars ----------------------------------------------------------------------------- */

/**
 * An unsigned decimal integer in @p min..@p max for key @p key. Quoted scalars are strings;
 * signs and leading zeros are refused (YAML 1.1 readers take "010" for octal).
 */
int vsw_yaml_uint(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		  uint32_t min, uint32_t max, uint32_t *out);

/** vsw_yaml_uint() into a uint16_t. */
int vsw_yaml_u16(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		 uint16_t min, uint16_t max, uint16_t *out);

/** true/false, yes/no, on/off, in any case, unquoted. */
int vsw_yaml_bool(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		  bool *out);

/** A string of 1..@p size-1 bytes without NUL, copied into @p buf. */
int vsw_yaml_str(const struct vsw_yaml *y, const yaml_node_t *node, const char *key, char *buf,
		 size_t size);

/** A port or bridge name (@p what): [A-Za-z0-9_.-], starting with a letter. */
int vsw_yaml_name(const struct vsw_yaml *y, const yaml_node_t *node, const char *what,
		  char name[VSW_NAME_MAX]);

/** "xx:xx:xx:xx:xx:xx", unicast and not all zero, for key 'mac'. */
int vsw_yaml_mac(const struct vsw_yaml *y, const yaml_node_t *node, uint8_t mac[6]);

/**
 * One of @p names (exact, case-sensitive) for key @p key; @p out is its index. The error reads
 * "expected one of A, B, C for 'key', got ...".
 */
int vsw_yaml_enum(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		  const char *const names[], unsigned int n_names, unsigned int *out);

/**
 * A sequence of at most @p max lcore numbers (0..VSW_LCORE_MAX) for key @p key. The item nodes
 * are stored in @p items (may be NULL) for later messages; @p n is the count.
 */
int vsw_yaml_lcores(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		    unsigned int max, uint16_t out[], yaml_node_t *items[], unsigned int *n);

/**
 * A VLAN list for key @p key: a sequence of VLAN ids and list strings, or one list string
 * ("100", "200-299", "1,5-7"). Sets the bit of every VLAN in @p bitmap (overlaps are fine).
 */
int vsw_yaml_vlan_list(const struct vsw_yaml *y, const yaml_node_t *node, const char *key,
		       uint8_t bitmap[VSW_VLAN_BITMAP_BYTES]);

/** Set VLAN @p vid in @p bitmap. */
void vsw_vlan_set(uint8_t bitmap[VSW_VLAN_BITMAP_BYTES], unsigned int vid);

/** The number of VLANs set in @p bitmap. */
unsigned int vsw_vlan_count(const uint8_t bitmap[VSW_VLAN_BITMAP_BYTES]);

/* ---- Documents --------------------------------------------------------------------------- */

/**
 * Load the single YAML document in @p text into @p doc. On success the caller deletes @p doc
 * with yaml_document_delete().
 * @return 0; -EINVAL for a syntax error or a second document, with its position in @p err;
 *         -ENOMEM.
 */
int vsw_yaml_load(const char *name, const char *text, size_t len, yaml_document_t *doc,
		  char *err);

/**
 * Read the whole file @p path into a malloc'ed buffer (the caller frees it).
 * @return 0; -EFBIG over VSW_YAML_FILE_MAX bytes; -ENOMEM; -errno from open()/read().
 */
int vsw_read_file(const char *path, char **buf, size_t *len);

#endif /* VSW_YAML_H */
