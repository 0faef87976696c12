/*
 * test_text.c: UTF-8 decoding, widths, the sanitiser, cutting, wrapping and
 * case folding (model/text.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/text.h"
#include "../../model/util.h"

/* Decodes the whole of s, which must be valid, and checks it is cp. */
static void
assert_decodes(const char *s, uint32_t want)
{
	uint32_t cp = 0;
	size_t len = strlen(s);

	assert_int_equal(text_decode(s, len, &cp), len);
	assert_int_equal(cp, want);
	assert_true(text_valid(s, len));
}

/* Checks that the len bytes at s are rejected: U+FFFD, one byte used. */
static void
assert_rejects(const char *s, size_t len)
{
	uint32_t cp = 0;

	assert_int_equal(text_decode(s, len, &cp), 1);
	assert_int_equal(cp, TEXT_REPLACEMENT);
	assert_false(text_valid(s, len));
}

static void
test_decode_valid(void **state)
{
	(void)state;
	assert_decodes("A", 0x41);
	assert_decodes("\xC3\xA9", 0xE9);             /* é */
	assert_decodes("\xD0\xAF", 0x42F);            /* Я */
	assert_decodes("\xE2\x82\xAC", 0x20AC);       /* € */
	assert_decodes("\xE4\xB8\xAD", 0x4E2D);       /* 中 */
	assert_decodes("\xEF\xBF\xBD", 0xFFFD);       /* a real U+FFFD */
	assert_decodes("\xF0\x9F\x98\x80", 0x1F600);  /* 😀 */
	assert_decodes("\xF4\x8F\xBF\xBF", 0x10FFFF); /* the last one */
	assert_decodes("\xC2\x80", 0x80);             /* smallest 2-byte */
	assert_decodes("\xE0\xA0\x80", 0x800);        /* smallest 3-byte */
	assert_decodes("\xF0\x90\x80\x80", 0x10000);  /* smallest 4-byte */
	assert_decodes("\xED\x9F\xBF", 0xD7FF);       /* just below surrogates */
	assert_decodes("\xEE\x80\x80", 0xE000);       /* just above them */
}

static void
test_decode_invalid(void **state)
{
	(void)state;
	assert_rejects("\x80", 1);                 /* stray continuation */
	assert_rejects("\xBF\x80", 2);
	assert_rejects("\xC0\x80", 2);             /* overlong NUL */
	assert_rejects("\xC1\xBF", 2);             /* overlong '\x7f' */
	assert_rejects("\xE0\x80\xAF", 3);         /* overlong '/' */
	assert_rejects("\xE0\x9F\xBF", 3);         /* overlong U+07FF */
	assert_rejects("\xF0\x8F\xBF\xBF", 4);     /* overlong U+FFFF */
	assert_rejects("\xED\xA0\x80", 3);         /* surrogate U+D800 */
	assert_rejects("\xED\xBF\xBF", 3);         /* surrogate U+DFFF */
	assert_rejects("\xF4\x90\x80\x80", 4);     /* U+110000 */
	assert_rejects("\xF5\x80\x80\x80", 4);     /* lead byte past F4 */
	assert_rejects("\xFF", 1);
	assert_rejects("\xE2\x82", 2);             /* truncated by len */
	assert_rejects("\xE2\x82\xAC", 2);         /* len stops short */
	assert_rejects("\xF0\x9F\x98", 3);
	assert_rejects("\xE2\x82\x41", 3);         /* ASCII in the middle */
	assert_rejects("\xC3\xC3\xA9", 3);         /* lead after lead */

	/* One byte per error: what follows still decodes. */
	{
		const char *s = "\xE2\x82\xC3\xA9";
		uint32_t cp;

		assert_int_equal(text_decode(s, 4, &cp), 1);
		assert_int_equal(text_decode(s + 1, 3, &cp), 1);
		assert_int_equal(cp, TEXT_REPLACEMENT);
		assert_int_equal(text_decode(s + 2, 2, &cp), 2);
		assert_int_equal(cp, 0xE9);
	}
	assert_true(text_valid("", 0));
	assert_true(text_valid("a\xD0\xAF\xE4\xB8\xAD", 6));
	assert_false(text_valid("abc\xD0", 4));
}

