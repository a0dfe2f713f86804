using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Net;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Core.Input;

// The validated input, typed. Every record keeps its document so a check can point at any field
// by JSON pointer. `null` for an allocatable value means `auto`.

/// <summary>A node's place in the fabric: hosts carry tenants; leaves, spines and borders are switches.</summary>
public enum NodeRole { Host, Leaf, Spine, Border }

/// <summary>How the input (and the files evpnc writes for people) spell a role.</summary>
public static class NodeRoles
{
    public static string Name(this NodeRole r) => r switch
    {
        NodeRole.Leaf => "leaf",
        NodeRole.Spine => "spine",
        NodeRole.Border => "border",
        _ => "host",
    };

    /// <summary>The schema allows only the four names.</summary>
    public static NodeRole Parse(string? name) => name switch
    {
        "leaf" => NodeRole.Leaf,
        "spine" => NodeRole.Spine,
        "border" => NodeRole.Border,
        _ => NodeRole.Host,
    };
}

public enum NetworkRenderer { Ifupdown2, Netplan }

/// <summary>How the input (and the files evpnc writes for people: inventory, docs) spell a renderer.</summary>
public static class NetworkRenderers
{
    public static string Name(this NetworkRenderer r) => r == NetworkRenderer.Netplan ? "netplan" : "ifupdown2";

    /// <summary>The schema allows only the two names; anything else is ifupdown2, the default.</summary>
    public static NetworkRenderer Parse(string name) => name == "netplan" ? NetworkRenderer.Netplan : NetworkRenderer.Ifupdown2;
}

/// <summary>The source of one document: file and map from JSON pointers to positions.</summary>
public sealed record DocumentRef(string File, int Index, SourceMap Map)
{
    public SourceSpan Value(string pointer) => Map.Value(pointer);
    public SourceSpan Key(string pointer) => Map.Key(pointer);
    public SourceSpan Name => Map.Value("/metadata/name");

    /// <summary>The field when the document spells it out; else (a default such as `auto`) the
    /// <paramref name="fallback"/> field, or the document's name.</summary>
    public SourceSpan FieldOrName(string pointer, string fallback = "/metadata/name") =>
        Map.Contains(pointer) ? Map.Value(pointer) : Map.Value(fallback);
}

/// <summary>An inclusive range of a pool, as numbers (MACs as 48-bit numbers).</summary>
public sealed record PoolRange(string Name, string Pointer, long First, long Last, string Text)
{
    public long Count => Last - First + 1;
}

public sealed record LinkEnd(string Node, string Port, string Pointer)
{
    public override string ToString() => $"{Node}:{Port}";
}

public sealed record LinkInput(int Index, LinkEnd A, LinkEnd B);

public sealed record FabricInput(
    DocumentRef Doc, string Name, string FrrVersion, NetworkRenderer Network,
    int UnderlayMtu, bool Bfd, int OverlayMtu, int VxlanPort,
    int RouteTargetAsn, Mac AnycastGatewayMac,
    PoolRange L3VniPool, PoolRange L2VniPool, PoolRange VrfTablePool, PoolRange RouterMacPool,
    IReadOnlyList<LinkInput> Links, string KubernetesDeployer);

public sealed record NodeInput(
    DocumentRef Doc, string Name, IReadOnlyDictionary<string, string> Labels,
    NodeRole Role, long Asn, Ipv4 Loopback, Mac? RouterMac, Ipv4? Management, NetworkRenderer? Network)
{
    public bool IsHost => Role == NodeRole.Host;

    /// <summary>On a border: its ports toward upstream routers (not fabric links), in the input's order.</summary>
    public IReadOnlyList<UplinkInput> Uplinks { get; init; } = [];

    /// <summary>A VTEP: a node with VRFs and L3VNIs (hosts, and borders for external tenants); needs a router MAC.</summary>
    public bool IsVtep => Role is NodeRole.Host or NodeRole.Border;
}

/// <summary>A border's port toward an upstream router, and the upstream's ASN.</summary>
public sealed record UplinkInput(int Index, string Port, long PeerAsn)
{
    public string Pointer => $"/spec/uplinks/{Index}";
}

/// <summary>A tenant's way out of the fabric through borders (fabric-v1alpha1-additions.md).</summary>
/// <param name="Borders">border names, or "*" for every border.</param>
/// <param name="Vlan">the 802.1Q id of the tenant's sub-interface on every uplink.</param>
/// <param name="Transfer">the network the (border, uplink) /31s are taken from.</param>
/// <param name="DefaultRoute">the borders originate 0.0.0.0/0 into the tenant.</param>
/// <param name="Announce">the tenant's own prefixes go upstream.</param>
public sealed record ExternalInput(IReadOnlyList<string> Borders, int Vlan, Ipv4Prefix Transfer, bool DefaultRoute, bool Announce)
{
    public const string Pointer = "/spec/external";
}

