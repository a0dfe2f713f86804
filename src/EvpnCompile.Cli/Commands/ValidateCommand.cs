using System.CommandLine;
using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Output;

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
        var command = new Command("validate", "Check the input YAML, allocate every 'auto' value and update the lock file.")
        {
            paths, format, lockOption, locked, limits,
        };
        command.SetAction(parse =>
        {
            var run = CompileInputs.Compile(context.WorkingDirectory, parse.GetValue(paths)!, parse.GetValue(lockOption), parse.GetValue(locked),
                CommonOptions.ToLimits(parse.GetValue(limits)));
            var result = run.Result;
            bool writeLock = !result.HasErrors && result.LockChanged && result.LockText is not null;
            if (writeLock && AtomicFile.TryWrite(run.LockFullPath, result.LockText!, run.LockDisplayPath) is { } failure)
            {
                result = result with { Diagnostics = [.. result.Diagnostics, failure] };
                writeLock = false;
            }

            string lockNote = writeLock ? $"{run.LockDisplayPath} updated" : result.LockText is null ? "nothing allocated" : $"{run.LockDisplayPath} unchanged";
            if (result.HasErrors && result.LockText is not null && result.LockChanged) lockNote = $"{run.LockDisplayPath} not written";
            CommonOptions.WriteDiagnostics(context, parse.GetValue(format)!, result.Diagnostics,
                $" in {run.FileCount} file{(run.FileCount == 1 ? "" : "s")} ({result.DocumentCount} document{(result.DocumentCount == 1 ? "" : "s")}); {lockNote}",
                json =>
                {
                    json.WriteString("lockFile", run.LockDisplayPath);
                    json.WriteBoolean("lockWritten", writeLock);
                });
            return CommonOptions.ExitCode(result);
        });
        return command;
    }
}
