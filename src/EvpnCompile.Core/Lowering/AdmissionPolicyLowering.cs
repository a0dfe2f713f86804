using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// The ValidatingAdmissionPolicy that keeps every pod on its own tenant's networks (docs/security-kubernetes.md
/// explains each rule and why it is safe). The tenancy is two CEL map literals built here: namespace to tenant
/// and network (NetworkAttachmentDefinition name, which is what Multus resolves a spec-less attachment by) to
/// tenant. Lookups are `in` and index, so a request costs the same whatever the number of tenants.
/// </summary>
internal static class AdmissionPolicyLowering
{
    // One element of the comma form of k8s.v1.cni.cncf.io/networks, as Multus parses it ([ns/]name[@iface],
    // names DNS labels), with only ASCII whitespace around it: Multus trims Unicode whitespace, and a
    // no-break space after "red" must not let "red\u00a0" pass as a name that is not red.
    private const string Space = @"[ \t\n\v\f\r]*";
    private const string DnsLabel = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string InterfaceName = "[A-Za-z0-9_.-]{1,15}";
    public const string ElementPattern = "^" + Space + "(" + DnsLabel + "/)?" + DnsLabel + "(@" + InterfaceName + ")?" + Space + @"\z";

    public static AdmissionPolicyModel Lower(LoweringContext c, IReadOnlyList<TenantModel> tenants)
    {
        var namespaceTenant = tenants.SelectMany(t => t.Namespaces.Select(ns => (Key: ns.Name, t.Name)));
        var networkTenant = tenants.SelectMany(t => NetworksOf(t).Select(n => (Key: n, t.Name)));
        var variables = new List<CelVariable>
        {
            Var("deployer", Literal(c.Settings.KubernetesDeployer)),
            Var("byDeployer", "request.userInfo.username == variables.deployer"),
            new("namespaceTenant", MapLiteral(namespaceTenant)),
            new("networkTenant", MapLiteral(networkTenant)),
            Var("tenant", "request.namespace in variables.namespaceTenant", "? variables.namespaceTenant[request.namespace] : ''"),
            Var("isPod", "request.resource.group == '' && request.resource.resource == 'pods'"),
            Var("isAttachment", "request.resource.group == 'k8s.cni.cncf.io' && request.resource.resource == 'network-attachment-definitions'"),
            Var("isNamespace", "request.resource.group == '' && request.resource.resource == 'namespaces'"),
            Var("networks", Annotation("object", KubernetesNames.NetworksAnnotation)),
            Var("oldNetworks", Annotation("oldObject", KubernetesNames.NetworksAnnotation)),
            Var("defaultNetwork", Annotation("object", KubernetesNames.DefaultNetworkAnnotation)),
            Var("oldDefaultNetwork", Annotation("oldObject", KubernetesNames.DefaultNetworkAnnotation)),
            // Kubelet and Multus update pods (status, network-status annotation) long after they were admitted.
            Var("attachmentsUnchanged", "request.operation == 'UPDATE' && variables.networks == variables.oldNetworks",
                "&& variables.defaultNetwork == variables.oldDefaultNetwork"),
        };
        foreach (string a in new[] { "networks", "defaultNetwork" })
            variables.AddRange(
            [
                // Multus reads the annotation as a JSON list when it holds any of [ { " (strings.ContainsAny).
                Var(a + "Json", $"variables.{a}.contains('[') || variables.{a}.contains('{{') || variables.{a}.contains('\"')"),
                Var(a + "Items", $"variables.{a} == '' ? [] : variables.{a}.split(',')"),
                Var(a + "WellFormed", $"variables.{a}Items.all(e, e.matches(r'{ElementPattern}'))"),
                // [ns, name] or [name] of each element, trimmed as Multus trims them.
                Var(a + "Refs", $"variables.{a}Items.map(e, e.split('@')[0].split('/').map(p, p.trim()))"),
            ]);
        string label = DeviceNames.TenantLabelKey, selector = KubernetesNames.NodeSelectorAnnotation;
        variables.AddRange(
        [
            // Present as [value], absent as []: adding an empty label is a change too.
            Var("tenantLabel", $"has(object.metadata.labels) && '{label}' in object.metadata.labels", $"? [object.metadata.labels['{label}']] : []"),
            Var("oldTenantLabel", $"oldObject != null && has(oldObject.metadata.labels) && '{label}' in oldObject.metadata.labels",
                $"? [oldObject.metadata.labels['{label}']] : []"),
            Var("nodeSelector", $"has(object.metadata.annotations) && '{selector}' in object.metadata.annotations",
                $"? [object.metadata.annotations['{selector}']] : []"),
            Var("oldNodeSelector", $"oldObject != null && has(oldObject.metadata.annotations) && '{selector}' in oldObject.metadata.annotations",
                $"? [oldObject.metadata.annotations['{selector}']] : []"),
        ]);

        return new AdmissionPolicyModel(c.Settings.Name, KubernetesNames.AdmissionPolicyName, c.Settings.KubernetesDeployer, "Fail", ["Deny"],
        [
            new(["\"\""], ["v1"], ["CREATE", "UPDATE"], ["pods", "pods/status", "namespaces"]),
            new(["k8s.cni.cncf.io"], ["\"*\""], ["CREATE", "UPDATE"], ["network-attachment-definitions"]),
        ],
        variables, Validations());
    }

