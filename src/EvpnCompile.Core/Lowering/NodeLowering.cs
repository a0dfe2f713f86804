using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>What one node carries: its frr.conf, its daemons, on hosts its devices and CNI files, and on switches
/// (leaves, spines, borders) their interfaces file.</summary>
internal static class NodeLowering
{
    public const string PeerGroup = "fabric";

    /// <summary>How long a restarted zebra keeps the kernel routes its previous run left: bgpd's graceful restart time
    /// (120 s, FRR's default), the time the peers keep this node's routes too.</summary>
    private const int ZebraGracefulRestart = 120;

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
        var policy = host ? HostPolicy.Lower(n) : null;
        var exit = n.Role == NodeRole.Border ? BorderLowering.Lower(c, node) : null;
        var frr = new FrrConfig(
            c.Settings.FrrVersion, n.Name,
            // Only hosts whose VRFs route IPv6 forward it (HostNetworkLowering.RoutesIpv6, as their sysctl
            // file says); elsewhere the overlay and underlay are IPv4 (BGP unnumbered forwards IPv4 over IPv6
            // next hops) and IPv6 forwarding stays off: SLAAC on the management port needs it off.
            Ipv6Forwarding: host && HostNetworkLowering.RoutesIpv6(c, vrfs),
            vrfs.Select(v => c.PerTenant("vrf", v.Tenant, () => new FrrVrf(DeviceNames.Vrf(v.Tenant.Name), v.Tenant.L3Vni, EvpnNames.FibFilter(v.Tenant.Name),
                c.DualStack ? EvpnNames.FibFilter(v.Tenant.Name) : null))).Concat(exit?.Vrfs ?? []).ToList(),
            onNode.SelectMany(t => new[] { c.PerTenant("own-list", t, () => OwnPrefixList(t)), c.PerTenant("reachable-list", t, () => ReachablePrefixList(c, t)) }.Concat(Ipv6PrefixLists(c, t))).Concat(exit?.PrefixLists ?? [])
                .Concat(policy?.PrefixLists ?? []).Concat(OutsidePrefixLists(c, onNode.Concat(exit?.Tenants ?? [])))
                .Concat(edge?.PrefixLists ?? []).ToList(),
            edge?.ExtCommunityLists ?? [],
            onNode.Select(t => new FrrRouteMap(EvpnNames.OwnPrefixes(t.Name), PerFamily(
                    EvpnNames.OwnPrefixes(t.Name), LoweringContext.OwnSubnets6(t).Count > 0 ? EvpnNames.OwnPrefixes6(t.Name) : null)))
                .Concat(onNode.Select(t => LeakFilter(c, t, onNode)).OfType<FrrRouteMap>())
                .Concat(onNode.Select(t => new FrrRouteMap(EvpnNames.FibFilter(t.Name), PerFamily(
                    EvpnNames.Reachable(t.Name), c.ReachableSubnets6(t).Count > 0 ? EvpnNames.Reachable6(t.Name) : null))))
                .Concat(exit?.RouteMaps ?? [])
                .Concat(policy?.RouteMaps ?? [])
                .Concat(edge?.RouteMaps ?? [])
                .OrderBy(m => m.Name, StringComparer.Ordinal).ToList(),
            new BgpUnderlay(n.Asn, n.Loopback.ToString(), PeerGroup, c.Settings.Bfd,
                edge?.FabricPorts ?? c.Ports[n.Name], edge is { HostPeers.Count: > 0 } ? FabricEdge.PeerGroup : null, edge?.HostPeers ?? [],
                [$"{n.Loopback}/32"], AdvertiseAllVni: host || exit is { Tenants.Count: > 0 },
                tenants.SelectMany(t => t.L2Networks).OrderBy(l => l.Vni).Select(l => new FrrL2Vni(l.Vni, c.RouteTarget(l.Vni))).ToList())
            {
                GracefulRestart = true,
                FabricIpv4Out = policy is null ? null : EvpnNames.FabricOutIpv4,
                FabricEvpnOut = policy is null ? null : EvpnNames.FabricOutEvpn,
            },
            vrfs.Select(v => TenantBgp(c, n, v, onNode)).Concat(exit?.TenantBgp ?? []).ToList())
        {
            AsPathLists = policy?.AsPathLists ?? [],
        };
        var daemons = new DaemonsConfig(DaemonOrder.Select(d => new DaemonSwitch(d,
            Enabled: d == "bgpd" || (d == "bfdd" && c.Settings.Bfd))).ToList()) { ZebraGracefulRestartSeconds = ZebraGracefulRestart };
        NetworkRenderer? network = host ? c.Input.NetworkOf(n) : null;
        return new NodeModel(
            n.Name, n.Role.Name(), host, n.Asn, n.Loopback.ToString(), node.RouterMac?.ToString(), n.Management?.ToString(),
            network, tenants.Select(t => t.Name).ToList(), vrfs.Where(v => v.Transit).Select(v => v.Tenant.Name).ToList(), frr, daemons,
            host ? HostNetworkLowering.Lower(c, node, network!.Value, vrfs) : null,
            host ? CniLowering.Lower(c, n.Name, tenants) : [])
        {
            SwitchNetwork = host ? null : SwitchNetworkLowering.Lower(c, node, exit),
            ExitTenants = exit?.Tenants.Select(t => t.Name).ToList() ?? [],
        };
    }

    /// <summary>The default route alone, and everything outside the fabric's addresses: what external tenants on the node
    /// may hold beyond their own and their partners' prefixes (only on nodes that carry such a tenant).</summary>
    private static IEnumerable<FrrPrefixList> OutsidePrefixLists(LoweringContext c, IEnumerable<ResolvedTenant> tenants)
    {
        var external = tenants.Select(t => t.Input.External).OfType<ExternalInput>().ToList();
        if (external.Any(e => e.DefaultRoute))
            yield return new FrrPrefixList(EvpnNames.DefaultRoute, [new FrrPrefixEntry(10, "permit", "0.0.0.0/0", Le: null)]);
        if (external.Any(e => !e.DefaultRoute))
            yield return new FrrPrefixList(EvpnNames.Outside, c.FabricSpace().Select((p, i) => new FrrPrefixEntry(10 * (i + 1), "deny", p.ToString()))
                .Append(new FrrPrefixEntry(10 * (c.FabricSpace().Count + 1), "permit", "0.0.0.0/0")).ToList());
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
            local.Count > 0 ? EvpnNames.LeakFilter(t.Name) : null,
            TenantBgp6(c, vrf, onNode))
        {
            MultipathRelax = t.Input.External is not null,
        };
    }

    /// <summary>
    /// The VRF's IPv6 unicast family, when the tenant or a partner has IPv6: its own IPv6 subnets
    /// redistributed and advertised as type-5 through the same own-prefix route-map, and the IPv6 routes
    /// of partners on this node leaked through the same leak filter.
    /// </summary>
    private static BgpTenantIpv6? TenantBgp6(LoweringContext c, HostVrf vrf, IReadOnlyList<ResolvedTenant> onNode)
    {
        var t = vrf.Tenant;
        bool own = LoweringContext.OwnSubnets6(t).Count > 0;
        var local = c.Partners(t).Where(onNode.Contains).Where(p => LoweringContext.OwnSubnets6(p).Count > 0).Select(x => DeviceNames.Vrf(x.Name)).ToList();
        bool redistribute = own && !vrf.Transit;
        if (!redistribute && local.Count == 0 && !own) return null;
        return new BgpTenantIpv6(redistribute, local, local.Count > 0 ? EvpnNames.LeakFilter(t.Name) : null, own ? EvpnNames.OwnPrefixes(t.Name) : null);
    }

    /// <summary>A permit entry matching <paramref name="ipv4"/>, then one matching <paramref name="ipv6"/> when the tenant has IPv6.</summary>
    private static IReadOnlyList<FrrRouteMapEntry> PerFamily(string ipv4, string? ipv6) => ipv6 is null
        ? [new FrrRouteMapEntry(10, "permit", ipv4)]
        : [new FrrRouteMapEntry(10, "permit", ipv4), new FrrRouteMapEntry(20, "permit", null, Ipv6PrefixList: ipv6)];

    /// <summary>
    /// What `import vrf` may take: only the partners' own prefixes, and each only from that partner's
    /// VRF (`match source-vrf`). `import vrf` copies a VRF's table, and a hub's holds its spokes'
    /// routes; unfiltered, spokes would reach each other.
    /// </summary>
    private static FrrRouteMap? LeakFilter(LoweringContext c, ResolvedTenant t, IReadOnlyList<ResolvedTenant> onNode)
    {
        var local = c.Partners(t).Where(onNode.Contains).ToList();
        // IPv6 entries follow the IPv4 ones, so an IPv4-only fabric's sequence numbers stay as they were.
        var local6 = local.Where(p => LoweringContext.OwnSubnets6(p).Count > 0).ToList();
        return local.Count == 0 ? null : new FrrRouteMap(EvpnNames.LeakFilter(t.Name),
            local.Select((p, i) => new FrrRouteMapEntry(10 * (i + 1), "permit", EvpnNames.OwnPrefixes(p.Name), SourceVrf: DeviceNames.Vrf(p.Name)))
                .Concat(local6.Select((p, i) => new FrrRouteMapEntry(10 * (local.Count + i + 1), "permit", null, SourceVrf: DeviceNames.Vrf(p.Name),
                    Ipv6PrefixList: EvpnNames.OwnPrefixes6(p.Name)))).ToList());
    }

    /// <summary>The IPv6 twins of the own and reachable prefix-lists, for the tenants that have any.</summary>
    private static IEnumerable<FrrPrefixList> Ipv6PrefixLists(LoweringContext c, ResolvedTenant t)
    {
        var own = LoweringContext.OwnSubnets6(t);
        if (own.Count > 0)
            yield return new FrrPrefixList(EvpnNames.OwnPrefixes6(t.Name),
                own.Select((p, i) => new FrrPrefixEntry(10 * (i + 1), "permit", p.ToString(), 128)).ToList(), "ipv6");
        var reach = c.ReachableSubnets6(t);
        if (reach.Count > 0)
            yield return new FrrPrefixList(EvpnNames.Reachable6(t.Name),
                reach.Select((p, i) => new FrrPrefixEntry(10 * (i + 1), "permit", p, 128)).ToList(), "ipv6");
    }

    /// <summary>The tenant's own prefixes (and their more-specifics); a tenant with none advertises nothing.</summary>
    internal static FrrPrefixList OwnPrefixList(ResolvedTenant t) =>
        PrefixList(EvpnNames.OwnPrefixes(t.Name), LoweringContext.OwnSubnets(t).Select(p => p.ToString()).ToList());

    /// <summary>What the tenant's VRF may hold: its own prefixes and its partners' (and their more-specifics), and for an
    /// external tenant its way out: the default route, or (without defaultRoute) whatever lies outside the fabric.</summary>
    internal static FrrPrefixList ReachablePrefixList(LoweringContext c, ResolvedTenant t)
    {
        var list = PrefixList(EvpnNames.Reachable(t.Name), c.ReachableSubnets(t));
        if (t.Input.External is not { } ext) return list;
        var entries = list.Entries.Where(e => e.Action == "permit").ToList();
        var fabric = c.FabricSpace();
        if (ext.DefaultRoute) entries.Add(new FrrPrefixEntry(10 * (entries.Count + 1), "permit", "0.0.0.0/0", Le: null));
        else
        {
            foreach (var p in fabric) entries.Add(new FrrPrefixEntry(10 * (entries.Count + 1), "deny", p.ToString()));
            entries.Add(new FrrPrefixEntry(10 * (entries.Count + 1), "permit", "0.0.0.0/0"));
        }
        return list with { Entries = entries };
    }

    internal static FrrPrefixList PrefixList(string name, IReadOnlyList<string> prefixes) => new(name, prefixes.Count == 0
        ? [new FrrPrefixEntry(10, "deny", "0.0.0.0/0")]
        : prefixes.Select((p, i) => new FrrPrefixEntry(10 * (i + 1), "permit", p)).ToList());
}
