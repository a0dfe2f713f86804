using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Text;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Checks;

/// <summary>
/// Pass 8: checks the model before anything is rendered, with no trust in how it was built:
/// every device a template names exists on the node; no two devices share a name or a VNI; every
/// VRF has exactly one L3VNI; every imported route target belongs to the VRF itself or to a tenant
/// that consented (read from the input, not from the model); and every route is sent in a VNI that
/// its originating VTEP carries (routes.json's importers), so no leak is black-holed there.
/// </summary>
public static class ModelChecks
{
    public static void Check(FabricModel model, InputSet input, DiagnosticSink sink)
    {
        var tenants = new TenantOwners(model.Tenants);
        foreach (var node in model.Nodes) CheckNode(node, tenants, input, sink);
        CheckEncap(model.Routes, model.Nodes.ToDictionary(n => n.Name, CarriedVnis, StringComparer.Ordinal), input, sink);
    }

    /// <summary>Which tenant owns each route target and each VRF name (from the lowered tenants).</summary>
    public sealed class TenantOwners(IReadOnlyList<TenantModel> tenants)
    {
        public IReadOnlyDictionary<string, string> ByRouteTarget { get; } =
            tenants.DistinctBy(t => t.L3Vni).ToDictionary(t => t.RouteTarget, t => t.Name, StringComparer.Ordinal);

