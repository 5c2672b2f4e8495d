// SPDX-License-Identifier: GPL-2.0
/* mmscope maps: the mappings, exactly as /proc/PID/maps. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

static void help_maps(FILE *f)
{
	fprintf(f,
		"Usage: %s maps [--long] [--json] [--consistent]\n"
		"          [--vma ADDR | --range START-END] PID\n"
		"\n"
		"The mappings of PID, byte for byte as /proc/PID/maps prints them on\n"
		"the running kernel, with the [vsyscall] gate area when it maps one.\n"
		"  --vma ADDR   only the VMA that holds ADDR (hexadecimal)\n"
		"  --range START-END  only the VMAs that intersect [START, END)\n"
		"  -l, --long   under each line: the VMA kind (private/shared x\n"
		"               file/anon, or special), whether it has an anon_vma,\n"
		"               its vm_operations and page-fault handler, and the\n"
		"               VmFlags mnemonics of /proc/PID/smaps\n"
		"  -j, --json   one JSON document: {\"pid\":..,\"vmas\":[...]}\n"
		"  --consistent        dump again while the address space changes under\n"
		"                      the dump (up to 10 times); print only an answer\n"
		"                      that saw one state of the mappings\n"
		"The dump is read in chunks, each under its own short hold of the\n"
		"target's mmap_lock, as /proc/PID/maps does; when the mappings may\n"
		"have changed between two, stderr says so.  JSON is streamed: a dump\n"
		"that fails midway leaves the document unfinished and exits 1.\n",
		prog);
}

struct maps_ctx {
	struct common_opts o;
	struct json j;
	unsigned long count;
	uint32_t pid;
	struct mmscope_dump_req req;
	struct obuf out;		/* the text lines, many to a write */
};

/*
 * A VMA dump as one JSON document {"pid":..,"vmas":[...]}: @fn writes
 * each VMA into *@j.  Streamed, as the page-table dump is: a document of
 * a large process is megabytes, and keeping it in memory until the end
 * cost more than writing it (every page of it fresh, so cleared first).
 * An error before the writer's first 16 KiB leaves no output; one after
 * it leaves the document unfinished, which no JSON reader takes for a
 * whole one, and the exit status and stderr say what happened.
 */
int vma_dump_json(struct mmscope *m, uint32_t pid,
		  const struct mmscope_dump_req *req, mmscope_vma_fn fn,
		  void *arg, struct json *j)
{
	int ret;

	json_init(j, stdout);
	json_obj_begin(j, NULL);
	json_u64(j, "pid", pid);
	json_arr_begin(j, "vmas");
	ret = mmscope_vma_dump_req(m, pid, req, fn, arg);
	if (ret) {
		json_abandon(j);
		return ret;
	}
	json_arr_end(j);
	json_obj_end(j);
	json_finish(j);
	return 0;
}

static int maps_one(const struct mmscope_vma *v, void *arg)
{
	struct maps_ctx *c = arg;

	if (c->o.json) {
		char perms[5], dev[16];

		snprintf(perms, sizeof(perms), "%c%c%c%c",
			 v->perms & MMSCOPE_VMA_PERM_READ ? 'r' : '-',
			 v->perms & MMSCOPE_VMA_PERM_WRITE ? 'w' : '-',
			 v->perms & MMSCOPE_VMA_PERM_EXEC ? 'x' : '-',
			 v->perms & MMSCOPE_VMA_PERM_SHARED ? 's' : 'p');
		snprintf(dev, sizeof(dev), "%02x:%02x", v->dev_major,
			 v->dev_minor);
		json_obj_begin(&c->j, NULL);
		json_hex(&c->j, "start", v->start);
		json_hex(&c->j, "end", v->end);
		json_str(&c->j, "perms", perms);
		json_u64(&c->j, "offset", v->pgoff);
		json_str(&c->j, "dev", dev);
		json_u64(&c->j, "inode", v->ino);
		if (v->name_kind == MMSCOPE_VMA_NAME_NONE)
			json_null(&c->j, "name");
		else
			json_str(&c->j, "name", v->name);
		json_str(&c->j, "name_kind",
			 mmscope_vma_name_kind_name(v->name_kind));
		json_str(&c->j, "kind", mmscope_vma_kind_name(v->kind));
		json_bool(&c->j, "anon_vma", v->anon_vma);
		if (v->ops[0])
			json_str(&c->j, "vm_ops", v->ops);
		else
			json_null(&c->j, "vm_ops");
		if (v->fault[0])
			json_str(&c->j, "fault", v->fault);
		else
			json_null(&c->j, "fault");
		json_arr_begin(&c->j, "vmflags");
		{
			char tmp[sizeof(v->vmflags)], *tok, *save = NULL;

			snprintf(tmp, sizeof(tmp), "%s", v->vmflags);
			for (tok = strtok_r(tmp, " ", &save); tok;
			     tok = strtok_r(NULL, " ", &save))
				json_str(&c->j, NULL, tok);
		}
		json_arr_end(&c->j);
		json_hex(&c->j, "vm_flags_raw", v->vm_flags);
		json_obj_end(&c->j);
	} else if (!c->o.long_) {
		char *p = ob_room(&c->out, MMSCOPE_MAPS_LINE_MAX);

		c->out.len = mmscope_put_maps_line(p, v) - c->out.buf;
	} else {
		mmscope_print_maps(stdout, v);
		printf("    kind %s, anon_vma %s, vm_ops %s, fault %s\n",
		       mmscope_vma_kind_name(v->kind),
		       v->anon_vma ? "yes" : "no",
		       v->ops[0] ? v->ops : "-",
		       v->fault[0] ? v->fault : "-");
		printf("    VmFlags: %s\n", v->vmflags);
	}
	c->count++;
	return 0;
}

static int maps_dump(struct mmscope *m, void *arg)
{
	struct maps_ctx *c = arg;
	int ret;

	c->count = 0;
	if (c->o.json)
		return vma_dump_json(m, c->pid, &c->req, maps_one, c, &c->j);
	/* stdout is another stream for each run of --consistent */
	c->out.len = 0;
	c->out.f = stdout;
	ret = mmscope_vma_dump_req(m, c->pid, &c->req, maps_one, c);
	/* what was dumped, error or not, as the lines always came out */
	ob_flush(&c->out);
	return ret;
}

static int cmd_maps(int argc, char **argv)
{
	static struct maps_ctx c;	/* large: not on the stack, not cleared */
	struct mmscope *m;
	char what[64];
	int i, ret;

	i = parse_common("maps", &argc, argv, &c.o, help_maps, OPT_LONG | OPT_RANGE);
	if (argc - i != 1)
		die_usage("maps", "%s", argc - i ? "expected exactly one PID" :
			  "missing PID");
	c.pid = parse_pid("maps", argv[i]);
	snprintf(what, sizeof(what), "maps %s", argv[i]);
	c.req.start = c.o.start;
	c.req.end = c.o.end;
	if (c.o.long_ || c.o.json)
		c.req.flags |= MMSCOPE_REQ_F_DETAILS;

	m = open_or_exit();
	ret = dump_answer(m, what, c.o.consistent, maps_dump, &c);
	if (ret)
		ret = report(what, &m->err);
	mmscope_close(m);
	fflush(stdout);
	return ret;
}

COMMAND(30, "maps", "PID",
	"the mappings, exactly as /proc/PID/maps",
	cmd_maps, help_maps, NULL, 0);
