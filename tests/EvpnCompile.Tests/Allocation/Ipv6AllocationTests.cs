using EvpnCompile.Core;
using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Net;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Allocation;

/// <summary>Dual-stack tenants: IPv6 pod blocks and L2 slices follow the lock rules of the IPv4 ones.</summary>
public class Ipv6AllocationTests
{
    private static readonly string Fabric = Fixtures.Fabric(3);

    private static string Red(string nodes) => Fixtures.Tenant("red",
        $"namespaces: [red]\nnodes: [{nodes}]\n" +
        "podNetwork: {cidr: 10.9.0.0/16, perNodePrefix: 24, cidr6: \"fd00:9::/48\", perNodePrefix6: 64}\n" +
        "l2Networks:\n  - {name: seg, subnet: 192.168.0.0/24, gateway: 192.168.0.1, subnet6: \"fd00:99::/64\", gateway6: \"fd00:99::1\"}");

    private static CompileResult Ok(string text, string? lockText = null)
    {
        var r = Fixtures.Compile(text, lockText);
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return r;
    }

    private static LockFile Read(string text) => LockFileReader.Read(new SourceFile("evpnc.lock.yaml", text), new DiagnosticSink())!;

    [Fact]
    public void Each_host_gets_its_own_ipv6_block_and_slice_inside_the_tenant_space()
    {
        var red = Read(Ok(Fabric + Red("host1, host2, host3")).LockText!).Tenants["red"];
        Assert.Equal(["host1", "host2", "host3"], red.PodBlocks6.Keys);
        Assert.All(red.PodBlocks6.Values, b => Assert.True(Ipv6Prefix.Parse("fd00:9::/48").Covers(b) && b.Length == 64));
        Assert.Equal(3, red.PodBlocks6.Values.Distinct().Count());
        var slices = red.L2Networks["seg"].Slices6;
        Assert.All(slices.Values, s => Assert.True(Ipv6Prefix.Parse("fd00:99::/64").Covers(s) && s.Length == 80));
        Assert.Equal(3, slices.Values.Distinct().Count());
    }

    [Fact]
    public void A_host_leaving_retires_its_ipv6_block_and_a_new_host_never_gets_it()
    {
        var first = Ok(Fabric + Red("host1, host2"));
        var second = Ok(Fabric + Red("host1"), first.LockText);
        var third = Ok(Fabric + Red("host1, host3"), second.LockText);
        var l1 = Read(first.LockText!).Tenants["red"];
        var l3 = Read(third.LockText!).Tenants["red"];
        Assert.Equal(l1.PodBlocks6["host1"], l3.PodBlocks6["host1"]);
        Assert.Contains(l1.PodBlocks6["host2"], l3.RetiredPodBlocks6);
        Assert.NotEqual(l1.PodBlocks6["host2"], l3.PodBlocks6["host3"]);
        Assert.Contains(l1.L2Networks["seg"].Slices6["host2"], l3.L2Networks["seg"].RetiredSlices6);
        Assert.NotEqual(l1.L2Networks["seg"].Slices6["host2"], l3.L2Networks["seg"].Slices6["host3"]);
    }

    [Fact]
    public void Ipv6_blocks_stay_when_other_tenants_come_and_the_lock_round_trips()
    {
        var first = Ok(Fabric + Red("host1, host2"));
        var other = Fixtures.Tenant("aa", "namespaces: [aa]\npodNetwork: {cidr: 10.8.0.0/16, perNodePrefix: 24, cidr6: \"fd00:8::/48\", perNodePrefix6: 64}");
        var second = Ok(Fabric + other + Red("host1, host2"), first.LockText);
        Assert.Equal(Read(first.LockText!).Tenants["red"].PodBlocks6, Read(second.LockText!).Tenants["red"].PodBlocks6);
        Assert.Equal(first.LockText, LockFileWriter.Write(Read(first.LockText!)));
        Assert.False(Ok(Fabric + Red("host1, host2"), first.LockText).LockChanged);
    }

    [Fact]
    public void An_ipv4_only_tenant_writes_no_ipv6_key_in_the_lock()
    {
        string v4 = Fixtures.Tenant("red", "namespaces: [red]\npodNetwork: {cidr: 10.9.0.0/16, perNodePrefix: 24}");
        string lockText = Ok(Fabric + v4).LockText!;
        Assert.Contains("podBlocks:", lockText);
        Assert.DoesNotContain("podBlocks6", lockText);
        Assert.DoesNotContain("slices6", lockText);
    }
}
