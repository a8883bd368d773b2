#!/usr/bin/env bash
# Refresh the Korean translation: extract every tr() string from app/ui/**/*.py into
# resources/translations/ondol_ko.ts (the translators' file, kept in git; existing translations
# are merged, removed strings dropped), then compile it to app/resources/translations/ondol_ko.qm
# (the file shipped inside the package and loaded by app/ui/i18n.py).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TS="resources/translations/ondol_ko.ts"
QM="app/resources/translations/ondol_ko.qm"

mapfile -d '' SOURCES < <(find app/ui -type f -name '*.py' -print0 | LC_ALL=C sort -z)
if [[ ${#SOURCES[@]} -eq 0 ]]; then
    echo "translations.sh: no Python files under app/ui" >&2
    exit 1
fi

mkdir -p "$(dirname "$TS")" "$(dirname "$QM")"
.venv/bin/pyside6-lupdate -no-obsolete -locations relative \
    -source-language en -target-language ko \
    "${SOURCES[@]}" -ts "$TS"
.venv/bin/pyside6-lrelease "$TS" -qm "$QM"
