/*
 * text.c: UTF-8, display width, the sanitiser, cutting, wrapping and case
 * folding.
 *
 * Widths come from tables compiled in here, never from wcwidth() or the
 * locale: the terminal interface, the exports and the tests must agree on
 * every column whatever LANG says.  The tables follow Unicode 15.0: zero
 * width for nonspacing and enclosing marks (Mn, Me), for format characters
 * (Cf) other than the soft hyphen and the visible prepended concatenation
 * marks, and for the conjoining Hangul medial vowels and final consonants;
 * two columns for East Asian Wide and Fullwidth characters, which since
 * Unicode 9 include the emoji shown in emoji style by default.  This is what
 * glibc's wcwidth() and the common terminals use, so text measured here
 * lines up on screen.  Like glibc, the circled numbers U+3248..324F and the
 * Yijing hexagrams U+4DC0..4DFF are wide too (the hexagrams are W since
 * Unicode 16).  Unassigned code points inside the wide blocks are wide, as
 * EastAsianWidth.txt says they default to.
 */
#include <string.h>

#include "text.h"

/* An inclusive range of code points. */
struct text_range {
	uint32_t first;
	uint32_t last;
};

/* Characters that take no column: they combine with or format the one before. */
static const struct text_range text_zero[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 }, { 0x0610, 0x061A }, { 0x061C, 0x061C },
	{ 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED },
	{ 0x0711, 0x0711 }, { 0x0730, 0x074A }, { 0x07A6, 0x07B0 },
	{ 0x07EB, 0x07F3 }, { 0x07FD, 0x07FD }, { 0x0816, 0x0819 },
	{ 0x081B, 0x0823 }, { 0x0825, 0x0827 }, { 0x0829, 0x082D },
	{ 0x0859, 0x085B }, { 0x0898, 0x089F }, { 0x08CA, 0x08E1 },
	{ 0x08E3, 0x0902 }, { 0x093A, 0x093A }, { 0x093C, 0x093C },
	{ 0x0941, 0x0948 }, { 0x094D, 0x094D }, { 0x0951, 0x0957 },
	{ 0x0962, 0x0963 }, { 0x0981, 0x0981 }, { 0x09BC, 0x09BC },
	{ 0x09C1, 0x09C4 }, { 0x09CD, 0x09CD }, { 0x09E2, 0x09E3 },
	{ 0x09FE, 0x09FE }, { 0x0A01, 0x0A02 }, { 0x0A3C, 0x0A3C },
	{ 0x0A41, 0x0A42 }, { 0x0A47, 0x0A48 }, { 0x0A4B, 0x0A4D },
	{ 0x0A51, 0x0A51 }, { 0x0A70, 0x0A71 }, { 0x0A75, 0x0A75 },
	{ 0x0A81, 0x0A82 }, { 0x0ABC, 0x0ABC }, { 0x0AC1, 0x0AC5 },
	{ 0x0AC7, 0x0AC8 }, { 0x0ACD, 0x0ACD }, { 0x0AE2, 0x0AE3 },
	{ 0x0AFA, 0x0AFF }, { 0x0B01, 0x0B01 }, { 0x0B3C, 0x0B3C },
	{ 0x0B3F, 0x0B3F }, { 0x0B41, 0x0B44 }, { 0x0B4D, 0x0B4D },
	{ 0x0B55, 0x0B56 }, { 0x0B62, 0x0B63 }, { 0x0B82, 0x0B82 },
	{ 0x0BC0, 0x0BC0 }, { 0x0BCD, 0x0BCD }, { 0x0C00, 0x0C00 },
	{ 0x0C04, 0x0C04 }, { 0x0C3C, 0x0C3C }, { 0x0C3E, 0x0C40 },
	{ 0x0C46, 0x0C48 }, { 0x0C4A, 0x0C4D }, { 0x0C55, 0x0C56 },
	{ 0x0C62, 0x0C63 }, { 0x0C81, 0x0C81 }, { 0x0CBC, 0x0CBC },
	{ 0x0CBF, 0x0CBF }, { 0x0CC6, 0x0CC6 }, { 0x0CCC, 0x0CCD },
	{ 0x0CE2, 0x0CE3 }, { 0x0D00, 0x0D01 }, { 0x0D3B, 0x0D3C },
	{ 0x0D41, 0x0D44 }, { 0x0D4D, 0x0D4D }, { 0x0D62, 0x0D63 },
	{ 0x0D81, 0x0D81 }, { 0x0DCA, 0x0DCA }, { 0x0DD2, 0x0DD4 },
	{ 0x0DD6, 0x0DD6 }, { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A },
	{ 0x0E47, 0x0E4E }, { 0x0EB1, 0x0EB1 }, { 0x0EB4, 0x0EBC },
	{ 0x0EC8, 0x0ECE }, { 0x0F18, 0x0F19 }, { 0x0F35, 0x0F35 },
	{ 0x0F37, 0x0F37 }, { 0x0F39, 0x0F39 }, { 0x0F71, 0x0F7E },
	{ 0x0F80, 0x0F84 }, { 0x0F86, 0x0F87 }, { 0x0F8D, 0x0F97 },
	{ 0x0F99, 0x0FBC }, { 0x0FC6, 0x0FC6 }, { 0x102D, 0x1030 },
	{ 0x1032, 0x1037 }, { 0x1039, 0x103A }, { 0x103D, 0x103E },
	{ 0x1058, 0x1059 }, { 0x105E, 0x1060 }, { 0x1071, 0x1074 },
	{ 0x1082, 0x1082 }, { 0x1085, 0x1086 }, { 0x108D, 0x108D },
	{ 0x109D, 0x109D }, { 0x1160, 0x11FF }, { 0x135D, 0x135F },
	{ 0x1712, 0x1714 }, { 0x1732, 0x1733 }, { 0x1752, 0x1753 },
	{ 0x1772, 0x1773 }, { 0x17B4, 0x17B5 }, { 0x17B7, 0x17BD },
	{ 0x17C6, 0x17C6 }, { 0x17C9, 0x17D3 }, { 0x17DD, 0x17DD },
	{ 0x180B, 0x180F }, { 0x1885, 0x1886 }, { 0x18A9, 0x18A9 },
	{ 0x1920, 0x1922 }, { 0x1927, 0x1928 }, { 0x1932, 0x1932 },
	{ 0x1939, 0x193B }, { 0x1A17, 0x1A18 }, { 0x1A1B, 0x1A1B },
	{ 0x1A56, 0x1A56 }, { 0x1A58, 0x1A5E }, { 0x1A60, 0x1A60 },
	{ 0x1A62, 0x1A62 }, { 0x1A65, 0x1A6C }, { 0x1A73, 0x1A7C },
	{ 0x1A7F, 0x1A7F }, { 0x1AB0, 0x1ACE }, { 0x1B00, 0x1B03 },
	{ 0x1B34, 0x1B34 }, { 0x1B36, 0x1B3A }, { 0x1B3C, 0x1B3C },
	{ 0x1B42, 0x1B42 }, { 0x1B6B, 0x1B73 }, { 0x1B80, 0x1B81 },
	{ 0x1BA2, 0x1BA5 }, { 0x1BA8, 0x1BA9 }, { 0x1BAB, 0x1BAD },
	{ 0x1BE6, 0x1BE6 }, { 0x1BE8, 0x1BE9 }, { 0x1BED, 0x1BED },
	{ 0x1BEF, 0x1BF1 }, { 0x1C2C, 0x1C33 }, { 0x1C36, 0x1C37 },
	{ 0x1CD0, 0x1CD2 }, { 0x1CD4, 0x1CE0 }, { 0x1CE2, 0x1CE8 },
	{ 0x1CED, 0x1CED }, { 0x1CF4, 0x1CF4 }, { 0x1CF8, 0x1CF9 },
	{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x202A, 0x202E },
	{ 0x2060, 0x2064 }, { 0x2066, 0x206F }, { 0x20D0, 0x20F0 },
	{ 0x2CEF, 0x2CF1 }, { 0x2D7F, 0x2D7F }, { 0x2DE0, 0x2DFF },
	{ 0x302A, 0x302D }, { 0x3099, 0x309A }, { 0xA66F, 0xA672 },
	{ 0xA674, 0xA67D }, { 0xA69E, 0xA69F }, { 0xA6F0, 0xA6F1 },
	{ 0xA802, 0xA802 }, { 0xA806, 0xA806 }, { 0xA80B, 0xA80B },
	{ 0xA825, 0xA826 }, { 0xA82C, 0xA82C }, { 0xA8C4, 0xA8C5 },
	{ 0xA8E0, 0xA8F1 }, { 0xA8FF, 0xA8FF }, { 0xA926, 0xA92D },
	{ 0xA947, 0xA951 }, { 0xA980, 0xA982 }, { 0xA9B3, 0xA9B3 },
	{ 0xA9B6, 0xA9B9 }, { 0xA9BC, 0xA9BD }, { 0xA9E5, 0xA9E5 },
	{ 0xAA29, 0xAA2E }, { 0xAA31, 0xAA32 }, { 0xAA35, 0xAA36 },
	{ 0xAA43, 0xAA43 }, { 0xAA4C, 0xAA4C }, { 0xAA7C, 0xAA7C },
	{ 0xAAB0, 0xAAB0 }, { 0xAAB2, 0xAAB4 }, { 0xAAB7, 0xAAB8 },
	{ 0xAABE, 0xAABF }, { 0xAAC1, 0xAAC1 }, { 0xAAEC, 0xAAED },
	{ 0xAAF6, 0xAAF6 }, { 0xABE5, 0xABE5 }, { 0xABE8, 0xABE8 },
	{ 0xABED, 0xABED }, { 0xD7B0, 0xD7FF }, { 0xFB1E, 0xFB1E },
	{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
	{ 0xFFF9, 0xFFFB }, { 0x101FD, 0x101FD }, { 0x102E0, 0x102E0 },
	{ 0x10376, 0x1037A }, { 0x10A01, 0x10A03 }, { 0x10A05, 0x10A06 },
	{ 0x10A0C, 0x10A0F }, { 0x10A38, 0x10A3A }, { 0x10A3F, 0x10A3F },
	{ 0x10AE5, 0x10AE6 }, { 0x10D24, 0x10D27 }, { 0x10EAB, 0x10EAC },
	{ 0x10EFD, 0x10EFF }, { 0x10F46, 0x10F50 }, { 0x10F82, 0x10F85 },
	{ 0x11001, 0x11001 }, { 0x11038, 0x11046 }, { 0x11070, 0x11070 },
	{ 0x11073, 0x11074 }, { 0x1107F, 0x11081 }, { 0x110B3, 0x110B6 },
	{ 0x110B9, 0x110BA }, { 0x110C2, 0x110C2 }, { 0x11100, 0x11102 },
	{ 0x11127, 0x1112B }, { 0x1112D, 0x11134 }, { 0x11173, 0x11173 },
	{ 0x11180, 0x11181 }, { 0x111B6, 0x111BE }, { 0x111C9, 0x111CC },
	{ 0x111CF, 0x111CF }, { 0x1122F, 0x11231 }, { 0x11234, 0x11234 },
	{ 0x11236, 0x11237 }, { 0x1123E, 0x1123E }, { 0x11241, 0x11241 },
	{ 0x112DF, 0x112DF }, { 0x112E3, 0x112EA }, { 0x11300, 0x11301 },
	{ 0x1133B, 0x1133C }, { 0x11340, 0x11340 }, { 0x11366, 0x1136C },
	{ 0x11370, 0x11374 }, { 0x11438, 0x1143F }, { 0x11442, 0x11444 },
	{ 0x11446, 0x11446 }, { 0x1145E, 0x1145E }, { 0x114B3, 0x114B8 },
	{ 0x114BA, 0x114BA }, { 0x114BF, 0x114C0 }, { 0x114C2, 0x114C3 },
	{ 0x115B2, 0x115B5 }, { 0x115BC, 0x115BD }, { 0x115BF, 0x115C0 },
	{ 0x115DC, 0x115DD }, { 0x11633, 0x1163A }, { 0x1163D, 0x1163D },
	{ 0x1163F, 0x11640 }, { 0x116AB, 0x116AB }, { 0x116AD, 0x116AD },
	{ 0x116B0, 0x116B5 }, { 0x116B7, 0x116B7 }, { 0x1171D, 0x1171F },
	{ 0x11722, 0x11725 }, { 0x11727, 0x1172B }, { 0x1182F, 0x11837 },
	{ 0x11839, 0x1183A }, { 0x1193B, 0x1193C }, { 0x1193E, 0x1193E },
	{ 0x11943, 0x11943 }, { 0x119D4, 0x119D7 }, { 0x119DA, 0x119DB },
	{ 0x119E0, 0x119E0 }, { 0x11A01, 0x11A0A }, { 0x11A33, 0x11A38 },
	{ 0x11A3B, 0x11A3E }, { 0x11A47, 0x11A47 }, { 0x11A51, 0x11A56 },
	{ 0x11A59, 0x11A5B }, { 0x11A8A, 0x11A96 }, { 0x11A98, 0x11A99 },
	{ 0x11C30, 0x11C36 }, { 0x11C38, 0x11C3D }, { 0x11C3F, 0x11C3F },
	{ 0x11C92, 0x11CA7 }, { 0x11CAA, 0x11CB0 }, { 0x11CB2, 0x11CB3 },
	{ 0x11CB5, 0x11CB6 }, { 0x11D31, 0x11D36 }, { 0x11D3A, 0x11D3A },
	{ 0x11D3C, 0x11D3D }, { 0x11D3F, 0x11D45 }, { 0x11D47, 0x11D47 },
	{ 0x11D90, 0x11D91 }, { 0x11D95, 0x11D95 }, { 0x11D97, 0x11D97 },
	{ 0x11EF3, 0x11EF4 }, { 0x11F00, 0x11F01 }, { 0x11F36, 0x11F3A },
	{ 0x11F40, 0x11F40 }, { 0x11F42, 0x11F42 }, { 0x13430, 0x13440 },
	{ 0x13447, 0x13455 }, { 0x16AF0, 0x16AF4 }, { 0x16B30, 0x16B36 },
	{ 0x16F4F, 0x16F4F }, { 0x16F8F, 0x16F92 }, { 0x16FE4, 0x16FE4 },
	{ 0x1BC9D, 0x1BC9E }, { 0x1BCA0, 0x1BCA3 }, { 0x1CF00, 0x1CF2D },
	{ 0x1CF30, 0x1CF46 }, { 0x1D167, 0x1D169 }, { 0x1D173, 0x1D182 },
	{ 0x1D185, 0x1D18B }, { 0x1D1AA, 0x1D1AD }, { 0x1D242, 0x1D244 },
	{ 0x1DA00, 0x1DA36 }, { 0x1DA3B, 0x1DA6C }, { 0x1DA75, 0x1DA75 },
	{ 0x1DA84, 0x1DA84 }, { 0x1DA9B, 0x1DA9F }, { 0x1DAA1, 0x1DAAF },
	{ 0x1E000, 0x1E006 }, { 0x1E008, 0x1E018 }, { 0x1E01B, 0x1E021 },
	{ 0x1E023, 0x1E024 }, { 0x1E026, 0x1E02A }, { 0x1E08F, 0x1E08F },
	{ 0x1E130, 0x1E136 }, { 0x1E2AE, 0x1E2AE }, { 0x1E2EC, 0x1E2EF },
	{ 0x1E4EC, 0x1E4EF }, { 0x1E8D0, 0x1E8D6 }, { 0x1E944, 0x1E94A },
	{ 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F }, { 0xE0100, 0xE01EF },
};

