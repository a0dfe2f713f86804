using System.Text.RegularExpressions;
using EvpnCompile.Tests.Emit;
using EvpnCompile.Tests.Lab;

namespace EvpnCompile.Tests.Lowering;

/// <summary>
/// Graceful restart on every node (docs/graceful-restart.md): restart mode in each default BGP instance and zebra's
/// `-K`, and never a value equal to FRR 8.4's default, which the running config hides (every frr-reload would
/// re-add it). The live side is in Lab/GracefulRestartLiveTests.cs.
/// </summary>
public class GracefulRestartTests
{
    /// <summary>FRR 8.4's graceful restart timers at their defaults (measured: `show running-config` omits each).</summary>
    private static readonly Regex DefaultTimer = new(
        @"^ *bgp graceful-restart (restart-time 120|stalepath-time 360|select-defer-time 360|rib-stale-time 500)$", RegexOptions.Multiline);

    [Theory]
    [MemberData(nameof(OutputSnapshotTests.Examples), MemberType = typeof(OutputSnapshotTests))]
    public void Every_default_bgp_instance_restarts_gracefully_and_no_vrf_instance_or_default_value_is_rendered(string example)
    {
        var build = OutputSnapshotTests.BuildExample(example);
        var nodes = build.Model!.Nodes;
        Assert.NotEmpty(nodes);
        foreach (var node in nodes)
        {
            string conf = build.Files!.Single(f => f.Path == $"nodes/{node.Name}/etc/frr/frr.conf").Content;
            // The line sits in `router bgp ASN` (the fabric), once; tenant VRF instances keep FRR's helper mode.
            var instances = Regex.Matches(conf, @"^router bgp \d+( vrf \S+)?\n(?:(?!exit\n).*\n)*?exit\n", RegexOptions.Multiline);
            var fabric = instances.Single(m => !m.Groups[1].Success).Value;
            Assert.Single(Regex.Matches(fabric, "^ bgp graceful-restart$", RegexOptions.Multiline));
            Assert.All(instances.Where(m => m.Groups[1].Success), m => Assert.DoesNotContain("graceful-restart", m.Value));
            Assert.DoesNotMatch(DefaultTimer, conf);
            Assert.DoesNotContain("preserve-fw-state", conf); // FRR 8.4 does not keep the EVPN state a restart would claim

            string daemons = build.Files!.Single(f => f.Path == $"nodes/{node.Name}/etc/frr/daemons").Content;
            Assert.Contains("zebra_options=\"  -A 127.0.0.1 -s 90000000 -K 120\"\n", daemons);
        }
    }

    [Fact]
    public void The_lab_starts_each_zebra_with_the_K_of_its_rendered_daemons_file()
    {
        foreach (var node in QuickstartLab.Plan.Nodes)
        {
            string daemons = QuickstartLab.File($"nodes/{node.Name}/etc/frr/daemons");
            var k = Regex.Match(daemons, @"^zebra_options=.* -K (\d+)""$", RegexOptions.Multiline);
            Assert.True(k.Success, daemons);
            Assert.Equal(int.Parse(k.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), node.ZebraGracefulRestart);
            Assert.Equal(["-K", k.Groups[1].Value], EvpnCompile.Cli.Lab.LabBuilder.ZebraGracefulRestart(node));
        }
    }
}
