using EvpnCompile.Cli.Diff;
using EvpnCompile.Cli.Verify;

namespace EvpnCompile.Cli.Inputs;

/// <summary>
/// The inputs as they are at a git revision, read through git (ls-tree, show): the working tree is
/// never touched. Paths are the working tree's paths, so both revisions speak of the same file by
/// the same name. A PATH absent at the revision gives no input and no problem: it was added since.
/// </summary>
public sealed class GitRevisionSource(string git, string repoRoot, string revision) : InputSource
{
    public string Revision => revision;

    public override string Where => $" (at {revision})";

    /// <returns>the repository root above <paramref name="workingDirectory"/>, or null outside a repository.</returns>
    public static async Task<string?> FindRootAsync(string git, string workingDirectory, CancellationToken cancellation)
    {
        var r = await ToolRunner.RunAsync(git, ["-C", workingDirectory, "rev-parse", "--show-toplevel"], cancellation: cancellation);
        return r.ExitCode == 0 ? r.Out.Trim() : null;
    }

    public async Task<bool> ExistsAsync(CancellationToken cancellation) =>
        (await ToolRunner.RunAsync(git, ["-C", repoRoot, "rev-parse", "--verify", "--quiet", revision + "^{commit}"], cancellation: cancellation)).ExitCode == 0;

    public override async Task<PathListing> ListAsync(string fullPath, CancellationToken cancellation)
    {
        if (!Path.IsPathRooted(fullPath)) return new PathListing([]);
        string rel = RepoPath(fullPath);
        var r = await ToolRunner.RunAsync(git, ["-C", repoRoot, "ls-tree", "-r", "-z", "--name-only", revision, "--", rel == "." ? "." : rel], cancellation: cancellation);
        if (r.ExitCode != 0) return new PathListing([]);
        return new PathListing(r.Out.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p == rel || InputRule.IsInput(p[(rel == "." ? 0 : rel.Length + 1)..]))
            .Order(StringComparer.Ordinal)
            .Select(p => Path.Combine(repoRoot, p))
            .ToList());
    }

    public override async Task<FileBytes> ReadAsync(string fullPath, long maxBytes, CancellationToken cancellation)
    {
        if (!Path.IsPathRooted(fullPath)) return FileBytes.Absent;
        var result = await CliWrap.Cli.Wrap(git).WithArguments(["-C", repoRoot, "show", $"{revision}:{RepoPath(fullPath)}"])
            .WithValidation(CliWrap.CommandResultValidation.None)
            .ExecuteBufferedBytesAsync(cancellation);
        return result.ExitCode != 0 ? FileBytes.Absent : FileBytes.Of(result.Bytes, maxBytes);
    }

    private string RepoPath(string fullPath) => Path.GetRelativePath(repoRoot, fullPath).Replace('\\', '/');
}
