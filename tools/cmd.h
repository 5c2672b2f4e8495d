/* SPDX-License-Identifier: GPL-2.0 */
/* What the command files of the mmscope tool share (mmscope.c). */
#ifndef MMSCOPE_CMD_H
#define MMSCOPE_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "lib/libmmscope.h"

#define EXIT_FAILED	1
#define EXIT_USAGE	2

extern const char *prog;

/* "mmscope CMD: <fmt with arg>", the hint to --help, exit 2. */
void die_usage(const char *cmd, const char *fmt, const char *arg);
/* Print the error in @err; return the exit status it deserves. */
int report(const char *what, const struct mmscope_error *err);
struct mmscope *open_or_exit(void);
uint32_t parse_pid(const char *cmd, const char *s);
struct option;
int options_first(int *argc, char **argv, const char *shortopts,
		  const struct option *longopts);

/* faults.c */
int cmd_faults(int argc, char **argv);
void help_faults(FILE *f);
int cmd_counters(int argc, char **argv);
void help_counters(FILE *f);
int cmd_top(int argc, char **argv);
void help_top(FILE *f);

#endif
