using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class RouteDistinguishers
{
    /// <summary>
    /// EVPN203: `rd` must be A.B.C.D:N or ASN:N in range. FRR 8.4 parses more than it keeps: N above
    /// 65535 in an IP or 4-byte-ASN RD is silently truncated, so two VRFs can end up with one RD.
    /// </summary>
    public static void Check(FrrConfigText f)
    {
        foreach (var c in f.Commands.Where(c => c.Word(0) == "rd"))
        {
            int at = c.Word(1) == "vpn" && c.Word(2) == "export" ? 3 : 1;
            if (c.Count <= at) f.Report(C.AuditRdWithoutValue(f.At(c, c.Column)));
            else if (c.Count > at + 1) f.Report(C.AuditRdValues(f.At(c, c.ColumnOf(at + 1)), string.Join(' ', c.Words.Skip(at))));
            else if (FrrValues.RouteDistinguisherError(c.Word(at), out _) is { } error) f.Report(C.AuditRdMalformed(f.At(c, c.ColumnOf(at)), error));
        }
    }
}
