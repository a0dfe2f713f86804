using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class TopLevelVni
{
    /// <summary>
    /// EVPN205: a `vni N` that lands at the top level (after `exit-vrf`, whatever its indentation) sets
    /// the L3VNI of the default VRF: tenant routes would leak into the underlay's routing table.
    /// </summary>
    public static void Check(FrrConfigText f)
    {
        foreach (var c in f.TopLevelVniCommands)
            f.Report(C.AuditTopLevelVni(f.At(c, c.Column), c.Word(1)));
    }
}
