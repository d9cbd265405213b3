/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Error messages of control-side functions that take a (char *err, size_t err_len) buffer.
 */
#ifndef VSW_ERR_H
#define VSW_ERR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Format a message into @p err (nothing when @p err is NULL or @p len 0).
 * @return @p rc, so that `return vsw_err(err, len, -EINVAL, "...")` reads as one step.
 */
int vsw_err(char *err, size_t len, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#ifdef __cplusplus
}
#endif

#endif /* VSW_ERR_H */