/* East Asian Wide and Fullwidth: CJK, Hangul syllables, kana, emoji. */
static const struct text_range text_wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A },
	{ 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 },
	{ 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 },
	{ 0x26CE, 0x26CE }, { 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA },
	{ 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 }, { 0x26FA, 0x26FA },
	{ 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF }, { 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x3029 },
	{ 0x302E, 0x303E }, { 0x3041, 0x3096 }, { 0x309B, 0xA4C6 },
	{ 0xA960, 0xA97C },
	{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAD9 }, { 0xFE10, 0xFE19 },
	{ 0xFE30, 0xFE6B }, { 0xFF01, 0xFF60 }, { 0xFFE0, 0xFFE6 },
	{ 0x16FE0, 0x16FE3 }, { 0x16FF0, 0x1B2FB }, { 0x1F004, 0x1F004 },
	{ 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A },
	{ 0x1F200, 0x1F320 }, { 0x1F32D, 0x1F335 }, { 0x1F337, 0x1F37C },
	{ 0x1F37E, 0x1F393 }, { 0x1F3A0, 0x1F3CA }, { 0x1F3CF, 0x1F3D3 },
	{ 0x1F3E0, 0x1F3F0 }, { 0x1F3F4, 0x1F3F4 }, { 0x1F3F8, 0x1F43E },
	{ 0x1F440, 0x1F440 }, { 0x1F442, 0x1F4FC }, { 0x1F4FF, 0x1F53D },
	{ 0x1F54B, 0x1F54E }, { 0x1F550, 0x1F567 }, { 0x1F57A, 0x1F57A },
	{ 0x1F595, 0x1F596 }, { 0x1F5A4, 0x1F5A4 }, { 0x1F5FB, 0x1F64F },
	{ 0x1F680, 0x1F6C5 }, { 0x1F6CC, 0x1F6CC }, { 0x1F6D0, 0x1F6D2 },
	{ 0x1F6D5, 0x1F6DF }, { 0x1F6EB, 0x1F6EC }, { 0x1F6F4, 0x1F6FC },
	{ 0x1F7E0, 0x1F7F0 }, { 0x1F90C, 0x1F93A }, { 0x1F93C, 0x1F945 },
	{ 0x1F947, 0x1F9FF }, { 0x1FA70, 0x1FAF8 }, { 0x20000, 0x3FFFD },
};

