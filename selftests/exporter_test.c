// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope exporter against the kernel's own interfaces read in the same
 * VM: its rollup figures are /proc/PID/smaps_rollup's, its page tables
 * and VMAs /proc/PID/status's and maps', its fault counters move exactly
 * as minflt and majflt of /proc/PID/stat while a target touches pages
 * between two scrapes over HTTP; a budget too small for one cycle marks
 * the processes it did not reach stale and never holds up the file; the
 * exposition follows the text format's rules.
 */
#include "lib/common.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/harness.h"
#include "lib/job.h"

#define NPAGES		300
#define PORT		19877

/* ---- the exposition ------------------------------------------------ */

static bool metric_name(const char *s, size_t n)
{
	size_t i;

	if (!n || isdigit((unsigned char)s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != ':')
			return false;
	return true;
}

/*
 * The text format's rules, as promtool checks them: a HELP and a TYPE
 * line before each family, a family's samples together and never again,
 * counters named _total, histograms' _bucket/_sum/_count, label values
 * quoted, values numbers.  Returns NULL or what is wrong (static).
 */
static const char *exposition_error(const char *text)
{
	static char why[512];
	char fam[128] = "", type[32] = "", seen[8192] = " ";
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n'), *q;
		size_t len = nl ? (size_t)(nl - p) : strlen(p), n;
		char name[128], key[140];

		if (!nl)
			return "the last line does not end with a newline";
		if (!strncmp(p, "# HELP ", 7) || !strncmp(p, "# TYPE ", 7)) {
			q = p + 7;
			n = strcspn(q, " \n");
			if (!metric_name(q, n) || n >= sizeof(name))
				goto bad;
			snprintf(name, sizeof(name), "%.*s", (int)n, q);
			if (p[2] == 'T') {
				snprintf(type, sizeof(type), "%.*s",
					 (int)(len - 8 - n), q + n + 1);
				if (strcmp(type, "counter") && strcmp(type, "gauge") &&
				    strcmp(type, "histogram"))
					goto bad;
				if (!strcmp(type, "counter") &&
				    (n < 6 || strcmp(name + n - 6, "_total")))
					goto bad;
				if (strcmp(fam, name))
					goto bad;	/* HELP first */
			} else {
				snprintf(key, sizeof(key), " %s ", name);
				if (strstr(seen, key))
					goto bad;	/* a family twice */
				if (strlen(seen) + strlen(key) < sizeof(seen))
					strcat(seen, key + 1);
				snprintf(fam, sizeof(fam), "%s", name);
				type[0] = '\0';
			}
		} else if (*p == '#') {
			goto bad;
		} else {
			char *end;

			n = strcspn(p, "{ ");
			snprintf(name, sizeof(name), "%.*s", (int)n, p);
			if (!type[0] || !metric_name(p, n))
				goto bad;
			if (!strcmp(type, "histogram")) {
				size_t f = strlen(fam);

				if (strncmp(name, fam, f) ||
				    (strcmp(name + f, "_bucket") && strcmp(name + f, "_sum") &&
				     strcmp(name + f, "_count")))
					goto bad;
				if (!strcmp(name + f, "_bucket") && !memmem(p, len, "le=\"", 4))
					goto bad;
			} else if (strcmp(name, fam)) {
				goto bad;
			}
			q = p + n;
			if (*q == '{') {
				/* name="value", ... } */
				q++;
				while (*q != '}') {
					n = strcspn(q, "=");
					if (!metric_name(q, n) || q[n + 1] != '"')
						goto bad;
					q += n + 2;
					while (*q != '"') {
						if (*q == '\n' || !*q)
							goto bad;
						q += *q == '\\' ? 2 : 1;
					}
					q++;
					if (*q == ',')
						q++;
					else if (*q != '}')
						goto bad;
				}
				q++;
			}
			if (*q != ' ')
				goto bad;
			strtod(q + 1, &end);
			if (end == q + 1 || end != nl)
				goto bad;
		}
		p = nl + 1;
	}
	return NULL;
bad:
	snprintf(why, sizeof(why), "bad line: %.*s", (int)strcspn(p, "\n"), p);
	return why;
}

