using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Lab;

/// <summary>
/// The lab's plumbing, read off the same model the ifupdown2 and netplan renderers print: the
/// host's devices (HostNetwork), its Multus files (CniAttachment), the links and the daemons file.
/// Nothing here knows a tenant's addressing rules; it copies what lowering decided. Pods are
/// attached by the real CNI plugin from the rendered Multus file; the plan only names the file.
/// </summary>
public static class LabPlanner
{
    /// <summary>The name every pod sees for its tenant interface, as Multus names the first extra one.</summary>
    public const string PodInterface = "net1";

    public static LabPlan Plan(FabricModel model, string lab, string vrfMode = LabVrfMode.Netns)
    {
        string state = LabPaths.StateDir(lab);
        var nodes = model.Nodes.Select(n => vrfMode == LabVrfMode.Kernel ? LabKernelPlanner.Node(n, lab) : Node(n, lab)).ToList();
        var links = model.Links.Select(l => new LabLink(l.NodeA, l.PortA, l.NodeB, l.PortB, l.Mtu)).ToList();
        // A network whose slice on a host leaves no address for a pod gets no test pod there.
        var pods = model.Nodes.Where(n => n.HostNetwork is not null)
            .SelectMany(n => n.Cni.Where(cni => cni.Ranges.Count > 0).Select(cni => Pod(n, cni))).ToList();
        // Upstream routers and the borders' uplink sub-interfaces: netns mode (a kernel-mode border has no VRFs yet).
        var upstreams = vrfMode == LabVrfMode.Netns ? LabUpstreams.Plan(model, lab) : [];
        return new LabPlan(lab, model.Name, state, nodes, links, pods, vrfMode) { Upstreams = upstreams };
    }

    /// <summary>zebra always runs (the daemons file does not list it); then what the file enables, in its order.</summary>
    internal static List<string> Daemons(NodeModel n) =>
        n.Daemons.Daemons.Where(d => d.Enabled).Select(d => d.Name).Prepend("zebra").ToList();

    /// <summary>The node's BGP unnumbered ports: the fabric peer group's, and on a leaf its host-facing ones.</summary>
    internal static List<string> Peers(NodeModel n) =>
        n.Frr.Bgp.Interfaces.Concat(n.Frr.Bgp.HostPeers.Select(p => p.Interface)).Order(StringComparer.Ordinal).ToList();

    private static LabNode Node(NodeModel n, string lab)
    {
        var daemons = Daemons(n);
        var batch = new List<string> { "link set lo up", $"addr add {n.Loopback}/32 dev lo" };
        // Hosts' VRFs, and a border's exit VRFs (its VRF, L3VNI and bridge: no pods, no sysctl keys).
        var vrfs = n.HostNetwork is { } net ? net.VrfDevices.Select(g => Vrf(net, g)).ToList()
            : n.SwitchNetwork is { } sw ? sw.VrfDevices.Select(g => WithUplinks(Vrf(null, g), sw)).ToList() : [];
        return new LabNode(n.Name, n.IsHost, LabPaths.NodeName(lab, n.Name), n.Loopback,
            daemons, batch, vrfs, Peers(n), n.HostNetwork?.Renderer, Asn: n.Asn)
        {
            ZebraGracefulRestart = n.Daemons.ZebraGracefulRestartSeconds,
        };
    }

