using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class RouteTargets
{
    /// <summary>
    /// EVPN204: route-target values. FRR 8.4 takes one RT per `route-target` line, has no wildcard
    /// import (`*:N` arrived in 8.5), and truncates out-of-range numbers; none of this fails `vtysh -C`.
    /// </summary>
    public static void Check(FrrConfigText f)
    {
        foreach (var c in f.Commands)
        {
            if (RouteTargetValues(c) is not { } r) continue;
            if (c.Count <= r.First) { f.Report(C.AuditRtWithoutValue(f.At(c, c.Column), r.Direction)); continue; }
            if (r.OnePerLine && c.Count > r.First + 1)
                f.Report(C.AuditRtsOnOneLine(f.At(c, c.ColumnOf(r.First + 1)), c.Count - r.First, string.Join(' ', c.Words.Skip(r.First)), r.Direction));
            for (int i = r.First; i < c.Count; i++)
            {
                var value = c.Word(i);
                if (FrrValues.IsWildcardRouteTarget(value))
                    f.Report(r.Direction == "export"
                        ? C.AuditRtWildcardExport(f.At(c, c.ColumnOf(i)), value)
                        : C.AuditRtWildcardImport(f.At(c, c.ColumnOf(i)), value));
                else if (FrrValues.RouteTargetError(value, out _) is { } error)
                    f.Report(C.AuditRtMalformed(f.At(c, c.ColumnOf(i)), error));
            }
        }
    }

    /// <summary>`route-target import|export|both RT` (one per line) or `route-target|rt vpn ... RT...` (a list).</summary>
    private static (string Direction, int First, bool OnePerLine)? RouteTargetValues(FrrCommand c)
    {
        if (c.Word(0) == "route-target" && c.Word(1) is "import" or "export" or "both") return (c.Word(1), 2, true);
        if (c.Word(0) is "route-target" or "rt" && c.Word(1) == "vpn" && c.Word(2) is "import" or "export" or "both") return (c.Word(2), 3, false);
        return null;
    }
}