/*
 * The value of the sample of @name whose labels hold pid="@pid" (0: no
 * pid label) and @extra (may be NULL), or -1 when there is none.
 */
static double sample(const char *text, const char *name, pid_t pid, const char *extra)
{
	char pre[160], pidl[32];
	const char *p = text;
	size_t n;

	snprintf(pre, sizeof(pre), "%s%s", name, pid || extra ? "{" : " ");
	snprintf(pidl, sizeof(pidl), "pid=\"%d\"", pid);
	n = strlen(pre);
	for (; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		size_t len = strcspn(p, "\n");

		if (strncmp(p, pre, n))
			continue;
		if (pid && !memmem(p, len, pidl, strlen(pidl)))
			continue;
		if (extra && !memmem(p, len, extra, strlen(extra)))
			continue;
		return strtod(memrchr(p, ' ', len) + 1, NULL);
	}
	return -1;
}

/* ---- targets --------------------------------------------------------- */

static void touch_job(struct job_child *c, void *arg)
{
	char *p = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t base = (uintptr_t)p;
	size_t i;

	(void)arg;
	if (p == MAP_FAILED)
		_exit(1);
	madvise(p, NPAGES * PAGE, MADV_NOHUGEPAGE);
	memset(p, 1, 16 * PAGE);
	job_wait_go(c);
	for (i = 0; i < NPAGES; i++)
		p[i * PAGE] = 2;
	job_report(c, &base, sizeof(base));
}

/* smaps_rollup's line @key of @pid, in bytes. */
static long long rollup_line(pid_t pid, const char *key)
{
	char *r = proc_read(pid, "smaps_rollup");
	long long kb = status_field(r, key);

	free(r);
	return kb < 0 ? -1 : kb * 1024;
}

TEST(once_equals_proc)
{
	static const char *const lines[][2] = {
		{ "mmscope_process_rss_bytes", "Rss" },
		{ "mmscope_process_pss_bytes", "Pss" },
		{ "mmscope_process_pss_anon_bytes", "Pss_Anon" },
		{ "mmscope_process_anonymous_bytes", "Anonymous" },
		{ "mmscope_process_swap_bytes", "Swap" },
		{ "mmscope_process_locked_bytes", "Locked" },
	};
	char pidarg[16], *status, *maps, *mmc;
	const char *why;
	struct run r;
	struct job j;
	size_t i;

	long long before[ARRAY_SIZE(lines)], after[ARRAY_SIZE(lines)];
	int tries;

	ASSERT_EQ(0, job_start(&j, touch_job, NULL));
	snprintf(pidarg, sizeof(pidarg), "%d", j.pid);
	/*
	 * The target shares its anonymous pages with this process until
	 * one of the two writes them (fork): its PSS moves whenever we
	 * break copy on write.  Compare a reading that /proc gave the same
	 * before and after it.
	 */
	for (tries = 0; tries < 5; tries++) {
		for (i = 0; i < ARRAY_SIZE(lines); i++)
			before[i] = rollup_line(j.pid, lines[i][1]);
		run_tool(&r, 0, "exporter", "--once", "-p", pidarg, NULL);
		ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
		for (i = 0; i < ARRAY_SIZE(lines); i++)
			after[i] = rollup_line(j.pid, lines[i][1]);
		if (!memcmp(before, after, sizeof(before)))
			break;
		run_free(&r);
	}
	ASSERT_GT(5, tries) TH_LOG("smaps_rollup never stood still");
	why = exposition_error(r.out);
	EXPECT_EQ(NULL, why) TH_LOG("%s", why);
	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		EXPECT_LE(0, after[i]) TH_LOG("no %s in smaps_rollup", lines[i][1]);
		EXPECT_EQ(after[i], (long long)sample(r.out, lines[i][0], j.pid, NULL))
			TH_LOG("%s against smaps_rollup %s", lines[i][0], lines[i][1]);
	}
	if (tries)
		TH_LOG("smaps_rollup moved while read %d time(s): read again", tries);
	status = proc_read(j.pid, "status");
	maps = proc_read(j.pid, "maps");
	mmc = read_file("/proc/sys/vm/max_map_count", NULL);
	ASSERT_NE(NULL, status);
	ASSERT_NE(NULL, maps);
	ASSERT_NE(NULL, mmc);
	EXPECT_EQ(status_field(status, "VmPTE") * 1024,
		  (long long)sample(r.out, "mmscope_process_page_table_bytes", j.pid, NULL));
	EXPECT_EQ(status_field(status, "RssFile") * 1024,
		  (long long)sample(r.out, "mmscope_process_rss_file_bytes", j.pid, NULL));
	EXPECT_EQ(status_field(status, "RssShmem") * 1024,
		  (long long)sample(r.out, "mmscope_process_rss_shmem_bytes", j.pid, NULL));
	EXPECT_EQ((long long)count_lines(maps),
		  (long long)sample(r.out, "mmscope_process_vmas", j.pid, NULL));
	EXPECT_EQ(atoll(mmc) - (long long)count_lines(maps),
		  (long long)sample(r.out, "mmscope_process_vma_headroom", j.pid, NULL));
	EXPECT_EQ(atoll(mmc), (long long)sample(r.out, "mmscope_vma_limit", 0, NULL));
	EXPECT_EQ(1, (long long)sample(r.out, "mmscope_exporter_processes", 0,
				       "state=\"exported\""));
	/* the histogram's +Inf bucket is its count */
	EXPECT_EQ(sample(r.out, "mmscope_fault_latency_seconds_count", j.pid, NULL),
		  sample(r.out, "mmscope_fault_latency_seconds_bucket", j.pid, "le=\"+Inf\""));
	free(status);
	free(maps);
	free(mmc);
	run_free(&r);
	job_end(&j);
}

