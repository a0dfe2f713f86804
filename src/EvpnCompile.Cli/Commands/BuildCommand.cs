using System.CommandLine;
using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Output;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Diagnostics;

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
        var format = CommonOptions.Format("sarif");
        var lockOption = CommonOptions.Lock();
        var locked = CommonOptions.Locked();
        var limits = CommonOptions.Limits();
        var command = new Command("build", "Compile the inputs and render the output tree: FRR, host networking, CNI, Kubernetes, inventory, docs.")
        {
            paths, output, check, verify, format, lockOption, locked, limits,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            string outDir = Path.GetFullPath(parse.GetValue(output)!, context.WorkingDirectory);
            bool checkOnly = parse.GetValue(check);
            var run = CompileInputs.Build(context.WorkingDirectory, parse.GetValue(paths)!, parse.GetValue(lockOption), parse.GetValue(locked) || checkOnly, outDir,
                CommonOptions.ToLimits(parse.GetValue(limits)));
            var build = run.Built!;
            var diagnostics = build.Diagnostics.ToList();
            string shownOut = new InputCollector(context.WorkingDirectory).DisplayPath(outDir);
            string summary;
            int exit;
            if (build.Files is null)
            {
                summary = $"; nothing written to {shownOut}";
                exit = build.Compile.OnlyOutOfDate ? ExitCodes.OutOfDate : ExitCodes.InputErrors;
            }
            else
            {
                var comparison = OutputTree.Compare(outDir, build.Files);
                if (checkOnly)
                {
                    if (!comparison.IsUnchanged) WriteDiff(context.Out, build.Files, comparison);
                    summary = comparison.IsUnchanged ? $"; {shownOut} is up to date" : $"; {shownOut} is out of date: {Counts(comparison)}";
                    exit = comparison.IsUnchanged ? ExitCodes.Success : ExitCodes.OutOfDate;
                }
                else if (parse.GetValue(verify) && await VerifyFirst(context, build.Files, outDir, shownOut, cancellation) is { } rejected)
                {
                    summary = $"; {rejected}; nothing written to {shownOut}";
                    exit = ExitCodes.InputErrors;
                }
                else
                {
                    var failure = WriteAll(run, build.Files, comparison, outDir, shownOut);
                    if (failure is not null) diagnostics.Add(failure);
                    summary = failure is not null ? $"; {shownOut} not written"
                        : comparison.IsUnchanged ? $"; {shownOut} unchanged ({comparison.Unchanged} files)"
                        : $"; {shownOut}: {Counts(comparison)}";
                    exit = failure is null ? ExitCodes.Success : ExitCodes.InputErrors;
                    if (failure is null && !comparison.IsUnchanged) ListChanges(context.Out, comparison);
                }
            }
            diagnostics.Sort(Diagnostic.Compare);
            CommonOptions.WriteDiagnostics(context, parse.GetValue(format)!, diagnostics, summary);
            return exit;
        });
        return command;
    }

    private static Diagnostic? WriteAll(CompileInputs run, IReadOnlyList<EvpnCompile.Core.Emit.OutputFile> files, TreeComparison comparison, string outDir, string shownOut)
    {
        var result = run.Built!.Compile;
        if (result.LockChanged && result.LockText is not null && AtomicFile.TryWrite(run.LockFullPath, result.LockText, run.LockDisplayPath) is { } lockFailure)
            return lockFailure;
        try
        {
            OutputTree.RemoveAbandonedStaging(outDir);
            if (comparison.IsUnchanged) return null;
            OutputTree.Write(outDir, files, comparison);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DiagnosticCatalog.UnwritableOutput(EvpnCompile.Core.Text.SourceSpan.FileStart(shownOut), ex.Message);
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

    private static void ListChanges(TextWriter output, TreeComparison c)
    {
        foreach (var p in c.Added) output.Write($"  added    {p}\n");
        foreach (var p in c.Changed) output.Write($"  changed  {p}\n");
        foreach (var p in c.Removed) output.Write($"  removed  {p}\n");
    }

    private static void WriteDiff(TextWriter output, IReadOnlyList<EvpnCompile.Core.Emit.OutputFile> files, TreeComparison c)
    {
        var byPath = files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        foreach (var path in c.Added.Concat(c.Changed).Concat(c.Removed).Order(StringComparer.Ordinal))
            output.Write(UnifiedDiff.Create(path, c.Removed.Contains(path) || c.Changed.Contains(path) ? c.ReadExisting(path) : null,
                byPath.GetValueOrDefault(path)));
    }
}
