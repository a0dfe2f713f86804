using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Explain;

/// <summary>
/// Reads what `evpnc explain` shows out of the network model and the output plan. It decides
/// nothing: every value is one the model or a rendered file already holds; it only gathers them
/// per tenant or per node and sorts them.
/// </summary>
public static class Explainer
{

    /// <returns>null when the model has no tenant of that name.</returns>
    public static TenantExplanation? Tenant(FabricModel model, IReadOnlyList<OutputFile> files, string name)
    {
        var t = model.Tenants.FirstOrDefault(x => x.Name == name);
        if (t is null) return null;
        var nodes = model.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var tenants = model.Tenants.ToDictionary(x => x.Name, StringComparer.Ordinal);
        string vrf = t.Vrf;
        var hostNames = t.Hosts.Order(StringComparer.Ordinal).ToList();

        var hosts = hostNames.Select(h =>
        {
            var block = t.PodBlocks.FirstOrDefault(b => b.Node == h);
            var block6 = t.PodBlocks6.FirstOrDefault(b => b.Node == h);
            var bgp = nodes.GetValueOrDefault(h)?.Frr.TenantBgp.FirstOrDefault(b => b.Vrf == vrf);
            return new TenantHostExplanation(h, bgp?.Rd, block?.Prefix, block?.Gateway) { PodBlock6 = block6?.Prefix, PodGateway6 = block6?.Gateway };
        }).ToList();

        var l2 = t.L2Networks.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => new L2NetworkExplanation(
            l.Name, l.Vni, l.RouteTarget, l.Subnet, l.Gateway,
            l.Slices.OrderBy(s => s.Node, StringComparer.Ordinal)
                .Select(s => new SliceExplanation(s.Node, s.Prefix) { Prefix6 = l.Slices6.FirstOrDefault(x => x.Node == s.Node)?.Prefix }).ToList())
            { Subnet6 = l.Subnet6, Gateway6 = l.Gateway6 }).ToList();

        // The route target that carries each leak: the exporter's own.
        LeakExplanation Leak(string tenant, string routeTarget) => new(tenant, routeTarget);
        var imports = t.Imports.Order(StringComparer.Ordinal)
            .Select(x => Leak(x, tenants.TryGetValue(x, out var exporter) ? exporter.RouteTarget : "")).ToList();
        var exportsTo = t.ExportsTo.Order(StringComparer.Ordinal).Select(x => Leak(x, t.RouteTarget)).ToList();

        var namespaces = t.Namespaces.OrderBy(ns => ns.Name, StringComparer.Ordinal)
            .Select(ns => new NamespaceExplanation(ns.Name, ns.Networks.Order(StringComparer.Ordinal).ToList())).ToList();

        // Its files: the CNI files of its bridges on each host, and its Kubernetes objects.
        var own = new List<OutputFile>();
        foreach (var h in hostNames)
        {
            if (nodes.GetValueOrDefault(h) is not { } node) continue;
            foreach (var cni in node.Cni.Where(c => c.Tenant == t.Name))
                own.AddRange(files.Where(f => f.Node == h && f.Target == OutputPlan.CniFolder + cni.FileName));
        }
        own.AddRange(files.Where(f => f.Node is null && f.Path == OutputPlan.KubernetesFile(t.Name)));

