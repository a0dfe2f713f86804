using EvpnCompile.Core.Lab;

namespace EvpnCompile.Tests.Lab;

/// <summary>`show ip route vrf all json` split per VRF (one vtysh per node and poll, not one per VRF).</summary>
public class FrrRoutesByVrfTests
{
    private const string Red = """{"10.1.0.0/26":[{"prefix":"10.1.0.0/26","protocol":"connected","vrfName":"red","selected":true}]}""";
    private const string Blue = """{"10.2.0.64/26":[{"prefix":"10.2.0.64/26","protocol":"bgp","vrfName":"blue","installed":true}]}""";
    private const string Default = """{"172.16.0.1/32":[{"prefix":"172.16.0.1/32","protocol":"connected","vrfName":"default"}]}""";

    [Fact]
    public void Frr_8_4_back_to_back_tables_are_attributed_by_their_routes_vrf()
    {
        // As FRR 8.4 prints it: one unnamed object per VRF, back to back, some with newlines between.
        var tables = FrrRoutesByVrf.Split(Default + Blue + "\n{}\n" + Red, ["red", "blue", "green"]);
        Assert.Equal(Red, tables["red"]);
        Assert.Equal(Blue, tables["blue"]);
        Assert.Equal("{}", tables["green"]);   // no routes: the empty table the per-VRF command prints
        Assert.Equal(3, tables.Count);         // only the VRFs asked for (not the default table)
    }

    [Fact]
    public void Tables_keyed_by_vrf_name_are_read_as_well()
    {
        var tables = FrrRoutesByVrf.Split("{\"default\":" + Default + ",\"red\":" + Red + ",\"blue\":{}}", ["red", "blue"]);
        Assert.Equal(Red, tables["red"]);
        Assert.Equal("{}", tables["blue"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("% Unknown command")]
    public void No_answer_or_not_json_is_no_answer_for_every_vrf(string? output)
    {
        var tables = FrrRoutesByVrf.Split(output, ["red", "blue"]);
        Assert.Equal(2, tables.Count);
        Assert.All(tables.Values, Assert.Null);
    }
}
