using EvpnCompile.Core.Input;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Allocation;

// The input with every `auto` replaced by its allocated value: what later passes compile.

public sealed record ResolvedNode(NodeInput Input, Mac? RouterMac)
{
    public string Name => Input.Name;
}

public sealed record ResolvedL2Network(L2NetworkInput Input, long Vni, IReadOnlyDictionary<string, Ipv4Prefix> Slices)
{
    /// <summary>Dual-stack: each host's slice of the IPv6 subnet (empty: IPv4 only).</summary>
    public IReadOnlyDictionary<string, Ipv6Prefix> Slices6 { get; init; } = ResolvedTenant.NoBlocks6;

    /// <summary>The IPv6 subnet and gateway, when the network is dual-stack.</summary>
    public Ipv6Prefix? Subnet6 => Input.Net6;
    public Ipv6? Gateway6 => Input.Gateway6Address;
}

public sealed record ResolvedTenant(
    TenantInput Input, long L3Vni, long VrfTable, IReadOnlyList<string> Hosts,
    IReadOnlyDictionary<string, Ipv4Prefix> PodBlocks, IReadOnlyList<ResolvedL2Network> L2Networks)
{
    public static readonly IReadOnlyDictionary<string, Ipv6Prefix> NoBlocks6 = new Dictionary<string, Ipv6Prefix>();

    public string Name => Input.Name;

    /// <summary>Dual-stack: each host's IPv6 pod block (empty: IPv4 only).</summary>
    public IReadOnlyDictionary<string, Ipv6Prefix> PodBlocks6 { get; init; } = NoBlocks6;

    /// <summary>Whether the tenant has any IPv6 network (pods or L2).</summary>
    public bool DualStack => Input.PodNetwork?.Net6 is not null || L2Networks.Any(l => l.Subnet6 is not null);

    /// <summary>The tenant's way out: one per (border, uplink) with its /31, in border then uplink order; empty without external.</summary>
    public IReadOnlyList<ResolvedTransfer> Transfers { get; init; } = [];
}

/// <summary>One external session of a tenant: on <paramref name="Border"/>'s uplink, in VLAN <paramref name="Vlan"/>,
/// over the /31 <paramref name="Network"/> (the border takes the even address, the upstream the odd one).</summary>
public sealed record ResolvedTransfer(string Border, UplinkInput Uplink, int Vlan, Ipv4Prefix Network)
{
    public Ipv4 BorderAddress => Network.First;
    public Ipv4 UpstreamAddress => Network.Last;
}

public sealed record ResolvedFabric(FabricInput Fabric, IReadOnlyList<ResolvedNode> Nodes, IReadOnlyList<ResolvedTenant> Tenants);

/// <summary>
/// One change the lock file needs, where the user can see why. Only --locked prints them, and a first run at
/// 1000 x 250 makes 500,000 (one per pod block and slice), so a new block's change is described when asked.
/// </summary>
public sealed class LockChange
{
    private readonly (int Length, string Pool, string Host) newBlock;
    private string? description;

    public LockChange(Text.SourceSpan at, string description)
    {
        At = at;
        this.description = description;
    }

    private LockChange(Text.SourceSpan at, (int Length, string Pool, string Host) newBlock)
    {
        At = at;
        this.newBlock = newBlock;
    }

    public Text.SourceSpan At { get; }

    public string Description => description ??= $"allocate a /{newBlock.Length} of {newBlock.Pool} for host '{newBlock.Host}'";

    /// <summary>A block of <paramref name="length"/> allocated to <paramref name="host"/> from <paramref name="pool"/>.</summary>
    internal static LockChange NewBlock(Text.SourceSpan at, int length, string pool, string host) => new(at, (length, pool, host));
}
