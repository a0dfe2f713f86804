using EvpnCompile.Core.Net;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Core.Allocation;

// The content of evpnc.lock.yaml. Sorted collections everywhere: the file is written in this order.

public sealed class LockFile
{
    public SortedDictionary<string, NodeLock> Nodes { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, TenantLock> Tenants { get; } = new(StringComparer.Ordinal);

    /// <summary>Values freed by deleted owners, with the owner's name. Never handed out again.</summary>
    public RetiredValues Retired { get; } = new();
}

public sealed class NodeLock
{
    public Mac? RouterMac { get; set; }
    public SourceSpan? Span { get; set; }
}

public sealed class TenantLock
{
    public long? L3Vni { get; set; }
    public long? VrfTable { get; set; }
    // The per-host maps are settable so the allocator can carry a whole map over as a copy (Allocator.CarryBlocks).
    public SortedDictionary<string, Ipv4Prefix> PodBlocks { get; set; } = new(StringComparer.Ordinal);
    public SortedSet<Ipv4Prefix> RetiredPodBlocks { get; } = [];
    /// <summary>Dual-stack tenants: each host's IPv6 pod block, kept and retired like the IPv4 ones.</summary>
    public SortedDictionary<string, Ipv6Prefix> PodBlocks6 { get; set; } = new(StringComparer.Ordinal);
    public SortedSet<Ipv6Prefix> RetiredPodBlocks6 { get; } = [];
    public SortedDictionary<string, L2Lock> L2Networks { get; } = new(StringComparer.Ordinal);

    /// <summary>external.transfer's /31 of each (border, uplink port): border name, then port.</summary>
    public SortedDictionary<string, SortedDictionary<string, Ipv4Prefix>> Transfers { get; } = new(StringComparer.Ordinal);
    public SortedSet<Ipv4Prefix> RetiredTransfers { get; } = [];
    public SourceSpan? Span { get; set; }

    public bool IsEmpty => L3Vni is null && VrfTable is null && PodBlocks.Count == 0 && RetiredPodBlocks.Count == 0
        && PodBlocks6.Count == 0 && RetiredPodBlocks6.Count == 0 && L2Networks.Count == 0
        && Transfers.Count == 0 && RetiredTransfers.Count == 0;
}

public sealed class L2Lock
{
    public long? Vni { get; set; }
    public SortedDictionary<string, Ipv4Prefix> Slices { get; set; } = new(StringComparer.Ordinal);
    public SortedSet<Ipv4Prefix> RetiredSlices { get; } = [];
    public SortedDictionary<string, Ipv6Prefix> Slices6 { get; set; } = new(StringComparer.Ordinal);
    public SortedSet<Ipv6Prefix> RetiredSlices6 { get; } = [];

    public bool IsEmpty => Vni is null && Slices.Count == 0 && RetiredSlices.Count == 0 && Slices6.Count == 0 && RetiredSlices6.Count == 0;
}

public sealed class RetiredValues
{
    /// <summary>L3 and L2 VNIs share one namespace (and so one retired list): both become route targets.</summary>
    public SortedDictionary<long, string> Vni { get; } = [];
    public SortedDictionary<long, string> VrfTable { get; } = [];
    public SortedDictionary<long, string> RouterMac { get; } = [];
}
