using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Input;
using EvpnCompile.Tests.Emit;
using EvpnCompile.Tests.Support;
using static EvpnCompile.Tests.Support.AdmissionRequest;

namespace EvpnCompile.Tests.Kubernetes;

/// <summary>
/// The rendered admission policy of the quickstart (tenants red: namespaces red-db and red-web, networks red and
/// red-vms; blue: namespace blue, network blue; shared: namespace shared-services, network shared), evaluated
/// with a real CEL interpreter against the requests a tenant could try (docs/security-kubernetes.md).
/// </summary>
public class AdmissionPolicyTests
{
    private const string Deployer = Defaults.KubernetesDeployer;
    private const string Networks = "k8s.v1.cni.cncf.io/networks";
    private const string DefaultNetwork = "v1.multus-cni.io/default-network";
    private const string TenantLabel = "evpnc.dev/tenant";
    private const string NodeSelector = "scheduler.alpha.kubernetes.io/node-selector";

    private static readonly Lazy<AdmissionPolicyEvaluator> quickstart = new(() =>
        new AdmissionPolicyEvaluator(Assert.Single(OutputSnapshotTests.BuildExample("quickstart").Files!, f => f.Path == OutputPlan.AdmissionPolicyFile).Content));

    private static AdmissionPolicyEvaluator Policy => quickstart.Value;

    private static void Admitted(AdmissionRequest request)
    {
        var denials = Policy.Denials(request);
        Assert.True(denials.Count == 0, "denied: " + string.Join(" | ", denials));
    }

    /// <summary>Denied, and the one denial says <paramref name="why"/>.</summary>
    private static void Denied(AdmissionRequest request, string why)
    {
        var denial = Assert.Single(Policy.Denials(request));
        Assert.Contains(why, denial);
    }

