// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope exporter: the figures of every process for Prometheus, served on
 * /metrics or written for node_exporter's textfile collector.
 *
 * One thread collects, one serves.  The collector works in cycles of at
 * most --budget seconds of requests, every --interval: the processes with
 * the largest RSS (--top, --max-series), the ones waiting longest first;
 * a process the budget did not reach keeps its last figures, marked stale,
 * with the time they were read.  It renders the whole exposition after
 * each cycle; a scrape only copies the last one, so a scrape never waits
 * for a target, and a target is only ever read by one request at a time.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "lib/libmmscope.h"
#include "cmd.h"
#include "exporter.h"

static void help_exporter(FILE *f)
{
	fprintf(f,
		"Usage: %s exporter [--listen ADDR:PORT | --textfile DIR | --once]\n"
		"                        [--interval S] [--budget S] [--top N] [--max-series N]\n"
		"                        [--group comm|cgroup|NAME=REGEX]... [-p PID]...\n\n"
		"Prometheus metrics of processes: smaps_rollup's figures (rss, pss and its\n"
		"anon/file/shmem parts, anonymous, swap, swap_pss, THP), resident file\n"
		"and shmem, page-table bytes, VMAs and their headroom to vm.max_map_count,\n"
		"faults minor/major and by class, a fault latency histogram, TLB flushes\n"
		"by reason.  Labels: pid, comm and group.  Counting is held on while the\n"
		"exporter runs.\n\n"
		"The figures are read in cycles of at most --budget seconds, every\n"
		"--interval; a scrape never waits for them: it gets the last cycle's.\n"
		"A process a cycle did not reach keeps its last figures, with\n"
		"mmscope_process_stale 1 and the time they were read.  The processes\n"
		"with the largest RSS are exported: --top of them, fewer if their series\n"
		"would pass --max-series; mmscope_exporter_processes says how many were\n"
		"left out.\n\n"
		"  -l, --listen ADDR:PORT  serve /metrics over HTTP (default 127.0.0.1:9877)\n"
		"  -t, --textfile DIR      write DIR/mmscope.prom after every cycle instead\n"
		"                          (node_exporter --collector.textfile.directory)\n"
		"  -1, --once              one cycle, without budget, to standard output\n"
		"  -i, --interval S        seconds between cycles (default 10)\n"
		"  -b, --budget S          seconds of requests a cycle may take (default 2)\n"
		"  -n, --top N             processes exported, largest RSS first (default 100)\n"
		"  -m, --max-series N      series in all, at most (default 20000)\n"
		"  -g, --group HOW         the group label: the comm (default), the cgroup\n"
		"                          (v2 path), or NAME=REGEX (extended, on the comm;\n"
		"                          repeat: the first that matches, else \"other\")\n"
		"  -p, --pid PID           only these processes (repeat)\n"
		"  -h, --help              this text\n",
		prog);
}

struct exporter ex = {
	.interval = 10, .budget = 2, .top = 100, .max_series = 20000,
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

/* ---- the collector ------------------------------------------------ */

static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t read_u64_file(const char *path)
{
	unsigned long long v = 0;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

static void group_of(struct proc_entry *p)
{
	char path[64], line[sizeof(p->group) + 4];
	FILE *f;
	int i;

	switch (ex.group_by) {
	case GROUP_COMM:
		snprintf(p->group, sizeof(p->group), "%s", p->comm);
		return;
	case GROUP_CGROUP:
		snprintf(p->group, sizeof(p->group), "?");
		snprintf(path, sizeof(path), "/proc/%u/cgroup", p->pid);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "0::", 3)) {
				line[strcspn(line, "\n")] = '\0';
				snprintf(p->group, sizeof(p->group), "%.*s",
					 (int)sizeof(p->group) - 1, line + 3);
				break;
			}
		if (f)
			fclose(f);
		return;
	case GROUP_REGEX:
		for (i = 0; i < ex.ngroups; i++)
			if (!regexec(&ex.group_re[i], p->comm, 0, NULL, 0)) {
				snprintf(p->group, sizeof(p->group), "%s", ex.group_name[i]);
				return;
			}
		snprintf(p->group, sizeof(p->group), "other");
	}
}

