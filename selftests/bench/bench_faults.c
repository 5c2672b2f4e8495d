// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: the cost of watching faults.  A child touches 256 MiB page
 * by page (65,536 anonymous faults) and times itself; runs with nothing
 * attached, with counting only, and with a trace session that sends every
 * fault of the child to this process, which reads them all.  Interleaved,
 * median of N (default 5); ratios against the run with nothing attached,
 * and the events per second the traced run delivered, with its drops.
 * Modes named after N run alone (with nothing): bench_faults 15 trace
 * compares two modules on tracing without the references' minutes.
 *
 * A reference run shows what the hook alone costs on this machine: the
 * kernel's own kretprobe event on handle_mm_fault (tracefs kprobe_events,
 * what perf probe and bpftrace's kretprobe use), recording every fault
 * into the ftrace buffer and doing nothing else.  Any watcher that times
 * faults from entry to return pays at least this.  A second one reads
 * every event of it from trace_pipe: the kernel's own way to hand every
 * fault to a reader as text.  Another reads them as the ring buffer's
 * binary pages (per_cpu/cpuN/trace_pipe_raw, what trace-cmd reads): the
 * kernel's cheapest way to hand every fault to a reader, events of about
 * 32 bytes where mmscope's carry 176 with the VMA and the thread's name.
 * No buffer may lose an event (overrun 0) and every fault of the child
 * must have been read or still wait in a buffer.  A third arms the same
 * kretprobe with its event soft-disabled (an enable_event trigger on
 * module:module_load, which never fires here, registers it so): the
 * probe fires on every fault and its handler returns at once.  That is
 * the hook alone, what no kretprobe watcher can go below;
 * kprobe_profile's hits show it fired.
 *
 * Two more hooks the kernel offers are armed the same way, each alone:
 * the exceptions:page_fault_user tracepoint (fault entry, before any
 * lookup: no VMA, no result) and an fprobe on handle_mm_fault's return
 * (tracefs fprobe events: fgraph on 6.14 and later, rethook before).
 * Neither has a hit count: the enable file must read "0*" (registered,
 * soft-disabled) in every run, and one recording run before the bench
 * must put at least one event a fault of the child in the ring buffer.
 * Together they are the floor of any hook on this kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <poll.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/libmmscope.h"
#include "bench.h"

#define SIZE	(256UL << 20)
#define PAGE	4096UL

enum { NONE, COUNT, TRACE, KRETPROBE, KRETPIPE, KRETRAW, KRETHOOK, TPHOOK,
       FPHOOK, NR_MODES };
static const char *const mode_name[NR_MODES] = {
	"nothing", "counters", "trace", "kretprobe", "kret+pipe", "kret+raw",
	"kret hook", "tp hook", "fp hook",
};

/* The modes asked for on the command line (all by default); nothing always. */
static bool wanted[NR_MODES];

#define TRACEFS		"/sys/kernel/tracing"
#define REF_GROUP	"mmscope_bench"
#define REF_NAME	"fault_return"
#define REF_EVENT	REF_GROUP "/" REF_NAME
static int ref_ok;
/* the soft-disabled reference could be armed; runs where it fired too rarely */
static int hook_ok;
static int hook_short;

static int tracefs_write(const char *file, const char *what)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), TRACEFS "/%s", file);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, what, strlen(what));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

/* The reference kretprobe event: defined once, enabled per run. */
static void ref_setup(void)
{
	int e;

	tracefs_write("kprobe_events", "-:" REF_EVENT "\n");
	e = tracefs_write("kprobe_events", "r:" REF_EVENT " handle_mm_fault\n");
	if (e)
		fprintf(stderr, "bench: no reference kretprobe event (%s): skipped\n",
			strerror(-e));
	ref_ok = !e;
}

static void ref_enable(int on)
{
	if (tracefs_write("events/" REF_EVENT "/enable", on ? "1" : "0")) {
		perror("bench: enabling the reference event");
		exit(1);
	}
}

/*
 * A hook armed, its event soft-disabled (the hook alone): an enable_event
 * trigger on an event that never fires here registers it so.
 */
