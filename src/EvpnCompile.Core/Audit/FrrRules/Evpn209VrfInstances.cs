using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class VrfInstances
{
    /// <summary>
    /// EVPN209: every `router bgp ASN vrf X` needs `vrf X` with a `vni` (without an L3VNI the instance
    /// has nothing to advertise type-5 routes with), and every VRF with an L3VNI needs its BGP instance
    /// (without one its routes are neither advertised nor imported).
    /// </summary>
    public static void Check(FrrConfigText f)
    {
        var vrfBlocks = f.BlocksOf(FrrBlockKind.Vrf).GroupBy(b => b.Opener.Word(1), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var vnis = f.L3VniCommands.GroupBy(c => c.Context!.Opener.Word(1), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var instances = f.BlocksOf(FrrBlockKind.RouterBgp).Where(r => r.RouterVrf is not null)
            .GroupBy(r => r.RouterVrf!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        foreach (var (vrf, router) in instances)
        {
            if (!vrfBlocks.TryGetValue(vrf, out var block))
                f.Report(C.AuditBgpVrfWithoutVrfBlock(f.At(router.Opener, router.Opener.ColumnOf(4)), vrf));
            else if (!vnis.ContainsKey(vrf))
                f.Report(C.AuditBgpVrfWithoutVni(f.At(router.Opener, router.Opener.ColumnOf(4)), vrf, block.Line));
        }
        foreach (var (vrf, vni) in vnis)
            if (!instances.ContainsKey(vrf))
                f.Report(C.AuditVrfWithoutBgp(f.At(vrfBlocks[vrf].Opener, vrfBlocks[vrf].Opener.ColumnOf(1)), vrf, vni.Word(1), vni.Line));
    }
}
