/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the command files of the mmscope tool share.  mmscope.c holds
 * main() and help; common.c what every command does first (options, pid,
 * connection) and the VMA dumps as one answer; one file per command (or
 * per family of commands that share their output code), each declaring
 * its commands with COMMAND().
 */
#ifndef MMSCOPE_CMD_H
#define MMSCOPE_CMD_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/libmmscope.h"
#include "lib/json.h"

#define EXIT_FAILED	1
#define EXIT_USAGE	2

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

extern const char *prog;

/* "mmscope CMD: <fmt with arg>", the hint to --help, exit 2. */
void die_usage(const char *cmd, const char *fmt, const char *arg);
/* Print the error in @err; return the exit status it deserves. */
int report(const char *what, const struct mmscope_error *err);
struct mmscope *open_or_exit(void);
/* Close @m; 0 if @ret is, else the exit status of the error, printed. */
int close_reporting(struct mmscope *m, const char *what, int ret);
/* Grow the array at *@pp (of *@cap elements) to hold @need; -ENOMEM. */
int grow_array(void *pp, size_t *cap, size_t need, size_t elem, size_t first);
uint32_t parse_pid(const char *cmd, const char *s);
uint64_t parse_addr(const char *cmd, const char *s);
struct option;
int options_first(int *argc, char **argv, const char *shortopts,
		  const struct option *longopts);

/* The options of the commands that read an address space. */
struct common_opts {
	bool json;
	bool long_;
	bool consistent;	/* --consistent */
	bool ranged;		/* --vma or --range given */
	uint64_t start, end;
};

/* What a command accepts besides --json and --help. */
#define OPT_LONG	1	/* --long */
#define OPT_RANGE	2	/* --vma, --range, --consistent */

/*
 * Options first (in any order with the arguments), parsed into @o; exit 2
 * with a message on an unknown one.  Returns the new argc: the arguments
 * follow at argv[1].
 */
int parse_common(const char *cmd, int *argc, char **argv,
		 struct common_opts *o, void (*help)(FILE *f), int allow);
void parse_range(const char *cmd, const char *arg, bool vma,
		 struct common_opts *o);
/*
 * Output of many short lines or records, built in place and written 64 KiB
 * at a time (pt, maps): ob_room() gives room for @n bytes at the end,
 * which the caller fills and then counts in len.
 */
struct obuf {
	char buf[1 << 16];
	size_t len;
	bool out;		/* some written to f */
	FILE *f;
};

static inline void ob_flush(struct obuf *o)
{
	if (o->len)
		o->out = true;
	fwrite(o->buf, 1, o->len, o->f);
	o->len = 0;
}

/* After an error: nothing at all when nothing is out yet. */
static inline void ob_end(struct obuf *o, int ret)
{
	if (ret && !o->out)
		o->len = 0;
	ob_flush(o);
}

static inline char *ob_room(struct obuf *o, size_t n)
{
	if (o->len + n > sizeof(o->buf))
		ob_flush(o);
	return o->buf + o->len;
}

/* A VMA or page-table dump as one answer (see common.c). */
int dump_answer(struct mmscope *m, const char *what, bool consistent,
		int (*dump)(struct mmscope *m, void *arg), void *arg);
/* A VMA dump as one JSON document, streamed (see maps.c). */
int vma_dump_json(struct mmscope *m, uint32_t pid,
		  const struct mmscope_dump_req *req, mmscope_vma_fn fn,
		  void *arg, struct json *j);

/*
 * A command of the tool.  Each command file declares its own with
 * COMMAND(); the tool lists, dispatches, completes (help --words) and
 * documents (help --man) the commands from these, with no table to edit:
 * as iw's COMMAND(), a pointer to each goes into a section of its own,
 * which the linker gathers between __start_ and __stop_mmscope_cmds.
 */
struct cmd {
	int rank;			/* place in the list of commands */
	const char *name;
	const char *args;		/* after the name, in the list */
	const char *summary;
	int (*fn)(int argc, char **argv);	/* argv[0] is the name */
	void (*help)(FILE *f);		/* --help: usage, text, options */
	/* completion words beyond the options of --help: word(0) up to
	 * word(n_words - 1) or the first NULL (word may be NULL) */
	const char *(*word)(uint32_t i);
	uint32_t n_words;
};

#define COMMAND(rank_, name_, args_, summary_, fn_, help_, word_, n_)	\
	static const struct cmd cmd_##fn_##_decl = {			\
		.rank = rank_, .name = name_, .args = args_,		\
		.summary = summary_, .fn = fn_, .help = help_,		\
		.word = word_, .n_words = n_,				\
	};								\
	static const struct cmd *const cmd_##fn_##_ptr			\
	__attribute__((used, section("mmscope_cmds"),			\
		       aligned(sizeof(void *)))) = &cmd_##fn_##_decl

/* The loops of faults and top: set by SIGINT, SIGTERM and SIGHUP. */
extern volatile sig_atomic_t stop_now;
void catch_signals(void);
double now_s(void);		/* CLOCK_MONOTONIC, in seconds */
double parse_seconds(const char *cmd, const char *s);

/* heatmap.c: the heat map of faults --svg */
struct heatmap;
struct mmscope_fault_event;
struct heatmap *heatmap_new(void);
void heatmap_add(struct heatmap *h, const struct mmscope_fault_event *ev, double t);
int heatmap_write(struct heatmap *h, const char *path, double secs);	/* -errno */
void heatmap_free(struct heatmap *h);


#endif
