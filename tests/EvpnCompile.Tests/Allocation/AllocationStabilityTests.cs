using EvpnCompile.Core;
using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Allocation;

/// <summary>The lock-file rules: values never move while their owner exists, and freed values are never reused.</summary>
public class AllocationStabilityTests
{
    private static readonly string Fabric = Fixtures.Fabric(3);

    private static string Tenants(params string[] names) => string.Concat(names.Select(n =>
        Fixtures.Tenant(n, $"namespaces: [{n}]\npodNetwork: {{cidr: 10.{Math.Abs(n.GetHashCode(StringComparison.Ordinal)) % 200}.0.0/16, perNodePrefix: 24}}\n" +
                           $"l2Networks:\n  - {{name: seg, subnet: 192.168.0.0/24, gateway: 192.168.0.1}}")));

    private static CompileResult Ok(string text, string? lockText = null)
    {
        var r = Fixtures.Compile(text, lockText);
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return r;
    }

    private static LockFile Read(string text) => LockFileReader.Read(new SourceFile("evpnc.lock.yaml", text), new DiagnosticSink())!;

    [Fact]
    public void Deleting_a_tenant_changes_no_other_allocation_and_retires_its_values()
    {
        var first = Ok(Fabric + Tenants("red", "blue", "green"));
        var second = Ok(Fabric + Tenants("red", "green"), first.LockText);
        var before = Read(first.LockText!);
        var after = Read(second.LockText!);
        foreach (var name in new[] { "red", "green" })
        {
            Assert.Equal(before.Tenants[name].L3Vni, after.Tenants[name].L3Vni);
            Assert.Equal(before.Tenants[name].VrfTable, after.Tenants[name].VrfTable);
            Assert.Equal(before.Tenants[name].PodBlocks, after.Tenants[name].PodBlocks);
            Assert.Equal(before.Tenants[name].L2Networks["seg"].Vni, after.Tenants[name].L2Networks["seg"].Vni);
        }
        Assert.False(after.Tenants.ContainsKey("blue"));
        Assert.Equal("blue", after.Retired.Vni[before.Tenants["blue"].L3Vni!.Value]);
        Assert.Equal("blue/seg", after.Retired.Vni[before.Tenants["blue"].L2Networks["seg"].Vni!.Value]);
        Assert.Equal("blue", after.Retired.VrfTable[before.Tenants["blue"].VrfTable!.Value]);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("no")]
    public void A_retired_owner_named_like_a_yaml_value_reads_back_as_its_name(string name)
    {
        // The lock names a deleted owner as a value: plain, `null` or `true` would be read as null or a boolean, and the
        // next run would refuse the lock evpnc itself wrote (EVPN101 "expected text"). (`no` is text in YAML 1.2.)
        var first = Ok(Fabric + Tenants("red", $"\"{name}\""));
        var second = Ok(Fabric + Tenants("red"), first.LockText);
        var before = Read(first.LockText!);
        var after = LockFileReader.Read(new SourceFile("evpnc.lock.yaml", second.LockText!), new DiagnosticSink());
        Assert.NotNull(after);
        Assert.Equal(name, after.Retired.Vni[before.Tenants[name].L3Vni!.Value]);
        Assert.Equal($"{name}/seg", after.Retired.Vni[before.Tenants[name].L2Networks["seg"].Vni!.Value]);
        Ok(Fabric + Tenants("red"), second.LockText);
    }

    [Fact]
    public void A_new_owner_never_receives_a_retired_value()
    {
        var first = Ok(Fabric + Tenants("a", "b"));
        var second = Ok(Fabric + Tenants("b"), first.LockText);
        var third = Ok(Fabric + Tenants("b", "c"), second.LockText);
        var retiredA = Read(first.LockText!).Tenants["a"];
        var c = Read(third.LockText!).Tenants["c"];
        Assert.NotEqual(retiredA.L3Vni, c.L3Vni);
        Assert.NotEqual(retiredA.VrfTable, c.VrfTable);
        Assert.NotEqual(retiredA.L2Networks["seg"].Vni, c.L2Networks["seg"].Vni);
    }

