// SPDX-License-Identifier: GPL-2.0
/*
 * The mmscope command line as a user meets it: the kernel's message for a
 * bad pid, --help on every command, options and arguments in any order,
 * the counters switches against the module's own state, status, a failed
 * dump printing nothing, and the module not loaded.
 */
#include "lib/common.h"

#include "lib/harness.h"

/* The tool prints the kernel's message for a bad pid, exit status 1. */
TEST(tool_bad_pids)
{
	struct run r;

	run_tool(&r, 0, "task", "-1", NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "pid out of range"));
	EXPECT_NE(NULL, strstr(r.err, "attribute PID"));
	run_free(&r);
	run_tool(&r, 0, "maps", "99999999", NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "pid out of range"));
	run_free(&r);
	run_tool(&r, 0, "task", "abc", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "not a pid"));
	run_free(&r);
	run_tool(&r, 0, "maps", NULL, NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "missing PID"));
	run_free(&r);
	run_tool(&r, 0, "frobnicate", NULL, NULL);
	EXPECT_EQ(2, r.status);
	run_free(&r);
}

/*
 * A dump that fails at once prints nothing on stdout, in every format
 * (dumps are streamed; see mmscope(8)): a pid reaped a moment ago.
 */
TEST(failed_dump_prints_nothing)
{
	static const char *const cmds[][4] = {
		{ "maps", "--json" }, { "maps", "--long" }, { "smaps", "--json" },
		{ "smaps" }, { "pmap", "--json" }, { "pt", "--json" },
		{ "pt", "--format", "raw" }, { "pt", "--page" },
	};
	char pid[16];
	pid_t child;
	size_t i;

	child = fork();
	ASSERT_LE(0, child);
	if (!child)
		_exit(0);
	ASSERT_EQ(child, waitpid(child, NULL, 0));
	snprintf(pid, sizeof(pid), "%d", child);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		const char *a[4] = { 0 };
		struct run r;
		int n = 0;

		while (n < 3 && cmds[i][n]) {
			a[n] = cmds[i][n];
			n++;
		}
		a[n] = pid;
		run_tool(&r, 0, a[0], a[1], a[2], a[3], NULL);
		EXPECT_EQ(1, r.status)
			TH_LOG("%s %s: status %d", a[0], a[1] ? a[1] : "", r.status);
		EXPECT_EQ(0, r.out ? strlen(r.out) : 0)
			TH_LOG("%s %s printed: %.80s", a[0], a[1] ? a[1] : "", r.out);
		EXPECT_NE(0, r.err ? strlen(r.err) : 0);
		run_free(&r);
	}
}

TEST(help_everywhere)
{
	static const char *cmds[] = { "status", "task", "maps", "smaps",
				      "rollup", "pmap", "pt", "vtop", "ptstat",
				      "help" };
	struct run r;
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_tool(&r, 0, cmds[i], "--help", NULL);
		EXPECT_EQ(0, r.status);
		EXPECT_NE(NULL, strstr(r.out, "Usage: mmscope"));
		run_free(&r);
	}
	run_tool(&r, 0, "--help", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "maps PID"));
	run_free(&r);
	/* --version with every command, wherever it stands */
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_tool(&r, 0, cmds[i], "1", "--version", NULL);
		EXPECT_EQ(0, r.status);
		EXPECT_NE(NULL, strstr(r.out, "protocol")) TH_LOG("%s", cmds[i]);
		run_free(&r);
	}
}

/*
 * Options and arguments in any order, as getopt_long lets other tools
 * take them: the same request gives the same answer either way (pid 1,
 * whose address space does not change under us); "--" ends the options
 * and a negative number after it, or anywhere, is a pid for the kernel.
 */