        public IReadOnlyDictionary<string, string> ByVrf { get; } = tenants.DistinctBy(t => t.Vrf).ToDictionary(t => t.Vrf, t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The checks of one node on its own (a build that lowers one node at a time runs them as it goes).</summary>
    public static void CheckNode(NodeModel node, TenantOwners tenants, InputSet input, DiagnosticSink sink)
    {
        var at = input.Node(node.Name)?.Doc.Name ?? SourceSpan.FileStart("?");
        CheckFrr(node, at, sink);
        if (node.HostNetwork is { } net) CheckDevices(node, net, at, sink);
        CheckConsent(tenants, node, input, at, sink);
    }

    /// <summary>Every VNI the node's VTEP carries: its L3VNIs and L2VNIs (what <see cref="CheckEncap"/> needs of a node).</summary>
    public static IReadOnlySet<long> CarriedVnis(NodeModel node) =>
        node.Frr.Vrfs.Select(v => v.Vni).Concat(node.Frr.Bgp.L2Vnis.Select(l => l.Vni)).ToHashSet();

    /// <summary>
    /// With symmetric IRB a VRF sends traffic to a remote prefix in its own L3VNI, so the VTEP that
    /// originates the route must have a VRF with that VNI, or it drops the traffic.
    /// </summary>
    /// <param name="carried">each node's <see cref="CarriedVnis"/>, by name.</param>
    public static void CheckEncap(IReadOnlyList<VtepRoutes> routes, IReadOnlyDictionary<string, IReadOnlySet<long>> carried, InputSet input, DiagnosticSink sink)
    {
        foreach (var vtep in routes)
        {
            if (!carried.TryGetValue(vtep.Node, out var vnis)) continue;
            var at = input.Node(vtep.Node)?.Doc.Name ?? SourceSpan.FileStart("?");
            foreach (var route in vtep.Originates)
                foreach (var importer in route.ImportedBy.Where(i => !vnis.Contains(i.Vni)))
                    sink.Add(C.ModelEncap(at, vtep.Node, route.Prefix is null ? $"the type-{(int)route.Type} route of VNI {route.Vni}" : $"{route.Prefix} of tenant '{route.Tenant}'",
                        importer.Vrf, importer.Vni));
        }
    }

    private static void CheckFrr(NodeModel node, SourceSpan at, DiagnosticSink sink)
    {
        foreach (var group in node.Frr.Vrfs.GroupBy(v => v.Name).Where(g => g.Count() > 1))
            sink.Add(C.ModelVrfVni(at, node.Name, group.Key, $"has {group.Count()} L3VNIs"));
        foreach (var group in node.Frr.Vrfs.GroupBy(v => v.Vni).Where(g => g.Count() > 1))
            sink.Add(C.ModelDeviceClash(at, node.Name, $"L3VNI {group.Key} maps to VRFs {string.Join(", ", group.Select(v => v.Name))}"));
        var frrVrfs = node.Frr.Vrfs.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var instance in node.Frr.TenantBgp.Where(i => !frrVrfs.Contains(i.Vrf)))
            sink.Add(C.ModelVrfVni(at, node.Name, instance.Vrf, "has a BGP instance but no L3VNI"));
        foreach (var instance in node.Frr.TenantBgp)
            foreach (var imported in instance.ImportVrfs.Where(v => !frrVrfs.Contains(v)))
                sink.Add(C.ModelMissingDevice(at, node.Name, $"'import vrf' of VRF '{instance.Vrf}'", imported));
        if (node.HostNetwork is { } net)
        {
            var ports = net.Ports.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var neighbor in node.Frr.Bgp.Interfaces.Where(i => !ports.Contains(i)))
                sink.Add(C.ModelMissingDevice(at, node.Name, "a BGP neighbor", neighbor));
            var hostVrfs = net.Vrfs.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var vrf in frrVrfs.Where(v => !hostVrfs.Contains(v)))
                sink.Add(C.ModelMissingDevice(at, node.Name, "frr.conf", vrf));
        }
    }

    private static void CheckDevices(NodeModel node, HostNetwork net, SourceSpan at, DiagnosticSink sink)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["lo"] = "the loopback" };
        void Declare(string name, string what)
        {
            if (!names.TryAdd(name, what)) sink.Add(C.ModelDeviceClash(at, node.Name, $"'{name}' is both {names[name]} and {what}"));
        }
        foreach (var p in net.Ports) Declare(p.Name, "a fabric port");
        foreach (var v in net.Vrfs) Declare(v.Name, "a VRF");
        foreach (var x in net.Vxlans) Declare(x.Name, "a VXLAN device");
        foreach (var d in net.Dummies) Declare(d.Name, "a dummy port");
        foreach (var b in net.Bridges) Declare(b.Name, "a bridge");
        foreach (var group in net.Vxlans.GroupBy(x => x.Vni).Where(g => g.Count() > 1))
            sink.Add(C.ModelDeviceClash(at, node.Name, $"VNI {group.Key} is on {string.Join(" and ", group.Select(x => x.Name))}"));

        void Need(string device, string what, string kind)
        {
            if (!names.TryGetValue(device, out var found) || found != kind) sink.Add(C.ModelMissingDevice(at, node.Name, what, device));
        }
        foreach (var x in net.Vxlans) Need(x.Bridge, $"VXLAN device '{x.Name}'", "a bridge");
        foreach (var d in net.Dummies) Need(d.Bridge, $"dummy port '{d.Name}'", "a bridge");
        foreach (var b in net.Bridges)
        {
            Need(b.Vrf, $"bridge '{b.Name}'", "a VRF");
            foreach (var port in b.Ports)
                if (!names.TryGetValue(port, out var kind) || kind is not ("a VXLAN device" or "a dummy port"))
                    sink.Add(C.ModelMissingDevice(at, node.Name, $"bridge '{b.Name}'", port));
        }
        foreach (var v in net.Vrfs)
            foreach (var member in v.Members) Need(member, $"VRF '{v.Name}'", "a bridge");
        foreach (var cni in node.Cni) Need(cni.Bridge, $"CNI file '{cni.FileName}'", "a bridge");
        foreach (var s in net.Sysctls)
            if (s.Device is { } device && !names.ContainsKey(device)) sink.Add(C.ModelMissingDevice(at, node.Name, $"sysctl '{s.Key}'", device));
        foreach (var group in node.Cni.GroupBy(c => c.FileName).Where(g => g.Count() > 1))
            sink.Add(C.ModelDeviceClash(at, node.Name, $"CNI file '{group.Key}' would be written for bridges {string.Join(" and ", group.Select(c => c.Bridge))}"));
        // First L3VNI per VRF name: a VRF with two is reported by CheckFrr, and must not stop this check.
        var l3 = node.Frr.Vrfs.DistinctBy(v => v.Name).ToDictionary(v => v.Name, v => v.Vni, StringComparer.Ordinal);
        foreach (var v in net.Vrfs)
        {
            if (!l3.TryGetValue(v.Name, out long vni)) sink.Add(C.ModelVrfVni(at, node.Name, v.Name, "has no L3VNI in frr.conf"));
            else if (!net.Vxlans.Any(x => x.Vni == vni)) sink.Add(C.ModelVrfVni(at, node.Name, v.Name, $"has L3VNI {vni} but no VXLAN device carries it"));
        }
    }

    private static void CheckConsent(TenantOwners tenants, NodeModel node, InputSet input, SourceSpan at, DiagnosticSink sink)
    {
        foreach (var instance in node.Frr.TenantBgp)
            foreach (var rt in instance.ImportRouteTargets)
            {
                string? importer = tenants.ByVrf.GetValueOrDefault(instance.Vrf);
                if (!tenants.ByRouteTarget.TryGetValue(rt, out var owner))
                    sink.Add(C.ModelImportWithoutConsent(at, node.Name, instance.Vrf, rt, "(none)"));
                else if (owner != importer && input.Tenant(owner) is { } o && importer is not null && input.Tenant(importer) is { } me
                         && !LeakConsent.ArePartners(me, o))   // I import it with consent, or it imports me (its replies)
                    sink.Add(C.ModelImportWithoutConsent(at, node.Name, instance.Vrf, rt, owner));
            }
    }
}
