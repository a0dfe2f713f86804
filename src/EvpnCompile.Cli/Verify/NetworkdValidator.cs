using System.Text.RegularExpressions;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Verify;

/// <summary>
/// What systemd-networkd reads on a netplan host, read by systemd-networkd itself: the node's
/// networkd.conf drop-in, the .network files `netplan generate` makes from its netplan file, and the
/// node's own files in /etc/systemd/network (bridge-port drop-ins, dummy ports). networkd runs in a
/// private mount and network namespace (tmpfs over /run and /etc/systemd/network, an empty
/// networkd.conf), so it sees only those files and only a loopback, and is stopped once it has loaded
/// them ("Enumeration completed"). networkd does not stop at a bad line: it logs "FILE:LINE: ..., ignoring";
/// any such line about one of the node's files is a finding. Devices it then fails to create (a kernel
/// without VRF or dummy support) are this machine's business, not the files'.
/// </summary>
public sealed partial class NetworkdValidator : IFileValidator
{
    public const string DropIn = "etc/systemd/networkd.conf.d/50-evpnc.conf";
    private const string Networkd = "/lib/systemd/systemd-networkd";

    /// <summary>$1 is the scratch folder: conf.d/ (the drop-in), network/ (the node's files), netplan/ (a root with etc/netplan).</summary>
    private const string Script = """
        set -e
        S=$1
        mount -t tmpfs tmpfs /run
        mount -t tmpfs tmpfs /etc/systemd/network
        if [ -e /etc/systemd/networkd.conf ]; then mount --bind /dev/null /etc/systemd/networkd.conf; fi
        mkdir -p /run/systemd/networkd.conf.d /run/systemd/network
        cp "$S/conf.d/"* /run/systemd/networkd.conf.d/
        if [ -d "$S/netplan/etc/netplan" ]; then
          netplan generate --root-dir "$S/netplan"
          if [ -d "$S/netplan/run/systemd/network" ]; then cp -r "$S/netplan/run/systemd/network/." /run/systemd/network/; fi
        fi
        cp -r "$S/network/." /etc/systemd/network/
        SYSTEMD_LOG_TARGET=console SYSTEMD_LOG_LEVEL=info "$2" > "$S/log" 2>&1 &
        pid=$!
        # Bounded: at most 10 s for networkd to load its files; it takes a fraction of a second.
        i=0
        until grep -q 'Enumeration completed' "$S/log"; do
          i=$((i+1))
          if [ $i -gt 200 ] || ! kill -0 $pid 2>/dev/null; then echo 'evpnc: systemd-networkd did not finish loading' >> "$S/log"; break; fi
          sleep 0.05
        done
        kill $pid 2>/dev/null || true
        wait $pid || true
        cat "$S/log"
        """;

    private readonly string? unshare = ToolRunner.Find("unshare");
    private readonly string? netplan = ToolRunner.Find("netplan");

    public string Name => "networkd";
    public string? Unavailable =>
        !File.Exists(Networkd) ? $"{Networkd} not found (Debian package systemd)"
        : netplan is null ? "netplan not found (Debian package netplan.io)"
        : unshare is null ? "unshare not found (util-linux)"
        : !ToolRunner.IsRoot ? "needs root to run systemd-networkd in a private namespace" : null;
    public bool Reads(OutputKind kind) => kind == OutputKind.NetworkdConf;

    // networkd's own report of a line it could not take: "/etc/systemd/network/X.network:5: Unknown key ..., ignoring."
    [GeneratedRegex(@"^(/(?:etc|run)/systemd/[^:]+):(\d+): (.*)$", RegexOptions.Multiline)]
    private static partial Regex Located();

    public async Task<VerifyReport> CheckAsync(string root, string path, CancellationToken cancellation)
    {
        string node = path[..^DropIn.Length]; // "nodes/host3/"
        var scratch = Directory.CreateTempSubdirectory("evpnc-networkd-");
        try
        {
            string S(string p) => Path.Combine(scratch.FullName, p);
            Directory.CreateDirectory(S("conf.d"));
            File.Copy(Path.Combine(root, path), S("conf.d/50-evpnc.conf"));
            Copy(Path.Combine(root, node, "etc/systemd/network"), S("network"));
            string yaml = Path.Combine(root, node, "etc/netplan/60-evpnc.yaml");
            if (File.Exists(yaml))
            {
                Directory.CreateDirectory(S("netplan/etc/netplan"));
                File.Copy(yaml, S("netplan/etc/netplan/60-evpnc.yaml"));
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(S("netplan/etc/netplan/60-evpnc.yaml"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var result = await ToolRunner.RunAsync(unshare!, ["--mount", "--net", "--fork", "--", "sh", "-c", Script, "sh", scratch.FullName, Networkd],
                cancellation: cancellation);
            var findings = Located().Matches(result.Both).Select(m => Finding(root, node, m)).OfType<VerifyFinding>().ToList();
            if (result.ExitCode != 0 || result.Both.Contains("evpnc: systemd-networkd did not finish loading", StringComparison.Ordinal))
                findings.Add(new VerifyFinding(path, 0, 0, $"systemd-networkd exit code {result.ExitCode}: {VtyshValidator.Tail(result.Both)}"));
            return findings.Count == 0 ? VerifyReport.Pass(Name, path) : VerifyReport.Fail(Name, path, findings);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>A located message, at the node's file it names (netplan's generated files: at the netplan file); null for the machine's own files.</summary>
    private static VerifyFinding? Finding(string root, string node, Match m)
    {
        string file = m.Groups[1].Value, message = m.Groups[3].Value.Trim();
        int line = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (file.StartsWith("/run/systemd/networkd.conf.d/", StringComparison.Ordinal)) return new VerifyFinding(node + DropIn, line, 1, message);
        if (file.StartsWith("/etc/systemd/network/", StringComparison.Ordinal) && File.Exists(Path.Combine(root, node + file[1..])))
            return new VerifyFinding(node + file[1..], line, 1, message);
        if (file.StartsWith("/run/systemd/network/", StringComparison.Ordinal))
            return new VerifyFinding(node + "etc/netplan/60-evpnc.yaml", 0, 0, $"networkd on what netplan generated ({file}:{line}): {message}");
        return null;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        if (!Directory.Exists(from)) return;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
