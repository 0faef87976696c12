#!/bin/sh
# The interface in the user's language (gettext, po/): with a Russian
# locale the command line (--help, a usage error, an error, a report with
# plural forms) and the interface in a real terminal (the function-key
# bar, screen titles, the help, the menu, an undo message) speak Russian;
# with C.UTF-8 the same are English.  The resolution stays Russian and
# the exports are byte for byte the same in both locales.  And the
# catalog is complete: every message marked in the sources (po/POTFILES,
# which lists every file that marks one) has a Russian translation,
# neither missing nor fuzzy.
. "$TOP/tests/e2e/lib.sh"

command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 ||
	{ echo "gettext (msgfmt, xgettext) is not installed: make deps"; exit 77; }
locale -a 2>/dev/null | grep -qix 'ru_RU\.utf-\{0,1\}8' ||
	{ echo "the ru_RU.UTF-8 locale is missing: make deps"; exit 77; }

# The catalogs the build compiled (the Makefile's mo target).
LOCALES=$TOP/build/locale
[ -f "$LOCALES/ru/LC_MESSAGES/agora.mo" ] ||
	{ fail "no $LOCALES/ru/LC_MESSAGES/agora.mo: make mo"; finish; }

rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm"
cp "$TOP/sample_forum.db" "$T/f.db"

# ru CMD...: CMD in a Russian locale (tests/run.sh sets LC_ALL=C.UTF-8).
ru() {
	env LANG=ru_RU.UTF-8 LC_ALL=ru_RU.UTF-8 AGORA_LOCALEDIR="$LOCALES" "$@"
}
en() {
	env LANG=C.UTF-8 LC_ALL=C.UTF-8 AGORA_LOCALEDIR="$LOCALES" "$@"
}

# ---- the command line ----

expect_status 0 ru "$AGORA" --help
expect_out "^Команды:$"
expect_out "^  new      создать новый файл форума$"
expect_out "^'agora COMMAND --help' описывает команду"
expect_status 0 en "$AGORA" --help
expect_out "^Commands:$"
expect_out "^  new      create a new forum file$"

expect_status 0 ru "$AGORA" export --help
expect_out "^вызов: agora export FILE"
expect_out "записать собранную резолюцию"

# A usage error and a run-time error.
expect_status 2 ru "$AGORA" info
expect_err "^agora info: не указан FILE$"
expect_err "^вызов: agora info FILE$"
expect_status 2 en "$AGORA" info
expect_err "^agora info: no FILE given$"
expect_status 2 ru "$AGORA" export f.db --format nosuch
expect_err "неизвестный формат «nosuch»"
expect_status 2 en "$AGORA" export f.db --format nosuch
expect_err 'unknown format "nosuch"'
expect_status 1 ru "$AGORA" add f.db --track nosuch --text "Текст"
expect_err "нет секции «nosuch»; есть секции:"
expect_status 1 en "$AGORA" add f.db --track nosuch --text "Text"
expect_err 'no track "nosuch"; the tracks are:'

# Found without AGORA_LOCALEDIR too: installed, or beside the build (as
# for make run).
expect_status 0 env LANG=ru_RU.UTF-8 LC_ALL=ru_RU.UTF-8 "$AGORA" --help
expect_out "^Команды:$"

# A report: the words of the count in their Russian forms.
expect_status 0 ru "$AGORA" info f.db
expect_out "^Предложений: [0-9]*$"
expect_out "^  принято  *[0-9]*$"
expect_out "^По секциям:$"
expect_status 0 ru "$AGORA" duplicates f.db
expect_out "^Дубликаты от 50% сходства: [0-9]* групп[аы]\{0,1\}, [0-9]* предложени[еяй] (сравнено: [0-9]*)$"

# ---- the exports: the same bytes whatever the language ----

for fmt in txt csv md json html; do
	SOURCE_DATE_EPOCH=1517270400 ru "$AGORA" export f.db --format "$fmt" \
		-o "$T/ru.$fmt" 2>"$T/stderr" || fail "ru export $fmt: $(cat "$T/stderr")"
	SOURCE_DATE_EPOCH=1517270400 en "$AGORA" export f.db --format "$fmt" \
		-o "$T/en.$fmt" 2>"$T/stderr" || fail "en export $fmt: $(cat "$T/stderr")"
	cmp -s "$T/ru.$fmt" "$T/en.$fmt" ||
		fail "the $fmt export differs between ru_RU.UTF-8 and C.UTF-8"