static void
test_encode(void **state)
{
	static const uint32_t cps[] = { 0, 0x41, 0x7F, 0x80, 0x7FF, 0x800,
		0x42F, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600,
		0x10FFFF };
	struct buf b = { 0 };
	size_t i;
	uint32_t cp;

	(void)state;
	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		buf_reset(&b);
		text_encode(&b, cps[i]);
		assert_true(text_valid(b.data, b.len));
		assert_int_equal(text_decode(b.data, b.len, &cp), b.len);
		assert_int_equal(cp, cps[i]);
	}
	/* What cannot be encoded comes out as U+FFFD. */
	buf_reset(&b);
	text_encode(&b, 0xD800);
	text_encode(&b, 0x110000);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "\xEF\xBF\xBD\xEF\xBF\xBD", 6);
	buf_free(&b);
}

static void
test_cp_width(void **state)
{
	(void)state;
	assert_int_equal(text_cp_width('a'), 1);
	assert_int_equal(text_cp_width(' '), 1);
	assert_int_equal(text_cp_width(0xE9), 1);    /* é */
	assert_int_equal(text_cp_width(0x42F), 1);   /* Я */
	assert_int_equal(text_cp_width(0x451), 1);   /* ё */
	assert_int_equal(text_cp_width(0x3A3), 1);   /* Σ */
	assert_int_equal(text_cp_width(0x5D0), 1);   /* א */
	assert_int_equal(text_cp_width(0x2026), 1);  /* … */
	assert_int_equal(text_cp_width(0x2400), 1);  /* ␀ */
	assert_int_equal(text_cp_width(0xFFFD), 1);
	assert_int_equal(text_cp_width(0xA0), 1);    /* no-break space */

	assert_int_equal(text_cp_width(0x4E2D), 2);  /* 中 */
	assert_int_equal(text_cp_width(0x3042), 2);  /* あ */
	assert_int_equal(text_cp_width(0x30AB), 2);  /* カ */
	assert_int_equal(text_cp_width(0xD55C), 2);  /* 한 */
	assert_int_equal(text_cp_width(0x1100), 2);  /* ᄀ, leading jamo */
	assert_int_equal(text_cp_width(0x3000), 2);  /* ideographic space */
	assert_int_equal(text_cp_width(0xFF21), 2);  /* Ａ */
	assert_int_equal(text_cp_width(0x20000), 2); /* CJK extension B */
	assert_int_equal(text_cp_width(0x1F600), 2); /* 😀 */
	assert_int_equal(text_cp_width(0x1F44D), 2); /* 👍 */
	assert_int_equal(text_cp_width(0x1F389), 2); /* 🎉 */
	assert_int_equal(text_cp_width(0x1F914), 2); /* 🤔 */
	assert_int_equal(text_cp_width(0x1F680), 2); /* 🚀 */
	assert_int_equal(text_cp_width(0x2705), 2);  /* ✅ */
	assert_int_equal(text_cp_width(0x1FAE8), 2); /* 🫨, Unicode 15 */

	assert_int_equal(text_cp_width(0x301), 0);   /* combining acute */
	assert_int_equal(text_cp_width(0x300), 0);
	assert_int_equal(text_cp_width(0x36F), 0);
	assert_int_equal(text_cp_width(0x483), 0);   /* Cyrillic titlo */
	assert_int_equal(text_cp_width(0x5B0), 0);   /* Hebrew point */
	assert_int_equal(text_cp_width(0x200B), 0);  /* zero width space */
	assert_int_equal(text_cp_width(0x200D), 0);  /* ZWJ */
	assert_int_equal(text_cp_width(0xFE0F), 0);  /* VS16 */
	assert_int_equal(text_cp_width(0x20DD), 0);  /* enclosing circle */
	assert_int_equal(text_cp_width(0x1AB0), 0);
	assert_int_equal(text_cp_width(0x1160), 0);  /* medial jamo */
	assert_int_equal(text_cp_width(0x11A8), 0);  /* final jamo */
	assert_int_equal(text_cp_width(0x3099), 0);  /* kana voiced mark */
	assert_int_equal(text_cp_width(0xE0100), 0); /* VS17 */

	/* Around the edges of the tables. */
	assert_int_equal(text_cp_width(0x2FF), 1);
	assert_int_equal(text_cp_width(0x370), 1);
	assert_int_equal(text_cp_width(0x10FF), 1);
	assert_int_equal(text_cp_width(0x115F), 2);
	assert_int_equal(text_cp_width(0x4DC0), 2);  /* Yijing, as glibc */
	assert_int_equal(text_cp_width(0x2E7F), 1);
	assert_int_equal(text_cp_width(0xA4C6), 2);  /* last Yi radical */
	assert_int_equal(text_cp_width(0xA4D0), 1);  /* Lisu */
	assert_int_equal(text_cp_width(0xFF61), 1);  /* halfwidth ｡ */
	assert_int_equal(text_cp_width(0x10FFFF), 1);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("", 0), 0);
	assert_int_equal(text_width("hello", 5), 5);
	assert_int_equal(text_width("Привет", strlen("Привет")), 6);
	assert_int_equal(text_width("中文", strlen("中文")), 4);
	assert_int_equal(text_width("e\xCC\x81", 3), 1);
	assert_int_equal(text_width("a😀b", strlen("a😀b")), 4);
	/* As drawn: a tab runs to column 8, controls show as one picture. */
	assert_int_equal(text_width("a\tb", 3), 9);
	assert_int_equal(text_width("\tx", 2), 9);
	assert_int_equal(text_width("中\tx", strlen("中\tx")), 9);
	assert_int_equal(text_width("\x1b[31m", 5), 5);
	assert_int_equal(text_width("a\nb", 3), 3);
	assert_int_equal(text_width("\xFF\xFE", 2), 2);
	assert_int_equal(text_width("\xEF\xBB\xBFhi", 5), 2);
}

