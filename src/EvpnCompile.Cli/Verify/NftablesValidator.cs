using System.Text.RegularExpressions;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Verify;

/// <summary>
/// An nftables ruleset through `nft --check -f` in a private network namespace: nft parses it, and the
/// kernel evaluates the whole transaction (tables, sets, every expression such as `fib`) without committing
/// it. The namespace is gone when nft exits, so nothing of this machine's ruleset is read or changed.
/// </summary>
public sealed partial class NftablesValidator : IFileValidator
{
    private readonly string? nft = ToolRunner.Find("nft");
    private readonly string? unshare = ToolRunner.Find("unshare");

    public string Name => "nft";
    public string? Unavailable =>
        nft is null ? "nft not found (Debian package nftables)"
        : unshare is null ? "unshare not found (util-linux)"
        : !ToolRunner.IsRoot ? "needs root to check a ruleset in a private network namespace" : null;
    public bool Reads(OutputKind kind) => kind == OutputKind.Nftables;

    // nft: "/path/file.nft:17:3-10: Error: ..."
    [GeneratedRegex(@"^[^:\n]*:(\d+):(\d+)(?:-\d+)?: Error: (.*)$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();

    public async Task<VerifyReport> CheckAsync(string root, string path, CancellationToken cancellation)
    {
        var result = await ToolRunner.RunAsync(unshare!, ["--net", "--", nft!, "--check", "-f", Path.Combine(root, path)], null, null, cancellation);
        if (result.ExitCode == 0) return VerifyReport.Pass(Name, path);
        var findings = ErrorLine().Matches(result.Both)
            .Select(m => new VerifyFinding(path, int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), $"nft: {m.Groups[3].Value}"))
            .ToList();
        if (findings.Count == 0) findings.Add(new VerifyFinding(path, 0, 0, $"nft exited {result.ExitCode}: {VtyshValidator.Tail(result.Both)}"));
        return VerifyReport.Fail(Name, path, findings);
    }
}
