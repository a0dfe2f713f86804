using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class AdvertiseAllVni
{
    /// <summary>
    /// EVPN206: `advertise-all-vni` belongs to the default BGP instance only; inside a tenant instance
    /// FRR 8.4 accepts it and then either ignores it or moves VNI ownership to the tenant VRF.
    /// </summary>
    public static void Check(FrrConfigText f)
    {
        foreach (var c in f.Commands.Where(c => c.Word(0) == "advertise-all-vni"))
            if (c.Router?.RouterVrf is { } vrf)
                f.Report(C.AuditAdvertiseAllVniInVrf(f.At(c, c.Column), vrf));
    }
}
