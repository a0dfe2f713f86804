using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// Node-local Multus files. The NetworkAttachmentDefinition has no spec, so Multus reads the file
/// whose CNI name equals the NAD name: one cluster-wide NAD, a per-node IPAM range.
/// </summary>
internal static class CniLowering
{
    /// <summary>The pod bridge's address: the first address of the node's block.</summary>
    public static Ipv4 Gateway(Ipv4Prefix block) => new(block.First.Value + 1);

    /// <summary>The pod bridge's IPv6 address: the first address of the node's IPv6 block (after the subnet-router anycast address).</summary>
    public static Ipv6 Gateway6(Ipv6Prefix block) => new(block.First.Value + 1);

    public static IReadOnlyList<CniAttachment> Lower(LoweringContext c, string host, IReadOnlyList<ResolvedTenant> tenants)
    {
        var files = new List<CniAttachment>();
        int mtu = c.Settings.OverlayMtu;
        foreach (var t in tenants)
        {
            var reachable = c.ReachableSubnets(t);
            var reachable6 = c.ReachableSubnets6(t);
            if (t.PodBlocks.TryGetValue(host, out var block))
            {
                var gateway = Gateway(block);
                string name = EvpnNames.PodNetworkName(t.Name);
                var v6 = t.PodBlocks6.TryGetValue(host, out var block6)
                    ? new CniFamily(block6.ToString(), Ranges6(block6, block6, Gateway6(block6)), Gateway6(block6).ToString(), reachable6) : null;
                files.Add(new CniAttachment($"{name}.conf", name, DeviceNames.PodBridge(t.L3Vni), mtu, block.ToString(),
                    Ranges(block, block, gateway), gateway.ToString(), reachable, t.Name, DeviceNames.Vrf(t.Name), CniNetworkKind.RoutedPods, null, v6));
            }
            foreach (var l2 in t.L2Networks.OrderBy(l => l.Input.Name, StringComparer.Ordinal))
            {
                if (!l2.Slices.TryGetValue(host, out var slice)) continue;
                string name = EvpnNames.L2NetworkName(t.Name, l2.Input.Name);
                var v6 = l2 is { Subnet6: { } subnet6, Gateway6: { } gateway6 } && l2.Slices6.TryGetValue(host, out var slice6)
                    ? new CniFamily(subnet6.ToString(), Ranges6(subnet6, slice6, gateway6), gateway6.ToString(),
                        reachable6.Where(r => r != subnet6.ToString()).ToList())
                    : null;
                files.Add(new CniAttachment($"{name}.conf", name, DeviceNames.Bridge(l2.Vni), mtu, l2.Input.Subnet.ToString(),
                    Ranges(l2.Input.Subnet, slice, l2.Input.Gateway), l2.Input.Gateway.ToString(),
                    reachable.Where(r => r != l2.Input.Subnet.ToString()).ToList(), t.Name, DeviceNames.Vrf(t.Name), CniNetworkKind.L2Network, l2.Input.Name, v6));
            }
        }
        return files;
    }

    /// <summary>
    /// The addresses of <paramref name="slice"/> that pods may take: never the subnet's network or
    /// broadcast address, never the gateway (split around it when it falls inside).
    /// </summary>
    public static IReadOnlyList<IpRange> Ranges(Ipv4Prefix subnet, Ipv4Prefix slice, Ipv4 gateway)
    {
        uint start = slice.First.Value, end = slice.Last.Value;
        if (start == subnet.First.Value) start++;
        if (end == subnet.Last.Value) end--;
        var ranges = new List<IpRange>();
        void Add(uint a, uint b) { if (a <= b) ranges.Add(new IpRange(new Ipv4(a).ToString(), new Ipv4(b).ToString())); }
        if (gateway.Value >= start && gateway.Value <= end)
        {
            if (gateway.Value > start) Add(start, gateway.Value - 1);
            if (gateway.Value < end) Add(gateway.Value + 1, end);
        }
        else Add(start, end);
        return ranges;
    }

    /// <summary>
    /// The IPv6 twin of <see cref="Ranges"/>: never the subnet's first address (the subnet-router anycast
    /// address) nor, like IPv4's broadcast, its last, never the gateway.
    /// </summary>
    public static IReadOnlyList<IpRange> Ranges6(Ipv6Prefix subnet, Ipv6Prefix slice, Ipv6 gateway)
    {
        UInt128 start = slice.First.Value, end = slice.Last.Value, gw = gateway.Value;
        if (start == subnet.First.Value) start++;
        if (end == subnet.Last.Value) end--;
        var ranges = new List<IpRange>();
        void Add(UInt128 a, UInt128 b) { if (a <= b) ranges.Add(new IpRange(new Ipv6(a).ToString(), new Ipv6(b).ToString())); }
        if (gw >= start && gw <= end)
        {
            if (gw > start) Add(start, gw - 1);
            if (gw < end) Add(gw + 1, end);
        }
        else Add(start, end);
        return ranges;
    }
}