done
ru "$AGORA" export f.db >"$T/ru.out" 2>&1
en "$AGORA" export f.db >"$T/en.out" 2>&1
cmp -s "$T/ru.out" "$T/en.out" ||
	fail "agora export f.db differs between ru_RU.UTF-8 and C.UTF-8"
grep -q "^По итогам работы" "$T/ru.out" || fail "the resolution is not Russian"

# ---- the catalog: every marked message translated ----

cd "$TOP" || exit 1
for f in cli/*.c exports/*.c imports/*.c model/*.c model/*.h tui/*.c tui/*.h; do
	[ "$f" = model/i18n.h ] && continue
	grep -qE '(^|[^A-Za-z0-9_])(N_|P_|_)\("' "$f" || continue
	grep -qxF "$f" po/POTFILES || fail "$f marks messages but is not in po/POTFILES"
done
xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kP_:1,2 \
	-f po/POTFILES -o "$T/agora.pot" 2>"$T/xgettext.err" ||
	fail "xgettext: $(cat "$T/xgettext.err")"
msgmerge --quiet --no-fuzzy-matching -o "$T/ru.po" po/ru.po "$T/agora.pot" ||
	fail "msgmerge failed"
msgfmt --check --statistics -o /dev/null "$T/ru.po" 2>"$T/stats"
grep -qE "untranslated|fuzzy" "$T/stats" && {
	fail "po/ru.po is not complete: $(cat "$T/stats")"
	msgattrib --untranslated "$T/ru.po" | grep '^msgid' | head -20
}
grep -q "translated message" "$T/stats" || fail "msgfmt: $(cat "$T/stats")"
msgfmt --check -o /dev/null po/ru.po 2>"$T/check" || fail "msgfmt --check po/ru.po: $(cat "$T/check")"
grep -q '^"Plural-Forms: nplurals=3;' po/ru.po || fail "po/ru.po: not three plural forms"
cd "$T" || exit 1

# ---- the interface in a terminal ----

. "$TOP/tests/e2e/tmux.sh"

TUI_ENV="LANG=ru_RU.UTF-8 LC_ALL=ru_RU.UTF-8 AGORA_LOCALEDIR=$LOCALES" \
	tmux_start r "$AGORA" "$T/f.db"
wait_for r "┌ Секции" || finish
wait_for r "1Помощь"
expect_screen r "10Выход"
expect_screen r "Каждое изменение сохраняется сразу"
keys r Down Enter Enter
wait_for r "Предложения сессии: 6" || finish
expect_screen r "┌ Похожие"
expect_screen r "┌ Новое предложение"
expect_screen r "2Сохран"
expect_screen r "3Адресат"
expect_screen r "6Голоса"
expect_no_screen r "Proposals of the session"
keys r F1
wait_for r "Помощь: все клавиши"
expect_screen r "На этом экране (запись предложений):"
keys r Escape
wait_gone r "Помощь: все клавиши"
keys r F9
wait_for r "┌ Меню"
keys r Escape
wait_gone r "┌ Меню"
# An undo message: the action's label, stored in English, is shown in
# Russian.
keys r Tab F8
wait_for r "удалено (Ctrl-Z вернёт)"
keys r C-z
wait_for r "Отменено: удаление предложения"
keys r F10
wait_for r "┌ Секции"
keys r F10
wait_exit r

tmux_start e "$AGORA" "$T/f.db"
wait_for e "┌ Tracks" || finish
wait_for e "1Help"
expect_screen e "10Quit"
keys e Down Enter Enter
wait_for e "Proposals of the session: 6" || finish
expect_screen e "┌ Similar"
expect_screen e "2Save"
expect_no_screen e "Предложения сессии"
expect_no_screen e "Помощь"
keys e F10
wait_for e "┌ Tracks"
keys e F10
wait_exit e

finish
