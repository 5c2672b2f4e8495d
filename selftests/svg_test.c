// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope's pictures: map --svg and faults --svg.  Each must be
 * well-formed XML, carry one element per VMA (map: its range, as the same
 * VM's /proc/PID/maps prints it) or per fault (faults: as many as the
 * summary counts, each at an address of the traced process's VMAs, of
 * the class the workload makes), and be rendered by a real renderer
 * (librsvg's rsvg-convert, in the VM with scripts/vm --ynl) into a PNG
 * that is not blank: decoded here, it must have pixels of several colors.
 */
#include "lib/common.h"

#include <zlib.h>

#include "lib/harness.h"
#include "lib/job.h"

#define RSVG	"/usr/bin/rsvg-convert"

/* ---- XML: every tag closed, in order ---------------------------- */

static int xml_well_formed(const char *s, char *why, size_t wsize)
{
	char stack[64][32];
	int depth = 0;
	const char *p = s;

	while ((p = strchr(p, '<'))) {
		const char *end = strchr(p, '>');
		char name[32];
		size_t n;

		if (!end) {
			snprintf(why, wsize, "a tag without '>'");
			return -1;
		}
		if (p[1] == '?' || p[1] == '!') {
			p = end + 1;
			continue;
		}
		if (p[1] == '/') {
			n = strcspn(p + 2, " >");
			snprintf(name, sizeof(name), "%.*s", (int)n, p + 2);
			if (!depth || strcmp(stack[depth - 1], name)) {
				snprintf(why, wsize, "</%s> closes <%s>", name,
					 depth ? stack[depth - 1] : "nothing");
				return -1;
			}
			depth--;
		} else if (end[-1] != '/') {
			n = strcspn(p + 1, " >/");
			if (depth == 64) {
				snprintf(why, wsize, "nested too deep");
				return -1;
			}
			snprintf(stack[depth++], sizeof(stack[0]), "%.*s", (int)n, p + 1);
		}
		/* no '<' inside a tag or attribute */
		if (memchr(p + 1, '<', end - p - 1)) {
			snprintf(why, wsize, "'<' inside a tag");
			return -1;
		}
		p = end + 1;
	}
	if (depth) {
		snprintf(why, wsize, "<%s> never closed", stack[depth - 1]);
		return -1;
	}
	if (!strstr(s, "<svg ")) {
		snprintf(why, wsize, "no <svg> element");
		return -1;
	}
	return 0;
}

/* ---- PNG: decoded, its distinct colors counted --------------------- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/*
 * The pixels of an 8-bit RGB or RGBA PNG: how many differ from the first
 * one, and (up to 64) how many distinct colors; -1 if it cannot be read.
 */
static int png_pixels(const char *path, long *differ, int *colors, long *total)
{
	size_t len, idat = 0, i;
	unsigned char *png = (unsigned char *)read_file(path, &len), *z = NULL, *raw;
	uint32_t w = 0, h = 0, seen[64];
	int bpp = 0, nseen = 0;
	uLongf rawlen;

	if (!png || len < 8 || memcmp(png, "\x89PNG\r\n\x1a\n", 8))
		return -1;
	z = malloc(len);
	for (i = 8; z && i + 12 <= len; ) {
		uint32_t n = be32(png + i);

		if (i + 12 + n > len)
			break;
		if (!memcmp(png + i + 4, "IHDR", 4)) {
			w = be32(png + i + 8);
			h = be32(png + i + 12);
			if (png[i + 16] != 8 || (png[i + 17] != 6 && png[i + 17] != 2))
				return -1;
			bpp = png[i + 17] == 6 ? 4 : 3;
		} else if (!memcmp(png + i + 4, "IDAT", 4)) {
			memcpy(z + idat, png + i + 8, n);
			idat += n;
		}
		i += 12 + n;
	}
	if (!w || !h || !bpp)
		return -1;
	rawlen = (uLongf)h * (1 + w * bpp);
	raw = malloc(rawlen);
	if (!raw || uncompress(raw, &rawlen, z, idat) != Z_OK)
		return -1;
	/* unfilter in place, row by row */
	for (i = 0; i < h; i++) {
		unsigned char *row = raw + i * (1 + w * bpp), *cur = row + 1;
		unsigned char *up = i ? raw + (i - 1) * (1 + w * bpp) + 1 : NULL;
		size_t x;

		for (x = 0; x < (size_t)w * bpp; x++) {
			int a = x >= (size_t)bpp ? cur[x - bpp] : 0, b = up ? up[x] : 0;
			int c = up && x >= (size_t)bpp ? up[x - bpp] : 0;

			switch (row[0]) {
			case 1: cur[x] += a; break;
			case 2: cur[x] += b; break;
			case 3: cur[x] += (a + b) / 2; break;
			case 4: cur[x] += paeth(a, b, c); break;
			}
		}
	}
	*differ = 0;
	for (i = 0; i < h; i++) {
		const unsigned char *cur = raw + i * (1 + w * bpp) + 1;
		size_t x;

		for (x = 0; x < w; x++) {
			uint32_t px = 0;
			int k;

			memcpy(&px, cur + x * bpp, bpp);
			if (memcmp(cur + x * bpp, raw + 1, bpp))
				(*differ)++;
			for (k = 0; k < nseen && seen[k] != px; k++)
				;
			if (k == nseen && nseen < 64)
				seen[nseen++] = px;
		}
	}
	*colors = nseen;
	*total = (long)w * h;
	free(raw);
	free(z);
	free(png);
	return 0;
}

/* Render @svg with rsvg-convert; check the PNG is not blank. */
static void render(struct __test_metadata *_metadata, const char *svg)
{
	char png[256], cmd[600];
	long differ = 0, total = 0;
	int colors = 0;

	snprintf(png, sizeof(png), "%s.png", svg);
	snprintf(cmd, sizeof(cmd), RSVG " -o %s %s 2>/dev/null", png, svg);
	ASSERT_EQ(0, system(cmd)) TH_LOG("rsvg-convert refused %s", svg);
	ASSERT_EQ(0, png_pixels(png, &differ, &colors, &total)) TH_LOG("%s: not a PNG I can read", png);
	EXPECT_LT(4, colors);
	EXPECT_LT(total / 100, differ) TH_LOG("%ld of %ld pixels differ from the background",
					      differ, total);
	TH_LOG("%s: %ld of %ld pixels drawn, %s%d colors", png, differ, total,
	       colors == 64 ? ">= " : "", colors);
	unlink(png);
}

/* ---- map --svg ------------------------------------------------------ */

static void layout(void *arg)
{
	char *a = mmap(NULL, 64 << 12, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *r = mmap(NULL, 16 << 12, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED || r == MAP_FAILED)
		_exit(10);
	memset(a, 1, 32 << 12);		/* half present and dirty */
}

static char *map_svg(struct __test_metadata *_metadata, pid_t pid, const char *path)
{
	char spid[16];
	struct run r;
	char *svg;

	snprintf(spid, sizeof(spid), "%d", pid);
	run_tool(&r, 0, "map", spid, "--svg", path, NULL);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	svg = read_file(path, NULL);
	EXPECT_NE(NULL, svg);
	return svg;
}

TEST(map_svg_is_the_maps)
{
	const char *path = "/tmp/svg_test_map.svg";
	char why[128], *svg, *maps, *p, *line;
	pid_t pid = spawn_child(layout, NULL);
	int n = 0, lines = 0;

	ASSERT_LT(0, pid);
	maps = proc_read(pid, "maps");
	svg = map_svg(_metadata, pid, path);
	ASSERT_NE(NULL, svg);
	ASSERT_EQ(0, xml_well_formed(svg, why, sizeof(why))) TH_LOG("%s", why);
	/* one element per VMA, in order, with its range */
	p = svg;
	for (line = maps; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		unsigned long long s, e, gs = 0, ge = 0;

		if (sscanf(line, "%llx-%llx", &s, &e) != 2)
			continue;
		lines++;
		p = strstr(p, "<g class=\"vma\"");
		ASSERT_NE(NULL, p) TH_LOG("no element for %llx-%llx", s, e);
		ASSERT_EQ(2, sscanf(p, "<g class=\"vma\" data-start=\"%llx\" data-end=\"%llx\"",
				    &gs, &ge));
		EXPECT_EQ(s, gs);
		EXPECT_EQ(e, ge);
		n++;
		p++;
	}
	EXPECT_EQ(NULL, strstr(p, "<g class=\"vma\"")) TH_LOG("more VMAs than /proc/PID/maps");
	EXPECT_EQ(lines, n);
	EXPECT_NE(NULL, strstr(svg, "data-kind=\"heap\"") ? svg : strstr(svg, "data-kind=\"anon-private\""));
	EXPECT_EQ(NULL, strstr(svg, "<script"));
	kill_child(pid);
	free(maps);
	free(svg);
	TH_LOG("%d VMAs, one element each", n);
}

TEST(map_svg_renders)
{
	const char *path = "/tmp/svg_test_render.svg";
	pid_t pid;
	char *svg;

	if (access(RSVG, X_OK))
		SKIP(return, "no rsvg-convert in this VM (scripts/vm --ynl brings it)");
	pid = spawn_child(layout, NULL);
	ASSERT_LT(0, pid);
	svg = map_svg(_metadata, pid, path);
	kill_child(pid);
	ASSERT_NE(NULL, svg);
	free(svg);
	render(_metadata, path);
	unlink(path);
}

/* ---- faults --svg ----------------------------------------------------- */

#define TOUCH_PAGES	64

struct touched {
	uint64_t start;
};

static void toucher(struct job_child *c, void *arg)
{
	struct touched t;
	char *p = mmap(NULL, TOUCH_PAGES << 12, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (p == MAP_FAILED)
		_exit(10);
	t.start = (uintptr_t)p;
	job_wait_go(c);
	for (i = 0; i < TOUCH_PAGES; i++)
		p[i << 12] = 1;
	job_report(c, &t, sizeof(t));
	job_wait_go(c);
}

TEST(faults_svg_marks_every_fault)
{
	const char *path = "/tmp/svg_test_faults.svg";
	char why[128], spid[16], *svg, *p;
	unsigned long long faults = 0;
	int marks = 0, in_region = 0, rows, fd[2];
	struct touched t;
	struct job j;
	pid_t tracer;

	ASSERT_EQ(0, job_start(&j, toucher, NULL));
	snprintf(spid, sizeof(spid), "%d", j.pid);
	ASSERT_EQ(0, pipe(fd));
	tracer = fork();
	ASSERT_LE(0, tracer);
	if (tracer == 0) {
		const char *tool = getenv("MMSCOPE") ? getenv("MMSCOPE") : "mmscope";

		dup2(fd[1], 1);
		close(fd[0]);
		execlp(tool, tool, "faults", "-p", spid, "--duration", "4", "--summary",
		       "--svg", path, NULL);
		_exit(127);
	}
	close(fd[1]);
	sleep(1);			/* the session is up */
	ASSERT_EQ(0, job_step(&j, &t, sizeof(t)));
	{
		char *out = drain(fd[0]);
		int st;

		waitpid(tracer, &st, 0);
		ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) TH_LOG("%s", out);
		p = out ? strstr(out, " faults in ") : NULL;
		ASSERT_NE(NULL, p) TH_LOG("%s", out);
		while (p > out && p[-1] != '\n')
			p--;
		faults = strtoull(p, NULL, 10);
		free(out);
	}
	job_end(&j);
	svg = read_file(path, NULL);
	ASSERT_NE(NULL, svg);
	ASSERT_EQ(0, xml_well_formed(svg, why, sizeof(why))) TH_LOG("%s", why);
	for (p = svg; (p = strstr(p, "<rect class=\"fault\"")); p++) {
		unsigned long long a;
		char cls[16];

		ASSERT_EQ(2, sscanf(p, "<rect class=\"fault\" data-addr=\"%llx\" data-class=\"%15[^\"]\"",
				    &a, cls));
		marks++;
		if (a >= t.start && a < t.start + (TOUCH_PAGES << 12)) {
			in_region++;
			EXPECT_STREQ("anon", cls);
		}
	}
	EXPECT_EQ((int)faults, marks);
	/* a row per VMA the faults fell in: here one or two, not one a fault */
	rows = 0;
	for (p = svg; (p = strstr(p, "<g class=\"row\"")); p++)
		rows++;
	EXPECT_GE(4, rows);
	EXPECT_LE(1, rows);
	EXPECT_EQ(TOUCH_PAGES, in_region);
	TH_LOG("%d marks for %llu faults, %d in the touched region", marks, faults, in_region);
	if (!access(RSVG, X_OK))
		render(_metadata, path);
	else
		TH_LOG("not rendered: no rsvg-convert in this VM");
	free(svg);
	unlink(path);
}

TEST_HARNESS_MAIN
