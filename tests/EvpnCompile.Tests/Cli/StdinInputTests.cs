using System.Text;
using System.Text.RegularExpressions;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

/// <summary>
/// `-` reads YAML from standard input, as `kubectl apply -f -` does: the documents of every file
/// separated by `---`, diagnostics at `&lt;stdin&gt;:line:col`. Without --lock there is no lock file
/// to read or write: allocation happens, nothing records it, and evpnc says so.
/// </summary>
public class StdinInputTests
{
    private static TempDir Quickstart() => TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));

    /// <summary>The quickstart's input files as one stream, as `cat` with separators would give them.</summary>
    private static string Concatenated(TempDir work) =>
        string.Join("---\n", new[] { "fabric.yaml", "tenants.yaml" }.Select(f => File.ReadAllText(work.File(f))));

    private static List<string> Entries(string dir) =>
        Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList();

    /// <summary>1-based line and column of the <paramref name="nth"/> occurrence of <paramref name="text"/>.</summary>
    private static (int Line, int Column) Position(string all, string text, int nth)
    {
        int at = -1;
        for (int i = 0; i < nth; i++) at = all.IndexOf(text, at + 1, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{text}' occurs fewer than {nth} times");
        int line = all[..at].Count(c => c == '\n') + 1;
        return (line, at - all.LastIndexOf('\n', at - 1));
    }

    [Fact]
    public void Validate_reads_standard_input_with_the_given_lock()
    {
        using var work = Quickstart();
        var lockBytes = File.ReadAllBytes(work.File("evpnc.lock.yaml"));
        var run = CliRunner.RunWithInput(work.Path, Encoding.UTF8.GetBytes(Concatenated(work)), "validate", "-", "--lock", "evpnc.lock.yaml", "--locked");
        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("0 errors, 0 warnings in 1 file (9 documents); evpnc.lock.yaml unchanged\n", run.Out);
        Assert.Equal(lockBytes, File.ReadAllBytes(work.File("evpnc.lock.yaml")));
    }

    [Fact]
    public void Diagnostics_point_at_the_line_and_column_of_standard_input()
    {
        using var work = Quickstart();
        string all = Concatenated(work);
        Assert.Single(Regex.Matches(all, @"loopback: 10\.0\.0\.11\b"));
        Assert.Single(Regex.Matches(all, @"loopback: 10\.0\.0\.12\b"));
        string broken = all.Replace("loopback: 10.0.0.12", "loopback: 10.0.0.11");
        var first = Position(broken, "10.0.0.11", 1);
        var second = Position(broken, "10.0.0.11", 2);

        var run = CliRunner.RunWithInput(work.Path, Encoding.UTF8.GetBytes(broken), "validate", "-", "--lock", "evpnc.lock.yaml");
        Assert.Equal(1, run.ExitCode);
        var errors = run.Out.Split('\n').Where(l => l.Contains(": error ")).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"<stdin>:{first.Line}:{first.Column}: error EVPN040: ", errors[0]);
        Assert.StartsWith($"<stdin>:{second.Line}:{second.Column}: error EVPN040: ", errors[1]);
    }

    [Fact]
    public void A_yaml_syntax_error_on_standard_input_has_its_position()
    {
        using var work = new TempDir();
        string input = Fixtures.Fabric(1) + "---\napiVersion: evpnc/v1alpha1\nkind: Tenant\nmetadata:\n\tname: red\n";
        var tab = Position(input, "\t", 1);
        var run = CliRunner.RunWithInput(work.Path, Encoding.UTF8.GetBytes(input), "validate", "-");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"<stdin>:{tab.Line}:{tab.Column}: error EVPN001: ", run.Out);
        Assert.Empty(Entries(work.Path));
    }

    [Fact]
    public void Without_lock_it_allocates_writes_no_lock_file_and_says_so()
    {
        using var work = new TempDir();
        var run = CliRunner.RunWithInput(work.Path, Encoding.UTF8.GetBytes(Fixtures.Fabric(2)), "validate", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("0 errors, 0 warnings in 1 file (5 documents); no lock file written\n", run.Out);
        Assert.Contains("standard input and no --lock was given: allocated without a lock file", run.Error);
        Assert.Empty(Entries(work.Path));

        // build too: the tree is written with the allocations of this run, and still no lock file.
        var build = CliRunner.RunWithInput(work.Path, Encoding.UTF8.GetBytes(Fixtures.Fabric(2)), "build", "-", "-o", "out");
        Assert.Equal(0, build.ExitCode);
        Assert.Contains("allocated without a lock file", build.Error);
        Assert.Equal([".out.evpnc-state", "out"], Entries(work.Path));   // the tree and its build state: no lock file
        Assert.True(File.Exists(Path.Combine(work.Path, "out", "nodes", "host2", "etc", "frr", "frr.conf")));
    }

    [Fact]
    public void Build_from_standard_input_writes_the_same_tree_as_from_the_files()
    {
        using var work = Quickstart();
        Assert.Equal(0, CliRunner.Run(work.Path, "build", ".", "-o", "from-files").ExitCode);
        var run = CliRunner.RunWithInput(work.Path, Encoding.UTF8.GetBytes(Concatenated(work)), "build", "-", "-o", "from-stdin", "--lock", "evpnc.lock.yaml");
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Equal("", run.Error);
        var a = Directory.EnumerateFiles(work.File("from-files"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var b = Directory.EnumerateFiles(work.File("from-stdin"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(a.Select(p => Path.GetRelativePath(work.File("from-files"), p)), b.Select(p => Path.GetRelativePath(work.File("from-stdin"), p)));
        Assert.True(a.Count >= 30);
        for (int i = 0; i < a.Count; i++) Assert.Equal(File.ReadAllBytes(a[i]), File.ReadAllBytes(b[i]));
    }

    [Fact]
    public void Invalid_utf8_on_standard_input_is_EVPN002_at_stdin()
    {
        using var work = new TempDir();
        var run = CliRunner.RunWithInput(work.Path, [0x6B, 0x69, 0x6E, 0x64, 0x3A, 0x20, 0xC3, 0x28, 0x0A], "validate", "-");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("<stdin>:1:1: error EVPN002: the file is not valid UTF-8", run.Out);
    }

    [Theory]
    [InlineData("validate", "-", "--locked")]
    [InlineData("build", "-", "-o", "out", "--check")]
    public void Locked_or_check_without_a_lock_file_is_a_usage_error(params string[] args)
    {
        using var work = new TempDir();
        var run = CliRunner.RunWithInput(work.Path, Encoding.UTF8.GetBytes(Fixtures.Fabric(1)), args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("need --lock FILE when the input is standard input", run.Error);
        Assert.Empty(Entries(work.Path));
    }

    [Fact]
    public void Diff_refuses_standard_input()
    {
        using var work = Quickstart();
        GitRepo.InitAndCommit(work.Path);
        var run = CliRunner.RunWithInput(work.Path, Encoding.UTF8.GetBytes(Concatenated(work)), "diff", "-", "--base", "HEAD");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("standard input ('-') has no base revision", run.Error);
    }
}
