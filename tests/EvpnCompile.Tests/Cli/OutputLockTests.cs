using System.Text.RegularExpressions;
using EvpnCompile.Cli.Output;
using EvpnCompile.Core;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

/// <summary>
/// Two builds of one output folder: the compare-and-swap runs under an flock beside OUT, so a second
/// build waits (and says so), then compares against what the first wrote; every build that exits 0
/// reports what is on disk after its swap, and the tree is always whole. The lock is the kernel's:
/// it dies with its process (SIGKILL included), and its file means nothing.
/// Where the test itself holds the lock it uses <see cref="OutputLock"/>, the same code a build uses.
/// </summary>
public class OutputLockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private const int Rounds = 3;

    private static TempDir Quickstart() => TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));

    private static SortedDictionary<string, string> Tree(string dir)
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(dir))
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                tree[Path.GetRelativePath(dir, file).Replace('\\', '/')] = File.ReadAllText(file);
        return tree;
    }

    /// <summary>What a build of this input folder renders, in memory (the lock file as it is there).</summary>
    private static SortedDictionary<string, string> Rendered(string inputDir)
    {
        var files = Directory.EnumerateFiles(inputDir, "*.yaml").Where(f => Path.GetFileName(f) != "evpnc.lock.yaml")
            .Select(f => new SourceFile(Path.GetFileName(f), File.ReadAllText(f))).ToList();
        string lockPath = Path.Combine(inputDir, "evpnc.lock.yaml");
        var build = Compiler.Build(new CompileRequest(files, File.Exists(lockPath) ? new SourceFile("evpnc.lock.yaml", File.ReadAllText(lockPath)) : null, "evpnc.lock.yaml"));
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics));
        return new SortedDictionary<string, string>(build.Files!.ToDictionary(f => f.Path, f => f.Content), StringComparer.Ordinal);
    }

    private sealed record Changes(List<string> Added, List<string> Changed, List<string> Removed);

    private static Changes Between(SortedDictionary<string, string> before, SortedDictionary<string, string> after) => new(
        after.Keys.Where(k => !before.ContainsKey(k)).ToList(),
        after.Keys.Where(k => before.TryGetValue(k, out var v) && v != after[k]).ToList(),
        before.Keys.Where(k => !after.ContainsKey(k)).ToList());

    /// <summary>What a build's summary says it did to OUT.</summary>
    private static Changes Reported(string output)
    {
        List<string> Listed(string kind) => output.Split('\n').Where(l => l.StartsWith($"  {kind} ", StringComparison.Ordinal))
            .Select(l => l[(kind.Length + 2)..].Trim()).ToList();
        return new(Listed("added"), Listed("changed"), Listed("removed"));
    }

    private static void AssertReports(Changes expected, CliRun run, string who)
    {
        var reported = Reported(run.Out);
        string shown = $"{who}: stdout\n{run.Out}\nstderr\n{run.Error}";
        Assert.True(expected.Added.SequenceEqual(reported.Added) && expected.Changed.SequenceEqual(reported.Changed)
            && expected.Removed.SequenceEqual(reported.Removed),
            $"the build reported +{reported.Added.Count} ~{reported.Changed.Count} -{reported.Removed.Count}, but its swap did " +
            $"+{expected.Added.Count} ~{expected.Changed.Count} -{expected.Removed.Count}; {shown}");
    }

    private static void AssertNothingBeside(string parent)
    {
        var left = Directory.EnumerateFileSystemEntries(parent).Select(Path.GetFileName)
            .Where(n => n!.Contains("evpnc-staging", StringComparison.Ordinal) || n.EndsWith(OutputLock.Suffix, StringComparison.Ordinal)).ToList();
        Assert.True(left.Count == 0, "left beside the output: " + string.Join(", ", left));
    }

    private static Task<OutputLock?> Hold(string outDir) =>
        OutputLock.AcquireAsync(outDir, exclusive: true, TimeSpan.Zero, () => { }, CancellationToken.None);

    [LinuxFact]
    public async Task A_second_build_waits_says_so_and_compares_with_what_the_first_wrote()
    {
        using var work = Quickstart();
        string outDir = work.File("out");
        var first = Rendered(work.Path);
        File.WriteAllText(work.File("tenants.yaml"), File.ReadAllText(work.File("tenants.yaml")).Replace("maxPods: 100", "maxPods: 120"));
        var second = Rendered(work.Path);

        using var held = await Hold(outDir);
        Assert.NotNull(held);
        using var build = new EvpncProcess(work.Path, ["build", ".", "-o", "out"]);
        Assert.True(build.WaitForErrorLine("waiting for it", Patience), "the build did not say it waits for the lock");
        Assert.False(Directory.Exists(outDir)); // it waits: nothing written without the lock

        // As the first build would, under the lock: write its tree (into a folder that did not exist).
        var files = first.Select(kv => new EvpnCompile.Core.Emit.OutputFile(kv.Key, EvpnCompile.Core.Emit.OutputKind.Docs, kv.Value, null, null, null, null)).ToList();
        OutputTree.Write(outDir, files, OutputTree.Compare(outDir, files));
        held!.Dispose();

        var run = build.Finish(Patience);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("has finished; comparing with what it wrote", run.Error);
        // Compared with what the first wrote (one file changes), not with the empty folder it saw before waiting.
        AssertReports(Between(first, second), run, "second build");
        Assert.Empty(Reported(run.Out).Added);
        Assert.Equal(second, Tree(outDir));
        AssertNothingBeside(work.Path);
    }

    [LinuxFact]
    public async Task Two_builds_started_together_each_report_what_their_swap_left_and_the_tree_is_whole()
    {
        // Trees of some 250 files: writing one takes long enough that the two builds usually meet at the lock.
        using var a = new TempDir();
        using var b = new TempDir();
        File.WriteAllText(a.File("fabric.yaml"), Large(hosts: 12, tenants: 10, maxPods: 10));
        File.WriteAllText(b.File("fabric.yaml"), Large(hosts: 12, tenants: 10, maxPods: 20) + Fixtures.Tenant("green", "nodes: [host3]\nnamespaces: [green]\npodNetwork: {cidr: 10.250.0.0/16, perNodePrefix: 24}"));
        Assert.Equal(0, CliRunner.Run(a.Path, "validate", ".").ExitCode); // the lock files first, so both trees are known in advance
        Assert.Equal(0, CliRunner.Run(b.Path, "validate", ".").ExitCode);
        var treeA = Rendered(a.Path);
        var treeB = Rendered(b.Path);
        Assert.NotEqual(treeA, treeB);

        using var outs = new TempDir();
        string outDir = Path.Combine(outs.Path, "out");
        int waited = 0;
        for (int round = 0; round < Rounds; round++)
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
            using var buildA = new EvpncProcess(a.Path, ["build", ".", "-o", outDir]);
            using var buildB = new EvpncProcess(b.Path, ["build", ".", "-o", outDir]);
            var runA = buildA.Finish(Patience);
            var runB = buildB.Finish(Patience);
            Assert.True(runA.ExitCode == 0 && runB.ExitCode == 0, $"exits {runA.ExitCode} and {runB.ExitCode}:\n{runA.Out}{runA.Error}\n{runB.Out}{runB.Error}");
            if ((runA.Error + runB.Error).Contains("waiting for it")) waited++;

            // The tree is exactly one of the two; the build that swapped last made it.
            var final = Tree(outDir);
            bool aLast = final.SequenceEqual(treeA), bLast = final.SequenceEqual(treeB);
            Assert.True(aLast ^ bLast, $"round {round}: the output is neither build's tree ({final.Count} files)");
            var (firstRun, firstTree, lastRun, lastTree) = aLast ? (runB, treeB, runA, treeA) : (runA, treeA, runB, treeB);
            var empty = new SortedDictionary<string, string>(StringComparer.Ordinal);
            AssertReports(Between(empty, firstTree), firstRun, $"round {round}, first build");
            AssertReports(Between(firstTree, lastTree), lastRun, $"round {round}, last build");
            AssertNothingBeside(outs.Path);
        }
        // Not asserted (it depends on scheduling): how often the two really met at the lock.
        Console.WriteLine($"two racing builds: {waited} of {Rounds} rounds had one wait for the other");
    }

    [LinuxFact]
    public async Task A_build_that_cannot_get_the_lock_in_time_exits_75_and_writes_nothing()
    {
        using var work = Quickstart();
        Assert.Equal(0, CliRunner.Run(work.Path, "build", ".", "-o", "out").ExitCode);
        var before = Tree(work.File("out"));
        File.WriteAllText(work.File("tenants.yaml"), File.ReadAllText(work.File("tenants.yaml")).Replace("maxPods: 100", "maxPods: 120"));

        using (var held = await Hold(work.File("out")))
        {
            Assert.NotNull(held);
            var run = CliRunner.Run(work.Path, "build", ".", "-o", "out", "--lock-timeout", "0");
            Assert.Equal(75, run.ExitCode);
            Assert.Contains("another evpnc build still holds the lock of out after 0 s (--lock-timeout); nothing written", run.Error);
            Assert.EndsWith("0 errors, 0 warnings; nothing written to out: another build holds its lock\n", run.Out);
            Assert.Equal(before, Tree(work.File("out")));
            Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(work.Path), e => e.Contains("evpnc-staging", StringComparison.Ordinal));
        }
        // Free again: the same build goes through.
        var after = CliRunner.Run(work.Path, "build", ".", "-o", "out", "--lock-timeout", "0");
        Assert.Equal(0, after.ExitCode);
        Assert.Contains("  changed  kubernetes/red.yaml", after.Out);
        AssertNothingBeside(work.Path);
    }

    [LinuxFact]
    public async Task A_build_that_waited_compiles_again_from_the_lock_file_the_first_build_wrote()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fixtures.Fabric(2) + Fixtures.Tenant("red", "namespaces: [red]\npodNetwork: {cidr: 10.10.0.0/16, perNodePrefix: 24}"));
        using var held = await Hold(work.File("out"));
        Assert.NotNull(held);
        using var build = new EvpncProcess(work.Path, ["build", ".", "-o", "out"]);
        Assert.True(build.WaitForErrorLine("waiting for it", Patience), "the build did not say it waits for the lock");

        // Meanwhile another build of the same inputs recorded its allocations, with other values than
        // this build computed before it waited (red's L3VNI 50007 instead of the pool's first, 50000).
        Assert.Equal(0, CliRunner.Run(work.Path, "validate", ".").ExitCode);
        string lockText = File.ReadAllText(work.File("evpnc.lock.yaml"));
        Assert.Contains("l3vni: 50000", lockText);
        File.WriteAllText(work.File("evpnc.lock.yaml"), lockText.Replace("l3vni: 50000", "l3vni: 50007"));
        held!.Dispose();

        var run = build.Finish(Patience);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains(" vni 50007", File.ReadAllText(Path.Combine(work.Path, "out", "nodes", "host1", "etc", "frr", "frr.conf")));
        Assert.Contains("l3vni: 50007", File.ReadAllText(work.File("evpnc.lock.yaml")));
    }

    [LinuxFact]
    public async Task Disposing_a_lock_twice_closes_its_descriptor_once()
    {
        // A second close(2) of the lock's bare descriptor number would close the file opened under that number since.
        using var work = new TempDir();
        var held = await OutputLock.AcquireAsync(work.File("out"), exclusive: true, TimeSpan.Zero, () => { }, default);
        Assert.NotNull(held);
        held.Dispose();
        using var other = new FileStream(work.File("other"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);   // the lowest free number: the lock's
        held.Dispose();
        other.Write([1, 2, 3]);
        other.Flush(flushToDisk: true);
        Assert.Equal(3, new FileInfo(work.File("other")).Length);
    }

    /// <summary>A fabric of many files: every tenant on every host, each with an L2 network (two CNI files per host and tenant).</summary>
    private static string Large(int hosts, int tenants, int maxPods) =>
        Fixtures.Fabric(hosts) + string.Concat(Enumerable.Range(0, tenants).Select(i => Fixtures.Tenant($"t{i}",
            $"namespaces: [ns{i}]\nmaxPods: {maxPods}\npodNetwork: {{cidr: 10.{i}.0.0/16, perNodePrefix: 24}}\n" +
            $"l2Networks:\n  - {{name: seg, subnet: 172.{16 + i % 16}.{i}.0/24, gateway: 172.{16 + i % 16}.{i}.1, perNodePrefix: 30}}")));

    /// <summary>The flocks /proc/locks shows for a process: "FLOCK ADVISORY WRITE pid maj:min:inode".</summary>
    private static List<string> FlocksOf(int pid) =>
        File.ReadAllLines("/proc/locks").Where(l => Regex.IsMatch(l, $@"\bFLOCK\s+ADVISORY\s+WRITE\s+{pid}\s")).ToList();

    [LinuxFact]
    public void A_build_killed_with_SIGKILL_while_holding_the_lock_releases_it()
    {
        using var work = new TempDir();
        // Large enough that the list of added files overflows a pipe: with its output unread, the build
        // blocks in the middle of that list, which it prints while it holds the lock.
        File.WriteAllText(work.File("fabric.yaml"), Large(hosts: 30, tenants: 25, maxPods: 10)); // some 1,600 lines, 90 KB
        string lockFile = OutputLock.PathFor(work.File("out"));

        using (var build = new EvpncProcess(work.Path, ["build", ".", "-o", "out"], drainOutput: false))
        {
            var deadline = DateTime.UtcNow + Patience;
            while (FlocksOf(build.Id).Count == 0 && !build.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.True(FlocksOf(build.Id).Count == 1, "the build never held its lock (did its output fit in the pipe?)");
            Assert.True(File.Exists(lockFile));
            build.Kill();
            Assert.Empty(FlocksOf(build.Id));
        }
        // The file is still there (a killed build cannot remove it), and it means nothing: the next build
        // neither waits nor fails, and removes it.
        Assert.True(File.Exists(lockFile));
        var next = CliRunner.Run(work.Path, "build", ".", "-o", "out", "--lock-timeout", "0");
        Assert.True(next.ExitCode == 0, next.Out + next.Error);
        Assert.DoesNotContain("waiting", next.Error);
        Assert.False(File.Exists(lockFile));
        Assert.True(Tree(work.File("out")).Count > 1500);
    }
}
