using EvpnCompile.Core.Lab;

namespace EvpnCompile.Tests.Lab;

/// <summary>The spoof probe's plan and judgement, without a lab.</summary>
public class LabSpoofTests
{
    private static readonly LabPlan Plan = QuickstartLab.Plan;

    [Fact]
    public void One_probe_per_host_with_an_address_of_a_tenant_without_a_leak_to_the_source()
    {
        var probes = LabSpoof.Plan(Plan, QuickstartLab.Routes);
        Assert.Equal(["host1", "host2", "host3"], probes.Select(p => p.Source.Node));
        foreach (var p in probes)
        {
            Assert.NotEqual(p.Source.Node, p.Target.Node);
            Assert.Equal(p.Source.Tenant, p.Target.Tenant);
            Assert.False(QuickstartLab.Routes.Imports(p.Source.Tenant, p.SpoofedTenant));
            Assert.False(QuickstartLab.Routes.Imports(p.SpoofedTenant, p.Source.Tenant));
            Assert.Contains(Plan.Pods, pod => pod.Tenant == p.SpoofedTenant && pod.Address == p.SpoofedAddress);
        }
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
