using EvpnCompile.Core.Lab;

namespace EvpnCompile.Tests.Lab;

/// <summary>Kernel mode: consented leaks forward, so they are pinged, with the TTL of the hops they take.</summary>
public class LabLeakPingsTests
{
    private static readonly IReadOnlyList<PingProbe> Matrix = LabPings.Plan(QuickstartLab.Plan, QuickstartLab.Routes);

    private static PingProbe Probe(string from, string fromNode, string to, string toNode) =>
        Matrix.Single(p => (p.Source.Name, p.Source.Node, p.Target.Name, p.Target.Node) == (from, fromNode, to, toNode));

    [Fact]
    public void A_leak_on_one_host_is_routed_once_and_across_hosts_by_both()
    {
        var local = Probe("blue", "host1", "shared", "host1");
        var passed = LabPings.Judge(local, new PingReply(63, "reply ttl=63"), leaksForward: true);
        Assert.Equal((LabOutcome.Passed, "ttl=63: a consented leak, routed once on the host from vrf blue into vrf shared"), (passed.Outcome, passed.Detail));
        var across = Probe("shared", "host3", "blue", "host1");
        Assert.Equal(LabOutcome.Passed, LabPings.Judge(across, new PingReply(62, "reply ttl=62"), leaksForward: true).Outcome);
        var lost = LabPings.Judge(across, new PingReply(null, "no reply"), leaksForward: true);
        Assert.Equal((LabOutcome.Failed, "no reply (expected a reply with ttl=62: a consented leak from shared to blue, routed by both hosts over an L3VNI)"),
            (lost.Outcome, lost.Detail));
        Assert.Equal(LabOutcome.Failed, LabPings.Judge(across, null, leaksForward: true).Outcome); // did not run: proves nothing
        // Without VRF devices (netns mode) the same probe is not pinged, and the report says why.
        Assert.Equal(LabOutcome.NotTested, LabPings.Judge(across, null).Outcome);
    }

    [Fact]
    public void The_matrix_shows_pinged_leaks_by_their_ttl_and_drops_the_not_pinged_legend()
    {
        var judged = Matrix.Select(p => (p, LabPings.Judge(p, p.Expect switch
        {
            PingExpect.Routed => new PingReply(62, ""),
            PingExpect.RoutedLocally => new PingReply(63, ""),
            PingExpect.Bridged => new PingReply(64, ""),
            PingExpect.Leak => new PingReply(p.Source.Node == p.Target.Node ? 63 : 62, ""),
            _ => new PingReply(null, "no reply"),
        }, leaksForward: true))).ToList();
        var rows = LabMatrixText.Write(QuickstartLab.Plan, judged)!.Split('\n');
        Assert.StartsWith("ping matrix (row pings column): 62/63 routed (by the tenant or a consented leak)", rows[0]);
        Assert.Equal(" 2 red@host1      --  . 63 63 -- 62 62 62 62 62 62", rows[3]);
        Assert.DoesNotContain("~~", string.Join("\n", rows));
    }
}
