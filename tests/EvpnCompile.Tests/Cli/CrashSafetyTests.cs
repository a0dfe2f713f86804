using System.Diagnostics;
using EvpnCompile.Cli;
using EvpnCompile.Core;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

/// <summary>
/// `evpnc build` killed with SIGKILL at random moments while it writes a large tree: the output
/// folder is always exactly the previous tree or exactly the new one, never a mix, and holds no
/// temporary file. A killed process cannot clean up, so its hidden staging folder may stay beside
/// the output; the next build removes it.
/// </summary>
public class CrashSafetyTests
{
    private static string Fabric(int maxPods) =>
        Fixtures.Fabric(40) + string.Concat(Enumerable.Range(0, 30).Select(i => Fixtures.Tenant($"t{i}",
            $"namespaces: [ns{i}]\nmaxPods: {maxPods}\npodNetwork: {{cidr: 10.{i}.0.0/16, perNodePrefix: 24}}\n" +
            $"l2Networks:\n  - {{name: seg, subnet: 172.{16 + i % 16}.{i}.0/24, gateway: 172.{16 + i % 16}.{i}.1, perNodePrefix: 30}}")));

    private static Dictionary<string, string> Expected(string yaml, string lockText)
    {
        var build = Compiler.Build(new CompileRequest([new SourceFile("fabric.yaml", yaml)], new SourceFile("evpnc.lock.yaml", lockText), "evpnc.lock.yaml"));
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics));
        return build.Files!.ToDictionary(f => f.Path, f => f.Content);
    }

    private static Dictionary<string, string> Read(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p).Replace('\\', '/'), p => File.ReadAllText(p));

    private static bool Same(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static Process Start(string workDir)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "exec", typeof(EvpncCli).Assembly.Location, "build", "fabric.yaml", "-o", "out" }) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    [LinuxFact]
    public void A_build_killed_at_any_moment_leaves_the_previous_or_the_new_tree_whole()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fabric(10));
        var first = CliRunner.Run(work.Path, "build", "fabric.yaml", "-o", "out");
        Assert.Equal(0, first.ExitCode);
        string lockText = File.ReadAllText(work.File("evpnc.lock.yaml"));
        var oldTree = Expected(Fabric(10), lockText);
        var newTree = Expected(Fabric(20), lockText);
        Assert.True(Same(oldTree, Read(work.File("out"))));
        Assert.False(Same(oldTree, newTree));

        var random = new Random(20261126);
        int sawOld = 0, sawNew = 0;
        for (int round = 0; round < 8; round++)
        {
            bool useNew = round % 2 == 0; // alternate, so every kill interrupts a real change
            File.WriteAllText(work.File("fabric.yaml"), Fabric(useNew ? 20 : 10));
            var before = Read(work.File("out"));
            using var process = Start(work.Path);
            Thread.Sleep(random.Next(100, 2500));
            if (!process.HasExited) process.Kill(); // SIGKILL
            process.WaitForExit();

            var after = Read(work.File("out"));
            bool isOld = Same(after, oldTree), isNew = Same(after, newTree);
            Assert.True(isOld || isNew, $"round {round}: out is neither the previous nor the new tree ({after.Count} files)");
            if (Same(after, before)) sawOld++; else sawNew++;
            Assert.DoesNotContain(after.Keys, k => k.Contains(".tmp", StringComparison.Ordinal) || k.Contains("staging", StringComparison.Ordinal));
            var leftovers = Directory.EnumerateFileSystemEntries(work.Path).Select(Path.GetFileName).Where(n => n!.StartsWith(".out.evpnc-staging-", StringComparison.Ordinal)).ToList();
            Assert.True(leftovers.Count <= 1, string.Join(", ", leftovers));

            // Whatever the kill left, the next build completes, removes it and writes the tree it should.
            var next = CliRunner.Run(work.Path, "build", "fabric.yaml", "-o", "out");
            Assert.Equal(0, next.ExitCode);
            Assert.True(Same(Read(work.File("out")), useNew ? newTree : oldTree));
            Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(work.Path).Select(Path.GetFileName), n => n!.Contains("evpnc-staging", StringComparison.Ordinal));
            if (!useNew) continue;
            // Go back to the old tree for the next round's kill to interrupt.
            File.WriteAllText(work.File("fabric.yaml"), Fabric(10));
            Assert.Equal(0, CliRunner.Run(work.Path, "build", "fabric.yaml", "-o", "out").ExitCode);
        }
        Assert.True(sawOld + sawNew == 8);
    }
}

public class AbandonedStagingTests
{
    [Fact]
    public void An_unchanged_build_still_removes_a_killed_builds_staging_folder()
    {
        // A build killed after the swap leaves the new tree whole and its old tree in a staging folder.
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fixtures.Fabric(1));
        Assert.Equal(0, CliRunner.Run(work.Path, "build", "fabric.yaml", "-o", "out").ExitCode);
        string leftover = work.File(".out.evpnc-staging-999999");
        Directory.CreateDirectory(Path.Combine(leftover, "nodes"));
        var run = CliRunner.Run(work.Path, "build", "fabric.yaml", "-o", "out");
        Assert.Contains("unchanged", run.Out);
        Assert.False(Directory.Exists(leftover));
    }
}
