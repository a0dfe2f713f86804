using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class FabricAgreement
{
    /// <summary>
    /// EVPN210: every node that carries a VRF must export the same route targets and use the same L3VNI,
    /// every node with an L2VNI must import and export the same route targets, and a VNI must mean the
    /// same thing everywhere. Each node is checked alone by `vtysh -C`; a node that disagrees still
    /// loads, and its routes are simply never imported by the others (or land in the wrong VRF).
    /// </summary>
    public static void Check(IReadOnlyList<FileFacts> facts)
    {
        FabricVote.Agree(facts.SelectMany(x => x.Vrfs.Select(v => FabricVote.SetObservation(v.Key, x.File, v.Value, v.Value.Exports))),
            (o, theirs, nodes) => C.AuditVrfExportsDisagree(FabricVote.Where(o), o.Key, o.Value, o.File.Node, theirs, nodes));
        FabricVote.Agree(facts.SelectMany(x => x.L3Vnis.Select(v => new Observation(v.Key, x.File, v.Value.At, v.Value.At.ColumnOf(1), v.Value.Vni.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            (o, theirs, nodes) => C.AuditL3VniDisagrees(FabricVote.Where(o), o.Key, o.Value, o.File.Node, theirs, nodes));
        FabricVote.Agree(facts.SelectMany(x => x.L2Vnis.Select(v => FabricVote.SetObservation(v.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), x.File, v.Value, v.Value.Imports))),
            (o, theirs, nodes) => C.AuditL2VniRtsDisagree(FabricVote.Where(o), o.Key, "imports", o.Value, o.File.Node, theirs, nodes));
        FabricVote.Agree(facts.SelectMany(x => x.L2Vnis.Select(v => FabricVote.SetObservation(v.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), x.File, v.Value, v.Value.Exports))),
            (o, theirs, nodes) => C.AuditL2VniRtsDisagree(FabricVote.Where(o), o.Key, "exports", o.Value, o.File.Node, theirs, nodes));
        // A file that uses one VNI two ways is EVPN207's finding; here only files with one meaning vote.
        FabricVote.Agree(facts.SelectMany(x => x.VniUses.GroupBy(u => u.Vni).Where(g => g.Select(u => u.Meaning).Distinct().Count() == 1)
                .Select(g => g.First()).Select(u => new Observation(u.Vni.ToString(System.Globalization.CultureInfo.InvariantCulture), x.File, u.At, u.At.ColumnOf(1), u.Meaning))),
            (o, theirs, nodes) => C.AuditVniMeaningDisagrees(FabricVote.Where(o), o.Key, o.Value, o.File.Node, theirs, nodes));
    }
}
