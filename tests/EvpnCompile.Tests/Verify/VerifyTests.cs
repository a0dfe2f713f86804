using EvpnCompile.Cli.Verify;
using EvpnCompile.Core.Audit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Verify;

/// <summary>Every rendered file is accepted by the real program that reads it; each validator catches a broken file.</summary>
public class VerifyTests
{
    public static TheoryData<string> Snapshots() => ["quickstart", "repo-layout"];

    private static string SnapshotRoot(string example) => RepoPaths.Of("tests", "EvpnCompile.Tests", "Snapshots", example);

    private static IReadOnlyList<VerifyReport> Verify(string root, string? against = null) =>
        TreeVerifier.VerifyAsync(root, against).GetAwaiter().GetResult();

    [RequiresToolsTheory]
    [MemberData(nameof(Snapshots))]
    public void Every_file_of_every_snapshot_is_accepted_by_every_validator(string example)
    {
        Tools.AssertAllPresent();
        var reports = Verify(SnapshotRoot(example));
        Assert.Empty(reports.Where(r => r.Outcome != VerifyOutcome.Passed).Select(r => $"{r.Outcome} {r.Validator} {r.Path}: {string.Join("; ", r.Findings)} {r.Detail}"));
        // Each kind of file met its validator: nothing was silently left out.
        var ran = reports.Select(r => r.Validator).ToHashSet();
        foreach (var v in new[] { "vtysh", "ifupdown2", "cni-bridge", "cni-host-local", "kubernetes", "frr-audit", "sysctl", "netplan", "networkd" })
            Assert.Contains(v, ran);
        // The dual-stack quickstart's IPv6 source check and its boot unit.
        if (example == "quickstart") { Assert.Contains("nft", ran); Assert.Contains("systemd-analyze", ran); }
    }

    [RequiresToolsFact]
    public void Nft_rejects_a_bad_line_of_the_ipv6_source_check_at_its_line()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/evpnc/ipv6-source.nft";
        using var tree = Broken(path, t => t.Replace("fib saddr . iif oif missing counter drop", "fib saddr . iif oifx missing counter drop"));
        var r = Only(Verify(tree.Path), "nft", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        var lines = File.ReadAllLines(tree.File(path));
        var f = Assert.Single(r.Findings);
        Assert.Equal(Array.FindIndex(lines, l => l.Contains("oifx", StringComparison.Ordinal)) + 1, f.Line);
        Assert.Contains("syntax error", f.Message);
    }

    [RequiresToolsFact]
    public void Systemd_rejects_an_unknown_key_of_the_boot_unit_at_its_line()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/systemd/system/evpnc-ipv6-source.service";
        using var tree = Broken(path, t => t.Replace("RemainAfterExit=yes\n", "RemainAfterExit=yes\nRemainAfterExt=yes\n"));
        var r = Only(Verify(tree.Path), "systemd-analyze", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        var lines = File.ReadAllLines(tree.File(path));
        var f = Assert.Single(r.Findings);
        Assert.Equal(Array.IndexOf(lines, "RemainAfterExt=yes") + 1, f.Line);
        Assert.Contains("RemainAfterExt", f.Message);
    }

    /// <summary>A copy of the quickstart tree with one file changed by <paramref name="edit"/>.</summary>
    private static TempDir Broken(string path, Func<string, string> edit)
    {
        var tree = TempDir.CopyOf(SnapshotRoot("quickstart"));
        string file = tree.File(path);
        string before = File.ReadAllText(file);
        string after = edit(before);
        Assert.NotEqual(before, after); // the edit really changed something
        File.WriteAllText(file, after);
        return tree;
    }

    private static VerifyReport Only(IReadOnlyList<VerifyReport> reports, string validator, string path) =>
        reports.Single(r => r.Validator == validator && r.Path == path);

