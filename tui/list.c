/*
 * list.c: the virtual list.  The widget owns only a selection and a
 * scroll offset; the rows stay with the source.
 */
#include "draw.h"
#include "list.h"

void
list_init(struct list *l, int row_h)
{
	l->sel = l->top = 0;
	l->row_h = row_h > 0 ? row_h : 1;
	l->page = 1;
	l->stick_bottom = false;
}

void
list_clamp(struct list *l, size_t count)
{
	size_t page = l->page > 0 ? (size_t)l->page : 1;

	if (count == 0) {
		l->sel = l->top = 0;
		return;
	}
	if (l->sel >= count)
		l->sel = count - 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + page)
		l->top = l->sel - page + 1;
	if (l->top + page > count)
		l->top = count > page ? count - page : 0;
}

void
list_select(struct list *l, size_t count, size_t i)
{
	l->sel = i;
	list_clamp(l, count);
}

void
list_draw(struct list *l, const struct list_source *src, void *ctx, int y,
    int x, int h, int w, const char *empty)
{
	size_t count = src->count(ctx), i, n;
	int row;

	l->page = h / l->row_h;
	if (l->page < 1)
		l->page = 1;
	list_clamp(l, count);
	draw_clear(y, x, h, w);
	if (count == 0) {
		if (empty != NULL)
			draw_str(y, x + 1, w - 1, empty, R_DIM);
		return;
	}
	n = count - l->top;
	if (n > (size_t)l->page)
		n = (size_t)l->page;
	if (src->fetch != NULL)
		src->fetch(ctx, l->top, n);
	for (i = 0; i < n; i++) {
		row = y + (int)i * l->row_h;
		src->draw_row(ctx, l->top + i, row, x, w, l->row_h,
		    l->top + i == l->sel);
	}
}

bool
list_action(struct list *l, size_t count, enum action act)
{
	size_t page = l->page > 1 ? (size_t)l->page - 1 : 1;

	switch (act) {
	case ACT_UP:
		if (l->sel > 0)
			l->sel--;
		break;
	case ACT_DOWN:
		if (l->sel + 1 < count)
			l->sel++;
		break;
	case ACT_PGUP:
		l->sel = l->sel > page ? l->sel - page : 0;
		if (l->top > page)
			l->top -= page;
		else
			l->top = 0;
		break;
	case ACT_PGDN:
		l->sel += page;
		l->top += page;
		break;
	case ACT_FIRST:
		l->sel = 0;
		break;
	case ACT_LAST:
		l->sel = count > 0 ? count - 1 : 0;
		break;
	default:
		return false;
	}
	list_clamp(l, count);
	return true;
}
