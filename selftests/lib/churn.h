/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Targets that never keep still, for the stress suite: CHURNERS processes
 * whose threads mmap, touch, mprotect, mremap, madvise, munmap, fork,
 * exec and start threads without pause, and a spawner that keeps
 * short-lived processes coming and going in EPHEMERAL slots.  Their pids
 * are in a struct shared (in shared memory).  Include after harness.h.
 */
#ifndef MMSCOPE_SELFTEST_CHURN_H
#define MMSCOPE_SELFTEST_CHURN_H

#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define CHURNERS	4
#define EPHEMERAL	12
#define SLOTS		(CHURNERS + EPHEMERAL)
#define REGION		0x20000000UL	/* churners map around here */
#define PERSIST		0x1f000000UL	/* 64 pages every target keeps */
#define PERSIST_PAGES	64

/* The pages vtop asks about: mapped and touched in every target. */
static void map_persist(void)
{
	char *p = mmap((void *)PERSIST, PERSIST_PAGES << 12, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != MAP_FAILED)
		memset(p, 1, PERSIST_PAGES << 12);
}

struct shared {
	volatile pid_t pid[SLOTS];
	volatile int stop;
};

static uint64_t rnd_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* ---- targets ---- */

/* 2 MiB aligned, inside the range the pt and maps requests dump */
#define TABLES		(REGION + (8UL << 20))

/*
 * Whole PTE tables filled, then emptied by MADV_DONTNEED, four times:
 * with CONFIG_PT_RECLAIM (7.x) the kernel frees an emptied PTE table at
 * once (through RCU), while pt, smaps and vtop walk it.  One thread at a
 * time has the range (MAP_FIXED_NOREPLACE).
 */
static void empty_tables(void)
{
	size_t len = 4UL << 20;
	char *p = mmap((void *)TABLES, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	int i;

	if (p == MAP_FAILED)
		return;
	madvise(p, len, MADV_NOHUGEPAGE);
	for (i = 0; i < 4; i++) {
		memset(p, i + 1, len);
		madvise(p, len, MADV_DONTNEED);
	}
	munmap(p, len);
}

static void churn_once(uint64_t *rs, int fd)
{
	size_t pages = 1 + rnd_next(rs) % 64, len = pages << 12;
	int shared = rnd_next(rs) % 4 == 0;
	char *p, *q;
	pid_t c;

	if (shared && fd >= 0)
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	else
		p = mmap((void *)(REGION + ((rnd_next(rs) % 1024) << 12)), len,
			 PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;
	memset(p, 1, len / 2);
	switch (rnd_next(rs) % 9) {
	case 0:
		mprotect(p, len / 2, PROT_READ);
		break;
	case 1:
		q = mremap(p, len, 2 * len, MREMAP_MAYMOVE);
		if (q != MAP_FAILED) {
			p = q;
			len *= 2;
			memset(p, 2, len);
		}
		break;
	case 2:
		madvise(p, len, MADV_DONTNEED);
		break;
	case 3:
		madvise(p, len, MADV_PAGEOUT);
		p[0] = 3;
		break;
	case 4:
		c = fork();
		if (c == 0) {
			memset(p, 4, len);	/* copy on write */
			_exit(0);
		}
		if (c > 0)
			waitpid(c, NULL, 0);
		break;
	case 5:
		if (rnd_next(rs) % 8)
			break;
		c = fork();
		if (c == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(1);
		}
		if (c > 0)
			waitpid(c, NULL, 0);
		break;
	case 6:
		mprotect(p, len, PROT_NONE);
		break;
	case 7:
		empty_tables();
		break;
	default:
		break;
	}
	munmap(p, len);
}

static void *churn_thread(void *arg)
{
	struct shared *sh = arg;
	uint64_t rs = (uint64_t)pthread_self() | 1;
	int fd = open("/tmp", O_TMPFILE | O_RDWR, 0600);

	if (fd >= 0 && ftruncate(fd, 1 << 20))
		fd = -1;
	while (!sh->stop)
		churn_once(&rs, fd);
	return NULL;
}

static void *short_thread(void *arg)
{
	volatile char buf[8192];

	buf[0] = 1;
	buf[4096] = buf[0];
	return arg;
}

static void churner(struct shared *sh)
{
	pthread_t t[2];
	uint64_t rs = getpid();

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	map_persist();
	pthread_create(&t[0], NULL, churn_thread, sh);
	pthread_create(&t[1], NULL, churn_thread, sh);
	while (!sh->stop) {
		pthread_t s;

		if (!pthread_create(&s, NULL, short_thread, NULL))
			pthread_join(s, NULL);
		churn_once(&rs, -1);
	}
	_exit(0);
}

static void spawner(struct shared *sh)
{
	uint64_t rs = getpid();
	int i = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (!sh->stop) {
		pid_t c = fork();

		if (c == 0) {
			size_t len = (1 + rnd_next(&rs) % 32) << 12;
			char *p;

			map_persist();
			p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p != MAP_FAILED)
				memset(p, 1, len);
			usleep(rnd_next(&rs) % 5000);
			_exit(0);
		}
		if (c > 0)
			sh->pid[CHURNERS + i++ % EPHEMERAL] = c;
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		usleep(500);
	}
	while (wait(NULL) > 0)
		;
	_exit(0);
}

#endif /* MMSCOPE_SELFTEST_CHURN_H */