    [RequiresToolsFact]
    public void Vtysh_rejects_an_unknown_command_at_its_line()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/frr/frr.conf";
        using var tree = Broken(path, t => t.Replace(" bgp bestpath as-path multipath-relax\n", " bgp bestpath as-path multipath-relax\n bgp frobnicate\n"));
        var r = Only(Verify(tree.Path), "vtysh", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        int line = Array.IndexOf(File.ReadAllLines(tree.File(path)), " bgp frobnicate") + 1;
        Assert.Contains(r.Findings, f => f.Line == line);
    }

    [RequiresToolsFact]
    public void Ifupdown2_in_strict_mode_rejects_a_misspelled_attribute()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/network/interfaces.d/evpnc";
        using var tree = Broken(path, t => t.Replace("    vxlan-learning no\n", "    vxlan-learnin no\n"));
        var r = Only(Verify(tree.Path), "ifupdown2", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        Assert.Contains(r.Findings, f => f.Line > 0 && f.Message.Contains("vxlan-learnin"));
    }

    [RequiresToolsFact]
    public void Ifupdown2_takes_the_bridge_mtu_its_runtime_needs_but_still_rejects_a_bad_one()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/network/interfaces.d/evpnc";
        using var good = TempDir.CopyOf(SnapshotRoot("quickstart"));
        Assert.Contains("    bridge-stp off\n    mtu 9000\n", File.ReadAllText(Path.Combine(good.Path, path)));
        Assert.Equal(VerifyOutcome.Passed, Only(Verify(good.Path), "ifupdown2", path).Outcome);
        using var bad = Broken(path, t => t.Replace("    bridge-stp off\n    mtu 9000\n", "    bridge-stp off\n    mtu 9k\n"));
        var r = Only(Verify(bad.Path), "ifupdown2", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        Assert.Contains(r.Findings, f => f.Message.Contains("invalid mtu 9k"));
    }

