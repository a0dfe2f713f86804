using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>
/// The `encap` check on the wire (kernel mode): before the pings, an nftables table on every host that
/// receives a leaked flow counts its VXLAN packets per VNI at prerouting; after them, the counters are
/// read, judged (<see cref="LabWire"/>) and the table removed. Counting only: every rule accepts.
/// </summary>
public sealed class LabWireProbe(LabPlan plan, LabShell sh, IReadOnlyList<WireFlow> flows)
{
    private IEnumerable<LabNode> Hosts => plan.Nodes.Where(n => flows.Any(f => f.AtNode == n.Name));

    public async Task StartAsync()
    {
        foreach (var host in Hosts)
        {
            // A table left by an interrupted check would add its counts: start from none.
            await sh.Try([.. sh.EnterNode(host), "nft", "delete", "table", "inet", LabWire.Table]);
            await sh.Must([.. sh.EnterNode(host), "nft", "-f", "-"], LabWire.Rules(plan, flows, host.Name));
        }
    }

    public async Task<IReadOnlyList<LabFinding>> FinishAsync()
    {
        var counts = new Dictionary<string, LabWire.Counts?>(StringComparer.Ordinal);
        var carried = new Dictionary<string, IReadOnlyDictionary<long, string?>?>(StringComparer.Ordinal);
        foreach (var host in Hosts)
        {
            var listed = await sh.Try([.. sh.EnterNode(host), "nft", "-j", "list", "table", "inet", LabWire.Table]);
            counts[host.Name] = listed.ExitCode == 0 ? LabWire.Parse(listed.Out) : null;
            await sh.Try([.. sh.EnterNode(host), "nft", "delete", "table", "inet", LabWire.Table]);
            var links = await sh.Try([.. sh.EnterNode(host), "ip", "-d", "-json", "link", "show"]);
            carried[host.Name] = links.ExitCode == 0 ? LabWire.Carried(links.Out) : null;
        }
        return LabWire.Judge(flows, counts, carried);
    }
}
