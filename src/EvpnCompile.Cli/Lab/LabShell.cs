using EvpnCompile.Cli.Verify;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>A lab step that did not work: the command and what it said.</summary>
public sealed class LabStepException(string message) : Exception(message);

/// <summary>
/// Runs programs inside a lab's namespaces. Every namespace is entered by a child process (nsenter),
/// never by this process: a .NET process has many threads and setns moves only one of them.
/// </summary>
public sealed class LabShell(LabPlan plan, CancellationToken cancellation)
{
    public const string FrrDaemons = "/usr/lib/frr";
    public const string CniPlugins = "/usr/lib/cni";

    public CancellationToken Cancellation => cancellation;

    /// <summary>The programs the lab runs, for the precondition check.</summary>
    public static readonly string[] Programs = ["ip", "nsenter", "unshare", "mount", "umount", "ping", "sysctl", "kill", "chown", "vtysh"];

    /// <summary>The argument prefix that enters a node (its network and UTS namespaces); hosts also enter their private mount namespace.</summary>
    public string[] EnterNode(LabNode node) =>
    [
        "nsenter", .. node.HasVrfs ? [$"--mount={LabPaths.MountNamespace(plan.StateDir, node.Name)}"] : Array.Empty<string>(),
        $"--net={LabPaths.NetnsFile(node.Instance)}", $"--uts={LabPaths.UtsNamespace(plan.StateDir, node.Name)}", "--",
    ];

    /// <summary>A pod's namespace file exists only inside its host's mount namespace.</summary>
    public string[] EnterPod(LabPod pod) =>
        ["nsenter", $"--mount={LabPaths.MountNamespace(plan.StateDir, pod.Node)}", "--", "nsenter", $"--net={LabPaths.PodNamespace(plan.StateDir, pod.Node, pod.Name)}", "--"];

    public LabNode Node(string name) => plan.Nodes.First(n => n.Name == name);

    /// <summary>Runs a command and fails the step unless it exits 0.</summary>
    public async Task<string> Must(IReadOnlyList<string> argv, string? stdin = null)
    {
        var result = await Try(argv, stdin);
        if (result.ExitCode != 0)
            throw new LabStepException($"`{string.Join(' ', argv)}` exited {result.ExitCode}: {FirstLines(result.Both)}");
        return result.Out;
    }

    public async Task<ToolResult> Try(IReadOnlyList<string> argv, string? stdin = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        string program = ToolRunner.Find(argv[0]) ?? throw new LabStepException($"{argv[0]} is not installed");
        return await ToolRunner.RunAsync(program, argv.Skip(1), stdin, environment, cancellation);
    }

    /// <summary>Only the host's private mount namespace (where its VRFs and pods are named).</summary>
    public string[] EnterHostMounts(string host) => ["nsenter", $"--mount={LabPaths.MountNamespace(plan.StateDir, host)}", "--"];

    /// <summary>`ip -batch -` with <paramref name="lines"/>, inside <paramref name="prefix"/> (optionally `-n VRF`).</summary>
    public Task<string> IpBatch(IReadOnlyList<string> prefix, IReadOnlyList<string> lines, string? vrf = null) =>
        lines.Count == 0 ? Task.FromResult("")
            : Must([.. prefix, "ip", .. vrf is null ? Array.Empty<string>() : ["-n", vrf], "-batch", "-"], string.Join("\n", lines) + "\n");

    /// <summary>Output of one vtysh command on a node, or null when the daemon does not answer.</summary>
    public async Task<string?> Vtysh(LabNode node, string command)
    {
        var r = await Try(["vtysh", "-N", node.Instance, "-c", command]);
        return r.ExitCode == 0 ? r.Out : null;
    }

    private static string FirstLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.Take(3));
    }
}
