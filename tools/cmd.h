/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the command files of the mmscope tool share.  mmscope.c holds the
 * command table and main(); common.c what every command does first
 * (options, pid, connection) and the VMA dumps as one answer; one file
 * per command (or per family of commands that share their output code).
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
/* A VMA or page-table dump as one answer (see common.c). */
int dump_answer(struct mmscope *m, const char *what, bool consistent,
		int (*dump)(struct mmscope *m, void *arg), void *arg);
/* A VMA dump as one JSON document, printed only when it succeeded. */
int vma_dump_json(struct mmscope *m, uint32_t pid,
		  const struct mmscope_dump_req *req, mmscope_vma_fn fn,
		  void *arg, struct json *j);

/* One file each: the command and its --help. */
int cmd_status(int argc, char **argv);
void help_status(FILE *f);
int cmd_task(int argc, char **argv);
void help_task(FILE *f);
int cmd_maps(int argc, char **argv);
void help_maps(FILE *f);
int cmd_smaps(int argc, char **argv);
void help_smaps(FILE *f);
int cmd_rollup(int argc, char **argv);
void help_rollup(FILE *f);
int cmd_pmap(int argc, char **argv);
void help_pmap(FILE *f);
int cmd_pt(int argc, char **argv);
void help_pt(FILE *f);
int cmd_vtop(int argc, char **argv);
void help_vtop(FILE *f);
int cmd_ptstat(int argc, char **argv);
void help_ptstat(FILE *f);

/* The loops of faults and top: set by SIGINT, SIGTERM and SIGHUP. */
extern volatile sig_atomic_t stop_now;
void catch_signals(void);
double now_s(void);		/* CLOCK_MONOTONIC, in seconds */
double parse_seconds(const char *cmd, const char *s);

int cmd_faults(int argc, char **argv);
void help_faults(FILE *f);
int cmd_counters(int argc, char **argv);
void help_counters(FILE *f);
int cmd_top(int argc, char **argv);
void help_top(FILE *f);

#endif
