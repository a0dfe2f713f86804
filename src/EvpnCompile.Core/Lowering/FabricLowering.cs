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
    public static FabricModel Lower(InputSet input, ResolvedFabric fabric)
    {
        var lowering = new NodeByNodeLowering(input, fabric);
        // Nodes are most of the work (every host carries every tenant it is on): lowered in parallel into
        // fixed slots, so the model never depends on the thread count.
        var nodes = new NodeModel[lowering.NodeCount];
        Parallel.For(0, nodes.Length, i => nodes[i] = lowering.Node(i));
        var rest = lowering.Rest(nodes.Select(n => n.Summary()).ToList());
        return new FabricModel(fabric.Fabric.Name, fabric.Fabric.FrrVersion, fabric.Fabric.RouteTargetAsn,
            nodes, lowering.Tenants, lowering.Links, rest.Routes, rest.Inventory, rest.Cluster, rest.Graph);
    }
}

/// <summary>The parts of the model that span nodes, made from the nodes' summaries once every node is lowered.</summary>
public sealed record FabricWideModel(IReadOnlyList<VtepRoutes> Routes, InventoryModel Inventory, ClusterModel Cluster, DocsGraph Graph);

/// <summary>
/// The model one node at a time: the tenants and links first, then any node on demand (from any thread), then
/// what spans nodes from their summaries. A build that renders each node as soon as it is lowered holds a few
/// node models at a time instead of a thousand (issue 14: bounded memory); <see cref="FabricLowering.Lower"/>
/// is the same steps, holding every node.
/// </summary>
public sealed class NodeByNodeLowering
{
    private readonly LoweringContext context;
    private readonly ResolvedFabric fabric;

    public NodeByNodeLowering(InputSet input, ResolvedFabric fabric)
    {
        this.fabric = fabric;
        context = new LoweringContext(input, fabric);
        Tenants = fabric.Tenants.Select(t => TenantLowering.Lower(context, t)).ToList();
        Links = fabric.Fabric.Links.Select(l => new LinkModel(l.A.Node, l.A.Port, l.B.Node, l.B.Port, context.Settings.UnderlayMtu)).ToList();
    }

    public string Name => fabric.Fabric.Name;
    public string FrrVersion => fabric.Fabric.FrrVersion;
    public int RouteTargetAsn => fabric.Fabric.RouteTargetAsn;
    public IReadOnlyList<TenantModel> Tenants { get; }
    public IReadOnlyList<LinkModel> Links { get; }
    public int NodeCount => fabric.Nodes.Count;

    /// <summary>Node <paramref name="index"/> of the fabric (sorted by name); safe from parallel callers.</summary>
    public NodeModel Node(int index) => NodeLowering.Lower(context, fabric.Nodes[index]);

    /// <param name="nodes">every node's summary, in node order.</param>
    /// <param name="routesOnDemand">routes lowered each time they are read, never held (a build's streaming path); else a list.</param>
    public FabricWideModel Rest(IReadOnlyList<NodeSummary> nodes, bool routesOnDemand = false) =>
        new(routesOnDemand ? new RoutesLowering.RoutesOnDemand(context) : RoutesLowering.Lower(context), Inventory(nodes),
            ClusterLowering.Lower(context, nodes, Tenants), DocsGraphLowering.Lower(nodes, Links, Tenants));

    /// <summary>Groups hosts and leaves always; spines and borders when the fabric has them (a fabric of hosts
    /// and leaves keeps its inventory as it was).</summary>
    private static InventoryModel Inventory(IReadOnlyList<NodeSummary> nodes)
    {
        InventoryGroup Group(string name, NodeRole role) => new(name,
            nodes.Where(n => n.Role == role.Name()).Select(n => new InventoryHost(n.Name, n.Management, n.Role, n.Network)).ToList());
        var groups = new List<InventoryGroup> { Group("hosts", NodeRole.Host), Group("leaves", NodeRole.Leaf) };
        groups.AddRange(new[] { Group("spines", NodeRole.Spine), Group("borders", NodeRole.Border) }.Where(g => g.Members.Count > 0));
        return new InventoryModel(groups);
    }
}
