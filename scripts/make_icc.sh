#!/bin/sh
# Make styles/icc/FOGRA39L.icc, the CMYK output intent of `--profile print`
# (PDF/X-4): ArgyllCMS's colprof builds it from the FOGRA39L characterization data
# (offset printing on coated paper, ISO 12647-2) that Debian's icc-profiles-free ships
# under the Zlib licence. Maintainers only; the result is committed.
#   apt-get install argyll icc-profiles-free && sh scripts/make_icc.sh
set -eu
out=$(dirname "$0")/../styles/icc
work=$(mktemp -d)
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
(cd "$work" && colprof -ql -bl -kr -S /usr/share/color/icc/sRGB.icc -cmt -dpp \
  -D "FOGRA39L coated (letterpdf, from FOGRA39 data)" \
  -C "Made by ArgyllCMS colprof from FOGRA39L.ti3 (icc-profiles-free, Zlib)" FOGRA39L)
cp "$work/FOGRA39L.icc" "$out/FOGRA39L.icc"
rm -r "$work"
