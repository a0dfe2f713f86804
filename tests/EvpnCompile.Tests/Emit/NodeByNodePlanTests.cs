using EvpnCompile.Core;
using EvpnCompile.Core.Emit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Emit;

/// <summary>
/// `evpnc build` lowers and plans one node at a time (bounded memory); snapshots, --check and --verify plan the model held
/// whole. Both must be the same files with the same bytes and metadata, and report the same diagnostics.
/// </summary>
public class NodeByNodePlanTests
{
    public static TheoryData<string> Examples() => OutputSnapshotTests.Examples();

    internal static CompileRequest Request(string example)
    {
        var context = new EvpnCompile.Cli.CliContext(TextWriter.Null, TextWriter.Null, RepoPaths.Of("examples", example));
        return EvpnCompile.Cli.Inputs.InputReader.WorkingTree(context, Core.Loading.LoadLimits.Default)
            .ReadAsync(["."], null, locked: true, default).GetAwaiter().GetResult().Request;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Node_by_node_plans_the_files_and_bytes_of_the_whole_model(string example)
    {
        var request = Request(example);
        var whole = Compiler.Prepare(request);
        Assert.False(whole.HasErrors);
        var expected = OutputPlan.Plan(whole.Model!).Select(f => (f.Path, f.Kind, f.Node, f.Target, f.Mode, f.Apply, f.Renderer, Content: f.Render())).ToList();

        var plan = new NodeByNodePlan(whole.Compile);
        var files = new List<PlannedFile>();
        // Out of order, as parallel threads may take them.
        foreach (int i in Enumerable.Range(0, plan.NodeCount).Reverse()) files.AddRange(plan.Node(i));
        files.AddRange(plan.Rest());
        var actual = files.OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => (f.Path, f.Kind, f.Node, f.Target, f.Mode, f.Apply, f.Renderer, Content: f.Render())).ToList();

        Assert.Equal(expected.Select(f => f.Path), actual.Select(f => f.Path));
        Assert.Equal(expected, actual);
        Assert.Equal(whole.Diagnostics, plan.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_streamed_file_is_the_bytes_of_its_rendered_text(string example)
    {
        // A build streams every file to disk (a template through a StreamWriter, routes.json through a JSON writer); snapshots,
        // --check and --verify render strings. Same bytes, or the manifest's hashes would lie.
        var whole = Compiler.Prepare(Request(example));
        var utf8 = new System.Text.UTF8Encoding(false);
        foreach (var f in OutputPlan.Plan(whole.Model!))
        {
            Assert.NotNull(f.WriteTo);
            using var streamed = new MemoryStream();
            f.WriteTo!(streamed);
            Assert.True(utf8.GetBytes(f.Render()).AsSpan().SequenceEqual(streamed.ToArray()), f.Path);
        }
    }
}
