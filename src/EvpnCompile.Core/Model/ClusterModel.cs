namespace EvpnCompile.Core.Model;

// What the cluster gets beyond the tenants' own objects: the admission policy that keeps pods, network
// attachments and namespaces inside their tenant, the tenant labels of the hosts, and the Multus daemon
// setting every host carries (docs/security-kubernetes.md).

/// <param name="Admission">kubernetes/00-admission-policy.yaml.</param>
/// <param name="Nodes">kubernetes/01-nodes.yaml: every host, with the tenant labels it carries.</param>
/// <param name="Multus">nodes/&lt;host&gt;/etc/cni/net.d/multus.d/daemon-config.json, the same on every host.</param>
public sealed record ClusterModel(string Fabric, AdmissionPolicyModel Admission, IReadOnlyList<NodeLabelsModel> Nodes, MultusDaemonConfig Multus);

/// <summary>A ValidatingAdmissionPolicy and the binding that enforces it (validationActions Deny).</summary>
public sealed record AdmissionPolicyModel(
    string Fabric, string Name, string Deployer, string FailurePolicy, IReadOnlyList<string> ValidationActions,
    IReadOnlyList<AdmissionResourceRule> ResourceRules, IReadOnlyList<CelVariable> Variables, IReadOnlyList<CelValidation> Validations);

/// <summary>One entry of matchConstraints.resourceRules.</summary>
public sealed record AdmissionResourceRule(
    IReadOnlyList<string> ApiGroups, IReadOnlyList<string> ApiVersions, IReadOnlyList<string> Operations, IReadOnlyList<string> Resources);

/// <summary>
/// A CEL expression as the lines of a YAML folded scalar: the lines join with single spaces, so a line
/// never starts with a space, is never empty and never splits a string literal.
/// </summary>
public sealed record CelExpression(IReadOnlyList<string> Lines)
{
    /// <summary>The expression as the API server reads it.</summary>
    public string Text => string.Join(' ', Lines);
}

public sealed record CelVariable(string Name, CelExpression Expression);

/// <param name="Message">shown when the expression is false (and when MessageExpression fails); no quotes, backslashes or line breaks.</param>
/// <param name="Reason">the HTTP reason of the denial.</param>
public sealed record CelValidation(CelExpression Expression, string Message, CelExpression MessageExpression, string Reason);

/// <summary>A Node object of kubernetes/01-nodes.yaml: its name and the labels evpnc owns on it.</summary>
public sealed record NodeLabelsModel(string Name, IReadOnlyList<LabelModel> Labels);

public sealed record LabelModel(string Key, string Value);

/// <summary>The Multus thick-plugin daemon configuration (keys as Multus names them).</summary>
/// <param name="ConfDir">where Multus finds the node-local CNI file of a NetworkAttachmentDefinition without spec.</param>
/// <param name="GlobalNamespaces">namespaces whose attachments any pod may name despite namespace isolation (comma-separated).</param>
public sealed record MultusDaemonConfig(
    string ChrootDir, string CniVersion, string LogLevel, bool LogToStderr, string CniConfigDir, string MultusAutoconfigDir,
    string MultusConfigFile, string SocketDir, string ConfDir, bool NamespaceIsolation, string GlobalNamespaces);
