// SPDX-License-Identifier: GPL-2.0
/* mmscope pt, vtop: the live page-table entries, and one address through
 * every level. */

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

static void help_pt(FILE *f)
{
	fprintf(f,
		"Usage: %s pt [--vma ADDR | --range START-END] [--level LEVEL] [--all]\n"
		"          [--page] [--compact] [--json | --format text|json|raw]\n"
		"          [--consistent] PID\n"
		"\n"
		"The live page-table entries of PID, read under the kernel's own locks.\n"
		"By default the entries that map memory (leaves, at any level).\n"
		"  --vma ADDR          only the VMA that holds ADDR (hexadecimal)\n"
		"  --range START-END   only [START, END)\n"
		"  --level LEVEL       only entries of pgd, p4d, pud, pmd or pte level,\n"
		"                      tables included\n"
		"  --all               also entries that map nothing now: swap,\n"
		"                      migration, device, marker, and empty entries\n"
		"  --page              the struct page behind each entry: flags,\n"
		"                      folio order, mapcount, refcount, COW sharing\n"
		"  --compact           one line per run of entries of one level with\n"
		"                      the same kind and flags, as ptdump prints\n"
		"  --json              one JSON document (same as --format json)\n"
		"  --format raw        binary records for scripts, the fastest output:\n"
		"                      a 32-byte header (magic \"MMSCOPE\\0\", u32 version 1,\n"
		"                      u32 record size, u32 pid, u32 protocol, u64 zero),\n"
		"                      then one struct mmscope_pt_entry per entry\n"
		"                      (<linux/mmscope_records.h>, host-endian), each\n"
		"                      record-size bytes; never to a terminal\n"
		"  --consistent        dump again while the address space changes under\n"
		"                      the dump (up to 10 times); print only an answer\n"
		"                      that saw one state of the mappings\n"
		"Each line: the virtual range, the level, the kind (present, protnone,\n"
		"table, none, swap, migration, device-private, device-exclusive,\n"
		"hwpoison, marker, bad), the raw entry, the PFN (or swap type:offset)\n"
		"and the flags.  Non-present entries are decoded (the L1TF inversion\n"
		"undone), never shown as a PFN they are not.\n"
		"Flags: present rw user pwt pcd accessed dirty huge global nx soft-dirty\n"
		"uffd-wp protnone special devmap inverted exclusive, and pkey=N.\n"
		"Page flags: anon ksm lru active referenced dirty writeback swapbacked\n"
		"swapcache mlocked unevictable head tail zero huge-zero anon-exclusive\n"
		"hugetlb reserved.\n",
		prog);
}

static void help_vtop(FILE *f)
{
	fprintf(f,
		"Usage: %s vtop [--json] PID ADDR\n"
		"\n"
		"Translate the virtual address ADDR (hexadecimal) of PID through every\n"
		"page-table level, as crash's vtop does: each table's physical address,\n"
		"the index used, the raw entry and its flags; then the physical\n"
		"address, the page behind it and the VMA.  An address outside every\n"
		"VMA is an error (ENOENT).\n",
		prog);
}

/*
 * pt prints one record per page-table entry, hundreds of thousands of
 * them: its text and JSON are built in a buffer with hand-rolled number
 * formatting, and the flag names are rendered once per distinct value.
 */
static void ob_str(struct obuf *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(ob_room(o, n), s, n);
	o->len += n;
}

static void ob_hex(struct obuf *o, uint64_t v, int width)
{
	char *p = ob_room(o, 20 + width);

	o->len = mmscope_fmt_hex(p, v, width) - o->buf;
}

static void ob_dec(struct obuf *o, uint64_t v)
{
	char *p = ob_room(o, 24);

	o->len = mmscope_fmt_dec(p, v, 0) - o->buf;
}

/* Flag names of one value, rendered once and kept for the next. */
struct flag_cache {
	uint32_t flags;
	bool valid;
	char text[256];		/* "present rw user" */
	char json[512];		/* ["present","rw","user"] */
	size_t text_len, json_len;
};

