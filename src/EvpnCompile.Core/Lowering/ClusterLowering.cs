using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// What the cluster carries beyond each tenant's own objects: the admission policy, the tenant labels of
/// the hosts, and the Multus daemon configuration that turns on namespace isolation
/// (docs/security-kubernetes.md).
/// </summary>
internal static class ClusterLowering
{
    public static ClusterModel Lower(LoweringContext c, IReadOnlyList<NodeSummary> nodes, IReadOnlyList<TenantModel> tenants) => new(
        c.Settings.Name,
        AdmissionPolicyLowering.Lower(c, tenants),
        // Every host, also one without tenants: server-side apply then removes the labels of tenants it lost.
        nodes.Where(n => n.IsHost).Select(n => new NodeLabelsModel(n.Name,
            c.TenantsOnHost[n.Name].Select(t => new LabelModel(KubernetesNames.TenantNodeLabel(t.Name), KubernetesNames.TenantNodeLabelValue)).ToList())).ToList(),
        Multus);

    /// <summary>
    /// The daemon-config.json of Multus's thick plugin as its reference deployment (deployments/multus-daemonset-thick.yml)
    /// writes it, plus: confDir where evpnc's node-local files are; namespaceIsolation, so a pod may only name attachments
    /// of its own namespace; and globalNamespaces, which must name something, or Multus makes `default` global: kube-system,
    /// where only cluster administrators create attachments and which no tenant may own (EVPN039).
    /// </summary>
    private static readonly MultusDaemonConfig Multus = new(
        ChrootDir: "/hostroot", CniVersion: "0.3.1", LogLevel: "verbose", LogToStderr: true,
        CniConfigDir: "/host/etc/cni/net.d", MultusAutoconfigDir: "/host/etc/cni/net.d", MultusConfigFile: "auto",
        SocketDir: "/host/run/multus/", ConfDir: "/etc/cni/multus/net.d", NamespaceIsolation: true, GlobalNamespaces: "kube-system");
}