/// <param name="Cidr6">dual-stack: the IPv6 pod space as written (null: IPv4 only); see <see cref="Ipv6Text"/>.</param>
/// <param name="PerNodePrefix6">the length of each host's IPv6 block (with <paramref name="Cidr6"/>).</param>
public sealed record PodNetworkInput(Ipv4Prefix Cidr, int PerNodePrefix, Ipv6Text? Cidr6 = null, int PerNodePrefix6 = 0)
{
    /// <summary>The IPv6 pod space when it is usable (well-formed, canonical, no host bits, of an allowed kind).</summary>
    public Ipv6Prefix? Net6 => Cidr6?.UsablePrefix;
}

/// <param name="Subnet6">dual-stack: the segment's IPv6 subnet as written (null: IPv4 only).</param>
/// <param name="Gateway6">the anycast IPv6 gateway as written (with <paramref name="Subnet6"/>).</param>
/// <param name="PerNodePrefix6">each host's slice of <paramref name="Subnet6"/> (<see cref="Defaults.L2SlicePrefix6"/>).</param>
public sealed record L2NetworkInput(int Index, string Name, long? Vni, Ipv4Prefix Subnet, Ipv4 Gateway, int PerNodePrefix,
    Ipv6Text? Subnet6 = null, Ipv6Text? Gateway6 = null, int PerNodePrefix6 = 0)
{
    public string Pointer => $"/spec/l2Networks/{Index}";

    /// <summary>The IPv6 subnet when it is usable.</summary>
    public Ipv6Prefix? Net6 => Subnet6?.UsablePrefix;

    /// <summary>The IPv6 gateway when it and its subnet are usable.</summary>
    public Ipv6? Gateway6Address => Net6 is not null ? Gateway6?.UsableAddress : null;
}

/// <summary>
/// An IPv6 address or prefix field as the user wrote it, with what it parses to. Kept as text because
/// a malformed or non-canonical value is reported at its line (AddressingChecks, EVPN067/068) and must
/// never reach allocation or rendering: those read only the Usable values.
/// </summary>
/// <param name="Pointer">the field's JSON pointer.</param>
public sealed record Ipv6Text(string Text, string Pointer)
{
    public Ipv6Prefix? Prefix => Ipv6Prefix.TryParse(Text);
    public Ipv6? Address => Ipv6.TryParse(Text);

    /// <summary>A prefix written canonically, without host bits, inside ULA or global unicast space.</summary>
    public Ipv6Prefix? UsablePrefix => Prefix is { } p && p.ToString() == Text && !p.HasHostBits && Ipv6Kinds.WhyNotUsable(p) is null ? p : null;

    /// <summary>An address written canonically, inside ULA or global unicast space.</summary>
    public Ipv6? UsableAddress => Address is { } a && a.ToString() == Text && Ipv6Kinds.WhyNotUsable(new Ipv6Prefix(a, 128)) is null ? a : null;
}

public sealed record TenantInput(
    DocumentRef Doc, string Name, IReadOnlyDictionary<string, string> Labels,
    long? L3Vni, long? VrfTable,
    IReadOnlyList<string>? Nodes, IReadOnlyDictionary<string, string>? NodeSelector,
    IReadOnlyList<string> Namespaces, int? MaxPods,
    PodNetworkInput? PodNetwork, IReadOnlyList<L2NetworkInput> L2Networks,
    IReadOnlyList<string> Import, IReadOnlyList<string> Export)
{
    /// <summary>The tenant's exit to upstream routers; null: the tenant reaches nothing outside the fabric.</summary>
    public ExternalInput? External { get; init; }

    public bool ExportsTo(string tenant) => Export.Contains("*") || Export.Contains(tenant);
}

/// <summary>Every valid document of the run, each kind sorted by name.</summary>
/// <param name="Complete">false when some input could not be read or failed its schema, so
/// "X does not exist" cannot be claimed about names that might live there.</param>
/// <param name="UnusableNames">names of documents that exist but failed their schema (kind/name).</param>
public sealed record InputSet(
    FabricInput? Fabric, IReadOnlyList<NodeInput> Nodes, IReadOnlyList<TenantInput> Tenants,
    bool Complete, IReadOnlySet<string> UnusableNames)
{
    private readonly Dictionary<string, NodeInput> nodesByName = Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
    private readonly Dictionary<string, TenantInput> tenantsByName = Tenants.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public NodeInput? Node(string name) => nodesByName.GetValueOrDefault(name);
    public TenantInput? Tenant(string name) => tenantsByName.GetValueOrDefault(name);

    /// <summary>Whether a missing name may only be missing because its document was unusable.</summary>
    public bool MayExist(string kind, string name) => !Complete || UnusableNames.Contains($"{kind}/{name}");

    public NetworkRenderer NetworkOf(NodeInput node) => node.Network ?? Fabric?.Network ?? Defaults.Network;
}
