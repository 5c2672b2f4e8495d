// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope: look inside the address space of a live process.
 *
 * Exit status: 0 success; 1 the kernel module answered with an error (no
 * such process, permission denied, no address space...); 2 the request
 * could not be made (bad usage, module not loaded, module/tool mismatch).
 *
 * The commands are declared by their own files (COMMAND() in cmd.h); this
 * file finds them, dispatches, and answers help.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

const char *prog = "mmscope";

extern const struct cmd *const __start_mmscope_cmds[];
extern const struct cmd *const __stop_mmscope_cmds[];

static const struct cmd *sorted[64];
static size_t n_cmds;

static int by_rank(const void *a, const void *b)
{
	const struct cmd *x = *(const struct cmd *const *)a;
	const struct cmd *y = *(const struct cmd *const *)b;

	return x->rank - y->rank;
}

/* The commands, in the order of their ranks. */
static void gather(void)
{
	const struct cmd *const *c;

	for (c = __start_mmscope_cmds; c < __stop_mmscope_cmds; c++) {
		if (n_cmds == ARRAY_LEN(sorted)) {
			fprintf(stderr, "%s: too many commands\n", prog);
			exit(EXIT_USAGE);
		}
		sorted[n_cmds++] = *c;
	}
	qsort(sorted, n_cmds, sizeof(sorted[0]), by_rank);
}

static const struct cmd *find(const char *name)
{
	size_t i;

	for (i = 0; i < n_cmds; i++)
		if (!strcmp(name, sorted[i]->name))
			return sorted[i];
	return NULL;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s COMMAND [OPTIONS] [ARGS]\n\n"
		"Look inside the address space of a live process.\n\nCommands:\n",
		prog);
	for (i = 0; i < n_cmds; i++) {
		char left[32];

		snprintf(left, sizeof(left), "%s %s", sorted[i]->name,
			 sorted[i]->args);
		fprintf(f, "  %-18s %s\n", left, sorted[i]->summary);
	}
	fprintf(f,
		"\nEvery command takes --help and --json.  Needs root (CAP_SYS_ADMIN)\n"
		"and the mmscope kernel module.\n"
		"Exit status: 0 success; 1 the module answered with an error (no\n"
		"such process, permission denied...); 2 bad usage, module not\n"
		"loaded, or module/tool mismatch.  See mmscope(8).\n");
}

static void help_help(FILE *f)
{
	fprintf(f, "Usage: %s help [COMMAND]\n"
		"       %s help --commands | --words COMMAND | --man\n\n"
		"Without COMMAND: the list of commands.  With it: its options.\n"
		"  --commands        the names of the commands, one per line\n"
		"  --words COMMAND   what the shell may complete after COMMAND: its\n"
		"                    options, the words they take, PID if it takes one,\n"
		"                    FILE if it takes file names\n"
		"  --man             the commands as roff, for the man page\n",
		prog, prog);
}

/* The text that @c's help prints, in a buffer to free. */
static char *help_text(const struct cmd *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		perror(prog);
		exit(EXIT_FAILED);
	}
	c->help(f);
	fclose(f);
	return buf;
}

/* Add the word at @p (n bytes) to @seen, once. */
static void add_word(char *seen, size_t size, const char *p, size_t n)
{
	char w[64];

	snprintf(w, sizeof(w), " %.*s ", (int)n, p);
	if (!strstr(seen, w) && strlen(seen) + n + 2 < size)
		strcat(seen, w + 1);
}

/* The length of the long option at @p ("--word-word"), or 0. */
static size_t option_len(const char *p)
{
	size_t n = 2;

	if (strncmp(p, "--", 2))
		return 0;
	while (islower((unsigned char)p[n]) ||
	       (p[n] == '-' && islower((unsigned char)p[n + 1])))
		n++;
	return n > 2 && n < 60 ? n : 0;
}

/*
 * Completion words of @c: the long options its help declares (anywhere in
 * the usage lines; first on a line, or after "-x, ", below them), so that
 * help and completion cannot differ; --help, --version; the words the
 * command adds; and PID when it takes one.
 */
