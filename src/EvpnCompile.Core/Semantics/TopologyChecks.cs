using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Net;
using EvpnCompile.Core.Text;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>
/// Spines, borders and tenants that reach the outside (fabric-v1alpha1-additions.md): several racks
/// need a spine (hosts are never transit, so leaves of different racks could meet nowhere else);
/// only borders have uplinks, and an uplink is no fabric link; an external tenant names borders that
/// exist, has at least one, never shares a VLAN on an uplink with another tenant, and its transfer
/// network holds a /31 per (border, uplink) and overlaps no tenant's addresses and no other transfer.
/// </summary>
public static class TopologyChecks
{
    public static void Check(InputSet input, DiagnosticSink sink)
    {
        if (input.Fabric is { } fabric)
        {
            CheckSpines(input, fabric, sink);
            CheckUplinkPorts(input, fabric, sink);
        }
        foreach (var n in input.Nodes.Where(n => n.Role != NodeRole.Border && n.Uplinks.Count > 0))
            sink.Add(C.UplinksNotOnBorder(n.Doc.Key("/spec/uplinks"), n.Name, n.Role.Name()));
        foreach (var t in input.Tenants.Where(t => t.External is not null)) CheckExternal(input, t, sink);
        CheckVlans(input, sink);
        CheckTransferOverlaps(input, sink);
    }

    /// <summary>
    /// A rack is a set of leaves joined by the hosts they share (a host wired to two leaves puts both in its rack).
    /// Two racks and no spine: their leaves could meet only through a host, and hosts never carry transit.
    /// </summary>
    private static void CheckSpines(InputSet input, FabricInput fabric, DiagnosticSink sink)
    {
        if (input.Nodes.Any(n => n.Role == NodeRole.Spine) || !input.Complete) return;
        var leaves = input.Nodes.Where(n => n.Role == NodeRole.Leaf).Select(n => n.Name).ToList();
        var parent = leaves.ToDictionary(l => l, l => l, StringComparer.Ordinal);
        string Find(string x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        var firstLeafOfHost = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in fabric.Links)
            foreach (var (a, b) in new[] { (link.A, link.B), (link.B, link.A) })
                if (parent.ContainsKey(a.Node) && input.Node(b.Node) is { IsHost: true })
                {
                    if (firstLeafOfHost.TryGetValue(b.Node, out var other)) parent[Find(a.Node)] = Find(other);
                    else firstLeafOfHost[b.Node] = a.Node;
                }
        var racks = leaves.GroupBy(Find).Select(g => g.Order(StringComparer.Ordinal).ToList()).OrderBy(g => g[0], StringComparer.Ordinal).ToList();
        if (racks.Count < 2) return;
        string example = string.Join(" and ", racks.Take(2).Select(r => string.Join(" + ", r))) + (racks.Count > 2 ? ", …" : "");
        var at = fabric.Doc.Map.Contains("/spec/links") ? fabric.Doc.Key("/spec/links") : fabric.Doc.Name;
        sink.Add(C.RacksWithoutSpine(at, racks.Count, example));
    }

    private static void CheckUplinkPorts(InputSet input, FabricInput fabric, DiagnosticSink sink)
    {
        var linkEnds = new Dictionary<string, LinkEnd>(StringComparer.Ordinal);
        foreach (var link in fabric.Links)
            foreach (var end in new[] { link.A, link.B }) linkEnds.TryAdd(end.ToString(), end);
        foreach (var n in input.Nodes)
        {
            var seen = new Dictionary<string, UplinkInput>(StringComparer.Ordinal);
            foreach (var u in n.Uplinks)
            {
                string end = $"{n.Name}:{u.Port}";
                var at = n.Doc.Value($"{u.Pointer}/port");
                if (linkEnds.TryGetValue(end, out var link))
                    sink.Add(C.UplinkIsLinkPort(at, end, fabric.Doc.Value(link.Pointer)));
                if (seen.TryGetValue(u.Port, out var first))
                    sink.Add(C.PortReused(at, end, n.Doc.Value($"{first.Pointer}/port")));
                else seen[u.Port] = u;
            }
        }
    }

