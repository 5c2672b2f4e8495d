// SPDX-License-Identifier: GPL-2.0
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* the unlocked stdio calls */
#endif
#include <stdint.h>
#include <string.h>

#include "json.h"
#include "libmmscope.h"

void json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->first[0] = true;
}

/*
 * The writer is on the path of dumps with hundreds of thousands of values:
 * it writes with the unlocked stdio calls (a handle is one thread's) and
 * formats numbers itself, never through printf.
 */
static bool needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

static void put_string(FILE *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	fputc_unlocked('"', f);
	while (*s) {
		const char *run = s;

		while (*s && !needs_escape((unsigned char)*s))
			s++;
		if (s > run)
			fwrite_unlocked(run, 1, s - run, f);
		if (!*s)
			break;
		switch (*s) {
		case '"': fwrite_unlocked("\\\"", 1, 2, f); break;
		case '\\': fwrite_unlocked("\\\\", 1, 2, f); break;
		case '\n': fwrite_unlocked("\\n", 1, 2, f); break;
		case '\t': fwrite_unlocked("\\t", 1, 2, f); break;
		case '\r': fwrite_unlocked("\\r", 1, 2, f); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[(*s >> 4) & 15], hex[*s & 15] };

			fwrite_unlocked(u, 1, sizeof(u), f);
		}
		}
		s++;
	}
	fputc_unlocked('"', f);
}

static void put_u64(FILE *f, uint64_t v, bool hex)
{
	char buf[24];

	fwrite_unlocked(buf, 1, (hex ? mmscope_fmt_hex(buf, v, 0) :
				  mmscope_fmt_dec(buf, v, 0)) - buf, f);
}

/*
 * Keys are the program's own strings, plain ASCII: each is checked once
 * and remembered by its address; a key that needs escaping is escaped.
 */
static bool plain_key(struct json *j, const char *key, size_t k)
{
	unsigned int h = ((uintptr_t)key >> 3) % JSON_KEY_CACHE;
	size_t i;

	if (j->plain[h] == key)
		return true;
	for (i = 0; i < k; i++)
		if (needs_escape((unsigned char)key[i]))
			return false;
	j->plain[h] = key;
	return true;
}

/*
 * The separator and key of the next value at @p, which has @room bytes;
 * the end of what was written, or NULL (nothing written: the key is long
 * or needs escaping).
 */
#define SEP_ROOM	128
static char *sep_at(struct json *j, const char *key, char *p, size_t room)
{
	size_t k = key ? strlen(key) : 0;

	if (key && (k + 4 > room || !plain_key(j, key, k)))
		return NULL;
	if (!j->first[j->depth])
		*p++ = ',';
	j->first[j->depth] = false;
	if (key) {
		*p++ = '"';
		memcpy(p, key, k);
		p += k;
		*p++ = '"';
		*p++ = ':';
	}
	return p;
}

static void sep(struct json *j, const char *key)
{
	char buf[SEP_ROOM], *p = sep_at(j, key, buf, sizeof(buf));

	if (p) {
		if (p > buf)
			fwrite_unlocked(buf, 1, p - buf, j->f);
		return;
	}
	if (!j->first[j->depth])
		fputc_unlocked(',', j->f);
	j->first[j->depth] = false;
	put_string(j->f, key);
	fputc_unlocked(':', j->f);
}

static void open_(struct json *j, const char *key, char c)
{
	sep(j, key);
	fputc_unlocked(c, j->f);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_(struct json *j, char c)
{
	fputc_unlocked(c, j->f);
	if (j->depth > 0)
		j->depth--;
}

void json_obj_begin(struct json *j, const char *key) { open_(j, key, '{'); }
void json_obj_end(struct json *j) { close_(j, '}'); }
void json_arr_begin(struct json *j, const char *key) { open_(j, key, '['); }
void json_arr_end(struct json *j) { close_(j, ']'); }

void json_str(struct json *j, const char *key, const char *val)
{
	sep(j, key);
	put_string(j->f, val);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	char buf[SEP_ROOM + 24], *p = sep_at(j, key, buf, SEP_ROOM);

	/* the key and the number in one write */
	if (!p) {
		sep(j, key);
		put_u64(j->f, val, false);
		return;
	}
	p = mmscope_fmt_dec(p, val, 0);
	fwrite_unlocked(buf, 1, p - buf, j->f);
}

void json_hex(struct json *j, const char *key, uint64_t val)
{
	char buf[SEP_ROOM + 24], *p = sep_at(j, key, buf, SEP_ROOM);

	if (!p) {
		sep(j, key);
		fwrite_unlocked("\"0x", 1, 3, j->f);
		put_u64(j->f, val, true);
		fputc_unlocked('"', j->f);
		return;
	}
	memcpy(p, "\"0x", 3);
	p = mmscope_fmt_hex(p + 3, val, 0);
	*p++ = '"';
	fwrite_unlocked(buf, 1, p - buf, j->f);
}

void json_bool(struct json *j, const char *key, bool val)
{
	sep(j, key);
	fputs_unlocked(val ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	sep(j, key);
	fputs_unlocked("null", j->f);
}

void json_finish(struct json *j)
{
	fputc('\n', j->f);
	fflush(j->f);
}

void json_raw(struct json *j, const char *key, const char *text)
{
	sep(j, key);
	fputs_unlocked(text, j->f);
}
