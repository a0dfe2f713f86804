using System.CommandLine;
using EvpnCompile.Core;

namespace EvpnCompile.Cli.Commands;

/// <summary>Options shared by the compiling commands, spelled the same everywhere.</summary>
public static class CommonOptions
{
    public static Argument<string[]> Paths() => new("paths")
    {
        Description = "Input YAML files and folders (folders are read recursively).",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string> Format()
    {
        var o = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        o.AcceptOnlyFromAmong("text", "json");
        return o;
    }

    public static Option<string?> Lock() => new("--lock")
    {
        Description = "Lock file to read and update (default: evpnc.lock.yaml beside the inputs).",
    };

    public static Option<bool> Locked() => new("--locked")
    {
        Description = "Fail (exit 3) instead of changing the lock file; for CI.",
    };

    public static int ExitCode(CompileResult result) =>
        !result.HasErrors ? ExitCodes.Success : result.OnlyOutOfDate ? ExitCodes.OutOfDate : ExitCodes.InputErrors;
}
