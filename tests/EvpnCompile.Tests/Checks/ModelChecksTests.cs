using EvpnCompile.Core.Checks;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Model;
using EvpnCompile.Tests.Emit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Checks;

/// <summary>
/// The model cross-checks guard invariants of the lowering, so no input can trip them; these tests
/// break a correct model on purpose to prove each check fires (and a correct one passes).
/// </summary>
public class ModelChecksTests
{
    private static (FabricModel Model, EvpnCompile.Core.Input.InputSet Input) Quickstart()
    {
        var b = OutputSnapshotTests.BuildExample("quickstart");
        return (b.Model!, b.Compile.Input!);
    }

    private static IReadOnlyList<Diagnostic> Check(FabricModel model, EvpnCompile.Core.Input.InputSet input)
    {
        var sink = new DiagnosticSink();
        ModelChecks.Check(model, input, sink);
        return sink.Sorted();
    }

    private static FabricModel WithNode(FabricModel m, string name, Func<NodeModel, NodeModel> change) =>
        m with { Nodes = m.Nodes.Select(n => n.Name == name ? change(n) : n).ToList() };

    [Fact]
    public void A_correct_model_passes()
    {
        var (model, input) = Quickstart();
        Assert.Empty(Check(model, input));
    }

    [Fact]
    public void A_bridge_port_that_does_not_exist_is_EVPN110()
    {
        var (model, input) = Quickstart();
        var broken = WithNode(model, "host1", n => n with
        {
            HostNetwork = n.HostNetwork! with { Bridges = n.HostNetwork.Bridges.Select((b, i) => i == 0 ? b with { Ports = ["vni999"] } : b).ToList() },
        });
        var d = Assert.Single(Check(broken, input));
        Assert.Equal("EVPN110", d.Code);
        Assert.Contains("vni999", d.Message);
    }

    [Fact]
    public void A_sysctl_of_a_device_the_host_lacks_is_EVPN110()
    {
        var (model, input) = Quickstart();
        var broken = WithNode(model, "host1", n => n with
        {
            HostNetwork = n.HostNetwork! with
            {
                Sysctls = [.. n.HostNetwork.Sysctls, new Sysctl("net.ipv4.conf.pod59999.rp_filter", "1", SysctlScope.Device, "pod59999", null)],
            },
        });
        var d = Assert.Single(Check(broken, input));
        Assert.Equal("EVPN110", d.Code);
        Assert.Contains("pod59999", d.Message);
    }

    [Fact]
    public void Two_devices_with_one_name_is_EVPN111()
    {
        var (model, input) = Quickstart();
        var broken = WithNode(model, "host1", n => n with
        {
            HostNetwork = n.HostNetwork! with { Dummies = [.. n.HostNetwork.Dummies, n.HostNetwork.Dummies[0] with { Name = n.HostNetwork.Ports[0].Name }] },
        });
        Assert.Contains(Check(broken, input), d => d.Code == "EVPN111");
    }

    [Fact]
    public void Two_CNI_files_with_one_name_on_a_node_is_EVPN111()
    {
        var (model, input) = Quickstart();
        var broken = WithNode(model, "host1", n => n with { Cni = [.. n.Cni, n.Cni[0] with { Bridge = "pod59999" }] });
        Assert.Contains(Check(broken, input), d => d.Code == "EVPN111" && d.Message.Contains(FirstCni(model)));
    }

    private static string FirstCni(FabricModel m) => m.Nodes.Single(n => n.Name == "host1").Cni[0].FileName;

    [Fact]
    public void A_VRF_with_two_L3VNIs_is_EVPN112()
    {
        var (model, input) = Quickstart();
        var broken = WithNode(model, "host1", n => n with { Frr = n.Frr with { Vrfs = [.. n.Frr.Vrfs, n.Frr.Vrfs[0] with { Vni = 59999 }] } });
        Assert.Contains(Check(broken, input), d => d.Code == "EVPN112" && d.Message.Contains("2 L3VNIs"));
    }

    [Fact]
    public void Importing_a_route_target_without_consent_is_EVPN113()
    {
        var (model, input) = Quickstart();
        var redRt = model.Tenants.Single(t => t.Name == "red").RouteTarget;
        var broken = WithNode(model, "host1", n => n with
        {
            Frr = n.Frr with { TenantBgp = n.Frr.TenantBgp.Select(i => i.Vrf == "blue" ? i with { ImportRouteTargets = [.. i.ImportRouteTargets, redRt] } : i).ToList() },
        });
        var d = Assert.Single(Check(broken, input));
        Assert.Equal("EVPN113", d.Code);
        Assert.Contains("tenant 'red'", d.Message);
    }

    [Fact]
    public void A_leak_sent_in_a_VNI_its_VTEP_lacks_is_EVPN114()
    {
        // The black hole of the isolation issue: host3 without its transit VRF blue. Blue's VRFs on
        // host1 and host2 import shared's routes from host3 and send to them in blue's L3VNI 50000.
        var (model, input) = Quickstart();
        var broken = WithNode(model, "host3", n => n with
        {
            Frr = n.Frr with
            {
                Vrfs = n.Frr.Vrfs.Where(v => v.Name != "blue").ToList(),
                TenantBgp = n.Frr.TenantBgp.Where(i => i.Vrf != "blue").Select(i => i with { ImportVrfs = i.ImportVrfs.Where(v => v != "blue").ToList() }).ToList(),
            },
            HostNetwork = n.HostNetwork! with { Vrfs = n.HostNetwork.Vrfs.Where(v => v.Name != "blue").ToList() },
        });
        var found = Check(broken, input).Where(d => d.Code == "EVPN114").ToList();
        Assert.NotEmpty(found);
        Assert.All(found, d => Assert.Contains("node 'host3' originates", d.Message));
        Assert.Contains(found, d => d.Message.Contains("10.40.2.0/24 of tenant 'shared'") && d.Message.Contains("VRF 'blue'") && d.Message.Contains("VNI 50000"));
        Assert.DoesNotContain(found, d => d.Message.Contains("VRF 'red'"));
    }
}
