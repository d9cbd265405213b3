/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * YAML helpers shared by the config section parsers: errors, node access, key checks, scalar
 * parsers and document loading.
 *
 * libyaml marks are 0-based; ours (and the error messages) are 1-based.
 */

#include "vsw_yaml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* -------------------------------------------------------------------------------------------
 * Errors
 */

void
vsw_conf_verror_at(char *err, const char *name, unsigned int line, unsigned int column,
		   const char *fmt, va_list ap)
{
	int n;

	if (err == NULL)
		return;
	n = snprintf(err, VSW_ERR_MAX, "%s:%u:%u: ", name, line, column);
	if (n < 0 || n >= VSW_ERR_MAX)
		return; /* The name alone filled the buffer; it is NUL-terminated anyway. */
	vsnprintf(err + n, VSW_ERR_MAX - n, fmt, ap);
}

int
vsw_conf_error_at(char *err, const char *name, unsigned int line, unsigned int column,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsw_conf_verror_at(err, name, line, column, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int
vsw_yaml_error(const struct vsw_yaml *y, const yaml_node_t *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsw_conf_verror_at(y->err, y->name, node->start_mark.line + 1, node->start_mark.column + 1,
			   fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int
vsw_conf_file_error(char *err, const char *name, int ret, const char *fmt, ...)
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
 * Nodes
 */

struct vsw_conf_mark
vsw_yaml_mark(const yaml_node_t *node)
{
	struct vsw_conf_mark m = {
	    .line = node->start_mark.line + 1,
	    .column = node->start_mark.column + 1,
	};

	return m;
}

unsigned int
vsw_yaml_line(const yaml_node_t *node)
{
	return node->start_mark.line + 1;
}

const char *
vsw_yaml_scalar(const yaml_node_t *node)
{
	return (const char *)node->data.scalar.value;
}

size_t
vsw_yaml_scalar_len(const yaml_node_t *node)
{
	return node->data.scalar.length;
}

bool
vsw_yaml_is_null(const yaml_node_t *node)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};

	if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(vsw_yaml_scalar(node), nulls[i]) == 0)
			return true;
	return false;
}

bool
vsw_yaml_has_nul(const yaml_node_t *node)
{
	return strlen(vsw_yaml_scalar(node)) != vsw_yaml_scalar_len(node);
}

bool
vsw_has_space(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
			return true;
	return false;
}

bool
vsw_is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool
vsw_is_alnum(char c)
{
	return vsw_is_alpha(c) || (c >= '0' && c <= '9');
}

const char *
vsw_show_bytes(const char *s, size_t full, char buf[VSW_YAML_SHOW_BUF])
{
	size_t len = full, i, o = 0;

	if (len > VSW_YAML_SHOW_MAX) {
		len = VSW_YAML_SHOW_MAX;
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

const char *
vsw_yaml_show(const yaml_node_t *node, char buf[VSW_YAML_SHOW_BUF])
{
	if (node->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (node->type == YAML_SEQUENCE_NODE)
		return "a sequence";
	if (node->type != YAML_SCALAR_NODE)
		return "nothing";
	if (vsw_yaml_is_null(node))
		return "null";
	return vsw_show_bytes(vsw_yaml_scalar(node), vsw_yaml_scalar_len(node), buf);
}

const char *
vsw_yaml_type_name(const yaml_node_t *node)
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

size_t
vsw_yaml_seq_len(const yaml_node_t *seq)
{
	return seq->data.sequence.items.top - seq->data.sequence.items.start;
}

yaml_node_t *
vsw_yaml_seq_item(const struct vsw_yaml *y, const yaml_node_t *seq, size_t i)
{
	return yaml_document_get_node(y->doc, seq->data.sequence.items.start[i]);
}

/* -------------------------------------------------------------------------------------------
 * Mappings: every key must be known and appear once.
 */

int
vsw_yaml_map_keys(const struct vsw_yaml *y, const yaml_node_t *map, const char *where,
		  const char *const names[], unsigned int n_names, yaml_node_t *keys[],
		  yaml_node_t *vals[])
{
	char shown[VSW_YAML_SHOW_BUF];
	const yaml_node_pair_t *pair;
	unsigned int i;

	for (i = 0; i < n_names; i++) {
		keys[i] = NULL;
		vals[i] = NULL;
	}

	for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(y->doc, pair->key);
		yaml_node_t *val = yaml_document_get_node(y->doc, pair->value);

		if (key->type != YAML_SCALAR_NODE)
			return vsw_yaml_error(y, key, "expected a key name %s, got %s", where,
					      vsw_yaml_type_name(key));
		for (i = 0; i < n_names; i++)
			if (!vsw_yaml_has_nul(key) && strcmp(vsw_yaml_scalar(key), names[i]) == 0)
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
			return vsw_yaml_error(y, key, "unknown key %s %s (expected one of: %s)",
					      vsw_yaml_show(key, shown), where, list);
		}
		if (keys[i] != NULL)
			return vsw_yaml_error(y, key, "duplicate key '%s' %s (first at line %u)",
					      names[i], where, vsw_yaml_line(keys[i]));
		keys[i] = key;
		vals[i] = val;
	}
	return 0;
}

yaml_node_t *
vsw_yaml_map_get(const struct vsw_yaml *y, const yaml_node_t *map, const char *name)
{
	const yaml_node_pair_t *pair;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(y->doc, pair->key);

		if (key->type == YAML_SCALAR_NODE && !vsw_yaml_has_nul(key) &&
		    strcmp(vsw_yaml_scalar(key), name) == 0)
			return yaml_document_get_node(y->doc, pair->value);
	}
	return NULL;
}

int
vsw_yaml_want_map(const struct vsw_yaml *y, const yaml_node_t *node, const char *key)
{
	char shown[VSW_YAML_SHOW_BUF];

	if (node->type == YAML_MAPPING_NODE)
		return 0;
	return vsw_yaml_error(y, node, "expected a mapping for '%s', got %s", key,
			      vsw_yaml_show(node, shown));
}

/* -------------------------------------------------------------------------------------------
 * Documents
 */

/* Report a libyaml failure: syntax errors with their position, -ENOMEM for memory. */
static int
load_error(const yaml_parser_t *parser, const char *name, const char *text, size_t len, char *err)
{
	const char *problem = parser->problem != NULL ? parser->problem : "invalid YAML";
	unsigned int line = 1, column = 1;

	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		return vsw_conf_file_error(err, name, -ENOMEM, "out of memory while reading YAML");
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
			return vsw_conf_error_at(err, name, line, column, "%s (byte 0x%02x)",
						 problem,
						 (unsigned int)parser->problem_value & 0xff);
		return vsw_conf_error_at(err, name, line, column, "%s", problem);
	default:
		line = parser->problem_mark.line + 1;
		column = parser->problem_mark.column + 1;
		if (parser->context != NULL)
			return vsw_conf_error_at(
			    err, name, line, column, "%s (%s started at line %u, column %u)",
			    problem, parser->context, (unsigned int)parser->context_mark.line + 1,
			    (unsigned int)parser->context_mark.column + 1);
		return vsw_conf_error_at(err, name, line, column, "%s", problem);
	}
}

