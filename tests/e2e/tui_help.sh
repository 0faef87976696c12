#!/bin/sh
# Help and the key bar end to end, in a real terminal (tmux): F1 (or ?)
# on the start, capture, search and preview screens lists every action
# that screen handles and every global one, each with its keys and help
# text as the one table (tui/actions.h) gives them, and the function-key
# bar shows exactly the labels that table gives for that screen.  The
# expected lines are read from the sources, so a new action is checked
# as soon as it is in the table.
. "$TOP/tests/e2e/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed"; exit 77; }
# Wide enough that no help line is cut.
TUI_SIZE=160x50
. "$TOP/tests/e2e/tmux.sh"

rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm"
cp "$TOP/sample_forum.db" "$T/f.db"

# expected FILE ARRAY: the help lines ("  keys  help") of the actions in
# the array ARRAY of tui/FILE, then "--", then the global ones it does not
# handle itself, then "--", then the key bar at 160 columns.
expected() {
	python3 - "$TOP" "$1" "$2" <<'EOF'
import re, sys

top, path, array = sys.argv[1:4]

def read(p):
    with open(f"{top}/{p}", encoding="utf-8") as f:
        return f.read()

def split_args(s):
    """Splits a macro call's arguments at top-level commas."""
    args, cur, depth, i = [], "", 0, 0
    while i < len(s):
        c = s[i]
        if c in "\"'":
            j = i + 1
            while s[j] != c:
                j += 2 if s[j] == "\\" else 1
            cur += s[i:j + 1]
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                args.append(cur.strip())
                return args
            depth -= 1
        elif c == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
            i += 1
            continue
        cur += c
        i += 1
    raise SystemExit("unbalanced ACTION entry")

def strings(expr):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', expr))

# The table: ACTION(name, key, alt_key, fkey, help), in enum order.
lines = read("tui/actions.h").split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("#define ACTIONS("))
body = []
for l in lines[start:]:
    body.append(l.rstrip().rstrip("\\"))
    if not l.rstrip().endswith("\\"):
        break
body = " ".join(body)
table = []
for m in re.finditer(r"\b_\(", body):
    a = split_args(body[m.end():])
    table.append({"name": a[0], "key": a[1], "alt": a[2],
                  "fkey": strings(a[3]), "help": strings(",".join(a[4:]))})

FN = {"KEY_UP": "Up", "KEY_DOWN": "Down", "KEY_LEFT": "Left",
      "KEY_RIGHT": "Right", "KEY_PPAGE": "PgUp", "KEY_NPAGE": "PgDn",
      "KEY_HOME": "Home", "KEY_END": "End", "KEY_IC": "Insert",
      "KEY_DC": "Delete", "KEY_SR": "Shift-Up", "KEY_SF": "Shift-Down"}
PLAIN = {"K_ENTER": "Enter", "K_TAB": "Tab", "K_ESC": "Esc",
         "' '": "Space", "K_DEL": "Backspace"}

def key_name(e):
    e = e.strip()
    m = re.fullmatch(r"K_ALT\((.*)\)", e)
    if m:
        return "Alt-" + key_name(m.group(1))
    m = re.fullmatch(r"K_FN\(KEY_F\((\d+)\)\)", e)
    if m:
        return "F" + m.group(1)
    m = re.fullmatch(r"K_FN\((KEY_\w+)\)", e)
    if m and m.group(1) in FN:
        return FN[m.group(1)]
    if e in PLAIN:
        return PLAIN[e]
    m = re.fullmatch(r"K_CTRL\('(.)'\)", e)
    if m:
        return "Ctrl-" + m.group(1).upper()
    m = re.fullmatch(r"'(.)'", e)
    if m:
        return m.group(1)
    raise KeyError(e)

def action_list(p, name):
    src = read(p)
    m = re.search(name + r"\[\]\s*=\s*\{(.*?)\};", src, re.S)
    if not m:
        raise SystemExit(f"no {name}[] in {p}")
    return [a.strip()[4:] for a in m.group(1).split(",")
            if a.strip().startswith("ACT_") and a.strip() != "ACT_NONE"]

own = set(action_list("tui/" + path, array))
glob = set(action_list("tui/keymap.c", "global_actions"))

