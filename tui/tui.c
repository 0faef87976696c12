/*
 * tui.c: the interface's entry: opens the forum, shows its title and
 * tracks, and quits cleanly.  The capture screens build on this.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/records.h"
#include "../model/text.h"
#include "../model/util.h"
#include "tui.h"

/* Draws s at (y, x), sanitised and cut to max columns. */
static void
draw_text(int y, int x, const char *s, int max)
{
	struct buf clean = {0}, cut = {0};

	if (max <= 0)
		return;
	text_sanitise(&clean, s, strlen(s), 0);
	text_cut(&cut, buf_str(&clean), clean.len, (size_t)max, "…", NULL);
	mvaddstr(y, x, buf_str(&cut));
	buf_free(&clean);
	buf_free(&cut);
}

static void
draw(struct forum *f)
{
	struct forum_info fi;
	struct track *t = NULL;
	size_t n = 0, i;
	char line[64];

	erase();
	if (forum_info_get(f, &fi) == ST_OK) {
		attron(A_BOLD);
		draw_text(0, 0, fi.title, COLS);
		attroff(A_BOLD);
		forum_info_free(&fi);
	}
	draw_text(1, 0, forum_path(f), COLS);
	if (track_list(f, &t, &n) == ST_OK) {
		for (i = 0; i < n && (int)i + 3 < LINES - 1; i++) {
			snprintf(line, sizeof line, "%zu. ", i + 1);
			mvaddstr((int)i + 3, 2, line);
			draw_text((int)i + 3, 2 + (int)strlen(line), t[i].title,
			    COLS - 2 - (int)strlen(line));
		}
		track_free(t, n);
	}
	draw_text(LINES - 1, 0, "q: quit", COLS);
	refresh();
}

int
tui_main(const char *path)
{
	struct forum *f;
	char *err;
	int ch;

	if (forum_open(path, 0, &f, &err) != ST_OK) {
		struct buf b = {0};

		text_sanitise(&b, err, strlen(err), 0);
		fprintf(stderr, "agora: %s\n", buf_str(&b));
		buf_free(&b);
		free(err);
		return 1;
	}
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	draw(f);
	while ((ch = getch()) != 'q' && ch != 'Q' && ch != 27 && ch != ERR)
		if (ch == KEY_RESIZE)
			draw(f);
	endwin();
	forum_close(f);
	return 0;
}
