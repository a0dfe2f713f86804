using System.Text;
using System.Text.Json;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>
/// Creates a planned lab: nodes, links, VRFs, pods, then FRR with each node's rendered frr.conf.
/// Hosts are built in parallel; each step's commands come from the plan. In kernel mode a host's
/// devices are made by its rendered files (<see cref="LabHostFiles"/>), not by the plan.
/// </summary>
public sealed class LabBuilder(LabPlan plan, LabShell sh)
{
    private bool Kernel => plan.VrfMode == LabVrfMode.Kernel;

    private readonly List<LabHostApplied> applied = [];

    /// <summary>Kernel mode: how each host's devices were made (saved with the lab for `check`).</summary>
    public IReadOnlyList<LabHostApplied> Applied => applied.OrderBy(a => a.Node, StringComparer.Ordinal).ToList();

    /// <summary>Namespaces, devices and pods: everything but FRR.</summary>
    /// <param name="cniConf">the rendered Multus file of each pod (<see cref="LabState.PodKey"/>).</param>
    /// <param name="hostFiles">kernel mode: each host's rendered network files.</param>
    public async Task CreateNetworkAsync(IReadOnlyDictionary<string, byte[]> cniConf, IReadOnlyDictionary<string, IReadOnlyList<RenderedHostFile>>? hostFiles = null)
    {
        Directory.CreateDirectory(LabPaths.Root);
        Directory.CreateDirectory(plan.StateDir);
        // `unshare --mount=FILE` and `--net=FILE` bind a namespace onto FILE, which needs a private mount.
        await sh.Must(["mount", "--bind", plan.StateDir, plan.StateDir]);
        await sh.Must(["mount", "--make-private", plan.StateDir]);

        foreach (var node in plan.Nodes)
        {
            await sh.Must(["ip", "netns", "add", node.Instance]);
            string uts = LabPaths.UtsNamespace(plan.StateDir, node.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(uts)!);
            File.WriteAllBytes(uts, []);
            await sh.Must(["unshare", $"--uts={uts}", "hostname", node.Name]);
            if (!node.HasVrfs) continue;
            Directory.CreateDirectory(LabPaths.VrfFolder(plan.StateDir, node.Name));
            Directory.CreateDirectory(LabPaths.PodFolder(plan.StateDir, node.Name));
            File.WriteAllBytes(LabPaths.MountNamespace(plan.StateDir, node.Name), []);
            // netns mode: a host's own /run/netns (only its VRFs, which its zebra -n discovers); kernel mode:
            // private folders for what ifupdown2 writes. Both: a /sys of the node's network namespace.
            if (Kernel) LabHostFiles.EnsureMountPoints();
            string own = Kernel ? LabHostFiles.MountNamespaceSetup : $"mount --bind {LabPaths.VrfFolder(plan.StateDir, node.Name)} /run/netns";
            await sh.Must(["unshare", $"--mount={LabPaths.MountNamespace(plan.StateDir, node.Name)}", "--propagation", "private",
                "nsenter", $"--net={LabPaths.NetnsFile(node.Instance)}", "--", "sh", "-c",
                $"{own} && umount -l /sys && mount -t sysfs sysfs /sys"]);
        }
        foreach (var node in plan.Nodes)
        {
            await sh.IpBatch(sh.EnterNode(node), node.NodeBatch);
            await Forwarding(sh.EnterNode(node));
        }
        foreach (var link in plan.Links)
            await sh.Must(["ip", "-n", sh.Node(link.NodeA).Instance, "link", "add", link.PortA, "mtu", $"{link.Mtu}", "type", "veth",
                "peer", "name", link.PortB, "netns", sh.Node(link.NodeB).Instance, "mtu", $"{link.Mtu}"]);
        foreach (var link in plan.Links)
        {
            await sh.Must(["ip", "-n", sh.Node(link.NodeA).Instance, "link", "set", link.PortA, "up"]);
            await sh.Must(["ip", "-n", sh.Node(link.NodeB).Instance, "link", "set", link.PortB, "up"]);
        }
        await CreateUpstreamsAsync(); // before the borders' VRFs, whose sub-interfaces sit on the uplink ports
        await Task.WhenAll(plan.Nodes.Where(n => n.HasVrfs).Select(h => BuildHostAsync(h, cniConf, hostFiles)));
    }

