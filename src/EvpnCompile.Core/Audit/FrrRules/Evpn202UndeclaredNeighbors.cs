using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class UndeclaredNeighbors
{
    /// <summary>
    /// EVPN202: `neighbor X peer-group NAME` (and `interface peer-group NAME`, `bgp listen
    /// range ... peer-group NAME`) needs NAME declared by `neighbor NAME peer-group` earlier in the same
    /// BGP instance, and a neighbor that is not an address must be a declared peer group or interface
    /// neighbor. FRR refuses such a line when it loads the config, which `vtysh -C` does not show.
    /// </summary>
    public static void Check(FrrConfigText f)
    {
        var declaredOn = new Dictionary<(string, string), int>();
        foreach (var c in f.Commands)
            if (c.Router is { } r && c.Word(0) == "neighbor" && c.Word(2) == "peer-group" && c.Count == 3)
                declaredOn.TryAdd((r.InstanceKey, c.Word(1)), c.Line);

        var groups = new HashSet<(string, string)>();
        var interfaces = new HashSet<(string, string)>();
        void NeedGroup(FrrCommand c, string instance, int at)
        {
            var name = c.Word(at);
            if (at >= c.Count || groups.Contains((instance, name))) return;
            var later = declaredOn.TryGetValue((instance, name), out var line) && line > c.Line ? $"; it is declared only later, on line {line}" : "";
            f.Report(C.AuditUndefinedPeerGroup(f.At(c, c.ColumnOf(at)), name, later));
        }

        foreach (var c in f.Commands)
        {
            if (c.Router is not { } router) continue;
            var instance = router.InstanceKey;
            if (c.Word(0) == "bgp" && c.Word(1) == "listen" && c.Word(2) == "range")
            {
                int j = c.Words.ToList().IndexOf("peer-group");
                if (j > 0) NeedGroup(c, instance, j + 1);
                continue;
            }
            if (c.Word(0) != "neighbor" || c.Count < 3) continue;
            var name = c.Word(1);
            if (c.Word(2) == "peer-group" && c.Count == 3) { groups.Add((instance, name)); continue; }
            if (c.Word(2) == "interface")
            {
                interfaces.Add((instance, name));
                int j = c.Words.ToList().IndexOf("peer-group");
                if (j > 2) NeedGroup(c, instance, j + 1);
                continue;
            }
            if (c.Word(2) == "peer-group") NeedGroup(c, instance, 3);
            if (!FrrValues.IsIpAddress(name) && !groups.Contains((instance, name)) && !interfaces.Contains((instance, name)))
            {
                var later = declaredOn.TryGetValue((instance, name), out var line) && line > c.Line ? $"; it is declared only later, on line {line}" : "";
                f.Report(C.AuditUndefinedNeighbor(f.At(c, c.ColumnOf(1)), name, later));
            }
        }
    }
}
