#!/bin/sh
# SPDX-License-Identifier: MIT
# The extraction pipeline hvinspect is measured against (issue 2): The Sleuth
# Kit finds the partition (mmls), the hive (ifind) and copies it to a temp
# file (icat), then hivexget reads one value from the copy.
# usage: bench_extract.sh IMAGE.vhd
set -eu
img=$1
start=$(mmls -i vhd "$img" | awk '/Basic data/ {print $3 + 0; exit}')
inode=$(ifind -i vhd -o "$start" -n Windows/System32/config/SOFTWARE "$img")
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
icat -i vhd -o "$start" "$img" "$inode" > "$tmp"
hivexget "$tmp" '\Microsoft\Virtual Machine\Guest\Parameters' HostingSystemOsMajor
