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
}
