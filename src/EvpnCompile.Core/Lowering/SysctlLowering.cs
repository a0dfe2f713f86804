using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// The kernel parameters of a host (/etc/sysctl.d/60-evpnc.conf; docs/host-files.md has the why of each):
/// IPv4 forwarding, neighbour table thresholds sized for what the host can hold, and a strict
/// reverse-path filter on every bridge pods attach to.
/// </summary>
internal static class SysctlLowering
{
    /// <summary>The kernel's own thresholds (gc_thresh1, 2, 3): evpnc only ever adds to them.</summary>
    public static readonly long[] KernelDefaults = [128, 512, 1024];

    /// <summary>What each threshold adds per neighbour the fabric can put on the host.</summary>
    public static readonly long[] PerNeighbour = [1, 2, 4];

    /// <summary>What a host's neighbour tables must hold for the fabric, per address family.</summary>
    /// <param name="Pod6Addresses">dual-stack pod bridges: one global IPv6 address per pod address (each pod has one of each family).</param>
    /// <param name="L26Addresses">dual-stack L2 networks: one global IPv6 address per pod address.</param>
    public sealed record NeighbourCount(long PodAddresses, long L2Addresses, long RemoteVteps, long FabricPorts, long Pod6Addresses = 0, long L26Addresses = 0)
    {
        /// <summary>
        /// IPv4 (ARP): every address a local pod may hold on a pod bridge; every address a pod may hold
        /// in each stretched L2 network (zebra installs remote pods as neighbours for ARP suppression);
        /// per VRF, the remote VTEPs whose router MAC zebra installs as a neighbour on its L3VNI bridge
        /// (the tenant's other hosts and its partners'); one peer per fabric port.
        /// </summary>
        public long Ipv4 => PodAddresses + L2Addresses + RemoteVteps + FabricPorts;

        /// <summary>
        /// IPv6 (ND): the link-local address of every local pod on a pod bridge (which keeps its own
        /// link-local) and the BGP unnumbered peer of every fabric port; with dual-stack tenants also the
        /// global IPv6 address of every pod address their pod bridges and L2 networks can hold.
        /// </summary>
        public long Ipv6 => PodAddresses + Pod6Addresses + L26Addresses + FabricPorts;
    }

    /// <summary>
    /// gc_thresh<i>i</i> = kernel default + (1, 2, 4) x N, N the neighbours the fabric can put on the
    /// host: below gc_thresh1 nothing is collected, so a full host is never collected in steady state;
    /// gc_thresh2 (collected after 5 s above it) leaves as much again for the stale entries of departed
    /// pods; gc_thresh3, the hard limit where "neighbour table overflow" drops packets, twice that. The
    /// defaults stay as headroom for everything on the host that is not the fabric (management, the
    /// cluster's own CNI). Capped at the kernel's int.
    /// </summary>
    public static IReadOnlyList<long> Thresholds(long neighbours) =>
        KernelDefaults.Select((d, i) => Math.Min(int.MaxValue, d + PerNeighbour[i] * neighbours)).ToList();

    public static NeighbourCount Count(LoweringContext c, string host, IReadOnlyList<ResolvedTenant> tenants)
    {
        long pods = 0, l2 = 0, vteps = 0, pods6 = 0, l26 = 0;
        foreach (var t in tenants)
        {
            if (t.PodBlocks.TryGetValue(host, out var block))
            {
                long size = Size(CniLowering.Ranges(block, block, CniLowering.Gateway(block)));
                pods += size;
                // A dual-stack pod holds one address of each family, so the IPv4 range bounds its IPv6 neighbours too.
                if (t.PodBlocks6.ContainsKey(host)) pods6 += size;
            }
            foreach (var l in t.L2Networks)
            {
                long size = Size(CniLowering.Ranges(l.Input.Subnet, l.Input.Subnet, l.Input.Gateway));
                l2 += size;
                if (l.Subnet6 is not null) l26 += size;
            }
            // The other VTEPs this tenant's VRF reaches: the hosts of it and its partners, a set made once per tenant
            // (per host and tenant it was a walk of every such host: quadratic in the hosts).
            var vtepHosts = c.PerTenant("vtep-hosts", t, () => c.Partners(t).Prepend(t).SelectMany(x => x.Hosts).ToHashSet(StringComparer.Ordinal));
            vteps += vtepHosts.Count - (vtepHosts.Contains(host) ? 1 : 0);
        }
        return new NeighbourCount(pods, l2, vteps, c.Ports[host].Count, pods6, l26);
    }

