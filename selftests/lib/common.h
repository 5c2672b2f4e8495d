/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the mmscope selftests: run the tool, read /proc, make
 * target processes.  The truth is always the kernel's own /proc interface
 * read in the same VM.
 */
#ifndef MMSCOPE_SELFTEST_COMMON_H
#define MMSCOPE_SELFTEST_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/libmmscope.h"

/* A number from the environment (MMSCOPE_*: sizes of a run), or @def. */
static inline unsigned long env_ul(const char *name, unsigned long def)
{
	const char *v = getenv(name);

	return v && *v ? strtoul(v, NULL, 0) : def;
}

/* The loaded module's features (MMSCOPE_FEAT_*), asked once; 0 if none. */
static inline uint64_t module_features(void)
{
	static uint64_t features;
	static bool asked;
	struct mmscope_error err;
	struct mmscope_info info;
	struct mmscope *m;

	if (!asked && !mmscope_open(&m, &err)) {
		if (!mmscope_info_get(m, &info)) {
			features = info.features;
			asked = true;
		}
		mmscope_close(m);
	}
	return features;
}

/*
 * /proc/PID/smaps or smaps_rollup text as mmscope must print it: the same
 * bytes, except that a figure the module reports unavailable (SwapPss
 * without MMSCOPE_FEAT_SWAP_PSS) reads "unavailable".  A new string.
 */
static inline char *smaps_expected(const char *proc)
{
	const char *key = "SwapPss:        ";
	size_t n = strlen(proc) + 1, klen = strlen(key);
	char *out = malloc(n + 64 * 1024), *o = out;
	const char *p = proc;
	size_t room = n + 64 * 1024;

	if (!out)
		return NULL;
	if (module_features() & MMSCOPE_FEAT_SWAP_PSS) {
		memcpy(out, proc, n);
		return out;
	}
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p + 1) : strlen(p);

		if (len > klen && !strncmp(p, key, klen)) {
			size_t w = snprintf(o, room, "%sunavailable\n", key);

			o += w;
			room -= w;
		} else {
			memcpy(o, p, len);
			o += len;
			room -= len;
		}
		p += len;
		if (room < 64) {
			free(out);
			return NULL;	/* more SwapPss lines than room */
		}
	}
	*o = '\0';
	return out;
}

/* Write back dirty pages and drop the page cache (clean pages). */
static inline void drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	sync();
	if (fd >= 0) {
		if (write(fd, "3", 1) != 1)
			perror("drop_caches");
		close(fd);
	}
}

/*
 * A fresh file of @size bytes on the VM's @fs disk (scripts/vm mounts
 * ext4 on /mnt/ext4, xfs on /mnt/xfs), written and synced; its path in
 * @path.  Returns it open for reading and writing, or -1.
 */
static inline int disk_file(const char *fs, const char *name, size_t size,
			    char *path, size_t psize)
{
	char *buf = malloc(size);
	size_t i;
	int fd;

	snprintf(path, psize, "/mnt/%s/%s", fs, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !buf) {
		free(buf);
		return -1;
	}
	for (i = 0; i < size; i++)
		buf[i] = 'a' + (i >> 12) % 26;	/* a letter a page */
	if (write(fd, buf, size) != (ssize_t)size || fsync(fd)) {
		free(buf);
		close(fd);
		return -1;
	}
	free(buf);
	return fd;
}

/* Transparent huge pages exist in this kernel (not in PREEMPT_RT ones). */
static inline bool have_thp(void)
{
	return access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0;
}

/* Whole file into a NUL-terminated malloc'd buffer; NULL on error. */
static inline char *read_file(const char *path, size_t *lenp)
{
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap + 1);
	ssize_t n;
	int fd;

	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len)) > 0) {
		len += n;
		if (len == cap) {
			char *nb = realloc(buf, 2 * cap + 1);

			if (!nb) {
				free(buf);
				close(fd);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

static inline char *proc_read(pid_t pid, const char *what)
{
	char path[128];

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, what);
	return read_file(path, NULL);
}

/* The number in "Key:\t   123 kB" of /proc/PID/status, or -1. */
static inline long long status_field(const char *status, const char *key)
{
	size_t klen = strlen(key);
	const char *p = status;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':')
			return strtoll(p + klen + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

struct run {
	int status;		/* exit status, or 128+signal */
	char *out, *err;
};

static inline char *drain(int fd)
{
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap + 1);
	ssize_t n;

	while (buf && (n = read(fd, buf + len, cap - len)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
		}
	}
	if (buf)
		buf[len] = '\0';
	close(fd);
	return buf;
}

/*
 * Run the mmscope tool (MMSCOPE, default "mmscope" from PATH) with a NULL-
 * terminated argument list; stdout and stderr are collected separately.
 * stderr is read after stdout: fine for the small outputs of errors.
 */
static inline void run_tool(struct run *r, uid_t uid, ...)
{
	const char *tool = getenv("MMSCOPE") ? getenv("MMSCOPE") : "mmscope";
	char *argv[32];
	int out[2], err[2];
	va_list ap;
	pid_t pid;
	int n = 0, st;

	argv[n++] = (char *)tool;
	va_start(ap, uid);
	while (n < 31 && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;

	memset(r, 0, sizeof(*r));
	if (pipe(out) || pipe(err)) {
		r->status = -1;
		return;
	}
	pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		if (uid && (setgroups(0, NULL), setresgid(uid, uid, uid) ||
			    setresuid(uid, uid, uid)))
			_exit(125);
		execvp(tool, argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	r->out = drain(out[0]);
	r->err = drain(err[0]);
	waitpid(pid, &st, 0);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static inline void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Format the whole maps of @pid through libmmscope, as the tool does. */
struct maps_buf {
	char *buf;
	size_t len, cap;
	unsigned long count;
};

static inline int maps_collect(const struct mmscope_vma *v, void *arg)
{
	struct maps_buf *b = arg;
	char line[8192];
	size_t n;

	mmscope_format_maps(v, line, sizeof(line));
	n = strlen(line);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->cap + n + 1) * 2;
		b->buf = realloc(b->buf, b->cap);
		if (!b->buf)
			return -ENOMEM;
	}
	memcpy(b->buf + b->len, line, n + 1);
	b->len += n;
	b->count++;
	return 0;
}

/* A child that signals readiness through a pipe, then waits to be killed. */
static inline void child_ready(int fd)
{
	char c = 'r';

	if (write(fd, &c, 1) != 1)
		_exit(1);
	close(fd);
	for (;;)
		pause();
}

static inline int wait_ready(int fd)
{
	char c;
	int n = read(fd, &c, 1);

	close(fd);
	return n == 1 ? 0 : -1;
}

static inline void kill_child(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

/*
 * Fork a child that runs @setup(@arg), signals readiness and waits to be
 * killed; returns its pid once it is ready, or -1.
 */
static inline pid_t spawn_child(void (*setup)(void *arg), void *arg)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		setup(arg);
		child_ready(fds[1]);
	}
	close(fds[1]);
	if (pid < 0 || wait_ready(fds[0])) {
		kill_child(pid);
		return -1;
	}
	return pid;
}

static inline void *sleeper(void *arg)
{
	for (;;)
		pause();
	return NULL;
}

static inline unsigned long count_lines(const char *s)
{
	unsigned long n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

#endif