        var exits = Exits(model).Where(x => x.Tenant == t.Name).ToList();
        return new TenantExplanation(t.Name, vrf, t.L3Vni, t.VrfTable, t.RouteTarget, t.PodCidr, t.MaxPods,
            hosts, l2, imports, exportsTo, namespaces, Files(own)) { PodCidr6 = t.PodCidr6, Exits = exits.Count > 0 ? exits : null };
    }

    /// <summary>Every external session of the fabric, as routes.json's model lists them (border, then tenant order).</summary>
    private static IEnumerable<ExitExplanation> Exits(FabricModel model) =>
        model.Routes.SelectMany(v => v.Upstreams.Select(u => new ExitExplanation(u.Tenant, v.Node, u.Uplink, u.Vlan, u.Border, u.Peer, u.PeerAsn, u.Receives)));

    /// <returns>null when the model has no node of that name.</returns>
    public static NodeExplanation? Node(FabricModel model, IReadOnlyList<OutputFile> files, string name)
    {
        var n = model.Nodes.FirstOrDefault(x => x.Name == name);
        if (n is null) return null;
        var nodes = model.Nodes.ToDictionary(x => x.Name, StringComparer.Ordinal);

        var ports = new List<PortExplanation>();
        foreach (var link in model.Links)
        {
            int? Mtu(string port) => (n.HostNetwork?.Ports ?? n.SwitchNetwork?.Ports)?.FirstOrDefault(p => p.Name == port)?.Mtu;
            if (link.NodeA == name) ports.Add(new PortExplanation(link.PortA, link.NodeB, link.PortB, Mtu(link.PortA)));
            if (link.NodeB == name) ports.Add(new PortExplanation(link.PortB, link.NodeA, link.PortA, Mtu(link.PortB)));
        }
        ports.Sort((a, b) => string.CompareOrdinal(a.Port, b.Port));

        var u = n.Frr.Bgp;
        var neighbors = u.Interfaces.Concat(u.HostPeers.Select(h => h.Interface)).Order(StringComparer.Ordinal).Select(i =>
        {
            var peer = ports.FirstOrDefault(p => p.Port == i)?.Peer;
            return new NeighborExplanation(i, peer, peer is not null && nodes.TryGetValue(peer, out var other) ? other.Asn : null);
        }).ToList();
        var bgp = new BgpExplanation(u.Asn, u.RouterId, u.PeerGroup, u.Bfd, u.AdvertiseAllVni, u.Networks.Order(StringComparer.Ordinal).ToList(),
            neighbors, u.L2Vnis.OrderBy(l => l.Vni).Select(l => new L2VniExplanation(l.Vni, l.RouteTarget)).ToList());

        var tenants = model.Tenants.ToDictionary(t => t.Name, StringComparer.Ordinal);
        NodeTenantExplanation Vrf(string tenant)
        {
            string vrf = tenants[tenant].Vrf;
            var frrVrf = n.Frr.Vrfs.FirstOrDefault(v => v.Name == vrf);
            var instance = n.Frr.TenantBgp.FirstOrDefault(b => b.Vrf == vrf);
            var devices = (n.HostNetwork?.VrfDevices ?? n.SwitchNetwork?.VrfDevices)?.FirstOrDefault(v => v.Vrf.Tenant == tenant);
            return new NodeTenantExplanation(tenant, vrf, devices?.Vrf.Table, frrVrf?.Vni, instance?.Rd,
                instance?.ImportRouteTargets ?? [], instance?.ExportRouteTargets ?? [], instance?.ImportVrfs ?? [],
                Devices(devices));
        }

        return new NodeExplanation(n.Name, n.Role, n.Asn, n.Loopback, n.RouterMac, n.NetworkName, n.Management,
            ports, bgp, n.Tenants.Order(StringComparer.Ordinal).Select(Vrf).ToList(), n.TransitTenants.Order(StringComparer.Ordinal).Select(Vrf).ToList(),
            Files(files.Where(f => f.Node == name)))
        {
            ExitVrfs = n.ExitTenants.Count > 0 ? n.ExitTenants.Order(StringComparer.Ordinal).Select(Vrf).ToList() : null,
            Uplinks = n.ExitTenants.Count > 0 ? Exits(model).Where(x => x.Border == n.Name).ToList() : null,
        };
    }

    /// <summary>A VRF's devices in the model's order (HostNetwork.VrfDevices): the VRF, then each bridge in it followed by its ports.</summary>
    private static List<DeviceExplanation> Devices(VrfDevices? vrf)
    {
        var devices = new List<DeviceExplanation>();
        if (vrf is null) return devices;
        devices.Add(new DeviceExplanation(vrf.Vrf.Name, "vrf", vrf.Vrf.Table, null, null, null, null, null));
        foreach (var (bridge, vxlans, dummies) in vrf.Bridges)
        {
            devices.Add(new DeviceExplanation(bridge.Name, "bridge", null, null, bridge.Address, bridge.Mac, null, bridge.Purpose) { Address6 = bridge.Address6 });
            foreach (var vx in vxlans) devices.Add(new DeviceExplanation(vx.Name, "vxlan", null, vx.Vni, null, null, vx.Bridge, null));
            foreach (var dummy in dummies) devices.Add(new DeviceExplanation(dummy.Name, "dummy", null, null, null, null, dummy.Bridge, null));
        }
        return devices;
    }

    private static List<FileExplanation> Files(IEnumerable<OutputFile> files) =>
        files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new FileExplanation(f.Path, f.Node, f.Target, f.Mode, f.Apply)).ToList();
}
