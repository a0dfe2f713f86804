using System.Diagnostics;
using EvpnCompile.Core;
using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Semantics;
using EvpnCompile.Core.Text;
using EvpnCompile.Core.Validation;

namespace EvpnCompile.Benchmarks;

/// <summary>
/// A rough profile: runs the passes of <see cref="Compiler.Compile"/> one by one (the same calls, in
/// the same order, through the Core's public API) and prints the time of each. Not a benchmark:
/// one warm-up and one measured run per case, so expect noise (GC pauses land in whichever pass triggers them).
/// </summary>
public static class PhaseTimer
{
    public static void Run(int hosts, int tenants, TextWriter output)
    {
        var files = FabricGenerator.Generate(hosts, tenants).Select(f => new SourceFile(f.Path, f.Text)).ToList();
        output.WriteLine($"{hosts} hosts x {tenants} tenants: {files.Count} files, {files.Sum(f => (long)f.Text.Length) / 1024} KiB of YAML");
        Run(files, output);
    }

    /// <summary>
    /// A fabric on disk (gen_fabric.py's layout): every *.yaml under it but its evpnc.lock.yaml, which the
    /// first (lock-less) run makes anyway, so the folder's own lock is not needed.
    /// </summary>
    public static void RunFolder(string folder, TextWriter output)
    {
        var files = Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != CompileBenchmarks.LockPath)
            .Select(f => new SourceFile(Path.GetRelativePath(folder, f), File.ReadAllText(f))).ToList();
        output.WriteLine($"{folder}: {files.Count} files, {files.Sum(f => (long)f.Text.Length) / 1024} KiB of YAML");
        Run(files, output);
    }

    private static void Run(List<SourceFile> files, TextWriter output)
    {

        // Warm-up of both paths (JIT, schema load), then the measured runs.
        string lockText = Time(files, null, output, quiet: true);
        Time(files, new SourceFile(CompileBenchmarks.LockPath, lockText), output, quiet: true);
        output.WriteLine("-- first run (no lock)");
        Time(files, null, output, quiet: false);
        output.WriteLine($"-- with lock ({lockText.Length / 1024} KiB)");
        Time(files, new SourceFile(CompileBenchmarks.LockPath, lockText), output, quiet: false);

        var total = Stopwatch.StartNew();
        var result = Compiler.Compile(new CompileRequest(files, new SourceFile(CompileBenchmarks.LockPath, lockText), CompileBenchmarks.LockPath));
        output.WriteLine($"-- Compiler.Compile with lock, end to end: {total.ElapsedMilliseconds} ms, {result.Diagnostics.Count} diagnostics, lock changed: {result.LockChanged}");
        BuildPhases(result, output);
    }

    /// <summary>
    /// What `evpnc build` adds after compiling, serially: lowering (with model checks), planning, and the
    /// fingerprint of every planned file grouped by renderer (the first file of a node pays for the node's
    /// digest, which its other files reuse). Rendering is not timed here (a one-file edit renders one file).
    /// </summary>
    private static void BuildPhases(CompileResult compiled, TextWriter output)
    {
        output.WriteLine("-- build after compile (serial)");
        var sw = Stopwatch.StartNew();
        var model = Core.Lowering.FabricLowering.Lower(compiled.Input!, compiled.Fabric!);
        output.WriteLine($"  {"FabricLowering.Lower (nodes in parallel)",-45} {sw.ElapsedMilliseconds,7} ms");
        sw.Restart();
        Core.Checks.ModelChecks.Check(model, compiled.Input!, new DiagnosticSink());
        output.WriteLine($"  {"ModelChecks.Check",-45} {sw.ElapsedMilliseconds,7} ms");
        sw.Restart();
        var plan = Core.Emit.OutputPlan.Plan(model);
        output.WriteLine($"  {"OutputPlan.Plan",-45} {sw.ElapsedMilliseconds,7} ms; {plan.Count} files");
        sw.Restart();
        var fingerprint = new Core.Emit.RenderFingerprint(plan);
        var byRenderer = new SortedDictionary<string, (int Files, long Ticks)>(StringComparer.Ordinal);
        var one = new Stopwatch();
        foreach (var f in plan)
        {
            one.Restart();
            fingerprint.Of(f);
            var (n, t) = byRenderer.GetValueOrDefault(f.Renderer);
            byRenderer[f.Renderer] = (n + 1, t + one.ElapsedTicks);
        }
        output.WriteLine($"  {"RenderFingerprint.Of (every file)",-45} {sw.ElapsedMilliseconds,7} ms");
        foreach (var (renderer, (n, ticks)) in byRenderer)
            output.WriteLine($"    {renderer,-43} {ticks * 1000 / Stopwatch.Frequency,7} ms; {n} files");
    }

    private static string Time(List<SourceFile> files, SourceFile? lockFile, TextWriter output, bool quiet)
    {
        var sink = new DiagnosticSink();
        var phases = new List<(string Name, long Ms, long AllocatedMb)>();
        var sw = Stopwatch.StartNew();
        long allocated = GC.GetTotalAllocatedBytes();
        void Mark(string name)
        {
            long now = GC.GetTotalAllocatedBytes();
            phases.Add((name, sw.ElapsedMilliseconds, (now - allocated) >> 20));
            allocated = now;
            sw.Restart();
        }

        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var documents = new List<LoadedDocument>();
        foreach (var file in ordered) documents.AddRange(YamlLoader.Load(file, LoadLimits.Default, sink));
        Mark("1 YamlLoader.Load (all inputs)");
        var candidates = documents.Select(d => new DocumentTable.Candidate(d, SchemaValidator.Validate(d, sink))).ToList();
        Mark("2 SchemaValidator.Validate (all documents)");
        var input = DocumentTable.Build(candidates, true, ordered[0].Path, sink);
        Mark("3 DocumentTable.Build");
        var placement = TenantPlacement.Resolve(input);
        Mark("4 TenantPlacement.Resolve");
        ReferenceChecks.Check(input, placement, sink);
        Mark("4 ReferenceChecks");
        UniquenessChecks.Check(input, sink);
        Mark("4 UniquenessChecks");
        AddressingChecks.Check(input, placement, sink);
        Mark("4 AddressingChecks");
        Ipv6AddressingChecks.Check(input, placement, sink);
        Mark("4 Ipv6AddressingChecks");
        MtuCheck.Check(input, sink);
        NetworkPolicySizeCheck.Check(input, sink);
        ConsentChecks.Check(input, sink);
        LeakOverlapChecks.Check(input, sink);
        Mark("4 Mtu, policy size, consent, leak checks");
        TopologyChecks.Check(input, sink);
        Mark("4 TopologyChecks");
        PoolChecks.Check(input.Fabric!, sink);
        LockFile? previous = lockFile is null ? null : LockFileReader.Read(lockFile, sink);
        Mark("5 LockFileReader.Read");
        var allocation = Allocator.Allocate(input, input.Fabric!, placement, previous, CompileBenchmarks.LockPath, sink);
        Mark("5 Allocator.Allocate");
        ResolvedChecks.Check(input, allocation.Fabric!, allocation.Lock, sink);
        Mark("6 ResolvedChecks");
        string text = LockFileWriter.Write(allocation.Lock);
        Mark("6 LockFileWriter.Write");
        var sorted = sink.Sorted();
        Mark("  DiagnosticSink.Sorted");

        if (!quiet)
        {
            long sum = phases.Sum(p => p.Ms);
            foreach (var (name, ms, mb) in phases)
                output.WriteLine($"  {name,-45} {ms,7} ms {100.0 * ms / Math.Max(1, sum),5:F1}% {mb,6} MB allocated");
            output.WriteLine($"  {"total",-45} {sum,7} ms; {sorted.Count} diagnostics; {allocation.Changes.Count} lock changes");
        }
        return text;
    }
}