    /// <summary>
    /// The routers beyond the borders (LabUpstreams): per (border, uplink, tenant VLAN) a namespace of its own. This
    /// machine kind's kernel has no 802.1Q driver (as it has no VRF or dummy devices), so each tenant's sub-interface
    /// is a veth of the same name (swp49.100) whose peer is the upstream's end; the border's VRF takes it as the
    /// rendered file says (LabUpstreams.BorderVrfLines). The tagging itself is what the ifupdown2 check verifies.
    /// </summary>
    private async Task CreateUpstreamsAsync()
    {
        foreach (var up in plan.Upstreams)
        {
            string sub = $"{up.Uplink}.{up.Vlan}";
            await sh.Must(["ip", "netns", "add", up.Instance]);
            await sh.Must(["ip", "-n", sh.Node(up.Border).Instance, "link", "add", sub, "type", "veth", "peer", "name", sub, "netns", up.Instance]);
            await sh.IpBatch([], ["link set lo up", $"addr add {LabUpstreams.TestAddress}/32 dev lo", $"addr add {up.Address}/31 dev {sub}", $"link set {sub} up"], up.Instance);
            await Forwarding(["ip", "netns", "exec", up.Instance]);
        }
    }

    private async Task BuildHostAsync(LabNode host, IReadOnlyDictionary<string, byte[]> cniConf, IReadOnlyDictionary<string, IReadOnlyList<RenderedHostFile>>? hostFiles)
    {
        var enter = sh.EnterNode(host);
        string? sourceCheck6 = SourceCheck6(host, hostFiles); // read once: netns mode loads it into every VRF namespace
        if (Kernel)
        {
            if (host.BootSysctls.Count > 0) await sh.Must([.. enter, "sysctl", "-qw", .. host.BootSysctls]);
            var done = await new LabHostFiles(plan, sh).ApplyAsync(host, hostFiles?.GetValueOrDefault(host.Name) ?? []);
            lock (applied) applied.Add(done);
            // What `sysctl --system` and systemd-sysctl's udev rule do on a host once the devices exist:
            // the rendered sysctl file's device keys (strict rp_filter where pods attach).
            var keys = host.Vrfs.SelectMany(v => v.Sysctls ?? []).ToList();
            if (keys.Count > 0) await sh.Must([.. enter, "sysctl", "-qw", .. keys]);
            // What the rendered unit does at boot: the IPv6 source check, loaded as rendered.
            if (sourceCheck6 is not null) await sh.Must([.. enter, "nft", "-f", "-"], sourceCheck6);
        }
        else foreach (var vrf in host.Vrfs)
        {
            await sh.Must([.. enter, "ip", "netns", "add", vrf.Name]);
            await sh.IpBatch(enter, vrf.NodeBatch);
            await sh.IpBatch(enter, vrf.VrfBatch, vrf.Name);
            await Forwarding([.. enter, "ip", "netns", "exec", vrf.Name]);
            // The rendered sysctl file's keys of this VRF's devices (strict rp_filter where pods attach).
            if (vrf.Sysctls is { Count: > 0 } keys) await sh.Must([.. enter, "ip", "netns", "exec", vrf.Name, "sysctl", "-qw", .. keys]);
            // The rendered IPv6 source check, where this VRF's bridges are (the set names every bridge of the host;
            // the others are simply not here).
            if (sourceCheck6 is not null) await sh.Must([.. enter, "ip", "netns", "exec", vrf.Name, "nft", "-f", "-"], sourceCheck6);
        }
        foreach (var pod in plan.Pods.Where(p => p.Node == host.Name))
        {
            string file = LabPaths.PodNamespace(plan.StateDir, host.Name, pod.Name);
            File.WriteAllBytes(file, []);
            await sh.Must([.. enter, "unshare", $"--net={file}", "true"]);
            await AttachAsync(pod, file, cniConf[LabState.PodKey(pod)]);
            await sh.IpBatch(sh.EnterPod(pod), pod.PodBatch);
        }
    }