/* ---- over HTTP --------------------------------------------------------- */

/* The debug kernels are built without IPv4: nothing to serve HTTP on. */
static bool no_inet(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd >= 0)
		close(fd);
	return fd < 0 && errno == EAFNOSUPPORT;
}

static int lo_up(void)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), ret;

	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	ret = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (!ret && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return ret;
}

/* GET @path from 127.0.0.1:@port; the body of a 200 answer, or NULL. */
static char *http_get_port(int port, const char *path)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	char req[2048], *resp, *body = NULL;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return NULL;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return NULL;
	}
	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", path);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		close(fd);
		return NULL;
	}
	resp = drain(fd);
	if (resp && !strncmp(resp, "HTTP/1.1 200 ", 13) && strstr(resp, "\r\n\r\n"))
		body = strdup(strstr(resp, "\r\n\r\n") + 4);
	free(resp);
	return body;
}

static char *http_get(const char *path)
{
	return http_get_port(PORT, path);
}

static pid_t start_exporter(char *const argv[])
{
	const char *tool = getenv("MMSCOPE") ? getenv("MMSCOPE") : "mmscope";
	pid_t pid = fork();

	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execvp(tool, argv);
		_exit(127);
	}
	return pid;
}

static void stop_exporter(pid_t pid)
{
	int st;

	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

/* A scrape once @cycles more collection cycles than @after have ended. */
static char *scrape_after(double after, int cycles)
{
	int i;

	for (i = 0; i < 300; i++) {
		char *t = http_get("/metrics");

		if (t && sample(t, "mmscope_exporter_cycles_total", 0, NULL) >= after + cycles)
			return t;
		free(t);
		usleep(50000);
	}
	return NULL;
}

TEST(faults_move_as_proc_stat)
{
	unsigned long long min0, maj0, min1, maj1;
	char pidarg[16], listen[32], *t0, *t1;
	double m0, j0, m1, j1;
	uint64_t base;
	struct job j;
	pid_t ex;

	if (no_inet())
		SKIP(return, "this kernel has no IPv4 (CONFIG_INET): nothing to listen on");
	ASSERT_EQ(0, lo_up());
	ASSERT_EQ(0, job_start(&j, touch_job, NULL));
	snprintf(pidarg, sizeof(pidarg), "%d", j.pid);
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", PORT);
	ex = start_exporter((char *[]){ "mmscope", "exporter", "--interval", "0.2",
					"-p", pidarg, "--listen", listen, NULL });
	ASSERT_LT(0, ex);
	/* two cycles after the first scrape: the target was idle all along */
	t0 = scrape_after(0, 1);
	ASSERT_NE(NULL, t0) TH_LOG("no answer on %s", listen);
	free(t0);
	ASSERT_EQ(0, stat_faults(j.pid, &min0, &maj0));
	t0 = scrape_after(0, 3);
	ASSERT_NE(NULL, t0);
	m0 = sample(t0, "mmscope_faults_total", j.pid, "type=\"minor\"");
	j0 = sample(t0, "mmscope_faults_total", j.pid, "type=\"major\"");
	ASSERT_LE(0, m0);
	ASSERT_LE(0, j0);

	ASSERT_EQ(0, job_step(&j, &base, sizeof(base)));
	ASSERT_EQ(0, stat_faults(j.pid, &min1, &maj1));
	t1 = scrape_after(sample(t0, "mmscope_exporter_cycles_total", 0, NULL), 2);
	ASSERT_NE(NULL, t1);
	m1 = sample(t1, "mmscope_faults_total", j.pid, "type=\"minor\"");
	j1 = sample(t1, "mmscope_faults_total", j.pid, "type=\"major\"");
	TH_LOG("minor %.0f -> %.0f (/proc: %llu -> %llu), major %.0f -> %.0f",
	       m0, m1, min0, min1, j0, j1);
	EXPECT_EQ((long long)(min1 - min0), (long long)(m1 - m0));
	EXPECT_EQ((long long)(maj1 - maj0), (long long)(j1 - j0));
	EXPECT_LE(NPAGES - 16, (long long)(m1 - m0));
	EXPECT_EQ(NULL, exposition_error(t1));
	EXPECT_EQ(rollup_line(j.pid, "Rss"),
		  (long long)sample(t1, "mmscope_process_rss_bytes", j.pid, NULL));
	free(t0);
	free(t1);
	t1 = http_get("/nothing");
	EXPECT_EQ(NULL, t1);
	stop_exporter(ex);
	job_end(&j);
}

/*
 * A budget too small for one process: each cycle reads one (the one
 * waiting longest), the others keep their figures, stale.
 */
TEST(budget_marks_stale)
{
	char dir[] = "/tmp/exporter.XXXXXX", path[64], *t = NULL, pids[4][16];
	struct job j[4];
	DIR *d;
	struct dirent *de;
	pid_t ex;
	int i, stale = 0;

	ASSERT_NE(NULL, mkdtemp(dir));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, job_start(&j[i], touch_job, NULL));
		snprintf(pids[i], sizeof(pids[i]), "%d", j[i].pid);
	}
	ex = start_exporter((char *[]){ "mmscope", "exporter", "--textfile", dir,
					"--budget", "0.000001", "--interval", "0.1",
					"-p", pids[0], "-p", pids[1], "-p", pids[2],
					"-p", pids[3], NULL });
	ASSERT_LT(0, ex);
	snprintf(path, sizeof(path), "%s/mmscope.prom", dir);
	for (i = 0; i < 200; i++) {
		free(t);
		t = read_file(path, NULL);
		if (t && sample(t, "mmscope_exporter_cycles_total", 0, NULL) >= 6)
			break;
		usleep(50000);
	}
	stop_exporter(ex);
	ASSERT_NE(NULL, t);
	EXPECT_EQ(NULL, exposition_error(t));
	EXPECT_EQ(4, (int)sample(t, "mmscope_exporter_processes", 0, "state=\"exported\""));
	for (i = 0; i < 4; i++)
		stale += sample(t, "mmscope_process_stale", j[i].pid, NULL) == 1;
	EXPECT_EQ(3, stale);
	EXPECT_EQ(3, (int)sample(t, "mmscope_exporter_processes", 0, "state=\"stale\""));
	/* nothing left half-written */
	d = opendir(dir);
	ASSERT_NE(NULL, d);
	while ((de = readdir(d))) {
		EXPECT_FALSE(de->d_name[0] == '.' && strcmp(de->d_name, ".") &&
			     strcmp(de->d_name, ".."))
			TH_LOG("left behind: %s", de->d_name);
		if (de->d_name[0] != '.') {
			char f[300];

			snprintf(f, sizeof(f), "%s/%s", dir, de->d_name);
			unlink(f);
		}
	}
	closedir(d);
	rmdir(dir);
	free(t);
	/* each child holds the others' pipe ends: no EOF ends them */
	for (i = 0; i < 4; i++) {
		kill(j[i].pid, SIGKILL);
		job_end(&j[i]);
	}
}