/*
 * Checks what the sanitiser promises about any output: valid UTF-8, no
 * C0 byte (but '\n' and '\t' if flags keep them), no DEL, no C1 control,
 * no bidi control.
 */
static void
assert_safe(const char *s, size_t len, unsigned flags)
{
	size_t off = 0, n;
	uint32_t cp;

	assert_true(text_valid(s, len));
	while (off < len) {
		unsigned char c = (unsigned char)s[off];

		if (c < 0x20 && !(c == '\n' && (flags & TEXT_KEEP_NEWLINE)) &&
		    !(c == '\t' && (flags & TEXT_KEEP_TAB)))
			fail_msg("control byte 0x%02x at %zu", c, off);
		assert_int_not_equal(c, 0x7F);
		n = text_decode(s + off, len - off, &cp);
		assert_false(cp >= 0x80 && cp <= 0x9F);
		assert_false(cp == 0x61C || cp == 0x200E || cp == 0x200F);
		assert_false(cp >= 0x202A && cp <= 0x202E);
		assert_false(cp >= 0x2066 && cp <= 0x2069);
		assert_false(cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF);
		off += n;
	}
}

/* Sanitises the len bytes of in with flags and compares with want. */
static void
assert_sanitised(const char *in, size_t len, unsigned flags,
    const char *want)
{
	struct buf b = { 0 };

	text_sanitise(&b, in, len, flags);
	assert_string_equal(buf_str(&b), want);
	assert_int_equal(b.len, strlen(want));
	assert_safe(b.data, b.len, flags);
	buf_free(&b);
}

#define SAN(in, flags, want) assert_sanitised(in, sizeof(in) - 1, flags, want)

static void
test_sanitise_controls(void **state)
{
	(void)state;
	/* CSI colour: ESC shows as ␛, the rest is plain text. */
	SAN("\x1b[31mred\x1b[0m", 0, "␛[31mred␛[0m");
	/* OSC 52 would set the clipboard; BEL ends it. */
	SAN("\x1b]52;c;aGVsbG8=\x07", 0, "␛]52;c;aGVsbG8=␇");
	/* C1 CSI encoded as UTF-8 (U+009B), and as the bare 8-bit byte. */
	SAN("\xC2\x9B" "31m", 0, "\xEF\xBF\xBD" "31m");
	SAN("\x9B" "31m", 0, "\xEF\xBF\xBD" "31m");
	SAN("\xC2\x85", 0, "\xEF\xBF\xBD");          /* NEL */
	SAN("a\x7f" "b", 0, "a␡b");
	SAN("a\rb", 0, "a␍b");
	SAN("\x01\x1f", 0, "␁␟");
	SAN("a\0b", 0, "a␀b");
	SAN("a\nb", 0, "a␤b");
	SAN("a\nb", TEXT_KEEP_NEWLINE, "a\nb");
	SAN("a\nb", TEXT_KEEP_TAB, "a␤b");
}

