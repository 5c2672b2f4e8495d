/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault selftests' shared parts: a child that runs one workload on
 * demand and reports the addresses it used, /proc/PID/stat's fault
 * counts, and a trace session of that child collected into a list.
 * Include after harness.h.
 */
#ifndef MMSCOPE_SELFTEST_JOB_H
#define MMSCOPE_SELFTEST_JOB_H

#include <sys/mman.h>

#define PAGE		4096UL
#define MiB		(1UL << 20)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)

/* ---- a child that runs one workload on demand ---------------------- */

struct job {
	pid_t pid;
	int go;			/* parent -> child */
	int res;		/* child -> parent */
};

struct job_child {
	int go, res;
};

static inline void job_wait_go(struct job_child *c)
{
	char b = 'r';

	/* tell the parent we wait: no fault of ours until "go" */
	if (write(c->res, &b, 1) != 1 || read(c->go, &b, 1) != 1)
		_exit(1);
}

static inline void job_report(struct job_child *c, const void *data, size_t len)
{
	if (write(c->res, data, len) != (ssize_t)len)
		_exit(1);
}

static inline int job_start(struct job *j, void (*fn)(struct job_child *c, void *arg),
		     void *arg)
{
	int go[2], res[2];

	if (pipe(go) || pipe(res))
		return -1;
	j->pid = fork();
	if (j->pid < 0)
		return -1;
	if (!j->pid) {
		struct job_child c = { go[0], res[1] };

		close(go[1]);
		close(res[0]);
		fn(&c, arg);
		job_wait_go(&c);	/* until told to end */
		_exit(0);
	}
	close(go[0]);
	close(res[1]);
	j->go = go[1];
	j->res = res[0];
	return read(j->res, &(char){ 0 }, 1) == 1 ? 0 : -1;
}

/* Let the child run its next step; read what it reports. */
static inline int job_step(struct job *j, void *out, size_t len)
{
	char b = 'g';
	size_t got = 0;

	if (write(j->go, &b, 1) != 1)
		return -1;
	while (got < len) {
		ssize_t n = read(j->res, (char *)out + got, len - got);

		if (n <= 0)
			return -1;
		got += n;
	}
	/* the child reached its next wait: no fault of its own after this */
	return read(j->res, &(char){ 0 }, 1) == 1 ? 0 : -1;
}

static inline void job_end(struct job *j)
{
	close(j->go);
	close(j->res);
	if (j->pid > 0)
		waitpid(j->pid, NULL, 0);
}

/* minflt and majflt of /proc/PID/stat */
static inline int stat_faults(pid_t pid, unsigned long long *min, unsigned long long *maj)
{
	char *s = proc_read(pid, "stat"), *p;
	int ok;

	if (!s)
		return -1;
	p = strrchr(s, ')');
	/* ") S ppid pgrp session tty tpgid flags minflt cminflt majflt" */
	ok = p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %llu %*u %llu",
			 min, maj) == 2;
	free(s);
	return ok ? 0 : -1;
}

/* ---- collecting events --------------------------------------------- */

struct events {
	struct mmscope_fault_event *ev;
	size_t n, cap;
};

static inline int collect(const struct mmscope_fault_event *ev, void *arg)
{
	struct events *e = arg;

	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 1024;
		e->ev = realloc(e->ev, e->cap * sizeof(*e->ev));
		if (!e->ev)
			return -ENOMEM;
	}
	e->ev[e->n++] = *ev;
	return 0;
}

struct trace {
	struct mmscope *m;
	uint32_t session;
	uint64_t t0;
	struct events e;
	struct mmscope_trace_cb cb;
	struct mmscope_trace_stats st;
};

static inline int trace_begin(struct trace *t, pid_t pid, uint32_t flags)
{
	struct mmscope_error err;
	uint32_t p = pid;
	struct mmscope_trace_req req = {
		.pids = &p, .npids = 1,
		.flags = flags | MMSCOPE_TRACE_F_KERNEL,
	};

	memset(t, 0, sizeof(*t));
	t->cb.fault = collect;
	t->cb.arg = &t->e;
	if (mmscope_open(&t->m, &err))
		return -1;
	return mmscope_trace_start(t->m, &req, &t->cb, &t->session, &t->t0);
}

static inline int trace_end(struct trace *t)
{
	int ret = mmscope_trace_stop(t->m, t->session, &t->cb, &t->st);

	mmscope_close(t->m);
	t->m = NULL;
	return ret;
}

/* Events of @pid in [start, end) that are not errors. */
static inline size_t count_in(const struct events *e, uint64_t start, uint64_t end,
		       int fclass, bool *all_class)
{
	size_t i, n = 0;

	*all_class = true;
	for (i = 0; i < e->n; i++) {
		const struct mmscope_fault_event *ev = &e->ev[i];

		if (ev->address < start || ev->address >= end)
			continue;
		n++;
		if (fclass >= 0 && (int)ev->fclass != fclass) {
			*all_class = false;
			fprintf(stderr, "# event at %llx: class %s, expected %s\n",
				(unsigned long long)ev->address,
				mmscope_fault_class_name(ev->fclass),
				mmscope_fault_class_name(fclass));
		}
	}
	return n;
}

static inline void totals(const struct events *e, unsigned long long *min,
		   unsigned long long *maj)
{
	size_t i;

	*min = *maj = 0;
	for (i = 0; i < e->n; i++) {
		if (e->ev[i].fclass == MMSCOPE_FAULT_ERROR)
			continue;
		if (e->ev[i].flags & MMSCOPE_FAULTF_MAJOR)
			(*maj)++;
		else
			(*min)++;
	}
}

/* Run one step of @j under a session; check events == /proc/PID/stat. */
static inline void traced_step(struct __test_metadata *_metadata, struct job *j,
			struct trace *t, void *out, size_t len)
{
	unsigned long long min0, maj0, min1, maj1, emin, emaj;

	ASSERT_EQ(0, trace_begin(t, j->pid, 0));
	ASSERT_EQ(0, stat_faults(j->pid, &min0, &maj0));
	ASSERT_EQ(0, job_step(j, out, len));
	ASSERT_EQ(0, stat_faults(j->pid, &min1, &maj1));
	ASSERT_EQ(0, trace_end(t));
	EXPECT_EQ(0, t->st.drops + t->st.sock_drops);
	EXPECT_EQ(0, t->st.missed);
	/* every fault counted once, as /proc/PID/stat counts it */
	totals(&t->e, &emin, &emaj);
	EXPECT_EQ(min1 - min0, emin);
	EXPECT_EQ(maj1 - maj0, emaj);
}



/* Private anonymous memory faulted in base pages (never THP). */
static inline char *small_pages(size_t size)
{
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(1);
	madvise(p, size, MADV_NOHUGEPAGE);
	return p;
}

#endif
