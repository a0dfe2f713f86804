using System.Text.Json;
using EvpnCompile.Core;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;
using static EvpnCompile.Tests.Support.AdmissionRequest;

namespace EvpnCompile.Tests.Kubernetes;

/// <summary>The cluster files beyond the tenants' own: who the deployer is, node labels, Multus, NetworkPolicy peers.</summary>
public class ClusterFilesTests
{
    /// <summary>host1..host3; red on host1 and host2 with namespaces red-a and red-b; host3 carries nothing.</summary>
    private static IReadOnlyDictionary<string, OutputFile> Build(string fabricExtra = "")
    {
        string text = Fixtures.Fabric(3, fabricExtra)
            + Fixtures.Tenant("red", "nodes: [host1, host2]\nnamespaces: [red-b, red-a]\npodNetwork: {cidr: 10.10.0.0/16, perNodePrefix: 24}")
            + Fixtures.Tenant("blue", "nodes: [host2]\nnamespaces: [blue]");
        var build = Compiler.Build(new CompileRequest([new SourceFile("input.yaml", text)], null, "evpnc.lock.yaml", false));
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics));
        return build.Files!.ToDictionary(f => f.Path, StringComparer.Ordinal);
    }

    [Fact]
    public void The_deployer_is_the_fabrics_and_only_it_is_exempt()
    {
        const string deployer = "oidc:ops@example.com";
        var files = Build($"  kubernetes: {{deployer: \"{deployer}\"}}\n");
        var policy = new AdmissionPolicyEvaluator(files[OutputPlan.AdmissionPolicyFile].Content);
        Assert.Contains($"only the deployer, {deployer}, may define", files[OutputPlan.AdmissionPolicyFile].Content);
        var relabel = (string user) => NamespaceUpdate("red-a", new Dictionary<string, string> { ["evpnc.dev/tenant"] = "red" }, null, user);
        Assert.Empty(policy.Denials(relabel(deployer)));
        Assert.Single(policy.Denials(relabel(Core.Input.Defaults.KubernetesDeployer)));
    }

    [Fact]
    public void Every_host_is_listed_with_the_labels_of_its_tenants_and_a_host_without_any_with_none()
    {
        var files = Build();
        string nodes = files[OutputPlan.NodeLabelsFile].Content;
        Assert.Contains("  name: \"host1\"\n  labels:\n    tenant.evpnc.dev.node-restriction.kubernetes.io/red: \"true\"\n---", nodes);
        Assert.Contains("  name: \"host2\"\n  labels:\n    tenant.evpnc.dev.node-restriction.kubernetes.io/blue: \"true\"\n"
            + "    tenant.evpnc.dev.node-restriction.kubernetes.io/red: \"true\"\n---", nodes);
        Assert.EndsWith("  name: \"host3\"\n  labels: {}\n", nodes);
        Assert.DoesNotContain("leaf1", nodes);
        Assert.Equal(VerifyOutcome.Passed, KubernetesManifestCheck.Check(OutputPlan.NodeLabelsFile, nodes).Outcome);
        Assert.Equal("kubectl apply --server-side --field-manager=evpnc -f kubernetes/01-nodes.yaml", files[OutputPlan.NodeLabelsFile].Apply);

        // Each tenant namespace keeps its pods on the hosts with its label.
        Assert.Contains("    scheduler.alpha.kubernetes.io/node-selector: \"tenant.evpnc.dev.node-restriction.kubernetes.io/red=true\"\n",
            files["kubernetes/red.yaml"].Content);
    }

    [Fact]
    public void Every_host_gets_the_multus_daemon_configuration_with_namespace_isolation()
    {
        var files = Build();
        foreach (string host in new[] { "host1", "host2", "host3" })
        {
            var file = files[$"nodes/{host}/etc/cni/net.d/multus.d/daemon-config.json"];
            Assert.Equal((host, "/etc/cni/net.d/multus.d/daemon-config.json", "0644"), (file.Node!, file.Target!, file.Mode!));
            Assert.Equal($"kubectl -n kube-system delete pod -l app=multus --field-selector spec.nodeName={host}", file.Apply);
            using var json = JsonDocument.Parse(file.Content);
            var config = json.RootElement;
            Assert.True(config.GetProperty("namespaceIsolation").GetBoolean());
            // Empty would make Multus treat `default` as global.
            Assert.Equal("kube-system", config.GetProperty("globalNamespaces").GetString());
            Assert.Equal(OutputPlan.CniFolder, config.GetProperty("confDir").GetString() + "/");
        }
        Assert.DoesNotContain(files.Keys, p => p.StartsWith("nodes/leaf1/etc/cni/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_network_policy_selects_namespaces_by_their_name_never_by_the_tenant_label()
    {
        string red = Build()["kubernetes/red.yaml"].Content;
        int policy = red.IndexOf("kind: NetworkPolicy", StringComparison.Ordinal);
        string spec = red[red.IndexOf("spec:", policy, StringComparison.Ordinal)..red.IndexOf("---", policy, StringComparison.Ordinal)];
        Assert.DoesNotContain("evpnc.dev/tenant", spec);
        string Peer(string op, params string[] values) =>
            $"              - key: kubernetes.io/metadata.name\n                operator: {op}\n                values:\n"
            + string.Concat(values.Select(v => $"                  - \"{v}\"\n"));
        Assert.Contains(Peer("In", "red-a", "red-b"), spec);
        Assert.EndsWith(Peer("NotIn", "blue", "red-a", "red-b"), spec);
    }
}