static void
test_sanitise_unicode(void **state)
{
	(void)state;
	/* Bidi controls could reorder the text around them. */
	SAN("abc\u202Edef", 0, "abc\uFFFDdef");
	SAN("\u202A\u202B\u202C\u202D", 0, "\uFFFD\uFFFD\uFFFD\uFFFD");
	SAN("\u2066x\u2069", 0, "\uFFFDx\uFFFD");
	SAN("\u200E\u200F\u061C", 0, "\uFFFD\uFFFD\uFFFD");
	SAN("a\u2028b\u2029", 0, "a\uFFFDb\uFFFD");
	/* A leading byte order mark is dropped; one inside is shown. */
	SAN("\xEF\xBB\xBFhi", 0, "hi");
	SAN("h\xEF\xBB\xBFi", 0, "h\uFFFDi");
	/* Invalid bytes, one U+FFFD each. */
	SAN("\xFF\xFE", 0, "\uFFFD\uFFFD");
	SAN("x\xE2\x82", 0, "x\uFFFD\uFFFD");
	SAN("\xC0\xAF", 0, "\uFFFD\uFFFD");
	SAN("\xED\xA0\x80", 0, "\uFFFD\uFFFD\uFFFD");
	/* What is fine passes through untouched. */
	SAN("Привет, 世界! e\xCC\x81 👍🏽", 0, "Привет, 世界! e\xCC\x81 👍🏽");
	SAN("👩\u200D💻", 0, "👩\u200D💻");
	SAN("", 0, "");
}

static void
test_sanitise_tabs(void **state)
{
	(void)state;
	SAN("\t", 0, "        ");
	SAN("ab\tc", 0, "ab      c");
	SAN("abcdefgh\tc", 0, "abcdefgh        c");
	SAN("a\tb\tc", 0, "a       b       c");
	SAN("中\tx", 0, "中      x");
	SAN("e\xCC\x81\tx", 0, "e\xCC\x81       x");
	SAN("\x1b\tx", 0, "␛       x");
	/* Columns restart after a kept newline, not after a shown one. */
	SAN("abc\n\tx", TEXT_KEEP_NEWLINE, "abc\n        x");
	SAN("abc\n\tx", 0, "abc␤    x");
	SAN("a\tb", TEXT_KEEP_TAB, "a\tb");
	SAN("a\tb\nc", TEXT_KEEP_TAB | TEXT_KEEP_NEWLINE, "a\tb\nc");
}

/* Every byte, and pseudo-random byte strings, come out safe. */
static void
test_sanitise_any_bytes(void **state)
{
	struct buf b = { 0 };
	char in[64];
	uint32_t seed = 12345;
	unsigned i, j, flags;

	(void)state;
	for (i = 0; i < 256; i++) {
		in[0] = (char)i;
		buf_reset(&b);
		text_sanitise(&b, in, 1, 0);
		assert_true(b.len > 0);
		assert_safe(b.data, b.len, 0);
	}
	for (i = 0; i < 20000; i++) {
		size_t len = i % sizeof(in);

		for (j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			/* Bias towards the bytes that make UTF-8 and controls. */
			in[j] = (char)(seed >> 16 & 0xFF);
			if (seed & 0x80000000u)
				in[j] = (char)(0x80 | (in[j] & 0x3F));
		}
		flags = i & 3;
		buf_reset(&b);
		text_sanitise(&b, in, len, flags);
		assert_safe(b.data != NULL ? b.data : "", b.len, flags);
		/* What text_width measures is the width of what is drawn. */
		if (flags == 0) {
			size_t w = text_width(in, len), v = 0, off = 0;
			uint32_t cp;

			while (off < b.len) {
				off += text_decode(b.data + off, b.len - off, &cp);
				v += (size_t)text_cp_width(cp);
			}
			assert_int_equal(w, v);
		}
	}
	buf_free(&b);
}

