using BenchmarkDotNet.Attributes;
using EvpnCompile.Core;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Benchmarks;

/// <summary>
/// Compiler.Compile on an in-memory generated fabric (no file I/O): a first run that creates the
/// lock, and a run against the lock the first run produced (the everyday `evpnc validate`).
/// Short job on purpose: the 1000 x 250 case takes seconds per operation.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class CompileBenchmarks
{
    public const string LockPath = "evpnc.lock.yaml";

    /// <summary>hosts x tenants.</summary>
    [Params("100x25", "1000x250")]
    public string Size { get; set; } = "100x25";

    private List<SourceFile> files = [];
    private SourceFile? lockFile;

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split('x');
        files = FabricGenerator.Generate(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture))
            .Select(f => new SourceFile(f.Path, f.Text)).ToList();
        var first = Compiler.Compile(new CompileRequest(files, null, LockPath));
        if (first.Diagnostics.Count > 0 || first.LockText is null)
            throw new InvalidOperationException($"generated {Size} fabric is not clean: {first.Diagnostics.Count} diagnostics, first: {first.Diagnostics.FirstOrDefault()?.Message}");
        lockFile = new SourceFile(LockPath, first.LockText);
        var second = Compiler.Compile(new CompileRequest(files, lockFile, LockPath));
        if (second.Diagnostics.Count > 0 || second.LockChanged)
            throw new InvalidOperationException($"generated {Size} fabric: the second run is not clean or changed the lock");
    }

    [Benchmark(Description = "Compile, no lock (first run)")]
    public CompileResult FirstRun() => Compiler.Compile(new CompileRequest(files, null, LockPath));

    [Benchmark(Description = "Compile, with lock")]
    public CompileResult WithLock() => Compiler.Compile(new CompileRequest(files, lockFile, LockPath));
}
