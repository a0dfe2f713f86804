using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// A border: the VTEP of every tenant that leaves the fabric there. Per such tenant: its VRF and
/// L3VNI (importing only the tenant's own route target, so another tenant's routes never reach the
/// VRF, nor the upstream); per uplink a VLAN sub-interface in the VRF and one eBGP session to the
/// upstream's address of the /31. Upstream out: only the tenant's own prefixes (`announce`), so a
/// route of a leak partner or of another uplink never leaves. Upstream in: the default route when
/// the tenant asks for one (`defaultRoute`, also originated into EVPN so the way out stays while the
/// upstream is down), else whatever the upstream offers outside the fabric's own addresses. The
/// VRF redistributes nothing: its transfer networks stay on the border.
/// </summary>
internal static class BorderLowering
{
    public sealed record Exit(
        IReadOnlyList<ResolvedTenant> Tenants, IReadOnlyList<FrrVrf> Vrfs, IReadOnlyList<FrrPrefixList> PrefixLists,
        IReadOnlyList<FrrRouteMap> RouteMaps, IReadOnlyList<BgpTenantInstance> TenantBgp, IReadOnlyList<(ResolvedTenant Tenant, IReadOnlyList<ResolvedTransfer> Transfers)> Sessions);

    public static Exit Lower(LoweringContext c, ResolvedNode border)
    {
        var n = border.Input;
        var exits = c.ExitsOnBorder[n.Name];
        var tenants = exits.Select(e => e.Tenant).ToList();
        var prefixLists = tenants.SelectMany(t => new[] { NodeLowering.OwnPrefixList(t), NodeLowering.ReachablePrefixList(c, t) }).ToList();
        var routeMaps = new List<FrrRouteMap>();
        var instances = new List<BgpTenantInstance>();
        foreach (var (t, transfers) in exits)
        {
            var ext = t.Input.External!;
            string way = ext.DefaultRoute ? EvpnNames.DefaultRoute : EvpnNames.Outside;
            routeMaps.Add(new FrrRouteMap(EvpnNames.FibFilter(t.Name), [new FrrRouteMapEntry(10, "permit", EvpnNames.Reachable(t.Name))]));
            routeMaps.Add(new FrrRouteMap(EvpnNames.UpstreamIn(t.Name), [new FrrRouteMapEntry(10, "permit", way)]));
            routeMaps.Add(new FrrRouteMap(EvpnNames.UpstreamOut(t.Name), ext.Announce
                ? [new FrrRouteMapEntry(10, "permit", EvpnNames.OwnPrefixes(t.Name))]
                : [new FrrRouteMapEntry(10, "deny", null)]));
            routeMaps.Add(new FrrRouteMap(EvpnNames.Exit(t.Name), [new FrrRouteMapEntry(10, "permit", way)]));
            string rt = c.RouteTarget(t.L3Vni);
            instances.Add(new BgpTenantInstance(
                n.Asn, DeviceNames.Vrf(t.Name), n.Loopback.ToString(), EvpnNames.RouteDistinguisher(n.Loopback, t.VrfTable),
                RedistributeConnected: false, EvpnNames.Exit(t.Name), [rt], [rt], [], null)
            {
                MultipathRelax = true,
                DefaultOriginate = ext.DefaultRoute,
                Upstreams = transfers.Select(x => new BgpUpstreamPeer(x.UpstreamAddress.ToString(), x.Uplink.PeerAsn,
                    DeviceNames.SubInterface(x.Uplink.Port, x.Vlan), EvpnNames.UpstreamIn(t.Name), EvpnNames.UpstreamOut(t.Name))).ToList(),
            });
        }
        return new Exit(tenants,
            tenants.Select(t => new FrrVrf(DeviceNames.Vrf(t.Name), t.L3Vni, EvpnNames.FibFilter(t.Name))).ToList(),
            prefixLists, routeMaps, instances, exits);
    }
}