/* Cuts s to max with marker and checks the result and the width used. */
static void
assert_cut(const char *s, size_t max, const char *marker, const char *want,
    size_t want_used)
{
	struct buf b = { 0 };
	size_t used = 999;

	text_cut(&b, s, strlen(s), max, marker, &used);
	assert_string_equal(buf_str(&b), want);
	assert_int_equal(used, want_used);
	assert_int_equal(text_width(buf_str(&b), b.len), want_used);
	assert_true(used <= max);
	assert_true(text_valid(buf_str(&b), b.len));
	buf_free(&b);
}

static void
test_cut(void **state)
{
	(void)state;
	/* Cyrillic: one column, two bytes each. */
	assert_cut("Привет, мир", 20, "…", "Привет, мир", 11);
	assert_cut("Привет, мир", 11, "…", "Привет, мир", 11);
	assert_cut("Привет, мир", 10, "…", "Привет, м…", 10);
	assert_cut("Привет, мир", 7, "…", "Привет…", 7);
	assert_cut("Привет, мир", 1, "…", "…", 1);
	assert_cut("Привет, мир", 0, "…", "", 0);
	/* CJK: at odd widths the last wide character would cross the edge. */
	assert_cut("中文字符", 8, "…", "中文字符", 8);
	assert_cut("中文字符", 7, "…", "中文字…", 7);
	assert_cut("中文字符", 6, "…", "中文…", 5);
	assert_cut("中文字符", 5, "…", "中文…", 5);
	assert_cut("中文字符", 4, "…", "中…", 3);
	assert_cut("中文字符", 3, "…", "中…", 3);
	assert_cut("中文字符", 2, "…", "…", 1);
	assert_cut("中文字符", 3, NULL, "中", 2);
	assert_cut("中文字符", 3, "", "中", 2);
	assert_cut("a中文", 4, NULL, "a中", 3);
	/* A marker wider than max is left out; what fits of s is kept. */
	assert_cut("abcdef", 2, "...", "ab", 2);
	assert_cut("abcdef", 3, "...", "...", 3);
	assert_cut("abcdef", 5, "...", "ab...", 5);
	/* Combining marks stay with their base. */
	assert_cut("e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 2, "…",
	    "e\xCC\x81…", 2);
	assert_cut("e\xCC\x81" "e\xCC\x81", 2, "…",
	    "e\xCC\x81" "e\xCC\x81", 2);
	assert_cut("", 5, "…", "", 0);
	/* used may be NULL. */
	{
		struct buf b = { 0 };

		text_cut(&b, "abc", 3, 2, "…", NULL);
		assert_string_equal(buf_str(&b), "a…");
		buf_free(&b);
	}
}

/* The lines text_wrap() gave, copied. */
struct lines {
	char **v;
	size_t n;
};

static void
lines_add(void *ctx, const char *line, size_t len)
{
	struct lines *l = ctx;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrndup(line, len);
}

