using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>What one node carries: its frr.conf, its daemons, and on hosts its devices and CNI files.</summary>
internal static class NodeLowering
{
    public const string PeerGroup = "fabric";

    /// <summary>Debian's /etc/frr/daemons order. zebra and staticd always run and are not listed.</summary>
    private static readonly string[] DaemonOrder =
        ["bgpd", "ospfd", "ospf6d", "ripd", "ripngd", "isisd", "pimd", "pim6d", "ldpd", "nhrpd", "eigrpd", "babeld", "sharpd", "pbrd", "bfdd", "fabricd", "vrrpd", "pathd"];

    public static NodeModel Lower(LoweringContext c, ResolvedNode node)
    {
        var n = node.Input;
        var tenants = c.TenantsOnHost[n.Name];
        var vrfs = c.VrfsOnNode[n.Name];
        var onNode = vrfs.Select(v => v.Tenant).ToList();
        bool host = n.IsHost;
        var edge = host ? null : FabricEdge.Lower(c, n);
        var frr = new FrrConfig(
            c.Settings.FrrVersion, n.Name,
            vrfs.Select(v => c.PerTenant("vrf", v.Tenant, () => new FrrVrf(DeviceNames.Vrf(v.Tenant.Name), v.Tenant.L3Vni, EvpnNames.FibFilter(v.Tenant.Name)))).ToList(),
            onNode.SelectMany(t => new[] { c.PerTenant("own-list", t, () => OwnPrefixList(t)), c.PerTenant("reachable-list", t, () => ReachablePrefixList(c, t)) })
                .Concat(edge?.PrefixLists ?? []).ToList(),
            edge?.ExtCommunityLists ?? [],
            onNode.Select(t => c.PerTenant("own-map", t, () => new FrrRouteMap(EvpnNames.OwnPrefixes(t.Name), [new FrrRouteMapEntry(10, "permit", EvpnNames.OwnPrefixes(t.Name))])))
                .Concat(onNode.Select(t => LeakFilter(c, t, onNode)).OfType<FrrRouteMap>())
                .Concat(onNode.Select(t => c.PerTenant("fib-map", t, () => new FrrRouteMap(EvpnNames.FibFilter(t.Name), [new FrrRouteMapEntry(10, "permit", EvpnNames.Reachable(t.Name))]))))
                .Concat(edge?.RouteMaps ?? [])
                .OrderBy(m => m.Name, StringComparer.Ordinal).ToList(),
            new BgpUnderlay(n.Asn, n.Loopback.ToString(), PeerGroup, c.Settings.Bfd,
                edge?.FabricPorts ?? c.Ports[n.Name], edge is { HostPeers.Count: > 0 } ? FabricEdge.PeerGroup : null, edge?.HostPeers ?? [],
                [$"{n.Loopback}/32"], AdvertiseAllVni: host,
                tenants.SelectMany(t => t.L2Networks).OrderBy(l => l.Vni).Select(l => new FrrL2Vni(l.Vni, c.RouteTarget(l.Vni))).ToList()),
            vrfs.Select(v => TenantBgp(c, n, v, onNode)).ToList());
        var daemons = new DaemonsConfig(DaemonOrder.Select(d => new DaemonSwitch(d,
            Enabled: d == "bgpd" || (d == "bfdd" && c.Settings.Bfd))).ToList());
        NetworkRenderer? network = host ? c.Input.NetworkOf(n) : null;
        return new NodeModel(
            n.Name, host ? "host" : "leaf", host, n.Asn, n.Loopback.ToString(), node.RouterMac?.ToString(), n.Management?.ToString(),
            network, tenants.Select(t => t.Name).ToList(), vrfs.Where(v => v.Transit).Select(v => v.Tenant.Name).ToList(), frr, daemons,
            host ? HostNetworkLowering.Lower(c, node, network!.Value, vrfs) : null,
            host ? CniLowering.Lower(c, n.Name, tenants) : []);
    }

    private static BgpTenantInstance TenantBgp(LoweringContext c, NodeInput n, HostVrf vrf, IReadOnlyList<ResolvedTenant> onNode)
    {
        var t = vrf.Tenant;
        var partners = c.Partners(t);
        // Routes of a partner on this same node never arrive over EVPN: leak them locally, filtered.
        var local = partners.Where(onNode.Contains).Select(x => DeviceNames.Vrf(x.Name)).ToList();
        return new BgpTenantInstance(
            n.Asn, DeviceNames.Vrf(t.Name), n.Loopback.ToString(), EvpnNames.RouteDistinguisher(n.Loopback, t.VrfTable),
            RedistributeConnected: !vrf.Transit,
            EvpnNames.OwnPrefixes(t.Name),
            c.PerTenant("imports", t, () => partners.Prepend(t).Select(x => c.RouteTarget(x.L3Vni)).ToList()),
            c.PerTenant("exports", t, () => new List<string> { c.RouteTarget(t.L3Vni) }),
            local,
            local.Count > 0 ? EvpnNames.LeakFilter(t.Name) : null);
    }

    /// <summary>
    /// What `import vrf` may take: only the partners' own prefixes, and each only from that partner's
    /// VRF (`match source-vrf`). `import vrf` copies a VRF's table, and a hub's holds its spokes'
    /// routes; unfiltered, spokes would reach each other.
    /// </summary>
    private static FrrRouteMap? LeakFilter(LoweringContext c, ResolvedTenant t, IReadOnlyList<ResolvedTenant> onNode)
    {
        var local = c.Partners(t).Where(onNode.Contains).ToList();
        return local.Count == 0 ? null : new FrrRouteMap(EvpnNames.LeakFilter(t.Name),
            local.Select((p, i) => new FrrRouteMapEntry(10 * (i + 1), "permit", EvpnNames.OwnPrefixes(p.Name), SourceVrf: DeviceNames.Vrf(p.Name))).ToList());
    }

    /// <summary>The tenant's own prefixes (and their more-specifics); a tenant with none advertises nothing.</summary>
    private static FrrPrefixList OwnPrefixList(ResolvedTenant t) =>
        PrefixList(EvpnNames.OwnPrefixes(t.Name), LoweringContext.OwnSubnets(t).Select(p => p.ToString()).ToList());

    /// <summary>What the tenant's VRF may hold: its own prefixes and its partners' (and their more-specifics).</summary>
    private static FrrPrefixList ReachablePrefixList(LoweringContext c, ResolvedTenant t) =>
        PrefixList(EvpnNames.Reachable(t.Name), c.ReachableSubnets(t));

    private static FrrPrefixList PrefixList(string name, IReadOnlyList<string> prefixes) => new(name, prefixes.Count == 0
        ? [new FrrPrefixEntry(10, "deny", "0.0.0.0/0")]
        : prefixes.Select((p, i) => new FrrPrefixEntry(10 * (i + 1), "permit", p)).ToList());
}