    /// <summary>The host's rendered nftables IPv6 source check (hosts that route IPv6), or null.</summary>
    private static string? SourceCheck6(LabNode host, IReadOnlyDictionary<string, IReadOnlyList<RenderedHostFile>>? hostFiles) =>
        hostFiles?.GetValueOrDefault(host.Name)?.FirstOrDefault(f => f.Target == Core.Model.Ipv6SourceCheck.FilePath) is { } f
            ? System.Text.Encoding.UTF8.GetString(f.Bytes) : null;

    /// <summary>
    /// The real CNI bridge plugin attaches the pod with the node's rendered Multus file (CNI_COMMAND=ADD).
    /// It runs where the file's bridge is: the host's namespace in kernel mode, the pod's VRF namespace in
    /// netns mode (a VRF is a namespace there); and in a throwaway mount namespace with a tmpfs on
    /// /var/lib, so host-local's lease vanishes with it.
    /// </summary>
    private async Task AttachAsync(LabPod pod, string podNamespace, byte[] conf)
    {
        var environment = new Dictionary<string, string?>
        {
            ["CNI_COMMAND"] = "ADD",
            ["CNI_CONTAINERID"] = $"{plan.Lab}-{pod.Node}-{pod.Name}",
            ["CNI_NETNS"] = podNamespace,
            ["CNI_IFNAME"] = LabPlanner.PodInterface,
            ["CNI_PATH"] = LabShell.CniPlugins,
        };
        string[] where = Kernel
            ? [.. sh.EnterNode(sh.Node(pod.Node)), "unshare", "--mount", "--", "sh", "-c", "mount -t tmpfs tmpfs /var/lib && exec \"$0\""]
            : [.. sh.EnterHostMounts(pod.Node), "unshare", "--mount", "--", "sh", "-c", $"mount -t tmpfs tmpfs /var/lib && exec nsenter --net=/run/netns/{pod.Vrf} -- \"$0\""];
        var result = await sh.Try([.. where, $"{LabShell.CniPlugins}/bridge"], Encoding.UTF8.GetString(conf), environment);
        var addresses = CniAddresses(result.Out);
        string? address = addresses.FirstOrDefault();
        if (result.ExitCode != 0 || address is null)
            throw new LabStepException($"the CNI bridge plugin did not attach pod {pod.Name} on {pod.Node}: {result.Both}");
        if (address != $"{pod.Address}/{pod.PrefixLength}")
            throw new LabStepException($"host-local gave pod {pod.Name} on {pod.Node} {address}, not the first address of its range {pod.Address}/{pod.PrefixLength}");
        // Dual-stack: host-local answers one address per range set, in the file's order.
        if (pod.Address6 is not null && (addresses.Count < 2 || addresses[1] != $"{pod.Address6}/{pod.PrefixLength6}"))
            throw new LabStepException($"host-local gave pod {pod.Name} on {pod.Node} {(addresses.Count < 2 ? "no IPv6 address" : addresses[1])}, not the first address of its IPv6 range {pod.Address6}/{pod.PrefixLength6}");
    }

    /// <summary>The addresses of a CNI ADD result (`ips[].address`, in order), or none.</summary>
    private static IReadOnlyList<string> CniAddresses(string result)
    {
        try
        {
            using var doc = JsonDocument.Parse(result);
            return doc.RootElement.TryGetProperty("ips", out var ips)
                ? ips.EnumerateArray().Select(ip => ip.GetProperty("address").GetString()).OfType<string>().ToList() : [];
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException) { return []; }
    }