#define TEXT_NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Control Pictures shown for controls (SYMBOL FOR NULL + c, DELETE, NEWLINE). */
#define TEXT_PICTURE_C0 0x2400u
#define TEXT_PICTURE_DEL 0x2421u
#define TEXT_PICTURE_NEWLINE 0x2424u
#define TEXT_BOM 0xFEFFu
#define TEXT_TABSTOP 8

/* True if cp lies in one of the n sorted, disjoint ranges of t. */
static bool
text_in_table(uint32_t cp, const struct text_range *t, size_t n)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < t[0].first || cp > t[n - 1].last)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < t[mid].first)
			hi = mid;
		else if (cp > t[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/*
 * Decodes one code point from p (len > 0 bytes).  Returns the bytes used, or
 * 0 if the bytes at p do not start a well-formed sequence: a stray
 * continuation byte, a lead byte that can only start an overlong form (C0,
 * C1) or a value past U+10FFFF (F5..FF), a sequence cut short, an overlong
 * form, or a surrogate.
 */
static size_t
text_decode_strict(const unsigned char *p, size_t len, uint32_t *cp)
{
	uint32_t v, min;
	size_t need, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xC2)
		return 0;
	if (p[0] < 0xE0) {
		need = 1;
		min = 0x80;
		v = p[0] & 0x1Fu;
	} else if (p[0] < 0xF0) {
		need = 2;
		min = 0x800;
		v = p[0] & 0x0Fu;
	} else if (p[0] < 0xF5) {
		need = 3;
		min = 0x10000;
		v = p[0] & 0x07u;
	} else
		return 0;
	if (len <= need)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((p[i] & 0xC0u) != 0x80u)
			return 0;
		v = (v << 6) | (p[i] & 0x3Fu);
	}
	if (v < min || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
		return 0;
	*cp = v;
	return need + 1;
}

/* Decodes one code point; an error gives U+FFFD and one byte.  Never 0. */
size_t
text_decode(const char *s, size_t len, uint32_t *cp)
{
	size_t n = text_decode_strict((const unsigned char *)s, len, cp);

	if (n == 0) {
		*cp = TEXT_REPLACEMENT;
		return 1;
	}
	return n;
}

/* Appends cp as UTF-8; a surrogate or a value past U+10FFFF as U+FFFD. */
void
text_encode(struct buf *b, uint32_t cp)
{
	char u[4];

	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = TEXT_REPLACEMENT;
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 4);
	}
}

