using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Cli.Diff;

/// <summary>
/// The inputs as they are at a git revision, read through git (ls-tree, show): the working tree is
/// never touched. Paths are shown exactly as the working tree's files would be, so both revisions
/// speak of the same file by the same name.
/// </summary>
public sealed class GitRevision(string git, string repoRoot, string revision)
{
    public string Revision => revision;

    public string RepoRoot => repoRoot;

    /// <returns>the repository root above <paramref name="workingDirectory"/>, or null outside a repository.</returns>
    public static async Task<string?> FindRootAsync(string git, string workingDirectory, CancellationToken cancellation)
    {
        var r = await ToolRunner.RunAsync(git, ["-C", workingDirectory, "rev-parse", "--show-toplevel"], cancellation: cancellation);
        return r.ExitCode == 0 ? r.Out.Trim() : null;
    }

    public async Task<bool> ExistsAsync(CancellationToken cancellation) =>
        (await ToolRunner.RunAsync(git, ["-C", repoRoot, "rev-parse", "--verify", "--quiet", revision + "^{commit}"], cancellation: cancellation)).ExitCode == 0;

    /// <summary>The YAML inputs under <paramref name="fullPath"/> (a file or folder) at the revision, walked like the working tree.</summary>
    public async Task<List<(string RepoPath, string FullPath)>> ListAsync(string fullPath, CancellationToken cancellation)
    {
        string rel = Path.GetRelativePath(repoRoot, fullPath).Replace('\\', '/');
        var r = await ToolRunner.RunAsync(git, ["-C", repoRoot, "ls-tree", "-r", "-z", "--name-only", revision, "--", rel == "." ? "." : rel], cancellation: cancellation);
        if (r.ExitCode != 0) return [];
        return r.Out.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p == rel || IsInput(p[(rel == "." ? 0 : rel.Length + 1)..]))
            .Order(StringComparer.Ordinal)
            .Select(p => (p, Path.Combine(repoRoot, p)))
            .ToList();
    }

    /// <summary>The same rule as the working tree's walk: *.yaml and *.yml, no hidden files or folders, not the lock.</summary>
    private static bool IsInput(string relative)
    {
        var parts = relative.Split('/');
        return parts.All(p => !p.StartsWith('.')) && parts[^1] != InputCollector.LockFileName
            && (relative.EndsWith(".yaml", StringComparison.Ordinal) || relative.EndsWith(".yml", StringComparison.Ordinal));
    }

    /// <returns>the file's text at the revision, null when it does not exist there; a failure when it is not UTF-8.</returns>
    public async Task<(string? Text, Diagnostic? Failure)> ReadAsync(string repoPath, string shownPath, CancellationToken cancellation)
    {
        var result = await CliWrap.Cli.Wrap(git).WithArguments(["-C", repoRoot, "show", $"{revision}:{repoPath}"])
            .WithValidation(CliWrap.CommandResultValidation.None)
            .ExecuteBufferedBytesAsync(cancellation);
        if (result.ExitCode != 0) return (null, null);
        return InputCollector.Decode(result.Bytes) is { } text
            ? (text, null)
            : (null, DiagnosticCatalog.UnreadableInput(SourceSpan.FileStart(shownPath), $"the file is not valid UTF-8 (at {revision})"));
    }
}
