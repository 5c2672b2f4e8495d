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
 * (the bytes past the end may be written).  A page-level dump formats
 * three 64-bit numbers a line for hundreds of thousands of lines.
 */

/*
 * Eight hexadecimal digits of @v in a register, the first digit in the
 * lowest byte of memory: each nibble spread to a byte, then '0' or
 * 'a' - 10 added to all eight bytes at once.
 */
static inline uint64_t mmscope_hex8(uint32_t v)
{
	uint64_t x = v, alpha;

	x = ((x << 16) | x) & 0x0000ffff0000ffffULL;
	x = ((x << 8) | x) & 0x00ff00ff00ff00ffULL;
	x = ((x << 4) | x) & 0x0f0f0f0f0f0f0f0fULL;
	/* 1 in each byte that holds 10..15 */
	alpha = ((x + 0x0606060606060606ULL) >> 4) & 0x0101010101010101ULL;
	x += 0x3030303030303030ULL + alpha * ('a' - '0' - 10);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	x = __builtin_bswap64(x);	/* nibble 7 to the lowest address */
#endif
	return x;
}

/* The last @n of the eight digits in @x, moved to the lowest address. */
static inline uint64_t mmscope_hex_last(uint64_t x, int n)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return x >> (8 * (8 - n));
#else
	return x << (8 * (8 - n));
#endif
}

static inline char *mmscope_fmt_hex(char *p, uint64_t v, int width)
{
	int n = v ? (64 - __builtin_clzll(v) + 3) / 4 : 1;
	uint64_t x;

	if (width > 16) {
		memset(p, '0', width - 16);
		p += width - 16;
		width = 16;
	}
	if (n < width)
		n = width;	/* the leading zeros are digits of the value */
	/* stores of eight bytes, whatever the length */
	if (n <= 8) {
		x = mmscope_hex_last(mmscope_hex8((uint32_t)v), n);
		memcpy(p, &x, 8);
		return p + n;
	}
	x = mmscope_hex_last(mmscope_hex8(v >> 32), n - 8);
	memcpy(p, &x, 8);
	x = mmscope_hex8((uint32_t)v);
	memcpy(p + n - 8, &x, 8);
	return p + n;
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
