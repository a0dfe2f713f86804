using System.Text.RegularExpressions;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Verify;

/// <summary>
/// A systemd unit through `systemd-analyze verify`, on a copy under its own name in a scratch folder: systemd
/// parses it as it would at boot (unknown sections and keys, bad values, an ExecStart that is not an
/// executable on this machine). Read only: nothing is installed, enabled or started.
/// </summary>
public sealed partial class SystemdUnitValidator : IFileValidator
{
    private readonly string? analyze = ToolRunner.Find("systemd-analyze");

    public string Name => "systemd-analyze";
    public string? Unavailable => analyze is null ? "systemd-analyze not found (Debian package systemd)" : null;
    public bool Reads(OutputKind kind) => kind == OutputKind.SystemdUnit;

    // "/tmp/x/evpnc-ipv6-source.service:16: Unknown key name 'Foo' in section 'Service', ignoring."
    [GeneratedRegex(@"^(?:[^:\n]*/)?([^/:\n]+\.(?:service|target|socket|timer|path|mount)):(\d+): (.*)$", RegexOptions.Multiline)]
    private static partial Regex LineMessage();

    public async Task<VerifyReport> CheckAsync(string root, string path, CancellationToken cancellation)
    {
        string scratch = Directory.CreateTempSubdirectory("evpnc-unit-").FullName;
        try
        {
            string name = Path.GetFileName(path);
            string copy = Path.Combine(scratch, name);
            File.Copy(Path.Combine(root, path), copy);
            var result = await ToolRunner.RunAsync(analyze!, ["verify", "--man=no", copy], null, null, cancellation);
            // Warnings about the unit's own lines fail it too: systemd ignores such a line, so it would not do what it says.
            var findings = LineMessage().Matches(result.Both).Where(m => m.Groups[1].Value == name)
                .Select(m => new VerifyFinding(path, int.Parse(m.Groups[2].Value), 1, $"systemd: {m.Groups[3].Value}")).ToList();
            if (result.ExitCode != 0 && findings.Count == 0)
                findings.Add(new VerifyFinding(path, 0, 0, $"systemd-analyze verify exited {result.ExitCode}: {VtyshValidator.Tail(result.Both)}"));
            return findings.Count == 0 ? VerifyReport.Pass(Name, path) : VerifyReport.Fail(Name, path, findings);
        }
        finally { Directory.Delete(scratch, recursive: true); }
    }
}
