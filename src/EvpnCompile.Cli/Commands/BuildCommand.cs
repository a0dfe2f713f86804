using System.CommandLine;
using System.Text;
using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Output;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Cli.Commands;

/// <summary>`evpnc build PATHS... -o OUT`: compile and write the whole output tree, or check it (--check).</summary>
public static class BuildCommand
{
    public static Command Create(CliContext context)
    {
        var paths = CommonOptions.Paths();
        var output = new Option<string>("--output", "-o") { Description = "The output folder (owned by evpnc: files it did not render are removed).", Required = true };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 3 with a diff when the output folder is not what the inputs produce." };
        var verify = new Option<bool>("--verify") { Description = "Before writing, check every file with the real programs (as evpnc verify); any rejection: nothing is written." };
        var lockTimeout = new Option<int>("--lock-timeout")
        {
            Description = "Seconds to wait while another build holds the output folder's lock (0: do not wait); then exit 75 and write nothing.",
            DefaultValueFactory = _ => 300,
        };
        lockTimeout.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--lock-timeout: seconds, 0 or more"); });
        var progress = new Option<string>("--progress")
        {
            Description = "A progress line on stderr: auto (when stderr is a terminal, outside CI, and the tree is large), always, never.",
            DefaultValueFactory = _ => "auto",
        };
        progress.AcceptOnlyFromAmong("auto", "always", "never");
        var format = CommonOptions.Format("sarif");
        var lockOption = CommonOptions.Lock();
        var locked = CommonOptions.Locked();
        var limits = CommonOptions.Limits();
        var verbose = CommonOptions.Verbose();
        var command = new Command("build", "Compile the inputs and render the output tree: FRR, host networking, CNI, Kubernetes, inventory, docs.")
        {
            paths, output, check, verify, lockTimeout, progress, format, lockOption, locked, limits, verbose,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            string outDir = Path.GetFullPath(parse.GetValue(output)!, context.WorkingDirectory);
            string shownOut = new InputPaths(context.WorkingDirectory).DisplayPath(outDir);
            bool checkOnly = parse.GetValue(check);
            string[] args = parse.GetValue(paths)!;
            string? lockFile = parse.GetValue(lockOption);
            bool lockedRun = parse.GetValue(locked) || checkOnly;
            if (InputReader.UsageProblem(args, lockFile, lockedRun) is { } usage) return CommonOptions.Usage(context, usage);
            // A plain build walks OUT while the inputs are read and compiled (another core): with unchanged inputs,
            // that walk is all it takes to prove OUT is what the last build left (IncrementalBuild.UpToDate).
            var probe = checkOnly || parse.GetValue(verify) ? null : Task.Run(() => ProbeOrNull(outDir), cancellation);
            var reader = InputReader.WorkingTree(context, CommonOptions.ToLimits(parse.GetValue(limits)), outputFolder: outDir);
            var inputs = await reader.ReadAsync(args, lockFile, lockedRun, cancellation);
            CommonOptions.NoteStdinWithoutLock(context, inputs);
            if (parse.GetValue(verbose)) inputs.WriteSkipped(context.Error);
            // Lowering waits until the lock is held: a build whose inputs did not change does not need it.
            var build = Compiled(inputs);
            int Report(IReadOnlyList<Diagnostic> diagnostics, string summary, int exit)
            {
                var sorted = diagnostics.ToList();
                sorted.Sort(Diagnostic.Compare);
                CommonOptions.WriteDiagnostics(context, parse.GetValue(format)!, sorted, summary + inputs.SkippedNote);
                return exit;
            }
            // Bad input writes nothing, not even the lock file: the lock is taken only for a tree that may be written.
            if (build.HasErrors || build.Compile.Fabric is null) return Report(build.Diagnostics, $"; nothing written to {shownOut}", ExitCodes.For(build.Diagnostics));

            int seconds = parse.GetValue(lockTimeout);
            OutputLock? held;
            try
            {
                held = await OutputLock.AcquireAsync(outDir, exclusive: !checkOnly, TimeSpan.FromSeconds(seconds),
                    () => context.Error.Write($"evpnc: another evpnc build is writing {shownOut}; waiting for it (up to {seconds} s, --lock-timeout)\n"),
                    cancellation);
            }
            catch (OperationCanceledException)
            {
                context.Error.Write($"evpnc: interrupted while waiting for another build of {shownOut}; nothing written\n");
                return ExitCodes.Interrupted;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Report([.. build.Diagnostics, DiagnosticCatalog.UnwritableOutputTree(SourceSpan.WholeFile(shownOut), ex.Message)],
                    $"; {shownOut} not written", ExitCodes.InputErrors);
            }
            if (held is null)
            {
                context.Error.Write($"evpnc: another evpnc build still holds the lock of {shownOut} after {seconds} s (--lock-timeout); nothing written\n");
                return Report(build.Diagnostics, $"; nothing written to {shownOut}: another build holds its lock", ExitCodes.Busy);
            }
            using (held)
            {
                if (held.Waited) context.Error.Write($"evpnc: the other build of {shownOut} has finished; comparing with what it wrote\n");
                if (!await reader.LockUnchangedAsync(inputs, cancellation))
                {
                    // Another build of the same inputs recorded allocations while this one compiled: start from its lock file.
                    inputs = await reader.ReadAsync(args, lockFile, lockedRun, cancellation);
                    build = Compiled(inputs);
                    if (build.HasErrors || build.Compile.Fabric is null) return Report(build.Diagnostics, $"; nothing written to {shownOut}", ExitCodes.For(build.Diagnostics));
                }
                // A build that held the lock has changed OUT since the walk began: walk again, under the lock.
                var walked = probe is null || held.Waited ? null : await probe;
                return await CompareAndWrite(context, inputs, build, outDir, shownOut, checkOnly, parse.GetValue(verify), parse.GetValue(progress)!, Report,
                    walked, cancellation);
            }
        });
        return command;
    }

    private static IncrementalBuild.TreeProbe? ProbeOrNull(string outDir)
    {
        // Anything odd about OUT (unreadable, vanishing while walked): no probe, and the build decides under the lock.
        // It walks beside the compiler, which runs on one thread: the walk leaves the compiler a core of its own.
        try { return IncrementalBuild.Probe(outDir, threads: Math.Max(1, Environment.ProcessorCount - 1)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }

    private static BuildResult Compiled(CompileInputs inputs)
    {
        var compiled = Compiler.Compile(inputs.Request);
        return new BuildResult(compiled, compiled.Diagnostics, null, null);
    }

    /// <summary>Under the output lock: compare with OUT, then check (--check), verify (--verify) and swap the new tree in.</summary>
    private static async Task<int> CompareAndWrite(CliContext context, CompileInputs inputs, BuildResult build, string outDir, string shownOut,
        bool checkOnly, bool verify, string progress, Func<IReadOnlyList<Diagnostic>, string, int, int> report, IncrementalBuild.TreeProbe? probe,
        CancellationToken cancellation)
    {
        string? inputsHash = null;
        if (!checkOnly && !verify)
        {
            // The same inputs as the last build, and OUT untouched since: nothing to lower, render or compare.
            inputsHash = IncrementalBuild.InputsHash(inputs.Request.Inputs, build.Compile.LockText);
            if (IncrementalBuild.UpToDate(outDir, inputsHash, probe) is { } count)
            {
                if (WriteAll(inputs, build, new TreeComparison(outDir, [], [], [], new HashSet<string>()), outDir, shownOut) is { } failed)
                    return report([.. build.Diagnostics, failed], $"; {shownOut} not written", ExitCodes.InputErrors);
                return report(build.Diagnostics, $"; {shownOut} unchanged ({count} files)", ExitCodes.Success);
            }
        }
        if (!checkOnly && !verify) return WriteIncrementally(context, inputs, build.Compile, outDir, shownOut, progress, inputsHash, report);
        build = Compiler.Lower(build.Compile);
        if (build.HasErrors || build.Model is null) return report(build.Diagnostics, $"; nothing written to {shownOut}", ExitCodes.For(build.Diagnostics));
        // --check and --verify need the whole rendered tree (a diff, a scratch copy to verify).
        var files = Core.Emit.OutputPlan.Render(build.Model!);
        build = build with { Files = files };
        var comparison = OutputTree.Compare(outDir, files);
        if (checkOnly)
        {
            if (!comparison.IsUnchanged) WriteDiff(context.Out, files, comparison);
            return report(build.Diagnostics,
                comparison.IsUnchanged ? $"; {shownOut} is up to date" : $"; {shownOut} is out of date: {Counts(comparison)}",
                comparison.IsUnchanged ? ExitCodes.Success : ExitCodes.OutOfDate);
        }
        if (verify && await VerifyFirst(context, files, outDir, shownOut, cancellation) is { } rejected)
            return report(build.Diagnostics, $"; {rejected}; nothing written to {shownOut}", ExitCodes.InputErrors);

        var failure = WriteAll(inputs, build, comparison, outDir, shownOut);
        if (failure is not null) return report([.. build.Diagnostics, failure], $"; {shownOut} not written", ExitCodes.InputErrors);
        if (!comparison.IsUnchanged) ListChanges(context.Out, comparison);
        return report(build.Diagnostics,
            comparison.IsUnchanged ? $"; {shownOut} unchanged ({comparison.Unchanged} files)" : $"; {shownOut}: {Counts(comparison)}",
            ExitCodes.Success);
    }

    /// <summary>
    /// The plain build: lowers one node at a time and renders only what changed (fingerprints beside OUT), streaming it to
    /// disk; the model checks run as the nodes are lowered, and any error leaves OUT, its state and the lock file untouched.
    /// </summary>
    private static int WriteIncrementally(CliContext context, CompileInputs inputs, CompileResult compiled, string outDir, string shownOut,
        string progressMode, string? inputsHash, Func<IReadOnlyList<Diagnostic>, string, int, int> report)
    {
        var plan = new Core.Emit.NodeByNodePlan(compiled);
        // Roughly the tree's size before it is planned: a CNI file per host and tenant, a few files per node.
        long estimated = compiled.Fabric!.Tenants.Sum(t => (long)t.Hosts.Count) + 4L * compiled.Fabric.Nodes.Count;
        var progress = BuildProgress.Enabled(progressMode, context.ErrorIsTerminal, (int)Math.Min(estimated, int.MaxValue))
            ? new BuildProgress(context.Error, context.ErrorIsTerminal) : null;
        Diagnostic? lockFailure = null;
        bool Commit()
        {
            if (plan.HasErrors) return false;
            if (compiled.LockChanged && compiled.LockText is not null && inputs.LockFullPath is not null)
                lockFailure = AtomicFile.TryWrite(inputs.LockFullPath, compiled.LockText, inputs.LockDisplayPath);
            return lockFailure is null;
        }
        TreeComparison? comparison;
        try
        {
            comparison = IncrementalBuild.Run(outDir, IncrementalBuild.PlanSource.NodeByNode(plan), -1, progress, inputsHash, Commit);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            progress?.Finish();
            return report([.. compiled.Diagnostics, DiagnosticCatalog.UnwritableOutputTree(SourceSpan.WholeFile(shownOut), ex.Message)],
                $"; {shownOut} not written", ExitCodes.InputErrors);
        }
        if (comparison is null)
        {
            progress?.Finish();
            return lockFailure is not null
                ? report([.. plan.Diagnostics, lockFailure], $"; {shownOut} not written", ExitCodes.InputErrors)
                : report(plan.Diagnostics, $"; nothing written to {shownOut}", ExitCodes.For(plan.Diagnostics));
        }
        if (!comparison.IsUnchanged) ListChanges(context.Out, comparison);
        return report(plan.Diagnostics,
            comparison.IsUnchanged ? $"; {shownOut} unchanged ({comparison.Unchanged} files)" : $"; {shownOut}: {Counts(comparison)}",
            ExitCodes.Success);
    }

    private static Diagnostic? WriteAll(CompileInputs inputs, BuildResult build, TreeComparison comparison, string outDir, string shownOut)
    {
        var result = build.Compile;
        if (result.LockChanged && result.LockText is not null && inputs.LockFullPath is not null
            && AtomicFile.TryWrite(inputs.LockFullPath, result.LockText, inputs.LockDisplayPath) is { } lockFailure)
            return lockFailure;
        try
        {
            OutputTree.RemoveAbandonedStaging(outDir);
            if (comparison.IsUnchanged) return null;
            OutputTree.Write(outDir, build.Files!, comparison);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The output folder has no line to point at: the diagnostic names the path alone.
            return DiagnosticCatalog.UnwritableOutputTree(SourceSpan.WholeFile(shownOut), ex.Message);
        }
    }

    /// <summary>Writes the tree to a scratch folder, verifies it there (with the frr-reload delta against OUT).</summary>
    /// <returns>null when every validator accepted every file; else a short reason.</returns>
    private static async Task<string?> VerifyFirst(CliContext context, IReadOnlyList<EvpnCompile.Core.Emit.OutputFile> files, string outDir,
        string shownOut, CancellationToken cancellation)
    {
        var scratch = Directory.CreateTempSubdirectory("evpnc-verify-");
        try
        {
            foreach (var f in files)
            {
                string target = Path.Combine(scratch.FullName, f.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, new System.Text.UTF8Encoding(false).GetBytes(f.Content), cancellation);
            }
            var reports = await TreeVerifier.VerifyAsync(scratch.FullName, Directory.Exists(outDir) ? outDir : null, cancellation);
            VerifyPrinter.WriteText(context.Out, reports, shownOut, showPasses: false);
            int failed = reports.Count(r => r.Outcome == VerifyOutcome.Failed);
            return failed == 0 ? null : $"{failed} check(s) rejected the rendered files";
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static string Counts(TreeComparison c) =>
        $"{c.Added.Count} added, {c.Changed.Count} changed, {c.Removed.Count} removed, {c.Unchanged} unchanged";

    /// <summary>
    /// One line per file, handed to <paramref name="output"/> 64 KiB at a time: the console writes each Write at once, and a
    /// cold build of a large fabric lists half a million files.
    /// </summary>
    private static void ListChanges(TextWriter output, TreeComparison c)
    {
        var chunk = new StringBuilder();
        void Line(string verb, string path)
        {
            chunk.Append("  ").Append(verb).Append(path).Append('\n');
            if (chunk.Length >= 1 << 16) { output.Write(chunk.ToString()); chunk.Clear(); }
        }
        foreach (var p in c.Added) Line("added    ", p);
        foreach (var p in c.Changed) Line("changed  ", p);
        foreach (var p in c.Removed) Line("removed  ", p);
        output.Write(chunk.ToString());
    }

    private static void WriteDiff(TextWriter output, IReadOnlyList<EvpnCompile.Core.Emit.OutputFile> files, TreeComparison c)
    {
        var byPath = files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        foreach (var path in c.Added.Concat(c.Changed).Concat(c.Removed).Order(StringComparer.Ordinal))
            output.Write(UnifiedDiff.Create(path, c.Removed.Contains(path) || c.Changed.Contains(path) ? c.ReadExisting(path) : null,
                byPath.GetValueOrDefault(path)));
    }
}
