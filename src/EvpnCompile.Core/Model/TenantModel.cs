namespace EvpnCompile.Core.Model;

/// <summary>A tenant's cluster objects and its place in the fabric (for kubernetes/, docs and explain).</summary>
/// <param name="Vrf">the name of the tenant's VRF on every node that carries it.</param>
public sealed record TenantModel(
    string Name, string Vrf, long L3Vni, long VrfTable, string RouteTarget, IReadOnlyList<string> Hosts,
    string? PodCidr, IReadOnlyList<PodBlockModel> PodBlocks, IReadOnlyList<L2NetworkModel> L2Networks,
    IReadOnlyList<string> Imports, IReadOnlyList<string> ExportsTo,
    IReadOnlyList<NamespaceModel> Namespaces, int? MaxPods, string TenantLabelKey, TenantIsolationModel Isolation);

/// <summary>How a tenant's namespaces are kept apart on the cluster (docs/security-kubernetes.md).</summary>
/// <param name="NodeSelector">each namespace's PodNodeSelector annotation: the label of the hosts that carry the tenant.</param>
/// <param name="FabricNamespaces">every namespace of every tenant: the NetworkPolicy admits namespaces outside this list
/// (of no tenant) by their API-server-set name label, never by a label someone could set.</param>
public sealed record TenantIsolationModel(string NodeSelector, IReadOnlyList<string> FabricNamespaces);

public sealed record PodBlockModel(string Node, string Prefix, string Gateway);

public sealed record L2NetworkModel(string Name, long Vni, string RouteTarget, string Subnet, string Gateway, IReadOnlyList<PodBlockModel> Slices);

/// <param name="Networks">NetworkAttachmentDefinition names in this namespace (one per tenant network).</param>
public sealed record NamespaceModel(string Name, IReadOnlyList<string> Networks);
