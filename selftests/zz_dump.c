#include "common.h"
#include <time.h>
static int noop(const struct mmscope_vma *v, void *a) { (*(long *)a)++; return 0; }
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int main(int argc, char **argv)
{
	struct mmscope_error err; struct mmscope *m; int pid = atoi(argv[1]);
	if (mmscope_open(&m, &err)) return 1;
	for (int k = 0; k < 3; k++) {
		struct mmscope_dump_req r = { 0 }; long n = 0; double t0 = now();
		mmscope_vma_dump_req(m, pid, &r, noop, &n);
		double t1 = now(); r.flags = MMSCOPE_REQ_F_SMAPS; long n2 = 0;
		mmscope_vma_dump_req(m, pid, &r, noop, &n2);
		double t2 = now(); struct mmscope_smaps s; mmscope_rollup_get(m, pid, &s);
		double t3 = now();
		char buf[1<<16]; int fd = open("/proc/self/maps", 0); (void)fd;
		char path[64]; snprintf(path, 64, "/proc/%d/maps", pid); fd = open(path, 0); while (read(fd, buf, sizeof buf) > 0); close(fd);
		double t4 = now();
		snprintf(path, 64, "/proc/%d/smaps", pid); fd = open(path, 0); while (read(fd, buf, sizeof buf) > 0); close(fd);
		double t5 = now();
		snprintf(path, 64, "/proc/%d/smaps_rollup", pid); fd = open(path, 0); while (read(fd, buf, sizeof buf) > 0); close(fd);
		double t6 = now();
		printf("maps %ld %.1f ms | smaps %ld %.1f ms | rollup %.1f | proc maps %.1f smaps %.1f rollup %.1f\n", n, t1 - t0, n2, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5);
	}
	return 0;
}
