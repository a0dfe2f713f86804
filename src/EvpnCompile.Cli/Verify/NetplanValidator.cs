using System.Text.RegularExpressions;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Verify;

/// <summary>`netplan generate --root-dir TMP` over a node's netplan file, in a private scratch root.</summary>
public sealed partial class NetplanValidator : IFileValidator
{
    private readonly string? netplan = ToolRunner.Find("netplan");

    public string Name => "netplan";
    public string? Unavailable => netplan is null ? "netplan not found (Debian package netplan.io)" : null;
    public bool Reads(OutputKind kind) => kind == OutputKind.Netplan;

    [GeneratedRegex(@"^(\S+?):(\d+):(\d+): (.*)$", RegexOptions.Multiline)]
    private static partial Regex Located();

    public async Task<VerifyReport> CheckAsync(string root, string path, CancellationToken cancellation)
    {
        var scratch = Directory.CreateTempSubdirectory("evpnc-netplan-");
        try
        {
            string dir = Path.Combine(scratch.FullName, "etc", "netplan");
            Directory.CreateDirectory(dir);
            string copy = Path.Combine(dir, "60-evpnc.yaml");
            File.Copy(Path.Combine(root, path), copy);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite); // as on a host: 0600
            var result = await ToolRunner.RunAsync(netplan!, ["generate", "--root-dir", scratch.FullName], cancellation: cancellation);
            if (result.ExitCode == 0) return VerifyReport.Pass(Name, path);
            var findings = Located().Matches(result.Both)
                .Select(m => new VerifyFinding(path, int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), m.Groups[4].Value.Trim()))
                .ToList();
            if (findings.Count == 0) findings.Add(new VerifyFinding(path, 0, 0, $"netplan exit code {result.ExitCode}: {VtyshValidator.Tail(result.Both)}"));
            return VerifyReport.Fail(Name, path, findings);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
