using System.Diagnostics;
using EvpnCompile.Core.Lab;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lab;

/// <summary>
/// The `encap` rule on the wire: every leaked flow across hosts is counted per VNI where it arrives, and
/// must arrive in a VNI the far host's kernel carries. Fixtures/kernel holds what nft and ip printed on
/// host3 of a kernel-mode quickstart lab (blue@host1 pinging shared@host3, counted per VNI).
/// </summary>
public class LabWireTests
{
    private static readonly LabPlan Plan = LabPlanner.Plan(QuickstartLab.Build.Model!, "lab", LabVrfMode.Kernel);
    private static readonly IReadOnlyList<PingProbe> Probes = LabPings.Plan(Plan, QuickstartLab.Routes);
    private static readonly IReadOnlyList<WireFlow> Flows = LabWire.Flows(Probes);

    private static string Fixture(string name) => File.ReadAllText(RepoPaths.Of("tests", "EvpnCompile.Tests", "Lab", "Fixtures", "kernel", name));

    private static WireFlow Flow(string from, string fromNode, string to, string toNode, bool reply) =>
        Flows.Single(f => f.IsReply == reply && (f.Probe.Source.Name, f.Probe.Source.Node, f.Probe.Target.Name, f.Probe.Target.Node) == (from, fromNode, to, toNode));

    [Fact]
    public void Each_leak_across_hosts_is_two_flows_counted_where_each_arrives()
    {
        var leaks = Probes.Where(p => p.Expect == PingExpect.Leak && p.Source.Node != p.Target.Node).ToList();
        Assert.NotEmpty(leaks);
        Assert.Equal(2 * leaks.Count, Flows.Count);
        Assert.DoesNotContain(Flows, f => f.Probe.Source.Node == f.Probe.Target.Node);
        var request = Flow("blue", "host1", "shared", "host3", reply: false);
        Assert.Equal(("10.30.0.2", "10.40.2.2", "host3"), (request.From, request.To, request.AtNode));
        var reply = Flow("blue", "host1", "shared", "host3", reply: true);
        Assert.Equal(("10.40.2.2", "10.30.0.2", "host1"), (reply.From, reply.To, reply.AtNode));
        Assert.Equal(Flows.Count, Flows.Select(f => f.Id).Distinct().Count());
    }

    [Fact]
    public void The_rules_count_each_flow_in_any_vni_and_per_vni_at_its_host_only()
    {
        string rules = LabWire.Rules(Plan, Flows, "host3");
        var request = Flow("blue", "host1", "shared", "host3", reply: false);
        // Inner source 10.30.0.2 and destination 10.40.2.2, after UDP (8), VXLAN (8), Ethernet (14) and 12 bytes of IPv4.
        Assert.Contains($"udp dport 4789 @th,336,32 0x0a1e0002 @th,368,32 0x0a280202 counter comment \"f{request.Id}\"\n", rules);
        Assert.Contains($"udp dport 4789 @th,96,24 50000 @th,336,32 0x0a1e0002 @th,368,32 0x0a280202 counter comment \"f{request.Id} v50000\"\n", rules);
        Assert.Equal([10000L, 50000, 50001, 50002], LabWire.Vnis(Plan).Select(v => v.Vni));
        int flowsHere = Flows.Count(f => f.AtNode == "host3");
        Assert.Equal(flowsHere * (1 + LabWire.Vnis(Plan).Count), rules.Split('\n').Count(l => l.Contains(" counter comment ")));
        Assert.DoesNotContain("0x0a1e0002 @th,368,32 0x0a280202", LabWire.Rules(Plan, Flows, "host2"));
    }

