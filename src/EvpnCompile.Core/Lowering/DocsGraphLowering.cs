using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// The fabric picture. Up to <see cref="MaxHostsDrawn"/> hosts every node, link and tenant is drawn.
/// Above that a picture of every host (1000 hosts, 2000 links, 250,000 placement lines) is unreadable
/// and too large for a Markdown viewer, so it draws racks instead: a rack is the set of leaves its
/// hosts connect to, labelled with the host count; tenants with the same racks are one shape linked to
/// those racks. The per-node tables of docs/fabric.md still list every node.
/// </summary>
internal static class DocsGraphLowering
{
    public const int MaxHostsDrawn = 32;

    /// <summary>Tenant names shown in a group's label before "…".</summary>
    private const int NamesShown = 3;

    public static DocsGraph Lower(IReadOnlyList<NodeModel> nodes, IReadOnlyList<LinkModel> links, IReadOnlyList<TenantModel> tenants) =>
        nodes.Count(n => n.IsHost) <= MaxHostsDrawn ? Every(nodes, links, tenants) : Racks(nodes, links, tenants);

    private static DocsGraph Every(IReadOnlyList<NodeModel> nodes, IReadOnlyList<LinkModel> links, IReadOnlyList<TenantModel> tenants)
    {
        var s = new List<GraphStatement>();
        s.AddRange(nodes.Select(n => Box(n.Name, $"{n.Name}<br/>{n.Role} AS{n.Asn}<br/>{n.Loopback}", false)));
        s.AddRange(links.Select(l => Line(l.NodeA, l.NodeB, $"{l.PortA} - {l.PortB}")));
        foreach (var t in tenants)
        {
            s.Add(Box($"tenant_{t.Name}", $"tenant {t.Name}<br/>L3VNI {t.L3Vni}", true));
            s.AddRange(t.Hosts.Select(h => Line($"tenant_{t.Name}", h, null)));
        }
        return new DocsGraph(false, s);
    }

    private static DocsGraph Racks(IReadOnlyList<NodeModel> nodes, IReadOnlyList<LinkModel> links, IReadOnlyList<TenantModel> tenants)
    {
        var leaves = nodes.Where(n => !n.IsHost).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var leavesOf = nodes.Where(n => n.IsHost).ToDictionary(n => n.Name, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var l in links)
        {
            if (leavesOf.TryGetValue(l.NodeA, out var a) && leaves.Contains(l.NodeB)) a.Add(l.NodeB);
            if (leavesOf.TryGetValue(l.NodeB, out var b) && leaves.Contains(l.NodeA)) b.Add(l.NodeA);
        }
        // A rack: the leaves its hosts connect to (hosts with none form a rack of their own).
        string RackOf(string host) => leavesOf[host].Count == 0 ? "(no leaf)" : string.Join(" + ", leavesOf[host]);
        var racks = leavesOf.Keys.GroupBy(RackOf).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => (Id: $"rack{i + 1}", Name: g.Key, Hosts: g.Count())).ToList();
        var rackId = racks.ToDictionary(r => r.Name, r => r.Id, StringComparer.Ordinal);

        var s = new List<GraphStatement>();
        s.AddRange(racks.Select(r => Box(r.Id, $"{r.Name}<br/>{r.Hosts} hosts", false)));
        var groups = tenants.GroupBy(t => string.Join(",", t.Hosts.Select(RackOf).Distinct().Order(StringComparer.Ordinal)))
            .Select(g => (Racks: g.First().Hosts.Select(RackOf).Distinct().Order(StringComparer.Ordinal).ToList(), Tenants: g.Select(t => t.Name).ToList()))
            .OrderBy(g => g.Tenants[0], StringComparer.Ordinal).ToList();
        for (int i = 0; i < groups.Count; i++)
        {
            var (inRacks, names) = groups[i];
            string shown = string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? ", …" : "");
            string where = inRacks.Count == 0 ? "on no host" : inRacks.Count == racks.Count ? "in every rack" : $"in {inRacks.Count} of {racks.Count} racks";
            s.Add(Box($"tenants{i + 1}", $"{names.Count} {(names.Count == 1 ? "tenant" : "tenants")} {where}<br/>{shown}", true));
            s.AddRange(inRacks.Select(r => Line($"tenants{i + 1}", rackId[r], null)));
        }
        return new DocsGraph(true, s);
    }

    private static GraphStatement Box(string id, string label, bool rounded) => new(new GraphNode(id, label, rounded), null);

    private static GraphStatement Line(string from, string to, string? label) => new(null, new GraphEdge(from, to, label, Dotted: label is null));
}
