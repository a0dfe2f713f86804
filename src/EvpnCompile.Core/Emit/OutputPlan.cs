using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Emit;

/// <summary>
/// Pass 9: the whole output tree from the model. Nodes render in parallel into fixed slots, so the
/// bytes never depend on the number of threads; the file list is sorted by path (ordinal).
/// </summary>
public static class OutputPlan
{
    public const string FrrReload = "/usr/lib/frr/frr-reload.py --reload /etc/frr/frr.conf";

    /// <summary>Applies every sysctl.d file in the order the boot does, so the live values are the boot's.</summary>
    public const string SysctlApply = "sysctl --system";

    /// <summary>Sorts after systemd's 50-default.conf, before the operator's 99-sysctl.conf (docs/host-files.md).</summary>
    public const string SysctlFile = "/etc/sysctl.d/60-evpnc.conf";

    /// <summary>Read by systemd-networkd when it starts, which `netplan apply` makes it do.</summary>
    public const string NetworkdDropIn = "/etc/systemd/networkd.conf.d/50-evpnc.conf";

    /// <summary>Where Multus reads node-local CNI files on a host.</summary>
    public const string CniFolder = "/etc/cni/multus/net.d/";

    /// <summary>The cluster file of a tenant (namespaces, attachments, quota, policy).</summary>
    public static string KubernetesFile(string tenant) => $"kubernetes/{tenant}.yaml";

    // Cluster files that belong to no tenant. A tenant name starts with a letter, so these never collide with
    // one (a tenant may be called "nodes"), and they sort first: applied in path order, the policy guards the
    // cluster before any tenant object arrives, and the hosts carry their labels before namespaces select them.
    public const string AdmissionPolicyFile = "kubernetes/00-admission-policy.yaml";
    public const string NodeLabelsFile = "kubernetes/01-nodes.yaml";

    /// <summary>Multus's daemon configuration on a host (the thick plugin's default --config path).</summary>
    public const string MultusDaemonConfig = "/etc/cni/net.d/multus.d/daemon-config.json";

    /// <summary>Multus reads its daemon configuration when it starts: deleting its pod on the node restarts it.</summary>
    public static string MultusRestart(string node) => $"kubectl -n kube-system delete pod -l app=multus --field-selector spec.nodeName={node}";

    /// <summary>The manifest's path: it lists every other file, so it is written last, from their hashes.</summary>
    public const string ManifestFile = "manifest.json";

