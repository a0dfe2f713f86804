using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Core.Audit.FrrRules;

// What the fabric-wide rules (EVPN210-212) read from each file, and how they vote.

internal sealed record RtUse(FrrCommand At, int Column, string Value);

/// <summary>The valid route targets one VRF instance or L2VNI imports and exports.</summary>
internal sealed class RtSets(FrrCommand anchor)
{
    public FrrCommand Anchor { get; } = anchor;
    public List<RtUse> Imports { get; } = [];
    public List<RtUse> Exports { get; } = [];

    public void Add(FrrCommand c)
    {
        if (c.Word(0) != "route-target" || c.Word(1) is not ("import" or "export" or "both")) return;
        for (int i = 2; i < c.Count; i++)
        {
            if (FrrValues.RouteTargetError(c.Word(i), out var rt) is not null) continue;
            if (c.Word(1) is "import" or "both") Imports.Add(new RtUse(c, c.ColumnOf(i), rt));
            if (c.Word(1) is "export" or "both") Exports.Add(new RtUse(c, c.ColumnOf(i), rt));
        }
    }
}

/// <summary>What the fabric rules read from one file.</summary>
internal sealed class FileFacts
{
    public required FrrConfigText File { get; init; }
    /// <summary>Per VRF instance (merged when a file has several blocks for one VRF).</summary>
    public Dictionary<string, RtSets> Vrfs { get; } = new(StringComparer.Ordinal);
    public Dictionary<long, RtSets> L2Vnis { get; } = [];
    /// <summary>The first valid L3VNI of each VRF.</summary>
    public Dictionary<string, (long Vni, FrrCommand At)> L3Vnis { get; } = new(StringComparer.Ordinal);
    /// <summary>Every valid VNI with what it is here ("the L3VNI of VRF 'x'", "an L2VNI") and where.</summary>
    public List<(long Vni, string Meaning, FrrCommand At)> VniUses { get; } = [];

    public static FileFacts Of(FrrConfigText f)
    {
        var facts = new FileFacts { File = f };
        foreach (var r in f.BlocksOf(FrrBlockKind.RouterBgp))
            if (r.RouterVrf is { } vrf) facts.Vrfs.TryAdd(vrf, new RtSets(r.Opener));
        foreach (var b in f.L2VniBlocks)
            if (FrrValues.VniError(b.Opener.Word(1), out var vni) is null)
            {
                facts.L2Vnis.TryAdd(vni, new RtSets(b.Opener));
                facts.VniUses.Add((vni, "an L2VNI", b.Opener));
            }
        foreach (var c in f.Commands)
        {
            if (c.Context is { Kind: FrrBlockKind.Vni } vniBlock && FrrValues.VniError(vniBlock.Opener.Word(1), out var vni) is null)
                facts.L2Vnis[vni].Add(c);
            else if (c.Context is { IsEvpnAddressFamily: true } && c.Router?.RouterVrf is { } vrf && facts.Vrfs.TryGetValue(vrf, out var sets))
                sets.Add(c);
        }
        foreach (var c in f.L3VniCommands.Concat(f.TopLevelVniCommands).OrderBy(c => c.Line))
            if (FrrValues.VniError(c.Word(1), out var vni) is null)
            {
                var vrf = c.Context?.Opener.Word(1);
                if (vrf is not null) facts.L3Vnis.TryAdd(vrf, (vni, c));
                facts.VniUses.Add((vni, vrf is null ? "the L3VNI of the default VRF" : $"the L3VNI of VRF '{vrf}'", c));
            }
        return facts;
    }
}

internal sealed record Observation(string Key, FrrConfigText File, FrrCommand At, int Column, string Value);

internal static class FabricVote
{
    /// <summary>
    /// Per key, the value most files agree on (ties: the first file's) wins; every file with another
    /// value gets a finding, since that is where the disagreement shows.
    /// </summary>
    public static void Agree(IEnumerable<Observation> observations, Func<Observation, string, string, Diagnostic> message)
    {
        foreach (var group in observations.GroupBy(o => o.Key, StringComparer.Ordinal))
        {
            var byValue = group.GroupBy(o => o.Value, StringComparer.Ordinal).ToList();
            if (byValue.Count < 2) continue;
            var winner = byValue.OrderByDescending(g => g.Select(o => o.File).Distinct().Count()).First();
            var nodes = string.Join(", ", winner.Select(o => o.File.Node).Distinct(StringComparer.Ordinal));
            foreach (var o in group.Where(o => o.Value != winner.Key))
                o.File.Report(message(o, winner.Key, nodes));
        }
    }

    public static string SetText(IEnumerable<RtUse> uses)
    {
        var values = uses.Select(u => u.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return values.Count == 0 ? "no route target" : string.Join(", ", values);
    }

    public static Observation SetObservation(string key, FrrConfigText file, RtSets sets, List<RtUse> uses) =>
        uses.Count > 0 ? new(key, file, uses[0].At, uses[0].Column, SetText(uses)) : new(key, file, sets.Anchor, sets.Anchor.Column, SetText(uses));

    /// <summary>Where an observation is, for its finding.</summary>
    public static SourceSpan Where(Observation o) => o.File.At(o.At, o.Column);
}