static void named_job(struct job_child *c, void *arg)
{
	prctl(PR_SET_NAME, (unsigned long)arg, 0, 0, 0);
}

/*
 * The group label as --group says (the comm by default, a regex's name,
 * the cgroup v2 path of /proc/PID/cgroup), and a comm with a quote and
 * a backslash escaped as the text format wants.
 */
TEST(labels_follow_group)
{
	char pidarg[16], want[256], *cg, *line;
	struct run r;
	struct job j;

	ASSERT_EQ(0, job_start(&j, named_job, "we\"ird\\x"));
	snprintf(pidarg, sizeof(pidarg), "%d", j.pid);

	run_tool(&r, 0, "exporter", "--once", "-p", pidarg, NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_EQ(NULL, exposition_error(r.out));
	snprintf(want, sizeof(want), "pid=\"%d\",comm=\"we\\\"ird\\\\x\",group=\"we\\\"ird\\\\x\"", j.pid);
	EXPECT_NE(NULL, strstr(r.out, want)) TH_LOG("no %s in\n%.600s", want, r.out);
	run_free(&r);

	run_tool(&r, 0, "exporter", "--once", "-p", pidarg, "--group", "odd=^we\"",
		 "--group", "all=.", NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "group=\"odd\"")) TH_LOG("%.600s", r.out);
	EXPECT_EQ(NULL, strstr(r.out, "group=\"all\""));
	run_free(&r);

	run_tool(&r, 0, "exporter", "--once", "-p", pidarg, "--group", "none=^$", NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "group=\"other\"")) TH_LOG("%.600s", r.out);
	run_free(&r);

	cg = proc_read(j.pid, "cgroup");
	ASSERT_NE(NULL, cg);
	line = strstr(cg, "0::");
	run_tool(&r, 0, "exporter", "--once", "-p", pidarg, "--group", "cgroup", NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	snprintf(want, sizeof(want), "group=\"%.*s\"", line ? (int)strcspn(line + 3, "\n") : 1,
		 line ? line + 3 : "?");
	EXPECT_NE(NULL, strstr(r.out, want)) TH_LOG("no %s (/proc/PID/cgroup: %s)", want, cg);
	free(cg);
	run_free(&r);
	job_end(&j);
}