/* True if every byte of s belongs to a well-formed sequence. */
bool
text_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t off = 0, n;
	uint32_t cp;

	while (off < len) {
		if (p[off] < 0x80) {
			off++;
			continue;
		}
		n = text_decode_strict(p + off, len - off, &cp);
		if (n == 0)
			return false;
		off += n;
	}
	return true;
}

/* Columns for one code point, from the tables above; controls count 1. */
int
text_cp_width(uint32_t cp)
{
	/* Latin, Greek and Cyrillic letters, and the CJK ideographs, at once. */
	if (cp < 0x300 || (cp >= 0x370 && cp < 0x483))
		return 1;
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return 2;
	if (text_in_table(cp, text_zero, TEXT_NITEMS(text_zero)))
		return 0;
	if (text_in_table(cp, text_wide, TEXT_NITEMS(text_wide)))
		return 2;
	return 1;
}

/*
 * text_cp_width() with its first test in line: the loops below call it for
 * every character, and the Latin, Greek and Cyrillic letters that nearly
 * all text is made of need no call.
 */
static inline size_t
text_cp_width_fast(uint32_t cp)
{
	if (cp < 0x300 || (cp >= 0x370 && cp < 0x483))
		return 1;
	return (size_t)text_cp_width(cp);
}

/*
 * A well-formed two-byte sequence (U+0080..U+07FF: Latin-1, Greek,
 * Cyrillic, Hebrew, Arabic) decoded in line, the case the loops below meet
 * most: Russian text is almost all of it.  Returns 2 with *cp set, as
 * text_decode() would, or 0 if p (len > 0 bytes) does not start one.
 */