static const struct flag_cache *flags_cached(struct flag_cache *c, uint32_t flags,
					     const char *(*name)(int))
{
	size_t t = 0, j = 0;
	int bit;

	if (c->valid && c->flags == flags)
		return c;
	c->flags = flags;
	c->valid = true;
	c->json[j++] = '[';
	for (bit = 0; bit < 32; bit++) {
		if (!(flags & (1u << bit)) || !name(bit))
			continue;
		t += snprintf(c->text + t, sizeof(c->text) - t, "%s%s", t ? " " : "", name(bit));
		j += snprintf(c->json + j, sizeof(c->json) - j, "%s\"%s\"", j > 1 ? "," : "",
			      name(bit));
	}
	c->text[t] = '\0';
	snprintf(c->json + j, sizeof(c->json) - j, "]");
	c->text_len = strlen(c->text);
	c->json_len = strlen(c->json);
	return c;
}

/* A dump meets a few dozen distinct values: 64 slots, by a hash. */
#define FC_SLOTS 64
static struct flag_cache pte_fc[FC_SLOTS], page_fc[FC_SLOTS];

static unsigned int fc_slot(uint32_t f)
{
	return (f * 2654435761u) >> 26;
}

static const struct flag_cache *pte_flags_c(uint32_t f)
{
	struct flag_cache *c = &pte_fc[fc_slot(f)];

	return flags_cached(c, f, mmscope_pte_flag_name);
}

static const struct flag_cache *page_flags_c(uint32_t f)
{
	struct flag_cache *c = &page_fc[fc_slot(f)];

	return flags_cached(c, f, mmscope_page_flag_name);
}

/* A JSON string, escaped. */
static void ob_json_str(struct obuf *o, const char *s)
{
	ob_str(o, "\"");
	for (; *s; s++) {
		char esc[8];

		if (*s == '"' || *s == '\\') {
			esc[0] = '\\';
			esc[1] = *s;
			esc[2] = '\0';
		} else if ((unsigned char)*s < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned char)*s);
		} else {
			esc[0] = *s;
			esc[1] = '\0';
		}
		ob_str(o, esc);
	}
	ob_str(o, "\"");
}

static void ob_json_hex(struct obuf *o, const char *key, uint64_t v)
{
	ob_str(o, key);
	ob_str(o, "\"0x");
	ob_hex(o, v, 0);
	ob_str(o, "\"");
}

static void ob_json_dec(struct obuf *o, const char *key, uint64_t v)
{
	ob_str(o, key);
	ob_dec(o, v);
}

/*
 * The per-record writers put a whole record at a pointer into the buffer,
 * with constant strings copied at their known length: a dump writes
 * hundreds of thousands of records.  A record takes at most PT_REC_MAX.
 */
#define PT_REC_MAX	2048
#define PUT(p, lit)	((p) = (char *)memcpy((p), (lit), sizeof(lit) - 1) + sizeof(lit) - 1)

