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
    public sealed record NeighbourCount(long PodAddresses, long L2Addresses, long RemoteVteps, long FabricPorts)
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
        /// link-local) and the BGP unnumbered peer of every fabric port. Tenant networks are IPv4 and
        /// L2 gateway bridges carry no IPv6 address, so nothing else.
        /// </summary>
        public long Ipv6 => PodAddresses + FabricPorts;
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
        long pods = 0, l2 = 0, vteps = 0;
        foreach (var t in tenants)
        {
            if (t.PodBlocks.TryGetValue(host, out var block))
                pods += Size(CniLowering.Ranges(block, block, CniLowering.Gateway(block)));
            foreach (var l in t.L2Networks)
                l2 += Size(CniLowering.Ranges(l.Input.Subnet, l.Input.Subnet, l.Input.Gateway));
            vteps += c.Partners(t).Prepend(t).SelectMany(x => x.Hosts).Where(h => h != host).Distinct(StringComparer.Ordinal).Count();
        }
        return new NeighbourCount(pods, l2, vteps, c.Ports[host].Count);
    }

    private static long Size(IReadOnlyList<IpRange> ranges) =>
        ranges.Sum(r => (long)Ipv4.Parse(r.End).Value - Ipv4.Parse(r.Start).Value + 1);

    /// <param name="podBridges">the bridges pods attach to (pod bridges and L2 gateway bridges), in file order.</param>
    public static IReadOnlyList<Sysctl> Lower(NeighbourCount count, IReadOnlyList<string> podBridges)
    {
        var list = new List<Sysctl>
        {
            new("net.ipv4.ip_forward", "1", SysctlScope.Namespace, null,
                "Route between the fabric, the VRFs and the pods. IPv4 only: IPv6 forwarding would stop SLAAC on the management port."),
        };
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
        Thresholds("ipv6", count.Ipv6, $"{count.PodAddresses} pod link-local addresses + {count.FabricPorts} fabric peers");
        for (int i = 0; i < podBridges.Count; i++)
            list.Add(new($"net.ipv4.conf.{podBridges[i]}.rp_filter", "1", SysctlScope.Device, podBridges[i],
                i == 0 ? "Strict reverse-path filter where pods attach: no pod sends from an address its VRF routes elsewhere." : null));
        return list;
    }
}
