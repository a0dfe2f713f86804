using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>
/// `lab check -v`: when pings fail, the kernel state of the hosts they started from (addresses with their
/// flags, every routing table, neighbours, the bridges' per-device IPv6 keys), so that a failure seen once
/// in a throwaway VM can be diagnosed from its output alone. Read-only commands; printed to the progress stream.
/// </summary>
public static class LabEvidence
{
    public static async Task WriteAsync(TextWriter output, LabPlan plan, LabReport report, LabShell sh)
    {
        var nodes = report.Pings.Where(p => p.Finding.Outcome == LabOutcome.Failed)
            .SelectMany(p => new[] { p.Probe.Source.Node, p.Probe.Target.Node }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var name in nodes)
        {
            var node = sh.Node(name);
            output.Write($"\n=== evidence: {name} (a failed ping started or ended here) ===\n");
            foreach (string[] command in Commands)
            {
                var r = await sh.Try([.. sh.EnterNode(node), .. command]);
                output.Write($"$ {string.Join(' ', command)}\n{r.Out}{(r.ExitCode == 0 ? "" : $"(exit {r.ExitCode}) {r.Both}\n")}");
            }
        }
    }

    private static readonly string[][] Commands =
    [
        ["ip", "-d", "-6", "addr", "show"],
        ["ip", "-6", "route", "show", "table", "all"],
        ["ip", "-6", "neigh", "show"],
        ["ip", "-4", "route", "show", "table", "all"],
        ["ip", "-d", "link", "show", "type", "bridge"],
        ["sh", "-c", "for f in /proc/sys/net/ipv6/conf/*/forwarding /proc/sys/net/ipv6/conf/*/accept_dad /proc/sys/net/ipv6/conf/*/disable_ipv6 /proc/sys/net/ipv6/conf/*/keep_addr_on_down; do echo \"$f $(cat $f)\"; done"],
    ];
}
