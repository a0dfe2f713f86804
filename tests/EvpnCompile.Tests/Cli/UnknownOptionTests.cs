using System.CommandLine;
using EvpnCompile.Cli;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

/// <summary>
/// A mistyped option is a usage error on every command (exit 2, naming it, with the closest real
/// option of that command), never an input path. The commands are read from the real command tree,
/// so a command added later is covered without touching this file.
/// </summary>
public class UnknownOptionTests
{
    private static readonly RootCommand Tree = EvpncCli.CreateRoot(new CliContext(TextWriter.Null, TextWriter.Null, "/"));

    /// <summary>Every command that runs something (a leaf of the tree), as typed after `evpnc`.</summary>
    private static IEnumerable<(string Path, Command Command)> Leaves(Command command, string path)
    {
        if (command.Subcommands.Count == 0) yield return (path, command);
        foreach (var sub in command.Subcommands)
            foreach (var leaf in Leaves(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}")) yield return leaf;
    }

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Leaves(Tree, "")) data.Add(path);
        return data;
    }

    private static Command Find(string path) => Leaves(Tree, "").Single(l => l.Path == path).Command;

    /// <summary>A typo of an option: two neighbouring letters swapped.</summary>
    private static string Typo(string option)
    {
        string bare = option.TrimStart('-');
        int i = Enumerable.Range(1, bare.Length - 2).First(k => bare[k] != bare[k + 1]);
        return option[..(option.Length - bare.Length)] + bare[..i] + bare[i + 1] + bare[i] + bare[(i + 2)..];
    }

    [Fact]
    public void The_tree_has_every_command_the_README_documents()
    {
        var paths = Leaves(Tree, "").Select(l => l.Path).ToList();
        foreach (var expected in new[] { "validate", "build", "verify", "diff", "explain tenant", "explain node", "graph", "init", "lab up", "lab check", "lab down" })
            Assert.Contains(expected, paths);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_unknown_option_is_a_usage_error_naming_it(string command)
    {
        using var work = new TempDir();
        var run = CliRunner.Run(work.Path, [.. command.Split(' '), "--no-such-option"]);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}, expected 2 (usage); stdout:\n{run.Out}\nstderr:\n{run.Error}");
        Assert.StartsWith($"evpnc: unknown option '--no-such-option' for 'evpnc {command}'; its options: ", run.Error);
        foreach (var option in Find(command).Options.Select(o => o.Name))
            Assert.Contains(option, run.Error);
        Assert.Equal("", run.Out);
        Assert.Empty(Directory.EnumerateFileSystemEntries(work.Path)); // nothing read, nothing written
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_typo_of_each_of_its_options_suggests_that_option(string command)
    {
        using var work = new TempDir();
        var options = Find(command).Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal) && n.Length >= 5).ToList();
        Assert.NotEmpty(options);
        foreach (var option in options)
        {
            string typo = Typo(option);
            var run = CliRunner.Run(work.Path, [.. command.Split(' '), typo]);
            Assert.True(run.ExitCode == 2, $"{command} {typo}: exit {run.ExitCode}; stderr:\n{run.Error}");
            Assert.Contains($"unknown option '{typo}' for 'evpnc {command}'; did you mean '{option}'?", run.Error);
        }
    }

    [Fact]
    public void A_mistyped_option_of_build_is_not_read_as_an_input_path()
    {
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        var run = CliRunner.Run(work.Path, "build", ".", "-o", "out", "--chek");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("evpnc: unknown option '--chek' for 'evpnc build'; did you mean '--check'?\n" +
            "Run 'evpnc build --help' for usage; a path that starts with '-' goes after '--'.\n", run.Error);
        Assert.DoesNotContain("EVPN002", run.Out + run.Error);
        Assert.False(Directory.Exists(work.File("out")));
    }

    [Fact]
    public void The_lab_has_its_own_options()
    {
        using var work = new TempDir();
        var verify = CliRunner.Run(work.Path, "lab", "up", ".", "--verify");
        Assert.Equal(2, verify.ExitCode);
        Assert.StartsWith("evpnc: unknown option '--verify' for 'evpnc lab up'; its options: --name, --lock, --timeout", verify.Error);
        // An option of another command is unknown here too, and the other way round.
        Assert.Contains("unknown option '--timeout' for 'evpnc build'", CliRunner.Run(work.Path, "build", ".", "-o", "out", "--timeout", "5").Error);
        Assert.Contains("unknown option '--locked' for 'evpnc lab up'; did you mean '--lock'?", CliRunner.Run(work.Path, "lab", "up", ".", "--locked").Error);
    }

    [Fact]
    public void A_path_that_starts_with_a_dash_is_read_after_double_dash()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("-fabric.yaml"), Fixtures.Fabric(2));
        var refused = CliRunner.Run(work.Path, "validate", "-fabric.yaml");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("unknown option '-fabric.yaml' for 'evpnc validate'", refused.Error);

        var read = CliRunner.Run(work.Path, "validate", "--", "-fabric.yaml");
        Assert.True(read.ExitCode == 0, read.Out + read.Error);
        Assert.StartsWith("0 errors, 0 warnings in 1 file (5 documents); evpnc.lock.yaml updated", read.Out);
    }

    [Fact]
    public void A_mistyped_command_suggests_the_real_one()
    {
        using var work = new TempDir();
        var run = CliRunner.Run(work.Path, "biuld", ".");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("evpnc: unknown command 'biuld' for 'evpnc'; did you mean 'build'?", run.Error);
        var sub = CliRunner.Run(work.Path, "explain", "tenat", "red");
        Assert.Equal(2, sub.ExitCode);
        Assert.StartsWith("evpnc: unknown command 'tenat' for 'evpnc explain'; did you mean 'tenant'?", sub.Error);
    }

    [Theory]
    [InlineData("--chek", "--check")]
    [InlineData("--lock-timout", "--lock-timeout")]
    [InlineData("--lock-time", "--lock-timeout")]
    [InlineData("-check", "--check")]
    [InlineData("--lokc", "--lock")]
    [InlineData("--vm", null)]
    [InlineData("-q", null)]
    public void Suggestions_are_close_names_or_none(string typed, string? expected)
    {
        Assert.Equal(expected, UnknownTokens.Closest(typed, UnknownTokens.OptionsOf(Find("build"))));
    }
}
