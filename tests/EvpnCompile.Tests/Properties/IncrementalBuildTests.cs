using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using EvpnCompile.Cli.Output;
using EvpnCompile.Core;
using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Properties;

/// <summary>
/// A wrong skip is a correctness bug: after every step of a random sequence of edits, the tree an
/// incremental build leaves (fingerprints beside OUT, rendering only what changed) must equal, byte for
/// byte and file for file, the tree rendered from scratch, at any thread count.
/// </summary>
public class IncrementalBuildTests
{
    private static long Scale => long.TryParse(Environment.GetEnvironmentVariable("EVPNC_PROPERTY_SCALE"), out long s) && s > 0 ? s : 1;

    private static readonly UTF8Encoding utf8 = new(false);

    /// <summary>One edit, chosen and placed by the numbers.</summary>
    private enum Edit { MaxPods, AddTenant, RemoveTenant, Placement, DropLock, Template, HandEdit, Nothing }

    private static readonly Gen<(GeneratedFabric Fabric, (Edit Kind, int A, int B, int Threads)[] Steps)> Cases =
        Gen.Select(FabricGen.Valid, Gen.Select(Gen.Enum<Edit>(), Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[1, 4]).Array[1, 8]);

    [Fact]
    public void Incremental_output_equals_from_scratch_output_after_random_edit_sequences()
    {
        Cases.Sample(c =>
        {
            using var work = new TempDir();
            string outDir = work.File("out");
            var run = new Run(c.Fabric.Yaml);
            run.BuildAndCompare(outDir, threads: 2);
            foreach (var (kind, a, b, threads) in c.Steps)
            {
                run.Apply(kind, a, b, outDir);
                // Mostly node by node, as `evpnc build`; now and then from the plan held whole (the fingerprints differ between the
                // two, so a switch re-renders, and must still leave the from-scratch tree).
                run.BuildAndCompare(outDir, threads, wholePlan: b % 5 == 0);
            }
        }, iter: 40 * Scale, threads: 1);
    }

    [Fact]
    public void An_unchanged_rebuild_renders_nothing_and_an_edit_renders_only_the_files_that_read_it()
    {
        using var work = new TempDir();
        string outDir = work.File("out");
        string yaml = Fixtures.Fabric(3) + Fixtures.Tenant("red", "namespaces: [red]\nmaxPods: 100") + Fixtures.Tenant("blue", "namespaces: [blue]");
        var run = new Run(yaml);
        run.BuildAndCompare(outDir, threads: 2);
        Assert.True(run.LastRendered > 10, $"a cold build renders every file ({run.LastRendered})");
        run.BuildAndCompare(outDir, threads: 2);
        Assert.Equal(0, run.LastRendered);
        run.Yaml = run.Yaml.Replace("maxPods: 100", "maxPods: 120", StringComparison.Ordinal);
        run.BuildAndCompare(outDir, threads: 2);
        // The quota lives in the tenant's Kubernetes file (and the fabric-wide files that read every tenant);
        // nothing a node, another tenant or routes.json reads changed.
        Assert.Contains("kubernetes/red.yaml", run.LastRenderedPaths);
        Assert.DoesNotContain(run.LastRenderedPaths, p => p.StartsWith("nodes/", StringComparison.Ordinal) || p is "kubernetes/blue.yaml" or "routes.json");
    }

    [Fact]
    public void A_build_stopped_at_its_commit_leaves_out_its_state_and_no_staging_behind()
    {
        // `evpnc build` stops there when a model check fails (or the lock file cannot be written): every file is rendered and
        // staged by then, and none of it may reach OUT.
        using var work = new TempDir();
        string outDir = work.File("out");
        string yaml = Fixtures.Fabric(2) + Fixtures.Tenant("red", "namespaces: [red]\nmaxPods: 100");
        var first = Compiler.Compile(new CompileRequest([new SourceFile("fabric.yaml", yaml)], null, "evpnc.lock.yaml"));
        Assert.NotNull(IncrementalBuild.Run(outDir, IncrementalBuild.PlanSource.NodeByNode(new NodeByNodePlan(first)), 2, null, "first", () => true));
        var before = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.ReadAllBytes);
        var state = File.ReadAllBytes(BuildState.PathFor(outDir));

