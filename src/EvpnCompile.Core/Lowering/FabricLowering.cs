using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// Pass 7: the validated, allocated input becomes the network model. Every decision a renderer
/// might otherwise make (names, defaults, order, route targets and distinguishers, which tenant
/// lands where, leaking) is made in this folder, once.
/// </summary>
public static class FabricLowering
{
    /// <summary>Groups hosts and leaves always; spines and borders when the fabric has them (a fabric of hosts
    /// and leaves keeps its inventory as it was).</summary>
    private static InventoryModel Inventory(IReadOnlyList<NodeModel> nodes)
    {
        InventoryGroup Group(string name, NodeRole role) => new(name,
            nodes.Where(n => n.Role == role.Name()).Select(n => new InventoryHost(n.Name, n.Management, n.Role, n.Network)).ToList());
        var groups = new List<InventoryGroup> { Group("hosts", NodeRole.Host), Group("leaves", NodeRole.Leaf) };
        groups.AddRange(new[] { Group("spines", NodeRole.Spine), Group("borders", NodeRole.Border) }.Where(g => g.Members.Count > 0));
        return new InventoryModel(groups);
    }

    public static FabricModel Lower(InputSet input, ResolvedFabric fabric)
    {
        var context = new LoweringContext(input, fabric);
        // Nodes are most of the work (every host carries every tenant it is on): lowered in parallel into
        // fixed slots, so the model never depends on the thread count.
        var nodes = new NodeModel[fabric.Nodes.Count];
        Parallel.For(0, nodes.Length, i => nodes[i] = NodeLowering.Lower(context, fabric.Nodes[i]));
        var tenants = fabric.Tenants.Select(t => TenantLowering.Lower(context, t)).ToList();
        var links = fabric.Fabric.Links.Select(l => new LinkModel(l.A.Node, l.A.Port, l.B.Node, l.B.Port, context.Settings.UnderlayMtu)).ToList();
        return new FabricModel(fabric.Fabric.Name, fabric.Fabric.FrrVersion, fabric.Fabric.RouteTargetAsn,
            nodes, tenants, links, RoutesLowering.Lower(context), Inventory(nodes), ClusterLowering.Lower(context, nodes, tenants),
            DocsGraphLowering.Lower(nodes, links, tenants));
    }
}
