// SPDX-License-Identifier: GPL-2.0
/* mmscope tool: what every command shares: usage errors, pids, addresses, options,
 * the connection and VMA dumps as one answer. */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

void die_usage(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: %s: ", prog, cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s %s --help'.\n", prog, cmd);
	exit(EXIT_USAGE);
}

/* Print the error in @err; return the exit status it deserves. */
int report(const char *what, const struct mmscope_error *err)
{
	char buf[1024];

	mmscope_strerror(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s: %s\n", prog, what, buf);
	return EXIT_FAILED;
}

/*
 * Done with @m after its request, whose result is @ret: closed, and the
 * exit status the result deserves, its error printed with @what.
 */
int close_reporting(struct mmscope *m, const char *what, int ret)
{
	if (ret)
		ret = report(what, &m->err);
	mmscope_close(m);
	return ret;
}

/*
 * Room for @need elements of @elem bytes in the array at *@pp, of *@cap
 * now: doubled (at least @first) when full.  0, or -ENOMEM (the array
 * is as it was).
 */
int grow_array(void *pp, size_t *cap, size_t need, size_t elem, size_t first)
{
	void **p = pp, *n;
	size_t c = *cap;

	if (need <= c)
		return 0;
	while (c < need)
		c = c ? 2 * c : first;
	n = realloc(*p, c * elem);
	if (!n)
		return -ENOMEM;
	*p = n;
	*cap = c;
	return 0;
}

struct mmscope *open_or_exit(void)
{
	struct mmscope_error err;
	struct mmscope *m;

	if (mmscope_open(&m, &err)) {
		char buf[1024];

		mmscope_strerror(&err, buf, sizeof(buf));
		fprintf(stderr, "%s: %s\n", prog, buf);
		exit(EXIT_USAGE);
	}
	return m;
}

/*
 * PIDs are passed through to the kernel, which validates them (so that a
 * negative or out-of-range pid gets the kernel's own answer); only text
 * that is not a number at all is refused here.
 */
uint32_t parse_pid(const char *cmd, const char *s)
{
	long long v;
	char *end;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < INT32_MIN || v > UINT32_MAX)
		die_usage(cmd, "'%s' is not a pid", s);
	return (uint32_t)v;
}

uint64_t parse_addr(const char *cmd, const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 16);
	if (!*s || *end || errno)
		die_usage(cmd, "'%s' is not a hexadecimal address", s);
	return v;
}

/* --vma ADDR: the VMA holding ADDR; --range START-END: [START, END) */
void parse_range(const char *cmd, const char *arg, bool vma,
		 struct common_opts *o)
{
	char buf[64], *dash;

	o->ranged = true;
	if (vma) {
		o->start = parse_addr(cmd, arg);
		o->end = o->start + 1;
		return;
	}
	snprintf(buf, sizeof(buf), "%s", arg);
	dash = strchr(buf, '-');
	if (!dash)
		die_usage(cmd, "'%s' is not a range START-END (hexadecimal)", arg);
	*dash = '\0';
	o->start = parse_addr(cmd, buf);
	o->end = parse_addr(cmd, dash + 1);
}

/* Does @a take its value from the next word? (@a is an option, not "--") */
static bool wants_value(const char *a, const char *shortopts,
			const struct option *longopts)
{
	const struct option *o, *found = NULL;
	size_t len;

	if (a[1] == '-') {
		a += 2;
		if (strchr(a, '='))
			return false;
		len = strlen(a);
		/* an exact name, else the first it abbreviates, as getopt_long */
		for (o = longopts; o->name; o++) {
			if (strncmp(o->name, a, len))
				continue;
			if (!found || strlen(o->name) == len)
				found = o;
		}
		return found && found->has_arg == required_argument;
	}
	for (a++; *a; a++) {
		const char *s = strchr(shortopts, *a);

		if (!s || *a == ':')
			return false;	/* unknown: getopt_long says so */
		if (s[1] == ':')
			return !a[1];
	}
	return false;
}

/*
 * Options and arguments in any order, as getopt_long allows by default,
 * with two rules of our own: a negative number is an argument (a pid for
 * the kernel to judge), never an option, and "--" ends the options.
 * Moves the options (with their values) ahead of the arguments, keeping
 * the order of each, drops the "--" (*argc shrinks by one) and returns
 * where the arguments begin: getopt_long is then run on that many words.
 */
