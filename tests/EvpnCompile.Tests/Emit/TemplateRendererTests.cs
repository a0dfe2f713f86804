using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Model;
using Scriban.Runtime;

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

/// <summary>
/// The renderer keeps a TemplateContext per thread and imports a model through a per-type list of properties; a
/// template must see exactly what a fresh context and Scriban's own import would give it.
/// </summary>
public class TemplateRendererReuseTests
{
    [Theory]
    [MemberData(nameof(NodeByNodePlanTests.Examples), MemberType = typeof(NodeByNodePlanTests))]
    public void Every_model_is_imported_as_scriban_imports_it(string example)
    {
        var whole = EvpnCompile.Core.Compiler.Prepare(NodeByNodePlanTests.Request(example));
        int checkedModels = 0;
        foreach (var file in OutputPlan.Plan(whole.Model!).Where(f => !f.Renderer.StartsWith("code:", StringComparison.Ordinal)))
        {
            var scriban = new ScriptObject();
            scriban.Import(file.Input);
            var ours = ModelImport.Of(file.Input);
            Assert.Equal(scriban.Keys, ours.Keys);   // same names, same order
            foreach (string name in scriban.Keys)
            {
                Assert.True(Same(scriban[name], ours[name], depth: 6), $"{file.Path}: {name}");
                Assert.Equal(scriban.CanWrite(name), ours.CanWrite(name));
            }
            checkedModels++;
        }
        Assert.True(checkedModels > 10, $"only {checkedModels} templated files");
    }

    /// <summary>Equal, or the same items (a model may compute a list on each read), or the same properties, to a depth.</summary>
    private static bool Same(object? a, object? b, int depth)
    {
        if (Equals(a, b)) return true;
        if (a is null || b is null || a.GetType() != b.GetType() || depth == 0) return false;
        if (a is System.Collections.IEnumerable xs && b is System.Collections.IEnumerable ys)
        {
            var left = xs.Cast<object?>().ToList();
            var right = ys.Cast<object?>().ToList();
            return left.Count == right.Count && left.Zip(right).All(p => Same(p.First, p.Second, depth - 1));
        }
        return a.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0)
            .All(p => Same(p.GetValue(a), p.GetValue(b), depth - 1));
    }

    [Fact]
    public void A_type_whose_import_holds_more_than_properties_keeps_scribans_import()
    {
        var model = new WithField { Name = "red" };
        var scriban = new ScriptObject();
        scriban.Import(model);
        Assert.Null(ModelImport.Learn(model, scriban));   // the field has no property to read it through
        var ours = ModelImport.Of(model);
        Assert.Equal(scriban.Keys, ours.Keys);
        Assert.Equal("red", ours["name"]);
    }

    public sealed class WithField
    {
        public string Name { get; set; } = "";
        public int Count = 3;
    }

    [Fact]
    public async Task A_render_that_fails_leaves_nothing_behind_for_the_next_one()
    {
        var tenant = new TenantModel("red", "red", 50001, 1001, "65000:50001", [], null, [], [], [], [], [new NamespaceModel("ns-a", ["net-a"])], 10,
            "evpnc.dev/tenant", new TenantIsolationModel("tenant.evpnc.dev.node-restriction.kubernetes.io/red=true", ["a"]));
        string first = TemplateRenderer.Render("kubernetes/tenant.yaml.sbn", tenant);
        Assert.ThrowsAny<Exception>(() => TemplateRenderer.Render("kubernetes/tenant.yaml.sbn", new { name = "x" }));
        var streamed = new StringWriter();
        TemplateRenderer.RenderTo("kubernetes/tenant.yaml.sbn", tenant, streamed);
        string again = TemplateRenderer.Render("kubernetes/tenant.yaml.sbn", tenant);
        string fresh = await Task.Run(() => TemplateRenderer.Render("kubernetes/tenant.yaml.sbn", tenant));   // another thread: another context
        Assert.Equal(first, again);
        Assert.Equal(first, streamed.ToString());
        Assert.Equal(first, fresh);
        Assert.Contains("name: \"ns-a\"", first);
    }
}
