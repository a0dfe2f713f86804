using System.Text.Json.Nodes;
using EvpnCompile.Core.Audit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Audit;

public class KubernetesManifestCheckTests
{
    private const string Path = "kubernetes/red.yaml";

    private static string SnapshotsDir => RepoPaths.Of("tests", "EvpnCompile.Tests", "Snapshots");

    /// <summary>Every rendered kubernetes/*.yaml of every committed snapshot tree, relative to Snapshots/.</summary>
    private static List<string> ManifestFiles() =>
        Directory.EnumerateFiles(SnapshotsDir, "*.yaml", SearchOption.AllDirectories)
            .Where(f => System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(f)) == "kubernetes")
            .Select(f => System.IO.Path.GetRelativePath(SnapshotsDir, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> RenderedManifests() => new(ManifestFiles());

    [Fact]
    public void The_snapshots_hold_rendered_manifests_of_every_kind()
    {
        var files = ManifestFiles();
        Assert.True(files.Count >= 7, $"found only {files.Count} rendered manifests");
        string all = string.Concat(files.Select(f => File.ReadAllText(System.IO.Path.Combine(SnapshotsDir, f))));
        foreach (string kind in new[] { "Namespace", "NetworkAttachmentDefinition", "ResourceQuota", "NetworkPolicy", "Node",
                     "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding" })
            Assert.Contains("kind: " + kind + "\n", all);
    }

    [Theory]
    [MemberData(nameof(RenderedManifests))]
    public void Every_rendered_manifest_passes(string snapshotFile)
    {
        string text = File.ReadAllText(System.IO.Path.Combine(SnapshotsDir, snapshotFile));
        var report = KubernetesManifestCheck.Check(snapshotFile, text);
        Assert.True(report.Findings.Count == 0, string.Join("\n", report.Findings));
        Assert.Equal(VerifyOutcome.Passed, report.Outcome);
        Assert.Equal("kubernetes", report.Validator);
        Assert.Equal(snapshotFile, report.Path);
    }

    [Fact]
    public void The_seven_rendered_kinds_have_schemas()
    {
        Assert.Equal(
            [("v1", "Namespace"), ("k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition"), ("networking.k8s.io/v1", "NetworkPolicy"), ("v1", "Node"),
             ("v1", "ResourceQuota"), ("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy"),
             ("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding")],
            KubernetesManifestCheck.KnownKinds);
    }

    [Fact]
    public void Every_schema_names_its_source_and_license()
    {
        var files = Directory.GetFiles(RepoPaths.Of("schemas", "kubernetes"), "*.json");
        Assert.Equal(7, files.Length);
        foreach (string file in files)
        {
            var schema = JsonNode.Parse(File.ReadAllText(file))!;
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
            string comment = (string?)schema["$comment"] ?? "";
            Assert.Contains("License", comment);
            Assert.True(comment.Contains("kubernetes-models@4.3.1") || comment.Contains("multus-cni") || comment.Contains("github.com/kubernetes/kubernetes"), file);
        }
    }

    // ---- a valid tenant file, and what breaking one line of it does ----

    // Line numbers matter to the tests below: keep them in step with this text.
    private const string Valid =
        """
        # Tenant red.
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: red
          labels:
            evpnc.dev/tenant: red
        ---
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata:
          name: red
          namespace: red
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: evpnc-pods
          namespace: red
        spec:
          hard:
            pods: "100"
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: evpnc-tenant-isolation
          namespace: red
        spec:
          podSelector: {}
          policyTypes: [Ingress]
          ingress:
            - from:
                - namespaceSelector:
                    matchLabels:
                      evpnc.dev/tenant: red
                - namespaceSelector:
                    matchExpressions:
                      - {key: evpnc.dev/tenant, operator: DoesNotExist}

        """;

    private static string Replace(string old, string replacement)
    {
        Assert.Contains(old, Valid);
        return Valid.Replace(old, replacement);
    }

    private static VerifyFinding SingleFinding(string text)
    {
        var report = KubernetesManifestCheck.Check(Path, text);
        Assert.Equal(VerifyOutcome.Failed, report.Outcome);
        Assert.Equal("kubernetes", report.Validator);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(Path, finding.Path);
        return finding;
    }

    [Fact]
    public void The_valid_file_passes()
    {
        var report = KubernetesManifestCheck.Check(Path, Valid);
        Assert.Empty(report.Findings);
        Assert.Equal(VerifyOutcome.Passed, report.Outcome);
    }

    [Fact]
    public void A_misspelled_field_is_reported_at_its_key_with_the_allowed_names()
    {
        var report = KubernetesManifestCheck.Check(Path, Replace("  podSelector: {}", "  podSelectr: {}"));
        Assert.Equal(VerifyOutcome.Failed, report.Outcome);
        Assert.Collection(report.Findings,
            missing =>
            {
                Assert.Equal((30, 1), (missing.Line, missing.Column)); // the spec key
                Assert.Equal("NetworkPolicy \"evpnc-tenant-isolation\": spec is missing the required field podSelector", missing.Message);
            },
            unknown =>
            {
                Assert.Equal((31, 3), (unknown.Line, unknown.Column));
                Assert.Equal("NetworkPolicy \"evpnc-tenant-isolation\": unknown field \"podSelectr\" in spec (allowed: egress, ingress, podSelector, policyTypes)",
                    unknown.Message);
            });
    }

    [Fact]
    public void A_misspelled_optional_field_deep_in_a_list_is_reported_alone()
    {
        var f = SingleFinding(Replace("            matchLabels:", "            matchLabel:"));
        Assert.Equal((36, 13), (f.Line, f.Column));
        Assert.Contains("unknown field \"matchLabel\" in spec.ingress[0].from[0].namespaceSelector (allowed: matchExpressions, matchLabels)", f.Message);
    }

    [Fact]
    public void An_unknown_top_level_field_is_reported()
    {
        var f = SingleFinding(Replace("kind: Namespace\n", "kind: Namespace\ndata: {}\n"));
        Assert.Equal((5, 1), (f.Line, f.Column));
        Assert.Equal("Namespace \"red\": unknown field \"data\" at the top level (allowed: apiVersion, kind, metadata, spec, status)", f.Message);
    }

    [Fact]
    public void A_text_where_a_list_belongs_is_a_type_error_at_the_value()
    {
        var f = SingleFinding(Replace("policyTypes: [Ingress]", "policyTypes: Ingress"));
        Assert.Equal((32, 16), (f.Line, f.Column));
        Assert.Equal("NetworkPolicy \"evpnc-tenant-isolation\": spec.policyTypes must be a list, not the text \"Ingress\"", f.Message);
    }

    [Fact]
    public void A_policy_type_outside_the_enum_is_reported_with_the_allowed_values()
    {
        var f = SingleFinding(Replace("policyTypes: [Ingress]", "policyTypes: [ingress]"));
        Assert.Equal((32, 17), (f.Line, f.Column));
        Assert.Contains("spec.policyTypes[0] must be one of \"Egress\", \"Ingress\", not the text \"ingress\"", f.Message);
    }

    [Fact]
    public void A_selector_operator_outside_the_enum_is_reported()
    {
        var f = SingleFinding(Replace("operator: DoesNotExist", "operator: Absent"));
        Assert.Equal((40, 51), (f.Line, f.Column));
        Assert.Contains("spec.ingress[0].from[1].namespaceSelector.matchExpressions[0].operator must be one of", f.Message);
        Assert.Contains("not the text \"Absent\"", f.Message);
    }

    [Fact]
    public void A_network_policy_without_a_pod_selector_misses_a_required_field()
    {
        var f = SingleFinding(Replace("  podSelector: {}\n", ""));
        Assert.Equal((30, 1), (f.Line, f.Column));
        Assert.Equal("NetworkPolicy \"evpnc-tenant-isolation\": spec is missing the required field podSelector", f.Message);
    }

    [Fact]
    public void An_object_without_a_name_misses_a_required_field()
    {
        var f = SingleFinding(Replace("  name: evpnc-pods\n", ""));
        Assert.Equal((18, 1), (f.Line, f.Column));
        Assert.Equal("ResourceQuota (unnamed): metadata is missing the required field name", f.Message);
    }

    [Fact]
    public void An_unknown_kind_is_reported_at_the_kind()
    {
        var f = SingleFinding(Replace("kind: Namespace", "kind: Tenant"));
        Assert.Equal((4, 7), (f.Line, f.Column));
        Assert.StartsWith("unknown kind \"Tenant\" of apiVersion \"v1\": there is no schema for it (known: Namespace (v1), ", f.Message);
    }

    [Fact]
    public void A_known_kind_under_another_api_version_is_reported_at_the_kind()
    {
        var f = SingleFinding(Replace("apiVersion: networking.k8s.io/v1", "apiVersion: extensions/v1beta1"));
        Assert.Equal((26, 7), (f.Line, f.Column));
        Assert.Equal("NetworkPolicy is apiVersion networking.k8s.io/v1, not \"extensions/v1beta1\"", f.Message);
    }

    [Fact]
    public void A_document_without_a_kind_is_reported()
    {
        var f = SingleFinding(Replace("kind: ResourceQuota\n", ""));
        Assert.Equal((16, 1), (f.Line, f.Column));
        Assert.Equal("document 3: kind must be text naming the object's kind, and it is missing", f.Message);
    }

    [Fact]
    public void A_network_attachment_config_must_be_text_not_a_mapping()
    {
        var f = SingleFinding(Replace("  namespace: red\n---\napiVersion: v1\nkind: ResourceQuota",
            "  namespace: red\nspec:\n  config:\n    cniVersion: 0.3.1\n---\napiVersion: v1\nkind: ResourceQuota"));
        Assert.Equal((16, 3), (f.Line, f.Column)); // the config key: the mapping starts on the line after it
        Assert.Equal("NetworkAttachmentDefinition \"red\": spec.config must be text (a JSON CNI configuration), not a mapping", f.Message);
    }

    [Fact]
    public void A_network_attachment_with_a_config_text_passes()
    {
        var report = KubernetesManifestCheck.Check(Path, Replace("  namespace: red\n---\napiVersion: v1\nkind: ResourceQuota",
            "  namespace: red\nspec:\n  config: '{\"cniVersion\": \"0.3.1\", \"name\": \"red\"}'\n---\napiVersion: v1\nkind: ResourceQuota"));
        Assert.Empty(report.Findings);
        Assert.Equal(VerifyOutcome.Passed, report.Outcome);
    }

    [Fact]
    public void A_namespace_name_must_be_a_dns_label()
    {
        var f = SingleFinding(Replace("  name: red\n  labels:", "  name: Red_Team\n  labels:"));
        Assert.Equal((6, 9), (f.Line, f.Column));
        Assert.StartsWith("Namespace \"Red_Team\": metadata.name must be a DNS-1123 label (", f.Message);
        Assert.EndsWith("), not the text \"Red_Team\"", f.Message);
    }

    [Fact]
    public void A_namespace_name_longer_than_63_characters_is_too_long()
    {
        string longName = new('a', 64);
        var f = SingleFinding(Replace("  name: red\n  labels:", $"  name: {longName}\n  labels:"));
        Assert.Equal((6, 9), (f.Line, f.Column));
        Assert.Contains("metadata.name must have at most 63 character(s)", f.Message);
        Assert.EndsWith("not 64", f.Message);
    }

    [Fact]
    public void The_namespace_of_an_object_must_be_a_dns_label()
    {
        var f = SingleFinding(Replace("  name: red\n  namespace: red\n", "  name: red\n  namespace: red.team\n"));
        Assert.Equal((14, 14), (f.Line, f.Column));
        Assert.StartsWith("NetworkAttachmentDefinition \"red\": metadata.namespace must be a DNS-1123 label", f.Message);
    }

    [Fact]
    public void A_label_value_with_a_space_is_rejected()
    {
        var f = SingleFinding(Replace("  labels:\n    evpnc.dev/tenant: red\n", "  labels:\n    evpnc.dev/tenant: red team\n"));
        Assert.Equal((8, 23), (f.Line, f.Column));
        Assert.Contains("metadata.labels.evpnc.dev/tenant must be a label value (", f.Message);
    }

    [Fact]
    public void A_label_key_that_is_no_qualified_name_is_reported_at_the_key()
    {
        var f = SingleFinding(Replace("  labels:\n    evpnc.dev/tenant: red\n", "  labels:\n    evpnc.dev/tenant: red\n    -tier: web\n"));
        Assert.Equal((9, 5), (f.Line, f.Column));
        Assert.Contains("the key \"-tier\" in metadata.labels must be a qualified name", f.Message);
    }

    [Fact]
    public void A_quota_that_is_no_quantity_is_reported()
    {
        var f = SingleFinding(Replace("pods: \"100\"", "pods: lots"));
        Assert.Equal((23, 11), (f.Line, f.Column));
        Assert.Equal("ResourceQuota \"evpnc-pods\": spec.hard.pods must be a quantity such as \"100\", \"1.5Gi\" or 100, not the text \"lots\"", f.Message);
    }

    [Fact]
    public void A_quota_of_a_plain_number_is_a_quantity()
    {
        var report = KubernetesManifestCheck.Check(Path, Replace("pods: \"100\"", "pods: 100"));
        Assert.Empty(report.Findings);
        Assert.Equal(VerifyOutcome.Passed, report.Outcome);
    }

    [Fact]
    public void A_yaml_syntax_error_is_a_finding_at_its_place()
    {
        var f = SingleFinding(Replace("  name: evpnc-tenant-isolation", "  name: evpnc: tenant-isolation"));
        Assert.Equal((28, 14), (f.Line, f.Column)); // the second ':'
        Assert.StartsWith("YAML syntax error: ", f.Message);
        Assert.Contains("invalid mapping", f.Message);
    }

    [Fact]
    public void A_number_where_a_name_belongs_is_reported_once()
    {
        var f = SingleFinding(Replace("  name: red\n  labels:", "  name: 123\n  labels:"));
        Assert.Equal((6, 9), (f.Line, f.Column));
        Assert.Equal("Namespace 123: metadata.name must be text, not the number 123", f.Message);
    }

    [Fact]
    public void A_plain_yes_that_kubectl_reads_as_a_boolean_is_reported()
    {
        // YAML 1.2 (evpnc, the schema) reads text; kubectl's YAML 1.1 reads the boolean true.
        var f = SingleFinding(Replace("  name: red\n  labels:", "  name: yes\n  labels:"));
        Assert.Equal((6, 9), (f.Line, f.Column));
        Assert.Equal("Namespace \"yes\": the value of metadata.name is the unquoted \"yes\", which kubectl (YAML 1.1) reads as the boolean true, not as text; quote it",
            f.Message);
    }

    [Fact]
    public void A_plain_off_label_key_and_a_binary_looking_value_are_reported()
    {
        var report = KubernetesManifestCheck.Check(Path, Replace("  labels:\n    evpnc.dev/tenant: red\n", "  labels:\n    evpnc.dev/tenant: red\n    off: 0b101\n"));
        Assert.Collection(report.Findings,
            key =>
            {
                Assert.Equal((9, 5), (key.Line, key.Column));
                Assert.Contains("the key of metadata.labels.off is the unquoted \"off\", which kubectl (YAML 1.1) reads as the boolean false", key.Message);
            },
            value =>
            {
                Assert.Equal((9, 10), (value.Line, value.Column));
                Assert.Contains("reads as a number", value.Message);
            });
    }

    [Fact]
    public void Quoted_yaml_1_1_words_are_text_everywhere()
    {
        var report = KubernetesManifestCheck.Check(Path, Replace("  name: red\n  labels:\n    evpnc.dev/tenant: red\n",
            "  name: \"yes\"\n  labels:\n    evpnc.dev/tenant: 'on'\n    \"off\": \"1_000\"\n"));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void A_document_that_is_not_a_mapping_is_reported()
    {
        var f = SingleFinding(Valid + "---\n- just a list\n");
        Assert.Equal((42, 1), (f.Line, f.Column));
        Assert.Equal("document 5 is a list of 1 item(s), not a Kubernetes object (a mapping with apiVersion, kind and metadata)", f.Message);
    }

    [Fact]
    public void Every_broken_document_of_a_file_is_reported()
    {
        string text = Replace("policyTypes: [Ingress]", "policyTypes: Ingress").Replace("kind: Namespace", "kind: Tenant");
        var report = KubernetesManifestCheck.Check(Path, text);
        Assert.Equal([4, 32], report.Findings.Select(f => f.Line));
    }

    [Fact]
    public void Checking_in_parallel_gives_the_same_findings()
    {
        string broken = Replace("  podSelector: {}", "  podSelectr: {}");
        var expected = KubernetesManifestCheck.Check(Path, broken).Findings;
        var all = Enumerable.Range(0, 16).AsParallel().Select(_ => KubernetesManifestCheck.Check(Path, broken).Findings).ToList();
        Assert.All(all, findings => Assert.Equal(expected, findings));
    }
}