static struct proc_entry *entry_of(uint32_t pid)
{
	size_t i;

	for (i = 0; i < ex.nprocs; i++)
		if (ex.procs[i].pid == pid)
			return &ex.procs[i];
	if (grow_array(&ex.procs, &ex.cap, ex.nprocs + 1, sizeof(*ex.procs), 256))
		return NULL;
	memset(&ex.procs[ex.nprocs], 0, sizeof(*ex.procs));
	ex.procs[ex.nprocs].pid = pid;
	return &ex.procs[ex.nprocs++];
}

static bool wanted(uint32_t pid)
{
	size_t i;

	if (!ex.npids)
		return true;
	for (i = 0; i < ex.npids; i++)
		if (ex.pids[i] == pid)
			return true;
	return false;
}

/* Drop the processes not marked seen (gone, left out, or unreadable). */
static void forget_unseen(void)
{
	size_t i;

	for (i = 0; i < ex.nprocs;)
		if (!ex.procs[i].seen)
			ex.procs[i] = ex.procs[--ex.nprocs];
		else
			i++;
}

/* This cycle's processes: user processes with memory, their RSS. */
static void list_processes(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	size_t i;

	for (i = 0; i < ex.nprocs; i++)
		ex.procs[i].seen = false;
	while (d && (de = readdir(d))) {
		unsigned long long size, rss;
		struct proc_entry *p;
		char path[64];
		uint32_t pid;
		FILE *f;
		int ok;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = strtoul(de->d_name, NULL, 10);
		if (!wanted(pid))
			continue;
		snprintf(path, sizeof(path), "/proc/%u/statm", pid);
		f = fopen(path, "r");
		if (!f)
			continue;
		ok = fscanf(f, "%llu %llu", &size, &rss) == 2 && size;
		fclose(f);
		if (!ok)
			continue;	/* a kernel thread, or gone */
		p = entry_of(pid);
		if (!p)
			break;
		p->seen = true;
		p->rss_pages = rss;
	}
	if (d)
		closedir(d);
	forget_unseen();
}

/* Waiting longest first (never read before all), then the largest. */
static int by_wait(const void *a, const void *b)
{
	const struct proc_entry *x = *(struct proc_entry *const *)a;
	const struct proc_entry *y = *(struct proc_entry *const *)b;

	if (x->read != y->read)
		return x->read ? 1 : -1;
	if (x->read_at != y->read_at)
		return x->read_at < y->read_at ? -1 : 1;
	return exporter_by_rss(a, b);
}

/* Read one process; false if it is gone or was not readable. */
static bool read_process(struct proc_entry *p)
{
	struct mmscope_task t;
	struct mmscope_smaps s;
	int ret;

	ret = mmscope_task_get(ex.m, p->pid, &t);
	if (ret)
		goto failed;
	if (!t.has_mm) {
		mmscope_task_free(&t);
		return false;
	}
	snprintf(p->comm, sizeof(p->comm), "%s", t.comm);
	p->mm = t.mm;
	mmscope_task_free(&t);
	ret = mmscope_rollup_get(ex.m, p->pid, &s);
	if (ret)
		goto failed;
	p->rollup = s;
	ret = mmscope_counters_get(ex.m, p->pid, &p->cnt, NULL);
	p->has_counters = !ret;
	if (ret && ret != -ESRCH)
		ex.errors++;	/* ENOSPC: every counter entry in use */
	group_of(p);
	p->read = true;
	p->fresh = true;
	p->read_at = wall_s();
	return true;
failed:
	if (ret != -ESRCH && ret != -ENOENT)
		ex.errors++;
	return false;
}