TEST(options_in_any_order)
{
	static const char *const cmds[] = { "task", "maps", "smaps", "rollup",
					    "pmap", "ptstat" };
	struct run a, b;
	char addr[32];
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_tool(&a, 0, cmds[i], "--json", "1", NULL);
		run_tool(&b, 0, cmds[i], "1", "--json", NULL);
		EXPECT_EQ(0, a.status);
		EXPECT_EQ(0, b.status);
		EXPECT_EQ(0, strcmp(a.out, b.out)) TH_LOG("%s", cmds[i]);
		EXPECT_EQ('{', a.out[0]) TH_LOG("%s: %.40s", cmds[i], a.out);
		run_free(&a);
		run_free(&b);
	}
	run_tool(&a, 0, "maps", "--long", "1", "--json", NULL);
	run_tool(&b, 0, "maps", "-lj", "--", "1", NULL);
	EXPECT_EQ(0, a.status);
	EXPECT_EQ(0, strcmp(a.out, b.out));
	run_free(&b);
	/* the first mapping's start, for vtop and pt */
	ASSERT_NE(NULL, strstr(a.out, "\"start\":\"0x"));
	snprintf(addr, sizeof(addr), "%.*s", (int)strcspn(strstr(a.out,
		 "\"start\":\"0x") + 11, "\""), strstr(a.out, "\"start\":\"0x") + 11);
	run_free(&a);
	run_tool(&a, 0, "vtop", "--json", "1", addr, NULL);
	run_tool(&b, 0, "vtop", "1", "--json", addr, NULL);
	EXPECT_EQ(0, a.status);
	EXPECT_EQ(0, strcmp(a.out, b.out));
	run_free(&a);
	run_free(&b);
	run_tool(&a, 0, "pt", "--json", "--level", "pmd", "--vma", addr, "1", NULL);
	run_tool(&b, 0, "pt", "1", "--vma", addr, "-L", "pmd", "--json", NULL);
	EXPECT_EQ(0, a.status);
	EXPECT_EQ(0, strcmp(a.out, b.out));
	run_free(&a);
	run_free(&b);
	/* a negative pid is the kernel's to refuse, before or after "--" */
	run_tool(&a, 0, "task", "--json", "--", "-1", NULL);
	run_tool(&b, 0, "rollup", "-1", "--json", NULL);
	EXPECT_EQ(1, a.status);
	EXPECT_EQ(1, b.status);
	EXPECT_NE(NULL, strstr(a.err, "pid out of range"));
	EXPECT_NE(NULL, strstr(b.err, "pid out of range"));
	run_free(&a);
	run_free(&b);
	/* "--" ends the options: what follows is an argument */
	run_tool(&a, 0, "task", "--", "--json", NULL);
	EXPECT_EQ(2, a.status);
	EXPECT_NE(NULL, strstr(a.err, "'--json' is not a pid"));
	run_free(&a);
}

/* counters' switches, with the module's own state as the truth */
TEST(counters_switches)
{
	struct mmscope_counting st;
	struct mmscope_error err;
	struct mmscope *m;
	struct run r;

	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_counters_ctl(m, 0, &st));
	if (st.enabled) {
		mmscope_close(m);
		SKIP(return, "counting was enabled before this test");
	}
	run_tool(&r, 0, "counters", "--enable", NULL);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, mmscope_counters_ctl(m, 0, &st));
	EXPECT_TRUE(st.enabled);
	run_tool(&r, 0, "counters", "--json", "1", NULL);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_EQ('{', r.out[0]);
	run_free(&r);
	run_tool(&r, 0, "counters", "--status", "--json", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ('{', r.out[0]);
	run_free(&r);
	run_tool(&r, 0, "counters", "--reset", NULL);
	EXPECT_EQ(0, r.status);
	run_free(&r);
	run_tool(&r, 0, "counters", "--enable", "1", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "take no PID"));
	run_free(&r);
	run_tool(&r, 0, "counters", "--bogus", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "unknown option '--bogus'"));
	run_free(&r);
	run_tool(&r, 0, "counters", "--disable", NULL);
	EXPECT_EQ(0, r.status);
	run_free(&r);
	ASSERT_EQ(0, mmscope_counters_ctl(m, 0, &st));
	EXPECT_FALSE(st.enabled);
	mmscope_close(m);
}

TEST(status)
{
	struct run r;

	run_tool(&r, 0, "status", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "module:    loaded"));
	run_free(&r);
	run_tool(&r, 0, "status", "--json", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "\"loaded\":true"));
	EXPECT_NE(NULL, strstr(r.out, "\"maps\""));
	run_free(&r);
}

/* Unloaded: every command says how to load it, exit status 2. */
TEST(module_not_loaded)
{
	struct run r;

	ASSERT_EQ(0, system("rmmod mmscope"));
	run_tool(&r, 0, "status", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.out, "not loaded"));
	EXPECT_NE(NULL, strstr(r.err, "insmod"));
	run_free(&r);
	run_tool(&r, 0, "maps", "1", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "module is not loaded"));
	run_free(&r);
	ASSERT_EQ(0, system("insmod /lib/mmscope.ko"));
	run_tool(&r, 0, "status", NULL);
	EXPECT_EQ(0, r.status);
	run_free(&r);
}

TEST_HARNESS_MAIN
