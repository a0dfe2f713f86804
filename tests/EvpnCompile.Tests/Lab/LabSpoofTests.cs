using EvpnCompile.Core.Lab;

namespace EvpnCompile.Tests.Lab;

/// <summary>The spoof probe's plan and judgement, without a lab.</summary>
public class LabSpoofTests
{
    private static readonly LabPlan Plan = QuickstartLab.Plan;

    [Fact]
    public void One_probe_per_host_with_an_address_of_a_tenant_without_a_leak_to_the_source()
    {
        var probes = LabSpoof.Plan(Plan, QuickstartLab.Routes).Where(p => !p.Ipv6).ToList();
        Assert.Equal(["host1", "host2", "host3"], probes.Select(p => p.Source.Node));
        foreach (var p in probes)
        {
            Assert.NotEqual(p.Source.Node, p.Target.Node);
            Assert.Equal(p.Source.Tenant, p.Target.Tenant);
            Assert.False(QuickstartLab.Routes.Imports(p.Source.Tenant, p.SpoofedOwner));
            Assert.False(QuickstartLab.Routes.Imports(p.SpoofedOwner, p.Source.Tenant));
            Assert.Contains(Plan.Pods, pod => pod.Tenant == p.SpoofedOwner && pod.Address == p.SpoofedAddress);
        }
    }

    [Fact]
    public void Dual_stack_pods_get_an_ipv6_probe_with_an_address_their_vrf_routes_elsewhere()
    {
        // Only red is dual-stack in the quickstart: no other tenant has an IPv6 address, so the spoofed one is the IPv6
        // gateway of red's block on the target's host, which red's VRF on the source's host routes over the L3VNI.
        var probes = LabSpoof.Plan(Plan, QuickstartLab.Routes).Where(p => p.Ipv6).ToList();
        var dualStackHosts = Plan.Pods.Where(p => p.Address6 is not null && p.L2Network is null).Select(p => p.Node).Distinct().Order().ToList();
        Assert.True(dualStackHosts.Count >= 2);
        Assert.Equal(dualStackHosts, probes.Select(p => p.Source.Node));
        foreach (var p in probes)
        {
            Assert.Equal("red", p.Source.Tenant);
            Assert.NotEqual(p.Source.Node, p.Target.Node);
            Assert.Equal(p.Target.Gateway6, p.SpoofedAddress);
            Assert.NotEqual(p.Source.Gateway6, p.SpoofedAddress);
            Assert.Equal(p.Target.Address6, p.TargetAddress);
            Assert.Contains("nftables", p.Filter);
        }
    }

    [Fact]
    public void Icmp6_in_echos_is_read_from_proc_net_snmp6()
    {
        Assert.Equal(12, LabSpoof.In6Echos("Ip6InReceives                   \t40\nIcmp6InEchos                    \t12\nIcmp6InEchoReplies 3\n"));
        Assert.Null(LabSpoof.In6Echos("Icmp6InMsgs 4\n"));
        Assert.Null(LabSpoof.In6Echos(null));
    }

    [Fact]
    public void Delivered_spoofed_packets_fail_and_a_dead_control_ping_cannot_pass()
    {
        var probe = LabSpoof.Plan(Plan, QuickstartLab.Routes)[0];
        Assert.Equal(LabOutcome.Passed, LabSpoof.Judge(probe, new SpoofCounts(10, 11, 11)).Outcome);
        var leaked = LabSpoof.Judge(probe, new SpoofCounts(10, 11, 14));
        Assert.Equal(LabOutcome.Failed, leaked.Outcome);
        Assert.StartsWith("3 of 3 packets with", leaked.Detail);
        Assert.Equal(LabOutcome.Failed, LabSpoof.Judge(probe, new SpoofCounts(10, 10, 10)).Outcome); // nothing arrived at all: no verdict
        Assert.Equal(LabOutcome.Failed, LabSpoof.Judge(probe, new SpoofCounts(null, 11, 11)).Outcome);
    }

    [Fact]
    public void In_echos_is_read_from_the_icmp_lines_of_proc_net_snmp()
    {
        const string snmp = "Ip: Forwarding DefaultTTL\nIp: 1 64\nIcmp: InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs InRedirects InEchos InEchoReps\nIcmp: 7 0 0 2 0 0 0 0 5 0\nIcmpMsg: InType0\nIcmpMsg: 3\n";
        Assert.Equal(5, LabSpoof.InEchos(snmp));
        Assert.Null(LabSpoof.InEchos("garbage"));
        Assert.Null(LabSpoof.InEchos(null));
    }
}