static void collect(void)
{
	struct proc_entry **v;
	double t0 = now_s();
	long keep, per = exporter_series_per_process();
	size_t i, n;

	ex.max_map_count = read_u64_file("/proc/sys/vm/max_map_count");
	list_processes();
	v = calloc(ex.nprocs + 1, sizeof(*v));
	if (!v)
		return;
	for (i = 0; i < ex.nprocs; i++) {
		v[i] = &ex.procs[i];
		v[i]->fresh = false;
	}
	n = ex.nprocs;
	qsort(v, n, sizeof(*v), exporter_by_rss);
	keep = ex.top;
	if (keep > ex.max_series / per)
		keep = ex.max_series / per;
	ex.omitted = 0;
	if ((long)n > keep) {
		ex.omitted = n - keep;
		for (i = keep; i < n; i++)
			v[i]->seen = false;	/* not exported: forgotten below */
		n = keep;
	}
	qsort(v, n, sizeof(*v), by_wait);
	for (i = 0; i < n; i++) {
		/* one process a cycle at least, whatever the budget */
		if (i && !ex.once && now_s() - t0 >= ex.budget)
			break;
		if (!read_process(v[i]))
			v[i]->seen = false;
	}
	free(v);
	forget_unseen();
	ex.cycles++;
	ex.cycle_secs = now_s() - t0;
}

static void publish(void)
{
	size_t len;
	char *text = exporter_render(&len);

	if (!text)
		return;
	pthread_mutex_lock(&ex.lock);
	free(ex.text);
	ex.text = text;
	ex.text_len = len;
	pthread_mutex_unlock(&ex.lock);
}

static void sleep_s(double s)
{
	double end = now_s() + s;

	while (!stop_now && now_s() < end) {
		double left = end - now_s();
		struct timespec ts = { 0, 0 };

		if (left > 0.2)
			left = 0.2;
		ts.tv_nsec = (long)(left * 1e9);
		nanosleep(&ts, NULL);
	}
}

/* node_exporter's textfile collector: a whole file, renamed into place. */
static int write_textfile(void)
{
	char path[4096], tmp[4096];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/mmscope.prom", ex.textfile);
	snprintf(tmp, sizeof(tmp), "%s/.mmscope.prom.%d", ex.textfile, getpid());
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	pthread_mutex_lock(&ex.lock);
	ok = ex.text && fwrite(ex.text, 1, ex.text_len, f) == ex.text_len;
	pthread_mutex_unlock(&ex.lock);
	if (fclose(f) || !ok || rename(tmp, path)) {
		int err = errno ? errno : EIO;

		unlink(tmp);
		return -err;
	}
	return 0;
}

static void *collector(void *arg)
{
	(void)arg;
	while (!stop_now) {
		double t0 = now_s();

		collect();
		publish();
		if (ex.textfile) {
			int ret = write_textfile();

			if (ret)
				fprintf(stderr, "%s: exporter: %s/mmscope.prom: %s\n",
					prog, ex.textfile, strerror(-ret));
		}
		sleep_s(ex.interval - (now_s() - t0));
	}
	return NULL;
}

/* ---- the server --------------------------------------------------- */

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w <= 0)
			return;
		p += w;
		n -= w;
	}
}

