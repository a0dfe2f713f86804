namespace EvpnCompile.Core.Model;

/// <summary>A tenant's cluster objects and its place in the fabric (for kubernetes/, docs and explain).</summary>
/// <param name="Vrf">the name of the tenant's VRF on every node that carries it.</param>
public sealed record TenantModel(
    string Name, string Vrf, long L3Vni, long VrfTable, string RouteTarget, IReadOnlyList<string> Hosts,
    string? PodCidr, IReadOnlyList<PodBlockModel> PodBlocks, IReadOnlyList<L2NetworkModel> L2Networks,
    IReadOnlyList<string> Imports, IReadOnlyList<string> ExportsTo,
    IReadOnlyList<NamespaceModel> Namespaces, int? MaxPods, string TenantLabelKey, TenantIsolationModel Isolation)
{
    /// <summary>Dual-stack: the IPv6 pod space (null: IPv4 only).</summary>
    public string? PodCidr6 { get; init; }

    /// <summary>Dual-stack: each host's IPv6 pod block and the pod bridge's IPv6 address (empty: IPv4 only).</summary>
    public IReadOnlyList<PodBlockModel> PodBlocks6 { get; init; } = [];
}

/// <summary>How a tenant's namespaces are kept apart on the cluster (docs/security-kubernetes.md).</summary>
/// <param name="NodeSelector">each namespace's PodNodeSelector annotation: the label of the hosts that carry the tenant.</param>
/// <param name="FabricNamespaces">every namespace of every tenant: the NetworkPolicy admits namespaces outside this list
/// (of no tenant) by their API-server-set name label, never by a label someone could set.</param>
public sealed record TenantIsolationModel(string NodeSelector, IReadOnlyList<string> FabricNamespaces);

public sealed record PodBlockModel(string Node, string Prefix, string Gateway);

public sealed record L2NetworkModel(string Name, long Vni, string RouteTarget, string Subnet, string Gateway, IReadOnlyList<PodBlockModel> Slices)
{
    /// <summary>Dual-stack: the IPv6 subnet, anycast IPv6 gateway and each host's IPv6 slice (null and empty: IPv4 only).</summary>
    public string? Subnet6 { get; init; }
    public string? Gateway6 { get; init; }
    public IReadOnlyList<PodBlockModel> Slices6 { get; init; } = [];
}

/// <param name="Networks">NetworkAttachmentDefinition names in this namespace (one per tenant network).</param>
public sealed record NamespaceModel(string Name, IReadOnlyList<string> Networks);