    private static Dictionary<string, string> Map(params (string Key, string Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    // ---- pods in a namespace of a tenant ----

    [Fact]
    public void A_pod_without_the_annotation_is_admitted_anywhere()
    {
        Admitted(Pod("blue"));
        Admitted(Pod("red-db"));
        Admitted(Pod("default"));
        Admitted(Pod("blue", Map(("prometheus.io/scrape", "true"))));
    }

    [Theory]
    [InlineData("blue", "blue")]
    [InlineData("blue", "blue@net1")]
    [InlineData("blue", " blue , blue@net2 ")]
    [InlineData("blue", "blue/blue")]
    [InlineData("red-db", "red, red-vms@vms0")]
    [InlineData("red-db", "red-web/red-vms")] // another namespace of the same tenant
    [InlineData("shared-services", "shared")]
    public void A_pod_may_name_its_own_tenants_networks(string ns, string networks) =>
        Admitted(PodWithNetworks(ns, networks));

    [Theory]
    [InlineData("blue", "red-db/red")]          // the attack of the issue: a blue pod on red's bridge
    [InlineData("blue", "red")]                 // a NAD named red in blue's own namespace would reach red's file
    [InlineData("blue", "blue, red-db/red-vms")]
    [InlineData("blue", "shared-services/shared")] // a consented leak is routing, not a shared network
    [InlineData("red-db", "blue/blue")]
    [InlineData("red-db", "blue/red")]          // red's name, but in blue's namespace
    [InlineData("blue", "kube-system/macvlan")] // a foreign network that is no tenant's
    [InlineData("blue", "macvlan")]             // the same, in the pod's own namespace
    [InlineData("blue", "blue,")]               // an empty element
    [InlineData("blue", "Blue")]
    [InlineData("blue", "blue\u00a0")]           // Multus trims Unicode spaces: only ASCII ones are accepted
    [InlineData("blue", "a/b/blue")]
    public void A_pod_may_not_name_another_tenants_or_a_foreign_network(string ns, string networks) =>
        Denied(PodWithNetworks(ns, networks), "may name only networks of");

    [Theory]
    [InlineData("[{\"name\": \"blue\"}]")]                        // even its own network: no JSON in a tenant's namespace
    [InlineData("[{\"name\": \"red\", \"namespace\": \"red-db\"}]")]
    [InlineData("[{\"name\": \"r\\u0065d\", \"namespace\": \"red-db\"}]")]
    [InlineData("blue\"")]                                       // a quote alone makes Multus read JSON
    public void A_pod_in_a_tenants_namespace_may_not_use_the_JSON_form(string networks) =>
        Denied(PodWithNetworks("blue", networks), "(no JSON list)");

    [Fact]
    public void A_pod_in_a_tenants_namespace_may_not_replace_its_cluster_network()
    {
        Denied(Pod("blue", Map((DefaultNetwork, "red-db/red"))), "may not set v1.multus-cni.io/default-network");
        Denied(Pod("blue", Map((DefaultNetwork, "blue/blue"))), "may not set v1.multus-cni.io/default-network");
    }

    // ---- pods in a namespace of no tenant ----

    [Theory]
    [InlineData("macvlan-conf")]
    [InlineData("kube-system/macvlan-conf@net1, sriov")]
    [InlineData("[{\"name\": \"macvlan-conf\", \"namespace\": \"kube-system\", \"interface\": \"net1\"}]")]
    [InlineData("[{\"name\": \"redis\"}]")]                       // starts like red, is not red
    public void A_pod_of_no_tenant_may_name_networks_of_no_tenant(string networks)
    {
        Admitted(PodWithNetworks("default", networks));
        Admitted(Pod("monitoring", Map((DefaultNetwork, networks.Contains(',') ? "macvlan-conf" : networks))));
    }

    [Theory]
    [InlineData("red-db/red")]
    [InlineData("red")]
    [InlineData("macvlan-conf, red-db/red-vms@net2")]
    [InlineData(" red ")]
    [InlineData("red\u00a0")]                                     // would be trimmed to red by Multus
    [InlineData("red-db / red")]                                 // Multus trims around '/', evpnc accepts no space there
    [InlineData("[{\"name\": \"red\", \"namespace\": \"red-db\"}]")]
    [InlineData("[{\"namespace\":\"red-db\",\"NAME\":\"red\"}]")] // Go's JSON matches keys case-insensitively
    [InlineData("[{\"name\": \"r\\u0065d\", \"namespace\": \"red-db\"}]")] // the escape trick
    [InlineData("[{\"name\": \"macvlan\", \"ips\": [\"10.0.0.1\\/24\"]}]")] // any backslash
    public void A_pod_of_no_tenant_may_not_name_a_tenant_network(string networks)
    {
        Denied(PodWithNetworks("default", networks), "belongs to no tenant: k8s.v1.cni.cncf.io/networks may name no tenant network");
        Denied(Pod("kube-system", Map((DefaultNetwork, networks))), "belongs to no tenant: v1.multus-cni.io/default-network may name no tenant network");
    }

    // ---- updates: the kubelet and Multus update pods long after admission ----

    [Fact]
    public void An_update_that_keeps_the_annotations_is_admitted()
    {
        // A pod that predates the policy keeps its status updates working; nothing new is attached.
        var old = Map((Networks, "red-db/red"), ("k8s.v1.cni.cncf.io/network-status", "[]"));
        Admitted(PodUpdate("blue", old, Map((Networks, "red-db/red"), ("k8s.v1.cni.cncf.io/network-status", "[{\"name\":\"red-db/red\"}]"))));
    }

    [Fact]
    public void An_update_that_changes_the_annotation_is_checked()
    {
        Denied(PodUpdate("blue", Map((Networks, "blue")), Map((Networks, "red-db/red")), user: User, subResource: ""), "may name only networks of");
        Denied(PodUpdate("blue", Map((Networks, "blue")), Map((Networks, "red-db/red")), user: User, subResource: "status"), "may name only networks of");
        Denied(PodUpdate("default", null, Map((DefaultNetwork, "red-db/red")), user: User, subResource: ""), "may name no tenant network");
        Admitted(PodUpdate("blue", null, Map((Networks, "blue@net1")), user: User, subResource: ""));
    }

    // ---- network attachment definitions ----

    private const string InlineBridge = "{\"cniVersion\": \"0.4.0\", \"type\": \"bridge\", \"bridge\": \"pod50001\"}";

    [Fact]
    public void Only_the_deployer_may_give_a_network_attachment_a_spec()
    {
        Denied(Attachment("blue", "mine", InlineBridge), "has a spec: only " + Deployer);
        Denied(Attachment("default", "mine", InlineBridge), "has a spec: only " + Deployer);
        Denied(Attachment("blue", "blue", InlineBridge, operation: "UPDATE"), "has a spec: only " + Deployer);
        Admitted(Attachment("kube-system", "macvlan-conf", InlineBridge, user: Deployer));
        Admitted(Attachment("blue", "mine", config: ""));
        Admitted(Attachment("blue", "mine"));
    }

    [Fact]
    public void A_network_attachment_named_after_a_tenant_network_lives_only_in_that_tenants_namespaces()
    {
        Denied(Attachment("blue", "red"), "red is a network of tenant red: a NetworkAttachmentDefinition of that name may exist only in its namespaces, not in blue");
        Denied(Attachment("default", "red-vms"), "not in default");
        Denied(Attachment("shared-services", "blue"), "not in shared-services");
        Admitted(Attachment("blue", "blue"));
        Admitted(Attachment("red-web", "red-vms"));
        Admitted(Attachment("default", "macvlan-conf"));
        Admitted(Attachment("blue", "red", user: Deployer));
    }

    [Fact]
    public void A_user_gets_both_denials_for_a_spec_and_a_foreign_name()
    {
        var denials = Policy.Denials(Attachment("blue", "red", InlineBridge));
        Assert.Equal(2, denials.Count);
    }

    // ---- namespaces ----

    [Fact]
    public void Only_the_deployer_may_add_change_or_remove_the_tenant_label()
    {
        const string why = "may add, change or remove the label evpnc.dev/tenant";
        Denied(NamespaceUpdate("blue", Map((TenantLabel, "blue")), Map((TenantLabel, "red"))), why);
        Denied(NamespaceUpdate("blue", Map((TenantLabel, "blue")), Map(("team", "x"))), why);
        Denied(NamespaceUpdate("scratch", null, Map((TenantLabel, "red"))), why);
        Denied(NamespaceUpdate("scratch", null, Map((TenantLabel, ""))), why);
        Denied(NamespaceCreate("scratch", Map((TenantLabel, "red"))), why);
        Admitted(NamespaceUpdate("blue", Map((TenantLabel, "blue")), Map((TenantLabel, "red")), user: Deployer));
        Admitted(NamespaceUpdate("blue", Map((TenantLabel, "blue")), Map((TenantLabel, "blue"), ("team", "x"))));
        Admitted(NamespaceCreate("scratch", Map(("team", "x"))));
    }

    [Fact]
    public void Only_the_deployer_creates_a_tenants_namespace_or_changes_its_node_selector()
    {
        Denied(NamespaceCreate("red-db"), "belongs to tenant red: only " + Deployer + " may create it");
        Admitted(NamespaceCreate("red-db", Map((TenantLabel, "red")), Map((NodeSelector, "x=y")), user: Deployer));
        var before = Map((NodeSelector, "tenant.evpnc.dev.node-restriction.kubernetes.io/red=true"));
        Denied(NamespaceUpdate("red-db", null, null, annotationsBefore: before, annotationsAfter: null), "may change its annotation " + NodeSelector);
        Denied(NamespaceUpdate("red-db", null, null, annotationsBefore: before, annotationsAfter: Map((NodeSelector, ""))), "may change its annotation");
        Admitted(NamespaceUpdate("scratch", null, null, annotationsBefore: null, annotationsAfter: Map((NodeSelector, "a=b"))));
        Admitted(NamespaceUpdate("red-db", null, null, Deployer, before, Map((NodeSelector, "a=b"))));
    }

    // ---- the policy as a whole ----

    [Fact]
    public void Every_validation_denies_something_and_only_its_own_resource()
    {
        // One request per validation that only it denies: none of them is vacuous.
        var requests = new[]
        {
            PodWithNetworks("blue", "red-db/red"), Pod("blue", Map((DefaultNetwork, "blue"))),
            PodWithNetworks("default", "red"), Pod("default", Map((DefaultNetwork, "red"))),
            Attachment("blue", "mine", InlineBridge), Attachment("blue", "red"),
            NamespaceUpdate("blue", Map((TenantLabel, "blue")), null), NamespaceCreate("red-web"),
            NamespaceUpdate("red-web", null, null, annotationsBefore: Map((NodeSelector, "a=b"))),
        };
        Assert.Equal(Policy.ValidationCount, requests.Length);
        var messages = requests.Select(r => Assert.Single(Policy.Denials(r))).ToList();
        Assert.Equal(messages.Count, messages.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_tenancy_maps_hold_every_namespace_and_network_of_the_fabric()
    {
        string Expression(string name) =>
            (string)Assert.Single(Policy.Policy["spec"]!["variables"]!.AsArray(), v => (string?)v!["name"] == name)!["expression"]!;
        Assert.Equal("{ 'blue': 'blue', 'red-db': 'red', 'red-web': 'red', 'shared-services': 'shared' }", Expression("namespaceTenant"));
        Assert.Equal("{ 'blue': 'blue', 'red': 'red', 'red-vms': 'red', 'shared': 'shared' }", Expression("networkTenant"));
        Assert.Equal($"'{Deployer}'", Expression("deployer"));
    }

    [Fact]
    public void The_policy_is_enforced_with_deny_and_fails_closed()
    {
        Assert.Equal("Fail", (string?)Policy.Policy["spec"]!["failurePolicy"]);
        string rendered = Assert.Single(OutputSnapshotTests.BuildExample("quickstart").Files!, f => f.Path == OutputPlan.AdmissionPolicyFile).Content;
        Assert.Contains("kind: ValidatingAdmissionPolicyBinding\n", rendered);
        Assert.Contains("  policyName: \"evpnc-tenant-isolation\"\n  validationActions: [Deny]\n", rendered);
    }
}
