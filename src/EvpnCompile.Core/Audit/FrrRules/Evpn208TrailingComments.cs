using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class TrailingComments
{
    /// <summary>EVPN208: FRR 8.4 rejects a `! comment` after a command on the same line (`vtysh -C` does not).</summary>
    public static void Check(FrrConfigText f)
    {
        foreach (var c in f.Commands.Where(c => c.CommentColumn > 0))
            f.Report(C.AuditTrailingComment(f.At(c, c.CommentColumn), c.Comment!));
    }
}
