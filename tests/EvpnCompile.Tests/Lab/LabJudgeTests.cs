using EvpnCompile.Core.Lab;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lab;

/// <summary>
/// The judge against FRR 8.4.4's own JSON, recorded from a converged quickstart lab (Fixtures/quickstart:
/// `vtysh -N lab-NODE -c '... json'` per node and VRF, and the lab's routes.json). The healthy recording
/// passes; each break below is one a real fabric can have, and must be named precisely.
/// </summary>
public class LabJudgeTests
{
    private static readonly LabPlan Plan = QuickstartLab.Plan;
    private static string Fixture(string name) => System.IO.File.ReadAllText(RepoPaths.Of("tests", "EvpnCompile.Tests", "Lab", "Fixtures", "quickstart", name));
    private static readonly RoutesFile Routes = RoutesFile.Parse(Fixture("routes.json"));

    /// <summary>The recording, with <paramref name="edit"/> applied to the files whose name it is given.</summary>
    private static LabObservation Observation(Func<string, string, string>? edit = null)
    {
        string Read(string file) => edit is null ? Fixture(file) : edit(file, Fixture(file));
        var nodes = Plan.Nodes;
        return new LabObservation(
            nodes.ToDictionary(n => n.Name, n => (string?)Read($"{n.Name}.bgp-summary.json")),
            nodes.Where(n => n.IsHost).ToDictionary(n => n.Name, n => (string?)Read($"{n.Name}.evpn-vni.json")),
            nodes.ToDictionary(n => n.Name, n => (string?)Read($"{n.Name}.evpn-routes.json")),
            nodes.SelectMany(n => n.Vrfs.Select(v => (n.Name, v.Name))).ToDictionary(x => $"{x.Item1}/{x.Item2}", x => (string?)Read($"{x.Item1}.vrf-{x.Item2}.json")),
            nodes.SelectMany(n => n.Vrfs.Select(v => (n.Name, v.Name))).ToDictionary(x => $"{x.Item1}/{x.Item2}", x => (string?)Read($"{x.Item1}.links-{x.Item2}.json")),
            nodes.ToDictionary(n => n.Name, _ => true),
            nodes.ToDictionary(n => n.Name, n => (string?)Read($"{n.Name}.frr-reload.txt")));
    }

    private static List<LabFinding> Failures(LabObservation seen) =>
        LabJudge.ControlPlane(Plan, Routes, seen).Where(f => f.Outcome == LabOutcome.Failed).ToList();

    [Fact]
    public void The_recorded_healthy_fabric_passes_every_control_plane_check()
    {
        var findings = LabJudge.ControlPlane(Plan, Routes, Observation());
        Assert.DoesNotContain(findings, f => f.Outcome != LabOutcome.Passed);
        Assert.Equal(24, findings.Count(f => f.Check == "session")); // 12 link ends x 2 address families
        Assert.Equal(11, findings.Count(f => f.Check == "vni"));     // 8 L3VNIs + red's L2VNI on 3 hosts
        Assert.Equal(5, findings.Count(f => f.Check == "evpn"));
        Assert.Equal(8, findings.Count(f => f.Check == "vrf"));
        Assert.Equal(8, findings.Count(f => f.Check == "link"));
        Assert.Equal(5, findings.Count(f => f.Check == "config"));
        Assert.Equal(5, findings.Count(f => f.Check == "running"));
    }

