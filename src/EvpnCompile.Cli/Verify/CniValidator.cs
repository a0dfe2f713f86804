using System.Text.Json;
using EvpnCompile.Core.Audit;

namespace EvpnCompile.Cli.Verify;

/// <summary>
/// Runs a real CNI plugin (bridge or host-local) on a CNI file with CNI_COMMAND=ADD, inside a private
/// mount and network namespace with tmpfs over /var/lib and /run: whatever the plugin creates (a
/// bridge, an IPAM lease) vanishes with the namespace. bridge parses its config and then fails to open
/// the (non-existent) pod namespace: that failure, and only that one, means the config was accepted.
/// </summary>
public sealed class CniValidator(string plugin) : IFileValidator
{
    private const string PluginDir = "/usr/lib/cni";
    private const string MissingNetns = "/run/netns/evpnc-verify-none";
    private readonly string? unshare = ToolRunner.Find("unshare");

    public string Name => $"cni-{plugin}";
    public string? Unavailable =>
        !File.Exists(Path.Combine(PluginDir, plugin)) ? $"{PluginDir}/{plugin} not found (Debian package containernetworking-plugins)"
        : unshare is null ? "unshare not found (util-linux)"
        : !ToolRunner.IsRoot ? "needs root to run the plugin in a private namespace" : null;
    public bool Reads(string path) => path.Contains("/etc/cni/multus/net.d/", StringComparison.Ordinal) && path.EndsWith(".conf", StringComparison.Ordinal);

    public async Task<VerifyReport> CheckAsync(string root, string path, CancellationToken cancellation)
    {
        string config = await File.ReadAllTextAsync(Path.Combine(root, path), cancellation);
        var environment = new Dictionary<string, string?>
        {
            ["CNI_COMMAND"] = "ADD",
            ["CNI_CONTAINERID"] = "evpnc-verify",
            ["CNI_NETNS"] = MissingNetns,
            ["CNI_IFNAME"] = "net1",
            ["CNI_PATH"] = PluginDir,
        };
        var result = await ToolRunner.RunAsync(unshare!,
            ["--mount", "--net", "--fork", "--", "sh", "-c", "mount -t tmpfs tmpfs /var/lib && mount -t tmpfs tmpfs /run && exec \"$0\"",
             Path.Combine(PluginDir, plugin)],
            config, environment, cancellation);
        string message = ErrorMessage(result.Out) ?? result.Both;
        bool accepted = result.ExitCode == 0 || (plugin == "bridge" && message.Contains("failed to open netns", StringComparison.Ordinal));
        return accepted ? VerifyReport.Pass(Name, path) : VerifyReport.Fail(Name, path, [new VerifyFinding(path, 0, 0, message)]);
    }

    /// <summary>The `msg` of a CNI error result.</summary>
    private static string? ErrorMessage(string output)
    {
        try
        {
            using var doc = JsonDocument.Parse(output);
            return doc.RootElement.TryGetProperty("msg", out var msg) ? msg.GetString() : null;
        }
        catch (JsonException) { return null; }
    }
}
