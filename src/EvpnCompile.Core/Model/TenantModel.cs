namespace EvpnCompile.Core.Model;

/// <summary>A tenant's cluster objects and its place in the fabric (for kubernetes/, docs and explain).</summary>
public sealed record TenantModel(
    string Name, long L3Vni, long VrfTable, string RouteTarget, IReadOnlyList<string> Hosts,
    string? PodCidr, IReadOnlyList<PodBlockModel> PodBlocks, IReadOnlyList<L2NetworkModel> L2Networks,
    IReadOnlyList<string> Imports, IReadOnlyList<string> ExportsTo,
    IReadOnlyList<NamespaceModel> Namespaces, int? MaxPods, string TenantLabelKey);

public sealed record PodBlockModel(string Node, string Prefix, string Gateway);

public sealed record L2NetworkModel(string Name, long Vni, string RouteTarget, string Subnet, string Gateway, IReadOnlyList<PodBlockModel> Slices);

/// <param name="Networks">NetworkAttachmentDefinition names in this namespace (one per tenant network).</param>
public sealed record NamespaceModel(string Name, IReadOnlyList<string> Networks);
