using System.CommandLine;
using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Output;
using EvpnCompile.Core;

namespace EvpnCompile.Cli.Commands;

/// <summary>`evpnc validate PATHS...`: check the inputs, allocate, keep the lock file up to date.</summary>
public static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var paths = CommonOptions.Paths();
        var format = CommonOptions.Format("sarif");
        var lockOption = CommonOptions.Lock();
        var locked = CommonOptions.Locked();
        var limits = CommonOptions.Limits();
        var verbose = CommonOptions.Verbose();
        var command = new Command("validate", "Check the input YAML, allocate every 'auto' value and update the lock file.")
        {
            paths, format, lockOption, locked, limits, verbose,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            string[] args = parse.GetValue(paths)!;
            if (InputReader.UsageProblem(args, parse.GetValue(lockOption), parse.GetValue(locked)) is { } usage) return CommonOptions.Usage(context, usage);
            var inputs = await InputReader.WorkingTree(context, CommonOptions.ToLimits(parse.GetValue(limits)))
                .ReadAsync(args, parse.GetValue(lockOption), parse.GetValue(locked), cancellation);
            CommonOptions.NoteStdinWithoutLock(context, inputs);
            if (parse.GetValue(verbose)) inputs.WriteSkipped(context.Error);
            var result = Compiler.Compile(inputs.Request);
            var diagnostics = result.Diagnostics;
            bool writeLock = !result.HasErrors && result.LockChanged && result.LockText is not null && inputs.LockFullPath is not null;
            if (writeLock && AtomicFile.TryWrite(inputs.LockFullPath!, result.LockText!, inputs.LockDisplayPath) is { } failure)
            {
                diagnostics = [.. diagnostics, failure];
                writeLock = false;
            }

            string lockNote = inputs.WithoutLockFile ? "no lock file written"
                : writeLock ? $"{inputs.LockDisplayPath} updated"
                : result.LockText is null ? "nothing allocated"
                : diagnostics.Any(d => d.IsError) && result.LockChanged ? $"{inputs.LockDisplayPath} not written"
                : $"{inputs.LockDisplayPath} unchanged";
            CommonOptions.WriteDiagnostics(context, parse.GetValue(format)!, diagnostics,
                $" in {inputs.FileCountText} ({result.DocumentCount} document{(result.DocumentCount == 1 ? "" : "s")}); {lockNote}{inputs.SkippedNote}",
                json =>
                {
                    if (inputs.WithoutLockFile) json.WriteNull("lockFile");
                    else json.WriteString("lockFile", inputs.LockDisplayPath);
                    json.WriteBoolean("lockWritten", writeLock);
                    json.WriteStartArray("skippedFiles");
                    foreach (var file in inputs.Skipped) json.WriteStringValue(file);
                    json.WriteEndArray();
                });
            return ExitCodes.For(diagnostics);
        });
        return command;
    }
}