        var edited = Compiler.Compile(new CompileRequest([new SourceFile("fabric.yaml", yaml.Replace("maxPods: 100", "maxPods: 7", StringComparison.Ordinal))],
            new SourceFile("evpnc.lock.yaml", first.LockText!), "evpnc.lock.yaml"));
        bool asked = false;
        Assert.Null(IncrementalBuild.Run(outDir, IncrementalBuild.PlanSource.NodeByNode(new NodeByNodePlan(edited)), 2, null, "edited",
            () => { asked = true; return false; }));
        Assert.True(asked);
        var after = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.ReadAllBytes);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(after[kv.Key]), kv.Key));
        Assert.Equal(state, File.ReadAllBytes(BuildState.PathFor(outDir)));
        Assert.Equal([".out.evpnc-state", "out"], Directory.EnumerateFileSystemEntries(work.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void With_unchanged_inputs_a_touched_output_tree_is_still_repaired()
    {
        // Same inputs skip lowering entirely, but only while OUT is exactly what the last build left.
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        string outDir = work.File("out");
        CliRun Build() => CliRunner.Run(work.Path, "build", ".", "-o", "out");
        Assert.Equal(0, Build().ExitCode);
        var pristine = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.ReadAllBytes);
        Assert.Contains($"out unchanged ({pristine.Count} files)", Build().Out);

        string frr = Path.Combine(outDir, "nodes", "host1", "etc", "frr", "frr.conf");
        File.AppendAllText(frr, "! edited by hand\n");
        Assert.Contains("  changed  nodes/host1/etc/frr/frr.conf", Build().Out);
        File.Delete(Path.Combine(outDir, "routes.json"));
        Assert.Contains("  added    routes.json", Build().Out);
        File.WriteAllText(Path.Combine(outDir, "stray.txt"), "not evpnc's");
        Assert.Contains("  removed  stray.txt", Build().Out);

        var now = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.ReadAllBytes);
        Assert.Equal(pristine.Keys.Order(StringComparer.Ordinal), now.Keys.Order(StringComparer.Ordinal));
        Assert.All(pristine, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(now[kv.Key]), kv.Key));
        Assert.Contains($"out unchanged ({pristine.Count} files)", Build().Out);
    }

    /// <summary>A two-host fabric with one tenant built into OUT under the inputs hash "same": OUT, its YAML, its plan, its file count.</summary>
    private static (string OutDir, string Yaml, IReadOnlyList<PlannedFile> Plan, int Files) BuiltTree(TempDir work)
    {
        string outDir = work.File("out");
        string yaml = Fixtures.Fabric(2) + Fixtures.Tenant("red", "namespaces: [red]\nmaxPods: 100");
        var plan = OutputPlan.Plan(Compiler.Prepare(new CompileRequest([new SourceFile("fabric.yaml", yaml)], null, "evpnc.lock.yaml")).Model!);
        IncrementalBuild.Run(outDir, plan, new RenderFingerprint(plan), inputs: "same");
        return (outDir, yaml, plan, Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public void A_walk_taken_before_another_build_changed_out_is_not_trusted()
    {
        // The build walks OUT while it compiles, before it holds the lock; a build that swaps a new tree in
        // meanwhile must make that walk worthless, also when it is killed before it writes its state.
        using var work = new TempDir();
        var (outDir, yaml, _, files) = BuiltTree(work);
        Assert.Equal(files, IncrementalBuild.UpToDate(outDir, "same"));
        var probe = IncrementalBuild.Probe(outDir);
        Assert.Equal(files, IncrementalBuild.UpToDate(outDir, "same", probe));
        Assert.Null(IncrementalBuild.UpToDate(outDir, "other inputs", probe));

        // Another build changes OUT: the state it leaves is not the one the probe read.
        var edited = OutputPlan.Plan(Compiler.Prepare(new CompileRequest(
            [new SourceFile("fabric.yaml", yaml.Replace("maxPods: 100", "maxPods: 7", StringComparison.Ordinal))], null, "evpnc.lock.yaml")).Model!);
        IncrementalBuild.Run(outDir, edited, new RenderFingerprint(edited), inputs: "same");
        Assert.Null(IncrementalBuild.UpToDate(outDir, "same", probe));
        Assert.Equal(files, IncrementalBuild.UpToDate(outDir, "same"));

        // A swap forgets the state before it exchanges the trees: killed right after, no state names the old tree.
        var again = IncrementalBuild.Probe(outDir);
        string staging = work.File("staged");
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, "routes.json"), "{}\n");
        OutputTree.SwapIn(staging, outDir);
        Assert.False(File.Exists(BuildState.PathFor(outDir)));
        Assert.Null(IncrementalBuild.UpToDate(outDir, "same", again));
    }

    [Fact]
    public void A_state_of_the_previous_format_is_read_as_none_and_replaced_by_the_next_build()
    {
        // Version 2 kept a sha256 tree digest. Read as one of ours it would never match a walk, and a build that renders
        // nothing new would keep it: every later build with unchanged inputs would compare the whole tree again.
        using var work = new TempDir();
        var (outDir, _, plan, files) = BuiltTree(work);
        string statePath = BuildState.PathFor(outDir);
        var lines = File.ReadAllLines(statePath);
        Assert.Equal("evpnc-build-state 3", lines[0]);
        lines[0] = "evpnc-build-state 2";
        lines[2] = "tree " + new string('a', 64) + ":" + files;
        File.WriteAllText(statePath, string.Join("\n", lines) + "\n");
        Assert.Empty(BuildState.Read(statePath).Files);
        Assert.Null(IncrementalBuild.UpToDate(outDir, "same"));

        var again = IncrementalBuild.Run(outDir, plan, new RenderFingerprint(plan), inputs: "same");
        Assert.True(again.IsUnchanged);
        Assert.Equal("evpnc-build-state 3", File.ReadLines(statePath).First());
        Assert.Equal(files, IncrementalBuild.UpToDate(outDir, "same"));
    }

    [Fact]
    public void The_tree_digest_sees_a_hand_edit_a_deleted_file_and_a_stray_file_and_ignores_walk_order()
    {
        using var work = new TempDir();
        string root = work.File("out");
        foreach (var p in new[] { "a.txt", "nodes/h1/etc/x.conf", "nodes/h2/etc/x.conf", "nodes/h2/y", "docs/fabric.md" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, p))!);
            File.WriteAllText(Path.Combine(root, p), p);
        }
        var first = TreeDigest.OfTree(root);
        Assert.Equal(5, first.Count);
        Assert.Equal(first, TreeDigest.OfTree(root));
        // The digest of the entries, summed in any order, is the digest of the walk.
        var byEntries = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Reverse()
            .Select(f => TreeDigest.Of(Path.GetRelativePath(root, f), new FileInfo(f).Length, File.GetLastWriteTimeUtc(f).Ticks))
            .Aggregate(TreeDigest.Empty, (x, y) => x + y);
        Assert.Equal(first, byEntries);

        string h2 = Path.Combine(root, "nodes/h2/etc/x.conf");
        var mtime = File.GetLastWriteTimeUtc(h2);
        File.WriteAllText(h2, "nodes/h2/etc/x.coNF");   // same size, new mtime
        Assert.NotEqual(first, TreeDigest.OfTree(root));
        File.SetLastWriteTimeUtc(h2, mtime);
        Assert.Equal(first, TreeDigest.OfTree(root));   // the digest trusts size and mtime, as the state always did
        File.WriteAllText(Path.Combine(root, "nodes/h1/stray"), "");
        Assert.NotEqual(first, TreeDigest.OfTree(root));
        File.Delete(Path.Combine(root, "nodes/h1/stray"));
        File.Delete(Path.Combine(root, "a.txt"));
        Assert.Equal(4, TreeDigest.OfTree(root).Count);
    }

    /// <summary>The inputs and lock as they evolve, and a renderer variant per template (a template edit).</summary>
    private sealed class Run(string yaml)
    {
        public string Yaml { get; set; } = yaml;
        private string? lockText;
        private int added;
        private readonly Dictionary<string, int> templateVariant = new(StringComparer.Ordinal);
        private readonly List<string> rendered = [];

        public int LastRendered => rendered.Count;
        public IReadOnlyList<string> LastRenderedPaths => rendered.Order(StringComparer.Ordinal).ToList();

        private BuildResult Prepare() => Compiler.Prepare(new CompileRequest([new SourceFile("fabric.yaml", Yaml)],
            lockText is null ? null : new SourceFile("evpnc.lock.yaml", lockText), "evpnc.lock.yaml"));

        /// <summary>The plan with every template edit applied: a changed template renders other bytes and has another identity.</summary>
        private List<PlannedFile> Plan(BuildResult build) => OutputPlan.Plan(build.Model!).Select(Edited).ToList();

        /// <summary>One planned file, counted when rendered, with its template's edit applied.</summary>
        private PlannedFile Edited(PlannedFile f)
        {
            int v = templateVariant.GetValueOrDefault(f.Renderer);
            var render = f.Render;
            string path = f.Path;
            Func<string> counted = () => { lock (rendered) rendered.Add(path); return render(); };
            // A streamed file (routes.json) is built by its own writer: counted, and edited, on that path too.
            var write = f.WriteTo;
            Action<Stream>? streamed = write is null ? null : stream => { lock (rendered) rendered.Add(path); write(stream); };
            if (v == 0) return f with { Render = counted, WriteTo = streamed };
            return f with
            {
                Renderer = $"{f.Renderer}@{v}", Render = () => counted() + $"# template edit {v}\n",
                WriteTo = streamed is null ? null : stream => { streamed(stream); stream.Write(utf8.GetBytes($"# template edit {v}\n")); },
            };
        }

        /// <param name="wholePlan">build from the plan held whole (one fingerprint over every file) instead of node by node as `evpnc build` does.</param>
        public void BuildAndCompare(string outDir, int threads, bool wholePlan = false)
        {
            var build = Prepare();
            Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics) + "\n" + Yaml);
            lockText = build.Compile.LockText;

            // From scratch, in memory: every planned file rendered, then the manifest.
            var fresh = Plan(build);
            var expected = fresh.Select(f => f.ToOutputFile(f.Render())).ToList();
            expected.Add(new OutputFile(OutputPlan.ManifestFile, OutputKind.Manifest, ManifestJson.Write(expected), null, null, null, null));

            rendered.Clear();
            if (wholePlan)
            {
                var plan = Plan(build);
                IncrementalBuild.Run(outDir, plan, new RenderFingerprint(plan), threads);
            }
            else
            {
                var nodeByNode = new NodeByNodePlan(build.Compile);
                Assert.NotNull(IncrementalBuild.Run(outDir, IncrementalBuild.PlanSource.NodeByNode(nodeByNode, Edited), threads, null, null, commit: () => true));
                Assert.Equal(build.Diagnostics, nodeByNode.Diagnostics);
            }

            var actual = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories)
                .ToDictionary(p => Path.GetRelativePath(outDir, p).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);
            Assert.Equal(expected.Select(f => f.Path).Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
            foreach (var f in expected)
                Assert.True(actual[f.Path].AsSpan().SequenceEqual(utf8.GetBytes(f.Content)), $"{f.Path} differs from the from-scratch build\n{Yaml}");
        }

        public void Apply(Edit kind, int a, int b, string outDir)
        {
            var tenants = Regex.Matches(Yaml, @"metadata: \{name: (t\d+)\}").Select(m => m.Groups[1].Value).ToList();
            string? t = tenants.Count == 0 ? null : tenants[a % tenants.Count];
            string before = Yaml;
            switch (kind)
            {
                case Edit.MaxPods when t is not null:
                    Yaml = Regex.Replace(Yaml, $@"(metadata: \{{name: {t}\}}\nspec:\n  namespaces: \[[^\]]*\]\n)(  maxPods: \d+\n)?", $"${{1}}  maxPods: {1 + b}\n");
                    break;
                case Edit.AddTenant:
                    added++;
                    Yaml += $"---\napiVersion: evpnc/v1alpha1\nkind: Tenant\nmetadata: {{name: t{90 + added}}}\nspec:\n  namespaces: [n{added}-ns]\n" +
                            (b % 2 == 0 ? "  nodes: [\"*\"]\n" : "  nodeSelector: {rack: r1}\n") +
                            $"  podNetwork: {{cidr: 10.{200 + added % 50}.0.0/16, perNodePrefix: 24}}\n";
                    break;
                case Edit.RemoveTenant when t is not null:
                    Yaml = Regex.Replace(Yaml, $@"---\napiVersion: evpnc/v1alpha1\nkind: Tenant\nmetadata: \{{name: {t}\}}\n(?:  .*\n|spec:\n)*", "");
                    break;
                case Edit.Placement when t is not null:
                    string placement = (b % 3) switch { 0 => "  nodes: [\"*\"]\n", 1 => "  nodes: [host1]\n", _ => $"  nodeSelector: {{rack: r{b % 2}}}\n" };
                    Yaml = Regex.Replace(Yaml, $@"(metadata: \{{name: {t}\}}\nspec:\n  namespaces: \[[^\]]*\]\n(?:  maxPods: \d+\n)?)  (?:nodes|nodeSelector): .*\n", "${1}" + placement);
                    break;
                case Edit.DropLock:
                    lockText = null;   // allocation from nothing: values may move, and every file that shows them changes
                    break;
                case Edit.Template:
                    string[] templates = ["frr/frr.conf.sbn", "cni/bridge.conf.sbn", "kubernetes/tenant.yaml.sbn", "ifupdown2/evpnc.sbn", "netplan/60-evpnc.yaml.sbn",
                        "sysctl/60-evpnc.conf.sbn", "docs/fabric.md.sbn", "code:routes.json"];
                    string name = templates[a % templates.Length];
                    templateVariant[name] = templateVariant.GetValueOrDefault(name) + 1 + b % 2;
                    break;
                case Edit.HandEdit:
                    // Someone edits a file in OUT by hand: the next build must put the rendered bytes back.
                    var files = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                    File.AppendAllText(files[a % files.Count], "# edited by hand\n");
                    break;
            }
            // An edit that makes the inputs invalid (a removed tenant that another imports) is not a step of this test.
            if (Yaml != before && Prepare().HasErrors) Yaml = before;
        }
    }
}