TEST(usage)
{
	static const char *const bad[][3] = {
		{ "--once", "--textfile", "/tmp" },
		{ "--listen", "nowhere", NULL },
		{ "--group", "=x", NULL },
		{ "--group", "a=(", NULL },
		{ "--top", "0", NULL },
		{ "--max-series", "3", NULL },
		{ "--bogus", NULL, NULL },
		{ "extra", NULL, NULL },
	};
	struct run r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		run_tool(&r, 0, "exporter", bad[i][0], bad[i][1], bad[i][2], NULL);
		EXPECT_EQ(2, r.status) TH_LOG("exporter %s %s", bad[i][0],
					      bad[i][1] ? bad[i][1] : "");
		EXPECT_NE(NULL, strstr(r.err, "exporter")) TH_LOG("%s", r.err);
		run_free(&r);
	}
	run_tool(&r, 0, "exporter", "--help", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "--max-series"));
	run_free(&r);
}

/* ---- the real thing --------------------------------------------------- */

#define PROM		"/usr/bin/prometheus"
#define PROMTOOL	"/usr/bin/promtool"
#define PROM_PORT	19090
#define PROM_DIR	"/tmp/prometheus"

static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The value of Prometheus's answer to the instant query @expr: -1 when
 * the query failed or did not give exactly one series.
 */
