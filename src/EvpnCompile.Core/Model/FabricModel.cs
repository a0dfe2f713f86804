using EvpnCompile.Core.Input;

namespace EvpnCompile.Core.Model;

// The intermediate network model: what each node carries, shaped like the files that describe it.
// Every name, default, order and network decision is already made (Lowering); templates only print.
// Property names treat acronyms as words (Vni, Asn) so Scriban's snake_case names stay readable.

public sealed record FabricModel(
    string Name, string FrrVersion, int RouteTargetAsn,
    IReadOnlyList<NodeModel> Nodes, IReadOnlyList<TenantModel> Tenants, IReadOnlyList<LinkModel> Links,
    IReadOnlyList<VtepRoutes> Routes, InventoryModel Inventory, ClusterModel Cluster, DocsGraph Graph);

/// <param name="Mtu">the underlay MTU both ends carry.</param>
public sealed record LinkModel(string NodeA, string PortA, string NodeB, string PortB, int Mtu);

/// <param name="Tenants">the tenants placed on the node (their pods run here).</param>
/// <param name="TransitTenants">tenants whose VRF the node carries only for their leak partners' traffic
/// (LoweringContext.VrfsOnNode): VRF and L3VNI, no pods.</param>
public sealed record NodeModel(
    string Name, string Role, bool IsHost, long Asn, string Loopback, string? RouterMac, string? Management,
    NetworkRenderer? Network, IReadOnlyList<string> Tenants, IReadOnlyList<string> TransitTenants,
    FrrConfig Frr, DaemonsConfig Daemons, HostNetwork? HostNetwork, IReadOnlyList<CniAttachment> Cni)
{
    /// <summary>The host's renderer as people spell it (docs/fabric.md, explain); null on a leaf.</summary>
    public string? NetworkName => Network?.Name();

    /// <summary>On leaves, spines and borders: the switch's ifupdown2 interfaces file (null on hosts).</summary>
    public SwitchNetwork? SwitchNetwork { get; init; }

    /// <summary>On borders: the tenants that leave the fabric here, by name.</summary>
    public IReadOnlyList<string> ExitTenants { get; init; } = [];

    /// <summary>What the fabric-wide files read of this node (a build that lowers one node at a time keeps only this).</summary>
    public NodeSummary Summary() => new(Name, Role, IsHost, Asn, Loopback, RouterMac, Management, Network, Tenants, ExitTenants);
}

/// <summary>
/// A node as the fabric-wide files see it: its row in docs/fabric.md, its inventory entry, its node labels, its box in
/// the picture. Nothing per tenant device: a build of a thousand hosts keeps a thousand of these, not a thousand node models.
/// </summary>
public sealed record NodeSummary(
    string Name, string Role, bool IsHost, long Asn, string Loopback, string? RouterMac, string? Management,
    NetworkRenderer? Network, IReadOnlyList<string> Tenants, IReadOnlyList<string> ExitTenants)
{
    /// <summary>The host's renderer as people spell it (docs/fabric.md); null on a switch.</summary>
    public string? NetworkName => Network?.Name();
}

/// <summary>What docs/fabric.md and inventory.yaml read: the fabric's settings, a row per node, the tenants, the picture.</summary>
public sealed record FabricPage(
    string Name, string FrrVersion, int RouteTargetAsn, IReadOnlyList<NodeSummary> Nodes, IReadOnlyList<TenantModel> Tenants,
    InventoryModel Inventory, DocsGraph Graph)
{
    public static FabricPage Of(FabricModel model) => new(model.Name, model.FrrVersion, model.RouteTargetAsn,
        model.Nodes.Select(n => n.Summary()).ToList(), model.Tenants, model.Inventory, model.Graph);
}

/// <summary>The Ansible inventory: the `hosts` and `leaves` groups with their members.</summary>
public sealed record InventoryModel(IReadOnlyList<InventoryGroup> Groups);

public sealed record InventoryGroup(string Name, IReadOnlyList<InventoryHost> Members);

/// <param name="AnsibleHost">spec.management, when given.</param>
public sealed record InventoryHost(string Name, string? AnsibleHost, string Role, NetworkRenderer? Network)
{
    /// <summary>evpnc_network in the inventory; null on a leaf.</summary>
    public string? NetworkName => Network?.Name();
}
