using System.Text.RegularExpressions;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Tests.Support;

/// <summary>
/// Checks tenant isolation from the rendered files alone (not the model that produced them):
/// each VRF imports only its own route target and those of its consented leak partners (read from
/// the tenants' own import/export lists), advertises only its own prefixes (so a hub cannot pass one
/// partner's routes to another), takes through `import vrf` only a consented partner's own prefixes
/// from that partner's VRF, installs in the kernel only its own and its partners' ranges, is carried
/// (with its L3VNI) wherever a partner it imports originates routes (else its traffic is black-holed
/// there), each L3VNI maps to exactly one VRF on every host, no interface sits in two VRFs, and every
/// leaf session to a host has inbound policy in both address families. Dual-stack fabrics: the same
/// rules in IPv6 (`ipv6 prefix-list evpnc-T-own6`, `match ipv6 address prefix-list`, `advertise ipv6
/// unicast`, and every VRF's `ipv6 protocol bgp route-map`, since an IPv6 type-5 route can reach any VRF).
/// </summary>
public static partial class IsolationChecker
{
    /// <param name="consent">tenant to the tenants whose routes it may receive: those it imports with their
    /// consent, and those that import it with its consent (their replies).</param>
    public static IReadOnlyList<string> Check(IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, IReadOnlySet<string>> consent)
    {
        var problems = new List<string>();
        var confs = files.Where(f => f.Key.EndsWith("/etc/frr/frr.conf", StringComparison.Ordinal)).ToList();

        // The route target each VRF exports, as every node renders it.
        var exportsOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (_, text) in confs)
            foreach (var vrf in FrrText.VrfVnis(text).Keys)
            {
                if (!exportsOf.TryGetValue(vrf, out var set)) exportsOf[vrf] = set = [];
                set.UnionWith(FrrText.Values(FrrText.TenantInstance(text, vrf), "route-target export "));
            }
        var ownerOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (vrf, rts) in exportsOf)
            foreach (var rt in rts)
                if (ownerOf.TryGetValue(rt, out var other) && other != vrf) problems.Add($"route target {rt} is exported by both {other} and {vrf}");
                else ownerOf[rt] = vrf;

        // Each tenant's own ranges, from its `evpnc-T-own` prefix-list (the same on every node).
        var ownRanges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (_, text) in confs)
            foreach (var (name, items) in FrrText.PrefixLists(text))
                if (name.StartsWith("evpnc-", StringComparison.Ordinal) && name.EndsWith("-own", StringComparison.Ordinal))
                    ownRanges[name[6..^4]] = items.Where(i => i.Action == "permit").Select(i => i.Prefix).ToList();
        var ownRanges6 = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (_, text) in confs)
            foreach (var (name, items) in FrrText.PrefixLists(text, "ipv6"))
                if (name.StartsWith("evpnc-", StringComparison.Ordinal) && name.EndsWith("-own6", StringComparison.Ordinal))
                    ownRanges6[name[6..^5]] = items.Where(i => i.Action == "permit").Select(i => i.Prefix).ToList();
        bool dualStack = confs.Any(c => c.Value.Contains("\nipv6 prefix-list ", StringComparison.Ordinal));

        foreach (var (path, text) in confs)
        {
            var vnis = FrrText.VrfVnis(text);
            var lists = FrrText.PrefixLists(text);
            var lists6 = FrrText.PrefixLists(text, "ipv6");
            foreach (var group in vnis.GroupBy(kv => kv.Value).Where(g => g.Count() > 1))
                problems.Add($"{path}: L3VNI {group.Key} maps to {string.Join(", ", group.Select(g => g.Key))}");
            foreach (var vrf in vnis.Keys)
                foreach (var rt in FrrText.Values(FrrText.TenantInstance(text, vrf), "route-target import "))
                {
                    if (!ownerOf.TryGetValue(rt, out var owner)) problems.Add($"{path}: VRF {vrf} imports {rt}, which no VRF exports");
                    else if (owner != vrf && !(consent.TryGetValue(vrf, out var allowed) && allowed.Contains(owner)))
                        problems.Add($"{path}: VRF {vrf} imports {owner}'s routes ({rt}) without consent");
                }
            var maps = FrrText.RouteMaps(text);
            foreach (var vrf in vnis.Keys)
            {
                // `import vrf` copies a VRF's table (a hub's holds its spokes' routes): it must be filtered
                // by a route-map whose every entry takes one consented partner's own prefixes, from that
                // partner's VRF only (match source-vrf).
                var block = FrrText.TenantInstance(text, vrf);
                var leaked = FrrText.Values(block, "import vrf ").Where(v => !v.StartsWith("route-map ", StringComparison.Ordinal)).ToList();
                // One filter for both families (address-family ipv4 and ipv6 unicast name the same route-map).
                var filters = FrrText.Values(block, "import vrf route-map ").Distinct().ToList();
                if (leaked.Count > 0 && filters.Count != 1)
                    problems.Add($"{path}: VRF {vrf} imports VRFs {string.Join(", ", leaked)} without a route-map");
                else if (leaked.Count > 0)
                {
                    var entries = maps.GetValueOrDefault(filters[0]) ?? [];
                    if (entries.Count == 0) problems.Add($"{path}: VRF {vrf}'s import filter {filters[0]} matches nothing it names");
                    foreach (var e in entries.Where(e => e.Action == "permit"))
                    {
                        string? source = e.Matches.GetValueOrDefault("source-vrf");
                        string? list = e.Matches.GetValueOrDefault("ip address prefix-list");
                        string? list6 = e.Matches.GetValueOrDefault("ipv6 address prefix-list");
                        bool consented = source is not null && leaked.Contains(source) && consent.TryGetValue(vrf, out var ok) && ok.Contains(source);
                        bool own = list is not null ? list6 is null && list == $"evpnc-{source}-own" : list6 == $"evpnc-{source}-own6";
                        if (!consented || !own)
                            problems.Add($"{path}: VRF {vrf}'s import filter {filters[0]} {e.Seq} takes {list ?? list6 ?? "everything"} from {source ?? "any VRF"}, not a consented partner's own prefixes from that partner");
                    }
                }
                // Type-5 advertisement limited by a route-map that permits only the VRF's own prefix-lists
                // (an entry per family: `ip` evpnc-T-own, `ipv6` evpnc-T-own6).
                var advertise = FrrText.Values(block, "advertise ipv4 unicast");
                var advertise6 = FrrText.Values(block, "advertise ipv6 unicast");
                if (advertise.Count != 1 || !advertise[0].StartsWith("route-map ", StringComparison.Ordinal)
                    || advertise6.Count > 1 || advertise6.Any(a => !a.StartsWith("route-map ", StringComparison.Ordinal)))
                    problems.Add($"{path}: VRF {vrf} advertises into EVPN without a route-map limiting it to its own prefixes");
                else
                    foreach (var map in advertise.Concat(advertise6).Select(a => a[10..]).Distinct())
                        if (maps.GetValueOrDefault(map) is not { Count: > 0 } adv
                            || adv.Any(e => e.Action == "permit" && (e.Matches.Count != 1
                                || (e.Matches.GetValueOrDefault("ip address prefix-list") != $"evpnc-{vrf}-own"
                                    && e.Matches.GetValueOrDefault("ipv6 address prefix-list") != $"evpnc-{vrf}-own6"))))
                            problems.Add($"{path}: VRF {vrf} advertises through route-map {map}, which is not its own prefix-list alone");

                // Zebra's FIB filter: the kernel table holds only the VRF's own and its partners' ranges, in
                // each family the fabric routes (an IPv6 type-5 route under its route target could reach any VRF).
                var vrfBlock = FrrText.VrfBlock(text, vrf);
                foreach (var family in dualStack ? new[] { "ip", "ipv6" } : ["ip"])
                {
                    var fib = FrrText.Values(vrfBlock, $"{family} protocol bgp route-map ");
                    if (fib.Count != 1)
                    {
                        problems.Add($"{path}: VRF {vrf} installs BGP routes in the kernel without an '{family} protocol bgp route-map' filter");
                        continue;
                    }
                    foreach (var e in maps.GetValueOrDefault(fib[0]) ?? [])
                    {
                        if (e.Action != "permit") continue;
                        var (name, known, ranges, covers) = e.Matches.GetValueOrDefault("ip address prefix-list") is { } v4
                            ? (v4, lists, ownRanges, (Func<string, string, bool>)Covers)
                            : (e.Matches.GetValueOrDefault("ipv6 address prefix-list"), lists6, ownRanges6, Covers6);
                        if (name is null || !known.TryGetValue(name, out var items))
                        {
                            problems.Add($"{path}: VRF {vrf}'s FIB filter {fib[0]} {e.Seq} permits without a prefix-list");
                            continue;
                        }
                        foreach (var (action, prefix, _) in items.Where(i => i.Action == "permit"))
                            if (!Reachable(vrf, consent).Any(t => ranges.GetValueOrDefault(t)?.Any(r => covers(r, prefix)) == true))
                                problems.Add($"{path}: VRF {vrf}'s FIB filter permits {prefix}, outside its own and its partners' ranges");
                    }
                }
            }

            // Encapsulation: a VRF sends traffic to a partner's routes in its own L3VNI, so every node
            // where the partner originates routes (its VRF redistributes connected subnets) must carry the
            // importing VRF with the same L3VNI, or the traffic is dropped there.
            foreach (var (vrf, vni) in vnis)
                foreach (var rt in FrrText.Values(FrrText.TenantInstance(text, vrf), "route-target import "))
                {
                    if (!ownerOf.TryGetValue(rt, out var owner) || owner == vrf) continue;
                    foreach (var (otherPath, otherText) in confs)
                    {
                        if (!FrrText.TenantInstance(otherText, owner).Contains("redistribute connected")) continue;
                        var there = FrrText.VrfVnis(otherText);
                        if (!there.TryGetValue(vrf, out long vniThere) || vniThere != vni)
                            problems.Add($"{path}: VRF {vrf} imports {owner}'s routes and sends to them in VNI {vni}, but {otherPath}, where {owner} originates routes, has no VRF {vrf} with VNI {vni}");
                    }
                }
        }

        // The fabric edge: every leaf session to a host has an inbound route-map in both address families.
        foreach (var (path, text) in confs)
        {
            var underlay = FrrText.Underlay(text);
            var hostPorts = underlay.Where(l => l.StartsWith("neighbor ", StringComparison.Ordinal) && l.EndsWith(" interface peer-group hosts", StringComparison.Ordinal))
                .Select(l => l.Split(' ')[1]).ToList();
            foreach (var port in hostPorts)
            {
                int inbound = underlay.Count(l => l.StartsWith($"neighbor {port} route-map ", StringComparison.Ordinal) && l.EndsWith(" in", StringComparison.Ordinal));
                if (inbound != 2) problems.Add($"{path}: host port {port} has {inbound} inbound route-maps (expected one in ipv4 unicast and one in l2vpn evpn)");
            }
        }

        foreach (var (path, text) in files.Where(f => f.Key.EndsWith("/interfaces.d/evpnc", StringComparison.Ordinal)))
        {
            var vrfOf = new Dictionary<string, string>(StringComparer.Ordinal);
            string? iface = null;
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("iface ", StringComparison.Ordinal)) iface = line.Split(' ')[1];
                else if (line.StartsWith("    vrf ", StringComparison.Ordinal) && iface is not null)
                {
                    string vrf = line[8..].Trim();
                    if (vrfOf.TryGetValue(iface, out var first) && first != vrf) problems.Add($"{path}: {iface} is in VRFs {first} and {vrf}");
                    vrfOf[iface] = vrf;
                }
            }
        }
        foreach (var (path, text) in files.Where(f => f.Key.EndsWith("/netplan/60-evpnc.yaml", StringComparison.Ordinal)))
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            string? vrf = null;
            foreach (var line in text.Split('\n'))
            {
                var name = VrfKey().Match(line);
                if (name.Success) vrf = name.Groups[1].Value;
                var members = Members().Match(line);
                if (members.Success && vrf is not null)
                    foreach (var m in members.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                        if (seen.TryGetValue(m, out var first) && first != vrf) problems.Add($"{path}: {m} is in VRFs {first} and {vrf}");
                        else seen[m] = vrf;
            }
        }
        return problems;
    }

    private static IEnumerable<string> Reachable(string vrf, IReadOnlyDictionary<string, IReadOnlySet<string>> consent) =>
        consent.TryGetValue(vrf, out var partners) ? partners.Append(vrf) : [vrf];

    /// <summary>Whether <paramref name="range"/> holds all of <paramref name="prefix"/>.</summary>
    private static bool Covers(string range, string prefix)
    {
        var r = Ipv4Prefix.Parse(range);
        var p = Ipv4Prefix.Parse(prefix);
        return r.Length <= p.Length && r.Contains(p.Address);
    }

    private static bool Covers6(string range, string prefix) => Ipv6Prefix.Parse(range).Covers(Ipv6Prefix.Parse(prefix));

    [GeneratedRegex("^    \"([^\"]+)\":$")]
    private static partial Regex VrfKey();

    [GeneratedRegex(@"^      interfaces: \[(.*)\]$")]
    private static partial Regex Members();
}
