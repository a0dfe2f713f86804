using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Tests.Emit;

public class TemplateRendererTests
{
    [Fact]
    public void Output_larger_than_scribans_default_1MiB_limit_is_rendered_whole()
    {
        // Each namespace's NetworkPolicy lists all of the tenant's namespaces: the file grows with their square.
        var namespaces = Enumerable.Range(0, 400).Select(i => new NamespaceModel($"ns-{i:D5}", ["net-a", "net-b"])).ToList();
        var tenant = new TenantModel("big", "big", 50000, 1001, "65000:50000", [], null, [], [], [], [], namespaces, 10, "evpnc.dev/tenant",
            new TenantIsolationModel("tenant.evpnc.dev.node-restriction.kubernetes.io/big=true", ["a"]));
        string yaml = TemplateRenderer.Render("kubernetes/tenant.yaml.sbn", tenant);
        Assert.True(yaml.Length > 1_100_000, $"only {yaml.Length} characters");
        Assert.EndsWith("operator: NotIn\n                values:\n                  - \"a\"\n", yaml); // the last namespace's policy is complete
        Assert.Contains("name: \"ns-00399\"", yaml);
    }

    [Fact]
    public void An_unknown_member_is_an_error_not_an_empty_string()
    {
        // Strict mode: a template naming something the model lacks must fail loudly.
        var ex = Assert.ThrowsAny<Exception>(() => TemplateRenderer.Render("frr/daemons.sbn", new { name = "x" }));
        Assert.Contains("daemons", ex.Message);
    }
}
