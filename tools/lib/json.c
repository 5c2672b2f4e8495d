// SPDX-License-Identifier: GPL-2.0
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* the unlocked stdio calls */
#endif
#include <stdint.h>
#include <stdlib.h>
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

/* Empty the buffer into the file. */
static void jflush(struct json *j)
{
	if (j->len) {
		fwrite_unlocked(j->buf, 1, j->len, j->f);
		j->out = true;
	}
	j->len = 0;
}

/* Room for @n more bytes (n <= JSON_BUF): where to write them. */
static char *room(struct json *j, size_t n)
{
	if (j->len + n > JSON_BUF)
		jflush(j);
	return j->buf + j->len;
}

static void put_mem(struct json *j, const char *s, size_t n)
{
	if (n > JSON_BUF / 2) {
		jflush(j);
		fwrite_unlocked(s, 1, n, j->f);
		j->out = true;
		return;
	}
	memcpy(room(j, n), s, n);
	j->len += n;
}

static void put_char(struct json *j, char c)
{
	*room(j, 1) = c;
	j->len++;
}

static void put_string(struct json *j, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	put_char(j, '"');
	while (*s) {
		const char *run = s;

		while (*s && !needs_escape((unsigned char)*s))
			s++;
		if (s > run)
			put_mem(j, run, s - run);
		if (!*s)
			break;
		switch (*s) {
		case '"': put_mem(j, "\\\"", 2); break;
		case '\\': put_mem(j, "\\\\", 2); break;
		case '\n': put_mem(j, "\\n", 2); break;
		case '\t': put_mem(j, "\\t", 2); break;
		case '\r': put_mem(j, "\\r", 2); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[(*s >> 4) & 15], hex[*s & 15] };

			put_mem(j, u, sizeof(u));
		}
		}
		s++;
	}
	put_char(j, '"');
}

/* "key": into @out (@room bytes); its length, or 0 if long or escaped. */
static size_t key_render(char *out, size_t room, const char *key)
{
	size_t k = strlen(key), i;

	if (k + 3 > room)
		return 0;
	for (i = 0; i < k; i++)
		if (needs_escape((unsigned char)key[i]))
			return 0;
	out[0] = '"';
	memcpy(out + 1, key, k);
	out[k + 1] = '"';
	out[k + 2] = ':';
	return k + 3;
}

/*
 * Keys are the program's own strings, plain ASCII: each is checked once,
 * written once as "key": and remembered by its address, in the first
 * free slot of the few from its hash on (two keys of one hash would
 * otherwise push each other out on every value).  NULL for a key that
 * needs escaping or is long: it is written the slow way.
 */
#define JSON_KEY_PROBE	4

static const struct json_key *key_text(struct json *j, const char *key)
{
	unsigned int h = ((uintptr_t)key * 0x9e3779b97f4a7c15ULL) >>
			 (64 - JSON_KEY_BITS);
	struct json_key *c = NULL;
	size_t k, i;

	for (i = 0; i < JSON_KEY_PROBE; i++) {
		c = &j->keys[(h + i) % JSON_KEY_CACHE];
		if (c->key == key)
			return c;
		if (!c->key)
			break;
	}
	if (i == JSON_KEY_PROBE)	/* all taken: the first one goes */
		c = &j->keys[h];
	k = key_render(c->text, JSON_KEY_TEXT, key);
	if (!k)
		return NULL;
	c->len = k;
	c->key = key;
	return c;
}

/* The separator and the key of the next value. */
static void sep(struct json *j, const char *key)
{
	const struct json_key *c = key ? key_text(j, key) : NULL;
	char *p = room(j, JSON_KEY_TEXT + 1);

	if (!j->first[j->depth])
		*p++ = ',';
	j->first[j->depth] = false;
	if (c) {
		/* the whole text, a fixed size: what lies past len is left over */
		memcpy(p, c->text, JSON_KEY_TEXT);
		p += c->len;
	}
	j->len = p - j->buf;
	if (key && !c) {	/* escaped, or long */
		put_string(j, key);
		put_char(j, ':');
	}
}

static void open_(struct json *j, const char *key, char c)
{
	sep(j, key);
	put_char(j, c);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_(struct json *j, char c)
{
	put_char(j, c);
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
	put_string(j, val);
}

/* The key and the number in one go: a number is 20 digits at most. */
void json_u64(struct json *j, const char *key, uint64_t val)
{
	char *p;

	sep(j, key);
	p = mmscope_fmt_dec(room(j, 24), val, 0);
	j->len = p - j->buf;
}

void json_hex(struct json *j, const char *key, uint64_t val)
{
	char *p;

	sep(j, key);
	p = room(j, 24);
	memcpy(p, "\"0x", 3);
	p = mmscope_fmt_hex(p + 3, val, 0);
	*p++ = '"';
	j->len = p - j->buf;
}

void json_bool(struct json *j, const char *key, bool val)
{
	sep(j, key);
	if (val)
		put_mem(j, "true", 4);
	else
		put_mem(j, "false", 5);
}

void json_null(struct json *j, const char *key)
{
	sep(j, key);
	put_mem(j, "null", 4);
}

void json_finish(struct json *j)
{
	put_char(j, '\n');
	jflush(j);
	fflush(j->f);
}

char *json_put_begin(struct json *j, size_t n)
{
	if (j->first[j->depth] || n > JSON_BUF)
		abort();	/* a caller's bug: see json.h */
	return room(j, n);
}

void json_put_end(struct json *j, const char *end)
{
	j->len = end - j->buf;
}

size_t json_member_key(char *out, const char *key)
{
	size_t k;

	memset(out, 0, JSON_KEY_TEXT);
	out[0] = ',';
	k = key_render(out + 1, JSON_KEY_TEXT - 1, key);
	return k ? k + 1 : 0;
}

void json_abandon(struct json *j)
{
	if (j->out)
		jflush(j);
	j->len = 0;
	fflush(j->f);
}

void json_raw(struct json *j, const char *key, const char *text)
{
	sep(j, key);
	put_mem(j, text, strlen(text));
}
