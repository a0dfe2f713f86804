using System.Text.RegularExpressions;

namespace EvpnCompile.Tests.Support;

/// <summary>
/// Checks tenant isolation from the rendered files alone (not the model that produced them):
/// each VRF imports only its own route target and those of its consented leak partners (read from
/// the tenants' own import/export lists), advertises only its own prefixes (so a hub cannot pass one
/// partner's routes to another), each L3VNI maps to exactly one VRF on every host, and no interface
/// sits in two VRFs.
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

        foreach (var (path, text) in confs)
        {
            var vnis = FrrText.VrfVnis(text);
            foreach (var group in vnis.GroupBy(kv => kv.Value).Where(g => g.Count() > 1))
                problems.Add($"{path}: L3VNI {group.Key} maps to {string.Join(", ", group.Select(g => g.Key))}");
            foreach (var vrf in vnis.Keys)
                foreach (var rt in FrrText.Values(FrrText.TenantInstance(text, vrf), "route-target import "))
                {
                    if (!ownerOf.TryGetValue(rt, out var owner)) problems.Add($"{path}: VRF {vrf} imports {rt}, which no VRF exports");
                    else if (owner != vrf && !(consent.TryGetValue(vrf, out var allowed) && allowed.Contains(owner)))
                        problems.Add($"{path}: VRF {vrf} imports {owner}'s routes ({rt}) without consent");
                }
            foreach (var vrf in vnis.Keys)
            {
                // `import vrf` copies a VRF's whole table (a hub's holds every spoke's routes): it must be
                // filtered by a route-map that matches only the own-prefix lists of consented partners.
                var block = FrrText.TenantInstance(text, vrf);
                var leaked = FrrText.Values(block, "import vrf ").Where(v => !v.StartsWith("route-map ", StringComparison.Ordinal)).ToList();
                var filters = FrrText.Values(block, "import vrf route-map ");
                if (leaked.Count > 0 && filters.Count != 1)
                    problems.Add($"{path}: VRF {vrf} imports VRFs {string.Join(", ", leaked)} without a route-map");
                else if (leaked.Count > 0)
                {
                    var matched = RouteMapLists(text, filters[0]);
                    var allowedLists = leaked.Where(p => consent.TryGetValue(vrf, out var ok) && ok.Contains(p)).Select(p => $"evpnc-{p}-own").ToHashSet();
                    foreach (var list in matched.Where(l => !allowedLists.Contains(l)))
                        problems.Add($"{path}: VRF {vrf} takes {list} from its imported VRFs, which is not a consented partner's own prefixes");
                    if (matched.Count == 0) problems.Add($"{path}: VRF {vrf}'s import filter {filters[0]} matches nothing it names");
                }
                // Type-5 advertisement limited by a route-map whose prefix-list lists only permit/deny lines.
                var advertise = FrrText.Values(FrrText.TenantInstance(text, vrf), "advertise ipv4 unicast");
                if (advertise.Count != 1 || !advertise[0].StartsWith("route-map ", StringComparison.Ordinal))
                    problems.Add($"{path}: VRF {vrf} advertises into EVPN without a route-map limiting it to its own prefixes");
                else if (!text.Contains($"\nroute-map {advertise[0][10..]} permit 10\n match ip address prefix-list ", StringComparison.Ordinal))
                    problems.Add($"{path}: VRF {vrf} advertises through route-map {advertise[0][10..]}, which is not defined as a prefix-list match");
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

    /// <summary>The prefix-lists a route-map's entries match.</summary>
    private static List<string> RouteMapLists(string text, string routeMap)
    {
        var lists = new List<string>();
        var lines = text.Split('\n');
        for (int i = 0; i + 1 < lines.Length; i++)
            if (lines[i].StartsWith($"route-map {routeMap} ", StringComparison.Ordinal) && lines[i + 1].StartsWith(" match ip address prefix-list ", StringComparison.Ordinal))
                lists.Add(lines[i + 1][" match ip address prefix-list ".Length..].Trim());
        return lists;
    }

    [GeneratedRegex("^    \"([^\"]+)\":$")]
    private static partial Regex VrfKey();

    [GeneratedRegex(@"^      interfaces: \[(.*)\]$")]
    private static partial Regex Members();
}