static double prom_query(const char *expr)
{
	char path[1024], *o, *body, *v;
	const char *e;
	double val = -1;

	o = path + snprintf(path, sizeof(path), "/api/v1/query?query=");
	for (e = expr; *e && o < path + sizeof(path) - 4; e++) {
		if (isalnum((unsigned char)*e) || strchr("_.-~", *e))
			*o++ = *e;
		else
			o += sprintf(o, "%%%02X", (unsigned char)*e);
	}
	*o = '\0';
	body = http_get_port(PROM_PORT, path);
	if (!body)
		return -1;
	v = strstr(body, "\"value\":[");
	if (strstr(body, "\"status\":\"success\"") && v &&
	    !strstr(v + 1, "\"value\":[") && (v = strstr(v, ",\"")))
		val = strtod(v + 2, NULL);
	free(body);
	return val;
}

/* Wait until Prometheus holds @pid's figures read after @t (wall clock). */
static bool prom_fresh(pid_t pid, double t)
{
	char q[128];
	int i;

	snprintf(q, sizeof(q), "mmscope_process_read_timestamp_seconds{pid=\"%d\"}", pid);
	for (i = 0; i < 600; i++) {
		if (prom_query(q) > t)
			return true;
		usleep(100000);
	}
	return false;
}

/*
 * Debian's Prometheus server scrapes the exporter every second; its
 * query API answers with the figures of /proc read in the same VM:
 * fault counters that moved exactly as minflt/majflt while the target
 * touched pages, and RSS/PSS as smaps_rollup's.
 */