    private static LabVrf Vrf(HostNetwork? net, VrfDevices group)
    {
        // The per-VRF device tree lowering built once (HostNetwork.VrfDevices).
        var vrf = group.Vrf;
        var bridges = group.Bridges.Select(b => b.Bridge).ToList();
        var vxlans = group.Vxlans.ToList();
        var dummies = group.Dummies.ToList();

        var node = new List<string>();
        foreach (var x in vxlans)
        {
            node.Add($"link add {x.Name} mtu {x.Mtu} type vxlan id {x.Vni} local {x.Local} dstport {x.Port} nolearning");
            node.Add($"link set {x.Name} netns {vrf.Name}");
        }

        var inVrf = new List<string> { "link set lo up" };
        foreach (var b in bridges)
        {
            inVrf.Add($"link add {b.Name}{(b.Mac is null ? "" : $" address {b.Mac}")} mtu {b.Mtu} type bridge stp_state 0");
            // As the rendered files say (ipv6-addrgen off, link-local: []): a bridge without a link-local address.
            if (!b.Ipv6LinkLocal) inVrf.Add($"link set {b.Name} addrgenmode none");
        }
        foreach (var x in vxlans)
        {
            inVrf.Add($"link set {x.Name} master {x.Bridge}");
            inVrf.Add($"link set {x.Name} type bridge_slave learning off neigh_suppress on");
        }
        // This kernel kind has no dummy driver: a veth whose peer is up and idle gives the bridge
        // carrier exactly as the dummy port does on a real host.
        foreach (var d in dummies)
        {
            inVrf.Add($"link add {d.Name} mtu {d.Mtu} type veth peer name {DummyPeer(d.Name)} mtu {d.Mtu}");
            inVrf.Add($"link set {d.Name} master {d.Bridge}");
            inVrf.Add($"link set {DummyPeer(d.Name)} up");
            inVrf.Add($"link set {d.Name} up");
        }
        foreach (var b in bridges.Where(b => b.Address is not null)) inVrf.Add($"addr add {b.Address} dev {b.Name}");
        // An anycast IPv6 gateway: the rendered sysctl file turns its DAD off.
        foreach (var b in bridges.Where(b => b.Address6 is not null))
            inVrf.Add($"addr add {b.Address6} dev {b.Name}{(b.AnycastIpv6 ? " nodad" : "")}");
        foreach (var x in vxlans) inVrf.Add($"link set {x.Name} up");
        foreach (var b in bridges) inVrf.Add($"link set {b.Name} up");

        var vnis = Vnis(group);
        var devices = bridges.Select(b => new LabDevice(b.Name, null, b.Mtu))
            .Concat(vxlans.Select(x => new LabDevice(x.Name, x.Bridge, x.Mtu)))
            .Concat(dummies.Select(d => new LabDevice(d.Name, d.Bridge, d.Mtu))).ToList();
        return new LabVrf(vrf.Name, vnis, devices, node, inVrf, net is null ? [] : DeviceSysctls(net, group));
    }

    /// <summary>A border's exit VRF with its uplink sub-interfaces (made after the uplink ports exist).</summary>
    private static LabVrf WithUplinks(LabVrf vrf, SwitchNetwork sw)
    {
        var (node, inVrf) = LabUpstreams.BorderVrfLines(sw, vrf.Name);
        return vrf with { NodeBatch = [.. vrf.NodeBatch, .. node], VrfBatch = [.. vrf.VrfBatch, .. inVrf] };
    }

    public static string DummyPeer(string dummy) => dummy + "x";

    /// <summary>The VNIs of a VRF as zebra must report them, in both VRF modes.</summary>
    internal static List<LabVni> Vnis(VrfDevices group) => group.Vxlans.Select(x => new LabVni(x.Vni, x.Kind, x.Name, x.Port)).ToList();

    /// <summary>`key=value` of the rendered sysctl file's keys for the VRF's bridges (strict rp_filter where pods attach).</summary>
    internal static List<string> DeviceSysctls(HostNetwork net, VrfDevices group)
    {
        var bridges = group.Bridges.Select(b => b.Bridge.Name).ToHashSet(StringComparer.Ordinal);
        return net.Sysctls.Where(x => x.Scope == SysctlScope.Device && x.Device is not null && bridges.Contains(x.Device))
            .Select(x => $"{x.Key}={x.Value}").ToList();
    }

    private static LabPod Pod(NodeModel node, CniAttachment cni)
    {
        var subnet = Ipv4Prefix.Parse(cni.Subnet);
        var inPod = new List<string> { "link set lo up", $"route add default via {cni.Gateway}" };
        // Dual-stack: the IPv6 default route too (iproute2 takes the family from the gateway's address).
        if (cni.Ipv6 is { Ranges.Count: > 0 } v6) inPod.Add($"route add default via {v6.Gateway}");
        string? l2 = cni.Kind == CniNetworkKind.L2Network ? cni.Name : null;
        // host-local hands out the first address of the first range first, in each range set.
        return new LabPod(cni.Name, node.Name, cni.Tenant, l2, cni.Vrf, OutputPlan.CniFolder + cni.FileName, cni.Ranges[0].Start, subnet.Length,
            cni.Gateway, inPod)
        {
            Address6 = cni.Ipv6 is { Ranges.Count: > 0 } a ? a.Ranges[0].Start : null,
            PrefixLength6 = cni.Ipv6 is { } p ? Ipv6Prefix.Parse(p.Subnet).Length : 0,
            Gateway6 = cni.Ipv6?.Gateway,
        };
    }
}