    [RequiresNftFact]
    public void Nft_accepts_the_rules_of_every_host()
    {
        KernelLabTools.AssertNft();
        foreach (var host in Plan.Nodes.Where(n => n.IsHost))
        {
            // -c: checked by the kernel's nf_tables, committed nowhere; inside a throwaway network namespace.
            var start = new ProcessStartInfo("unshare") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "--net", "--", "nft", "-c", "-f", "-" }) start.ArgumentList.Add(a);
            using var nft = Process.Start(start)!;
            nft.StandardInput.Write(LabWire.Rules(Plan, Flows, host.Name));
            nft.StandardInput.Close();
            string error = nft.StandardError.ReadToEnd();
            nft.WaitForExit();
            Assert.True(nft.ExitCode == 0, $"{host.Name}: {error}");
        }
    }

    [Fact]
    public void Counters_and_vxlan_devices_are_read_from_what_nft_and_ip_print()
    {
        var counts = LabWire.Parse(Fixture("host3.nft.json"))!;
        Assert.Equal(2, counts.Any[0]);
        Assert.Equal(2, counts.PerVni[(0, 50000)]);
        Assert.False(counts.PerVni.ContainsKey((0, 50002))); // counted nothing: left out
        var carried = LabWire.Carried(Fixture("host3.links.json"))!;
        Assert.Equal("blue", carried[50000]);
        Assert.Equal("red", carried[10000]); // the L2VNI: its bridge is in red's VRF
        Assert.Equal([10000L, 50000, 50001, 50002], carried.Keys.Order());
        Assert.Null(LabWire.Parse("nft: no such table"));
        Assert.Null(LabWire.Carried(""));
    }

    private static LabWire.Counts Counts(params (WireFlow Flow, long Vni, long Packets)[] seen) =>
        new(seen.GroupBy(s => s.Flow.Id).ToDictionary(g => g.Key, g => g.Sum(s => s.Packets)),
            seen.Where(s => s.Vni > 0).ToDictionary(s => (s.Flow.Id, s.Vni), s => s.Packets));

    private static readonly IReadOnlyDictionary<long, string?> AllVnis = new Dictionary<long, string?> { [50000] = "blue", [50001] = "red", [50002] = "shared", [10000] = "red" };

    private static LabFinding Judge(LabWire.Counts atHost3, LabWire.Counts atHost1, IReadOnlyDictionary<long, string?>? host3Vnis = null)
    {
        var request = Flow("blue", "host1", "shared", "host3", reply: false);
        var both = Flows.Where(f => f.Probe == request.Probe).ToList();
        return Assert.Single(LabWire.Judge(both,
            new Dictionary<string, LabWire.Counts?> { ["host3"] = atHost3, ["host1"] = atHost1 },
            new Dictionary<string, IReadOnlyDictionary<long, string?>?> { ["host3"] = host3Vnis ?? AllVnis, ["host1"] = AllVnis }));
    }

    [Fact]
    public void A_leak_that_arrives_in_vnis_each_end_carries_passes_and_says_which()
    {
        var request = Flow("blue", "host1", "shared", "host3", reply: false);
        var reply = Flow("blue", "host1", "shared", "host3", reply: true);
        var f = Judge(Counts((request, 50000, 2)), Counts((reply, 50002, 2)));
        Assert.Equal(LabOutcome.Passed, f.Outcome);
        Assert.Equal(LabCheck.Wire, f.Check);
        Assert.Equal("request in VNI 50000 at host3 (vrf blue there); reply in VNI 50002 at host1 (vrf shared there)", f.Detail);
    }

    [Fact]
    public void A_leak_sent_in_a_vni_the_far_host_does_not_carry_fails_naming_the_vni_and_the_host()
    {
        var request = Flow("blue", "host1", "shared", "host3", reply: false);
        var withoutBlue = AllVnis.Where(v => v.Key != 50000).ToDictionary(v => v.Key, v => v.Value);
        var f = Judge(Counts((request, 50000, 2)), Counts(), withoutBlue);
        Assert.Equal(LabOutcome.Failed, f.Outcome);
        Assert.Equal("the request reached host3 in VNI 50000 (2 packets), which host3 does not carry (no VXLAN device has it): its VTEP drops them", f.Detail);
    }

    [Fact]
    public void A_flow_that_never_arrives_or_arrives_in_an_unknown_vni_fails()
    {
        var request = Flow("blue", "host1", "shared", "host3", reply: false);
        var reply = Flow("blue", "host1", "shared", "host3", reply: true);
        Assert.Equal("the request never reached host3's fabric ports", Judge(Counts(), Counts()).Detail);
        Assert.Equal("the reply never reached host1's fabric ports", Judge(Counts((request, 50000, 1)), Counts()).Detail);
        var unknown = Judge(Counts((request, 50000, 1), (request, 0, 3)), Counts((reply, 50002, 1)));
        Assert.Equal((LabOutcome.Failed, "the request reached host3 in a VNI that is none of the fabric's (3 packets)"), (unknown.Outcome, unknown.Detail));
        var unread = Assert.Single(LabWire.Judge(Flows.Where(x => x.Probe == request.Probe).ToList(),
            new Dictionary<string, LabWire.Counts?> { ["host3"] = null }, new Dictionary<string, IReadOnlyDictionary<long, string?>?>()));
        Assert.Equal("the request: the counters or the VXLAN devices of host3 could not be read", unread.Detail);
    }
}