static inline size_t
text_decode2(const unsigned char *p, size_t len, uint32_t *cp)
{
	if (p[0] >= 0xC2 && p[0] < 0xE0 && len >= 2 &&
	    (p[1] & 0xC0u) == 0x80u) {
		*cp = (uint32_t)(p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu);
		return 2;
	}
	return 0;
}

/*
 * What the sanitiser shows instead of cp, for everything but tab and
 * newline, which depend on the flags and the column, and a byte order mark
 * at the very start, which is dropped.  The list is the one in text.h.
 */
static uint32_t
text_safe_cp(uint32_t cp)
{
	if (cp < 0x20)
		return TEXT_PICTURE_C0 + cp;
	if (cp < 0x7F)
		return cp;
	if (cp == 0x7F)
		return TEXT_PICTURE_DEL;
	if (cp <= 0x9F)
		return TEXT_REPLACEMENT;
	switch (cp) {
	case 0x061C: /* ARABIC LETTER MARK */
	case 0x200E: /* LEFT-TO-RIGHT MARK */
	case 0x200F: /* RIGHT-TO-LEFT MARK */
	case 0x2028: /* LINE SEPARATOR */
	case 0x2029: /* PARAGRAPH SEPARATOR */
	case 0x202A: /* LEFT-TO-RIGHT EMBEDDING */
	case 0x202B: /* RIGHT-TO-LEFT EMBEDDING */
	case 0x202C: /* POP DIRECTIONAL FORMATTING */
	case 0x202D: /* LEFT-TO-RIGHT OVERRIDE */
	case 0x202E: /* RIGHT-TO-LEFT OVERRIDE */
	case 0x2066: /* LEFT-TO-RIGHT ISOLATE */
	case 0x2067: /* RIGHT-TO-LEFT ISOLATE */
	case 0x2068: /* FIRST STRONG ISOLATE */
	case 0x2069: /* POP DIRECTIONAL ISOLATE */
	case TEXT_BOM:
		return TEXT_REPLACEMENT;
	}
	return cp;
}