static char *put_mem(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

static char *put_cstr(char *p, const char *s)
{
	return put_mem(p, s, strlen(s));
}

/*
 * A string of a cache, whose buffer holds at least 64 bytes: the usual
 * short one in a copy of fixed size, the bytes past it overwritten next.
 */
static char *put_cached(char *p, const char *s, size_t n)
{
	if (n <= 64) {
		memcpy(p, s, 64);
		return p + n;
	}
	return put_mem(p, s, n);
}

/*
 * One record as a JSON object, from the record as the kernel sent it: a
 * dump is formatted straight from its messages.
 */
static void pt_rec_json_fast(struct obuf *o, const struct mmscope_pt_entry *e)
{
	char *p = ob_room(o, PT_REC_MAX);
	const struct flag_cache *fc = pte_flags_c(e->flags);

	PUT(p, "{\"start\":\"0x");
	p = mmscope_fmt_hex(p, e->start, 0);
	PUT(p, "\",\"end\":\"0x");
	p = mmscope_fmt_hex(p, e->end, 0);
	PUT(p, "\",\"level\":\"");
	p = put_cstr(p, mmscope_level_name(e->level));
	PUT(p, "\",\"kind\":\"");
	p = put_cstr(p, mmscope_pte_kind_name(e->kind));
	PUT(p, "\",\"entry\":\"0x");
	p = mmscope_fmt_hex(p, e->entry, 0);
	PUT(p, "\",\"flags\":");
	p = put_cached(p, fc->json, fc->json_len);
	PUT(p, ",\"count\":");
	p = mmscope_fmt_dec(p, e->count, 0);
	if (e->has & MMSCOPE_PT_HAS_PFN) {
		PUT(p, ",\"pfn\":\"0x");
		p = mmscope_fmt_hex(p, e->pfn, 0);
		*p++ = '"';
	}
	if (e->has & MMSCOPE_PT_HAS_PKEY) {
		PUT(p, ",\"pkey\":");
		p = mmscope_fmt_dec(p, e->pkey, 0);
	}
	if (e->has & MMSCOPE_PT_HAS_SWAP) {
		PUT(p, ",\"swap_type\":");
		p = mmscope_fmt_dec(p, e->swap_type, 0);
		PUT(p, ",\"swap_offset\":\"0x");
		p = mmscope_fmt_hex(p, e->swap_offset, 0);
		*p++ = '"';
	}
	if (e->has & MMSCOPE_PT_HAS_TABLE) {
		PUT(p, ",\"table_phys\":\"0x");
		p = mmscope_fmt_hex(p, e->table_phys, 0);
		PUT(p, "\",\"index\":");
		p = mmscope_fmt_dec(p, e->index, 0);
	}
	if (e->has & MMSCOPE_PT_HAS_PHYS) {
		PUT(p, ",\"phys\":\"0x");
		p = mmscope_fmt_hex(p, e->phys, 0);
		*p++ = '"';
	}
	if (e->has & MMSCOPE_PT_HAS_PAGE) {
		const struct flag_cache *pc = page_flags_c(e->page_flags);

		PUT(p, ",\"page\":{\"flags\":");
		p = put_cached(p, pc->json, pc->json_len);
		PUT(p, ",\"order\":");
		p = mmscope_fmt_dec(p, e->page_order, 0);
		PUT(p, ",\"mapcount\":");
		p = mmscope_fmt_dec(p, e->page_mapcount, 0);
		PUT(p, ",\"refcount\":");
		p = mmscope_fmt_dec(p, e->page_refcount, 0);
		if (e->has & MMSCOPE_PT_PAGE_SHARED)
			PUT(p, ",\"cow_shared\":true}");
		else
			PUT(p, ",\"cow_shared\":false}");
	}
	*p++ = '}';
	o->len = p - o->buf;
}

/* "present rw user ... pkey=0" */
static void pt_rec_flags(const struct mmscope_pt_rec *r, char *buf, size_t size)
{
	size_t n;

	mmscope_pte_flags_str(r->flags, buf, size);
	n = strlen(buf);
	if (r->has_pkey && r->pkey && n < size)
		snprintf(buf + n, size - n, " pkey=%u", r->pkey);
}

/* "present" padded to 9 columns, as "%-9s" */
static char *put_padded(char *p, const char *s, size_t width)
{
	size_t n = strlen(s);

	p = put_mem(p, s, n);
	if (n < width) {
		memset(p, ' ', width - n);
		p += width - n;
	}
	return p;
}

/*
 * "pte present   ": the level padded as "%-3s", the kind as "%-9s", each
 * with a space after it; rendered once for each pair met.
 */
struct level_kind {
	char text[32];		/* the longest: 3 + 1 + 16 + 1 bytes */
	uint8_t len;
};

static char *render_level_kind(char *p, uint32_t level, uint32_t kind)
{
	p = put_padded(p, mmscope_level_name(level), 3);
	*p++ = ' ';
	p = put_padded(p, mmscope_pte_kind_name(kind), 9);
	*p++ = ' ';
	return p;
}

static char *put_level_kind(char *p, uint32_t level, uint32_t kind)
{
	static struct level_kind cache[8][16];
	struct level_kind *c;

	if (level >= 8 || kind >= 16)
		return render_level_kind(p, level, kind);
	c = &cache[level][kind];
	if (!c->len)
		c->len = render_level_kind(c->text, level, kind) - c->text;
	memcpy(p, c->text, sizeof(c->text));
	return p + c->len;
}

static void pt_rec_text(struct obuf *o, const struct mmscope_pt_entry *e)
{
	char *p = ob_room(o, PT_REC_MAX);
	const struct flag_cache *fc = pte_flags_c(e->flags);

	p = mmscope_fmt_hex(p, e->start, 16);
	*p++ = '-';
	p = mmscope_fmt_hex(p, e->end, 16);
	*p++ = ' ';
	p = put_level_kind(p, e->level, e->kind);
	p = mmscope_fmt_hex(p, e->entry, 16);
	if (e->has & MMSCOPE_PT_HAS_PFN) {
		PUT(p, " pfn 0x");
		p = mmscope_fmt_hex(p, e->pfn, 0);
	}
	if (e->has & MMSCOPE_PT_HAS_SWAP) {
		PUT(p, " swap ");
		p = mmscope_fmt_dec(p, e->swap_type, 0);
		PUT(p, ":0x");
		p = mmscope_fmt_hex(p, e->swap_offset, 0);
	}
	*p++ = ' ';
	p = put_cached(p, fc->text, fc->text_len);
	if ((e->has & MMSCOPE_PT_HAS_PKEY) && e->pkey) {
		PUT(p, " pkey=");
		p = mmscope_fmt_dec(p, e->pkey, 0);
	}
	if (e->has & MMSCOPE_PT_HAS_PAGE) {
		const struct flag_cache *pc = page_flags_c(e->page_flags);

		PUT(p, " | page ");
		p = put_cached(p, pc->text, pc->text_len);
		PUT(p, " order ");
		p = mmscope_fmt_dec(p, e->page_order, 0);
		PUT(p, " mapcount ");
		p = mmscope_fmt_dec(p, e->page_mapcount, 0);
		PUT(p, " refcount ");
		p = mmscope_fmt_dec(p, e->page_refcount, 0);
		if (e->has & MMSCOPE_PT_PAGE_SHARED)
			PUT(p, " cow-shared");
	}
	*p++ = '\n';
	o->len = p - o->buf;
}

static void human_size(uint64_t bytes, char *buf, size_t size)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	while (bytes >= 1024 && !(bytes % 1024) && u < 5) {
		bytes /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, size, "%lluB", (unsigned long long)bytes);
	else
		snprintf(buf, size, "%llu%c", (unsigned long long)bytes, units[u]);
}

