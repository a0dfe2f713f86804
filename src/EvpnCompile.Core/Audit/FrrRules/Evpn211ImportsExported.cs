using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class ImportsExported
{
    /// <summary>
    /// EVPN211: every route target a VRF (or L2VNI) imports must be exported by some VRF (or L2VNI) in
    /// the fabric, else the import is dangling (a typo or a leak from a tenant that does not exist);
    /// and each imports its own export, else it never installs its own routes from the other nodes.
    /// </summary>
    public static void Check(IReadOnlyList<FileFacts> facts)
    {
        var vrfExports = facts.SelectMany(x => x.Vrfs.Values).SelectMany(s => s.Exports).Select(u => u.Value).ToHashSet(StringComparer.Ordinal);
        var l2Exports = facts.SelectMany(x => x.L2Vnis.Values).SelectMany(s => s.Exports).Select(u => u.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var x in facts)
        {
            foreach (var (vrf, sets) in x.Vrfs) Check($"VRF '{vrf}'", "VRF", sets, vrfExports, x.File);
            foreach (var (vni, sets) in x.L2Vnis) Check($"L2VNI {vni}", "L2VNI", sets, l2Exports, x.File);
        }

        static void Check(string owner, string kind, RtSets sets, HashSet<string> exported, FrrConfigText file)
        {
            foreach (var u in sets.Imports.Where(u => !exported.Contains(u.Value)))
                file.Report(C.AuditDanglingImport(file.At(u.At, u.Column), owner, u.Value, kind));
            var imports = sets.Imports.Select(u => u.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var u in sets.Exports.Where(u => !imports.Contains(u.Value)))
                file.Report(C.AuditExportNotImported(file.At(u.At, u.Column), owner, u.Value));
        }
    }
}
