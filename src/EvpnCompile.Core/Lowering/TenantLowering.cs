using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>A tenant's cluster objects: its namespaces, the networks each offers, its quota.</summary>
internal static class TenantLowering
{
    public static TenantModel Lower(LoweringContext c, ResolvedTenant t)
    {
        var l2s = t.L2Networks.OrderBy(l => l.Input.Name, StringComparer.Ordinal).ToList();
        var networks = new List<string>();
        if (t.Input.PodNetwork is not null) networks.Add(EvpnNames.PodNetworkName(t.Name));
        networks.AddRange(l2s.Select(l => EvpnNames.L2NetworkName(t.Name, l.Input.Name)));
        return new TenantModel(
            t.Name, DeviceNames.Vrf(t.Name), t.L3Vni, t.VrfTable, c.RouteTarget(t.L3Vni), t.Hosts,
            t.Input.PodNetwork?.Cidr.ToString(),
            t.PodBlocks.Select(b => new PodBlockModel(b.Key, b.Value.ToString(), CniLowering.Gateway(b.Value).ToString())).ToList(),
            l2s.Select(l => new L2NetworkModel(l.Input.Name, l.Vni, c.RouteTarget(l.Vni), l.Input.Subnet.ToString(), l.Input.Gateway.ToString(),
                l.Slices.Select(s => new PodBlockModel(s.Key, s.Value.ToString(), l.Input.Gateway.ToString())).ToList())
            {
                Subnet6 = l.Subnet6?.ToString(),
                Gateway6 = l.Gateway6?.ToString(),
                Slices6 = l.Slices6.Select(s => new PodBlockModel(s.Key, s.Value.ToString(), l.Gateway6?.ToString() ?? "")).ToList(),
            }).ToList(),
            c.Imports(t).Select(x => x.Name).ToList(),
            c.Importers(t).Select(x => x.Name).ToList(),
            t.Input.Namespaces.Order(StringComparer.Ordinal).Select(ns => new NamespaceModel(ns, networks)).ToList(),
            t.Input.MaxPods, DeviceNames.TenantLabelKey,
            new TenantIsolationModel($"{KubernetesNames.TenantNodeLabel(t.Name)}={KubernetesNames.TenantNodeLabelValue}",
                c.Fabric.Tenants.SelectMany(x => x.Input.Namespaces).Order(StringComparer.Ordinal).ToList()))
        {
            PodCidr6 = t.Input.PodNetwork?.Net6?.ToString(),
            PodBlocks6 = t.PodBlocks6.Select(b => new PodBlockModel(b.Key, b.Value.ToString(), CniLowering.Gateway6(b.Value).ToString())).ToList(),
        };
    }
}