/*
 * The sanitiser proper: appends the safe form of s to out if out is not
 * NULL, and returns its width in columns (the width of the last line if
 * newlines are kept).  text_sanitise() and text_width() share it so that
 * what is measured is what is drawn.
 */
static size_t
text_sanitise_to(struct buf *out, const char *s, size_t len, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t off = 0, keep, col = 0, n;
	uint32_t cp, safe;

	/* A byte order mark at the very start is a file signature: drop it. */
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		off = 3;
	/*
	 * s[keep, off) passes through unchanged and is copied in one go when
	 * something has to be replaced, or at the end.
	 */
	keep = off;
	while (off < len) {
		if (p[off] >= 0x20 && p[off] < 0x7F) {
			off++;
			col++;
			continue;
		}
		/*
		 * The two-byte characters pass unchanged but for the C1
		 * controls (below U+00A0) and U+061C, the one bidi control
		 * among them (text_safe_cp()).
		 */
		if (text_decode2(p + off, len - off, &cp) != 0 && cp >= 0xA0 &&
		    cp != 0x061C) {
			off += 2;
			col += text_cp_width_fast(cp);
			continue;
		}
		n = text_decode(s + off, len - off, &cp);
		if (cp >= 0xA0 && !(cp == TEXT_REPLACEMENT && n == 1)) {
			safe = text_safe_cp(cp);
			if (safe == cp) {
				off += n;
				col += (size_t)text_cp_width(cp);
				continue;
			}
		} else if (cp == '\n')
			safe = TEXT_PICTURE_NEWLINE;
		else
			safe = text_safe_cp(cp);

		if (out != NULL)
			buf_add(out, s + keep, off - keep);
		off += n;
		keep = off;
		if (cp == '\n' && (flags & TEXT_KEEP_NEWLINE)) {
			if (out != NULL)
				buf_addc(out, '\n');
			col = 0;
		} else if (cp == '\t') {
			size_t next = col + TEXT_TABSTOP - col % TEXT_TABSTOP;

			if (out != NULL) {
				if (flags & TEXT_KEEP_TAB)
					buf_addc(out, '\t');
				else
					buf_addn(out, ' ', next - col);
			}
			col = next;
		} else {
			if (out != NULL)
				text_encode(out, safe);
			col += (size_t)text_cp_width(safe);
		}
	}
	if (out != NULL)
		buf_add(out, s + keep, off - keep);
	return col;
}