static void words(const struct cmd *c)
{
	char *text = help_text(c), *line, *nl, *p;
	char seen[4096] = " --help --version ";
	bool usage = false, files = false;
	uint32_t i;

	for (line = text; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		if (!strncmp(line, "Usage:", 6))
			usage = true;
		if (usage && (memmem(line, nl - line, "FILE", 4) ||
			      memmem(line, nl - line, "OLD NEW", 7)))
			files = true;
		else if (line == nl)
			usage = false;
		for (p = line; p < nl; p++) {
			size_t n = option_len(p);
			const char *q = p;

			if (!n)
				continue;
			while (q > line && q[-1] == ' ')
				q--;
			if (usage || q == line ||
			    (q - line >= 3 && q[-1] == ',' && q[-3] == '-'))
				add_word(seen, sizeof(seen), p, n);
			p += n - 1;
		}
		if (!*nl)
			break;
	}
	free(text);
	seen[strlen(seen) - 1] = '\0';
	fputs(seen + 1, stdout);
	for (i = 0; c->word && i < c->n_words && c->word(i); i++)
		printf(" %s", c->word(i));
	if (!strncmp(c->args, "PID", 3) || strstr(c->args, "| PID"))
		fputs(" PID", stdout);
	if (files)
		fputs(" FILE", stdout);
	putchar('\n');
}

/* roff: a line of text, its leading dots and backslashes escaped. */
static void roff_line(const char *s, size_t n)
{
	size_t i;

	if (n && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", stdout);
	for (i = 0; i < n; i++) {
		if (s[i] == '\\')
			fputs("\\e", stdout);
		else if (s[i] == '-')
			fputs("\\-", stdout);
		else
			putchar(s[i]);
	}
	putchar('\n');
}

/* The COMMANDS section of mmscope(8): each command's --help, verbatim. */
static void man(void)
{
	size_t i;

	for (i = 0; i < n_cmds; i++) {
		char *text = help_text(sorted[i]), *line, *nl;

		printf(".SS %s\n", sorted[i]->name);
		printf(".PP\n");
		roff_line(sorted[i]->summary, strlen(sorted[i]->summary));
		printf(".PP\n.nf\n");
		for (line = text; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			if (!nl)
				nl = line + strlen(line);
			roff_line(line, nl - line);
			if (!*nl)
				break;
		}
		printf(".fi\n");
		free(text);
	}
}

static int cmd_help(int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help_help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--commands")) {
		size_t i;

		for (i = 0; i < n_cmds; i++)
			puts(sorted[i]->name);
		return 0;
	}
	if (!strcmp(argv[1], "--man")) {
		man();
		return 0;
	}
	if (!strcmp(argv[1], "--words")) {
		if (argc < 3)
			die_usage("help", "%s", "--words needs a COMMAND");
		c = find(argv[2]);
		if (!c)
			die_usage("help", "unknown command '%s'", argv[2]);
		words(c);
		return 0;
	}
	c = find(argv[1]);
	if (!c)
		die_usage("help", "unknown command '%s'", argv[1]);
	c->help(stdout);
	return 0;
}

/* Completion: the commands help knows. */
static const char *command_name(uint32_t i)
{
	return i < n_cmds ? sorted[i]->name : NULL;
}

COMMAND(1000, "help", "[COMMAND]", "this text, or the help of COMMAND",
	cmd_help, help_help, command_name, ARRAY_LEN(sorted));

static int version(void)
{
	printf("mmscope %s (tool, protocol %d)\n", MMSCOPE_RELEASE, MMSCOPE_GENL_VERSION);
	return 0;
}

int main(int argc, char **argv)
{
	const struct cmd *c;
	int j;

	gather();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version"))
		return version();
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	/* --version anywhere among a command's options, as --help */
	for (j = 2; j < argc && strcmp(argv[j], "--"); j++)
		if (!strcmp(argv[j], "--version"))
			return version();
	return c->fn(argc - 1, argv + 1);
}
