using System.Text.RegularExpressions;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Verify;

/// <summary>
/// A sysctl.d file against the running kernel, read only: its form (SysctlFileCheck), then every key
/// must exist under /proc/sys. Nothing is written: applying it would change this machine. A key of a
/// device this machine lacks (net.ipv4.conf.pod50001.rp_filter) is looked up on the `default` device,
/// which has every per-device key.
/// </summary>
public sealed partial class SysctlValidator : IFileValidator
{
    private const string ProcSys = "/proc/sys";

    public string Name => "sysctl";
    public string? Unavailable => Directory.Exists($"{ProcSys}/net/ipv4/conf/default") ? null : "no /proc/sys/net here (needs Linux)";
    public bool Reads(OutputKind kind) => kind == OutputKind.Sysctl;

    // net.ipv4.conf.DEV.x, net.ipv6.conf.DEV.x, net.ipv4.neigh.DEV.x, net.ipv6.neigh.DEV.x
    [GeneratedRegex(@"^net\.(ipv4|ipv6)\.(conf|neigh)\.([^.]+)\.(.+)$")]
    private static partial Regex DeviceKey();

    // Kernel-wide neighbour table keys: only the initial network namespace shows them (a container does not).
    [GeneratedRegex(@"^net\.(ipv4|ipv6)\.neigh\.default\.(gc_thresh[123]|gc_interval)$")]
    private static partial Regex InitialNamespaceOnly();

    public async Task<VerifyReport> CheckAsync(string root, string path, CancellationToken cancellation)
    {
        var check = SysctlFileCheck.Check(path, await File.ReadAllTextAsync(Path.Combine(root, path), cancellation));
        var findings = check.Findings.ToList();
        foreach (var e in check.Entries)
            if (!Known(e.Key))
                findings.Add(new VerifyFinding(path, e.Line, 1, $"the kernel has no parameter '{e.Key}' ({e.ProcPath} does not exist)"));
        findings.Sort((a, b) => a.Line.CompareTo(b.Line));
        return findings.Count == 0 ? VerifyReport.Pass(Name, path) : VerifyReport.Fail(Name, path, findings);
    }

    /// <summary>Whether the running kernel has the key (on the default device for per-device keys).</summary>
    public static bool Known(string key)
    {
        if (File.Exists(new SysctlFileCheck.Entry(0, key, "", false).ProcPath)) return true;
        if (DeviceKey().Match(key) is { Success: true } m)
            return File.Exists($"{ProcSys}/net/{m.Groups[1].Value}/{m.Groups[2].Value}/default/{m.Groups[4].Value.Replace('.', '/')}");
        return InitialNamespaceOnly().IsMatch(key) && Directory.Exists($"{ProcSys}/net/{key.Split('.')[1]}/neigh/default");
    }
}
