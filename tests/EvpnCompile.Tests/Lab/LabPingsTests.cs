using EvpnCompile.Core.Lab;

namespace EvpnCompile.Tests.Lab;

public class LabPingsTests
{
    private static readonly LabPlan Plan = QuickstartLab.Plan;
    private static readonly RoutesFile Routes = QuickstartLab.Routes;
    private static readonly IReadOnlyList<PingProbe> All = LabPings.Plan(Plan, Routes);

    /// <summary>The IPv4 matrix; the dual-stack pods' IPv6 probes follow it (see the IPv6 tests below).</summary>
    private static readonly IReadOnlyList<PingProbe> Matrix = All.Where(p => !p.Ipv6).ToList();

    private static PingExpect Expect(string from, string fromNode, string to, string toNode) =>
        Matrix.Single(p => (p.Source.Name, p.Source.Node, p.Target.Name, p.Target.Node) == (from, fromNode, to, toNode)).Expect;

    [Fact]
    public void Dual_stack_pods_are_pinged_again_in_ipv6_with_the_same_expectations()
    {
        var v6 = All.Where(p => p.Ipv6).ToList();
        var dual = Plan.Pods.Where(p => p.Address6 is not null).ToList();
        Assert.Equal(["red", "red-vms"], dual.Select(p => p.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(dual.Count * (dual.Count - 1), v6.Count); // every ordered pair of dual-stack pods (all red's: no isolation pair)
        Assert.All(v6, p => Assert.Equal(p.Target.Address6, p.TargetAddress));
        Assert.All(v6, p => Assert.Equal(Matrix.Single(q => q.Source == p.Source && q.Target == p.Target).Expect, p.Expect));
        Assert.Equal(LabCheck.Ping6, LabPings.Judge(v6[0], new PingReply(62, "")).Check);
        Assert.Equal(LabCheck.Ping, LabPings.Judge(Matrix[0], new PingReply(62, "")).Check);
    }

    [Fact]
    public void The_matrix_expects_what_the_design_promises()
    {
        Assert.Equal(PingExpect.Routed, Expect("red", "host1", "red", "host2"));
        Assert.Equal(PingExpect.Routed, Expect("red", "host1", "red-vms", "host3"));      // type-2 /32 over the L3VNI
        Assert.Equal(PingExpect.Bridged, Expect("red-vms", "host1", "red-vms", "host2")); // stretched L2VNI
        Assert.Equal(PingExpect.RoutedLocally, Expect("red", "host1", "red-vms", "host1"));
        Assert.Equal(PingExpect.Isolated, Expect("red", "host1", "blue", "host1"));
        Assert.Equal(PingExpect.Isolated, Expect("blue", "host2", "red", "host1"));
        Assert.Equal(PingExpect.Leak, Expect("red", "host1", "shared", "host2"));         // red and shared consent
        Assert.Equal(PingExpect.Leak, Expect("shared", "host3", "red-vms", "host3"));
    }

    [Fact]
    public void A_small_lab_pings_every_ordered_pair_of_pods()
    {
        Assert.Equal(Plan.Pods.Count * (Plan.Pods.Count - 1), Matrix.Count);
        Assert.Equal(Matrix.Count, Matrix.Select(p => (p.Source, p.Target)).Distinct().Count());
        Assert.DoesNotContain(Matrix, p => p.Source == p.Target);
    }

    [Fact]
    public void A_large_lab_pings_every_same_tenant_pair_and_samples_isolation_per_tenant_and_locality()
    {
        var sampled = LabPings.Plan(Plan, Routes, fullMatrixPods: 0);
        foreach (var a in Plan.Pods)
            foreach (var b in Plan.Pods.Where(b => b != a && b.Tenant == a.Tenant))
                Assert.Single(sampled, p => p.Source == a && p.Target == b && !p.Ipv6);
        foreach (var a in Plan.Pods)
            foreach (var other in Plan.Pods.Where(b => b.Tenant != a.Tenant).GroupBy(b => (b.Tenant, b.Node == a.Node)))
                Assert.Single(sampled, p => p.Source == a && p.Target.Tenant == other.Key.Tenant && (p.Target.Node == a.Node) == other.Key.Item2 && !p.Ipv6);
        Assert.True(sampled.Count < All.Count);
    }

    [Fact]
    public void The_matrix_text_shows_each_pair_as_its_ttl_or_isolation()
    {
        var text = LabMatrixText.Write(Plan, Matrix.Select(p => (p, LabPings.Judge(p, p.Expect switch
        {
            PingExpect.Routed => new PingReply(62, ""),
            PingExpect.RoutedLocally => new PingReply(63, ""),
            PingExpect.Bridged => new PingReply(64, ""),
            _ => new PingReply(null, "no reply"),
        }))).ToList())!;
        var rows = text.Split('\n');
        // Row 2 is red@host1: blue@host1 refused, red-vms@host1 routed once, shared a leak, red@host2 routed twice.
        Assert.Equal(" 2 red@host1      --  . 63 ~~ -- 62 62 ~~ 62 62 ~~", rows[3]);
        Assert.Equal(" 3 red-vms@host1  -- 63  . ~~ -- 62 64 ~~ 62 64 ~~", rows[4]);
    }

    [Theory]
    [InlineData("PING 10.10.1.2 (10.10.1.2) 56(84) bytes of data.\n64 bytes from 10.10.1.2: icmp_seq=1 ttl=62 time=0.101 ms\n\n--- 10.10.1.2 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\n", 62, "reply ttl=62")]
    [InlineData("PING 10.30.1.2 (10.30.1.2) 56(84) bytes of data.\nFrom 10.10.0.1 icmp_seq=1 Destination Net Unreachable\n\n--- 10.30.1.2 ping statistics ---\n1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n", null, "From 10.10.0.1 icmp_seq=1 Destination Net Unreachable")]
    [InlineData("PING 10.40.1.2 (10.40.1.2) 56(84) bytes of data.\n\n--- 10.40.1.2 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n", null, "no reply")]
    public void Ping_output_is_read_for_the_ttl_or_the_refusal(string output, int? ttl, string text) =>
        Assert.Equal(new PingReply(ttl, text), LabPings.Parse(output));

    [Theory]
    [InlineData("")]
    [InlineData("nsenter: cannot open /run/evpnc-lab/lab/nodes/host1/pods/red: No such file or directory\n")]
    [InlineData("sh: 1: ping: not found\n")]
    public void A_probe_that_did_not_run_proves_nothing_not_even_isolation(string output)
    {
        Assert.Null(LabPings.Parse(output));
        var isolated = Matrix.First(p => p.Expect == PingExpect.Isolated);
        Assert.Equal((LabOutcome.Failed, "ping did not run"), LabPings.Judge(isolated, LabPings.Parse(output)) is var f ? (f.Outcome, f.Detail) : default);
    }

    [Fact]
    public void A_reply_with_the_wrong_ttl_or_across_tenants_fails_and_a_leak_is_reported_not_tested()
    {
        var routed = Matrix.First(p => p.Expect == PingExpect.Routed);
        Assert.Equal(LabOutcome.Passed, LabPings.Judge(routed, new PingReply(62, "reply ttl=62")).Outcome);
        var wrong = LabPings.Judge(routed, new PingReply(63, "reply ttl=63"));
        Assert.Equal((LabOutcome.Failed, "ttl=63 (expected ttl=62: routed by both VRFs over the L3VNI)"), (wrong.Outcome, wrong.Detail));
        Assert.Equal(LabOutcome.Failed, LabPings.Judge(routed, new PingReply(null, "no reply")).Outcome);

        var isolated = Matrix.First(p => p.Expect == PingExpect.Isolated);
        Assert.Equal(LabOutcome.Passed, LabPings.Judge(isolated, new PingReply(null, "no reply")).Outcome);
        Assert.Equal(LabOutcome.Failed, LabPings.Judge(isolated, new PingReply(62, "reply ttl=62")).Outcome);

        var leak = LabPings.Judge(Matrix.First(p => p.Expect == PingExpect.Leak), null);
        Assert.Equal((LabOutcome.NotTested, LabPings.LeakNote), (leak.Outcome, leak.Detail));
    }
}