int
vsw_yaml_load(const char *name, const char *text, size_t len, yaml_document_t *doc, char *err)
{
	yaml_document_t extra;
	yaml_parser_t parser;
	int ret;

	if (!yaml_parser_initialize(&parser))
		return vsw_conf_file_error(err, name, -ENOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)(text != NULL ? text : ""),
				     len);
	if (!yaml_parser_load(&parser, doc)) {
		/* yaml_parser_load() frees the document on failure. */
		ret = load_error(&parser, name, text, len, err);
		yaml_parser_delete(&parser);
		return ret;
	}

	/* The file must hold one document: read on, so a second one is not silently ignored. */
	if (!yaml_parser_load(&parser, &extra)) {
		ret = load_error(&parser, name, text, len, err);
	} else {
		yaml_node_t *root = yaml_document_get_root_node(&extra);

		ret = 0;
		if (root != NULL)
			ret = vsw_conf_error_at(err, name, extra.start_mark.line + 1,
						extra.start_mark.column + 1,
						"expected a single YAML document, found a second "
						"one");
		yaml_document_delete(&extra);
	}
	yaml_parser_delete(&parser);
	if (ret < 0)
		yaml_document_delete(doc);
	return ret;
}

int
vsw_read_file(const char *path, char **buf, size_t *len)
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
			if (size == VSW_YAML_FILE_MAX + 1) {
				ret = -EFBIG;
				goto fail;
			}
			size = size == 0 ? 4096 : size * 2;
			if (size > VSW_YAML_FILE_MAX + 1)
				size = VSW_YAML_FILE_MAX + 1;
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
