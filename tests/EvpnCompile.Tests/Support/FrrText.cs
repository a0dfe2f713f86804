namespace EvpnCompile.Tests.Support;

/// <summary>Reads rendered frr.conf text back, without the model that produced it.</summary>
public static class FrrText
{
    /// <summary>The lines of `router bgp ASN vrf VRF` up to its `exit`.</summary>
    public static IReadOnlyList<string> TenantInstance(string frrConf, string vrf)
    {
        var lines = frrConf.Split('\n');
        int start = Array.FindIndex(lines, l => l.StartsWith("router bgp ", StringComparison.Ordinal) && l.EndsWith($" vrf {vrf}", StringComparison.Ordinal));
        if (start < 0) return [];
        return lines.Skip(start).TakeWhile(l => l != "exit").Select(l => l.Trim()).ToList();
    }

    /// <summary>The lines of the default `router bgp ASN` up to its `exit`.</summary>
    public static IReadOnlyList<string> Underlay(string frrConf)
    {
        var lines = frrConf.Split('\n');
        int start = Array.FindIndex(lines, l => l.StartsWith("router bgp ", StringComparison.Ordinal) && !l.Contains(" vrf ", StringComparison.Ordinal));
        if (start < 0) return [];
        return lines.Skip(start).TakeWhile(l => l != "exit").Select(l => l.Trim()).ToList();
    }

    public static IReadOnlyList<string> Values(IReadOnlyList<string> block, string prefix) =>
        block.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].Trim()).ToList();

    /// <summary>`vrf NAME` / ` vni N` pairs.</summary>
    public static IReadOnlyDictionary<string, long> VrfVnis(string frrConf)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var lines = frrConf.Split('\n');
        for (int i = 0; i + 1 < lines.Length; i++)
            if (lines[i].StartsWith("vrf ", StringComparison.Ordinal) && lines[i + 1].StartsWith(" vni ", StringComparison.Ordinal))
                result[lines[i][4..]] = long.Parse(lines[i + 1][5..]);
        return result;
    }

    /// <summary>The indented lines of the `vrf NAME` block, trimmed.</summary>
    public static IReadOnlyList<string> VrfBlock(string frrConf, string vrf)
    {
        var lines = frrConf.Split('\n');
        int start = Array.IndexOf(lines, $"vrf {vrf}");
        if (start < 0) return [];
        return lines.Skip(start + 1).TakeWhile(l => l != "exit-vrf").Select(l => l.Trim()).ToList();
    }

    /// <summary>One `route-map NAME ACTION SEQ` entry and its match clauses (kind -> value, e.g. "source-vrf" -> "shared").</summary>
    public sealed record RouteMapEntry(string Action, int Seq, IReadOnlyDictionary<string, string> Matches);

    /// <summary>Every route-map of the file, entries in file order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<RouteMapEntry>> RouteMaps(string frrConf)
    {
        var maps = new Dictionary<string, List<RouteMapEntry>>(StringComparer.Ordinal);
        var lines = frrConf.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("route-map ", StringComparison.Ordinal)) continue;
            var head = lines[i].Split(' ');
            var matches = new Dictionary<string, string>(StringComparer.Ordinal);
            for (i++; i < lines.Length && lines[i] != "exit"; i++)
            {
                string l = lines[i].Trim();
                foreach (var kind in new[] { "ip address prefix-list", "ipv6 address prefix-list", "source-vrf", "evpn route-type", "extcommunity", "as-path" })
                    if (l.StartsWith($"match {kind} ", StringComparison.Ordinal)) matches[kind] = l[($"match {kind} ".Length)..];
            }
            if (!maps.TryGetValue(head[1], out var list)) maps[head[1]] = list = [];
            list.Add(new RouteMapEntry(head[2], int.Parse(head[3]), matches));
        }
        return maps.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<RouteMapEntry>)kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Every `ip prefix-list` (or, with <paramref name="family"/> "ipv6", every `ipv6 prefix-list`),
    /// as (action, prefix, le) entries in file order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Action, string Prefix, string? Le)>> PrefixLists(string frrConf, string family = "ip")
    {
        var lists = new Dictionary<string, List<(string, string, string?)>>(StringComparer.Ordinal);
        foreach (var line in frrConf.Split('\n').Where(l => l.StartsWith($"{family} prefix-list ", StringComparison.Ordinal)))
        {
            var w = line.Split(' ');   // ip prefix-list NAME seq N ACTION PREFIX [le N]
            if (!lists.TryGetValue(w[2], out var list)) lists[w[2]] = list = [];
            list.Add((w[5], w[6], w.Length > 8 ? w[8] : null));
        }
        return lists.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<(string, string, string?)>)kv.Value, StringComparer.Ordinal);
    }
}