#define HOOK_TRIGGER	"events/module/module_load/trigger"

static int hook_trigger(const char *group, const char *event, int on)
{
	char act[160];

	snprintf(act, sizeof(act), "%senable_event:%s:%s", on ? "" : "!",
		 group, event);
	return tracefs_write(HOOK_TRIGGER, act);
}

/* The same in a run, where a failure ends the bench. */
static void hook_set(const char *group, const char *event, int on,
		     const char *what)
{
	int e = hook_trigger(group, event, on);

	if (e) {
		fprintf(stderr, "bench: %s the soft-disabled %s: %s\n",
			on ? "arming" : "disarming", what, strerror(-e));
		exit(1);
	}
}

/* How often the reference kretprobe fired (kprobe_profile), or 0. */
static uint64_t ref_hits(void)
{
	unsigned long long hits, miss, found = 0;
	FILE *f = fopen(TRACEFS "/kprobe_profile", "r");
	char name[128];

	while (f && fscanf(f, "%127s %llu %llu", name, &hits, &miss) == 3)
		if (!strcmp(name, REF_NAME)) {
			found = hits;
			break;
		}
	if (f)
		fclose(f);
	return found;
}

static void hook_setup(void)
{
	int e = ref_ok ? hook_trigger(REF_GROUP, REF_NAME, 1) : -ENOENT;

	if (e) {
		fprintf(stderr, "bench: no soft-disabled reference kretprobe (%s): skipped\n",
			strerror(-e));
		return;
	}
	hook_set(REF_GROUP, REF_NAME, 0, "reference kretprobe");
	hook_ok = 1;
}

/*
 * The other hooks alone: an event armed by an enable_event trigger on the
 * same never-firing event, soft-disabled.  @def defines it (NULL: the
 * kernel's own tracepoint).
 */
struct soft_hook {
	const char *label;	/* of the ratio row */
	const char *what;	/* the hook, in its row */
	const char *group, *event;
	const char *def_file, *def, *undef;
	int ok, bad;		/* armed; runs where it was not registered */
};

static struct soft_hook soft_hooks[NR_MODES] = {
	[TPHOOK] = {
		.label = "faults tracepoint hook alone/nothing",
		.what = "the kernel's exceptions:page_fault_user tracepoint, at fault entry",
		.group = "exceptions", .event = "page_fault_user",
	},
	[FPHOOK] = {
		.label = "faults fprobe hook alone/nothing",
		.what = "an fprobe on handle_mm_fault's return (tracefs fprobe event)",
		.group = "mmscope_bench", .event = "fault_fexit",
		.def_file = "dynamic_events",
		.def = "f:mmscope_bench/fault_fexit handle_mm_fault%return\n",
		.undef = "-:mmscope_bench/fault_fexit\n",
	},
};

static int soft_write(struct soft_hook *h, const char *file, const char *what)
{
	char path[192];

	snprintf(path, sizeof(path), "events/%s/%s/%s", h->group, h->event, file);
	return tracefs_write(path, what);
}

/* The hook is registered and its event soft-disabled: "0*". */
static int soft_registered(struct soft_hook *h)
{
	char path[256], buf[8] = "";
	int fd, n;

	snprintf(path, sizeof(path), TRACEFS "/events/%s/%s/enable", h->group,
		 h->event);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n >= 2 && !strncmp(buf, "0*", 2);
}