    /// <summary>
    /// A new network namespace does not forward; every node and VRF routes. ICMP errors are not rate
    /// limited, so an isolation probe is refused at once (Destination Net Unreachable) instead of timing out.
    /// </summary>
    /// Dual-stack pods: IPv6 too (the rendered sysctl file's net.ipv6.conf.all.forwarding).
    private Task<string> Forwarding(IReadOnlyList<string> enter) => plan.Pods.Any(p => p.Address6 is not null)
        ? sh.Must([.. enter, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv4.icmp_ratelimit=0", "net.ipv6.conf.all.forwarding=1", "net.ipv6.icmp.ratelimit=0"])
        : sh.Must([.. enter, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv4.icmp_ratelimit=0"]);

    /// <summary>
    /// Copies each node's rendered frr.conf byte for byte, starts its daemons, and loads the file the
    /// way frrinit.sh does (`vtysh -b`). Daemons start without `-f`: with it, zebra reads the whole
    /// integrated file and takes bgpd's L2 `vni N` lines for a top-level L3VNI.
    /// </summary>
    public async Task StartFrrAsync(IReadOnlyDictionary<string, byte[]> frrConf)
    {
        foreach (var node in plan.Nodes)
        {
            string etc = LabPaths.FrrConfigFolder(node.Instance), run = LabPaths.FrrRunFolder(node.Instance);
            string log = LabPaths.LogFolder(plan.StateDir, node.Name);
            Directory.CreateDirectory(etc);
            Directory.CreateDirectory(run);
            Directory.CreateDirectory(log);
            File.WriteAllBytes($"{etc}/frr.conf", frrConf[node.Name]);
            if (!File.ReadAllBytes($"{etc}/frr.conf").AsSpan().SequenceEqual(frrConf[node.Name]))
                throw new LabStepException($"{etc}/frr.conf is not byte-identical to the rendered file");
            File.WriteAllText($"{etc}/vtysh.conf", "service integrated-vtysh-config\n"); // as Debian's frr package ships it
            await sh.Must(["chown", "-R", "frr:frr", etc, run, log]);
        }
        await Task.WhenAll(plan.Nodes.Select(StartDaemonsAsync));
        await Task.WhenAll(plan.Upstreams.Select(StartUpstreamAsync));
    }

    /// <summary>An upstream router: zebra and bgpd in its namespace with the configuration the plan wrote for it.</summary>
    private async Task StartUpstreamAsync(LabUpstream up)
    {
        string etc = LabPaths.FrrConfigFolder(up.Instance), run = LabPaths.FrrRunFolder(up.Instance);
        string log = LabPaths.LogFolder(plan.StateDir, up.Name);
        Directory.CreateDirectory(etc);
        Directory.CreateDirectory(run);
        Directory.CreateDirectory(log);
        File.WriteAllText($"{etc}/frr.conf", up.FrrConf);
        File.WriteAllText($"{etc}/vtysh.conf", "service integrated-vtysh-config\n");
        await sh.Must(["chown", "-R", "frr:frr", etc, run, log]);
        foreach (var daemon in new[] { "zebra", "bgpd" })
            await sh.Must(["ip", "netns", "exec", up.Instance, $"{LabShell.FrrDaemons}/{daemon}", "-d", "-N", up.Instance, "-A", "127.0.0.1",
                "--log", $"file:{log}/{daemon}.log"]);
        await sh.Must(["vtysh", "-N", up.Instance, "-b"]);
    }

    private async Task StartDaemonsAsync(LabNode node)
    {
        string log = LabPaths.LogFolder(plan.StateDir, node.Name);
        foreach (var daemon in node.Daemons)
        {
            string[] options = daemon switch
            {
                // -n: a VRF is a network namespace (netns mode); without it, VRF-lite on VRF devices, as in production.
                "zebra" => [.. node.HasVrfs && !Kernel ? new[] { "-n", "-s", "90000000" } : ["-s", "90000000"], .. ZebraGracefulRestart(node)],
                _ => [],
            };
            await sh.Must([.. sh.EnterNode(node), $"{LabShell.FrrDaemons}/{daemon}", "-d", "-N", node.Instance, "-A", "127.0.0.1",
                .. options, "--log", $"file:{log}/{daemon}.log"]);
        }
        await sh.Must(["vtysh", "-N", node.Instance, "-b"]);
    }

    /// <summary>The rendered daemons file's `-K SECONDS` (zebra keeps its previous run's kernel routes that long).</summary>
    internal static string[] ZebraGracefulRestart(LabNode node) =>
        node.ZebraGracefulRestart > 0 ? ["-K", node.ZebraGracefulRestart.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];

    /// <summary>
    /// One ping from each pod to its gateway: the live ARP event is how zebra learns the pod (FRR 8.4.4
    /// ignores neighbour entries that existed before it started), and type-2 routes follow from it.
    /// </summary>
    public Task LearnPodsAsync() =>
        Task.WhenAll(plan.Pods.Select(p => sh.Try([.. sh.EnterPod(p), "ping", "-c1", "-W1", p.Gateway]))
            .Concat(plan.Pods.Where(p => p.Gateway6 is not null).Select(p => sh.Try([.. sh.EnterPod(p), "ping", "-c1", "-W1", p.Gateway6!]))));
}
