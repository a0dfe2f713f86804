using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// The EVPN routes each VTEP originates: a type-5 route per connected subnet of each tenant VRF
/// (its pod block and every L2 subnet, through `redistribute connected`; dual-stack tenants also their
/// IPv6 pod block and L2 subnets, through the IPv6 family's), and a type-3 route per
/// L2VNI. Each lists the VRFs that import it (the tenant itself and its leak partners) with the VNI
/// each sends its traffic in: its own L3VNI (type-5), or the L2VNI (type-3).
/// </summary>
internal static class RoutesLowering
{
    public static IReadOnlyList<VtepRoutes> Lower(LoweringContext c) => new RoutesOnDemand(c).ToList();

    /// <summary>
    /// Every VTEP's routes (hosts, then borders with exits, in node order), each lowered when it is read and not kept:
    /// routes.json at 1000 hosts x 250 tenants holds 750,000 routes, read three times by a build (its fingerprint, its
    /// bytes, the encap check), so the node-by-node build reads them from this instead of holding them (issue 14).
    /// </summary>
    public sealed class RoutesOnDemand : IReadOnlyList<VtepRoutes>
    {
        private readonly LoweringContext c;
        private readonly IReadOnlyList<ResolvedNode> vteps;
        private readonly int hosts;
        private readonly Dictionary<string, IReadOnlyList<RouteImporter>> importers;

        public RoutesOnDemand(LoweringContext c)
        {
            this.c = c;
            var hostNodes = c.Fabric.Nodes.Where(n => n.Input.IsHost).ToList();
            hosts = hostNodes.Count;
            vteps = hostNodes.Concat(c.Fabric.Nodes.Where(n => c.ExitsOnBorder[n.Name].Count > 0)).ToList();
            importers = c.Fabric.Tenants.ToDictionary(t => t.Name,
                t => (IReadOnlyList<RouteImporter>)c.Partners(t).Prepend(t).OrderBy(x => x.Name, StringComparer.Ordinal)
                    .Select(x => new RouteImporter(x.Name, x.L3Vni)).ToList(),
                StringComparer.Ordinal);
        }

        public int Count => vteps.Count;

        // What the upstream may receive: the hosts' routes, never another border's default.
        public VtepRoutes this[int index] => index < hosts ? Host(vteps[index]) : Border(c, vteps[index], this.Take(hosts));

        public IEnumerator<VtepRoutes> GetEnumerator()
        {
            for (int i = 0; i < Count; i++) yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private VtepRoutes Host(ResolvedNode node)
        {
            var n = node.Input;
            string vtep = n.Loopback.ToString();
            var routes = new List<EvpnRoute>();
            foreach (var t in c.TenantsOnHost[n.Name])
            {
                string rd = EvpnNames.RouteDistinguisher(n.Loopback, t.VrfTable);
                string rt = c.RouteTarget(t.L3Vni);
                if (t.PodBlocks.TryGetValue(n.Name, out var block))
                    routes.Add(new EvpnRoute(RouteType.IpPrefix, block.ToString(), t.L3Vni, t.Name, rt, rd, vtep, importers[t.Name]));
                foreach (var l2 in t.L2Networks.OrderBy(l => l.Input.Subnet))
                    routes.Add(new EvpnRoute(RouteType.IpPrefix, l2.Input.Subnet.ToString(), t.L3Vni, t.Name, rt, rd, vtep, importers[t.Name]));
                // Dual-stack: the IPv6 twins ride the same L3VNI, RD and route target; after the IPv4 ones,
                // so an IPv4-only fabric's routes.json stays as it was.
                if (t.PodBlocks6.TryGetValue(n.Name, out var block6))
                    routes.Add(new EvpnRoute(RouteType.IpPrefix, block6.ToString(), t.L3Vni, t.Name, rt, rd, vtep, importers[t.Name]));
                foreach (var subnet6 in t.L2Networks.Select(l => l.Subnet6).OfType<Net.Ipv6Prefix>().Order())
                    routes.Add(new EvpnRoute(RouteType.IpPrefix, subnet6.ToString(), t.L3Vni, t.Name, rt, rd, vtep, importers[t.Name]));
                foreach (var l2 in t.L2Networks.OrderBy(l => l.Vni))
                    routes.Add(new EvpnRoute(RouteType.InclusiveMulticast, null, l2.Vni, t.Name, c.RouteTarget(l2.Vni), null, vtep, [new RouteImporter(t.Name, l2.Vni)]));
            }
            return new VtepRoutes(n.Name, vtep, node.RouterMac?.ToString() ?? "", routes);
        }
    }

    /// <summary>
    /// A border originates a type-5 default route into each exit tenant that asks for one (imported by that tenant
    /// alone: a leak partner's FIB filter never installs it), and sends each upstream the tenant's own type-5
    /// prefixes. Without defaultRoute, what the border puts into EVPN is whatever the upstream offers: not known here.
    /// </summary>
    private static VtepRoutes Border(LoweringContext c, ResolvedNode node, IEnumerable<VtepRoutes> hosts)
    {
        var n = node.Input;
        string vtep = n.Loopback.ToString();
        var routes = new List<EvpnRoute>();
        var upstreams = new List<UpstreamRoutes>();
        foreach (var (t, transfers) in c.ExitsOnBorder[n.Name])
        {
            if (t.Input.External!.DefaultRoute)
                routes.Add(new EvpnRoute(RouteType.IpPrefix, "0.0.0.0/0", t.L3Vni, t.Name, c.RouteTarget(t.L3Vni),
                    EvpnNames.RouteDistinguisher(n.Loopback, t.VrfTable), vtep, [new RouteImporter(t.Name, t.L3Vni)]));
            var own = t.Input.External.Announce
                ? hosts.SelectMany(h => h.Originates).Where(r => r.Type == RouteType.IpPrefix && r.Tenant == t.Name).Select(r => r.Prefix!)
                    .Distinct().OrderBy(p => Net.Ipv4Prefix.Parse(p)).ToList()
                : [];
            upstreams.AddRange(transfers.Select(x => new UpstreamRoutes(t.Name, x.Uplink.Port, x.Vlan, x.BorderAddress.ToString(),
                x.UpstreamAddress.ToString(), x.Uplink.PeerAsn, own)));
        }
        return new VtepRoutes(n.Name, vtep, node.RouterMac?.ToString() ?? "", routes) { Upstreams = upstreams };
    }
}