/* Empty the ring buffers: their counts start again from zero. */
static void trace_clear(void)
{
	int fd = open(TRACEFS "/trace", O_WRONLY | O_TRUNC | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
}

/*
 * Add "read events", "entries" (not read yet) and "overrun" (lost) of the
 * ring buffers of CPUs @from to @to - 1.
 */
static void ring_stats(long from, long to, uint64_t *read, uint64_t *left,
		       uint64_t *lost)
{
	long c;

	*read = *left = *lost = 0;
	for (c = from; c < to; c++) {
		unsigned long long v;
		char path[96], key[64];
		FILE *f;

		snprintf(path, sizeof(path), TRACEFS "/per_cpu/cpu%ld/stats", c);
		f = fopen(path, "r");
		while (f && fscanf(f, "%63[^:]: %llu\n", key, &v) == 2) {
			if (!strcmp(key, "read events"))
				*read += v;
			else if (!strcmp(key, "entries"))
				*left += v;
			else if (!strcmp(key, "overrun"))
				*lost += v;
		}
		if (f)
			fclose(f);
	}
}

/* Events the ring buffer of CPU 0 took since it was cleared (none read). */
static uint64_t cpu0_events(void)
{
	uint64_t read, left, lost;

	ring_stats(0, 1, &read, &left, &lost);
	return left + lost;
}

/* The binary readers of a run: what they left unread or lost. */
static int raw_short;	/* runs where a buffer lost events or was left unread */
static uint64_t raw_read;	/* events the readers took, all runs */
static uint64_t raw_left;	/* events left in the buffers, all runs */

/*
 * One reader per CPU buffer, each taking every page there is, then
 * sleeping 4 ms, as often as the module's worker sends a session's
 * events (a tick at HZ=250): a reader woken by every event (a blocking
 * read) is woken 65,536 times and cost 3.7 of nothing here.  Returns how
 * many were started.
 */
static int raw_readers_start(pid_t *pids, int max)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF), c;
	int n = 0;

	for (c = 0; c < ncpu && n < max; c++) {
		pid_t p = fork();

		if (!p) {
			static char page[1 << 16];
			char path[96];
			long psz = sysconf(_SC_PAGESIZE);
			int fd;

			snprintf(path, sizeof(path),
				 TRACEFS "/per_cpu/cpu%ld/trace_pipe_raw", c);
			fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
			while (fd >= 0) {
				ssize_t got = read(fd, page, psz);

				if (got > 0)
					continue;
				if (got < 0 && errno != EAGAIN)
					break;
				usleep(4000);	/* drained */
			}
			_exit(0);
		}
		if (p > 0)
			pids[n++] = p;
	}
	return n;
}

struct cpu;
static uint64_t run(int mode, struct mmscope_trace_stats *st, uint64_t *nev,
		    struct cpu *cpu);

/*
 * Define the hook, record one run with its event enabled (it must fire on
 * every fault of the child), then arm it once to see that it can be.
 */
static void soft_setup(int k)
{
	struct soft_hook *h = &soft_hooks[k];
	uint64_t got;
	int e = 0;

	if (h->def) {
		tracefs_write(h->def_file, h->undef);
		e = tracefs_write(h->def_file, h->def);
	}
	if (!e)
		e = soft_write(h, "enable", "0");
	if (e) {
		if (h->def)
			fprintf(stderr, "bench: no %s event: defining it in %s: %s (no fprobe events in this kernel?): its hook alone is skipped\n",
				mode_name[k], h->def_file, strerror(-e));
		else
			fprintf(stderr, "bench: no %s event: %s/%s: %s: its hook alone is skipped\n",
				mode_name[k], h->group, h->event, strerror(-e));
		return;
	}
	trace_clear();
	if (soft_write(h, "enable", "1")) {
		fprintf(stderr, "bench: enabling the %s event failed: its hook alone is skipped\n",
			mode_name[k]);
		return;
	}
	run(NONE, NULL, NULL, NULL);
	soft_write(h, "enable", "0");
	got = cpu0_events();
	if (got < SIZE / PAGE) {
		printf("faults %s hook alone: unavailable: its event recorded %llu of the child's %lu faults\n",
		       mode_name[k], (unsigned long long)got, SIZE / PAGE);
		return;
	}
	e = hook_trigger(h->group, h->event, 1);
	if (!e && !soft_registered(h))
		e = -ENOENT;
	hook_trigger(h->group, h->event, 0);
	if (e) {
		fprintf(stderr, "bench: arming the soft-disabled %s event: %s: its hook alone is skipped\n",
			mode_name[k], strerror(-e));
		return;
	}
	h->ok = 1;
}

