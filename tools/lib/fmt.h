/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmmscope: numbers formatted in line, where a dump formats hundreds of
 * thousands of them.
 */
#ifndef MMSCOPE_FMT_H
#define MMSCOPE_FMT_H

#include <stdint.h>
#include <string.h>

/*
 * Number formatting as seq_put_hex_ll()/seq_put_decimal_ull_width(), no
 * NUL written: hexadecimal zero-padded to @width, decimal space-padded to
 * @width.  They return the end.  @p has room for @width + 24 bytes
 * (the bytes past the end may be written).  A
 * page-level dump formats three 64-bit numbers a line for hundreds of
 * thousands of lines: hexadecimal goes two digits at a time, in place.
 */

static const char mmscope_hex_pairs[513] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

static inline char *mmscope_fmt_hex(char *p, uint64_t v, int width)
{
	int n = v ? (64 - __builtin_clzll(v) + 3) / 4 : 1;
	char *e, *q;

	if (n < width) {
		if (width <= 16)	/* a store of fixed size, not a call */
			memcpy(p, "0000000000000000", 16);
		else
			memset(p, '0', width - n);
		p += width - n;
	}
	e = p + n;
	for (q = e; q - p >= 2; v >>= 8) {
		q -= 2;
		memcpy(q, &mmscope_hex_pairs[(v & 0xff) * 2], 2);
	}
	if (q > p)
		*--q = mmscope_hex_pairs[(v & 15) * 2 + 1];
	return e;
}

/* Decimal two digits at a time: a division by 100 rather than two by 10. */
static const char mmscope_dec_pairs[201] =
	"00010203040506070809101112131415161718192021222324"
	"25262728293031323334353637383940414243444546474849"
	"50515253545556575859606162636465666768697071727374"
	"75767778798081828384858687888990919293949596979899";

static inline char *mmscope_fmt_dec(char *p, uint64_t v, int width)
{
	/* digits end at tmp + 32: 24 bytes from the first are all in tmp */
	char tmp[56], *q = tmp + 32;
	size_t n;

	if (v < 10 && width <= 8) {
		/* most figures of smaps: "       0" */
		memcpy(p, "        ", 8);
		p += width > 1 ? width - 1 : 0;
		*p++ = '0' + v;
		return p;
	}
	while (v >= 100) {
		q -= 2;
		memcpy(q, &mmscope_dec_pairs[(v % 100) * 2], 2);
		v /= 100;
	}
	if (v >= 10) {
		q -= 2;
		memcpy(q, &mmscope_dec_pairs[v * 2], 2);
	} else {
		*--q = '0' + v;
	}
	n = tmp + 32 - q;
	if ((int)n < width) {
		if (width <= 24)	/* stores of fixed size, not calls */
			memcpy(p, "                        ", 24);
		else
			memset(p, ' ', width - n);
		p += width - n;
	}
	/* what lies past the digits is left over, as in the padding */
	memcpy(p, q, 24);
	return p + n;
}

#endif
