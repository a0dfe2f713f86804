using EvpnCompile.Core.Diagnostics;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Audit.FrrRules;

internal static class UndefinedReferences
{
    /// <summary>
    /// EVPN201: a route-map, prefix-list or BFD profile that is used but never defined. FRR accepts the
    /// reference and treats the missing object as "permit all"/"deny all"/defaults at run time, so a
    /// typo silently changes routing policy instead of failing the load.
    /// </summary>
    public static void Check(FrrConfigText f)
    {
        var routeMaps = f.Commands.Where(c => c.Opens?.Kind == FrrBlockKind.RouteMap).Select(c => c.Word(1)).ToHashSet(StringComparer.Ordinal);
        var prefixLists = f.Commands.Where(c => c.Context is null && c.Word(0) is "ip" or "ipv6" && c.Word(1) == "prefix-list" && c.Count >= 3)
            .Select(c => $"{c.Word(0)} {c.Word(2)}").ToHashSet(StringComparer.Ordinal);
        var bfdProfiles = f.BlocksOf(FrrBlockKind.BfdProfile).Select(b => b.Opener.Word(1)).ToHashSet(StringComparer.Ordinal);

        foreach (var c in f.Commands)
        {
            if (c.Word(0) is "no" or "description") continue;
            foreach (var (kind, at) in References(c))
            {
                var name = c.Word(at);
                switch (kind)
                {
                    case "route-map" when !routeMaps.Contains(name):
                        f.Report(C.AuditUndefinedRouteMap(f.At(c, c.ColumnOf(at)), name));
                        break;
                    case "prefix-list":
                        var family = c.Words.Take(at).Contains("ipv6") || (c.Word(0) == "neighbor" && c.Context is { IsIpv6AddressFamily: true }) ? "ipv6" : "ip";
                        if (!prefixLists.Contains($"{family} {name}"))
                            f.Report(C.AuditUndefinedPrefixList(f.At(c, c.ColumnOf(at)), family, name));
                        break;
                    case "bfd profile" when !bfdProfiles.Contains(name):
                        f.Report(C.AuditUndefinedBfdProfile(f.At(c, c.ColumnOf(at)), name));
                        break;
                }
            }
        }
    }

    /// <summary>The (kind, word index of the name) of every route-map, prefix-list and BFD profile a command names.</summary>
    private static IEnumerable<(string Kind, int At)> References(FrrCommand c)
    {
        for (int i = 0; i + 1 < c.Count; i++)
        {
            if (i >= 1 && c.Word(i) == "route-map") yield return ("route-map", i + 1);
            if (i >= 1 && c.Word(i) == "prefix-list" && !(i == 1 && c.Word(0) is "ip" or "ipv6")) yield return ("prefix-list", i + 1);
            if (c.Word(i) == "bfd" && c.Word(i + 1) == "profile" && i + 2 < c.Count) yield return ("bfd profile", i + 2);
        }
        if (c.Word(0) == "route-map" && c.Word(1) == "vpn" && c.Word(2) is "import" or "export" && c.Count >= 4) yield return ("route-map", 3);
        if (c.Context?.Kind == FrrBlockKind.RouteMap && c.Word(0) == "call" && c.Count >= 2) yield return ("route-map", 1);
        if (c.Context?.Kind == FrrBlockKind.BfdPeer && c.Word(0) == "profile" && c.Count >= 2) yield return ("bfd profile", 1);
    }
}
