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

    public static IReadOnlyList<OutputFile> Render(FabricModel model, int maxParallelism = -1)
    {
        var perNode = new IReadOnlyList<OutputFile>[model.Nodes.Count];
        Parallel.For(0, model.Nodes.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism },
            i => perNode[i] = NodeFiles(model.Nodes[i]));
        var perTenant = new OutputFile[model.Tenants.Count];
        Parallel.For(0, model.Tenants.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism },
            i => perTenant[i] = new OutputFile(KubernetesFile(model.Tenants[i].Name), OutputKind.Kubernetes,
                TemplateRenderer.Render("kubernetes/tenant.yaml.sbn", model.Tenants[i]), null, null, "0644",
                $"kubectl apply -f {KubernetesFile(model.Tenants[i].Name)}"));

        var files = perNode.SelectMany(f => f).Concat(perTenant).Concat(ClusterFiles(model)).ToList();
        files.Add(new OutputFile("inventory.yaml", OutputKind.Inventory, TemplateRenderer.Render("ansible/inventory.yaml.sbn", model), null, null, null, null));
        files.Add(new OutputFile("docs/fabric.md", OutputKind.Docs, TemplateRenderer.Render("docs/fabric.md.sbn", model), null, null, null, null));
        files.Add(new OutputFile("routes.json", OutputKind.Routes, RoutesJson.Write(model), null, null, null, null));
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        files.Add(new OutputFile("manifest.json", OutputKind.Manifest, ManifestJson.Write(files), null, null, null, null));
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    private static IEnumerable<OutputFile> ClusterFiles(FabricModel model)
    {
        yield return new(AdmissionPolicyFile, OutputKind.Kubernetes, TemplateRenderer.Render("kubernetes/admission-policy.yaml.sbn", model.Cluster.Admission),
            null, null, "0644", $"kubectl apply -f {AdmissionPolicyFile}");
        yield return new(NodeLabelsFile, OutputKind.Kubernetes, TemplateRenderer.Render("kubernetes/nodes.yaml.sbn", model.Cluster),
            null, null, "0644", $"kubectl apply --server-side --field-manager={KubernetesNames.FieldManager} -f {NodeLabelsFile}");
        string multus = TemplateRenderer.Render("multus/daemon-config.json.sbn", model.Cluster.Multus);
        foreach (var host in model.Cluster.Nodes)
            yield return new($"nodes/{host.Name}{MultusDaemonConfig}", OutputKind.MultusDaemonConfig, multus, host.Name, MultusDaemonConfig, "0644", MultusRestart(host.Name));
    }

    private static IReadOnlyList<OutputFile> NodeFiles(NodeModel node)
    {
        string root = $"nodes/{node.Name}";
        var files = new List<OutputFile>
        {
            new($"{root}/etc/frr/frr.conf", OutputKind.FrrConf, TemplateRenderer.Render("frr/frr.conf.sbn", node), node.Name, "/etc/frr/frr.conf", "0640", FrrReload),
            new($"{root}/etc/frr/daemons", OutputKind.FrrDaemons, TemplateRenderer.Render("frr/daemons.sbn", node), node.Name, "/etc/frr/daemons", "0640", "systemctl restart frr"),
        };
        if (node.HostNetwork is { } net)
        {
            files.Add(new($"{root}{SysctlFile}", OutputKind.Sysctl, TemplateRenderer.Render("sysctl/60-evpnc.conf.sbn", net), node.Name, SysctlFile, "0644", SysctlApply));
            if (net.Renderer == NetworkRenderer.Netplan)
            {
                // Without it, the restart of networkd by `netplan apply` deletes zebra's routes (README: "netplan hosts").
                files.Add(new($"{root}{NetworkdDropIn}", OutputKind.NetworkdConf, TemplateRenderer.Render("netplan/networkd.conf.sbn", net), node.Name,
                    NetworkdDropIn, "0644", "netplan apply"));
                files.Add(new($"{root}/etc/netplan/60-evpnc.yaml", OutputKind.Netplan, TemplateRenderer.Render("netplan/60-evpnc.yaml.sbn", net), node.Name,
                    "/etc/netplan/60-evpnc.yaml", "0600", "netplan apply"));
                // What netplan 0.106 cannot say, as systemd-networkd files (README: "netplan hosts").
                foreach (var vx in net.Vxlans)
                    files.Add(new($"{root}/etc/systemd/network/10-netplan-{vx.Name}.network.d/50-evpnc.conf", OutputKind.NetworkdDropIn,
                        TemplateRenderer.Render("netplan/bridge-port.conf.sbn", vx), node.Name,
                        $"/etc/systemd/network/10-netplan-{vx.Name}.network.d/50-evpnc.conf", "0644", "netplan apply"));
                foreach (var dummy in net.Dummies)
                {
                    files.Add(new($"{root}/etc/systemd/network/20-evpnc-{dummy.Name}.netdev", OutputKind.NetworkdNetdev, TemplateRenderer.Render("netplan/dummy.netdev.sbn", dummy),
                        node.Name, $"/etc/systemd/network/20-evpnc-{dummy.Name}.netdev", "0644", "netplan apply"));
                    files.Add(new($"{root}/etc/systemd/network/20-evpnc-{dummy.Name}.network", OutputKind.NetworkdNetwork, TemplateRenderer.Render("netplan/dummy.network.sbn", dummy),
                        node.Name, $"/etc/systemd/network/20-evpnc-{dummy.Name}.network", "0644", "netplan apply"));
                }
            }
            else
                files.Add(new($"{root}/etc/network/interfaces.d/evpnc", OutputKind.Interfaces, TemplateRenderer.Render("ifupdown2/evpnc.sbn", net), node.Name,
                    "/etc/network/interfaces.d/evpnc", "0644", "ifreload -a"));
        }
        if (node.SwitchNetwork is { } sw)
            files.Add(new($"{root}/etc/network/interfaces.d/evpnc", OutputKind.Interfaces, TemplateRenderer.Render("ifupdown2/switch.sbn", sw), node.Name,
                "/etc/network/interfaces.d/evpnc", "0644", "ifreload -a"));
        foreach (var cni in node.Cni)
            files.Add(new($"{root}{CniFolder}{cni.FileName}", OutputKind.Cni, TemplateRenderer.Render("cni/bridge.conf.sbn", cni), node.Name,
                CniFolder + cni.FileName, "0644", null));
        return files;
    }
}
