/*
 * dialog.h: the small modal windows every screen shares: a menu (pick one
 * of a few items; digits pick at once) and a form (a few one-line fields).
 */
#ifndef AGORA_TUI_DIALOG_H
#define AGORA_TUI_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

/* Called after the menu has closed, with the chosen item. */
typedef void (*menu_fn)(struct app *a, void *ctx, size_t choice);

/* Opens a menu of n items (copied); sel is selected first. */
void menu_open(struct app *a, const char *title, const char *const *items,
    size_t n, size_t sel, menu_fn done, void *ctx);

/*
 * Called when the form is submitted with its n values; returns true to
 * close the form (false keeps it open: the callback set a message).  It
 * must not push screens.
 */
typedef bool (*form_fn)(struct app *a, void *ctx, char **values);

void form_open(struct app *a, const char *title, size_t n,
    const char *const *labels, const char *const *values, form_fn done,
    void *ctx);

/*
 * A form of one multi-line text field (a proposal's wording): words wrap,
 * Ctrl-J breaks the line, Enter submits; done gets the one value.
 */
void form_open_text(struct app *a, const char *title, const char *label,
    const char *value, form_fn done, void *ctx);

/* The F9 menu: every action of screen ops, run on that screen. */
void menu_actions_open(struct app *a, const struct screen_ops *ops);

#endif