static void respond(int fd, const char *status, const char *type,
		    const char *body, size_t len)
{
	char head[256];

	snprintf(head, sizeof(head),
		 "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		 "Connection: close\r\n\r\n", status, type, len);
	send_all(fd, head, strlen(head));
	send_all(fd, body, len);
}

/* One request, one answer: the client has a few seconds to ask. */
static void serve(int fd)
{
	struct timeval tv = { 3, 0 };
	char req[2048], method[16], path[1024];
	size_t n = 0;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (n < sizeof(req) - 1 && !memmem(req, n, "\r\n\r\n", 4)) {
		ssize_t r = recv(fd, req + n, sizeof(req) - 1 - n, 0);

		if (r <= 0)
			break;
		n += r;
	}
	req[n] = '\0';
	if (sscanf(req, "%15s %1023s", method, path) != 2) {
		respond(fd, "400 Bad Request", "text/plain", "bad request\n", 12);
		return;
	}
	path[strcspn(path, "?")] = '\0';
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		respond(fd, "405 Method Not Allowed", "text/plain", "GET only\n", 9);
	} else if (!strcmp(path, "/metrics")) {
		pthread_mutex_lock(&ex.lock);
		if (ex.text)
			respond(fd, "200 OK", "text/plain; version=0.0.4; charset=utf-8",
				ex.text, strcmp(method, "HEAD") ? ex.text_len : 0);
		else
			respond(fd, "503 Service Unavailable", "text/plain",
				"the first collection cycle is running\n", 38);
		pthread_mutex_unlock(&ex.lock);
	} else if (!strcmp(path, "/")) {
		static const char page[] =
			"<html><head><title>mmscope exporter</title></head><body>"
			"<h1>mmscope exporter</h1><p><a href=\"/metrics\">Metrics</a></p>"
			"</body></html>\n";

		respond(fd, "200 OK", "text/html", page, sizeof(page) - 1);
	} else {
		respond(fd, "404 Not Found", "text/plain", "not found: try /metrics\n", 24);
	}
}

