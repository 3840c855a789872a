// SPDX-License-Identifier: GPL-2.0
/*
 * print.c - buffered console output and a small printf for the test kit.
 *
 * Every semihosting call is a trap out of the guest, so bytes are gathered
 * in a buffer and handed over with one SYS_WRITE0 at a time. The strings
 * the tests print never contain NUL bytes.
 */
#include "guest.h"

#define CON_BUF_SIZE	512

static char con_buf[CON_BUF_SIZE + 1];
static unsigned int con_len;

void con_flush(void)
{
	if (!con_len)
		return;
	con_buf[con_len] = '\0';
	sh_write0(con_buf);
	con_len = 0;
}

void con_putc(char c)
{
	if (con_len == CON_BUF_SIZE)
		con_flush();
	con_buf[con_len++] = c;
}

void con_write(const char *s, unsigned long len)
{
	while (len--)
		con_putc(*s++);
}

void con_puts(const char *s)
{
	while (*s)
		con_putc(*s++);
}

static const char hex_digits[] = "0123456789abcdef";

void con_put_hex(u64 v, int digits)
{
	while (digits-- > 0)
		con_putc(hex_digits[(v >> (digits * 4)) & 0xf]);
}

void con_put_udec(u64 v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		con_putc(tmp[--n]);
}

void con_put_dec(s64 v)
{
	if (v < 0) {
		con_putc('-');
		con_put_udec(-(u64)v);
	} else {
		con_put_udec((u64)v);
	}
}

void __noreturn guest_exit(int code)
{
	con_flush();
	sh_exit(code);
}

/*
 * The formatter writes through a sink so that the same code serves the
 * console and string buffers.
 */
struct fmt_sink {
	void (*put)(struct fmt_sink *sink, char c);
	char *buf;
	unsigned long size;
	unsigned long len;
};

struct fmt_spec {
	bool left;
	bool zero;
	bool plus;
	int width;
	int precision;
	int longs;
};

static void sink_con(struct fmt_sink *sink, char c)
{
	con_putc(c);
	sink->len++;
}

static void sink_buf(struct fmt_sink *sink, char c)
{
	if (sink->len + 1 < sink->size)
		sink->buf[sink->len] = c;
	sink->len++;
}

static void emit_padded(struct fmt_sink *sink, const struct fmt_spec *spec,
			const char *prefix, const char *body, int body_len)
{
	int prefix_len = (int)strlen(prefix);
	int pad = spec->width - prefix_len - body_len;
	int zeros = 0;

	if (spec->precision > body_len)
		zeros = spec->precision - body_len;
	pad -= zeros;
	if (spec->zero && !spec->left && spec->precision < 0 && pad > 0) {
		zeros = pad;
		pad = 0;
	}
	while (!spec->left && pad-- > 0)
		sink->put(sink, ' ');
	while (*prefix)
		sink->put(sink, *prefix++);
	while (zeros-- > 0)
		sink->put(sink, '0');
	while (body_len--)
		sink->put(sink, *body++);
	while (spec->left && pad-- > 0)
		sink->put(sink, ' ');
}

static void emit_number(struct fmt_sink *sink, const struct fmt_spec *spec,
			u64 v, bool negative, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : hex_digits;
	char tmp[24];
	int n = sizeof(tmp);
	const char *prefix = negative ? "-" : (spec->plus ? "+" : "");

	if (v == 0 && spec->precision == 0) {
		emit_padded(sink, spec, prefix, "", 0);
		return;
	}
	do {
		tmp[--n] = digits[v % base];
		v /= base;
	} while (v);
	emit_padded(sink, spec, prefix, tmp + n, (int)sizeof(tmp) - n);
}

static const char *parse_spec(const char *fmt, struct fmt_spec *spec,
			      va_list *ap)
{
	*spec = (struct fmt_spec){ .precision = -1 };
	for (;; fmt++) {
		if (*fmt == '-')
			spec->left = true;
		else if (*fmt == '0')
			spec->zero = true;
		else if (*fmt == '+')
			spec->plus = true;
		else
			break;
	}
	if (*fmt == '*') {
		spec->width = va_arg(*ap, int);
		fmt++;
	}
	while (*fmt >= '0' && *fmt <= '9')
		spec->width = spec->width * 10 + (*fmt++ - '0');
	if (*fmt == '.') {
		spec->precision = 0;
		for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
			spec->precision = spec->precision * 10 + (*fmt - '0');
	}
	for (;; fmt++) {
		if (*fmt == 'l' || *fmt == 'z')
			spec->longs++;
		else if (*fmt != 'h')
			break;
	}
	return fmt;
}

static u64 fetch_unsigned(const struct fmt_spec *spec, va_list *ap)
{
	if (spec->longs)
		return va_arg(*ap, u64);
	return va_arg(*ap, unsigned int);
}

static void format_one(struct fmt_sink *sink, const struct fmt_spec *spec,
		       char conv, va_list *ap)
{
	struct fmt_spec str_spec;
	const char *s;
	s64 sv;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		sv = spec->longs ? va_arg(*ap, s64) : va_arg(*ap, int);
		emit_number(sink, spec, sv < 0 ? -(u64)sv : (u64)sv, sv < 0,
			    10, false);
		break;
	case 'u':
		emit_number(sink, spec, fetch_unsigned(spec, ap), false, 10,
			    false);
		break;
	case 'x':
	case 'X':
		emit_number(sink, spec, fetch_unsigned(spec, ap), false, 16,
			    conv == 'X');
		break;
	case 'o':
		emit_number(sink, spec, fetch_unsigned(spec, ap), false, 8,
			    false);
		break;
	case 'p':
		emit_padded(sink, spec, "0x", "", 0);
		emit_number(sink, &(struct fmt_spec){ .precision = 16 },
			    (u64)(unsigned long)va_arg(*ap, void *), false, 16,
			    false);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		emit_padded(sink, spec, "", &c, 1);
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		sv = (s64)strlen(s);
		if (spec->precision >= 0 && sv > spec->precision)
			sv = spec->precision;
		str_spec = *spec;
		str_spec.zero = false;
		str_spec.precision = -1;
		emit_padded(sink, &str_spec, "", s, (int)sv);
		break;
	default:
		sink->put(sink, '%');
		if (conv)
			sink->put(sink, conv);
		break;
	}
}

static void format(struct fmt_sink *sink, const char *fmt, va_list ap)
{
	struct fmt_spec spec;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			sink->put(sink, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &spec, &args);
		format_one(sink, &spec, *fmt, &args);
		if (*fmt)
			fmt++;
	}
	va_end(args);
}

int con_vprintf(const char *fmt, va_list ap)
{
	struct fmt_sink sink = { .put = sink_con };

	format(&sink, fmt, ap);
	return (int)sink.len;
}

int con_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = con_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int guest_vsnprintf(char *buf, unsigned long size, const char *fmt,
		    va_list ap)
{
	struct fmt_sink sink = { .put = sink_buf, .buf = buf, .size = size };

	format(&sink, fmt, ap);
	if (size)
		buf[sink.len < size ? sink.len : size - 1] = '\0';
	return (int)sink.len;
}

int guest_snprintf(char *buf, unsigned long size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = guest_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