struct pt_ctx {
	struct common_opts o;
	bool compact, raw;
	unsigned long n;
	struct obuf out;
	uint32_t pid;
	struct mmscope_pt_req req;
};

/* --compact text: a few runs, printed as they come. */
static int pt_one(const struct mmscope_pt_rec *r, void *arg)
{
	struct pt_ctx *c = arg;
	char size[32], flags[256];

	human_size(r->end - r->start, size, sizeof(size));
	pt_rec_flags(r, flags, sizeof(flags));
	printf("0x%016llx-0x%016llx %8s %-3s %-9s %s\n",
	       (unsigned long long)r->start, (unsigned long long)r->end,
	       size, mmscope_level_name(r->level),
	       mmscope_pte_kind_name(r->kind), flags);
	c->n++;
	return 0;
}

/*
 * Text and JSON: each record formatted where it lies in its message, which
 * keeps the records 8-byte aligned (a copy otherwise).
 */
static int pt_one_entry(const void *rec, size_t len, void *arg)
{
	const struct mmscope_pt_entry *e = rec;
	struct mmscope_pt_entry copy;
	struct pt_ctx *c = arg;

	if ((uintptr_t)rec % _Alignof(struct mmscope_pt_entry)) {
		memcpy(&copy, rec, sizeof(copy));
		e = &copy;
	}
	if (c->o.json) {
		if (c->n) {
			*ob_room(&c->out, 1) = ',';
			c->out.len++;
		}
		pt_rec_json_fast(&c->out, e);
	} else {
		pt_rec_text(&c->out, e);
	}
	c->n++;
	return 0;
}

/* --format raw: each record as the kernel sent it, at the size we know. */
static int pt_one_raw(const void *rec, size_t len, void *arg)
{
	const size_t size = sizeof(struct mmscope_pt_entry);
	struct pt_ctx *c = arg;

	memcpy(ob_room(&c->out, size), rec, size);
	c->out.len += size;
	c->n++;
	return 0;
}

static int pt_dump_raw(struct mmscope *m, struct pt_ctx *c)
{
	struct mmscope_raw_header h = {
		.version = MMSCOPE_RAW_VERSION,
		.record_size = sizeof(struct mmscope_pt_entry),
		.pid = c->pid,
		.protocol = MMSCOPE_GENL_VERSION,
	};
	int ret;

	memcpy(h.magic, MMSCOPE_RAW_MAGIC, sizeof(h.magic));
	memcpy(ob_room(&c->out, sizeof(h)), &h, sizeof(h));
	c->out.len += sizeof(h);
	ret = mmscope_pt_dump_raw(m, c->pid, &c->req, pt_one_raw, c);
	ob_end(&c->out, ret);
	return ret;
}

