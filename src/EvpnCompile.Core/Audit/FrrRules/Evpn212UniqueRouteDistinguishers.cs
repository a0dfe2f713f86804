using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class UniqueRouteDistinguishers
{
    /// <summary>
    /// EVPN212: no two RDs are equal anywhere in the fabric. EVPN tells routes apart by RD, so
    /// two VRFs (or two nodes) with one RD make one's prefixes shadow the other's in best-path selection.
    /// </summary>
    public static void Check(IReadOnlyList<FileFacts> facts)
    {
        var seen = new Dictionary<string, (FrrConfigText File, FrrCommand At, string Owner)>(StringComparer.Ordinal);
        foreach (var x in facts)
            foreach (var c in x.File.Commands.Where(c => c.Word(0) == "rd" && c.Count == 2))
            {
                if (FrrValues.RouteDistinguisherError(c.Word(1), out var rd) is not null) continue;
                var owner = c.Context?.Kind == FrrBlockKind.Vni ? $"L2VNI {c.Context.Opener.Word(1)}"
                    : c.Router?.RouterVrf is { } vrf ? $"VRF '{vrf}'" : "the default instance";
                if (seen.TryGetValue(rd, out var first))
                    x.File.Report(C.AuditDuplicateRd(x.File.At(c, c.ColumnOf(1)), rd, owner, x.File.Node, first.Owner, first.File.Node, first.At.Line));
                else seen.Add(rd, (x.File, c, owner));
            }
    }
}
