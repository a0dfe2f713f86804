using System.CommandLine;
using EvpnCompile.Cli.Diff;
using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Core;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Loading;

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
            if (inputs.Contains(InputPaths.StdinArgument))
                return CommonOptions.Usage(context, "diff reads its inputs at two revisions; standard input ('-') has no base revision");
            string revision = parse.GetValue(baseRef)!;
            string? git = ToolRunner.Find("git");
            if (git is null) return CommonOptions.Usage(context, "git not found; diff reads the base revision through git");
            string? root = await GitRevisionSource.FindRootAsync(git, context.WorkingDirectory, cancellation);
            if (root is null) return CommonOptions.Usage(context, "not inside a git repository");
            var atBase = new GitRevisionSource(git, root, revision);
            if (!await atBase.ExistsAsync(cancellation)) return CommonOptions.Usage(context, $"no git revision '{revision}'");

            // One reader, two sources: the same PATHS and lock location, now and at the base revision.
            var names = new InputPaths(context.WorkingDirectory);
            string? lockOpt = parse.GetValue(lockOption);
            var now = Compiler.Build((await new InputReader(new WorkingTreeSource(), names, LoadLimits.Default)
                .ReadAsync(inputs, lockOpt, locked: false, cancellation)).Request);
            var before = Compiler.Build((await new InputReader(atBase, names, LoadLimits.Default)
                .ReadAsync(inputs, lockOpt, locked: false, cancellation)).Request);
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

    private static void Report(CliContext context, string header, IReadOnlyList<Diagnostic> diagnostics)
    {
        context.Out.Write(header + "\n");
        Output.DiagnosticFormatter.WriteText(context.Out, diagnostics, "");
    }

    /// <summary>For every changed frr.conf, what frr-reload.py would do on the node (when FRR is installed here).</summary>
    private static async Task<FabricDiff> WithReloadDeltas(FabricDiff diff, BuildResult before, BuildResult now, CancellationToken cancellation)
    {
        var reload = new FrrReloadDelta();
        if (reload.Unavailable is not null) return diff;
        var old = before.Files!.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var fresh = now.Files!.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var frrConfs = now.Files!.Where(f => f.Kind == OutputKind.FrrConf).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var scratch = Directory.CreateTempSubdirectory("evpnc-diff-");
        try
        {
            var files = new List<FileChange>();
            foreach (var f in diff.Files)
            {
                if (f.Kind != ChangeKind.Changed || !frrConfs.Contains(f.Path)) { files.Add(f); continue; }
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