/* Appends the safe form of s; see text.h for what changes. */
void
text_sanitise(struct buf *out, const char *s, size_t len, unsigned flags)
{
	text_sanitise_to(out, s, len, flags);
}

/* Columns s takes once sanitised with no flags (tabs expanded). */
size_t
text_width(const char *s, size_t len)
{
	return text_sanitise_to(NULL, s, len, 0);
}

/*
 * Appends the widest prefix of s that fits max columns with the marker after
 * it, or all of s if it fits.  A character that would cross the edge is left
 * out whole, so *used may be less than max.
 */
void
text_cut(struct buf *out, const char *s, size_t len, size_t max,
    const char *marker, size_t *used)
{
	size_t mlen = marker != NULL ? strlen(marker) : 0;
	size_t mw = text_width(marker != NULL ? marker : "", mlen);
	size_t budget = mw <= max ? max - mw : max;
	size_t off = 0, w = 0, cut = 0, cutw = 0, cw, n;
	uint32_t cp;

	while (off < len) {
		n = text_decode(s + off, len - off, &cp);
		cw = (size_t)text_cp_width(cp);
		if (w + cw > max)
			break;
		w += cw;
		off += n;
		/* Marks of width 0 stay with the character they follow. */
		if (w <= budget) {
			cut = off;
			cutw = w;
		}
	}
	if (off == len) {
		buf_add(out, s, len);
		if (used != NULL)
			*used = w;
		return;
	}
	buf_add(out, s, cut);
	if (mw <= max) {
		buf_add(out, marker != NULL ? marker : "", mlen);
		cutw += mw;
	}
	if (used != NULL)
		*used = cutw;
}

/* Width of the characters of s from off up to the next space or newline. */
static size_t
text_word_end(const char *s, size_t len, size_t off, size_t *width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, n;
	uint32_t cp;

	while (off < len && s[off] != ' ' && s[off] != '\n') {
		if (p[off] < 0x80) {
			w++;
			off++;
			continue;
		}
		if ((n = text_decode2(p + off, len - off, &cp)) == 0)
			n = text_decode(s + off, len - off, &cp);
		off += n;
		w += text_cp_width_fast(cp);
	}
	*width = w;
	return off;
}

/*
 * Word wrap in one pass over s: each line is a slice of s, so nothing is
 * copied or allocated, and each character is decoded at most twice (once to
 * measure its word, once more only if that word must be broken).
 *
 * The line under construction is s[start, end) of width w; words join it
 * with the spaces that separated them in s.  lead is set while the line is
 * the first one or follows a newline, whose leading spaces are indentation
 * and are kept; a wrapped line starts at its first word.
 */
