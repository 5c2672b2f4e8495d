/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal streaming JSON writer: one document, nested objects/arrays
 * (json.c); and a small reader into a tree (jsonread.c).
 */
#ifndef MMSCOPE_JSON_H
#define MMSCOPE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16
#define JSON_KEY_BITS	8
#define JSON_KEY_CACHE	(1 << JSON_KEY_BITS)
#define JSON_BUF	16384
#define JSON_KEY_TEXT	48

/*
 * The document goes to @f through @buf, which json_finish() empties: what
 * is written to @f between json_init() and json_finish() by other means
 * may come before the document's last bytes.
 */
struct json {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];
	struct json_key {		/* a key known not to need escaping */
		const char *key;	/* by its address */
		unsigned char len;
		char text[JSON_KEY_TEXT];	/* "key": */
	} keys[JSON_KEY_CACHE];
	size_t len;				/* bytes waiting in buf */
	bool out;				/* some written to f */
	char buf[JSON_BUF];
};

void json_init(struct json *j, FILE *f);
/* @key is NULL inside arrays and for the outermost value. */
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_hex(struct json *j, const char *key, uint64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
/* A value written as given (a number that is not a u64, for one). */
void json_raw(struct json *j, const char *key, const char *text);
/* Ends the document with a newline. */
void json_finish(struct json *j);
/*
 * Leaves the document unfinished, after an error: what the buffer holds
 * is written if part of the document is out already (the file then has
 * a prefix of it), else dropped (the file has nothing).
 */
void json_abandon(struct json *j);

/*
 * Members written in place, by a caller's loop over many of them:
 * json_put_begin() gives room for @n bytes (n <= JSON_BUF), where the
 * caller writes whole members, each with its comma (,"key":value), so
 * only after the object's first member; json_put_end() takes the end of
 * what it wrote.  json_member_key() renders ,"key": into @out, which has
 * room for JSON_KEY_TEXT bytes: its length, or 0 for a key that is long
 * or needs escaping.
 */
char *json_put_begin(struct json *j, size_t n);
void json_put_end(struct json *j, const char *end);
size_t json_member_key(char *out, const char *key);

/* ---- reading (jsonread.c) ---- */

enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

struct jv {
	enum jv_type type;
	bool b;
	double num;
	uint64_t u64;		/* the number, exact when it is an integer */
	char *str;
	size_t n;		/* items of an array or object */
	struct jv *items;
	char **keys;		/* an object's */
};

/* Parse @text into @out; -1 with the reason in @err. */
int json_parse(const char *text, struct jv *out, char *err, size_t errsize);
void json_free_value(struct jv *v);
/* An object's member, or NULL. */
const struct jv *json_get(const struct jv *obj, const char *key);
/* A member as a number (or a "0x..." string); 0 when absent. */
uint64_t json_get_u64(const struct jv *obj, const char *key);
/* A member as a string; "" when absent. */
const char *json_get_str(const struct jv *obj, const char *key);

#endif
