using System.Diagnostics;
using System.Text.Json;
using EvpnCompile.Cli;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

/// <summary>Needs root and unshare(1), for a private mount namespace; skipped without, unless EVPNC_REQUIRE_TOOLS=1.</summary>
public sealed class PrivateMountFactAttribute : FactAttribute
{
    public static string? Missing() =>
        !OperatingSystem.IsLinux() ? "needs Linux" : !ToolRunner.IsRoot ? "needs root" : ToolRunner.Find("unshare") is null ? "needs unshare (util-linux)" : null;

    public PrivateMountFactAttribute()
    {
        if (Missing() is { } why && !Tools.Required) Skip = $"private mount namespace: {why} (set EVPNC_REQUIRE_TOOLS=1 to fail instead)";
    }
}

/// <summary>
/// A write error is about an output path, which has no line: it is printed as `PATH: error EVPN006: ...`,
/// not at a made-up `PATH:1:1`. The disk is really full: a 16 KiB tmpfs mounted in a private mount
/// namespace (unshare -m), which disappears with the namespace, so the machine never sees it.
/// </summary>
public class WriteErrorTests
{
    [PrivateMountFact]
    public void A_full_disk_is_reported_at_the_output_folder_without_a_position_and_leaves_nothing()
    {
        Assert.Null(PrivateMountFactAttribute.Missing());
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fixtures.Fabric(3));
        Assert.Equal(0, CliRunner.Run(work.Path, "validate", ".").ExitCode); // the lock file is written here, not on the full disk
        string mount = work.File("full");
        Directory.CreateDirectory(mount);
        string evpnc = typeof(EvpncCli).Assembly.Location;

        // Inside the namespace: mount, build twice (text, json), then list what the builds left on the tmpfs.
        const string Script = """
            mount -t tmpfs -o size=16k evpnc-test-full "$1" || exit 99
            cd "$2"
            dotnet exec "$3" build fabric.yaml -o "$1/out"; echo "exit=$?"
            echo "=== json"
            dotnet exec "$3" build fabric.yaml -o "$1/out" --format json; echo "exit=$?"
            echo "=== left"
            ls -A "$1"
            """;
        var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--mount", "--propagation", "private", "--", "sh", "-c", Script, "sh", mount, work.Path, evpnc }) start.ArgumentList.Add(arg);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string shown = $"stdout:\n{output}\nstderr:\n{stderr.Result}";
        Assert.True(p.ExitCode == 0, $"unshare/mount failed ({p.ExitCode}); " + shown);

        var parts = output.Split(["=== json\n", "=== left\n"], StringSplitOptions.None);
        Assert.True(parts.Length == 3, shown);
        string text = parts[0], json = parts[1], left = parts[2];

        // Text: the path alone, then the code and the system's reason.
        const string outPath = "full/out"; // inside the working directory: shown relative to it
        var error = text.Split('\n').Single(l => l.Contains(" error "));
        Assert.StartsWith($"{outPath}: error EVPN006: cannot write the output folder: No space left on device", error);
        Assert.DoesNotMatch(@"^\S+:\d+:\d+: ", error);
        Assert.Contains($"1 error, 0 warnings; {outPath} not written\nexit=1\n", text);

        // JSON: the file, and no line or column at all.
        var diagnostic = JsonDocument.Parse(json[..json.LastIndexOf("exit=", StringComparison.Ordinal)]).RootElement.GetProperty("diagnostics")
            .EnumerateArray().Single();
        Assert.Equal(outPath, diagnostic.GetProperty("file").GetString());
        Assert.Equal("EVPN006", diagnostic.GetProperty("code").GetString());
        Assert.False(diagnostic.TryGetProperty("line", out _));
        Assert.False(diagnostic.TryGetProperty("column", out _));
        Assert.EndsWith("exit=1\n", json);

        // Nothing written: no output folder, no staging folder, no lock file on the full disk.
        Assert.True(left.Trim() == "", "left on the full disk: " + left);
        // And no tmpfs outside the namespace.
        Assert.DoesNotContain("evpnc-test-full", File.ReadAllText("/proc/self/mounts"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(mount));
    }
}