static int listen_on(const char *spec)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	struct sockaddr *sa;
	socklen_t salen;
	char host[256];
	const char *colon = strrchr(spec, ':');
	unsigned long port;
	char *end;
	int fd, one = 1, ret;

	if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof(host))
		die_usage("exporter", "'%s': --listen wants ADDR:PORT", spec);
	port = strtoul(colon + 1, &end, 10);
	if (*end || !colon[1] || port > 65535)
		die_usage("exporter", "'%s': not a port", spec);
	snprintf(host, sizeof(host), "%.*s", (int)(colon - spec), spec);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	if (inet_pton(AF_INET, host, &a4.sin_addr) == 1) {
		a4.sin_port = htons(port);
		sa = (struct sockaddr *)&a4;
		salen = sizeof(a4);
	} else if (inet_pton(AF_INET6, host, &a6.sin6_addr) == 1) {
		a6.sin6_port = htons(port);
		sa = (struct sockaddr *)&a6;
		salen = sizeof(a6);
	} else {
		die_usage("exporter", "'%s': not an IPv4 or IPv6 address", host);
		return -EINVAL;
	}
	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ret = bind(fd, sa, salen);
	if (ret || listen(fd, 16)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

static void parse_group(const char *arg)
{
	const char *eq = strchr(arg, '=');
	int ret;

	if (!strcmp(arg, "comm")) {
		ex.group_by = GROUP_COMM;
		return;
	}
	if (!strcmp(arg, "cgroup")) {
		ex.group_by = GROUP_CGROUP;
		return;
	}
	if (!eq || eq == arg)
		die_usage("exporter", "'%s': --group wants comm, cgroup or NAME=REGEX", arg);
	if (ex.ngroups == MAX_GROUPS)
		die_usage("exporter", "'%s': at most 32 groups", arg);
	ret = regcomp(&ex.group_re[ex.ngroups], eq + 1, REG_EXTENDED | REG_NOSUB);
	if (ret)
		die_usage("exporter", "'%s': not an extended regular expression", eq + 1);
	ex.group_name[ex.ngroups++] = strndup(arg, eq - arg);
	ex.group_by = GROUP_REGEX;
}

static long parse_count(const char *opt, const char *s)
{
	char *end, what[64];
	long v = strtol(s, &end, 10);

	if (*end || !*s || v < 1) {
		snprintf(what, sizeof(what), "%s '%.40s'", opt, s);
		die_usage("exporter", "%s: not a positive number", what);
	}
	return v;
}

static int cmd_exporter(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "textfile", required_argument, NULL, 't' },
		{ "once", no_argument, NULL, '1' },
		{ "interval", required_argument, NULL, 'i' },
		{ "budget", required_argument, NULL, 'b' },
		{ "top", required_argument, NULL, 'n' },
		{ "max-series", required_argument, NULL, 'm' },
		{ "group", required_argument, NULL, 'g' },
		{ "pid", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static const char shortopts[] = "l:t:1i:b:n:m:g:p:h";
	struct mmscope_counting state;
	struct mmscope_info info;
	pthread_t th;
	int c, n, fd = -1, ret;
	size_t pcap = 0;

	n = options_first(&argc, argv, shortopts, opts);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(n, argv, shortopts, opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			ex.listen = optarg;
			break;
		case 't':
			ex.textfile = optarg;
			break;
		case '1':
			ex.once = true;
			break;
		case 'i':
			ex.interval = parse_seconds("exporter", optarg);
			break;
		case 'b':
			ex.budget = parse_seconds("exporter", optarg);
			break;
		case 'n':
			ex.top = parse_count("--top", optarg);
			break;
		case 'm':
			ex.max_series = parse_count("--max-series", optarg);
			break;
		case 'g':
			parse_group(optarg);
			break;
		case 'p':
			if (grow_array(&ex.pids, &pcap, ex.npids + 1, sizeof(*ex.pids), 16))
				return EXIT_FAILED;
			ex.pids[ex.npids++] = parse_pid("exporter", optarg);
			break;
		case 'h':
			help_exporter(stdout);
			return 0;
		default:
			die_usage("exporter", "unknown option or missing value: '%s'",
				  argv[optind - 1]);
		}
	}
	if (n < argc)
		die_usage("exporter", "unexpected argument '%s'", argv[n]);
	if (!!ex.listen + !!ex.textfile + ex.once > 1)
		die_usage("exporter", "%s: choose one of --listen, --textfile and --once",
			  ex.listen ? ex.listen : ex.textfile);
	if (ex.interval < 0.1)
		die_usage("exporter", "%s: the interval must be at least 0.1 s", "--interval");
	if (!ex.listen && !ex.textfile && !ex.once)
		ex.listen = "127.0.0.1:9877";
	if (ex.max_series < exporter_series_per_process()) {
		char s[32];

		snprintf(s, sizeof(s), "%ld", exporter_series_per_process());
		die_usage("exporter", "--max-series: one process takes %s series", s);
	}
	/* the address first: a bad one is a usage error, module or not */
	if (ex.listen) {
		fd = listen_on(ex.listen);
		if (fd < 0) {
			fprintf(stderr, "%s: exporter: cannot listen on %s: %s\n",
				prog, ex.listen, strerror(-fd));
			return EXIT_FAILED;
		}
	}
	ex.page_size = sysconf(_SC_PAGESIZE);
	ex.m = open_or_exit();
	ret = mmscope_info_get(ex.m, &info);
	if (!ret)
		ret = mmscope_counters_ctl(ex.m, MMSCOPE_CTL_F_HOLD, &state);
	if (ret)
		return close_reporting(ex.m, "exporter", ret);
	if (ex.once) {
		collect();
		publish();
		fwrite(ex.text ? ex.text : "", 1, ex.text ? ex.text_len : 0, stdout);
		mmscope_close(ex.m);
		return ex.text ? 0 : EXIT_FAILED;
	}
	catch_signals();
	if (pthread_create(&th, NULL, collector, NULL)) {
		fprintf(stderr, "%s: exporter: no thread for the collector\n", prog);
		return EXIT_FAILED;
	}
	while (!stop_now && fd >= 0) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int cfd;

		if (poll(&p, 1, 200) <= 0)
			continue;
		cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
		if (cfd < 0)
			continue;
		serve(cfd);
		close(cfd);
	}
	pthread_join(th, NULL);
	if (fd >= 0)
		close(fd);
	mmscope_close(ex.m);
	return 0;
}

COMMAND(130, "exporter", "", "Prometheus metrics of processes, never waiting for a target",
	cmd_exporter, help_exporter, NULL, 0);
