using CliWrap;
using CliWrap.Buffered;

namespace EvpnCompile.Cli.Verify;

public sealed record ToolResult(int ExitCode, string Out, string Error)
{
    public string Both => (Out + "\n" + Error).Trim();
}

/// <summary>Finds and runs the real programs that read our files (CliWrap: arguments are never parsed by a shell).</summary>
public static class ToolRunner
{
    private static readonly string[] SearchPath =
        [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The full path of a program by name (searched on PATH), or of an absolute path that exists.</summary>
    public static string? Find(string program)
    {
        if (Path.IsPathRooted(program)) return File.Exists(program) ? program : null;
        return SearchPath.Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
    }

    public static async Task<ToolResult> RunAsync(string program, IEnumerable<string> arguments, string? stdin = null,
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellation = default)
    {
        var command = CliWrap.Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None);
        if (stdin is not null) command = command.WithStandardInputPipe(PipeSource.FromString(stdin));
        if (environment is not null) command = command.WithEnvironmentVariables(environment);
        var result = await command.ExecuteBufferedAsync(cancellation);
        return new ToolResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>Whether this process may create private namespaces (root), which the CNI check needs.</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";
}
