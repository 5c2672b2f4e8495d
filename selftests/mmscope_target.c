// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope_target: a process with a known address space, for the demo and
 * by hand.
 *
 *   mmscope_target demo [DIR]
 *       maps a file privately and shared, anonymous memory (half touched),
 *       shared anonymous memory, then forks a child that writes to part of
 *       the anonymous memory (copy on write), and maps 2 MiB of anonymous
 *       memory aligned for a transparent huge page (MADV_HUGEPAGE).  Prints
 *       "PARENT CHILD ANON THP" (pid, pid, hexadecimal addresses) on stdout
 *       when everything is in place and waits to be killed.  On SIGUSR1 the
 *       child writes to 16 more pages it shares with its parent (breaking
 *       copy on write) and reads the privately mapped file, then waits
 *       again.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t demo_go;

static void on_usr1(int sig)
{
	demo_go = 1;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int demo(const char *dir)
{
	long ps = sysconf(_SC_PAGESIZE);
	char path[256];
	char *file_priv, *file_shared, *anon, *shared, *thp;
	size_t huge = 2UL << 20;
	int fd, pipefd[2], i;
	pid_t child;
	char c;

	snprintf(path, sizeof(path), "%s/mmscope-demo.dat", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 16 * ps))
		die(path);
	file_priv = mmap(NULL, 8 * ps, PROT_READ, MAP_PRIVATE, fd, 0);
	file_shared = mmap(NULL, 8 * ps, PROT_READ | PROT_WRITE, MAP_SHARED,
			   fd, 8 * ps);
	anon = mmap(NULL, 256 * ps, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	shared = mmap(NULL, 16 * ps, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	/* twice the size, to align it: the huge page is [thp, thp + 2 MiB) */
	thp = mmap(NULL, 2 * huge, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (file_priv == MAP_FAILED || file_shared == MAP_FAILED ||
	    anon == MAP_FAILED || shared == MAP_FAILED || thp == MAP_FAILED)
		die("mmap");
	thp = (char *)(((unsigned long)thp + huge - 1) & ~(huge - 1));
	madvise(thp, huge, MADV_HUGEPAGE);	/* none where THP is off */
	memset(thp, 't', huge);
	close(fd);
	c = file_priv[0];
	memset(file_shared, 'x', 4 * ps);
	memset(anon, c + 1, 128 * ps);
	memset(shared, 's', 16 * ps);

	if (pipe(pipefd))
		die("pipe");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		struct sigaction sa = { .sa_handler = on_usr1 };

		sigaction(SIGUSR1, &sa, NULL);
		memset(anon, 'c', 32 * ps);	/* copy on write */
		if (write(pipefd[1], "r", 1) != 1)
			_exit(1);
		for (;;) {
			pause();
			if (!demo_go)
				continue;
			demo_go = 0;
			memset(anon + 64 * ps, 'd', 16 * ps);
			for (i = 0; i < 8; i++)
				c += ((volatile char *)file_priv)[i * ps];
		}
	}
	if (read(pipefd[0], &c, 1) != 1)
		die("child");
	printf("%d %d %lx %lx\n", getpid(), child, (unsigned long)anon,
	       (unsigned long)thp);
	fflush(stdout);
	for (;;)
		pause();
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "demo"))
		return demo(argc >= 3 ? argv[2] : "/tmp");
	fprintf(stderr, "usage: %s demo [DIR]\n", argv[0]);
	return 2;
}