    [Fact]
    public void Adding_renaming_and_reordering_others_changes_nothing_existing()
    {
        var first = Ok(Fabric + Tenants("red", "blue"));
        var red = Read(first.LockText!).Tenants["red"];
        // Add tenants that sort before red, rename blue, reverse the document order.
        var second = Ok(Fabric + Tenants("aa", "azure", "red", "ab"), first.LockText);
        var redAfter = Read(second.LockText!).Tenants["red"];
        Assert.Equal(red.L3Vni, redAfter.L3Vni);
        Assert.Equal(red.VrfTable, redAfter.VrfTable);
        Assert.Equal(red.PodBlocks, redAfter.PodBlocks);
        Assert.Equal(red.L2Networks["seg"].Slices, redAfter.L2Networks["seg"].Slices);
    }

    [Fact]
    public void A_host_leaving_a_tenant_retires_its_block_and_a_new_host_gets_a_fresh_one()
    {
        string On(string nodes) => Fixtures.Tenant("red", $"namespaces: [red]\nnodes: [{nodes}]\npodNetwork: {{cidr: 10.9.0.0/16, perNodePrefix: 24}}");
        var first = Ok(Fabric + On("host1, host2"));
        var second = Ok(Fabric + On("host1"), first.LockText);
        var third = Ok(Fabric + On("host1, host3"), second.LockText);
        var l1 = Read(first.LockText!).Tenants["red"];
        var l3 = Read(third.LockText!).Tenants["red"];
        Assert.Equal(l1.PodBlocks["host1"], l3.PodBlocks["host1"]);
        Assert.Contains(l1.PodBlocks["host2"], l3.RetiredPodBlocks);
        Assert.NotEqual(l1.PodBlocks["host2"], l3.PodBlocks["host3"]);
    }

    [Fact]
    public void Nodes_get_stable_unicast_router_macs()
    {
        var first = Ok(Fabric);
        var lockFile = Read(first.LockText!);
        Assert.Equal(["host1", "host2", "host3"], lockFile.Nodes.Keys); // leaves carry no L3VNI bridge
        Assert.All(lockFile.Nodes.Values, n => Assert.False(n.RouterMac!.Value.IsMulticast));
        var second = Ok(Fabric.Replace("name: host1,", "name: host0,").Replace("host1:", "host0:"), first.LockText);
        var after = Read(second.LockText!);
        Assert.Equal(lockFile.Nodes["host2"].RouterMac, after.Nodes["host2"].RouterMac);
        Assert.Equal("host1", after.Retired.RouterMac[(long)lockFile.Nodes["host1"].RouterMac!.Value.Value]);
    }

    [Fact]
    public void The_lock_round_trips_byte_for_byte()
    {
        var first = Ok(Fabric + Tenants("red", "blue"));
        var again = Ok(Fabric + Tenants("red", "blue"), first.LockText);
        Assert.False(again.LockChanged);
        Assert.Equal(first.LockText, LockFileWriter.Write(Read(first.LockText!)));
    }

    [Fact]
    public void Locked_turns_every_needed_change_into_an_error_at_its_cause()
    {
        var first = Ok(Fabric + Tenants("red"));
        var r = Fixtures.Compile(Fabric + Tenants("red", "blue"), first.LockText, locked: true);
        Assert.True(r.OnlyOutOfDate);
        Assert.All(r.Diagnostics, d => Assert.Equal("EVPN100", d.Code));
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("allocate l3vni for tenant 'blue'"));
        Assert.Empty(Fixtures.Compile(Fabric + Tenants("red"), first.LockText, locked: true).Diagnostics);
    }

    [Fact]
    public void Exhausting_a_pool_names_the_pool_and_the_owner()
    {
        string small = Fabric.Replace("l3vni: 50000-50999", "l3vni: 50000-50001");
        var r = Fixtures.Compile(small + Tenants("a", "b", "c"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("EVPN090", d.Code);
        Assert.Contains("pool 'l3vni'", d.Message);
        Assert.Contains("tenant 'c'", d.Message);
    }
}
