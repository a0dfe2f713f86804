namespace EvpnCompile.Core.Lab;

/// <summary>
/// The `edge` check: the fabric edge holds a host to what the model gives it. On every node the
/// underlay (ipv4 unicast) holds only the fabric's loopbacks, each announced by its owner (no default
/// route, no host claiming another VTEP's address). On every leaf, what it took from a host (a path
/// whose first ASN is that host's) is only that host's loopback, and EVPN routes carrying only the
/// route targets of the routes that host originates in routes.json (its tenants' own).
/// </summary>
public static class LabEdge
{
    public static IEnumerable<LabFinding> Check(LabPlan plan, RoutesFile routes, LabNode node,
        IReadOnlyList<FrrJson.BgpPath>? underlay, IReadOnlyList<FrrJson.BgpPath>? evpn)
    {
        if (underlay is null)
        {
            yield return new(LabCheck.Edge, node.Name, "underlay", LabOutcome.Failed, "bgpd does not answer");
            yield break;
        }
        var owners = plan.Nodes.ToDictionary(n => $"{n.Loopback}/32", StringComparer.Ordinal);
        var byAsn = plan.Nodes.Where(n => n.IsHost).GroupBy(n => n.Asn).ToDictionary(g => g.Key, g => g.First());
        int problems = 0;
        foreach (var path in underlay)
        {
            string origin = path.AsPath.Count == 0 ? node.Name : $"AS {path.AsPath[^1]}";
            string? wrong = !owners.TryGetValue(path.Key, out var owner) ? $"no node may announce it (AS path {AsText(path)})"
                : path.AsPath.Count == 0 ? (owner.Name == node.Name ? null : $"{owner.Name}'s loopback, originated here")
                : path.AsPath[^1] != owner.Asn ? $"{owner.Name}'s loopback, announced by {origin} (AS path {AsText(path)})"
                : null;
            if (!node.IsHost && wrong is null && path.AsPath.Count > 0 && byAsn.TryGetValue(path.AsPath[0], out var sender) && sender.Name != owner!.Name)
                wrong = $"taken from host {sender.Name}, which may announce only its own loopback";
            if (wrong is null) continue;
            problems++;
            yield return new(LabCheck.Edge, node.Name, $"underlay {path.Key}", LabOutcome.Failed, wrong);
        }

        if (!node.IsHost && evpn is not null)
        {
            var allowed = routes.Vteps.ToDictionary(v => v.Node, v => v.Originates.Select(r => r.RouteTarget).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            foreach (var path in evpn.Where(p => p.AsPath.Count > 0 && byAsn.ContainsKey(p.AsPath[0])))
            {
                var host = byAsn[path.AsPath[0]];
                var foreign = path.RouteTargets.Where(rt => !(allowed.GetValueOrDefault(host.Name)?.Contains(rt) ?? false)).ToList();
                if (foreign.Count == 0) continue;
                problems++;
                yield return new(LabCheck.Edge, node.Name, $"type-{path.Type} {path.Key}", LabOutcome.Failed,
                    $"taken from host {host.Name} with route target {string.Join(", ", foreign)}, which belongs to no tenant {host.Name} hosts");
            }
        }
        if (problems == 0)
            yield return new(LabCheck.Edge, node.Name, node.IsHost ? "underlay" : "underlay and hosts",
                LabOutcome.Passed, node.IsHost
                    ? $"{underlay.Count} underlay paths, each a loopback announced by its owner"
                    : $"{underlay.Count} underlay paths, each a loopback announced by its owner; from hosts only their loopbacks and their tenants' route targets");
    }

    private static string AsText(FrrJson.BgpPath p) => p.AsPath.Count == 0 ? "local" : string.Join(' ', p.AsPath);
}
