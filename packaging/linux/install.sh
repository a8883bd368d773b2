#!/usr/bin/env bash
# Install the built Ondol for this user, so it starts from the applications menu (or a
# double-click on its entry) and as `ondol` in a terminal:
#   the app         PREFIX/opt/ondol/                      (a copy of the Ondol folder)
#   the command     PREFIX/bin/ondol -> ../opt/ondol/Ondol
#   the menu entry  PREFIX/share/applications/ondol.desktop
#   the icons       PREFIX/share/icons/hicolor/<size>x<size>/apps/ondol.png, scalable/apps/ondol.svg
# PREFIX is ~/.local unless given. Running it again replaces the earlier install; --uninstall
# removes exactly these files (chats, settings and models stay in Ondol's data folder).
#   usage: install.sh [--prefix DIR] [--from APP_FOLDER] [--uninstall]
# It works from the repository (packaging/linux/install.sh, APP_FOLDER defaults to dist/Ondol)
# and from inside an unpacked Ondol folder, where the build puts a copy of it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PREFIX="$HOME/.local"
FROM=""
UNINSTALL=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX="$2"; shift 2 ;;
        --from) FROM="$2"; shift 2 ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -z "$FROM" ]; then
    if [ -x "$HERE/Ondol" ]; then FROM="$HERE"; else FROM="$HERE/../../dist/Ondol"; fi
fi
mkdir -p "$PREFIX"
PREFIX="$(cd "$PREFIX" && pwd)"
APP="$PREFIX/opt/ondol"
LINK="$PREFIX/bin/ondol"
DESKTOP="$PREFIX/share/applications/ondol.desktop"
ICONS="$PREFIX/share/icons/hicolor"

refresh_caches() {
    # Menus and icon themes notice new files by themselves too; these only make it immediate.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$PREFIX/share/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$ICONS/index.theme" ]; then
        gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
    fi
}

refuse_foreign() {
    # Only what this script puts there is replaced: an app folder holding our executable.
    if [ -e "$APP" ] && [ ! -x "$APP/Ondol" ]; then
        echo "install.sh: $APP does not look like an Ondol install; leaving it alone" >&2
        exit 1
    fi
}

remove_installed() {
    rm -rf "$APP"
    if [ -L "$LINK" ] && [ "$(readlink "$LINK")" = "../opt/ondol/Ondol" ]; then rm -f "$LINK"; fi
    rm -f "$DESKTOP" "$ICONS"/*/apps/ondol.png "$ICONS/scalable/apps/ondol.svg"
}

refuse_foreign
if [ "$UNINSTALL" = 1 ]; then
    remove_installed
    refresh_caches
    echo "Ondol removed from $PREFIX (its chats, settings and models are kept)."
    exit 0
fi

if ! FROM="$(cd "$FROM" 2>/dev/null && pwd)"; then
    echo "install.sh: no built app; run packaging/build.sh" >&2
    exit 1
fi
if [ ! -x "$FROM/Ondol" ] || [ ! -d "$FROM/_internal" ]; then
    echo "install.sh: $FROM is not an Ondol folder (no Ondol executable); run packaging/build.sh" >&2
    exit 1
fi
TEMPLATE="$FROM/ondol.desktop"
[ -f "$TEMPLATE" ] || TEMPLATE="$HERE/ondol.desktop"
ICON_SOURCE="$FROM/_internal/app/resources/icons"

# Copy next to the target first, then swap: an interrupted install never leaves half an app.
mkdir -p "$PREFIX/opt" "$PREFIX/bin" "$(dirname "$DESKTOP")" "$ICONS/scalable/apps"
rm -rf "$APP.new"
cp -a "$FROM" "$APP.new"
remove_installed
mv "$APP.new" "$APP"
if [ -e "$LINK" ] || [ -L "$LINK" ]; then
    echo "install.sh: $LINK is not Ondol's link (a pip install?); left as it is" >&2
else
    ln -s ../opt/ondol/Ondol "$LINK"
fi
for png in "$ICON_SOURCE"/ondol-*.png; do
    size="$(basename "$png" .png)"; size="${size#ondol-}"
    install -D -m 644 "$png" "$ICONS/${size}x${size}/apps/ondol.png"
done
install -m 644 "$ICON_SOURCE/ondol.svg" "$ICONS/scalable/apps/ondol.svg"
# The full path, quoted as the desktop entry spec asks, so PREFIX/bin need not be on PATH.
sed -e "s|^TryExec=.*|TryExec=$APP/Ondol|" -e "s|^Exec=.*|Exec=\"$APP/Ondol\"|" \
    -e '/^# install.sh/d' "$TEMPLATE" >"$DESKTOP"
chmod 644 "$DESKTOP"
refresh_caches
echo "Ondol installed in $APP: find it in the applications menu, or run $LINK."
