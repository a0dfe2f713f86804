using System.CommandLine;

namespace EvpnCompile.Cli.Commands;

/// <summary>Options shared by the compiling commands, spelled the same everywhere.</summary>
public static class CommonOptions
{
    public static Argument<string[]> Paths() => new("paths")
    {
        Description = "Input YAML files and folders (folders are read recursively); '-' reads standard input.",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string> Format(params string[] more)
    {
        var o = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        o.AcceptOnlyFromAmong(["text", "json", .. more]);
        return o;
    }

    /// <summary>Prints diagnostics in the chosen format; text gets <paramref name="summaryTail"/> after the counts.</summary>
    public static void WriteDiagnostics(CliContext context, string format, IReadOnlyList<EvpnCompile.Core.Diagnostics.Diagnostic> diagnostics,
        string summaryTail, Action<System.Text.Json.Utf8JsonWriter>? jsonExtra = null)
    {
        switch (format)
        {
            case "json": EvpnCompile.Cli.Output.DiagnosticFormatter.WriteJson(context.Out, diagnostics, jsonExtra); break;
            case "sarif": EvpnCompile.Cli.Output.SarifWriter.Write(context.Out, diagnostics); break;
            default: EvpnCompile.Cli.Output.DiagnosticFormatter.WriteText(context.Out, diagnostics, summaryTail); break;
        }
    }

    /// <summary>-v: list the YAML files of the folders that were skipped as not evpnc (on stderr).</summary>
    public static Option<bool> Verbose() => new("--verbose", "-v")
    {
        Description = "List the YAML files found in folders that were skipped because they are not evpnc documents.",
    };

    public static Option<string?> Lock() => new("--lock")
    {
        Description = "Lock file to read and update (default: evpnc.lock.yaml beside the inputs).",
    };

    public static Option<bool> Locked() => new("--locked")
    {
        Description = "Fail (exit 3) instead of changing the lock file; for CI.",
    };

    /// <summary>--limit NAME=VALUE, repeatable: raises or lowers one input limit (docs/security.md).</summary>
    public static Option<string[]> Limits()
    {
        var o = new Option<string[]>("--limit")
        {
            Description = "Change an input limit, NAME=VALUE; names: " + string.Join(", ", EvpnCompile.Core.Loading.LoadLimits.Names.Keys) + ".",
            Arity = ArgumentArity.ZeroOrMore,
        };
        o.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
                if (EvpnCompile.Core.Loading.LoadLimits.Default.With(value) is null)
                    result.AddError($"--limit {value}: expected NAME=VALUE with a positive integer; names: {string.Join(", ", EvpnCompile.Core.Loading.LoadLimits.Names.Keys)}");
        });
        return o;
    }

    public static EvpnCompile.Core.Loading.LoadLimits ToLimits(string[]? assignments) =>
        (assignments ?? []).Aggregate(EvpnCompile.Core.Loading.LoadLimits.Default, (limits, a) => limits.With(a)!);

    /// <summary>Standard input without --lock allocates all the same, but nothing records the values: say so.</summary>
    public static void NoteStdinWithoutLock(CliContext context, EvpnCompile.Cli.Inputs.CompileInputs inputs)
    {
        if (inputs.WithoutLockFile)
            context.Error.Write("evpnc: note: the input is standard input and no --lock was given: allocated without a lock file " +
                "(no values are recorded; give --lock FILE to keep them)\n");
    }

    /// <summary>A usage error: the message on stderr, exit 2.</summary>
    public static int Usage(CliContext context, string message)
    {
        context.Error.Write($"evpnc: {message}\n");
        return ExitCodes.Usage;
    }
}
