/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The runtime directory (config 'runtime', docs/operations.md): where vswd keeps its API
 * socket and its pid file, and who may reach them.
 *
 * By default it is /run/vsw/<file prefix>, one per instance, so vswd processes with distinct
 * prefixes never share it and vswctl finds each by its prefix. Owner only (0700, socket 0600)
 * unless runtime.group is set: then the directory is 0750 and the API socket 0660, both in
 * that group, and the group's members may query (the API answers them its read-only requests
 * only, api.h) but not act. The same modes go to EAL's runtime directory and its telemetry
 * socket, which vswctl's read commands use; EAL's multi-process socket, which dpdk-dumpcap
 * attaches through, stays owner only.
 *
 * The pid file is locked (flock) while vswd runs: a second vswd given the same directory
 * stops at start-up instead of taking over the first one's socket.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_eal.h>

#include "api/vsw_api.h"
#include "vswd.h"

#define PID_FILE "vswd.pid"
#define TELEMETRY_SOCK "dpdk_telemetry.v2"

static struct {
	char dir[VSW_RUNTIME_DIR_MAX];
	int pid_fd;
	bool created; /* the directory was made by this vswd: removed at exit if empty */
	int64_t gid;
} rt = {.pid_fd = -1, .gid = -1};

/* mkdir -p of @p path's parents, 0755 (they may be shared: /run/vsw). */
static int
make_parents(const char *path)
{
	char p[VSW_RUNTIME_DIR_MAX];
	char *s;

	snprintf(p, sizeof(p), "%s", path);
	for (s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	return 0;
}

/* Modes of the directory and the files in it: owner only, or group read access. */
static int
set_mode(const char *path, mode_t owner_only, mode_t with_group)
{
	if (rt.gid >= 0 && chown(path, (uid_t)-1, (gid_t)rt.gid) != 0)
		return -errno;
	return chmod(path, rt.gid >= 0 ? with_group : owner_only) != 0 ? -errno : 0;
}

static int
take_pid_file(char *err, size_t err_len)
{
	char path[VSW_RUNTIME_DIR_MAX + 16], buf[32];
	ssize_t n;
	int fd, len;

	snprintf(path, sizeof(path), "%s/%s", rt.dir, PID_FILE);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		snprintf(err, err_len, "runtime dir: %s: %s", path, strerror(errno));
		return -errno;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int rc = -errno;

		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		snprintf(err, err_len, "runtime dir %s is in use by vswd pid %s (%s locked)",
			 rt.dir, buf[0] ? buf : "?", PID_FILE);
		close(fd);
		return rc == -EWOULDBLOCK ? -EBUSY : rc;
	}
	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || write(fd, buf, (size_t)len) != len) {
		snprintf(err, err_len, "runtime dir: cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -EIO;
	}
	rt.pid_fd = fd;
	return 0;
}

int
vswd_runtime_init(const struct vsw_config *cfg, const char *prefix, char *err, size_t err_len)
{
	struct stat st;
	int rc;

	if (cfg->runtime_dir[0] != '\0')
		snprintf(rt.dir, sizeof(rt.dir), "%s", cfg->runtime_dir);
	else if ((size_t)snprintf(rt.dir, sizeof(rt.dir), "%s/%s", VSW_DEF_RUNTIME_BASE,
				  prefix) >= sizeof(rt.dir)) {
		snprintf(err, err_len, "runtime dir %s/%s: name too long", VSW_DEF_RUNTIME_BASE,
			 prefix);
		return -ENAMETOOLONG;
	}
	rt.gid = cfg->runtime_gid;
	rc = make_parents(rt.dir);
	if (rc == 0 && mkdir(rt.dir, 0700) == 0)
		rt.created = true;
	else if (rc == 0 && errno != EEXIST)
		rc = -errno;
	if (rc != 0) {
		snprintf(err, err_len, "runtime dir %s: %s", rt.dir, strerror(-rc));
		return rc;
	}
	/* Someone else's directory, or a symlink to one, would hand them our socket. */
	if (lstat(rt.dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
		snprintf(err, err_len, "runtime dir %s: not a directory owned by uid %u", rt.dir,
			 (unsigned int)geteuid());
		return -EPERM;
	}
	rc = set_mode(rt.dir, 0700, 0750);
	if (rc != 0) {
		snprintf(err, err_len, "runtime dir %s: cannot set mode or group: %s", rt.dir,
			 strerror(-rc));
		return rc;
	}
	return take_pid_file(err, err_len);
}

const char *
vswd_runtime_dir(void)
{
	return rt.dir;
}

void
vswd_runtime_secure(void)
{
	const char *eal = rte_eal_get_runtime_dir();
	char path[4096];
	struct dirent *e;
	struct stat st;
	DIR *dp;

	snprintf(path, sizeof(path), "%s/%s", rt.dir, VSW_API_SOCK_NAME);
	set_mode(path, 0600, 0660);
	/* EAL's: anyone who can connect to its telemetry socket can query, to its
	 * multi-process socket can attach (dpdk-dumpcap): owner, and the group may query. */
	set_mode(eal, 0700, 0750);
	if (rt.gid >= 0) {
		/* EAL makes /var/run/dpdk 0700: the group must be able to pass through it. */
		snprintf(path, sizeof(path), "%s", eal);
		if (strrchr(path, '/') != NULL && strrchr(path, '/') != path) {
			*strrchr(path, '/') = '\0';
			if (stat(path, &st) == 0 && (st.st_mode & 0011) != 0011)
				chmod(path, (st.st_mode & 07777) | 0011);
		}
	}
	dp = opendir(eal);
	if (dp == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", eal, e->d_name);
		if (lstat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
			continue;
		if (strcmp(e->d_name, TELEMETRY_SOCK) == 0)
			set_mode(path, 0600, 0660);
		else
			chmod(path, 0600);
	}
	closedir(dp);
}

void
vswd_runtime_fini(void)
{
	char path[VSW_RUNTIME_DIR_MAX + 16];

	if (rt.pid_fd < 0)
		return;
	snprintf(path, sizeof(path), "%s/%s", rt.dir, PID_FILE);
	unlink(path);
	close(rt.pid_fd); /* the lock goes with it */
	rt.pid_fd = -1;
	if (rt.created)
		rmdir(rt.dir); /* only if empty: what others put there stays */
}
