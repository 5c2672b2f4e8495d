// SPDX-License-Identifier: GPL-2.0
/*
 * A small JSON reader: a document into a tree, for the files mmscope
 * writes itself (snapshots).  Numbers are kept as unsigned 64-bit
 * integers when they are (no rounding through double), else as doubles.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct parser {
	const char *p;
	char *err;
	size_t errsize;
	int depth;
};

static void fail(struct parser *ps, const char *what)
{
	if (ps->err && !ps->err[0])
		snprintf(ps->err, ps->errsize, "%s at \"%.20s\"", what, ps->p);
}

static void ws(struct parser *ps)
{
	while (isspace((unsigned char)*ps->p))
		ps->p++;
}

static int value(struct parser *ps, struct jv *v);

static char *string(struct parser *ps)
{
	size_t cap = 32, n = 0;
	char *s = malloc(cap);

	if (!s || *ps->p != '"') {
		free(s);
		fail(ps, "expected a string");
		return NULL;
	}
	ps->p++;
	while (*ps->p && *ps->p != '"') {
		char c = *ps->p++;

		if (c == '\\') {
			c = *ps->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u': {
				char hex[5] = { 0 };
				unsigned long u;

				memcpy(hex, ps->p, 4);
				u = strtoul(hex, NULL, 16);
				if (strlen(hex) != 4 || u > 0xff) {
					free(s);
					fail(ps, "unsupported \\u escape");
					return NULL;
				}
				ps->p += 4;
				c = (char)u;
				break;
			}
			case '"': case '\\': case '/':
				break;
			default:
				free(s);
				fail(ps, "bad escape");
				return NULL;
			}
		}
		if (n + 2 > cap) {
			char *ns = realloc(s, cap *= 2);

			if (!ns) {
				free(s);
				return NULL;
			}
			s = ns;
		}
		s[n++] = c;
	}
	if (*ps->p != '"') {
		free(s);
		fail(ps, "unterminated string");
		return NULL;
	}
	ps->p++;
	s[n] = '\0';
	return s;
}

static int add(struct jv *v, struct jv *item, char *key)
{
	if (v->n % 16 == 0) {
		struct jv *ni = realloc(v->items, (v->n + 16) * sizeof(*ni));
		char **nk = v->type == JV_OBJ ?
			    realloc(v->keys, (v->n + 16) * sizeof(*nk)) : NULL;

		if (ni)
			v->items = ni;
		if (nk)
			v->keys = nk;
		if (!ni || (v->type == JV_OBJ && !nk))
			return -1;
	}
	v->items[v->n] = *item;
	if (v->type == JV_OBJ)
		v->keys[v->n] = key;
	v->n++;
	return 0;
}

static int container(struct parser *ps, struct jv *v, char close)
{
	ps->p++;
	ws(ps);
	if (*ps->p == close) {
		ps->p++;
		return 0;
	}
	for (;;) {
		struct jv item = { 0 };
		char *key = NULL;

		ws(ps);
		if (close == '}') {
			key = string(ps);
			ws(ps);
			if (!key || *ps->p != ':') {
				free(key);
				fail(ps, "expected \"key\":");
				return -1;
			}
			ps->p++;
		}
		if (value(ps, &item) || add(v, &item, key)) {
			json_free_value(&item);
			free(key);
			return -1;
		}
		ws(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p == close) {
			ps->p++;
			return 0;
		}
		fail(ps, "expected ',' or the end");
		return -1;
	}
}

static int value(struct parser *ps, struct jv *v)
{
	ws(ps);
	memset(v, 0, sizeof(*v));
	if (++ps->depth > 64) {
		fail(ps, "nested too deep");
		return -1;
	}
	switch (*ps->p) {
	case '{':
		v->type = JV_OBJ;
		return ps->depth--, container(ps, v, '}');
	case '[':
		v->type = JV_ARR;
		return ps->depth--, container(ps, v, ']');
	case '"':
		v->type = JV_STR;
		v->str = string(ps);
		ps->depth--;
		return v->str ? 0 : -1;
	}
	ps->depth--;
	if (!strncmp(ps->p, "true", 4) || !strncmp(ps->p, "false", 5)) {
		v->type = JV_BOOL;
		v->b = *ps->p == 't';
		ps->p += v->b ? 4 : 5;
		return 0;
	}
	if (!strncmp(ps->p, "null", 4)) {
		v->type = JV_NULL;
		ps->p += 4;
		return 0;
	}
	if (*ps->p == '-' || isdigit((unsigned char)*ps->p)) {
		const char *start = ps->p;
		char *end;

		v->type = JV_NUM;
		v->num = strtod(start, &end);
		if (end == start) {
			fail(ps, "bad number");
			return -1;
		}
		if (*start != '-' && strspn(start, "0123456789") == (size_t)(end - start))
			v->u64 = strtoull(start, NULL, 10);
		else
			v->u64 = v->num < 0 ? 0 : (uint64_t)v->num;
		ps->p = end;
		return 0;
	}
	fail(ps, "expected a value");
	return -1;
}

void json_free_value(struct jv *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		json_free_value(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	memset(v, 0, sizeof(*v));
}

int json_parse(const char *text, struct jv *out, char *err, size_t errsize)
{
	struct parser ps = { .p = text, .err = err, .errsize = errsize };

	if (err && errsize)
		err[0] = '\0';
	if (value(&ps, out)) {
		json_free_value(out);
		return -1;
	}
	ws(&ps);
	if (*ps.p) {
		fail(&ps, "text after the document");
		json_free_value(out);
		return -1;
	}
	return 0;
}

const struct jv *json_get(const struct jv *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != JV_OBJ)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}

uint64_t json_get_u64(const struct jv *obj, const char *key)
{
	const struct jv *v = json_get(obj, key);

	if (!v)
		return 0;
	if (v->type == JV_STR)
		return strtoull(v->str, NULL, 0);	/* "0x..." */
	return v->type == JV_NUM ? v->u64 : 0;
}

const char *json_get_str(const struct jv *obj, const char *key)
{
	const struct jv *v = json_get(obj, key);

	return v && v->type == JV_STR ? v->str : "";
}
