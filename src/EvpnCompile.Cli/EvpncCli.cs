using System.CommandLine;
using EvpnCompile.Cli.Commands;

namespace EvpnCompile.Cli;

/// <summary>Builds the command tree and runs it; every path out of here is an exit code.</summary>
public static class EvpncCli
{
    public const string IssueTracker = "the evpnc issue tracker";

    /// <summary>The whole command tree (tests walk it to check every command's options).</summary>
    public static RootCommand CreateRoot(CliContext context) =>
        new("evpnc: compile tenant and topology YAML into the configuration of an EVPN-VXLAN fabric of Kubernetes hosts.")
        {
            ValidateCommand.Create(context),
            BuildCommand.Create(context),
            VerifyCommand.Create(context),
            DiffCommand.Create(context),
            ExplainCommand.Create(context),
            GraphCommand.Create(context),
            InitCommand.Create(context),
            LabCommand.Create(context),
        };

    /// <param name="stdin">what a PATH of `-` reads; none (empty) when null.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, Stream? stdin = null)
    {
        var context = new CliContext(stdout, stderr, workingDirectory)
        {
            In = stdin ?? Stream.Null,
            ErrorIsTerminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected,
        };
        var root = CreateRoot(context);

        if (args is ["--version"])
        {
            stdout.Write(VersionInfo.Line + "\n");
            return ExitCodes.Success;
        }
        var parse = root.Parse(args);
        if (UnknownTokens.Find(parse) is { } unknown)
        {
            stderr.Write($"evpnc: {unknown}\n");
            stderr.Write($"Run '{UnknownTokens.Path(parse.CommandResult.Command)} --help' for usage" +
                (unknown.StartsWith("unknown option", StringComparison.Ordinal) ? "; a path that starts with '-' goes after '--'.\n" : ".\n"));
            return ExitCodes.Usage;
        }
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.Write($"evpnc: {error.Message}\n");
            stderr.Write("Run 'evpnc --help' for usage.\n");
            return ExitCodes.Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            // A bug, not the user's fault: no stack trace on the console, but enough to report it.
            stderr.Write($"evpnc: internal error ({ex.GetType().Name}: {ex.Message}).\n");
            stderr.Write($"This is a bug in evpnc, not in your input. Please report it to {IssueTracker} with the command and inputs.\n");
            if (Environment.GetEnvironmentVariable("EVPNC_DEBUG") == "1") stderr.Write(ex + "\n");
            return ExitCodes.InternalError;
        }
    }
}
