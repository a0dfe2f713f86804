using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;
using EvpnCompile.Core.Net;

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
        bool host = n.IsHost;
        var frr = new FrrConfig(
            c.Settings.FrrVersion, n.Name,
            tenants.Select(t => new FrrVrf(DeviceNames.Vrf(t.Name), t.L3Vni)).ToList(),
            tenants.Select(OwnPrefixList).ToList(),
            tenants.Select(t => new FrrRouteMap(EvpnNames.OwnPrefixes(t.Name), [new FrrRouteMapEntry(10, EvpnNames.OwnPrefixes(t.Name))]))
                .Concat(tenants.Select(t => LeakFilter(c, t, tenants)).OfType<FrrRouteMap>())
                .OrderBy(m => m.Name, StringComparer.Ordinal).ToList(),
            new BgpUnderlay(n.Asn, n.Loopback.ToString(), PeerGroup, c.Settings.Bfd, c.Ports[n.Name],
                [$"{n.Loopback}/32"], AdvertiseAllVni: host,
                tenants.SelectMany(t => t.L2Networks).OrderBy(l => l.Vni).Select(l => new FrrL2Vni(l.Vni, c.RouteTarget(l.Vni))).ToList()),
            tenants.Select(t => TenantBgp(c, n, t, tenants)).ToList());
        var daemons = new DaemonsConfig(DaemonOrder.Select(d => new DaemonSwitch(d,
            d == "bgpd" || (d == "bfdd" && c.Settings.Bfd) ? "yes" : "no")).ToList());
        string? network = host ? (c.Input.NetworkOf(n) == NetworkRenderer.Netplan ? "netplan" : "ifupdown2") : null;
        return new NodeModel(
            n.Name, host ? "host" : "leaf", host, n.Asn, n.Loopback.ToString(), node.RouterMac?.ToString(), n.Management?.ToString(),
            network, tenants.Select(t => t.Name).ToList(), frr, daemons,
            host ? HostNetworkLowering.Lower(c, node, network!, tenants) : null,
            host ? CniLowering.Lower(c, n.Name, tenants) : []);
    }

    private static BgpTenantInstance TenantBgp(LoweringContext c, NodeInput n, ResolvedTenant t, IReadOnlyList<ResolvedTenant> onNode)
    {
        var partners = c.Partners(t);
        // Routes of a partner on this same node never arrive over EVPN: leak them locally, filtered.
        var local = partners.Where(onNode.Contains).Select(x => DeviceNames.Vrf(x.Name)).ToList();
        return new BgpTenantInstance(
            n.Asn, DeviceNames.Vrf(t.Name), n.Loopback.ToString(), EvpnNames.RouteDistinguisher(n.Loopback, t.VrfTable),
            EvpnNames.OwnPrefixes(t.Name),
            partners.Prepend(t).Select(x => c.RouteTarget(x.L3Vni)).ToList(),
            [c.RouteTarget(t.L3Vni)],
            local,
            local.Count > 0 ? EvpnNames.LeakFilter(t.Name) : null);
    }

    /// <summary>
    /// What `import vrf` may take: only the partners' own prefixes. `import vrf` copies a VRF's whole
    /// table, and a hub's table holds every spoke's routes; unfiltered, spokes would reach each other.
    /// </summary>
    private static FrrRouteMap? LeakFilter(LoweringContext c, ResolvedTenant t, IReadOnlyList<ResolvedTenant> onNode)
    {
        var local = c.Partners(t).Where(onNode.Contains).ToList();
        return local.Count == 0 ? null : new FrrRouteMap(EvpnNames.LeakFilter(t.Name),
            local.Select((p, i) => new FrrRouteMapEntry(10 * (i + 1), EvpnNames.OwnPrefixes(p.Name))).ToList());
    }

    /// <summary>The tenant's own prefixes (and their more-specifics); a tenant with none advertises nothing.</summary>
    private static FrrPrefixList OwnPrefixList(ResolvedTenant t)
    {
        var own = LoweringContext.OwnSubnets(t);
        var entries = own.Count == 0
            ? [new FrrPrefixEntry(10, "deny", "0.0.0.0/0")]
            : own.Select((p, i) => new FrrPrefixEntry(10 * (i + 1), "permit", p.ToString())).ToList();
        return new FrrPrefixList(EvpnNames.OwnPrefixes(t.Name), entries);
    }
}