    [RequiresToolsFact]
    public void Ifupdown2_rejects_a_vrf_table_outside_its_range()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/network/interfaces.d/evpnc";
        using var tree = Broken(path, t => t.Replace("    vrf-table 1001\n", "    vrf-table 7000\n"));
        Assert.Equal(VerifyOutcome.Failed, Only(Verify(tree.Path), "ifupdown2", path).Outcome);
    }

    [RequiresToolsFact]
    public void Netplan_rejects_an_unknown_key_at_its_line_and_column()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host3/etc/netplan/60-evpnc.yaml";
        using var tree = Broken(path, t => t.Replace("      mac-learning: false\n", "      mac-lerning: false\n"));
        var r = Only(Verify(tree.Path), "netplan", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        int line = Array.FindIndex(File.ReadAllLines(tree.File(path)), l => l.Contains("mac-lerning")) + 1;
        Assert.Contains(r.Findings, f => f.Line == line && f.Column > 1);
    }

    [RequiresToolsFact]
    public void The_CNI_bridge_plugin_rejects_a_config_it_cannot_parse()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/cni/multus/net.d/red.conf";
        using var tree = Broken(path, t => t.Replace("\"mtu\": 9000", "\"mtu\": \"9000\""));
        var r = Only(Verify(tree.Path), "cni-bridge", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        Assert.Contains("mtu", r.Findings.Single().Message);
    }

    [RequiresToolsFact]
    public void The_CNI_bridge_plugin_runs_macspoofchk_in_its_private_namespace_and_leaves_nothing_behind()
    {
        Tools.AssertAllPresent();
        string before = Run("nft", "list", "ruleset");
        var reports = TreeVerifier.VerifyAsync(SnapshotRoot("quickstart"), null, [new CniValidator("bridge")]).GetAwaiter().GetResult();
        Assert.Equal(Enumerable.Repeat(VerifyOutcome.Passed, 11), reports.Where(r => r.Validator == "cni-bridge").Select(r => r.Outcome));
        // The plugin went the whole way (macspoofchk is its last step and runs nft), all inside the namespace:
        // the machine has no rule, bridge, veth or lease of it.
        Assert.Equal(before, Run("nft", "list", "ruleset"));
        Assert.DoesNotContain("evpnc-verify", before);
        string links = Run("ip", "-o", "link", "show");
        foreach (var bridge in new[] { "pod50000", "pod50001", "pod50002", "br10000" }) Assert.DoesNotContain($": {bridge}:", links);
        Assert.False(Directory.Exists("/var/lib/cni/networks/red"));

        // And a macspoofchk the plugin cannot read is rejected by it.
        const string path = "nodes/host1/etc/cni/multus/net.d/red.conf";
        using var tree = Broken(path, t => t.Replace("\"macspoofchk\": true", "\"macspoofchk\": \"yes\""));
        var r = Only(Verify(tree.Path), "cni-bridge", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        Assert.Contains("macspoofchk", r.Findings.Single().Message);
    }

    private static string Run(string program, params string[] args)
    {
        var result = ToolRunner.RunAsync(ToolRunner.Find(program) ?? program, args).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, $"{program} exit code {result.ExitCode}: {result.Both}");
        return result.Out;
    }

    [RequiresToolsFact]
    public void The_sysctl_check_rejects_a_parameter_the_kernel_lacks_at_its_line()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/sysctl.d/60-evpnc.conf";
        using var tree = Broken(path, t => t.Replace("net.ipv4.neigh.default.gc_thresh2 =", "net.ipv4.neigh.default.gc_thresh4 ="));
        var r = Only(Verify(tree.Path), "sysctl", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        int line = Array.FindIndex(File.ReadAllLines(tree.File(path)), l => l.Contains("gc_thresh4")) + 1;
        var f = Assert.Single(r.Findings);
        Assert.Equal(line, f.Line);
        Assert.Contains("/proc/sys/net/ipv4/neigh/default/gc_thresh4", f.Message);
    }

    [RequiresToolsFact]
    public void The_sysctl_check_takes_a_key_of_a_device_this_machine_lacks_from_the_default_device()
    {
        Tools.AssertAllPresent();
        Assert.True(SysctlValidator.Known("net.ipv4.conf.pod59999.rp_filter"));
        Assert.False(SysctlValidator.Known("net.ipv4.conf.pod59999.rp_filterr"));
    }

    [RequiresToolsFact]
    public void Systemd_networkd_itself_rejects_a_bad_line_of_the_drop_in_at_its_line()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host3/etc/systemd/networkd.conf.d/50-evpnc.conf";
        using var tree = Broken(path, t => t.Replace("ManageForeignRoutes=no\n", "ManageForeignRoutes=nope\nManageForeignRoute=no\n"));
        var r = Only(Verify(tree.Path), "networkd", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        var lines = File.ReadAllLines(tree.File(path));
        Assert.Contains(r.Findings, f => f.Path == path && f.Line == Array.IndexOf(lines, "ManageForeignRoutes=nope") + 1 && f.Message.Contains("boolean"));
        Assert.Contains(r.Findings, f => f.Path == path && f.Line == Array.IndexOf(lines, "ManageForeignRoute=no") + 1 && f.Message.Contains("Unknown key"));
    }

    [RequiresToolsFact]
    public void Systemd_networkd_reads_the_bridge_port_drop_ins_beside_what_netplan_generates()
    {
        // A drop-in is only read when netplan generated its .network file: a finding here proves both.
        Tools.AssertAllPresent();
        const string path = "nodes/host3/etc/systemd/network/10-netplan-vni50001.network.d/50-evpnc.conf";
        using var tree = Broken(path, t => t.Replace("NeighborSuppression=", "NeighbourSuppression="));
        var r = Only(Verify(tree.Path), "networkd", "nodes/host3/etc/systemd/networkd.conf.d/50-evpnc.conf");
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        var f = Assert.Single(r.Findings);
        Assert.Equal((path, 4), (f.Path, f.Line));
        Assert.Contains("NeighbourSuppression", f.Message);
    }

    [RequiresToolsFact]
    public void The_CNI_host_local_plugin_rejects_a_range_outside_its_subnet()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/cni/multus/net.d/red-vms.conf";
        using var tree = Broken(path, t => t.Replace("\"rangeStart\": \"10.20.0.2\"", "\"rangeStart\": \"10.99.0.2\""));
        var r = Only(Verify(tree.Path), "cni-host-local", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        Assert.Contains("10.99.0.2", r.Findings.Single().Message);
        Assert.False(Directory.Exists("/var/lib/cni/networks/red-vms"), "the plugin ran in a private namespace: no lease on the host");
    }

    [RequiresToolsFact]
    public void The_Kubernetes_check_rejects_a_misspelled_field()
    {
        Tools.AssertAllPresent();
        const string path = "kubernetes/red.yaml";
        using var tree = Broken(path, t => t.Replace("  podSelector: {}", "  podSelectr: {}"));
        var r = Only(Verify(tree.Path), "kubernetes", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        Assert.Contains(r.Findings, f => f.Line > 0);
    }

    [RequiresToolsFact]
    public void The_FRR_audit_catches_a_route_target_no_one_exports()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host2/etc/frr/frr.conf";
        using var tree = Broken(path, t => t.Replace("  route-target import 65000:50002\n", "  route-target import 65000:59999\n"));
        var reports = Verify(tree.Path);
        Assert.Equal(VerifyOutcome.Passed, Only(reports, "vtysh", path).Outcome); // FRR itself cannot see it
        Assert.Equal(VerifyOutcome.Failed, Only(reports, "frr-audit", path).Outcome);
    }

    [RequiresToolsFact]
    public void Against_a_previous_tree_frr_reload_shows_the_delta_per_node()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/frr/frr.conf";
        using var tree = Broken(path, t => t.Replace(" neighbor fabric bfd\n", ""));
        var r = Only(Verify(tree.Path, against: SnapshotRoot("quickstart")), "frr-reload", path);
        Assert.Equal(VerifyOutcome.Passed, r.Outcome);
        Assert.Contains("no neighbor fabric bfd", r.Detail);
        Assert.Equal("no change", Only(Verify(tree.Path, against: SnapshotRoot("quickstart")), "frr-reload", "nodes/host2/etc/frr/frr.conf").Detail);
    }

    [RequiresToolsFact]
    public void A_netplan_host_that_carries_no_tenant_is_accepted()
    {
        // Found by the generated-fabric property test: empty netplan sections are not mappings.
        Tools.AssertAllPresent();
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fixtures.Fabric(1).Replace("  evpn:", "  network: netplan\n  evpn:"));
        Assert.Equal(0, CliRunner.Run(work.Path, "build", "fabric.yaml", "-o", "out").ExitCode);
        var r = Only(Verify(work.File("out")), "netplan", "nodes/host1/etc/netplan/60-evpnc.yaml");
        Assert.True(r.Outcome == VerifyOutcome.Passed, string.Join("; ", r.Findings));
    }

    [RequiresToolsFact]
    public void Frr_reload_rejects_a_new_file_it_cannot_parse()
    {
        Tools.AssertAllPresent();
        const string path = "nodes/host1/etc/frr/frr.conf";
        using var tree = Broken(path, t => t.Replace("frr defaults datacenter\n", "frr defaults datacenter\nfrobnicate all the things\n"));
        var r = Only(Verify(tree.Path, against: SnapshotRoot("quickstart")), "frr-reload", path);
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        Assert.Contains("exit code", r.Findings.Single().Message);
    }

    [Fact]
    public async Task Files_are_chosen_by_the_manifests_kind_and_a_tree_without_a_manifest_is_a_finding()
    {
        // A CNI file recorded under another kind is not given to the CNI validator, whatever its path says.
        using var tree = TempDir.CopyOf(SnapshotRoot("quickstart"));
        string manifestPath = tree.File("manifest.json");
        string manifest = File.ReadAllText(manifestPath);
        const string cni = "nodes/host1/etc/cni/multus/net.d/red.conf";
        File.WriteAllText(manifestPath, manifest.Replace($"\"path\": \"{cni}\",\n      \"kind\": \"cni\"", $"\"path\": \"{cni}\",\n      \"kind\": \"docs\""));
        Assert.NotEqual(manifest, File.ReadAllText(manifestPath));
        var missing = new CniValidator("no-such-plugin");
        var reports = await TreeVerifier.VerifyAsync(tree.Path, null, [missing]);
        Assert.DoesNotContain(reports, r => r.Path == cni && r.Validator == "cni-no-such-plugin");
        Assert.Contains(reports, r => r.Path == "nodes/host2/etc/cni/multus/net.d/red.conf" && r.Validator == "cni-no-such-plugin");

        File.Delete(manifestPath);
        reports = await TreeVerifier.VerifyAsync(tree.Path, null, [missing]);
        var r = Assert.Single(reports, x => x.Validator == "manifest");
        Assert.Equal(VerifyOutcome.Failed, r.Outcome);
        Assert.Contains("missing", r.Findings.Single().Message);
        Assert.DoesNotContain(reports, x => x.Validator == "cni-no-such-plugin");
    }

    [Fact]
    public async Task An_audit_finding_carries_its_code_in_text_json_and_sarif()
    {
        const string path = "nodes/host2/etc/frr/frr.conf";
        using var tree = Broken(path, t => t.Replace("router bgp 65102\n bgp router-id 10.0.0.12\n bgp graceful-restart\n bgp bestpath as-path multipath-relax\n", "router bgp 65102\n bgp router-id 10.0.0.12\n bgp graceful-restart\n bgp bestpath as-path multipath-relax ! why\n"));
        var reports = await TreeVerifier.VerifyAsync(tree.Path, null, []);   // no programs: the audit and the schemas
        var finding = Assert.Single(Only(reports, "frr-audit", path).Findings);
        Assert.Equal("EVPN208", finding.Code);
        Assert.Contains(": EVPN208: trailing comment", finding.ToString());

        var json = new StringWriter();
        VerifyPrinter.WriteJson(json, reports);
        using var doc = System.Text.Json.JsonDocument.Parse(json.ToString());
        var audit = doc.RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("validator").GetString() == "frr-audit" && c.GetProperty("path").GetString() == path);
        Assert.Equal("EVPN208", audit.GetProperty("findings")[0].GetProperty("code").GetString());

        var sarif = new StringWriter();
        VerifySarif.Write(sarif, reports, "out");
        using var log = System.Text.Json.JsonDocument.Parse(sarif.ToString());
        var run = log.RootElement.GetProperty("runs")[0];
        var result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("EVPN208", result.GetProperty("ruleId").GetString());
        Assert.Equal($"out/{path}", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Contains(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(), r => r.GetProperty("id").GetString() == "EVPN208");
    }

    [Fact]
    public async Task A_validator_that_cannot_run_reports_skipped_never_passed()
    {
        var missing = new CniValidator("no-such-plugin");
        Assert.NotNull(missing.Unavailable);
        using var tree = TempDir.CopyOf(SnapshotRoot("quickstart"));
        var reports = await TreeVerifier.VerifyAsync(tree.Path, null, [missing]);
        var cni = reports.Where(r => r.Validator == "cni-no-such-plugin").ToList();
        Assert.NotEmpty(cni);
        Assert.All(cni, r => Assert.Equal(VerifyOutcome.Skipped, r.Outcome));
        Assert.Contains("not run here: cni-no-such-plugin", VerifyPrinter.Summary(reports));
    }

    [RequiresToolsFact]
    public void Evpnc_verify_on_a_built_example_exits_0_and_build_verify_writes_the_tree()
    {
        Tools.AssertAllPresent();
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        var build = CliRunner.Run(work.Path, "build", ".", "-o", "out", "--verify");
        Assert.Equal(0, build.ExitCode);
        Assert.Contains("verify: ", build.Out);
        Assert.True(File.Exists(work.File("out/nodes/host1/etc/frr/frr.conf")));
        var verify = CliRunner.Run(work.Path, "verify", "out");
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains(" 0 failed, 0 skipped", verify.Out);
        File.AppendAllText(work.File("out/nodes/leaf1/etc/frr/frr.conf"), "router bgp 65001\n bgp frobnicate\nexit\n");
        var rejected = CliRunner.Run(work.Path, "verify", "out");
        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("FAIL vtysh", rejected.Out);
    }
}
