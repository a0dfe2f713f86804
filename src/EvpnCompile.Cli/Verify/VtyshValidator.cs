using System.Text.RegularExpressions;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Verify;

/// <summary>`vtysh -C -f FILE`: FRR's own parser, offline (rc 0 valid; errors name a line).</summary>
public sealed partial class VtyshValidator : IFileValidator
{
    private readonly string? vtysh = ToolRunner.Find("vtysh");

    public string Name => "vtysh";
    public string? Unavailable => vtysh is null ? "vtysh not found (Debian package frr)" : null;
    public bool Reads(OutputKind kind) => kind == OutputKind.FrrConf;

    [GeneratedRegex(@"line (\d+): (.*)")]
    private static partial Regex LineError();

    public async Task<VerifyReport> CheckAsync(string root, string path, CancellationToken cancellation)
    {
        var result = await ToolRunner.RunAsync(vtysh!, ["-C", "-f", Path.Combine(root, path)], cancellation: cancellation);
        if (result.ExitCode == 0) return VerifyReport.Pass(Name, path);
        var lines = result.Both.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var findings = new List<VerifyFinding>();
        for (int i = 0; i < lines.Length; i++)
        {
            var m = LineError().Match(lines[i]);
            if (!m.Success) continue;
            // vtysh prints the offending command on the line after "line N: % ...".
            string command = i + 1 < lines.Length && !LineError().IsMatch(lines[i + 1]) ? $" ({lines[i + 1]})" : "";
            findings.Add(new VerifyFinding(path, int.Parse(m.Groups[1].Value), 1, m.Groups[2].Value.Trim() + command));
        }
        if (findings.Count == 0) findings.Add(new VerifyFinding(path, 0, 0, $"vtysh exit code {result.ExitCode}: {Tail(result.Both)}"));
        return VerifyReport.Fail(Name, path, findings);
    }

    internal static string Tail(string text) => text.Length > 400 ? "..." + text[^400..] : text;
}