/* Whether mode @k runs here: the references need their tracefs setup. */
static bool mode_runs(int k)
{
	if (!wanted[k])
		return false;
	if (k == KRETPROBE || k == KRETPIPE || k == KRETRAW)
		return ref_ok;
	if (k == KRETHOOK)
		return hook_ok;	/* only set with ref_ok */
	if (k == TPHOOK || k == FPHOOK)
		return soft_hooks[k].ok;
	return true;
}

/*
 * Whether mode @k's figures stand: it ran, and a hook alone fired on every
 * fault (kretprobe) or was registered (the others) in every run.
 */
static bool shown(int k)
{
	if (!mode_runs(k))
		return false;
	if (k == KRETRAW)
		return !raw_short;
	return k == KRETHOOK ? !hook_short : !soft_hooks[k].bad;
}

struct child {
	pid_t pid;
	int go, res;
};

static void child_main(int go, int res)
{
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t0, t;
	size_t i;
	char b;

	if (p == MAP_FAILED)
		_exit(1);
	madvise(p, SIZE, MADV_NOHUGEPAGE);
	if (read(go, &b, 1) != 1)
		_exit(1);
	t0 = now_ns();
	for (i = 0; i < SIZE; i += PAGE)
		p[i] = 1;
	t = now_ns() - t0;
	if (write(res, &t, sizeof(t)) != sizeof(t))
		_exit(1);
	_exit(0);
}

static int child_start(struct child *c)
{
	int go[2], res[2];

	if (pipe(go) || pipe(res))
		return -1;
	c->pid = fork();
	if (!c->pid) {
		close(go[1]);
		close(res[0]);
		child_main(go[0], res[1]);
	}
	close(go[0]);
	close(res[1]);
	c->go = go[1];
	c->res = res[0];
	return c->pid < 0 ? -1 : 0;
}

static uint64_t events;

/*
 * Where a run's CPU went: the child's own (user, system: the hook runs in
 * its context), this process's (the reader of the events), and the rest
 * of the machine's busy time (the module's worker that sends them).
 */
struct cpu {
	uint64_t child, reader, rest;
};

static uint64_t tv_ns(struct timeval tv)
{
	return tv.tv_sec * 1000000000ull + tv.tv_usec * 1000ull;
}

/* Busy time of the whole machine (every CPU), in ns. */
static uint64_t busy_ns(void)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	long hz = sysconf(_SC_CLK_TCK);

	if (!f || fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
			 &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 8) {
		if (f)
			fclose(f);
		return 0;
	}
	fclose(f);
	/* user nice system (idle iowait) irq softirq steal */
	return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) * (1000000000ull / hz);
}

static int on_fault(const struct mmscope_fault_event *ev, void *arg)
{
	events++;
	return 0;
}

/* One run; returns the child's time in ns. */
static uint64_t run(int mode, struct mmscope_trace_stats *st, uint64_t *nev,
		    struct cpu *cpu)
{
	struct rusage ru0, ru1, cru;
	pid_t pipe_reader = 0, raw_pids[64];
	int nraw = 0;
	uint64_t busy0;
	struct mmscope_trace_cb cb = { .fault = on_fault };
	struct mmscope_error err;
	struct mmscope *m = NULL;
	struct child c;
	uint32_t session = 0, pid;
	uint64_t t = 0, t0, hits0 = 0;
	char b = 'g';

