/*
 * term.c: curses setup and teardown.  The terminal is restored on every
 * exit path: normally by term_stop(), at exit() by an atexit handler, and
 * on SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGBUS, SIGFPE and SIGABRT by a
 * handler that ends curses, turns bracketed paste off and re-raises the
 * signal with its default action (htop's fail(), tig's die_callback).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "../model/text.h"
#include "../model/util.h"
#include "keys.h"
#include "term.h"

#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"

/*
 * The one mutable global: whether curses is active.  A signal handler has
 * no context argument, so it must read a static; sig_atomic_t keeps the
 * read safe.
 */
static volatile sig_atomic_t term_active;

static const int fatal_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGABRT,
};

static void
term_restore_raw(void)
{
	ssize_t w;

	if (!term_active)
		return;
	term_active = 0;
	w = write(STDOUT_FILENO, PASTE_OFF, sizeof PASTE_OFF - 1);
	(void)w;
	endwin();
}

/*
 * Restores the terminal, then dies of the same signal.  endwin() is not
 * async-signal-safe; a terminal left in raw mode is the worse evil, and
 * the process ends right after.
 */
static void
term_signal(int sig)
{
	term_restore_raw();
	if (signal(sig, SIG_DFL) == SIG_ERR || raise(sig) != 0)
		_exit(128 + sig);
}

static void
term_atexit(void)
{
	term_restore_raw();
}

/* Binds seq (and the terminfo string of cap, if any) to code. */
static void
term_bind(const char *cap, const char *seq, int code)
{
	char *ti = NULL;

	if (cap != NULL) {
		ti = tigetstr(cap);
		/* curses' mark of a capability that is not a string.
		 * NOLINTNEXTLINE(performance-no-int-to-ptr) */
		if (ti == (char *)-1)
			ti = NULL;
	}
	if (ti != NULL && *ti != '\0') {
		define_key(ti, 0);
		define_key(ti, code);
	}
	if (seq != NULL && (ti == NULL || strcmp(ti, seq) != 0)) {
		define_key(seq, 0);
		define_key(seq, code);
	}
}

/*
 * The other spellings of F1-F5: xterm's (ESC O P), the Linux console's
 * (ESC [ [ A) and the VT220's (ESC [ 11 ~), bound where the terminal's own
 * description left them free.  A TERM that does not match the terminal (a
 * Linux console description inside tmux, say, or over SSH from another
 * terminal) then still gets its function keys, which the key bar
 * promises.  F6 and above are spelt alike everywhere.
 */
static void
term_bind_fkeys(void)
{
	static const char *const seqs[][3] = {
		{"\033OP", "\033[[A", "\033[11~"},
		{"\033OQ", "\033[[B", "\033[12~"},
		{"\033OR", "\033[[C", "\033[13~"},
		{"\033OS", "\033[[D", "\033[14~"},
		{"\033[15~", "\033[[E", NULL},
	};
	size_t n, i;

	for (n = 0; n < sizeof seqs / sizeof seqs[0]; n++)
		for (i = 0; i < 3; i++)
			if (seqs[n][i] != NULL && key_defined(seqs[n][i]) == 0)
				define_key(seqs[n][i], KEY_F((int)n + 1));
}

bool
term_start(void)
{
	struct sigaction sa;
	bool colour;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
		sigaction(fatal_signals[i], &sa, NULL);
	/* Fails only without memory; the normal exit restores it anyway. */
	(void)atexit(term_atexit);
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	initscr();
	term_active = 1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	meta(stdscr, TRUE);
	curs_set(0);
	colour = has_colors() && getenv("NO_COLOR") == NULL;
	term_bind(NULL, "\033[200~", KX_PASTE_BEGIN);
	term_bind(NULL, "\033[201~", KX_PASTE_END);
	term_bind("kLFT5", "\033[1;5D", KX_CLEFT);
	term_bind("kRIT5", "\033[1;5C", KX_CRIGHT);
	term_bind("kUP5", "\033[1;5A", KX_CUP);
	term_bind("kDN5", "\033[1;5B", KX_CDOWN);
	term_bind("kHOM5", "\033[1;5H", KX_CHOME);
	term_bind("kEND5", "\033[1;5F", KX_CEND);
	term_bind("kDC5", "\033[3;5~", KX_CDEL);
	/* rxvt and the Linux console spell some of them otherwise. */
	term_bind(NULL, "\033Od", KX_CLEFT);
	term_bind(NULL, "\033Oc", KX_CRIGHT);
	term_bind_fkeys();
	{
		ssize_t w = write(STDOUT_FILENO, PASTE_ON,
		    sizeof PASTE_ON - 1);
		(void)w;
	}
	return colour;
}

void
term_stop(void)
{
	term_restore_raw();
}

/* Reads the rest of a bracketed paste into paste. */
static void
term_read_paste(struct buf *paste)
{
	wint_t wc;
	int r;
	bool cr = false;

	buf_reset(paste);
	buf_adds(paste, "");
	/* Pasted text can arrive in pieces; a second of silence ends it. */
	timeout(1000);
	for (;;) {
		r = get_wch(&wc);
		if (r == ERR)
			break;
		if (r == KEY_CODE_YES) {
			if (wc == KX_PASTE_END)
				break;
			continue;
		}
		if (wc == '\r') {
			buf_addc(paste, '\n');
			cr = true;
			continue;
		}
		if (wc == '\n' && cr) {
			cr = false;
			continue;
		}
		cr = false;
		text_encode(paste, (uint32_t)wc);
	}
}

int
term_key(int timeout_ms, struct buf *paste)
{
	wint_t wc, wc2;
	int r, r2;

	timeout(timeout_ms);
	r = get_wch(&wc);
	if (r == ERR)
		return K_NONE;
	if (r == KEY_CODE_YES) {
		if (wc == KX_PASTE_BEGIN) {
			term_read_paste(paste);
			return K_FN(KX_PASTE);
		}
		return K_FN((int)wc);
	}
	if (wc != K_ESC)
		return (int)wc;
	/* Escape then a key at once: Alt and that key. */
	timeout(0);
	r2 = get_wch(&wc2);
	if (r2 == ERR)
		return K_ESC;
	if (r2 == KEY_CODE_YES) {
		if (wc2 == KEY_LEFT || wc2 == KEY_RIGHT || wc2 == KEY_BACKSPACE)
			return K_ALT(K_FN((int)wc2));
		/* Esc typed just before another key: both count. */
		ungetch((int)wc2);
		return K_ESC;
	}
	if (wc2 == K_ESC) {
		unget_wch((wchar_t)wc2);
		return K_ESC;
	}
	return K_ALT((int)wc2);
}
