using System.CommandLine;
using EvpnCompile.Cli.Diff;
using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Core;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Cli.Commands;

/// <summary>
/// `evpnc diff [PATHS...] --base REF`: renders the inputs as they are at git REF (read through git)
/// and as they are now, and reports per node and file what changes and what must reload.
/// Exit 0 no change, 3 changes, 1 errors in either revision (the message says which), 2 usage.
/// </summary>
public static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "Input files and folders (default: .).", Arity = ArgumentArity.ZeroOrMore };
        var baseRef = new Option<string>("--base") { Description = "The git revision to compare with (a branch, tag or commit).", Required = true };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown", "json", "sarif");
        var lockOption = CommonOptions.Lock();
        var command = new Command("diff", "Show what a change of the inputs changes in the rendered files, per node, against a git revision.")
        {
            paths, baseRef, format, lockOption,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            string[] inputs = parse.GetValue(paths) is { Length: > 0 } p ? p : ["."];
            string revision = parse.GetValue(baseRef)!;
            string? git = ToolRunner.Find("git");
            if (git is null) return Usage(context, "git not found; diff reads the base revision through git");
            string? root = await GitRevision.FindRootAsync(git, context.WorkingDirectory, cancellation);
            if (root is null) return Usage(context, "not inside a git repository");
            var gitRevision = new GitRevision(git, root, revision);
            if (!await gitRevision.ExistsAsync(cancellation)) return Usage(context, $"no git revision '{revision}'");

            var now = CompileInputs.BuildInMemory(context.WorkingDirectory, inputs, parse.GetValue(lockOption)).Built!;
            var before = await BuildAtRevision(context, gitRevision, inputs, parse.GetValue(lockOption), cancellation);
            string fmt = parse.GetValue(format)!;
            if (before.HasErrors || now.HasErrors)
            {
                if (fmt == "sarif") Output.SarifWriter.Write(context.Out, now.Diagnostics);
                else
                {
                    if (before.HasErrors) Report(context, $"errors in the base revision {revision}:", before.Diagnostics);
                    if (now.HasErrors) Report(context, "errors in the working tree:", now.Diagnostics);
                }
                return ExitCodes.InputErrors;
            }
            var diff = FabricDiff.Compare(revision, before.Files!, now.Files!, before.Model!, now.Model!);
            diff = await WithReloadDeltas(diff, before, now, cancellation);
            switch (fmt)
            {
                case "markdown": DiffPrinter.WriteMarkdown(context.Out, diff); break;
                case "json": DiffPrinter.WriteJson(context.Out, diff); break;
                case "sarif": Output.SarifWriter.Write(context.Out, now.Diagnostics); break;
                default: DiffPrinter.WriteText(context.Out, diff); break;
            }
            return diff.IsEmpty ? ExitCodes.Success : ExitCodes.OutOfDate;
        });
        return command;
    }

    private static int Usage(CliContext context, string message)
    {
        context.Error.Write($"evpnc: {message}\n");
        return ExitCodes.Usage;
    }

    private static void Report(CliContext context, string header, IReadOnlyList<Diagnostic> diagnostics)
    {
        context.Out.Write(header + "\n");
        Output.DiagnosticFormatter.WriteText(context.Out, diagnostics, "");
    }

    /// <summary>Builds the inputs as they are at the revision: the same PATHS and lock location, read through git.</summary>
    private static async Task<BuildResult> BuildAtRevision(CliContext context, GitRevision git, IReadOnlyList<string> paths, string? lockOption,
        CancellationToken cancellation)
    {
        var collector = new InputCollector(context.WorkingDirectory);
        var files = new List<SourceFile>();
        var failures = new List<Diagnostic>();
        foreach (var path in paths)
            foreach (var (repoPath, full) in await git.ListAsync(collector.FullPath(path), cancellation))
            {
                string shown = collector.DisplayPath(full);
                if (files.Any(f => f.Path == shown)) continue;
                var (text, failure) = await git.ReadAsync(repoPath, shown, cancellation);
                if (failure is not null) failures.Add(failure);
                else if (text is not null) files.Add(new SourceFile(shown, text));
            }
        string lockFull = CompileInputs.LockPath(collector, paths, lockOption);
        string lockShown = collector.DisplayPath(lockFull);
        var (lockText, _) = await git.ReadAsync(Path.GetRelativePath(git.RepoRoot, lockFull).Replace('\\', '/'), lockShown, cancellation);
        var request = new CompileRequest(files, lockText is null ? null : new SourceFile(lockShown, lockText), lockShown, false, failures);
        return Compiler.Build(request);
    }

    /// <summary>For every changed frr.conf, what frr-reload.py would do on the node (when FRR is installed here).</summary>
    private static async Task<FabricDiff> WithReloadDeltas(FabricDiff diff, BuildResult before, BuildResult now, CancellationToken cancellation)
    {
        var reload = new FrrReloadDelta();
        if (reload.Unavailable is not null) return diff;
        var old = before.Files!.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var fresh = now.Files!.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var scratch = Directory.CreateTempSubdirectory("evpnc-diff-");
        try
        {
            var files = new List<FileChange>();
            foreach (var f in diff.Files)
            {
                if (f.Kind != ChangeKind.Changed || !f.Path.EndsWith("/etc/frr/frr.conf", StringComparison.Ordinal)) { files.Add(f); continue; }
                string a = Path.Combine(scratch.FullName, "old.conf");
                string dir = Path.Combine(scratch.FullName, "new");
                string b = Path.Combine(dir, f.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(b)!);
                await File.WriteAllTextAsync(a, old[f.Path], cancellation);
                await File.WriteAllTextAsync(b, fresh[f.Path], cancellation);
                var report = await reload.CheckAsync(a, dir, f.Path, cancellation);
                files.Add(f with { ReloadDelta = report.Detail ?? string.Join("; ", report.Findings) });
            }
            return diff with { Files = files };
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