int options_first(int *argc, char **argv, const char *shortopts,
		  const struct option *longopts)
{
	char **args = calloc(*argc, sizeof(*args));
	int i, nopts = 1, nargs = 0, n = *argc;

	if (!args) {
		perror(prog);
		exit(EXIT_FAILED);
	}
	for (i = 1; i < n; i++) {
		char *a = argv[i];

		if (!strcmp(a, "--")) {
			while (++i < n)
				args[nargs++] = argv[i];
			(*argc)--;
			break;
		}
		if (a[0] != '-' || !a[1] || (a[1] >= '0' && a[1] <= '9')) {
			args[nargs++] = a;
			continue;
		}
		argv[nopts++] = a;
		if (wants_value(a, shortopts, longopts) && i + 1 < n)
			argv[nopts++] = argv[++i];
	}
	memcpy(argv + nopts, args, nargs * sizeof(*args));
	argv[nopts + nargs] = NULL;
	free(args);
	return nopts;
}

/* How many times --consistent dumps before it gives up. */
#define CONSISTENT_TRIES	10

/*
 * A VMA or page-table dump, as one answer.  The module marks a dump
 * during which the target's address space was write-locked (its mappings
 * may have changed: the answer may mix two states of them).  Without
 * --consistent, @dump runs once and stderr says so after the output.
 * With it, the output goes to memory and @dump runs again while that
 * happens, at most CONSISTENT_TRIES times; only an answer that saw one
 * state is printed.  @dump starts from scratch each time it runs.
 */
int dump_answer(struct mmscope *m, const char *what, bool consistent,
		int (*dump)(struct mmscope *m, void *arg), void *arg)
{
	struct mmscope_info info;
	FILE *out = stdout;
	int tries, ret;

	if (!consistent) {
		ret = dump(m, arg);
		if (!ret && mmscope_dump_torn(m))
			fprintf(stderr,
				"%s: %s: the address space changed while it was dumped: "
				"this answer may mix its states (--consistent retries)\n",
				prog, what);
		return ret;
	}
	ret = mmscope_info_get(m, &info);
	if (ret)
		return ret;
	if (!(info.features & MMSCOPE_FEAT_DUMP_CONSISTENT)) {
		fprintf(stderr,
			"%s: %s: --consistent: this kernel keeps no count of changes to an "
			"address space that mmscope can read (see mmscope status)\n",
			prog, what);
		exit(EXIT_FAILED);
	}
	for (tries = 1;; tries++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);

		if (!mem) {
			perror("open_memstream");
			exit(EXIT_FAILED);
		}
		fflush(out);
		stdout = mem;
		ret = dump(m, arg);
		fflush(mem);
		stdout = out;
		fclose(mem);
		if (!ret && !mmscope_dump_torn(m))
			fwrite(buf, 1, len, stdout);
		free(buf);
		if (ret || !mmscope_dump_torn(m))
			return ret;
		if (tries == CONSISTENT_TRIES)
			break;
	}
	m->err.code = EAGAIN;
	m->err.from_kernel = false;
	snprintf(m->err.msg, sizeof(m->err.msg),
		 "the address space changed during each of %d dumps: no consistent answer",
		 CONSISTENT_TRIES);
	return -EAGAIN;
}

int parse_common(const char *cmd, int *argc, char **argv,
		 struct common_opts *o, void (*help)(FILE *f),
		 int allow)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "long", no_argument, NULL, 'l' },
		{ "vma", required_argument, NULL, 'v' },
		{ "range", required_argument, NULL, 'r' },
		{ "consistent", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, n;

	memset(o, 0, sizeof(*o));
	n = options_first(argc, argv, "jlhv:r:", opts);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(n, argv, "+jlhv:r:", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'l':
			if (!(allow & OPT_LONG))
				die_usage(cmd, "unknown option '%s'", argv[optind - 1]);
			o->long_ = true;
			break;
		case 'v':
		case 'r':
			if (!(allow & OPT_RANGE))
				die_usage(cmd, "unknown option '%s'", argv[optind - 1]);
			parse_range(cmd, optarg, c == 'v', o);
			break;
		case 'C':
			/* every command with OPT_RANGE is a VMA dump */
			if (!(allow & OPT_RANGE))
				die_usage(cmd, "unknown option '%s'", argv[optind - 1]);
			o->consistent = true;
			break;
		case 'h':
			help(stdout);
			exit(0);
		default:
			if (optopt == 'v' || optopt == 'r')
				die_usage(cmd, "option '%s' needs an argument",
					  argv[optind - 1]);
			die_usage(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	return n;
}

volatile sig_atomic_t stop_now;

static void on_signal(int sig)
{
	(void)sig;
	stop_now = 1;
}

/* Ctrl-C and SIGTERM end the loop; the session is then stopped cleanly. */
void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

double parse_seconds(const char *cmd, const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || v < 0 || v > 1e7)
		die_usage(cmd, "'%s' is not a number of seconds", s);
	return v;
}
