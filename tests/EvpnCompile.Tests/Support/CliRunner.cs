using EvpnCompile.Cli;

namespace EvpnCompile.Tests.Support;

public sealed record CliRun(int ExitCode, string Out, string Error);

/// <summary>Runs the evpnc command in-process, as a user would type it in <paramref name="workingDirectory"/>.</summary>
public static class CliRunner
{
    public static CliRun Run(string workingDirectory, params string[] args) => RunWithInput(workingDirectory, [], args);

    /// <summary>As <see cref="Run"/>, with <paramref name="stdin"/> as the command's standard input (PATH `-`).</summary>
    public static CliRun RunWithInput(string workingDirectory, byte[] stdin, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int exit = EvpncCli.Run(args, stdout, stderr, workingDirectory, new MemoryStream(stdin));
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }
}
