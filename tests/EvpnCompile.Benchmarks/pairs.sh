#!/bin/bash
# pairs.sh EVPNC [HOSTS] [TENANTS] [WORKDIR]: `validate` next to each build it is compared with, so that a
# ratio is taken from runs a few seconds apart on a shared machine (compare.sh's ratios span minutes).
# Prints, per run: seconds, peak RSS, load average after it. Uses /work/shared/bench/gen_fabric.py.
set -u
b=$1; h=${2:-1000}; n=${3:-250}; w=${4:-$(mktemp -d "${TMPDIR:-/tmp}/evpnc-pairs.XXXXXX")}
f=$w/in; o=$w/out
rm -rf "$f" "$o" "$w/.out.evpnc-state"
/usr/bin/python3 /work/shared/bench/gen_fabric.py "$f" "$h" "$n" --l2 --spines
t() { local s=$(date +%s.%N); /usr/bin/time -f "%M" -o "$w/rss" "$@" >/dev/null 2>&1; local rc=$?; local e=$(date +%s.%N)
      awk -v a=$s -v b=$e -v r=$rc 'BEGIN{printf "%.2f%s", b-a, (r?"(rc="r")":"")}'; echo " s, $(cat "$w/rss") KB, load $(uptime | sed 's/.*load average: //')"; }
echo "validate (no lock): $(t "$b" validate "$f")"
echo "cold: $(t "$b" build "$f" -o "$o" --progress never)"
for i in 1 2 3; do
  echo "validate: $(t "$b" validate "$f")"
  echo "unchanged: $(t "$b" build "$f" -o "$o")"
done
for i in 1 2; do
  sed -i "s/maxPods: [0-9]*/maxPods: $((90 + i))/" "$f/tenants/t001.yaml"
  echo "validate: $(t "$b" validate "$f")"
  echo "edit: $(t "$b" build "$f" -o "$o")"
done
echo "files: $(find "$o" -type f | wc -l)"