static void
lines_free(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Wraps s and checks the lines are exactly the NULL-ended list given. */
static void
assert_wrap(const char *s, size_t first, size_t width, ...)
{
	struct lines l = { NULL, 0 };
	const char *want;
	va_list ap;
	size_t i = 0;

	text_wrap(s, strlen(s), first, width, lines_add, &l);
	va_start(ap, width);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i >= l.n)
			fail_msg("line %zu missing, want \"%s\"", i, want);
		assert_string_equal(l.v[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(l.n, i);
	lines_free(&l);
}

static const char russian[] =
    "Участники форума предлагают рассмотреть вопрос о расширении "
    "пешеходной зоны в историческом центре города, а также обязать "
    "администрацию в течение трёх месяцев подготовить план "
    "благоустройства дворовых территорий с учётом мнения жителей, "
    "организовать общественные слушания и опубликовать их итоги на "
    "официальном сайте муниципального образования.";

/* Width of the first word of s (up to a space or the end). */
static size_t
first_word_width(const char *s)
{
	const char *sp = strchr(s, ' ');

	return text_width(s, sp != NULL ? (size_t)(sp - s) : strlen(s));
}

static void
test_wrap_paragraph(void **state)
{
	static const size_t widths[] = { 20, 40, 80 };
	struct lines l = { NULL, 0 };
	struct buf joined = { 0 };
	size_t i, k, w;

	(void)state;
	for (k = 0; k < sizeof(widths) / sizeof(widths[0]); k++) {
		w = widths[k];
		text_wrap(russian, strlen(russian), w, w, lines_add, &l);
		assert_true(l.n > 1);
		buf_reset(&joined);
		for (i = 0; i < l.n; i++) {
			size_t lw = text_width(l.v[i], strlen(l.v[i]));

			assert_true(lw <= w);
			assert_true(lw > 0);
			assert_true(l.v[i][0] != ' ');
			assert_true(l.v[i][strlen(l.v[i]) - 1] != ' ');
			/* Greedy: the next word would not have fitted. */
			if (i + 1 < l.n)
				assert_true(lw + 1 + first_word_width(l.v[i + 1]) > w);
			if (i > 0)
				buf_addc(&joined, ' ');
			buf_adds(&joined, l.v[i]);
		}
		assert_string_equal(buf_str(&joined), russian);
		lines_free(&l);
	}
	buf_free(&joined);

	/* The widest fits one line at 0 (no wrapping) and at a big width. */
	assert_wrap(russian, 0, 0, russian, NULL);
	assert_wrap(russian, 1000, 1000, russian, NULL);
}

static void
test_wrap_long_word(void **state)
{
	struct buf word = { 0 }, in = { 0 }, joined = { 0 };
	struct lines l = { NULL, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 200; i++)
		buf_adds(&word, "я");
	buf_adds(&in, "да ");
	buf_add(&in, word.data, word.len);
	buf_adds(&in, " нет");
	text_wrap(in.data, in.len, 40, 40, lines_add, &l);
	/* "да", five full lines of the word, "нет". */
	assert_int_equal(l.n, 7);
	assert_string_equal(l.v[0], "да");
	for (i = 1; i <= 5; i++) {
		assert_int_equal(text_width(l.v[i], strlen(l.v[i])), 40);
		buf_adds(&joined, l.v[i]);
	}
	assert_string_equal(buf_str(&joined), word.data);
	assert_string_equal(l.v[6], "нет");
	lines_free(&l);

	/* Wide characters break between characters too, never inside. */
	assert_wrap("中文中文中", 5, 5, "中文", "中文", "中", NULL);
	assert_wrap("中文", 1, 1, "中", "文", NULL);
	/* Combining marks stay on the line of their base. */
	assert_wrap("ab\xCC\x81" "cd", 2, 2, "ab\xCC\x81", "cd", NULL);
	buf_free(&word);
	buf_free(&in);
	buf_free(&joined);
}

static void
test_wrap_edges(void **state)
{
	(void)state;
	assert_wrap("", 10, 10, "", NULL);
	assert_wrap("   ", 10, 10, "", NULL);
	assert_wrap("", 0, 0, "", NULL);
	assert_wrap("one", 10, 10, "one", NULL);
	assert_wrap("one two", 7, 7, "one two", NULL);
	assert_wrap("one two", 6, 6, "one", "two", NULL);
	/* Runs of spaces at a break are dropped, inside a line kept. */
	assert_wrap("ab    cd", 3, 3, "ab", "cd", NULL);
	assert_wrap("ab  cd  ", 10, 10, "ab  cd", NULL);
	/* Leading spaces are indentation while the first word fits. */
	assert_wrap("  ab cd", 5, 5, "  ab", "cd", NULL);
	assert_wrap("    abcd", 5, 5, "abcd", NULL);
	/* A first line of another width, and 0 meaning the same. */
	assert_wrap("aaa bbb ccc ddd", 3, 7, "aaa", "bbb ccc", "ddd", NULL);
	assert_wrap("aaa bbb ccc ddd", 11, 3, "aaa bbb ccc", "ddd", NULL);
	assert_wrap("aaa bbb ccc ddd", 0, 7, "aaa bbb", "ccc ddd", NULL);
	/* Width 0: one line whatever its length. */
	assert_wrap("aaa bbb ccc ddd", 3, 0, "aaa bbb ccc ddd", NULL);
	/* A stray newline ends its line. */
	assert_wrap("ab\ncd ef", 10, 10, "ab", "cd ef", NULL);
	assert_wrap("ab\n", 10, 10, "ab", "", NULL);
}

/* A long input wraps quickly and correctly: one pass, no quadratic work. */
static void
test_wrap_large(void **state)
{
	struct buf in = { 0 };
	struct lines l = { NULL, 0 };
	size_t i, total = 0;

	(void)state;
	for (i = 0; i < 2000; i++) {
		buf_add(&in, russian, sizeof(russian) - 1);
		buf_addc(&in, ' ');
	}
	text_wrap(in.data, in.len, 72, 72, lines_add, &l);
	for (i = 0; i < l.n; i++) {
		size_t len = strlen(l.v[i]);

		assert_true(text_width(l.v[i], len) <= 72);
		total += len + 1;
	}
	/* Every byte is in a line or is the one space at a break. */
	assert_int_equal(total, in.len);
	lines_free(&l);
	buf_free(&in);
}

/* Folds s and compares with want. */
static void
assert_fold(const char *s, bool fold_yo, const char *want)
{
	struct buf b = { 0 };

	text_fold(&b, s, strlen(s), fold_yo);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void
test_fold(void **state)
{
	(void)state;
	assert_fold("ЁЛКА Ёж ÀÉ ΣΑ", false, "ёлка ёж àé σα");
	assert_fold("ЁЛКА Ёж ÀÉ ΣΑ", true, "елка еж àé σα");
	assert_fold("ёлка", true, "елка");
	assert_fold("Hello, World 123", false, "hello, world 123");
	assert_fold("ÀÞ × ÷ ß", false, "àþ × ÷ ß");
	assert_fold("ŁÓDŹ ŻÓŁW Ÿ ČŘŠ Ő", false, "łódź żółw ÿ čřš ő");
	assert_fold("ΆΈΉΊΌΎΏ", false, "άέήίόύώ");
	assert_fold("ΛΌΓΟΣ", false, "λόγοσ");
	assert_fold("λόγος", false, "λόγοσ");
	assert_fold("ЂЉЊЋЏ ІЇЄ Ґ", false, "ђљњћџ іїє ґ");
	assert_fold("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", false,
	    "абвгдежзийклмнопрстуфхцчшщъыьэюя");
	assert_fold("ѢѲ Ӂ Ӏ Ӑ", false, "ѣѳ ӂ ӏ ӑ");
	assert_fold("中文 😀", false, "中文 😀");
	assert_fold("a\xFF" "b", false, "a\uFFFDb");
	assert_fold("", false, "");
}

/* Lowers the first character of s and compares with want. */
static void
assert_lower_first(const char *s, const char *want)
{
	struct buf b = { 0 };

	text_lower_first(&b, s, strlen(s));
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void
test_lower_first(void **state)
{
	(void)state;
	assert_lower_first("Расширить", "расширить");
	assert_lower_first("Обязать администрацию", "обязать администрацию");
	assert_lower_first("Ёлку", "ёлку");
	/* Only the first character: acronyms are the caller's business. */
	assert_lower_first("СМИ", "сМИ");
	assert_lower_first("Extend", "extend");
	assert_lower_first("Éclair", "éclair");
	assert_lower_first("already", "already");
	assert_lower_first("ςx", "ςx");
	assert_lower_first("1A", "1A");
	assert_lower_first("", "");
}

static void
test_is_upper(void **state)
{
	(void)state;
	assert_true(text_is_upper('A'));
	assert_true(text_is_upper(0xC0));   /* À */
	assert_true(text_is_upper(0x401));  /* Ё */
	assert_true(text_is_upper(0x42F));  /* Я */
	assert_true(text_is_upper(0x3A3));  /* Σ */
	assert_true(text_is_upper(0x386));  /* Ά */
	assert_true(text_is_upper(0x141));  /* Ł */
	assert_false(text_is_upper('a'));
	assert_false(text_is_upper('1'));
	assert_false(text_is_upper(0xD7)); /* × */
	assert_false(text_is_upper(0xDF)); /* ß */
	assert_false(text_is_upper(0x451)); /* ё */
	assert_false(text_is_upper(0x44F)); /* я */
	assert_false(text_is_upper(0x3C2)); /* ς */
	assert_false(text_is_upper(0x17F)); /* ſ */
	assert_false(text_is_upper(0x4E2D));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_sanitise_controls),
		cmocka_unit_test(test_sanitise_unicode),
		cmocka_unit_test(test_sanitise_tabs),
		cmocka_unit_test(test_sanitise_any_bytes),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_wrap_paragraph),
		cmocka_unit_test(test_wrap_long_word),
		cmocka_unit_test(test_wrap_edges),
		cmocka_unit_test(test_wrap_large),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_lower_first),
		cmocka_unit_test(test_is_upper),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
