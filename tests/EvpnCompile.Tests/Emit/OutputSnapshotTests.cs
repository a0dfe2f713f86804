using EvpnCompile.Cli.Inputs;
using EvpnCompile.Core;
using EvpnCompile.Core.Emit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Emit;

/// <summary>
/// Every example's whole output tree is committed under Snapshots/&lt;example&gt;/ with the real file
/// names and compared byte for byte. An unexplained snapshot change is a bug.
/// </summary>
public class OutputSnapshotTests
{
    public static TheoryData<string> Examples() => ["quickstart", "repo-layout", "two-racks"];

    /// <summary>Builds an example as `evpnc build examples/NAME --locked` would, in memory.</summary>
    public static BuildResult BuildExample(string name, int parallelism = -1)
    {
        var context = new EvpnCompile.Cli.CliContext(TextWriter.Null, TextWriter.Null, RepoPaths.Of("examples", name));
        var inputs = InputReader.WorkingTree(context, Core.Loading.LoadLimits.Default).ReadAsync(["."], null, locked: true, default).GetAwaiter().GetResult();
        Assert.Equal("evpnc.lock.yaml", inputs.LockDisplayPath);
        var build = Compiler.Build(inputs.Request, parallelism);
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics));
        Assert.NotNull(build.Files);
        return build;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Output_tree_matches_the_verified_snapshot(string example)
    {
        var build = BuildExample(example);
        SnapshotTree.Match(RepoPaths.Of("tests", "EvpnCompile.Tests", "Snapshots", example), build.Files!);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Bytes_do_not_depend_on_the_number_of_render_threads(string example)
    {
        var one = BuildExample(example, parallelism: 1).Files!;
        var many = BuildExample(example, parallelism: 8).Files!;
        Assert.Equal(one.Select(f => f.Path), many.Select(f => f.Path));
        for (int i = 0; i < one.Count; i++) Assert.Equal(one[i].Content, many[i].Content);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_file_is_LF_only_without_BOM_and_ends_with_a_newline(string example)
    {
        foreach (var f in BuildExample(example).Files!)
        {
            Assert.DoesNotContain('\r', f.Content);
            Assert.False(f.Content.StartsWith('\uFEFF'), f.Path);
            Assert.EndsWith("\n", f.Content);
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Streamed_routes_json_and_manifest_json_are_the_snapshot_bytes(string example)
    {
        // A build streams these two (hundreds of MB at 1000 hosts) straight to disk; snapshots, --check and
        // --verify render them as strings. Both must be the committed bytes.
        var build = BuildExample(example);
        var plan = OutputPlan.Plan(build.Model!);
        var routes = Assert.Single(plan, f => f.Path == "routes.json");
        Assert.NotNull(routes.WriteTo);
        using var streamed = new MemoryStream();
        routes.WriteTo!(streamed);
        var snapshot = RepoPaths.Of("tests", "EvpnCompile.Tests", "Snapshots", example);
        Assert.Equal(File.ReadAllBytes(Path.Combine(snapshot, "routes.json")), streamed.ToArray());

        var entries = plan.Select(f => ManifestEntry.Of(f, ManifestJson.Sha256(f.Render()))).ToList();
        using var manifest = new MemoryStream();
        ManifestJson.WriteTo(entries, manifest);
        Assert.Equal(File.ReadAllBytes(Path.Combine(snapshot, OutputPlan.ManifestFile)), manifest.ToArray());
    }
}
