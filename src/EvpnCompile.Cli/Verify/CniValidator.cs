using System.Text.Json;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Verify;

/// <summary>
/// Runs a real CNI plugin (bridge or host-local) on a CNI file with CNI_COMMAND=ADD, the whole way,
/// inside a private mount and network namespace with tmpfs over /var/lib, /run and /tmp, and a pod
/// network namespace made in there: the bridge, the pod's veth and address, the IPAM lease, and the
/// nftables rules of macspoofchk (and the scratch file the plugin hands to `nft -f` in /tmp) all
/// vanish with the namespaces. Accepted means the plugin succeeded.
/// </summary>
public sealed class CniValidator(string plugin) : IFileValidator
{
    private const string PluginDir = "/usr/lib/cni";
    private const string PodNetns = "/run/netns/evpnc-verify-pod";
    private readonly string? unshare = ToolRunner.Find("unshare");
    private readonly string? nft = ToolRunner.Find("nft");

    public string Name => $"cni-{plugin}";
    public string? Unavailable =>
        !File.Exists(Path.Combine(PluginDir, plugin)) ? $"{PluginDir}/{plugin} not found (Debian package containernetworking-plugins)"
        : unshare is null ? "unshare not found (util-linux)"
        // macspoofchk: the bridge plugin runs the nft program.
        : plugin == "bridge" && nft is null ? "nft not found (Debian package nftables)"
        : !ToolRunner.IsRoot ? "needs root to run the plugin in a private namespace" : null;
    public bool Reads(OutputKind kind) => kind == OutputKind.Cni;

    public async Task<VerifyReport> CheckAsync(string root, string path, CancellationToken cancellation)
    {
        string config = await File.ReadAllTextAsync(Path.Combine(root, path), cancellation);
        var environment = new Dictionary<string, string?>
        {
            ["CNI_COMMAND"] = "ADD",
            ["CNI_CONTAINERID"] = "evpnc-verify",
            ["CNI_NETNS"] = PodNetns,
            ["CNI_IFNAME"] = "net1",
            ["CNI_PATH"] = PluginDir,
        };
        // The pod's namespace is a file on the private /run, bound by a second unshare (no iproute2 needed).
        var result = await ToolRunner.RunAsync(unshare!,
            ["--mount", "--net", "--fork", "--", "sh", "-c",
             "mount -t tmpfs tmpfs /var/lib && mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /tmp " +
             "&& mkdir /run/netns && touch \"$CNI_NETNS\" " +
             "&& unshare --net=\"$CNI_NETNS\" true && exec \"$0\"",
             Path.Combine(PluginDir, plugin)],
            config, environment, cancellation);
        if (result.ExitCode == 0) return VerifyReport.Pass(Name, path);
        string message = ErrorMessage(result.Out) ?? $"exit code {result.ExitCode}: {VtyshValidator.Tail(result.Both)}";
        return VerifyReport.Fail(Name, path, [new VerifyFinding(path, 0, 0, message)]);
    }

    /// <summary>The `msg` of a CNI error result, and its `details` when there are any.</summary>
    private static string? ErrorMessage(string output)
    {
        try
        {
            using var doc = JsonDocument.Parse(output);
            if (!doc.RootElement.TryGetProperty("msg", out var msg) || msg.ValueKind != JsonValueKind.String) return null;
            return doc.RootElement.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.String
                   && details.GetString() is { Length: > 0 } d
                ? $"{msg.GetString()}: {d}" : msg.GetString();
        }
        catch (JsonException) { return null; }
    }
}
