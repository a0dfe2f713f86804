namespace EvpnCompile.Core.Naming;

/// <summary>
/// Names evpnc gives to, and reads from, Kubernetes objects: one place, so the rendered manifests, the
/// admission policy that guards them and the tests agree (docs/security-kubernetes.md explains each).
/// </summary>
public static class KubernetesNames
{
    /// <summary>Multus reads the secondary networks of a pod from this annotation.</summary>
    public const string NetworksAnnotation = "k8s.v1.cni.cncf.io/networks";

    /// <summary>Multus replaces a pod's cluster network with the attachment this annotation names.</summary>
    public const string DefaultNetworkAnnotation = "v1.multus-cni.io/default-network";

    /// <summary>The PodNodeSelector admission plugin merges this namespace annotation into every pod's nodeSelector.</summary>
    public const string NodeSelectorAnnotation = "scheduler.alpha.kubernetes.io/node-selector";

    /// <summary>Set by the API server on every namespace to its name; nobody can change it.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>
    /// The label of a host that carries a tenant. Under *.node-restriction.kubernetes.io/ so that the
    /// NodeRestriction admission plugin refuses it from kubelets: a node cannot label itself into a
    /// tenant to attract that tenant's pods.
    /// </summary>
    public static string TenantNodeLabel(string tenant) => $"tenant.evpnc.dev.node-restriction.kubernetes.io/{tenant}";

    /// <summary>The value of <see cref="TenantNodeLabel"/> on a host that carries the tenant.</summary>
    public const string TenantNodeLabelValue = "true";

    /// <summary>The admission policy and its binding (one of each, cluster-scoped).</summary>
    public const string AdmissionPolicyName = "evpnc-tenant-isolation";

    /// <summary>Field manager of `kubectl apply --server-side` for the node labels: labels it set and no
    /// longer renders are removed on the next apply.</summary>
    public const string FieldManager = "evpnc";
}