    private static IReadOnlyList<CelValidation> Validations() =>
    [
        Rule(Expr(
                "!variables.isPod || variables.tenant == '' || variables.attachmentsUnchanged ||",
                "(!variables.networksJson && variables.networksWellFormed && variables.networksRefs.all(r,",
                "r[size(r) - 1] in variables.networkTenant && variables.networkTenant[r[size(r) - 1]] == variables.tenant",
                "&& (size(r) == 1 || (r[0] in variables.namespaceTenant && variables.namespaceTenant[r[0]] == variables.tenant))))"),
            "evpnc: a pod in a namespace of a tenant may name in k8s.v1.cni.cncf.io/networks only networks of that tenant, "
            + "as a comma-separated list of NAME, NAME@INTERFACE or NAMESPACE/NAME with a namespace of the same tenant (no JSON list)",
            Expr(
                "'evpnc: namespace ' + request.namespace + ' belongs to tenant ' + variables.tenant",
                "+ ': k8s.v1.cni.cncf.io/networks may name only networks of ' + variables.tenant",
                "+ ', as a comma-separated list of NAME, NAME@INTERFACE or NAMESPACE/NAME with a namespace of ' + variables.tenant",
                "+ ' (no JSON list), not: ' + variables.networks")),
        Rule(Expr("!variables.isPod || variables.tenant == '' || variables.attachmentsUnchanged || variables.defaultNetwork == ''"),
            "evpnc: a pod in a namespace of a tenant may not set v1.multus-cni.io/default-network: "
            + "its tenant networks are secondary networks, named in k8s.v1.cni.cncf.io/networks",
            Expr("'evpnc: namespace ' + request.namespace + ' belongs to tenant ' + variables.tenant",
                "+ ': its pods may not set v1.multus-cni.io/default-network; name the networks of ' + variables.tenant",
                "+ ' in k8s.v1.cni.cncf.io/networks'")),
        Outside("networks", KubernetesNames.NetworksAnnotation),
        Outside("defaultNetwork", KubernetesNames.DefaultNetworkAnnotation),
        Rule(Expr("!variables.isAttachment || variables.byDeployer || !has(object.spec) || !has(object.spec.config)",
                "|| object.spec.config == ''"),
            "evpnc: only the deployer may give a NetworkAttachmentDefinition a spec: an inline CNI configuration can "
            + "attach pods to any host bridge, a tenant's too. Without a spec, Multus uses the node-local file of its name",
            Expr("'evpnc: NetworkAttachmentDefinition ' + request.namespace + '/' + object.metadata.name",
                "+ ' has a spec: only ' + variables.deployer + ' may create or change one with a spec'")),
        Rule(Expr("!variables.isAttachment || variables.byDeployer || !(object.metadata.name in variables.networkTenant)",
                "|| variables.networkTenant[object.metadata.name] == variables.tenant"),
            "evpnc: a NetworkAttachmentDefinition named after a tenant network may exist only in the namespaces of that tenant",
            Expr("'evpnc: ' + object.metadata.name + ' is a network of tenant ' + variables.networkTenant[object.metadata.name]",
                "+ ': a NetworkAttachmentDefinition of that name may exist only in its namespaces, not in ' + request.namespace")),
        Rule(Expr("!variables.isNamespace || variables.byDeployer || variables.tenantLabel == variables.oldTenantLabel"),
            $"evpnc: only the deployer may add, change or remove the label {DeviceNames.TenantLabelKey} of a namespace",
            Expr($"'evpnc: only ' + variables.deployer + ' may add, change or remove the label {DeviceNames.TenantLabelKey}'",
                "+ ' of namespace ' + object.metadata.name")),
        Rule(Expr("!variables.isNamespace || variables.byDeployer || request.operation != 'CREATE'",
                "|| !(object.metadata.name in variables.namespaceTenant)"),
            "evpnc: only the deployer may create a namespace of a tenant",
            Expr("'evpnc: namespace ' + object.metadata.name + ' belongs to tenant ' + variables.namespaceTenant[object.metadata.name]",
                "+ ': only ' + variables.deployer + ' may create it'")),
        Rule(Expr("!variables.isNamespace || variables.byDeployer || !(object.metadata.name in variables.namespaceTenant)",
                "|| variables.nodeSelector == variables.oldNodeSelector"),
            $"evpnc: only the deployer may change the annotation {KubernetesNames.NodeSelectorAnnotation} of a namespace of a tenant",
            Expr("'evpnc: namespace ' + object.metadata.name + ' belongs to tenant ' + variables.namespaceTenant[object.metadata.name]",
                $"+ ': only ' + variables.deployer + ' may change its annotation {KubernetesNames.NodeSelectorAnnotation}'")),
    ];