TEST(prometheus_scrapes_it)
{
	static const char conf[] =
		"global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
		"scrape_configs:\n  - job_name: mmscope\n    static_configs:\n"
		"      - targets: ['127.0.0.1:19878']\n";
	unsigned long long min0, maj0, min1, maj1;
	char pidarg[16], q[256], at[64];
	double m0, j0, m1, j1, up = -1, t, at0;
	uint64_t base;
	struct job j;
	pid_t ex, prom;
	FILE *f;
	int i;

	if (access(PROM, X_OK))
		SKIP(return, "no prometheus in this VM (scripts/vm --ynl brings it)");
	if (no_inet())
		SKIP(return, "this kernel has no IPv4 (CONFIG_INET): nothing to listen on");
	ASSERT_EQ(0, lo_up());
	ASSERT_EQ(0, system("rm -rf " PROM_DIR " && mkdir -p " PROM_DIR));
	f = fopen(PROM_DIR "/prometheus.yml", "w");
	ASSERT_NE(NULL, f);
	fputs(conf, f);
	ASSERT_EQ(0, fclose(f));
	ASSERT_EQ(0, job_start(&j, touch_job, NULL));
	snprintf(pidarg, sizeof(pidarg), "%d", j.pid);
	ex = start_exporter((char *[]){ "mmscope", "exporter", "--interval", "0.5",
					"-p", pidarg, "--listen", "127.0.0.1:19878", NULL });
	ASSERT_LT(0, ex);
	prom = fork();
	ASSERT_LE(0, prom);
	if (!prom) {
		int log = open(PROM_DIR "/log", O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(log, 1);
		dup2(log, 2);
		execl(PROM, "prometheus", "--config.file=" PROM_DIR "/prometheus.yml",
		      "--storage.tsdb.path=" PROM_DIR "/data",
		      "--web.listen-address=127.0.0.1:19090", NULL);
		_exit(127);
	}
	/* up, and two scrapes of the exporter at least */
	for (i = 0; i < 1200; i++) {
		up = prom_query("count_over_time(up{job=\"mmscope\"}[10m])");
		if (up >= 2 && prom_query("up{job=\"mmscope\"}") == 1)
			break;
		usleep(100000);
	}
	EXPECT_LE(2, up) {
		char *log = read_file(PROM_DIR "/log", NULL);

		TH_LOG("Prometheus did not scrape the exporter twice; its log:\n%s", log);
		free(log);
	}
	if (up >= 2) {
		/* the target idle: Prometheus's newest figures are read after that */
		ASSERT_EQ(0, stat_faults(j.pid, &min0, &maj0));
		ASSERT_TRUE(prom_fresh(j.pid, wall_s()));
		snprintf(q, sizeof(q), "mmscope_process_rss_bytes{pid=\"%d\"}", j.pid);
		EXPECT_EQ(rollup_line(j.pid, "Rss"), (long long)prom_query(q));
		/* PSS moves when this process breaks COW on a page it shares */
		snprintf(q, sizeof(q), "mmscope_process_pss_bytes{pid=\"%d\"}", j.pid);
		for (i = 0; i < 5; i++) {
			long long p0 = rollup_line(j.pid, "Pss"), p1;
			double v;

			ASSERT_TRUE(prom_fresh(j.pid, wall_s()));
			v = prom_query(q);
			p1 = rollup_line(j.pid, "Pss");
			if (p0 != p1)
				continue;
			EXPECT_EQ(p1, (long long)v);
			break;
		}
		EXPECT_GT(5, i) TH_LOG("smaps_rollup's Pss never stood still");
		snprintf(q, sizeof(q), "mmscope_faults_total{pid=\"%d\",type=\"minor\"}", j.pid);
		at0 = wall_s();
		m0 = prom_query(q);
		snprintf(q, sizeof(q), "mmscope_faults_total{pid=\"%d\",type=\"major\"}", j.pid);
		j0 = prom_query(q);
		ASSERT_LE(0, m0);
		ASSERT_LE(0, j0);

		ASSERT_EQ(0, job_step(&j, &base, sizeof(base)));
		ASSERT_EQ(0, stat_faults(j.pid, &min1, &maj1));
		t = wall_s();
		ASSERT_TRUE(prom_fresh(j.pid, t));
		/* the difference, computed by Prometheus itself */
		snprintf(at, sizeof(at), "%.3f", at0);
		snprintf(q, sizeof(q), "mmscope_faults_total{pid=\"%d\",type=\"minor\"} - "
			 "mmscope_faults_total{pid=\"%d\",type=\"minor\"} @ %s",
			 j.pid, j.pid, at);
		m1 = prom_query(q);
		snprintf(q, sizeof(q), "mmscope_faults_total{pid=\"%d\",type=\"major\"} - "
			 "mmscope_faults_total{pid=\"%d\",type=\"major\"} @ %s",
			 j.pid, j.pid, at);
		j1 = prom_query(q);
		TH_LOG("PromQL: minor +%.0f, major +%.0f; /proc/PID/stat: minor %llu -> %llu, major %llu -> %llu",
		       m1, j1, min0, min1, maj0, maj1);
		EXPECT_EQ((long long)(min1 - min0), (long long)m1);
		EXPECT_EQ((long long)(maj1 - maj0), (long long)j1);
		EXPECT_LE(NPAGES - 16, (long long)m1);
		snprintf(q, sizeof(q), "mmscope_process_rss_bytes{pid=\"%d\"}", j.pid);
		EXPECT_EQ(rollup_line(j.pid, "Rss"), (long long)prom_query(q));
	}
	kill(prom, SIGTERM);
	waitpid(prom, NULL, 0);
	stop_exporter(ex);
	job_end(&j);
	system("rm -rf " PROM_DIR);
}

/* promtool's own linter on a whole machine's exposition. */
TEST(promtool_checks_metrics)
{
	char *out;
	struct run r;
	FILE *f;
	int st;

	if (access(PROMTOOL, X_OK))
		SKIP(return, "no promtool in this VM (scripts/vm --ynl brings it)");
	run_tool(&r, 0, "exporter", "--once", NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	f = fopen("/tmp/exporter.prom", "w");
	ASSERT_NE(NULL, f);
	fputs(r.out, f);
	ASSERT_EQ(0, fclose(f));
	st = system(PROMTOOL " check metrics < /tmp/exporter.prom > /tmp/promtool.out 2>&1");
	out = read_file("/tmp/promtool.out", NULL);
	EXPECT_EQ(0, st) TH_LOG("promtool check metrics: %s", out ? out : "");
	EXPECT_EQ(0, out ? (int)strlen(out) : 0) TH_LOG("%s", out);
	free(out);
	unlink("/tmp/exporter.prom");
	unlink("/tmp/promtool.out");
	run_free(&r);
}

TEST_HARNESS_MAIN
