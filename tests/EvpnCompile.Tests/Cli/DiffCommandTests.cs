using System.Text.Json;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

public class DiffCommandTests
{
    private static readonly string SnapshotDir = RepoPaths.Of("tests", "EvpnCompile.Tests", "Cli", "Snapshots");

    /// <summary>The quickstart committed in a fresh repository, then blue's per-host blocks made smaller
    /// (its cidr stays, so its leak partner shared's routes do not change).</summary>
    private static TempDir QuickstartWithBlueChanged()
    {
        var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        GitRepo.InitAndCommit(work.Path);
        string tenants = work.File("tenants.yaml");
        string text = File.ReadAllText(tenants);
        File.WriteAllText(tenants, text.Replace("podNetwork: {cidr: 10.30.0.0/16, perNodePrefix: 24}", "podNetwork: {cidr: 10.30.0.0/16, perNodePrefix: 25}"));
        return work;
    }

    [Fact]
    public void Diff_names_exactly_the_changed_tenants_hosts_and_files()
    {
        using var work = QuickstartWithBlueChanged();
        var run = CliRunner.Run(work.Path, "diff", "--base", "HEAD", "--format", "json");
        Assert.Equal("", run.Error);
        Assert.Equal(3, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        Assert.Equal(["host1", "host2"], root.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));  // blue's hosts, not host3
        Assert.Equal(["blue"], root.GetProperty("tenants").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var files = root.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToList();
        Assert.Equal(new[]
        {
            "docs/fabric.md",
            "nodes/host1/etc/cni/multus/net.d/blue.conf",
            "nodes/host1/etc/network/interfaces.d/evpnc",
            "nodes/host1/etc/sysctl.d/60-evpnc.conf",   // fewer pod addresses: lower neighbour thresholds
            "nodes/host2/etc/cni/multus/net.d/blue.conf",
            "nodes/host2/etc/network/interfaces.d/evpnc",
            "nodes/host2/etc/sysctl.d/60-evpnc.conf",
            "routes.json",
        }, files);
        var interfaces = root.GetProperty("files").EnumerateArray().First(f => f.GetProperty("path").GetString()!.EndsWith("interfaces.d/evpnc"));
        Assert.Equal("ifreload -a", interfaces.GetProperty("apply").GetString());
        Assert.Contains("-    address 10.30.0.1/24", interfaces.GetProperty("diff").GetString());
        Assert.Contains("+    address 10.30.0.1/25", interfaces.GetProperty("diff").GetString());
        // The working tree and its lock are untouched: the base is read through git.
        Assert.Equal(" M tenants.yaml", GitStatus(work.Path));
    }

    private static string GitStatus(string dir)
    {
        var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", "status --porcelain") { WorkingDirectory = dir, RedirectStandardOutput = true })!;
        string s = p.StandardOutput.ReadToEnd().TrimEnd('\n');
        p.WaitForExit();
        return s;
    }

    [Fact]
    public void In_a_repo_made_by_init_editing_one_tenant_names_exactly_its_hosts_and_files()
    {
        using var work = new TempDir();
        Assert.Equal(0, CliRunner.Run(work.Path, "init", "demo").ExitCode);
        string repo = work.File("demo");
        // A second tenant on host1 only, so that "its hosts" is not simply every host.
        File.WriteAllText(Path.Combine(repo, "tenants", "second.yaml"),
            "apiVersion: evpnc/v1alpha1\nkind: Tenant\nmetadata: {name: second}\nspec:\n  nodes: [host1]\n  namespaces: [second]\n" +
            "  podNetwork: {cidr: 10.20.0.0/16, perNodePrefix: 24}\n");
        string[] inputs = ["fabric.yaml", "nodes", "tenants"];
        Assert.Equal(0, CliRunner.Run(repo, ["validate", .. inputs]).ExitCode); // writes the lock, committed with the rest
        GitRepo.InitAndCommit(repo);
        string second = Path.Combine(repo, "tenants", "second.yaml");
        File.WriteAllText(second, File.ReadAllText(second).Replace("10.20.0.0/16", "10.21.0.0/16"));

        var run = CliRunner.Run(repo, ["diff", .. inputs, "--base", "HEAD", "--format", "json"]);
        Assert.Equal(3, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(["host1"], doc.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["second"], doc.RootElement.GetProperty("tenants").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var files = doc.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToList();
        Assert.Equal(new[]
        {
            "docs/fabric.md",
            "nodes/host1/etc/cni/multus/net.d/second.conf",
            "nodes/host1/etc/frr/frr.conf",                   // second's own-prefix list
            "nodes/host1/etc/network/interfaces.d/evpnc",
            "routes.json",
        }, files);
    }

    [Fact]
    public void No_change_exits_0_and_an_unknown_revision_is_a_usage_error()
    {
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        GitRepo.InitAndCommit(work.Path);
        var same = CliRunner.Run(work.Path, "diff", "--base", "HEAD");
        Assert.Equal(0, same.ExitCode);
        Assert.StartsWith("No change against HEAD.", same.Out);
        Assert.Equal(2, CliRunner.Run(work.Path, "diff", "--base", "no-such-branch").ExitCode);
    }

    [Fact]
    public void Errors_in_either_revision_exit_1_and_say_which()
    {
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        GitRepo.InitAndCommit(work.Path);
        File.AppendAllText(work.File("tenants.yaml"), "---\napiVersion: evpnc/v1alpha1\nkind: Tenant\nmetadata: {name: red}\nspec: {namespaces: [x]}\n");
        var run = CliRunner.Run(work.Path, "diff", "--base", "HEAD");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("errors in the working tree:", run.Out);
        Assert.DoesNotContain("errors in the base revision", run.Out);
        Assert.Contains("EVPN022", run.Out);
    }

    [Fact]
    public void Markdown_for_a_pull_request_matches_its_snapshot_and_the_workflow_page()
    {
        using var work = QuickstartWithBlueChanged();
        var run = CliRunner.Run(work.Path, "diff", "--base", "HEAD", "--format", "markdown");
        Assert.Equal(3, run.ExitCode);
        Snapshot.Match(Path.Combine(SnapshotDir, "quickstart-blue.md"), run.Out);
        // docs/workflow.md shows this very output.
        Assert.Contains(run.Out, File.ReadAllText(RepoPaths.Of("docs", "workflow.md")));
    }

    [Fact]
    public void Markdown_stays_under_the_comment_size_cap_and_says_what_it_left_out()
    {
        var files = Enumerable.Range(0, 80).Select(i => new EvpnCompile.Cli.Diff.FileChange($"nodes/h{i}/etc/frr/frr.conf",
            EvpnCompile.Cli.Diff.ChangeKind.Changed, $"h{i}", "reload", new string('x', 2000) + "\n")).ToList();
        var diff = new EvpnCompile.Cli.Diff.FabricDiff("main", files, []);
        var output = new StringWriter();
        EvpnCompile.Cli.Diff.DiffPrinter.WriteMarkdown(output, diff);
        string text = output.ToString();
        Assert.True(text.Length < 65_536, $"{text.Length} characters");
        Assert.Contains("**Left out to stay under", text);
        Assert.Contains("`nodes/h79/etc/frr/frr.conf`", text);
    }

    [Fact]
    public void Sarif_of_an_invalid_tenant_matches_its_snapshot()
    {
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        File.WriteAllText(work.File("tenants.yaml"), File.ReadAllText(work.File("tenants.yaml")).Replace("import: [shared]\n---\n# yaml-language-server: $schema=../../schemas/evpnc.schema.json\n# blue", "import: [nobody]\n---\n# yaml-language-server: $schema=../../schemas/evpnc.schema.json\n# blue"));
        var run = CliRunner.Run(work.Path, "validate", ".", "--format", "sarif");
        Assert.Equal(1, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var result = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0];
        Assert.Equal("EVPN034", result.GetProperty("ruleId").GetString());
        Assert.Equal("tenants.yaml", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Snapshot.Match(Path.Combine(SnapshotDir, "validate-unknown-import.sarif.json"), run.Out);
    }
}
