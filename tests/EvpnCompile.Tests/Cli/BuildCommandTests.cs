using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

/// <summary>
/// `evpnc build PATHS... -o OUT` end to end on a copy of examples/quickstart (spec: /work/shared/spec/outputs.md).
/// Tests that build more than once run in two layouts with the same OUT (./out, inside the input folder):
/// "folder" passes `.` as PATHS (so OUT lies inside a folder that is read for inputs), "files" names the
/// two input files, so a failure of only one layout points at how OUT interacts with the inputs.
/// </summary>
public class BuildCommandTests
{
    private static readonly DateTime Old = new(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string StagingMarker = ".evpnc-staging-";
    private const string FrrReload = "/usr/lib/frr/frr-reload.py --reload /etc/frr/frr.conf";

    private static readonly string[] Nodes = ["leaf1", "leaf2", "host1", "host2", "host3"];

    // ---- helpers ----

    private static string[] Inputs(string layout) => layout switch
    {
        "folder" => ["."],
        "files" => ["fabric.yaml", "tenants.yaml"],
        _ => throw new ArgumentException(layout),
    };

    private static CliRun Build(TempDir work, string layout, params string[] extra) =>
        CliRunner.Run(work.Path, ["build", .. Inputs(layout), "-o", "out", .. extra]);

    private static TempDir Quickstart() => TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));

    private static string Out(TempDir work) => Path.Combine(work.Path, "out");

    /// <summary>The exit code, with the head of the output in the failure message.</summary>
    private static void AssertExit(int expected, CliRun run) =>
        Assert.True(run.ExitCode == expected, $"exit {run.ExitCode}, expected {expected}; output:\n{Head(run.Out)}{Head(run.Error)}");

    private static string Head(string text) => string.Join("\n", text.Split('\n').Take(8));

    /// <summary>Every file under <paramref name="dir"/> by '/'-separated relative path, with its bytes.</summary>
    private static SortedDictionary<string, byte[]> Tree(string dir)
    {
        var tree = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            tree[Path.GetRelativePath(dir, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        return tree;
    }

    private static Dictionary<string, DateTime> Mtimes(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.GetLastWriteTimeUtc, StringComparer.Ordinal);

    private static void AgeAll(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) File.SetLastWriteTimeUtc(file, Old);
    }

    private static void AssertSameTree(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (path, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[path]), $"{path} differs");
    }

    private static void AssertAllOld(string dir)
    {
        var rewritten = Mtimes(dir).Where(kv => kv.Value != Old).Select(kv => kv.Key).ToList();
        Assert.True(rewritten.Count == 0, "rewritten: " + string.Join(", ", rewritten));
    }

    /// <summary>The entries (files and folders) directly in <paramref name="dir"/>, by name.</summary>
    private static List<string> Entries(string dir) =>
        Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList();

    /// <summary>The paths in both trees whose bytes differ.</summary>
    private static List<string> ChangedPaths(SortedDictionary<string, byte[]> before, SortedDictionary<string, byte[]> after) =>
        before.Keys.Where(p => after.ContainsKey(p) && !after[p].AsSpan().SequenceEqual(before[p])).ToList();

    /// <summary>The paths in both trees with the same bytes.</summary>
    private static List<string> UnchangedPaths(SortedDictionary<string, byte[]> before, SortedDictionary<string, byte[]> after) =>
        before.Keys.Where(p => after.ContainsKey(p) && after[p].AsSpan().SequenceEqual(before[p])).ToList();

    /// <summary>What a run that must write nothing may not touch: the input folder's entries and the lock's bytes.</summary>
    private sealed record InputFolder(List<string> Entries, byte[] Lock)
    {
        public static InputFolder Of(TempDir work) => new(BuildCommandTests.Entries(work.Path), File.ReadAllBytes(work.File("evpnc.lock.yaml")));

        public void AssertUnchanged(TempDir work)
        {
            Assert.Equal(Entries, BuildCommandTests.Entries(work.Path));
            Assert.Equal(Lock, File.ReadAllBytes(work.File("evpnc.lock.yaml")));
        }
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void Edit(TempDir work, string file, string from, string to)
    {
        string text = File.ReadAllText(work.File(file));
        Assert.Contains(from, text); // the example still has what the test edits
        File.WriteAllText(work.File(file), text.Replace(from, to));
    }

    private static void AddTenant(TempDir work) =>
        File.AppendAllText(work.File("tenants.yaml"), Fixtures.Tenant("green",
            "nodes: [host3]\nnamespaces: [green]\npodNetwork: {cidr: 10.50.0.0/16, perNodePrefix: 24}"));

    private static void RemoveBlue(TempDir work)
    {
        string text = File.ReadAllText(work.File("tenants.yaml"));
        var docs = text.Split("---\n");
        Assert.Single(docs, d => d.Contains("metadata: {name: blue}"));
        File.WriteAllText(work.File("tenants.yaml"), string.Join("---\n", docs.Where(d => !d.Contains("metadata: {name: blue}"))));
        Edit(work, "tenants.yaml", "export: [red, blue]", "export: [red]");
    }

    private static JsonElement Manifest(TempDir work) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Out(work), "manifest.json"))).RootElement.GetProperty("files");

    // ---- 1. the full tree and the manifest ----

    [Fact]
    public void Build_of_quickstart_writes_the_full_tree()
    {
        using var work = Quickstart();
        var run = Build(work, "folder");
        Assert.Equal("", run.Error);
        AssertExit(0, run);
        Assert.StartsWith("  added    ", run.Out);

        var tree = Tree(Out(work));
        string[] top = ["manifest.json", "inventory.yaml", "routes.json", "docs/fabric.md",
            "kubernetes/red.yaml", "kubernetes/blue.yaml", "kubernetes/shared.yaml",
            "nodes/host1/etc/network/interfaces.d/evpnc", "nodes/host2/etc/network/interfaces.d/evpnc",
            "nodes/host3/etc/netplan/60-evpnc.yaml"];
        foreach (var path in top) Assert.True(tree.ContainsKey(path), $"missing {path}");
        foreach (var node in Nodes)
        {
            Assert.True(tree.ContainsKey($"nodes/{node}/etc/frr/frr.conf"), $"missing frr.conf of {node}");
            Assert.True(tree.ContainsKey($"nodes/{node}/etc/frr/daemons"), $"missing daemons of {node}");
        }

        // Host networking by the node's network kind: host3 is netplan, host1/host2 ifupdown2.
        Assert.False(tree.ContainsKey("nodes/host3/etc/network/interfaces.d/evpnc"));
        Assert.DoesNotContain(tree.Keys, p => p.StartsWith("nodes/host1/etc/netplan/") || p.StartsWith("nodes/host2/etc/netplan/"));

        // Leaves carry FRR and their ifupdown2 interfaces file (loopback and fabric ports).
        foreach (var leaf in new[] { "leaf1", "leaf2" })
            Assert.Equal([$"nodes/{leaf}/etc/frr/daemons", $"nodes/{leaf}/etc/frr/frr.conf", $"nodes/{leaf}/etc/network/interfaces.d/evpnc"],
                tree.Keys.Where(p => p.StartsWith($"nodes/{leaf}/")));

        // CNI: one file per tenant network on each host it lands on (blue: pool=blue = host1, host2).
        string[] Cni(string host) => [.. tree.Keys.Where(p => p.StartsWith($"nodes/{host}/etc/cni/multus/net.d/")).Select(p => p[p.LastIndexOf('/')..][1..])];
        Assert.Equal(["blue.conf", "red-vms.conf", "red.conf", "shared.conf"], Cni("host1"));
        Assert.Equal(["blue.conf", "red-vms.conf", "red.conf", "shared.conf"], Cni("host2"));
        Assert.Equal(["red-vms.conf", "red.conf", "shared.conf"], Cni("host3"));

        // Every host carries the Multus daemon configuration; the cluster files come first, then one file per tenant.
        foreach (var host in new[] { "host1", "host2", "host3" })
            Assert.Contains($"nodes/{host}/etc/cni/net.d/multus.d/daemon-config.json", tree.Keys);
        Assert.Equal(["kubernetes/00-admission-policy.yaml", "kubernetes/01-nodes.yaml", "kubernetes/blue.yaml", "kubernetes/red.yaml", "kubernetes/shared.yaml"],
            tree.Keys.Where(p => p.StartsWith("kubernetes/")));
    }

    [Fact]
    public void Manifest_lists_every_other_file_exactly_once_with_the_sha256_of_its_bytes()
    {
        using var work = Quickstart();
        AssertExit(0, Build(work, "folder"));
        var tree = Tree(Out(work));
        var entries = Manifest(work).EnumerateArray().ToList();
        var listed = entries.Select(e => e.GetProperty("path").GetString()!).ToList();

        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(tree.Keys.Where(p => p != "manifest.json"), listed.Order(StringComparer.Ordinal));
        foreach (var e in entries)
        {
            string path = e.GetProperty("path").GetString()!;
            Assert.Equal(Sha256(tree[path]), e.GetProperty("sha256").GetString());
        }
    }

    // ---- 10. apply commands in the manifest ----

    [Fact]
    public void Manifest_applies_frr_conf_with_frr_reload_and_ifupdown2_files_with_ifreload()
    {
        using var work = Quickstart();
        AssertExit(0, Build(work, "folder"));
        var byPath = Manifest(work).EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!, StringComparer.Ordinal);

        foreach (var node in Nodes)
        {
            var frr = byPath[$"nodes/{node}/etc/frr/frr.conf"];
            Assert.Equal(FrrReload, frr.GetProperty("apply").GetString());
            Assert.Equal(node, frr.GetProperty("node").GetString());
            Assert.Equal("/etc/frr/frr.conf", frr.GetProperty("target").GetString());
        }
        foreach (var host in new[] { "host1", "host2" })
        {
            var ifupdown = byPath[$"nodes/{host}/etc/network/interfaces.d/evpnc"];
            Assert.Equal("ifreload -a", ifupdown.GetProperty("apply").GetString());
            Assert.Equal("/etc/network/interfaces.d/evpnc", ifupdown.GetProperty("target").GetString());
        }
    }

    // ---- 2. a second build rewrites nothing ----

    [Theory]
    [InlineData("folder")]
    [InlineData("files")]
    public void Building_twice_gives_the_same_bytes_and_rewrites_no_file(string layout)
    {
        using var work = Quickstart();
        AssertExit(0, Build(work, layout));
        var before = Tree(Out(work));
        AgeAll(Out(work));
        File.SetLastWriteTimeUtc(work.File("evpnc.lock.yaml"), Old);

        var second = Build(work, layout);
        AssertExit(0, second);
        AssertSameTree(before, Tree(Out(work)));
        AssertAllOld(Out(work));
        Assert.Equal(Old, File.GetLastWriteTimeUtc(work.File("evpnc.lock.yaml")));
        Assert.Contains($"out unchanged ({before.Count} files)", second.Out);
        Assert.DoesNotContain("  added ", second.Out);
        Assert.DoesNotContain("  changed ", second.Out);
    }

    // ---- 3. --check ----

    [Theory]
    [InlineData("folder")]
    [InlineData("files")]
    public void Check_on_an_up_to_date_tree_exits_0_and_writes_nothing(string layout)
    {
        using var work = Quickstart();
        AssertExit(0, Build(work, layout));
        var before = Tree(Out(work));
        var entries = Entries(work.Path);
        AgeAll(Out(work));

        var check = Build(work, layout, "--check");
        AssertExit(0, check);
        Assert.Contains("out is up to date", check.Out);
        Assert.DoesNotContain("--- ", check.Out);
        AssertSameTree(before, Tree(Out(work)));
        AssertAllOld(Out(work));
        Assert.Equal(entries, Entries(work.Path));
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("files")]
    public void Check_after_an_input_change_exits_3_with_a_unified_diff_and_leaves_the_tree_alone(string layout)
    {
        using var work = Quickstart();
        AssertExit(0, Build(work, layout));
        var before = Tree(Out(work));
        var inputs = InputFolder.Of(work);
        AgeAll(Out(work));
        Edit(work, "tenants.yaml", "maxPods: 100", "maxPods: 120");

        var check = Build(work, layout, "--check");
        AssertExit(3, check);
        Assert.Contains("out is out of date", check.Out);
        var lines = check.Out.Split('\n');
        var named = lines.Where(l => l.StartsWith("--- a/")).Select(l => l["--- a/".Length..]).ToList();
        Assert.Contains("kubernetes/red.yaml", named);
        Assert.Contains("+++ b/kubernetes/red.yaml", lines);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^@@ -\d+,\d+ \+\d+,\d+ @@$"));
        Assert.Contains("-    pods: \"100\"", lines);
        Assert.Contains("+    pods: \"120\"", lines);

        // The diff names exactly the files a real build of the edited inputs changes.
        using var oracle = new TempDir();
        var real = CliRunner.Run(work.Path, "build", "fabric.yaml", "tenants.yaml", "-o", Path.Combine(oracle.Path, "out"));
        AssertExit(0, real);
        var after = Tree(Path.Combine(oracle.Path, "out"));
        var changed = ChangedPaths(before, after);
        Assert.Equal(changed, named.Order(StringComparer.Ordinal));

        AssertSameTree(before, Tree(Out(work)));
        AssertAllOld(Out(work));
        inputs.AssertUnchanged(work);
    }

    // ---- 4. removing a tenant removes its files ----

    [Theory]
    [InlineData("folder")]
    [InlineData("files")]
    public void Removing_a_tenant_removes_its_files_keeps_unchanged_files_and_lists_the_changes(string layout)
    {
        using var work = Quickstart();
        AssertExit(0, Build(work, layout));
        var before = Tree(Out(work));
        AgeAll(Out(work));
        RemoveBlue(work);
        AddTenant(work); // so that the summary also has added files

        var run = Build(work, layout);
        AssertExit(0, run);
        var after = Tree(Out(work));

        Assert.False(after.ContainsKey("kubernetes/blue.yaml"));
        Assert.DoesNotContain(after.Keys, p => p.EndsWith("/etc/cni/multus/net.d/blue.conf"));
        Assert.DoesNotContain(after.Keys, p => p.Contains("blue"));
        Assert.True(after.ContainsKey("kubernetes/green.yaml"));
        Assert.True(after.ContainsKey("nodes/host3/etc/cni/multus/net.d/green.conf"));

        var added = after.Keys.Where(p => !before.ContainsKey(p)).ToList();
        var removed = before.Keys.Where(p => !after.ContainsKey(p)).ToList();
        var same = UnchangedPaths(before, after);
        var changed = ChangedPaths(before, after);
        Assert.Contains("kubernetes/blue.yaml", removed);
        Assert.Contains("nodes/host1/etc/cni/multus/net.d/blue.conf", removed);
        Assert.Contains("nodes/host2/etc/cni/multus/net.d/blue.conf", removed);
        Assert.Contains("manifest.json", changed);
        // A leaf's frr.conf changes with the tenants on its hosts (the fabric edge); its daemons file does not.
        Assert.Contains("nodes/leaf1/etc/frr/frr.conf", changed);
        Assert.Contains("nodes/leaf1/etc/frr/daemons", same);

        var mtimes = Mtimes(Out(work));
        foreach (var p in same) Assert.True(mtimes[p] == Old, $"{p} did not change but was rewritten");
        foreach (var p in changed.Concat(added)) Assert.NotEqual(Old, mtimes[p]);

        var lines = run.Out.Split('\n');
        string[] Listed(string verb) => [.. lines.Where(l => l.StartsWith($"  {verb} ")).Select(l => l[(verb.Length + 2)..].Trim())];
        Assert.Equal(added, Listed("added").Order(StringComparer.Ordinal));
        Assert.Equal(changed, Listed("changed").Order(StringComparer.Ordinal));
        Assert.Equal(removed, Listed("removed").Order(StringComparer.Ordinal));
        Assert.Contains($"out: {added.Count} added, {changed.Count} changed, {removed.Count} removed, {same.Count} unchanged", run.Out);
    }

    // ---- 5. input errors write nothing ----

    [Fact]
    public void Input_error_exits_1_and_creates_no_output_folder()
    {
        using var work = Quickstart();
        Edit(work, "fabric.yaml", "loopback: 10.0.0.12", "loopback: 10.0.0.11");
        var inputs = InputFolder.Of(work);

        var run = Build(work, "folder");
        AssertExit(1, run);
        Assert.Contains("error EVPN040", run.Out);
        Assert.Contains("nothing written to out", run.Out);
        Assert.False(Directory.Exists(Out(work)));
        inputs.AssertUnchanged(work);
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("files")]
    public void Input_error_exits_1_and_leaves_an_existing_tree_byte_identical(string layout)
    {
        using var work = Quickstart();
        AssertExit(0, Build(work, layout));
        var before = Tree(Out(work));
        AgeAll(Out(work));
        Edit(work, "fabric.yaml", "loopback: 10.0.0.12", "loopback: 10.0.0.11");
        var entries = Entries(work.Path);

        var run = Build(work, layout);
        AssertExit(1, run);
        // Only the error the edit made: EVPN040 at both nodes.
        var errors = run.Out.Split('\n').Where(l => l.Contains(": error ")).ToList();
        Assert.True(errors.Count == 2, $"{errors.Count} errors, expected 2 (EVPN040 at both nodes):\n{string.Join("\n", errors.Take(8))}");
        Assert.All(errors, l => Assert.Matches(@"^fabric\.yaml:\d+:\d+: error EVPN040: ", l));
        AssertSameTree(before, Tree(Out(work)));
        AssertAllOld(Out(work));
        Assert.Equal(entries, Entries(work.Path));
        Assert.DoesNotContain(Entries(work.Path), e => e.Contains(StagingMarker));
    }

    // ---- 6. no staging folder left behind ----

    [Theory]
    [InlineData("folder")]
    [InlineData("files")]
    public void Successful_builds_leave_no_staging_folder_beside_the_output(string layout)
    {
        using var work = Quickstart();
        AssertExit(0, Build(work, layout));
        // Beside OUT: the incremental build's state (what each file was rendered from), nothing else.
        Assert.Equal([".out.evpnc-state", "evpnc.lock.yaml", "fabric.yaml", "out", "tenants.yaml"], Entries(work.Path));

        Edit(work, "tenants.yaml", "maxPods: 100", "maxPods: 120"); // a rebuild that replaces the tree
        var second = Build(work, layout);
        AssertExit(0, second);
        Assert.Contains("  changed  kubernetes/red.yaml", second.Out);
        Assert.Equal([".out.evpnc-state", "evpnc.lock.yaml", "fabric.yaml", "out", "tenants.yaml"], Entries(work.Path));
    }

    [Fact]
    public void A_staging_folder_of_a_dead_build_is_cleaned_up()
    {
        using var work = Quickstart();
        string abandoned = Path.Combine(work.Path, $".out{StagingMarker}{int.MaxValue}");
        Directory.CreateDirectory(Path.Combine(abandoned, "nodes"));
        File.WriteAllText(Path.Combine(abandoned, "nodes", "x"), "half written");

        AssertExit(0, Build(work, "folder"));
        Assert.False(Directory.Exists(abandoned));
        Assert.DoesNotContain(Entries(work.Path), e => e.Contains(StagingMarker));
    }

    // ---- 7. determinism and encoding ----

    [Fact]
    public void Same_inputs_give_byte_identical_trees_in_utf8_without_bom_or_cr()
    {
        using var first = Quickstart();
        using var second = Quickstart();
        using var outs = new TempDir();
        string out1 = Path.Combine(outs.Path, "one");
        string out2 = Path.Combine(outs.Path, "nested", "two");
        AssertExit(0, CliRunner.Run(first.Path, "build", ".", "-o", out1));
        AssertExit(0, CliRunner.Run(second.Path, "build", ".", "-o", out2));

        var a = Tree(out1);
        var b = Tree(out2);
        Assert.True(a.Count >= 30);
        AssertSameTree(a, b);

        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        foreach (var (path, bytes) in a)
        {
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, $"{path} starts with a BOM");
            Assert.False(bytes.Contains((byte)'\r'), $"{path} contains CR");
            var ex = Record.Exception(() => strict.GetString(bytes));
            Assert.True(ex is null, $"{path} is not valid UTF-8");
        }
    }

    // ---- 8. --locked ----

    [Fact]
    public void Locked_with_a_stale_lock_exits_3_and_writes_nothing()
    {
        using var work = Quickstart();
        AddTenant(work);
        var inputs = InputFolder.Of(work);

        var run = Build(work, "folder", "--locked");
        AssertExit(3, run);
        Assert.Contains("EVPN100", run.Out);
        Assert.False(Directory.Exists(Out(work)));
        inputs.AssertUnchanged(work);
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("files")]
    public void Locked_with_a_stale_lock_leaves_an_existing_tree_alone(string layout)
    {
        using var work = Quickstart();
        AssertExit(0, Build(work, layout, "--locked"));
        var before = Tree(Out(work));
        AgeAll(Out(work));
        AddTenant(work);
        var lockBytes = File.ReadAllBytes(work.File("evpnc.lock.yaml"));

        var run = Build(work, layout, "--locked");
        AssertExit(3, run);
        Assert.Contains("EVPN100", run.Out);
        AssertSameTree(before, Tree(Out(work)));
        AssertAllOld(Out(work));
        Assert.Equal(lockBytes, File.ReadAllBytes(work.File("evpnc.lock.yaml")));
    }

    // ---- 9. usage ----

    [Fact]
    public void Build_without_output_is_a_usage_error()
    {
        using var work = Quickstart();
        var entries = Entries(work.Path);
        var run = CliRunner.Run(work.Path, "build", ".");
        AssertExit(2, run);
        Assert.Contains("--output", run.Error);
        Assert.Equal("", run.Out);
        Assert.Equal(entries, Entries(work.Path));
    }
}
