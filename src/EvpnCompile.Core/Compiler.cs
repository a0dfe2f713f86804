using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Checks;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Lowering;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Semantics;
using EvpnCompile.Core.Text;
using EvpnCompile.Core.Validation;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core;

/// <param name="Inputs">every input file's text; the order does not matter.</param>
/// <param name="Lock">the current lock file, or null when there is none yet.</param>
/// <param name="LockPath">where the lock lives (for diagnostics about it).</param>
/// <param name="Locked">--locked: any needed change to the lock is an error.</param>
/// <param name="ReadFailures">problems the caller met while reading inputs (EVPN002).</param>
public sealed record CompileRequest(
    IReadOnlyList<SourceFile> Inputs, SourceFile? Lock, string LockPath, bool Locked = false,
    IReadOnlyList<Diagnostic>? ReadFailures = null, LoadLimits? Limits = null);

/// <param name="LockText">the lock file as it must be after this run (null when allocation could not run).</param>
/// <param name="LockChanged">whether <paramref name="LockText"/> differs from the lock that was given.</param>
public sealed record CompileResult(
    IReadOnlyList<Diagnostic> Diagnostics, InputSet? Input, ResolvedFabric? Fabric,
    string? LockText, bool LockChanged, int DocumentCount)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Only --locked complaints stand in the way: the inputs are fine, the lock is stale.</summary>
    public bool OnlyOutOfDate => HasErrors && Diagnostics.Where(d => d.IsError).All(d => d.Code == C.LockOutOfDateEntry.Code);
}

/// <param name="Files">the whole output tree, sorted by path; null when any error was found.</param>
public sealed record BuildResult(CompileResult Compile, IReadOnlyList<Diagnostic> Diagnostics, FabricModel? Model, IReadOnlyList<OutputFile>? Files)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>The compiler's entries: text in; diagnostics, an allocated fabric and rendered files out. No I/O.</summary>
public static class Compiler
{
    /// <summary>Compile, then lower to the network model, check it, and render every output file.</summary>
    /// <param name="maxParallelism">render threads (-1: all cores); the bytes never depend on it.</param>
    public static BuildResult Build(CompileRequest request, int maxParallelism = -1)
    {
        var prepared = Prepare(request);
        if (prepared.HasErrors || prepared.Model is null) return prepared;
        return prepared with { Files = OutputPlan.Render(prepared.Model, maxParallelism) };
    }

    /// <summary>
    /// Everything <see cref="Build"/> does but rendering: the checked model, with Files null. The caller
    /// renders from <see cref="OutputPlan.Plan"/> only what it needs (an incremental, streaming build).
    /// </summary>
    public static BuildResult Prepare(CompileRequest request) => Lower(Compile(request));

    /// <summary>Lowering and model checks of an already compiled fabric (Files null).</summary>
    public static BuildResult Lower(CompileResult compiled)
    {
        if (compiled.HasErrors || compiled.Fabric is null || compiled.Input is null)
            return new BuildResult(compiled, compiled.Diagnostics, null, null);
        var model = FabricLowering.Lower(compiled.Input, compiled.Fabric);
        var sink = new DiagnosticSink();
        foreach (var d in compiled.Diagnostics) sink.Add(d);
        ModelChecks.Check(model, compiled.Input, sink);
        return new BuildResult(compiled, sink.Sorted(), model, null);
    }

    public static CompileResult Compile(CompileRequest request)
    {
        var sink = new DiagnosticSink();
        var limits = request.Limits ?? LoadLimits.Default;
        foreach (var d in request.ReadFailures ?? []) sink.Add(d);
        bool allLoaded = request.ReadFailures is not { Count: > 0 };

        // Pass 1-2: load and validate each file on its own.
        var candidates = new List<DocumentTable.Candidate>();
        var files = request.Inputs.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var budget = new LoadBudget();
        foreach (var file in files)
        {
            int before = sink.ErrorCount;
            var documents = YamlLoader.Load(file, limits, budget, sink);
            if (sink.ErrorCount > before) allLoaded = false;
            foreach (var doc in documents) candidates.Add(new(doc, SchemaValidator.Validate(doc, sink)));
        }

        // Pass 3-4: the documents as one fabric, and every cross-document rule.
        var input = DocumentTable.Build(candidates, allLoaded, files.FirstOrDefault()?.Path, sink);
        var placement = TenantPlacement.Resolve(input);
        ReferenceChecks.Check(input, placement, sink);
        UniquenessChecks.Check(input, sink);
        AddressingChecks.Check(input, placement, sink);
        Ipv6AddressingChecks.Check(input, placement, sink);
        MtuCheck.Check(input, sink);
        NetworkPolicySizeCheck.Check(input, sink);
        ConsentChecks.Check(input, sink);
        LeakOverlapChecks.Check(input, sink);
        TopologyChecks.Check(input, sink);

        // Pass 5-6: allocation against the lock, then the rules that need final values.
        ResolvedFabric? resolved = null;
        string? lockText = null;
        bool lockChanged = false;
        if (input.Fabric is { } fabric && PoolChecks.Check(fabric, sink))
        {
            LockFile? previous = request.Lock is null ? null : LockFileReader.Read(request.Lock, limits, sink);
            if (request.Lock is null || previous is not null)
            {
                var allocation = Allocator.Allocate(input, fabric, placement, previous, request.LockPath, sink);
                resolved = allocation.Fabric;
                if (resolved is not null) ResolvedChecks.Check(input, resolved, allocation.Lock, sink);
                lockText = LockFileWriter.Write(allocation.Lock);
                lockChanged = lockText != request.Lock?.Text;
                if (lockChanged && request.Locked) ReportOutOfDate(request, allocation.Changes, sink);
            }
        }
        return new CompileResult(sink.Sorted(), input, sink.HasErrors ? null : resolved, lockText, lockChanged, candidates.Count);
    }

    private static void ReportOutOfDate(CompileRequest request, IReadOnlyList<LockChange> changes, DiagnosticSink sink)
    {
        if (changes.Count == 0)
        {
            string what = request.Lock is null ? "create it" : "rewrite it in its canonical form";
            sink.Add(C.LockOutOfDate(SourceSpan.FileStart(request.LockPath), what));
            return;
        }
        foreach (var change in changes) sink.Add(C.LockOutOfDate(change.At, change.Description));
    }
}
