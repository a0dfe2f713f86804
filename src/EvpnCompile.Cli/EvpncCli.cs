using System.CommandLine;
using EvpnCompile.Cli.Commands;

namespace EvpnCompile.Cli;

/// <summary>Builds the command tree and runs it; every path out of here is an exit code.</summary>
public static class EvpncCli
{
    public const string IssueTracker = "the evpnc issue tracker";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        var context = new CliContext(stdout, stderr, workingDirectory);
        var root = new RootCommand("evpnc: compile tenant and topology YAML into the configuration of an EVPN-VXLAN fabric of Kubernetes hosts.");
        root.Subcommands.Add(ValidateCommand.Create(context));
        root.Subcommands.Add(BuildCommand.Create(context));
        root.Subcommands.Add(VerifyCommand.Create(context));
        root.Subcommands.Add(DiffCommand.Create(context));
        root.Subcommands.Add(ExplainCommand.Create(context));
        root.Subcommands.Add(GraphCommand.Create(context));
        root.Subcommands.Add(InitCommand.Create(context));
        root.Subcommands.Add(LabCommand.Create(context));

        if (args is ["--version"])
        {
            stdout.Write(VersionInfo.Line + "\n");
            return ExitCodes.Success;
        }
        var parse = root.Parse(args);
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
