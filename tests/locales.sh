#!/bin/sh
# Generates the locales named on the command line (as ru_RU.UTF-8) that
# are missing: the tests of the translated interface need them.  Prints
# each one it makes; says nothing more when all are present.
missing=
for l in "$@"; do
	# locale -a spells ru_RU.UTF-8 as ru_RU.utf8.
	norm=$(printf '%s' "$l" | sed 's/\.UTF-8$/.utf8/; s/\.utf-8$/.utf8/')
	locale -a 2>/dev/null | grep -qxF "$norm" || missing="$missing $l"
done
[ -z "$missing" ] && exit 0
echo "deps: generating the locales:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: run as root, or generate them yourself: localedef -i ru_RU -f UTF-8 ru_RU.UTF-8" >&2
	exit 1
fi
for l in $missing; do
	name=${l%%.*}
	charset=${l#*.}
	# Kept in /etc/locale.gen too, so that a later locale-gen keeps it.
	if [ -f /etc/locale.gen ]; then
		grep -q "^$l $charset\$" /etc/locale.gen ||
			sed -i "s/^# *$l $charset\$/$l $charset/" /etc/locale.gen
		grep -q "^$l $charset\$" /etc/locale.gen ||
			echo "$l $charset" >>/etc/locale.gen
	fi
	localedef -i "$name" -f "$charset" "$l" || exit 1
done
echo "deps: done"
