using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Lab;

/// <summary>How a lab VRF exists on a host.</summary>
public static class LabVrfMode
{
    /// <summary>A network namespace per VRF (FRR's netns backend, `zebra -n`): for kernels without VRF devices.</summary>
    public const string Netns = "netns";

    /// <summary>A VRF device in the host's namespace (FRR's production VRF-lite mode), made by the rendered host files.</summary>
    public const string Kernel = "kernel";

    public static readonly string[] All = [Kernel, Netns];
}

/// <summary>
/// The kernel-mode plan of a node. A host's devices are made by applying its rendered ifupdown2 or
/// netplan files with the real programs (the lab runs them; nothing here describes the devices a
/// second time for that). What the plan holds is what `check` expects the kernel to show afterwards,
/// read off the same model the renderers print, and the model-built plumbing the lab falls back on
/// only where a host's files cannot be applied on this machine.
/// </summary>
public static class LabKernelPlanner
{
    public static LabNode Node(NodeModel n, string lab)
    {
        var vrfs = n.HostNetwork is { } net ? net.VrfDevices.Select(g => Vrf(net, g)).ToList() : [];
        // A host's loopback address comes from its rendered file; a leaf has none, so the lab gives it one.
        var batch = n.IsHost ? new List<string> { "link set lo up" } : ["link set lo up", $"addr add {n.Loopback}/32 dev lo"];
        return new LabNode(n.Name, n.IsHost, LabPaths.NodeName(lab, n.Name), n.Loopback, LabPlanner.Daemons(n), batch, vrfs,
            LabPlanner.Peers(n), n.HostNetwork?.Renderer, n.HostNetwork is { } h ? ModelBatch(h) : [], n.Asn)
        {
            BootSysctls = n.HostNetwork?.Sysctls.Where(x => x.Scope == SysctlScope.Namespace).Select(x => $"{x.Key}={x.Value}").ToList() ?? [],
            ZebraGracefulRestart = n.Daemons.ZebraGracefulRestartSeconds,
        };
    }

    /// <summary>
    /// What the kernel must hold per VRF once the host file is applied: the VRF device, its bridges (ports
    /// of the VRF), the VXLAN devices and dummy ports (ports of their bridges), each up, with its MTU.
    /// </summary>
    private static LabVrf Vrf(HostNetwork net, VrfDevices group)
    {
        string vrf = group.Vrf.Name;
        var devices = new List<LabDevice> { new(vrf, null, null) }
            .Concat(group.Bridges.Select(b => new LabDevice(b.Bridge.Name, vrf, b.Bridge.Mtu)))
            .Concat(group.Vxlans.Select(x => new LabDevice(x.Name, x.Bridge, x.Mtu)))
            .Concat(group.Dummies.Select(d => new LabDevice(d.Name, d.Bridge, d.Mtu))).ToList();
        return new LabVrf(vrf, LabPlanner.Vnis(group), devices, [], [], LabPlanner.DeviceSysctls(net, group));
    }

    /// <summary>
    /// The host's devices built from the model with `ip`, in the node's namespace: the fallback for a host
    /// whose files cannot be applied here (the report counts that host's files as not tested).
    /// </summary>
    public static IReadOnlyList<string> ModelBatch(HostNetwork net)
    {
        var lines = new List<string> { $"addr add {net.LoopbackAddress} dev lo" };
        foreach (var v in net.Vrfs)
        {
            lines.Add($"link add {v.Name} type vrf table {v.Table}");
            lines.Add($"link set dev {v.Name} up");
        }
        foreach (var b in net.Bridges)
        {
            lines.Add($"link add {b.Name}{(b.Mac is null ? "" : $" address {b.Mac}")} mtu {b.Mtu} type bridge stp_state 0");
            if (!b.Ipv6LinkLocal) lines.Add($"link set dev {b.Name} addrgenmode none");
            lines.Add($"link set dev {b.Name} master {b.Vrf}");
        }
        foreach (var x in net.Vxlans)
        {
            lines.Add($"link add {x.Name} mtu {x.Mtu} type vxlan id {x.Vni} local {x.Local} dstport {x.Port} nolearning");
            lines.Add($"link set dev {x.Name} master {x.Bridge}");
            lines.Add($"link set dev {x.Name} type bridge_slave learning off neigh_suppress on");
        }
        foreach (var d in net.Dummies)
        {
            lines.Add($"link add {d.Name} mtu {d.Mtu} type dummy");
            lines.Add($"link set dev {d.Name} master {d.Bridge}");
        }
        foreach (var b in net.Bridges.Where(b => b.Address is not null)) lines.Add($"addr add {b.Address} dev {b.Name}");
        // Dual-stack: as in netns mode, an anycast IPv6 gateway without DAD, as the sysctl file says.
        foreach (var b in net.Bridges.Where(b => b.Address6 is not null)) lines.Add($"addr add {b.Address6} dev {b.Name}{(b.AnycastIpv6 ? " nodad" : "")}");
        foreach (var d in net.Dummies) lines.Add($"link set dev {d.Name} up");
        foreach (var x in net.Vxlans) lines.Add($"link set dev {x.Name} up");
        foreach (var b in net.Bridges) lines.Add($"link set dev {b.Name} up");
        return lines;
    }
}
