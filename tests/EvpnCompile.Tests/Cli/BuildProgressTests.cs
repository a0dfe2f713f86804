using EvpnCompile.Cli.Output;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

/// <summary>`evpnc build --progress auto|always|never`: progress goes to stderr only, and only when asked or useful.</summary>
public class BuildProgressTests
{
    [Fact]
    public void Always_prints_progress_lines_on_stderr_and_never_on_stdout()
    {
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        var run = CliRunner.Run(work.Path, "build", ".", "-o", "out", "--progress", "always");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Error.Split('\n').Where(l => l.StartsWith("evpnc: render ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        // Nodes first (each lowered, rendered and dropped), then the fabric-wide files; a cold build writes every file.
        int files = Directory.EnumerateFiles(Path.Combine(work.Path, "out"), "*", SearchOption.AllDirectories).Count();
        // Each host's Multus daemon configuration is a fabric-wide file (from the cluster model), not one of its node's.
        var underNodes = Directory.EnumerateFiles(Path.Combine(work.Path, "out", "nodes"), "*", SearchOption.AllDirectories).ToList();
        int nodeFiles = underNodes.Count(f => !f.EndsWith("multus.d/daemon-config.json", StringComparison.Ordinal));
        int nodes = Directory.EnumerateDirectories(Path.Combine(work.Path, "out", "nodes")).Count();
        Assert.Contains(lines, l => l.StartsWith($"evpnc: render {nodes}/{nodes} nodes, {nodeFiles} files, {nodeFiles} written", StringComparison.Ordinal));
        Assert.StartsWith($"evpnc: render {files - nodeFiles}/{files - nodeFiles} files, {files} written", lines[^1]);
        Assert.DoesNotContain("evpnc: render", run.Out);
        Assert.DoesNotContain("files, ", run.Out);
    }

    [Theory]
    [InlineData("never")]
    [InlineData("auto")]   // stderr is not a terminal here (and the tree is small)
    public void Never_and_auto_without_a_terminal_print_no_progress(string mode)
    {
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        var run = CliRunner.Run(work.Path, "build", ".", "-o", "out", "--progress", mode);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("evpnc: render", run.Error);
        Assert.DoesNotContain("evpnc: render", run.Out);
    }

    [Fact]
    public void Auto_shows_progress_only_for_large_work_on_a_terminal()
    {
        Assert.False(BuildProgress.Enabled("auto", stderrIsTerminal: false, BuildProgress.LargeWork * 10));
        Assert.False(BuildProgress.Enabled("auto", stderrIsTerminal: true, BuildProgress.LargeWork - 1));
        Assert.True(BuildProgress.Enabled("always", stderrIsTerminal: false, 1));
        Assert.False(BuildProgress.Enabled("never", stderrIsTerminal: true, BuildProgress.LargeWork * 10));
    }

    [Fact]
    public void An_unknown_progress_mode_is_a_usage_error()
    {
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        var run = CliRunner.Run(work.Path, "build", ".", "-o", "out", "--progress", "sometimes");
        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(work.Path, "out")));
    }
}