    private static long Size(IReadOnlyList<IpRange> ranges) =>
        ranges.Sum(r => (long)Ipv4.Parse(r.End).Value - Ipv4.Parse(r.Start).Value + 1);

    /// <param name="podBridges">the bridges pods attach to (pod bridges and L2 gateway bridges), in file order.</param>
    /// <param name="ipv6">whether a VRF here routes IPv6 (a dual-stack tenant or its leak partner).</param>
    /// <param name="anycast6">the L2 gateway bridges with an anycast IPv6 gateway, in file order.</param>
    public static IReadOnlyList<Sysctl> Lower(NeighbourCount count, IReadOnlyList<string> podBridges, bool ipv6 = false, IReadOnlyList<string>? anycast6 = null)
    {
        var list = new List<Sysctl>
        {
            new("net.ipv4.ip_forward", "1", SysctlScope.Namespace, null, ipv6
                ? "Route between the fabric, the VRFs and the pods."
                : "Route between the fabric, the VRFs and the pods. IPv4 only: IPv6 forwarding would stop SLAAC on the management port."),
        };
        if (ipv6)
            // The kernel forwards IPv6 only when `all` does (ip6_forward), and then every port stops taking router
            // advertisements unless its accept_ra is 2: docs/host-files.md says what that means for the management port.
            list.Add(new("net.ipv6.conf.all.forwarding", "1", SysctlScope.Namespace, null,
                "Dual-stack tenants: route IPv6 too. Ports now ignore router advertisements unless their accept_ra is 2 (docs/host-files.md)."));
        if (ipv6)
            // Linux drops a device's IPv6 addresses (not its IPv4 ones) when the device goes down, and a device is
            // cycled when it joins a VRF; kept, an address ifupdown2 or networkd set before such a cycle survives it.
            list.Add(new("net.ipv6.conf.all.keep_addr_on_down", "1", SysctlScope.Namespace, null,
                "IPv6 addresses survive a device going down and up (joining its VRF cycles it), as IPv4 ones do."));
        if (anycast6 is { Count: > 0 })
            // The gateway bridges' own accept_dad keys (below) can only follow once ifupdown2 or networkd has made
            // them, when their address may already be in, or have failed, duplicate address detection.
            list.Add(new("net.ipv6.conf.default.accept_dad", "0", SysctlScope.Namespace, null,
                "Anycast IPv6 gateways: devices made after this (the gateway bridges) start without duplicate address detection."));
        void Thresholds(string family, long n, string what)
        {
            var values = SysctlLowering.Thresholds(n);
            for (int i = 0; i < values.Count; i++)
                list.Add(new($"net.{family}.neigh.default.gc_thresh{i + 1}", values[i].ToString(System.Globalization.CultureInfo.InvariantCulture),
                    SysctlScope.Kernel, null,
                    i == 0 ? $"Neighbours the fabric can put here, {family}: {what} = {n}; gc_thresh = kernel default + (1, 2, 4) x {n}." : null));
        }
        Thresholds("ipv4", count.Ipv4,
            $"{count.PodAddresses} pod + {count.L2Addresses} L2 network addresses + {count.RemoteVteps} remote VTEPs + {count.FabricPorts} fabric peers");
        Thresholds("ipv6", count.Ipv6, count.Pod6Addresses + count.L26Addresses == 0
            ? $"{count.PodAddresses} pod link-local addresses + {count.FabricPorts} fabric peers"
            : $"{count.PodAddresses} pod link-local + {count.Pod6Addresses} pod + {count.L26Addresses} L2 network addresses + {count.FabricPorts} fabric peers");
        for (int i = 0; i < podBridges.Count; i++)
            list.Add(new($"net.ipv4.conf.{podBridges[i]}.rp_filter", "1", SysctlScope.Device, podBridges[i],
                i == 0 ? "Strict reverse-path filter where pods attach: no pod sends from an address its VRF routes elsewhere." : null));
        var dad = anycast6 ?? [];
        for (int i = 0; i < dad.Count; i++)
            list.Add(new($"net.ipv6.conf.{dad[i]}.accept_dad", "0", SysctlScope.Device, dad[i],
                i == 0 ? "Anycast IPv6 gateways: every host has the same address and link-local on the L2 network, so duplicate address detection would fail." : null));
        return list;
    }
}