    /// <summary>Pods in namespaces of no tenant may not name a tenant network in either annotation.</summary>
    private static CelValidation Outside(string a, string annotation) => Rule(
        Expr(
            "!variables.isPod || variables.tenant != '' || variables.attachmentsUnchanged ||",
            // JSON: no escapes, so every string is the literal text between two quotes; none may be a tenant network.
            $"(variables.{a}Json ? !variables.{a}.contains('\\\\') && variables.{a}.split('\"').all(s, !(s in variables.networkTenant))",
            $": variables.{a}WellFormed && variables.{a}Refs.all(r, !(r[size(r) - 1] in variables.networkTenant)))"),
        $"evpnc: a pod in a namespace of no tenant may not name a tenant network in {annotation} "
        + "(a JSON list there may hold no backslash escape)",
        Expr($"'evpnc: namespace ' + request.namespace + ' belongs to no tenant: {annotation} may name no tenant network'",
            $"+ ' (and a JSON list no backslash escape), not: ' + variables.{a}"));

    private static IEnumerable<string> NetworksOf(TenantModel t) =>
        (t.PodCidr is null ? [] : new[] { EvpnNames.PodNetworkName(t.Name) })
        .Concat(t.L2Networks.Select(l => EvpnNames.L2NetworkName(t.Name, l.Name)));

    /// <summary>`{'key': 'value', ...}`, one entry a line, sorted by key. Keys and values are names the
    /// input schema pinned to [a-z0-9-], so they need no escaping.</summary>
    private static CelExpression MapLiteral(IEnumerable<(string Key, string Value)> entries)
    {
        var sorted = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var lines = new List<string> { "{" };
        for (int i = 0; i < sorted.Count; i++)
            lines.Add($"{Literal(sorted[i].Key)}: {Literal(sorted[i].Value)}{(i + 1 < sorted.Count ? "," : "")}");
        lines.Add("}");
        return new CelExpression(lines);
    }

    /// <summary>A CEL string literal of text the schema limited to characters that need no escape.</summary>
    private static string Literal(string text) =>
        text.Any(ch => ch is '\'' or '\\' || char.IsControl(ch))
            ? throw new InvalidOperationException($"'{text}' cannot be a plain CEL string literal")
            : $"'{text}'";

    private static string Annotation(string obj, string key) =>
        $"{(obj == "oldObject" ? "oldObject != null && " : "")}has({obj}.metadata.annotations) && '{key}' in {obj}.metadata.annotations"
        + $" ? {obj}.metadata.annotations['{key}'] : ''";

    private static CelVariable Var(string name, params string[] lines) => new(name, Expr(lines));

    private static CelExpression Expr(params string[] lines) => new(lines);

    private static CelValidation Rule(CelExpression expression, string message, CelExpression messageExpression) =>
        message.Any(ch => ch is '"' or '\\' || char.IsControl(ch))
            ? throw new InvalidOperationException("an admission message is printed in double quotes: " + message)
            : new(expression, message, messageExpression, "Forbidden");
}