    /// <summary>Replaces the first <paramref name="old"/> after <paramref name="anchor"/>.</summary>
    private static string ReplaceAfter(string text, string anchor, string old, string replacement)
    {
        int at = text.IndexOf(old, text.IndexOf(anchor, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(at > 0, $"{old} after {anchor} not in the recording");
        return text[..at] + replacement + text[(at + old.Length)..];
    }

    [Fact]
    public void A_down_l3vni_is_named_with_its_host_vrf_and_state()
    {
        var failures = Failures(Observation((file, text) => file == "host2.evpn-vni.json"
            ? ReplaceAfter(text, "\"vni\":50001,", "\"state\":\"Up\"", "\"state\":\"Down\"")
            : text));
        var f = Assert.Single(failures);
        Assert.Equal(("vni", "host2", "L3VNI 50001 (vrf red)", "state Down (expected Up)"), (f.Check, f.Node, f.Subject, f.Detail));
    }

    [Fact]
    public void A_vxlan_device_down_in_the_kernel_is_named()
    {
        var failures = Failures(Observation((file, text) => file == "host2.links-red.json"
            ? ReplaceAfter(text, "\"ifname\":\"vni50001\"", "\"UP\",\"LOWER_UP\"", "\"NO_CARRIER\"")
            : text));
        var f = Assert.Single(failures);
        Assert.Equal(("link", "host2", "vrf red vni50001", "down (flags BROADCAST,MULTICAST,NO_CARRIER)"), (f.Check, f.Node, f.Subject, f.Detail));
    }

    [Fact]
    public void A_port_outside_its_bridge_or_with_the_wrong_mtu_is_named()
    {
        var failures = Failures(Observation((file, text) => file == "host1.links-red.json"
            ? ReplaceAfter(ReplaceAfter(text, "\"ifname\":\"vni10000\"", "\"master\":\"br10000\"", "\"master\":null"), "\"ifname\":\"vni50001\"", "\"mtu\":9000", "\"mtu\":1500")
            : text));
        Assert.Equal(["vrf red vni10000: not a port of br10000", "vrf red vni50001: MTU 1500 (expected 9000)"],
            failures.Select(f => $"{f.Subject}: {f.Detail}").Order());
    }

    [Fact]
    public void A_wrong_route_target_shows_the_route_missing_and_the_wrong_one_unexpected()
    {
        // host3 exporting shared's prefix under blue's route target, as a wrong RT in its frr.conf would.
        var failures = Failures(Observation((file, text) => file == "leaf1.evpn-routes.json"
            ? ReplaceAfter(text, "\"10.0.0.13:1003\":{", "RT:65000:50002", "RT:65000:50000")
            : text));
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal(("evpn", "leaf1", "type-5 10.40.2.0/24"), (f.Check, f.Node, f.Subject)));
        Assert.Contains(failures, f => f.Detail == "missing: originated by host3 with RD 10.0.0.13:1003 and RT 65000:50002 in routes.json");
        Assert.Contains(failures, f => f.Detail.StartsWith("unexpected: RD 10.0.0.13:1003, RT 65000:50000,"));
    }

    [Fact]
    public void Another_tenants_prefix_in_a_vrf_is_a_leak_and_names_the_owner()
    {
        string blueRoute = "\"10.30.1.0/24\":[{\"prefix\":\"10.30.1.0/24\",\"prefixLen\":24,\"protocol\":\"bgp\",\"selected\":true,\"installed\":true}],";
        var failures = Failures(Observation((file, text) => file == "host1.vrf-red.json" ? text.Insert(1, blueRoute) : text));
        var f = Assert.Single(failures);
        Assert.Equal(("vrf", "host1", "vrf red 10.30.1.0/24"), (f.Check, f.Node, f.Subject));
        Assert.Equal("unexpected (bgp): tenant blue's prefix, which red does not import", f.Detail);
    }

    [Fact]
    public void A_missing_imported_prefix_and_a_missing_remote_pod_are_named_with_their_origin()
    {
        var failures = Failures(Observation((file, text) => file == "host1.vrf-shared.json"
            ? System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject() is var o && o.Remove("10.10.2.0/24") && o.Remove("10.20.0.16/32") ? o.ToJsonString() : text
            : text));
        Assert.Equal(
            ["vrf host1 vrf shared 10.10.2.0/24 missing (type-5 from host3)", "vrf host1 vrf shared 10.20.0.16/32 missing (type-2 of pod red-vms on host2)"],
            failures.Select(f => $"{f.Check} {f.Node} {f.Subject} {f.Detail}").Order());
    }

    [Fact]
    public void A_session_not_established_and_a_silent_daemon_fail()
    {
        var seen = Observation((file, text) => file == "leaf2.bgp-summary.json" ? text.Replace("\"state\":\"Established\"", "\"state\":\"Active\"") : text);
        var failures = Failures(seen with { EvpnVnis = new Dictionary<string, string?>(seen.EvpnVnis) { ["host3"] = null } });
        Assert.Equal(6, failures.Count(f => f.Check == "session" && f.Node == "leaf2" && f.Detail == "Active (expected Established)"));
        Assert.Contains(failures, f => (f.Check, f.Node, f.Detail) == ("vni", "host3", "zebra does not answer"));
    }

    [Fact]
    public void A_rendered_line_the_daemons_do_not_run_is_named_with_its_context()
    {
        // What frr-reload.py --test printed after `no route-target import 65000:50002` in host3's red VRF.
        var failures = Failures(Observation((file, text) => file == "host3.frr-reload.txt"
            ? text + "router bgp 65103 vrf red\n address-family l2vpn evpn\n  route-target import 65000:50002\n"
            : text));
        var f = Assert.Single(failures);
        Assert.Equal(("running", "host3", "the daemons lack: router bgp 65103 vrf red / address-family l2vpn evpn / route-target import 65000:50002"),
            (f.Check, f.Node, f.Detail));
    }

    [Fact]
    public void Frr_reload_output_is_read_by_section_and_its_log_lines_are_skipped()
    {
        string output = "2026-11-26 08:50:12,046  INFO: Called via \"Namespace(...)\"\n\nLines To Delete\n===============\nipv6 forwarding\n\n" +
                        "Lines To Add\n============\nfrr version 8.4\nrouter bgp 1\n bgp router-id 10.0.0.1\n2026-11-26 08:50:12,129  INFO: \"frr version 8.4.4\" cannot be removed\n";
        Assert.Equal(["frr version 8.4", "router bgp 1", " bgp router-id 10.0.0.1"], FrrReloadText.LinesToAdd(output));
        Assert.Equal(["ipv6 forwarding"], FrrReloadText.LinesToDelete(output));
        Assert.Null(FrrReloadText.LinesToAdd("Lines To Delete\n===============\n"));
        Assert.Empty(FrrReloadText.LinesToAdd("Lines To Delete\n===============\n\nLines To Add\n============\n")!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("% Unknown command: show bgp summary json")]
    [InlineData("{\"truncated\": [")]
    [InlineData("[1, 2, 3]")]
    public void Garbage_from_frr_or_the_kernel_fails_every_check_it_feeds_and_never_throws(string garbage)
    {
        var failures = Failures(Observation((_, _) => garbage));
        var checks = failures.Select(f => f.Check).ToHashSet();
        Assert.Superset(new HashSet<string> { "session", "evpn", "vni", "vrf", "link", "running" }, checks);
        Assert.DoesNotContain(LabJudge.ControlPlane(Plan, Routes, Observation((_, _) => garbage)), f => f.Outcome == LabOutcome.Passed && f.Check != "config");
    }

    [Fact]
    public void A_copied_frr_conf_that_differs_fails_the_config_check()
    {
        var seen = Observation();
        var failures = Failures(seen with { ConfigIdentical = new Dictionary<string, bool>(seen.ConfigIdentical) { ["host1"] = false } });
        Assert.Equal(("config", "host1", "/etc/frr/lab-host1/frr.conf differs from the rendered file"), Assert.Single(failures) is var f ? (f.Check, f.Node, f.Detail) : default);
    }
}