	if (child_start(&c))
		exit(1);
	if (mode != NONE) {
		if (mmscope_open(&m, &err)) {
			fprintf(stderr, "bench: %s\n", err.msg);
			exit(1);
		}
	}
	if (mode == COUNT && mmscope_counters_ctl(m, MMSCOPE_CTL_F_HOLD, NULL)) {
		fprintf(stderr, "bench: counters: %s\n", m->err.msg);
		exit(1);
	}
	if (mode == TRACE) {
		struct mmscope_trace_req req = { .pids = &pid, .npids = 1 };

		pid = c.pid;
		events = 0;
		if (mmscope_trace_start(m, &req, &cb, &session, &t0)) {
			fprintf(stderr, "bench: trace: %s\n", m->err.msg);
			exit(1);
		}
	}
	if (mode == KRETRAW)
		trace_clear();	/* its counts are this run's */
	if (mode == KRETPROBE || mode == KRETPIPE || mode == KRETRAW)
		ref_enable(1);
	if (mode == KRETHOOK) {
		hook_set(REF_GROUP, REF_NAME, 1, "reference kretprobe");
		hits0 = ref_hits();
	}
	if (mode == TPHOOK || mode == FPHOOK) {
		struct soft_hook *h = &soft_hooks[mode];

		hook_set(h->group, h->event, 1, mode_name[mode]);
		h->bad += !soft_registered(h);
	}
	if (mode == KRETRAW)
		nraw = raw_readers_start(raw_pids,
					 sizeof(raw_pids) / sizeof(raw_pids[0]));
	if (mode == KRETPIPE) {
		/* the kernel's own way to every event: trace_pipe, read */
		pipe_reader = fork();
		if (!pipe_reader) {
			static char buf[1 << 16];
			int fd = open(TRACEFS "/trace_pipe", O_RDONLY);

			while (fd >= 0 && read(fd, buf, sizeof(buf)) > 0)
				;
			_exit(0);
		}
	}
	getrusage(RUSAGE_SELF, &ru0);
	busy0 = busy_ns();
	if (write(c.go, &b, 1) != 1)
		exit(1);
	if (mode == TRACE) {
		struct pollfd p = { .fd = c.res, .events = POLLIN };

		/*
		 * Read events until the child is done, as mmscope faults
		 * does: a wait of up to 200 ms for the next drain.  A reader
		 * that woke every 5 ms to find nothing cost the child 0.1 of
		 * its time here, more than the events.
		 */
		while (poll(&p, 1, 0) == 0)
			mmscope_trace_poll(m, 200, &cb, st);
		mmscope_trace_stop(m, session, &cb, st);
		*nev = events;
	}
	if (read(c.res, &t, sizeof(t)) != sizeof(t))
		exit(1);
	if (mode == KRETPROBE || mode == KRETPIPE || mode == KRETRAW)
		ref_enable(0);
	if (mode == KRETRAW) {
		uint64_t rd, left, lost;

		/*
		 * None overwritten, every event of the child read or still
		 * waiting in a buffer: what came after a reader's last look
		 * (4 ms at most) may be unread yet.
		 */
		ring_stats(0, sysconf(_SC_NPROCESSORS_CONF), &rd, &left, &lost);
		raw_read += rd;
		raw_left += left;
		raw_short += lost || rd + left < SIZE / PAGE || !nraw;
		while (nraw > 0) {
			kill(raw_pids[--nraw], SIGKILL);
			waitpid(raw_pids[nraw], NULL, 0);
		}
	}
	if (mode == KRETHOOK) {
		/* the probe must have fired on every fault of the child */
		hook_short += ref_hits() - hits0 < SIZE / PAGE;
		hook_set(REF_GROUP, REF_NAME, 0, "reference kretprobe");
	}
	if (mode == TPHOOK || mode == FPHOOK)
		hook_set(soft_hooks[mode].group, soft_hooks[mode].event, 0,
			 mode_name[mode]);
	if (pipe_reader > 0) {
		kill(pipe_reader, SIGKILL);
		waitpid(pipe_reader, NULL, 0);
	}
	if (wait4(c.pid, NULL, 0, &cru) != c.pid)
		exit(1);
	getrusage(RUSAGE_SELF, &ru1);
	if (cpu) {
		uint64_t busy = busy_ns() - busy0;

		cpu->child = tv_ns(cru.ru_utime) + tv_ns(cru.ru_stime);
		cpu->reader = tv_ns(ru1.ru_utime) - tv_ns(ru0.ru_utime) +
			      tv_ns(ru1.ru_stime) - tv_ns(ru0.ru_stime);
		cpu->rest = busy > cpu->child + cpu->reader ?
			    busy - cpu->child - cpu->reader : 0;
	}
	close(c.go);
	close(c.res);
	mmscope_close(m);
	return t;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 5, i, k;
	uint64_t t[NR_MODES][64], nev = 0, drops = 0, tr_ns = 0, ev_total = 0;
	struct mmscope_trace_stats st;
	static struct cpu cpu[NR_MODES][64];

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: bench_faults [RUNS (1-64, default 5)] [MODE...]\n"
		       "  MODE: one of");
		for (k = 0; k < NR_MODES; k++)
			printf(" '%s'", mode_name[k]);
		printf(" (default: all; nothing always runs)\n");
		return 0;
	}
	if (n < 1 || n > 64)
		n = 5;
	wanted[NONE] = true;
	for (k = 0; k < NR_MODES; k++)
		wanted[k] |= argc <= 2;
	for (i = 2; i < argc; i++) {
		for (k = 0; k < NR_MODES && strcmp(argv[i], mode_name[k]); k++)
			;
		if (k == NR_MODES) {
			fprintf(stderr, "bench_faults: no mode '%s' (see --help)\n", argv[i]);
			return 2;
		}
		wanted[k] = true;
	}
	/*
	 * The child, the readers and this program on CPU 0.  Left to the
	 * scheduler, the two vCPUs of one TCG host thread shared it as they
	 * fell: with the reader on the other vCPU the child's vCPU ran less,
	 * and tracing measured 1.4 of nothing in one run and 2.0 in the
	 * next, nothing else changed.  On one CPU a row is the child's work
	 * and everything that watching it adds (hooks, worker, reader).
	 */
	if (!pin_cpu(0))
		printf("# faults: could not keep the run on CPU 0: rows may vary with placement\n");
	mount("tracefs", TRACEFS, "tracefs", 0, NULL);	/* may be there */
	if (wanted[KRETPROBE] || wanted[KRETPIPE] || wanted[KRETRAW] ||
	    wanted[KRETHOOK])
		ref_setup();
	if (wanted[KRETHOOK])
		hook_setup();
	if (wanted[TPHOOK])
		soft_setup(TPHOOK);
	if (wanted[FPHOOK])
		soft_setup(FPHOOK);
	run(NONE, NULL, NULL, NULL);	/* warm up */
	for (i = 0; i < n; i++) {
		for (k = 0; k < NR_MODES; k++) {
			if (!mode_runs(k))
				continue;
			memset(&st, 0, sizeof(st));
			t[k][i] = run(k, &st, &nev, &cpu[k][i]);
			if (k == TRACE) {
				drops += st.drops + st.sock_drops;
				ev_total += nev;
				tr_ns += t[k][i];
			}
		}
	}
	printf("# faults: %lu pages touched (%lu MiB), median of %d, interleaved\n",
	       SIZE / PAGE, SIZE >> 20, n);
	for (k = 0; k < NR_MODES; k++) {
		if (!mode_runs(k))
			continue;
		qsort(t[k], n, sizeof(t[k][0]), cmp_u64);
		printf("faults %-9s %8.1f ms  %7.0f faults/s\n", mode_name[k],
		       t[k][n / 2] / 1e6, (SIZE / PAGE) / (t[k][n / 2] / 1e9));
	}
	for (k = 0; k < NR_MODES; k++) {
		uint64_t c[3][64];

		if (!mode_runs(k))
			continue;
		for (i = 0; i < n; i++) {
			c[0][i] = cpu[k][i].child;
			c[1][i] = cpu[k][i].reader;
			c[2][i] = cpu[k][i].rest;
		}
		printf("faults %-9s CPU (medians): the child %.1f ms (its faults and the hooks in them), the reader %.1f ms, the rest %.1f ms (the module's worker, others)\n",
		       mode_name[k], median_u64(c[0], n) / 1e6, median_u64(c[1], n) / 1e6,
		       median_u64(c[2], n) / 1e6);
	}
	{
		static const char *const cpu_label[NR_MODES] = {
			[COUNT] = "counting", [TRACE] = "tracing",
			[KRETHOOK] = "the kretprobe hook alone",
			[TPHOOK] = "the tracepoint hook alone",
			[FPHOOK] = "the fprobe hook alone",
		};
		uint64_t c[NR_MODES][64];
		const char *sep = "";

		for (k = 0; k < NR_MODES; k++)
			for (i = 0; i < n; i++)
				c[k][i] = cpu[k][i].child;
		for (k = COUNT; k < NR_MODES; k++) {
			if (!shown(k) || k == KRETPROBE || k == KRETPIPE ||
			    k == KRETRAW)
				continue;
			printf("%s %s %.2f", *sep ? sep :
			       "faults the child's own CPU time against nothing's:",
			       cpu_label[k],
			       (double)median_u64(c[k], n) / median_u64(c[NONE], n));
			sep = ",";
		}
		if (*sep)
			printf(" (the hooks in its faults; the reader and the worker left out)\n");
	}
	if (mode_runs(COUNT))
		aim_row("faults counters/nothing", (double)t[COUNT][n / 2] / t[NONE][n / 2], 1.05);
	if (mode_runs(TRACE))
		aim_row("faults trace/nothing", (double)t[TRACE][n / 2] / t[NONE][n / 2], 1.25);
	if (mode_runs(KRETPROBE))
		printf("ratio %-44s %6.2f  (reference: the kernel's own kretprobe event on handle_mm_fault, recording only: the floor of counting)\n",
		       "faults kretprobe/nothing", (double)t[KRETPROBE][n / 2] / t[NONE][n / 2]);
	if (mode_runs(KRETPIPE))
		printf("ratio %-44s %6.2f  (reference: the same event, every one read from trace_pipe: the kernel's own way to trace every fault to a reader)\n",
		       "faults kretprobe+trace_pipe/nothing",
		       (double)t[KRETPIPE][n / 2] / t[NONE][n / 2]);
	if (shown(KRETRAW))
		printf("ratio %-44s %6.2f  (reference: the same event, every one read as binary pages from trace_pipe_raw: the kernel's cheapest way to hand every fault to a reader; %.0f events read a run, %.0f left in the buffers)\n",
		       "faults kretprobe+trace_pipe_raw/nothing",
		       (double)t[KRETRAW][n / 2] / t[NONE][n / 2],
		       (double)raw_read / n, (double)raw_left / n);
	else if (mode_runs(KRETRAW))
		printf("faults kretprobe+trace_pipe_raw: unavailable: in %d of %d runs a CPU's buffer lost events or was left unread\n",
		       raw_short, n);
	if (mode_runs(KRETHOOK)) {
		if (shown(KRETHOOK))
			printf("ratio %-44s %6.2f  (reference: the same kretprobe, its event soft-disabled: the hook alone, with no work, the floor of any kretprobe watcher)\n",
			       "faults kretprobe hook alone/nothing",
			       (double)t[KRETHOOK][n / 2] / t[NONE][n / 2]);
		else
			printf("faults kretprobe hook alone: unavailable: in %d of %d runs its probe fired less than once a fault\n",
			       hook_short, n);
	}
	if (ref_ok)
		tracefs_write("kprobe_events", "-:" REF_EVENT "\n");
	for (k = TPHOOK; k <= FPHOOK; k++) {
		struct soft_hook *h = &soft_hooks[k];

		if (shown(k))
			printf("ratio %-44s %6.2f  (reference: %s, its event soft-disabled: the hook alone)\n",
			       h->label, (double)t[k][n / 2] / t[NONE][n / 2], h->what);
		else if (mode_runs(k))
			printf("%s: unavailable: in %d of %d runs its event was not registered\n",
			       h->label, h->bad, n);
		if (wanted[k] && h->undef)
			tracefs_write(h->def_file, h->undef);
	}
	if (mode_runs(TRACE))
		printf("faults traced: %lu events delivered, %lu lost, %.0f events/s sustained\n",
		       ev_total, drops, tr_ns ? ev_total / (tr_ns / 1e9) : 0.0);
	return 0;
}
