using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class Vnis
{
    /// <summary>
    /// EVPN207: a VNI is 1..16777215, each VRF has one L3VNI and each L3VNI one VRF, and no VNI is both
    /// an L3VNI and an L2VNI. zebra keys its VNI table by number, so a reuse silently binds the VNI to
    /// whichever VRF or bridge it sees last.
    /// </summary>
    public static void Check(FrrConfigText f)
    {
        var vniCommands = f.L3VniCommands.Concat(f.TopLevelVniCommands).Concat(f.L2VniBlocks.Select(b => b.Opener)).OrderBy(c => c.Line);
        foreach (var c in vniCommands)
        {
            if (c.Count < 2) f.Report(C.AuditVniWithoutNumber(f.At(c, c.Column)));
            else if (FrrValues.VniError(c.Word(1), out _) is { } error) f.Report(C.AuditVniOutOfRange(f.At(c, c.ColumnOf(1)), error));
        }

        var l3ByVni = new Dictionary<long, (string Owner, FrrCommand At)>();
        var l3ByVrf = new Dictionary<string, (long Vni, FrrCommand At)>(StringComparer.Ordinal);
        foreach (var c in f.L3VniCommands.Concat(f.TopLevelVniCommands).OrderBy(c => c.Line))
        {
            if (FrrValues.VniError(c.Word(1), out var vni) is not null) continue;
            var owner = c.Context is { } vrfBlock ? $"VRF '{vrfBlock.Opener.Word(1)}'" : "the default VRF";
            if (l3ByVni.TryGetValue(vni, out var first) && first.Owner != owner)
                f.Report(C.AuditL3VniOnTwoVrfs(f.At(c, c.ColumnOf(1)), vni, owner, first.Owner, first.At.Line));
            else l3ByVni.TryAdd(vni, (owner, c));
            if (l3ByVrf.TryGetValue(owner, out var had) && had.Vni != vni)
                f.Report(C.AuditSecondL3Vni(f.At(c, c.ColumnOf(1)), owner, vni, had.Vni, had.At.Line));
            else l3ByVrf.TryAdd(owner, (vni, c));
        }
        foreach (var b in f.L2VniBlocks)
            if (FrrValues.VniError(b.Opener.Word(1), out var vni) is null && l3ByVni.TryGetValue(vni, out var l3))
                f.Report(C.AuditVniL2AndL3(f.At(b.Opener, b.Opener.ColumnOf(1)), vni, l3.Owner, l3.At.Line));
    }
}
