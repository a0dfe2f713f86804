using System.Text.RegularExpressions;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Verify;

/// <summary>
/// ifupdown2's syntax check in strict mode. Debian ships `addon_syntax_check=0`, which lets unknown
/// or misspelled attributes pass; this runs ifup's own code with a private copy of its config where
/// the check is on (the machine's config is not touched).
/// </summary>
public sealed partial class Ifupdown2Validator : IFileValidator
{
    private const string Ifup = "/usr/sbin/ifup";
    private const string Config = "/etc/network/ifupdown2/ifupdown2.conf";

    /// <summary>Loads ifup's modules, points them at a strict copy of the config and a private lock, then runs ifup itself.</summary>
    private const string StrictScript = """
        import sys, tempfile
        sys.path.insert(0, '/usr/share/ifupdown2')
        import ifupdown.config as config
        strict = open('/etc/network/ifupdown2/ifupdown2.conf').read().replace('addon_syntax_check=0', 'addon_syntax_check=1')
        conf = tempfile.NamedTemporaryFile('w', suffix='.conf', delete=False)
        conf.write(strict); conf.close()
        config.IFUPDOWN2_CONF_PATH = conf.name
        import ifupdown.main as main
        main.IFUPDOWN2_CONF_PATH = conf.name
        # A private lock: a syntax check must not wait for (or block) the host's own ifupdown2, or a parallel check.
        main.lockfile = conf.name + '.lock'
        # ifup creates its state folder without exist_ok: two checks started at once on a fresh machine race for it.
        import os
        os.makedirs('/run/network', exist_ok=True)
        target = sys.argv[1]
        sys.argv = ['ifup', '-a', '--syntax-check', '-i', target]
        try:
            exec(compile(open('/usr/sbin/ifup').read(), '/usr/sbin/ifup', 'exec'), {'__name__': '__main__'})
        finally:
            import os
            os.unlink(conf.name)
            if os.path.exists(conf.name + '.lock'): os.unlink(conf.name + '.lock')
        """;

    private readonly string? python = ToolRunner.Find("python3");

    public string Name => "ifupdown2";
    public string? Unavailable =>
        !File.Exists(Ifup) || !File.Exists(Config) ? "ifup not found (Debian package ifupdown2)"
        : python is null ? "python3 not found" : null;
    public bool Reads(OutputKind kind) => kind == OutputKind.Interfaces;

    [GeneratedRegex(@"line(\d+): (.*)")]
    private static partial Regex LineError();

    /// <summary>
    /// The one claim of the syntax check that its own runtime contradicts: it fails an `mtu` on a bridge
    /// ("bridge inherits mtu from its ports"), yet `ifup` sets a bridge without one to its default 1500
    /// (addons/address.py, _process_mtu_config_mtu_none), which pins the bridge below its 9000-byte
    /// ports. evpnc states the bridge MTU; this warning alone does not fail the file.
    /// </summary>
    [GeneratedRegex(@"^warning: \S+: bridge inherits mtu from its ports\. There is no need to assign mtu on a bridge$")]
    private static partial Regex BridgeMtuClaim();

    public async Task<VerifyReport> CheckAsync(string root, string path, CancellationToken cancellation)
    {
        var result = await ToolRunner.RunAsync(python!, ["-c", StrictScript, Path.Combine(root, path)], cancellation: cancellation);
        var lines = result.Both.Split('\n').Select(l => l.Trim()).ToList();
        var errors = lines.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).ToList();
        var complaints = lines.Where(l => l.StartsWith("warning:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        bool onlyBridgeMtu = complaints.Count > 0 && complaints.All(l => BridgeMtuClaim().IsMatch(l));
        if ((result.ExitCode == 0 || onlyBridgeMtu) && errors.Count == 0) return VerifyReport.Pass(Name, path);
        var findings = errors.Select(e =>
        {
            var m = LineError().Match(e);
            return m.Success ? new VerifyFinding(path, int.Parse(m.Groups[1].Value), 1, m.Groups[2].Value.Trim())
                             : new VerifyFinding(path, 0, 0, e.Trim());
        }).ToList();
        if (findings.Count == 0) findings.Add(new VerifyFinding(path, 0, 0, $"ifup exit code {result.ExitCode}: {VtyshValidator.Tail(result.Both)}"));
        return VerifyReport.Fail(Name, path, findings);
    }
}