def line(a):
    """The help line; for a key this script cannot name (a new kind in
    keys.h), "?" and the help text alone, checked without the keys."""
    try:
        keys = key_name(a["key"])
        if a["alt"].strip() != "0":
            keys += ", " + key_name(a["alt"])
    except KeyError:
        return "?" + a["help"]
    return f"  {keys:<22} {a['help']}"

for a in table:
    if a["name"] in own:
        print(line(a))
print("--")
for a in table:
    if a["name"] in glob and a["name"] not in own:
        print(line(a))
print("--")
bar = ""
for n in range(1, 11):
    label = ""
    for a in table:
        if a["key"].replace(" ", "") == f"K_FN(KEY_F({n}))" and a["fkey"]:
            if a["name"] in own or a["name"] in glob:
                label = a["fkey"]
            break
    x0, x1 = (n - 1) * 160 // 10, n * 160 // 10
    bar += (str(n) + label).ljust(x1 - x0)
print(bar.rstrip())
EOF
}

# help_lines NAME: every line of the help screen, paging down to its end.
help_lines() {
	: >"$T/help.all"
	_i=0
	while [ $_i -lt 8 ]; do
		screen "$1" >>"$T/help.all"
		keys "$1" PgDn
		_i=$((_i + 1))
	done
	sed 's/[[:space:]]*$//' "$T/help.all" | sort -u
}

# check_screen NAME FILE ARRAY TITLE: the open help screen of the screen
# whose actions are ARRAY in tui/FILE, and the bar under it before.
check_help() {
	expected "$2" "$3" >"$T/want" || { fail "cannot read the table"; return; }
	help_lines "$1" >"$T/got"
	grep -qF "On this screen ($4):" "$T/got" || fail "help lacks its title ($4)"
	awk '/^--$/ { part++; next } part < 2' "$T/want" | while IFS= read -r l; do
		case $l in
		"?"*) grep -qF -- "${l#?}" "$T/got" || echo "$l" ;;
		*) grep -qxF -- "$l" "$T/got" || echo "$l" ;;
		esac
	done >"$T/missing"
	[ -s "$T/missing" ] && fail "help of $4 lacks:
$(cat "$T/missing")
it shows:
$(cat "$T/got")"
	n=$(awk '/^--$/ { part++; next } part < 2' "$T/want" | wc -l)
	[ "$n" -gt 5 ] || fail "too few actions read from the table for $4 ($n)"
}

check_bar() {
	want=$(expected "$2" "$3" | awk '/^--$/ { part++; next } part == 2')
	got=$(screen "$1" | tail -n 1 | sed 's/[[:space:]]*$//')
	[ "$got" = "$want" ] || fail "the key bar of $4 is
'$got', want
'$want'"
}

tmux_start a "$AGORA" "$T/f.db"
wait_for a "Tracks" || finish
check_bar a start.c start_actions start
keys a "?"
wait_for a "Help: every key"
check_help a start.c start_actions start
keys a Escape
wait_gone a "Help: every key"

keys a Down Enter Enter
wait_for a "Proposals of the session" || finish
check_bar a capture.c capture_actions capture
keys a F1
wait_for a "Help: every key"
check_help a capture.c capture_actions capture
expect_screen a "In the text editor:"
# F1 again closes it.
keys a F1
wait_gone a "Help: every key"

keys a F7
wait_for a "found"
check_bar a search.c search_actions search
keys a F1
wait_for a "Help: every key"
check_help a search.c search_actions search
keys a F10
wait_gone a "Help: every key"
keys a Escape
wait_for a "Proposals of the session"

keys a Tab C-p
wait_for a "Preview of the resolution"
check_bar a preview.c preview_actions preview
keys a F1
wait_for a "Help: every key"
check_help a preview.c preview_actions preview
keys a Escape Escape
wait_for a "Proposals of the session"

# F9: the menu lists the screen's actions with their keys, from the table.
keys a F9
wait_for a "Menu"
expect_screen a "Choose the proposal's addressees"
expect_screen a "F3"
keys a Escape
wait_gone a "┌ Menu"
keys a F10 F10
wait_exit a
finish
