using EvpnCompile.Core.Audit;

namespace EvpnCompile.Cli.Verify;

/// <summary>
/// `frr-reload.py --test --stdout --input OLD NEW`: offline, the lines a reload would delete and
/// add on the node. Shown to users (and to reviewers); a NEW that frr-reload cannot parse fails.
/// </summary>
public sealed class FrrReloadDelta
{
    public const string Script = "/usr/lib/frr/frr-reload.py";
    private readonly string? python = ToolRunner.Find("python3");

    public string Name => "frr-reload";
    public string? Unavailable =>
        !File.Exists(Script) ? $"{Script} not found (Debian package frr-pythontools)" : python is null ? "python3 not found" : null;

    public async Task<VerifyReport> CheckAsync(string oldFile, string newRoot, string path, CancellationToken cancellation)
    {
        var result = await ToolRunner.RunAsync(python!, [Script, "--test", "--stdout", "--input", oldFile, Path.Combine(newRoot, path)],
            cancellation: cancellation);
        if (result.ExitCode != 0)
            return VerifyReport.Fail(Name, path, [new VerifyFinding(path, 0, 0, $"frr-reload.py exit code {result.ExitCode}: {VtyshValidator.Tail(result.Both)}")]);
        string delta = result.Out.Trim();
        bool none = !delta.Split('\n').Any(l => l.Length > 0 && !l.StartsWith("Lines To", StringComparison.Ordinal) && !l.StartsWith("===", StringComparison.Ordinal));
        return VerifyReport.Pass(Name, path, none ? "no change" : delta);
    }
}
