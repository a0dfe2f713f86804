using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// The fabric picture. Up to <see cref="MaxHostsDrawn"/> hosts every node, link and tenant is drawn.
/// Above that a picture of every host (1000 hosts, 2000 links, 250,000 placement lines) is unreadable
/// and too large for a Markdown viewer, so it draws racks instead: a rack is the set of leaves its
/// hosts connect to, labelled with the host count; the spines and borders (few) are drawn as they are,
/// each linked to the racks with its number of links; tenants with the same racks and exit borders are
/// one shape linked to those racks and borders. The per-node tables of docs/fabric.md still list every node.
/// </summary>
internal static class DocsGraphLowering
{
    public const int MaxHostsDrawn = 32;

    /// <summary>Tenant names shown in a group's label before "…".</summary>
    private const int NamesShown = 3;

    public static DocsGraph Lower(IReadOnlyList<NodeSummary> nodes, IReadOnlyList<LinkModel> links, IReadOnlyList<TenantModel> tenants) =>
        nodes.Count(n => n.IsHost) <= MaxHostsDrawn ? Every(nodes, links, tenants) : Racks(nodes, links, tenants);

    private static DocsGraph Every(IReadOnlyList<NodeSummary> nodes, IReadOnlyList<LinkModel> links, IReadOnlyList<TenantModel> tenants)
    {
        var s = new List<GraphStatement>();
        s.AddRange(nodes.Select(NodeBox));
        s.AddRange(links.Select(LinkLine));
        foreach (var t in tenants)
        {
            s.Add(Box($"tenant_{t.Name}", $"tenant {t.Name}<br/>L3VNI {t.L3Vni}", true));
            s.AddRange(t.Hosts.Select(h => Line($"tenant_{t.Name}", h, null)));
            s.AddRange(nodes.Where(n => n.ExitTenants.Contains(t.Name)).Select(b => Line($"tenant_{t.Name}", b.Name, null))); // its way out
        }
        return new DocsGraph(false, s);
    }

    private static DocsGraph Racks(IReadOnlyList<NodeSummary> nodes, IReadOnlyList<LinkModel> links, IReadOnlyList<TenantModel> tenants)
    {
        var leaves = nodes.Where(n => n.Role == "leaf").Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
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
        // A leaf belongs to the rack its hosts make (the first, should hosts disagree); every other switch (spines,
        // borders, a leaf without hosts) is few and drawn as in the small picture, with its own links.
        var rackOfLeaf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var host in leavesOf.Keys.Order(StringComparer.Ordinal))
            foreach (var leaf in leavesOf[host]) rackOfLeaf.TryAdd(leaf, rackId[RackOf(host)]);
        var switches = nodes.Where(n => !n.IsHost && !rackOfLeaf.ContainsKey(n.Name)).ToList();
        var drawn = switches.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);

        var s = new List<GraphStatement>();
        s.AddRange(racks.Select(r => Box(r.Id, $"{r.Name}<br/>{r.Hosts} hosts", false)));
        s.AddRange(switches.Select(NodeBox));
        // Links between drawn switches as they are; links from a rack's leaves to a switch counted per (switch, rack).
        s.AddRange(links.Where(l => drawn.Contains(l.NodeA) && drawn.Contains(l.NodeB)).Select(LinkLine));
        var uplinks = links.SelectMany(l => new[] { (Switch: l.NodeA, Leaf: l.NodeB), (Switch: l.NodeB, Leaf: l.NodeA) })
            .Where(x => drawn.Contains(x.Switch) && rackOfLeaf.ContainsKey(x.Leaf))
            .GroupBy(x => (x.Switch, Rack: rackOfLeaf[x.Leaf]))
            .OrderBy(g => g.Key.Switch, StringComparer.Ordinal).ThenBy(g => int.Parse(g.Key.Rack[4..], System.Globalization.CultureInfo.InvariantCulture));
        s.AddRange(uplinks.Select(g => Line(g.Key.Switch, g.Key.Rack, g.Count() == 1 ? "1 link" : $"{g.Count()} links")));

        // Tenants grouped by where they are: their racks, and the borders they leave the fabric through.
        var bordersOf = tenants.ToDictionary(t => t.Name, t => nodes.Where(n => n.ExitTenants.Contains(t.Name)).Select(n => n.Name).ToList(), StringComparer.Ordinal);
        var groups = tenants
            .Select(t => (Tenant: t.Name, Racks: t.Hosts.Select(RackOf).Distinct().Order(StringComparer.Ordinal).ToList(), Borders: bordersOf[t.Name]))
            .GroupBy(t => string.Join(",", t.Racks) + "|" + string.Join(",", t.Borders))
            .Select(g => (g.First().Racks, g.First().Borders, Tenants: g.Select(t => t.Tenant).ToList()))
            .OrderBy(g => g.Tenants[0], StringComparer.Ordinal).ToList();
        for (int i = 0; i < groups.Count; i++)
        {
            var (inRacks, borders, names) = groups[i];
            string shown = string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? ", …" : "");
            string where = inRacks.Count == 0 ? "on no host" : inRacks.Count == racks.Count ? "in every rack" : $"in {inRacks.Count} of {racks.Count} racks";
            string exit = borders.Count == 0 ? "" : $", exit via {string.Join(", ", borders)}";
            s.Add(Box($"tenants{i + 1}", $"{names.Count} {(names.Count == 1 ? "tenant" : "tenants")} {where}{exit}<br/>{shown}", true));
            s.AddRange(inRacks.Select(r => Line($"tenants{i + 1}", rackId[r], null)));
            s.AddRange(borders.Select(b => Line($"tenants{i + 1}", b, null)));
        }
        return new DocsGraph(true, s);
    }

    private static GraphStatement NodeBox(NodeSummary n) => Box(n.Name, $"{n.Name}<br/>{n.Role} AS{n.Asn}<br/>{n.Loopback}", false);

    private static GraphStatement LinkLine(LinkModel l) => Line(l.NodeA, l.NodeB, $"{l.PortA} - {l.PortB}");

    private static GraphStatement Box(string id, string label, bool rounded) => new(new GraphNode(id, label, rounded), null);

    private static GraphStatement Line(string from, string to, string? label) => new(null, new GraphEdge(from, to, label, Dotted: label is null));
}
