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
            nodes.ToDictionary(n => n.Name, n => (string?)Read($"{n.Name}.frr-reload.txt")),
            nodes.ToDictionary(n => n.Name, n => (string?)Read($"{n.Name}.underlay.json")))
        {
            EvpnNextHops = nodes.Where(n => n.IsHost).ToDictionary(n => n.Name, n => (string?)Read($"{n.Name}.evpn-next-hops.json")),
        };
    }

    private static List<LabFinding> Failures(LabObservation seen) =>
        LabJudge.ControlPlane(Plan, Routes, seen).Where(f => f.Outcome == LabOutcome.Failed).ToList();

    [Fact]
    public void The_recorded_healthy_fabric_passes_every_control_plane_check()
    {
        var findings = LabJudge.ControlPlane(Plan, Routes, Observation());
        Assert.DoesNotContain(findings, f => f.Outcome == LabOutcome.Failed);
        Assert.Equal(24, findings.Count(f => f.Check == LabCheck.Session)); // 12 link ends x 2 address families
        Assert.Equal(12, findings.Count(f => f.Check == LabCheck.Vni));     // 9 L3VNIs (blue is transit on host3) + red's L2VNI on 3 hosts
        Assert.Equal(5, findings.Count(f => f.Check == LabCheck.Evpn));
        Assert.Equal(9, findings.Count(f => f.Check == LabCheck.Vrf && f.Outcome == LabOutcome.Passed));
        // Routes leaked from a partner VRF on the same host cannot be installed by netns VRFs: said, never passed.
        var notTested = findings.Where(f => f.Outcome == LabOutcome.NotTested).ToList();
        Assert.Equal(9, notTested.Count);
        Assert.All(notTested, f => Assert.Equal(LabCheck.Vrf, f.Check));
        Assert.Equal(9, findings.Count(f => f.Check == LabCheck.Link));
        Assert.Equal(9, findings.Count(f => f is { Check: LabCheck.Encap, Outcome: LabOutcome.Passed }));
        Assert.Equal(5, findings.Count(f => f is { Check: LabCheck.Edge, Outcome: LabOutcome.Passed }));
        Assert.Equal(5, findings.Count(f => f.Check == LabCheck.Config));
        Assert.Equal(5, findings.Count(f => f.Check == LabCheck.Running));
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
        Assert.Equal((LabCheck.Vni, "host2", "L3VNI 50001 (vrf red)", "state Down (expected Up)"), (f.Check, f.Node, f.Subject, f.Detail));
    }

    [Fact]
    public void A_vxlan_device_down_in_the_kernel_is_named()
    {
        var failures = Failures(Observation((file, text) => file == "host2.links-red.json"
            ? ReplaceAfter(text, "\"ifname\":\"vni50001\"", "\"UP\",\"LOWER_UP\"", "\"NO_CARRIER\"")
            : text));
        var f = Assert.Single(failures);
        Assert.Equal((LabCheck.Link, "host2", "vrf red vni50001", "down (flags BROADCAST,MULTICAST,NO_CARRIER)"), (f.Check, f.Node, f.Subject, f.Detail));
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
        Assert.Equal(3, failures.Count);
        // blue has no pods on host3: leaf1 should never have taken that route from it.
        Assert.Single(failures, f => f.Check == LabCheck.Edge && f.Detail == "taken from host host3 with route target 65000:50000, which belongs to no tenant host3 hosts");
        failures = failures.Where(f => f.Check == LabCheck.Evpn).ToList();
        Assert.All(failures, f => Assert.Equal((LabCheck.Evpn, "leaf1", "type-5 10.40.2.0/24"), (f.Check, f.Node, f.Subject)));
        Assert.Contains(failures, f => f.Detail == "missing: originated by host3 with RD 10.0.0.13:1003 and RT 65000:50002 in routes.json");
        Assert.Contains(failures, f => f.Detail.StartsWith("unexpected: RD 10.0.0.13:1003, RT 65000:50000,"));
    }

    [Fact]
    public void Another_tenants_prefix_in_a_vrf_is_a_leak_and_names_the_owner()
    {
        string blueRoute = "\"10.30.1.0/24\":[{\"prefix\":\"10.30.1.0/24\",\"prefixLen\":24,\"protocol\":\"bgp\",\"selected\":true,\"installed\":true}],";
        var failures = Failures(Observation((file, text) => file == "host1.vrf-red.json" ? text.Insert(1, blueRoute) : text));
        var f = Assert.Single(failures);
        Assert.Equal((LabCheck.Vrf, "host1", "vrf red 10.30.1.0/24"), (f.Check, f.Node, f.Subject));
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
            failures.Select(f => $"{f.Check.Name()} {f.Node} {f.Subject} {f.Detail}").Order());
    }

    [Fact]
    public void A_session_not_established_and_a_silent_daemon_fail()
    {
        var seen = Observation((file, text) => file == "leaf2.bgp-summary.json" ? text.Replace("\"state\":\"Established\"", "\"state\":\"Active\"") : text);
        var failures = Failures(seen with { EvpnVnis = new Dictionary<string, string?>(seen.EvpnVnis) { ["host3"] = null } });
        Assert.Equal(6, failures.Count(f => f.Check == LabCheck.Session && f.Node == "leaf2" && f.Detail == "Active (expected Established)"));
        Assert.Contains(failures, f => (f.Check, f.Node, f.Detail) == (LabCheck.Vni, "host3", "zebra does not answer"));
    }

    [Fact]
    public void A_rendered_line_the_daemons_do_not_run_is_named_with_its_context()
    {
        // What frr-reload.py --test printed after `no route-target import 65000:50002` in host3's red VRF.
        var failures = Failures(Observation((file, text) => file == "host3.frr-reload.txt"
            ? text + "router bgp 65103 vrf red\n address-family l2vpn evpn\n  route-target import 65000:50002\n"
            : text));
        var f = Assert.Single(failures);
        Assert.Equal((LabCheck.Running, "host3", "the daemons lack: router bgp 65103 vrf red / address-family l2vpn evpn / route-target import 65000:50002"),
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
        Assert.Superset(new HashSet<LabCheck> { LabCheck.Session, LabCheck.Evpn, LabCheck.Vni, LabCheck.Vrf, LabCheck.Link, LabCheck.Running, LabCheck.Edge }, checks);
        Assert.DoesNotContain(LabJudge.ControlPlane(Plan, Routes, Observation((_, _) => garbage)), f => f.Outcome == LabOutcome.Passed && f.Check != LabCheck.Config);
    }

    [Fact]
    public void A_copied_frr_conf_that_differs_fails_the_config_check()
    {
        var seen = Observation();
        var failures = Failures(seen with { ConfigIdentical = new Dictionary<string, bool>(seen.ConfigIdentical) { ["host1"] = false } });
        Assert.Equal((LabCheck.Config, "host1", "/etc/frr/lab-host1/frr.conf differs from the rendered file"), Assert.Single(failures) is var f ? (f.Check, f.Node, f.Detail) : default);
    }

    [Fact]
    public void Encap_a_vtep_without_the_importing_vrfs_vni_is_a_black_hole_named_per_route()
    {
        // host3 without blue's L3VNI (its transit VRF gone): blue on host1 and host2 still sends to
        // shared's pods on host3 in VNI 50000, which host3 would drop.
        var failures = Failures(Observation((file, text) => file == "host3.evpn-vni.json"
            ? System.Text.Json.Nodes.JsonNode.Parse(text)!.AsArray() is var a && a.Remove(a.First(v => (long)v!["vni"]! == 50000)) ? a.ToJsonString() : text
            : text)).Where(f => f.Check == LabCheck.Encap).ToList();
        Assert.Equal(["host1 vrf blue 10.40.2.0/24", "host2 vrf blue 10.40.2.0/24"], failures.Select(f => $"{f.Node} {f.Subject}").Order());
        Assert.All(failures, f => Assert.Equal("sent to host3 (10.0.0.13) in VNI 50000, which host3 does not carry as an L3VNI: dropped there", f.Detail));
    }

    [Fact]
    public void Encap_a_route_whose_vtep_has_no_router_mac_in_zebra_is_named_though_the_route_is_installed()
    {
        // What two-racks showed under load (docs/topology.md): the route installed, zebra without the VTEP's next hop.
        var failures = Failures(Observation((file, text) => file == "host1.evpn-next-hops.json"
            ? System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject() is var o && o["50001"]!.AsObject().Remove("10.0.0.12") ? o.ToJsonString() : text
            : text));
        var encap = Assert.Single(failures, f => f.Check == LabCheck.Encap && f.Subject == "vrf red 10.10.1.0/24");
        Assert.Equal("via host2 (10.0.0.12) in L3VNI 50001: zebra holds no router MAC for 10.0.0.12 in that VNI (`show evpn next-hops`), "
            + "so the kernel has no neighbour entry for it and drops what the route sends", encap.Detail);
        // Exactly the routes host1 sends to host2 through red's L3VNI fail: red's own, the shared prefix red imports, and
        // shared's routes leaked from red (blue and shared keep host2's router MAC in their own L3VNIs). The vrf check
        // still passes them: the routes are there.
        Assert.All(failures, f => Assert.Equal((LabCheck.Encap, "host1"), (f.Check, f.Node)));
        Assert.Equal(["vrf red 10.10.1.0/24", "vrf red 10.20.0.16/32", "vrf red 10.40.1.0/24", "vrf shared 10.10.1.0/24", "vrf shared 10.20.0.16/32"],
            failures.Select(f => f.Subject).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Edge_a_default_route_or_another_vteps_loopback_taken_from_a_host_is_named()
    {
        // leaf1 holding what a rogue host3 (AS 65103) announced: a default route and host1's loopback.
        string rogue = "\"0.0.0.0/0\":[{\"valid\":true,\"bestpath\":true,\"path\":\"65103\"}],\"10.0.0.11/32\":[{\"valid\":true,\"path\":\"65103\"},";
        var failures = Failures(Observation((file, text) => file == "leaf1.underlay.json"
            ? text.Replace("\"10.0.0.11/32\": [", rogue, StringComparison.Ordinal)
            : text)).Where(f => f.Check == LabCheck.Edge).ToList();
        Assert.Equal(
            ["leaf1 underlay 0.0.0.0/0: no node may announce it (AS path 65103)", "leaf1 underlay 10.0.0.11/32: host1's loopback, announced by AS 65103 (AS path 65103)"],
            failures.Select(f => $"{f.Node} {f.Subject}: {f.Detail}").Order());
    }

    [Fact]
    public void Edge_a_route_with_a_tenant_the_host_does_not_host_taken_by_a_leaf_is_named()
    {
        // host3 announcing red's prefix also under blue's route target (blue has no pods on host3),
        // which would put red's prefix into blue's VRFs; leaf1 must not have taken it.
        var failures = Failures(Observation((file, text) => file == "leaf1.evpn-routes.json"
            ? ReplaceAfter(text, "\"10.0.0.13:1002\":{", "RT:65000:50001", "RT:65000:50000 RT:65000:50001")
            : text)).Where(f => f.Check == LabCheck.Edge).ToList();
        var f = Assert.Single(failures);
        Assert.Equal("leaf1", f.Node);
        Assert.StartsWith("type-5 10.0.0.13:1002 ", f.Subject);
        Assert.Equal("taken from host host3 with route target 65000:50000, which belongs to no tenant host3 hosts", f.Detail);
    }
}