/*
 * Streamed: a dump of every page is large.  An error before the first
 * 64 KiB leaves no output; one after it leaves the JSON document
 * unfinished, and the exit status says so.
 */
static int pt_dump(struct mmscope *m, void *arg)
{
	struct pt_ctx *c = arg;
	int ret;

	c->n = 0;
	c->out.len = 0;
	c->out.out = false;
	c->out.f = stdout;
	if (c->raw)
		return pt_dump_raw(m, c);
	if (c->o.json) {
		ob_str(&c->out, "{\"pid\":");
		ob_dec(&c->out, c->pid);
		ob_str(&c->out, ",\"entries\":[");
	}
	if (c->compact && !c->o.json)
		ret = mmscope_pt_dump(m, c->pid, &c->req, pt_one, c);
	else
		ret = mmscope_pt_dump_raw(m, c->pid, &c->req, pt_one_entry, c);
	if (c->o.json && !ret)
		ob_str(&c->out, "]}\n");
	ob_end(&c->out, ret);
	return ret;
}

static int cmd_pt(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "vma", required_argument, NULL, 'v' },
		{ "range", required_argument, NULL, 'r' },
		{ "level", required_argument, NULL, 'L' },
		{ "all", no_argument, NULL, 'a' },
		{ "page", no_argument, NULL, 'p' },
		{ "compact", no_argument, NULL, 'c' },
		{ "consistent", no_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL;
	struct pt_ctx c;
	struct mmscope *m;
	char what[64];
	int opt, ret, n;

	memset(&c, 0, sizeof(c));
	c.req.level = MMSCOPE_LEVEL_LEAVES;
	n = options_first(&argc, argv, "jv:r:L:apcCF:h", opts);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(n, argv, "+jv:r:L:apcCF:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
		case 'F':
			if (opt == 'F' && strcmp(optarg, "text") &&
			    strcmp(optarg, "json") && strcmp(optarg, "raw"))
				die_usage("pt", "'%s' is not an output format (text, json, raw)",
					  optarg);
			if (format && strcmp(format, opt == 'j' ? "json" : optarg))
				die_usage("pt", "two output formats given ('%s' after another)",
					  opt == 'j' ? "json" : optarg);
			format = opt == 'j' ? "json" : optarg;
			c.o.json = !strcmp(format, "json");
			c.raw = !strcmp(format, "raw");
			break;
		case 'v':
			c.req.has_addr = true;
			c.req.addr = parse_addr("pt", optarg);
			break;
		case 'r':
			parse_range("pt", optarg, false, &c.o);
			c.req.start = c.o.start;
			c.req.end = c.o.end;
			break;
		case 'L':
			c.req.level = mmscope_level_parse(optarg);
			if (c.req.level < 0)
				die_usage("pt", "'%s' is not a level (pgd, p4d, pud, pmd, pte)",
					  optarg);
			break;
		case 'a': c.req.flags |= MMSCOPE_REQ_F_NONPRESENT; break;
		case 'p': c.req.flags |= MMSCOPE_REQ_F_PAGE; break;
		case 'c':
			c.req.flags |= MMSCOPE_REQ_F_COMPACT;
			c.compact = true;
			break;
		case 'C': c.o.consistent = true; break;
		case 'h': help_pt(stdout); exit(0);
		default:
			die_usage("pt", "unknown option or missing argument '%s'",
				  argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		die_usage("pt", "%s", argc - optind ? "expected exactly one PID" :
			  "missing PID");
	if (c.req.has_addr && c.o.ranged)
		die_usage("pt", "%s", "--vma and --range exclude each other");
	if (c.raw && isatty(STDOUT_FILENO))
		die_usage("pt", "%s",
			  "--format raw writes binary records: send them to a file or a pipe");
	c.pid = parse_pid("pt", argv[optind]);
	snprintf(what, sizeof(what), "pt %s", argv[optind]);

	m = open_or_exit();
	ret = dump_answer(m, what, c.o.consistent, pt_dump, &c);
	if (ret)
		ret = report(what, &m->err);
	mmscope_close(m);
	fflush(stdout);
	return ret;
}

static int cmd_vtop(int argc, char **argv)
{
	struct mmscope_vtop v;
	struct common_opts o;
	struct mmscope *m;
	char what[96], flags[256], pflags[256];
	uint64_t addr;
	uint32_t pid;
	int i, ret;

	i = parse_common("vtop", &argc, argv, &o, help_vtop, 0);
	if (argc - i != 2)
		die_usage("vtop", "%s", "expected PID and ADDR");
	pid = parse_pid("vtop", argv[i]);
	addr = parse_addr("vtop", argv[i + 1]);
	snprintf(what, sizeof(what), "vtop %s %s", argv[i], argv[i + 1]);

	m = open_or_exit();
	ret = mmscope_vtop(m, pid, addr, &v);
	ret = close_reporting(m, what, ret);
	if (ret)
		return ret;
	if (o.json) {
		static struct obuf ob;
		char line[8192];

		ob.f = stdout;
		ob_json_dec(&ob, "{\"pid\":", pid);
		ob_json_hex(&ob, ",\"virtual\":", addr);
		for (i = 0; i < v.n; i++)
			if (v.rec[i].has_phys)
				ob_json_hex(&ob, ",\"physical\":", v.rec[i].phys);
		ob_str(&ob, ",\"levels\":[");
		for (i = 0; i < v.n; i++) {
			if (i)
				ob_str(&ob, ",");
			pt_rec_json_fast(&ob, &v.entry[i]);
		}
		mmscope_format_maps(&v.vma, line, sizeof(line));
		line[strcspn(line, "\n")] = '\0';
		ob_str(&ob, "],\"vma\":");
		ob_json_str(&ob, line);
		ob_str(&ob, "}\n");
		ob_flush(&ob);
		return 0;
	}
	{
		const struct mmscope_pt_rec *leaf = NULL;
		char line[8192];

		for (i = 0; i < v.n; i++)
			if (v.rec[i].has_phys)
				leaf = &v.rec[i];
		printf("VIRTUAL           PHYSICAL\n");
		if (leaf)
			printf("%-16llx  %llx\n\n", (unsigned long long)addr,
			       (unsigned long long)leaf->phys);
		else
			printf("%-16llx  (not mapped)\n\n", (unsigned long long)addr);
		for (i = 0; i < v.n; i++) {
			const struct mmscope_pt_rec *r = &v.rec[i];
			char lvl[8];
			int k;

			snprintf(lvl, sizeof(lvl), "%s", mmscope_level_name(r->level));
			for (k = 0; lvl[k]; k++)
				lvl[k] = toupper((unsigned char)lvl[k]);
			pt_rec_flags(r, flags, sizeof(flags));
			if (r->has_table)
				printf("  %s: %12llx [%3u] => %016llx  %-9s %s\n", lvl,
				       (unsigned long long)r->table_phys, r->index,
				       (unsigned long long)r->entry,
				       mmscope_pte_kind_name(r->kind), flags);
			else
				printf("  %s: %12s %5s    %16s  %-9s\n", lvl, "-", "",
				       "", mmscope_pte_kind_name(r->kind));
			if (r->has_swap)
				printf("       swap type %u offset %#llx\n", r->swap_type,
				       (unsigned long long)r->swap_offset);
		}
		if (leaf && leaf->has_page) {
			mmscope_page_flags_str(leaf->page.flags, pflags, sizeof(pflags));
			printf("\n  PAGE: pfn %#llx  %s\n        order %u mapcount %u refcount %u%s\n",
			       (unsigned long long)leaf->pfn, pflags, leaf->page.order,
			       leaf->page.mapcount, leaf->page.refcount,
			       leaf->page.shared ? " cow-shared" : "");
		}
		mmscope_format_maps(&v.vma, line, sizeof(line));
		printf("\n  VMA: %s", line);
	}
	return 0;
}


COMMAND(70, "pt", "PID",
	"the live page-table entries (and the pages behind them)",
	cmd_pt, help_pt, mmscope_level_name, MMSCOPE_LEVEL_LEAVES);

COMMAND(80, "vtop", "PID ADDR",
	"one address through every page-table level",
	cmd_vtop, help_vtop, NULL, 0);