    public static IReadOnlyList<OutputFile> Render(FabricModel model, int maxParallelism = -1)
    {
        var planned = Plan(model);
        var contents = new string[planned.Count];
        Parallel.For(0, planned.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, i => contents[i] = planned[i].Render());
        var files = planned.Select((f, i) => f.ToOutputFile(contents[i])).ToList();
        files.Add(new OutputFile(ManifestFile, OutputKind.Manifest, ManifestJson.Write(files), null, null, null, null));
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>
    /// Every file of the tree but manifest.json, sorted by path (ordinal), not yet rendered. Cheap: a
    /// build renders only the files it needs, one at a time, and never holds the whole tree.
    /// </summary>
    public static IReadOnlyList<PlannedFile> Plan(FabricModel model)
    {
        var files = model.Nodes.SelectMany(NodeFiles)
            .Concat(FabricFiles(FabricPage.Of(model), model.Cluster, RoutesJson.Input(model)))
            .ToList();
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>
    /// Every file that is not one node's own (nodes/NODE/... of <see cref="NodeFiles"/>): the tenants' cluster files, the
    /// cluster files, each host's Multus daemon configuration, the inventory, docs/fabric.md and routes.json; not sorted.
    /// </summary>
    public static IEnumerable<PlannedFile> FabricFiles(FabricPage page, ClusterModel cluster, RoutesJson.RoutesInput routes) =>
        page.Tenants.Select(t => PlannedFile.Template(KubernetesFile(t.Name), OutputKind.Kubernetes, "kubernetes/tenant.yaml.sbn", t,
                null, null, "0644", $"kubectl apply -f {KubernetesFile(t.Name)}"))
            .Concat(ClusterFiles(cluster))
            .Append(PlannedFile.Template("inventory.yaml", OutputKind.Inventory, "ansible/inventory.yaml.sbn", page, null, null, null, null))
            .Append(PlannedFile.Template("docs/fabric.md", OutputKind.Docs, "docs/fabric.md.sbn", page, null, null, null, null))
            .Append(new PlannedFile("routes.json", OutputKind.Routes, null, null, null, null, "code:routes.json", routes, () => RoutesJson.Write(routes))
                { WriteTo = stream => RoutesJson.WriteTo(routes, stream) });

    private static IEnumerable<PlannedFile> ClusterFiles(ClusterModel cluster)
    {
        yield return PlannedFile.Template(AdmissionPolicyFile, OutputKind.Kubernetes, "kubernetes/admission-policy.yaml.sbn", cluster.Admission,
            null, null, "0644", $"kubectl apply -f {AdmissionPolicyFile}");
        yield return PlannedFile.Template(NodeLabelsFile, OutputKind.Kubernetes, "kubernetes/nodes.yaml.sbn", cluster,
            null, null, "0644", $"kubectl apply --server-side --field-manager={KubernetesNames.FieldManager} -f {NodeLabelsFile}");
        foreach (var host in cluster.Nodes)
            yield return PlannedFile.Template($"nodes/{host.Name}{MultusDaemonConfig}", OutputKind.MultusDaemonConfig, "multus/daemon-config.json.sbn",
                cluster.Multus, host.Name, MultusDaemonConfig, "0644", MultusRestart(host.Name));
    }

    /// <summary>The files a node's own model renders, under nodes/NODE/; not sorted.</summary>
    public static IReadOnlyList<PlannedFile> NodeFiles(NodeModel node)
    {
        string root = $"nodes/{node.Name}";
        var files = new List<PlannedFile>
        {
            PlannedFile.Template($"{root}/etc/frr/frr.conf", OutputKind.FrrConf, "frr/frr.conf.sbn", node, node.Name, "/etc/frr/frr.conf", "0640", FrrReload),
            PlannedFile.Template($"{root}/etc/frr/daemons", OutputKind.FrrDaemons, "frr/daemons.sbn", node, node.Name, "/etc/frr/daemons", "0640", "systemctl restart frr"),
        };
        if (node.HostNetwork is { } net)
        {
            files.Add(PlannedFile.Template($"{root}{SysctlFile}", OutputKind.Sysctl, "sysctl/60-evpnc.conf.sbn", net, node.Name, SysctlFile, "0644", SysctlApply));
            if (net.SourceCheck6 is { } check)
            {
                files.Add(PlannedFile.Template($"{root}{check.File}", OutputKind.Nftables, "nftables/ipv6-source.nft.sbn", check, node.Name, check.File, "0644", check.Load));
                files.Add(PlannedFile.Template($"{root}/etc/systemd/system/{check.Unit}", OutputKind.SystemdUnit, "systemd/ipv6-source.service.sbn", check, node.Name,
                    $"/etc/systemd/system/{check.Unit}", "0644", $"systemctl enable {check.Unit}"));
            }
            if (net.Renderer == NetworkRenderer.Netplan)
            {
                // Without it, the restart of networkd by `netplan apply` deletes zebra's routes (README: "netplan hosts").
                files.Add(PlannedFile.Template($"{root}{NetworkdDropIn}", OutputKind.NetworkdConf, "netplan/networkd.conf.sbn", net, node.Name,
                    NetworkdDropIn, "0644", "netplan apply"));
                files.Add(PlannedFile.Template($"{root}/etc/netplan/60-evpnc.yaml", OutputKind.Netplan, "netplan/60-evpnc.yaml.sbn", net, node.Name,
                    "/etc/netplan/60-evpnc.yaml", "0600", "netplan apply"));
                // What netplan 0.106 cannot say, as systemd-networkd files (README: "netplan hosts").
                foreach (var vx in net.Vxlans)
                    files.Add(PlannedFile.Template($"{root}/etc/systemd/network/10-netplan-{vx.Name}.network.d/50-evpnc.conf", OutputKind.NetworkdDropIn,
                        "netplan/bridge-port.conf.sbn", vx, node.Name,
                        $"/etc/systemd/network/10-netplan-{vx.Name}.network.d/50-evpnc.conf", "0644", "netplan apply"));
                // networkd sets dad_transmits before it adds the address (the sysctl file's device key can only follow the
                // bridge, when the address may already have failed DAD against the other hosts' equal one).
                foreach (var bridge in net.Bridges.Where(b => b.AnycastIpv6))
                    files.Add(PlannedFile.Template($"{root}/etc/systemd/network/10-netplan-{bridge.Name}.network.d/50-evpnc.conf", OutputKind.NetworkdDropIn,
                        "netplan/anycast-gateway.conf.sbn", bridge, node.Name,
                        $"/etc/systemd/network/10-netplan-{bridge.Name}.network.d/50-evpnc.conf", "0644", "netplan apply"));
                foreach (var dummy in net.Dummies)
                {
                    files.Add(PlannedFile.Template($"{root}/etc/systemd/network/20-evpnc-{dummy.Name}.netdev", OutputKind.NetworkdNetdev, "netplan/dummy.netdev.sbn", dummy,
                        node.Name, $"/etc/systemd/network/20-evpnc-{dummy.Name}.netdev", "0644", "netplan apply"));
                    files.Add(PlannedFile.Template($"{root}/etc/systemd/network/20-evpnc-{dummy.Name}.network", OutputKind.NetworkdNetwork, "netplan/dummy.network.sbn", dummy,
                        node.Name, $"/etc/systemd/network/20-evpnc-{dummy.Name}.network", "0644", "netplan apply"));
                }
            }
            else
                files.Add(PlannedFile.Template($"{root}/etc/network/interfaces.d/evpnc", OutputKind.Interfaces, "ifupdown2/evpnc.sbn", net, node.Name,
                    "/etc/network/interfaces.d/evpnc", "0644", "ifreload -a"));
        }
        if (node.SwitchNetwork is { } sw)
            files.Add(PlannedFile.Template($"{root}/etc/network/interfaces.d/evpnc", OutputKind.Interfaces, "ifupdown2/switch.sbn", sw, node.Name,
                "/etc/network/interfaces.d/evpnc", "0644", "ifreload -a"));
        foreach (var cni in node.Cni)
            files.Add(PlannedFile.Template($"{root}{CniFolder}{cni.FileName}", OutputKind.Cni, "cni/bridge.conf.sbn", cni, node.Name,
                CniFolder + cni.FileName, "0644", null));
        return files;
    }
}