    private static void CheckExternal(InputSet input, TenantInput t, DiagnosticSink sink)
    {
        var ext = t.External!;
        bool named = false; // a wrong name is the finding; "no border" would only repeat it
        for (int i = 0; i < ext.Borders.Count; i++)
        {
            string name = ext.Borders[i];
            if (name == "*" || !t.Doc.Map.Contains($"{ExternalInput.Pointer}/borders/{i}")) continue;
            var at = t.Doc.Value($"{ExternalInput.Pointer}/borders/{i}");
            var node = input.Node(name);
            if (node is null && !input.MayExist("Node", name))
            {
                sink.Add(C.UnknownBorder(at, t.Name, name, input.Nodes.Where(n => n.Role == NodeRole.Border).Select(n => n.Name)));
                named = true;
            }
            else if (node is not null && node.Role != NodeRole.Border)
            {
                sink.Add(C.NotABorder(at, t.Name, name, node.Role.Name()));
                named = true;
            }
        }
        var uplinks = ExternalPlacement.Uplinks(input, t);
        if (uplinks.Count == 0)
        {
            if (input.Complete && !named) sink.Add(C.ExternalWithoutBorder(t.Doc.Key(ExternalInput.Pointer), t.Name));
            return;
        }
        var transferAt = t.Doc.Value($"{ExternalInput.Pointer}/transfer");
        if (ext.Transfer.HasHostBits)
            sink.Add(C.HostBitsSet(transferAt, ext.Transfer.ToString(), ext.Transfer.Network.ToString()));
        else if (ext.Transfer.SubnetCount(31) < uplinks.Count)
            sink.Add(C.TransferTooSmall(transferAt, t.Name, ext.Transfer.ToString(), ext.Transfer.SubnetCount(31), uplinks.Count));
    }

    private static void CheckVlans(InputSet input, DiagnosticSink sink)
    {
        var onUplink = new Dictionary<(string, string, int), TenantInput>();
        foreach (var t in input.Tenants.Where(t => t.External is not null))
            foreach (var (border, uplink) in ExternalPlacement.Uplinks(input, t))
            {
                var key = (border.Name, uplink.Port, t.External!.Vlan);
                if (onUplink.TryGetValue(key, out var other))
                {
                    if (other == t) continue;
                    var here = t.Doc.Value($"{ExternalInput.Pointer}/vlan");
                    var there = other.Doc.Value($"{ExternalInput.Pointer}/vlan");
                    sink.Add(C.UplinkVlanClash(here, t.Name, t.External.Vlan, border.Name, uplink.Port, other.Name, there));
                    sink.Add(C.UplinkVlanClash(there, other.Name, t.External.Vlan, border.Name, uplink.Port, t.Name, here));
                    onUplink[key] = t; // report each pair once
                }
                else onUplink[key] = t;
            }
    }

    /// <summary>A transfer address belongs to one uplink only: it overlaps no tenant's subnet (its own included) and no other transfer.</summary>
    private static void CheckTransferOverlaps(InputSet input, DiagnosticSink sink)
    {
        var spaces = new List<(TenantInput Tenant, Ipv4Prefix Prefix, SourceSpan At, string What)>();
        foreach (var t in input.Tenants)
        {
            if (t.PodNetwork is { } pod) spaces.Add((t, pod.Cidr, t.Doc.Value("/spec/podNetwork/cidr"), $"the podNetwork {pod.Cidr} of tenant '{t.Name}'"));
            foreach (var l2 in t.L2Networks)
                spaces.Add((t, l2.Subnet, t.Doc.Value($"{l2.Pointer}/subnet"), $"the L2 network '{l2.Name}' {l2.Subnet} of tenant '{t.Name}'"));
        }
        var transfers = input.Tenants.Where(t => t.External is not null).ToList();
        for (int i = 0; i < transfers.Count; i++)
        {
            var t = transfers[i];
            var p = t.External!.Transfer;
            var at = t.Doc.Value($"{ExternalInput.Pointer}/transfer");
            foreach (var s in spaces.Where(s => s.Prefix.Overlaps(p)))
                sink.Add(C.TransferOverlap(at, t.Name, p.ToString(), s.What, s.At));
            for (int j = 0; j < transfers.Count; j++)
            {
                var o = transfers[j];
                if (j != i && o.External!.Transfer.Overlaps(p))
                    sink.Add(C.TransferOverlap(at, t.Name, p.ToString(), $"the transfer {o.External.Transfer} of tenant '{o.Name}'", o.Doc.Value($"{ExternalInput.Pointer}/transfer")));
            }
        }
    }
}
