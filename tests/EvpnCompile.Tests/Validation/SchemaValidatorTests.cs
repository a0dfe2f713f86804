using System.Text.Json.Nodes;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Validation;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Validation;

public class SchemaValidatorTests
{
    private static string Doc(string spec) => Fixtures.Fabric(1) + Fixtures.Tenant("red", spec);

    [Fact]
    public void Unknown_property_is_reported_at_its_key_with_the_allowed_names()
    {
        var r = Fixtures.Compile(Doc("namespaces: [red]\ncolour: red"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("EVPN012", d.Code);
        Assert.Contains("'colour'", d.Message);
        Assert.Contains("namespaces", d.Message);
        Assert.Equal(3, d.Span.Column); // the key, indented under spec
    }

    [Fact]
    public void Missing_required_property_is_reported_at_the_parent_key()
    {
        var r = Fixtures.Compile(Doc("namespaces: [red]\npodNetwork: {cidr: 10.0.0.0/16}"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("EVPN011", d.Code);
        Assert.Contains("'perNodePrefix'", d.Message);
        Assert.Contains("spec.podNetwork", d.Message);
    }

    [Theory]
    [InlineData("l3vni: 0", "EVPN015", "'spec.l3vni' must be an integer 1..16777214 or 'auto', but is the number 0")]
    [InlineData("l3vni: autox", "EVPN014", "but is the text \"autox\"")]
    [InlineData("l3vni: true", "EVPN010", "but is the boolean true")]
    [InlineData("maxPods: \"5\"", "EVPN010", "'spec.maxPods' must be an integer, but is the text \"5\"")]
    [InlineData("nodes: [host1, host1]", "EVPN017", "'spec.nodes' lists the same item more than once")]
    public void Value_errors_name_the_property_the_expectation_and_the_value(string extra, string code, string fragment)
    {
        var r = Fixtures.Compile(Doc("namespaces: [red]\n" + extra));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(code, d.Code);
        Assert.Contains(fragment, d.Message);
    }

    [Fact]
    public void A_document_with_schema_errors_does_not_cascade_into_reference_errors()
    {
        // host1 is broken, so a tenant naming it must not also be told host1 does not exist.
        string fabric = Fixtures.Fabric(1).Replace("asn: 65101", "asn: \"x\"");
        var r = Fixtures.Compile(fabric + Fixtures.Tenant("red", "namespaces: [red]\nnodes: [host1]"));
        Assert.Equal("EVPN010", Fixtures.Codes(r));
    }

    [Fact]
    public void Schema_defaults_are_the_defaults_the_compiler_applies()
    {
        var defs = SchemaCatalog.Document["$defs"]!;
        var fabric = defs["fabricSpec"]!["properties"]!;
        Assert.Equal(Defaults.FrrVersion, fabric["frrVersion"]!["default"]!.GetValue<string>());
        Assert.Equal("ifupdown2", fabric["network"]!["default"]!.GetValue<string>());
        Assert.Equal(Defaults.Network, NetworkRenderer.Ifupdown2);
        Assert.Equal(Defaults.UnderlayMtu, fabric["underlay"]!["properties"]!["mtu"]!["default"]!.GetValue<int>());
        Assert.Equal(Defaults.Bfd, fabric["underlay"]!["properties"]!["bfd"]!["default"]!.GetValue<bool>());
        Assert.Equal(Defaults.OverlayMtu, fabric["overlay"]!["properties"]!["mtu"]!["default"]!.GetValue<int>());
        Assert.Equal(Defaults.VxlanPort, fabric["overlay"]!["properties"]!["vxlanPort"]!["default"]!.GetValue<int>());
        Assert.Equal(Defaults.AnycastGatewayMac, fabric["evpn"]!["properties"]!["anycastGatewayMac"]!["default"]!.GetValue<string>());
        Assert.Equal(Defaults.RouterMacPool, fabric["pools"]!["properties"]!["routerMac"]!["default"]!.GetValue<string>());
        Assert.Equal(Defaults.KubernetesDeployer, fabric["kubernetes"]!["properties"]!["deployer"]!["default"]!.GetValue<string>());
        Assert.Equal(Defaults.Auto, defs["nodeSpec"]!["properties"]!["routerMac"]!["default"]!.GetValue<string>());
        Assert.Equal(Defaults.Auto, defs["tenantSpec"]!["properties"]!["l3vni"]!["default"]!.GetValue<string>());
    }

    [Fact]
    public void Every_schema_property_has_a_description()
    {
        var missing = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject o)
            {
                if (o["properties"] is JsonObject props)
                    foreach (var (name, sub) in props)
                        if (sub is JsonObject s && s["description"] is null && s["$ref"] is null) missing.Add($"{path}/properties/{name}");
                        else if (sub is JsonObject s2 && s2["description"] is null && s2["$ref"] is JsonValue r
                                 && SchemaValidator.Navigate(SchemaCatalog.Document, r.GetValue<string>().TrimStart('#'))?["description"] is null)
                            missing.Add($"{path}/properties/{name}");
                foreach (var (k, v) in o)
                    if (k != "if") Walk(v, $"{path}/{k}"); // `if` only picks the kind; it describes nothing
            }
            else if (node is JsonArray a) for (int i = 0; i < a.Count; i++) Walk(a[i], $"{path}/{i}");
        }
        Walk(SchemaCatalog.Document, "");
        Assert.Empty(missing);
    }

    [Fact]
    public void The_examples_point_editors_at_the_schema()
    {
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Of("examples"), "*.yaml", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == "evpnc.lock.yaml") continue;
            string first = File.ReadLines(file).First();
            Assert.StartsWith("# yaml-language-server: $schema=", first);
            string target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, first["# yaml-language-server: $schema=".Length..]));
            Assert.True(File.Exists(target), $"{file}: schema path {target} does not exist");
        }
    }
}

public class SchemaStringPatternTests
{
    /// <summary>
    /// No string from the input reaches a rendered file unless it matched a strict pattern: every
    /// string-typed schema node has an anchored ASCII pattern, an enum or a const.
    /// </summary>
    [Fact]
    public void Every_string_in_the_schema_is_pinned_by_a_pattern_an_enum_or_a_const()
    {
        var loose = new List<string>();
        void Walk(System.Text.Json.Nodes.JsonNode? node, string path)
        {
            if (node is System.Text.Json.Nodes.JsonObject o)
            {
                var type = o["type"];
                bool isString = type?.ToJsonString() is "\"string\"" || (type is System.Text.Json.Nodes.JsonArray a && a.Any(t => t!.GetValue<string>() == "string"));
                if (isString && o["enum"] is null && o["const"] is null)
                {
                    string? pattern = o["pattern"]?.GetValue<string>();
                    if (pattern is null || !pattern.StartsWith('^') || !pattern.EndsWith('$') || pattern.Any(c => c > 127)) loose.Add(path);
                }
                foreach (var (k, v) in o) Walk(v, $"{path}/{k}");
            }
            else if (node is System.Text.Json.Nodes.JsonArray arr) for (int i = 0; i < arr.Count; i++) Walk(arr[i], $"{path}/{i}");
        }
        Walk(EvpnCompile.Core.Validation.SchemaCatalog.Document, "");
        Assert.Empty(loose);
    }
}