void
text_wrap(const char *s, size_t len, size_t first_width, size_t width,
    text_line_fn line, void *ctx)
{
	size_t limit, start = 0, end = 0, w = 0, off = 0;
	size_t sp, wstart, wend, ww, n, cw;
	bool content = false, lead = true;
	uint32_t cp;

	if (width == 0)
		limit = SIZE_MAX;
	else
		limit = first_width != 0 ? first_width : width;
	while (off < len) {
		sp = off;
		while (off < len && s[off] == ' ')
			off++;
		sp = off - sp;
		if (off == len)
			break;
		if (s[off] == '\n') {
			line(ctx, s + start, end - start);
			start = end = ++off;
			w = 0;
			content = false;
			lead = true;
			limit = width != 0 ? width : SIZE_MAX;
			continue;
		}
		wstart = off;
		wend = off = text_word_end(s, len, off, &ww);

		if (content || (lead && sp > 0)) {
			if (w + sp + ww <= limit) {
				end = wend;
				w += sp + ww;
				content = true;
				lead = false;
				continue;
			}
			/* Does not fit: break here, or drop the indentation. */
			if (content) {
				line(ctx, s + start, end - start);
				limit = width;
			}
		}
		start = wstart;
		w = 0;
		content = true;
		lead = false;
		if (ww <= limit) {
			end = wend;
			w = ww;
			continue;
		}

		/* A word wider than a line: break it between characters. */
		for (off = wstart; off < wend; off += n) {
			n = text_decode(s + off, wend - off, &cp);
			cw = (size_t)text_cp_width(cp);
			if (cw > 0 && w + cw > limit && off > start) {
				line(ctx, s + start, off - start);
				start = off;
				w = 0;
				limit = width;
			}
			w += cw;
		}
		end = wend;
	}
	line(ctx, s + start, end - start);
}

/*
 * Simple case folding of one code point, over the scripts text.h names.
 * Besides upper case to lower case, final sigma folds to sigma and long s to
 * s, as CaseFolding.txt has it; capital I with dot above folds to i.
 */
static uint32_t
text_fold_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp;
	if (cp < 0x100)
		return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7 ? cp + 0x20 : cp;
	if (cp < 0x180) {
		/* Latin Extended-A: mostly pairs, upper case first. */
		if (cp == 0x130)
			return 'i';
		if (cp == 0x178)
			return 0xFF;
		if (cp == 0x17F)
			return 's';
		if (cp <= 0x137 || (cp >= 0x14A && cp <= 0x177))
			return cp | 1;
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
			return cp & 1 ? cp + 1 : cp;
		return cp;
	}
	if (cp >= 0x386 && cp <= 0x3CF) {
		if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
			return cp + 0x20;
		if (cp == 0x386)
			return 0x3AC;
		if (cp >= 0x388 && cp <= 0x38A)
			return cp + 0x25;
		if (cp == 0x38C)
			return 0x3CC;
		if (cp == 0x38E || cp == 0x38F)
			return cp + 0x3F;
		if (cp == 0x3C2)
			return 0x3C3;
		return cp;
	}
	if (cp >= 0x400 && cp < 0x530) {
		if (cp < 0x410)
			return cp + 0x50;
		if (cp < 0x430)
			return cp + 0x20;
		if (cp < 0x460)
			return cp;
		/* Historic letters and the supplement: pairs, upper case first. */
		if (cp <= 0x481 || (cp >= 0x48A && cp <= 0x4BF) || cp >= 0x4D0)
			return cp | 1;
		if (cp == 0x4C0)
			return 0x4CF;
		if (cp >= 0x4C1 && cp <= 0x4CE)
			return cp & 1 ? cp + 1 : cp;
		return cp;
	}
	return cp;
}

/* True for the upper-case letters text_fold_cp() lowers. */
bool
text_is_upper(uint32_t cp)
{
	return text_fold_cp(cp) != cp && cp != 0x3C2 && cp != 0x17F;
}

/* Appends the case-folded form of s, invalid bytes as U+FFFD. */
void
text_fold(struct buf *out, const char *s, size_t len, bool fold_yo)
{
	size_t off = 0;
	uint32_t cp;

	while (off < len) {
		if ((unsigned char)s[off] < 0x80) {
			buf_addc(out, (char)text_fold_cp((unsigned char)s[off]));
			off++;
			continue;
		}
		off += text_decode(s + off, len - off, &cp);
		cp = text_fold_cp(cp);
		if (fold_yo && cp == 0x451)
			cp = 0x435;
		text_encode(out, cp);
	}
}

/* Appends s with its first character lowered if it is upper case; the rest,
 * and an invalid first byte, are copied as they are. */
void
text_lower_first(struct buf *out, const char *s, size_t len)
{
	size_t n = 0;
	uint32_t cp;

	if (len > 0) {
		n = text_decode(s, len, &cp);
		if (text_is_upper(cp))
			text_encode(out, text_fold_cp(cp));
		else
			n = 0;
	}
	buf_add(out, s + n, len - n);
}
