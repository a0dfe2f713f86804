#!/usr/bin/env bash
# Records FRR 8.4's JSON answers from a converged quickstart lab named "lab" into Fixtures/quickstart,
# the recording LabJudgeTests judge (the plan there is made for a lab named "lab").
#   dotnet run --project src/EvpnCompile.Cli -- lab up examples/quickstart
#   bash tests/EvpnCompile.Tests/Lab/Fixtures/record.sh
#   dotnet run --project src/EvpnCompile.Cli -- lab down
# Run as root from the repository root; review `git diff` of the fixtures before committing.
set -euo pipefail
out=tests/EvpnCompile.Tests/Lab/Fixtures/quickstart
state=/run/evpnc-lab/lab
[ -d "$state" ] || { echo "no lab named 'lab' is up" >&2; exit 2; }
rm -f "$out"/*
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dotnet run --project src/EvpnCompile.Cli -- build examples/quickstart -o "$tmp/out" >/dev/null
cp "$tmp/out/routes.json" "$out/routes.json"
for dir in "$state"/nodes/*; do
  node=$(basename "$dir")
  v() { vtysh -N "lab-$node" -c "$1"; }
  v "show bgp summary json" > "$out/$node.bgp-summary.json"
  v "show bgp l2vpn evpn route json" > "$out/$node.evpn-routes.json"
  v "show bgp ipv4 unicast json" > "$out/$node.underlay.json"
  enter=(nsenter --net=/run/netns/lab-"$node" --uts="$dir/uts" --)
  [ -e "$dir/mnt" ] && enter=(nsenter --mount="$dir/mnt" --net=/run/netns/lab-"$node" --uts="$dir/uts" --)
  "${enter[@]}" python3 /usr/lib/frr/frr-reload.py --test --stdout --pathspace "lab-$node" "/etc/frr/lab-$node/frr.conf" > "$out/$node.frr-reload.txt" 2>/dev/null
  if [ -e "$dir/mnt" ]; then
    v "show evpn vni detail json" > "$out/$node.evpn-vni.json"
    for vrf in $(nsenter --mount="$dir/mnt" -- ls /run/netns); do
      v "show ip route vrf $vrf json" > "$out/$node.vrf-$vrf.json"
      "${enter[@]}" ip -n "$vrf" -json link show > "$out/$node.links-$vrf.json"
    done
  fi
done

ls "$out" | wc -l
