#!/bin/sh
# Make sure the Debian packages named as arguments are installed.
# As root with apt-get: install the missing ones. Otherwise: print the command and fail.
missing=""
for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "letterpdf needs Pango (>= 1.44), HarfBuzz and, for the tests, qpdf and poppler-utils." >&2
    echo "Install them with your system's package manager, then run make again." >&2
    exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || exit 1
    exit 0
fi
echo "Missing system packages:$missing" >&2
echo "Run:  sudo apt-get install$missing" >&2
exit 1
