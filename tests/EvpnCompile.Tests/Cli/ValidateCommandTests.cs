using System.Text.Json;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

public class ValidateCommandTests
{
    [Theory]
    [InlineData("quickstart")]
    [InlineData("repo-layout")]
    public void Examples_validate_clean_and_their_committed_lock_is_current(string example)
    {
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", example));
        var run = CliRunner.Run(work.Path, "validate", ".", "--locked");
        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("0 errors, 0 warnings", run.Out);
    }

    [Fact]
    public void Validate_writes_the_lock_beside_the_inputs_and_then_leaves_it_alone()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fixtures.Fabric(2));
        var first = CliRunner.Run(work.Path, "validate", ".");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("evpnc.lock.yaml updated", first.Out);
        var stamp = File.GetLastWriteTimeUtc(work.File("evpnc.lock.yaml"));
        var second = CliRunner.Run(work.Path, "validate", "fabric.yaml");
        Assert.Contains("evpnc.lock.yaml unchanged", second.Out);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(work.File("evpnc.lock.yaml")));
    }

    [Fact]
    public void Input_errors_exit_1_and_write_no_lock()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fixtures.Fabric(2).Replace("loopback: 10.0.0.12", "loopback: 10.0.0.11"));
        var run = CliRunner.Run(work.Path, "validate", ".");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"^fabric\.yaml:\d+:\d+: error EVPN040: ", run.Out);
        Assert.False(File.Exists(work.File("evpnc.lock.yaml")));
    }

    [Fact]
    public void Locked_with_a_stale_lock_exits_3()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fixtures.Fabric(2));
        var run = CliRunner.Run(work.Path, "validate", ".", "--locked");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("EVPN100", run.Out);
        Assert.False(File.Exists(work.File("evpnc.lock.yaml")));
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "x", "--format", "xml")]
    [InlineData("frobnicate")]
    [InlineData()]
    public void Usage_errors_exit_2(params string[] args)
    {
        using var work = new TempDir();
        var run = CliRunner.Run(work.Path, args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("evpnc", run.Error);
    }

    [Fact]
    public void A_UTF8_BOM_is_dropped_and_invalid_UTF8_is_EVPN002()
    {
        using var work = new TempDir();
        File.WriteAllBytes(work.File("fabric.yaml"), [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Fixtures.Fabric(1))]);
        Assert.Equal(0, CliRunner.Run(work.Path, "validate", ".").ExitCode);
        File.WriteAllBytes(work.File("bad.yaml"), [0x61, 0x3A, 0x20, 0xC3, 0x28, 0x0A]); // "a: " + an invalid 2-byte sequence
        var run = CliRunner.Run(work.Path, "validate", ".");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("bad.yaml:1:1: error EVPN002: the file is not valid UTF-8", run.Out);
    }

    [Fact]
    public void A_limit_can_be_changed_and_a_bad_limit_is_a_usage_error()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fixtures.Fabric(1));
        var small = CliRunner.Run(work.Path, "validate", ".", "--limit", "file-size=100");
        Assert.Equal(1, small.ExitCode);
        Assert.Contains("error EVPN004: the file's size exceeds the limit of 100", small.Out);
        Assert.Equal(2, CliRunner.Run(work.Path, "validate", ".", "--limit", "sizes=1").ExitCode);
        Assert.Equal(2, CliRunner.Run(work.Path, "validate", ".", "--limit", "depth=-3").ExitCode);
    }

    [Fact]
    public void Version_names_the_build_and_the_FRR_release_it_renders_for()
    {
        using var work = new TempDir();
        var run = CliRunner.Run(work.Path, "--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^evpnc \d+\.\d+\.\d+ \(renders FRR 8\.4\)\n$", run.Out);
    }

    [Fact]
    public void Missing_paths_are_diagnostics_not_crashes()
    {
        using var work = new TempDir();
        var run = CliRunner.Run(work.Path, "validate", "nope.yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("nope.yaml:1:1: error EVPN002: no such file or folder", run.Out);
    }

    [Fact]
    public void Json_format_carries_every_field_of_a_diagnostic()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fixtures.Fabric(1).Replace("asn: 65101", "asn: 0"));
        var run = CliRunner.Run(work.Path, "validate", ".", "--format", "json");
        Assert.Equal(1, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var d = doc.RootElement.GetProperty("diagnostics")[0];
        Assert.Equal("fabric.yaml", d.GetProperty("file").GetString());
        Assert.Equal("EVPN015", d.GetProperty("code").GetString());
        Assert.Equal("error", d.GetProperty("severity").GetString());
        Assert.True(d.GetProperty("line").GetInt32() > 1);
        Assert.Equal(1, doc.RootElement.GetProperty("errors").GetInt32());
    }

    [Fact]
    public void Diagnostics_are_sorted_by_file_then_position()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("b.yaml"), Fixtures.Tenant("red", "namespaces: [x]\nimport: [nope]\nexport: [zzz]"));
        File.WriteAllText(work.File("a.yaml"), Fixtures.Fabric(1).Replace("loopback: 10.0.0.1}", "loopback: 10.0.0.11}"));
        var lines = CliRunner.Run(work.Path, "validate", ".").Out.Split('\n').Where(l => l.Contains(": error ")).ToList();
        var keys = lines.Select(l => l.Split(':')).Select(p => (p[0], int.Parse(p[1]), int.Parse(p[2]))).ToList();
        Assert.True(keys.Count >= 4);
        Assert.Equal(keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2).ThenBy(k => k.Item3), keys);
    }
}
