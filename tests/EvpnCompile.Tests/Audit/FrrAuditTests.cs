using EvpnCompile.Core.Audit;
using EvpnCompile.Tests.Emit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Audit;

/// <summary>
/// The frr.conf audit: every committed fabric passes it, and for each rule a real snapshot file,
/// broken in exactly one place by text replacement, fails with a finding at the broken line.
/// </summary>
public class FrrAuditTests
{
    private const string Host2 = "nodes/host2/etc/frr/frr.conf";
    private const string Host3 = "nodes/host3/etc/frr/frr.conf";

    private static string SnapshotsRoot => RepoPaths.Of("tests", "EvpnCompile.Tests", "Snapshots");

    public static TheoryData<string> SnapshotExamples()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(SnapshotsRoot).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        return data;
    }

    /// <summary>Every frr.conf of one snapshot folder, as (path relative to the folder, text), by path.</summary>
    private static List<(string Path, string Text)> FrrConfs(string example)
    {
        var root = Path.Combine(SnapshotsRoot, example);
        return Directory.EnumerateFiles(root, "frr.conf", SearchOption.AllDirectories)
            .Select(p => (Path: Path.GetRelativePath(root, p).Replace('\\', '/'), Text: File.ReadAllText(p)))
            .OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>The quickstart fabric with one file changed; the change must apply.</summary>
    private static (IReadOnlyList<VerifyReport> Reports, string Text) Break(string path, Func<string, string> change)
    {
        var files = FrrConfs("quickstart");
        int index = files.FindIndex(f => f.Path == path);
        Assert.True(index >= 0, $"{path} is not in the quickstart snapshot");
        var text = change(files[index].Text);
        Assert.NotEqual(files[index].Text, text);
        files[index] = (path, text);
        return (FrrAudit.Check(files), text);
    }

    /// <summary>Replaces the first occurrence of <paramref name="find"/>, which must be there.</summary>
    private static (IReadOnlyList<VerifyReport> Reports, string Text) Break(string path, string find, string replace) =>
        Break(path, text =>
        {
            int at = text.IndexOf(find, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{find}' not found in {path}");
            return text[..at] + replace + text[(at + find.Length)..];
        });

    /// <summary>1-based number of the <paramref name="occurrence"/>-th line that is exactly <paramref name="line"/>.</summary>
    private static int LineOf(string text, string line, int occurrence = 1)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var numbers = Enumerable.Range(0, lines.Count).Where(i => lines[i] == line).Select(i => i + 1).ToList();
        Assert.True(numbers.Count >= occurrence, $"line '{line}' occurs {numbers.Count} times, wanted occurrence {occurrence}");
        return numbers[occurrence - 1];
    }

    private static VerifyReport ReportOf(IReadOnlyList<VerifyReport> reports, string path) => Assert.Single(reports, r => r.Path == path);

    /// <summary>The file failed with exactly one finding at the line whose message has every phrase, with the catalogue code.</summary>
    private static VerifyFinding AssertFinding(string code, IReadOnlyList<VerifyReport> reports, string path, int line, params string[] phrases)
    {
        var report = ReportOf(reports, path);
        Assert.Equal("frr-audit", report.Validator);
        Assert.Equal(VerifyOutcome.Failed, report.Outcome);
        var finding = Assert.Single(report.Findings, f => f.Line == line && phrases.All(p => f.Message.Contains(p, StringComparison.Ordinal)));
        Assert.Equal(code, finding.Code);
        Assert.Equal(path, finding.Path);
        return finding;
    }

    /// <summary>As <see cref="AssertFinding"/>, and it is the file's only finding.</summary>
    private static VerifyFinding AssertOnlyFinding(string code, IReadOnlyList<VerifyReport> reports, string path, int line, params string[] phrases)
    {
        var finding = AssertFinding(code, reports, path, line, phrases);
        Assert.Single(ReportOf(reports, path).Findings);
        return finding;
    }

    private static void AssertOthersPass(IReadOnlyList<VerifyReport> reports, string brokenPath)
    {
        var others = reports.Where(r => r.Path != brokenPath).ToList();
        Assert.NotEmpty(others);
        Assert.All(others, r => Assert.True(r.Outcome == VerifyOutcome.Passed, $"{r.Path}: {string.Join("; ", r.Findings)}"));
    }

    private static void AssertAllPass(IReadOnlyList<VerifyReport> reports)
    {
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.True(r.Outcome == VerifyOutcome.Passed, $"{r.Path}: {string.Join("; ", r.Findings)}"));
    }

    // ------------------------------------------------------------ the real output passes

    [Theory]
    [MemberData(nameof(SnapshotExamples))]
    public void Every_frr_conf_of_a_snapshot_fabric_passes_together(string example)
    {
        var files = FrrConfs(example);
        Assert.Contains(files, f => f.Text.Contains("router bgp", StringComparison.Ordinal) && f.Text.Contains(" vrf ", StringComparison.Ordinal));
        var reports = FrrAudit.Check(files);
        Assert.Equal(files.Select(f => f.Path), reports.Select(r => r.Path));
        AssertAllPass(reports);
    }

    [Theory]
    [MemberData(nameof(OutputSnapshotTests.Examples), MemberType = typeof(OutputSnapshotTests))]
    public void A_fresh_build_of_each_example_passes(string example)
    {
        var build = OutputSnapshotTests.BuildExample(example);
        var frr = build.Files!.Where(f => f.Kind == EvpnCompile.Core.Emit.OutputKind.FrrConf).Select(f => (f.Path, Text: f.Content)).ToList();
        Assert.NotEmpty(frr);
        AssertAllPass(FrrAudit.Check(frr));
    }

    [Fact]
    public void Indentation_and_CRLF_do_not_change_the_verdict()
    {
        // FRR ignores indentation; blocks end with their exit commands.
        var files = FrrConfs("quickstart")
            .Select(f => (f.Path, Text: string.Join("\r\n", f.Text.Split('\n').Select(l => l.TrimStart()))))
            .ToList();
        AssertAllPass(FrrAudit.Check(files));
    }

    [Fact]
    public void No_files_no_reports() => Assert.Empty(FrrAudit.Check([]));

    // ------------------------------------------------------------ EVPN201 undefined references, EVPN202 undeclared neighbors and peer groups

    [Fact]
    public void EVPN201_an_undefined_route_map_is_found()
    {
        const string line = "  redistribute connected route-map PODS";
        var (reports, text) = Break(Host2, "  redistribute connected\n", line + "\n");
        var f = AssertOnlyFinding("EVPN201", reports, Host2, LineOf(text, line), "undefined route-map 'PODS'");
        Assert.Equal(line.IndexOf("PODS", StringComparison.Ordinal) + 1, f.Column);
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN201_an_undefined_prefix_list_is_found()
    {
        var (reports, text) = Break(Host2, "  network 10.0.0.12/32\n", "  network 10.0.0.12/32\n  neighbor fabric prefix-list LOOPBACKS out\n");
        AssertOnlyFinding("EVPN201", reports, Host2, LineOf(text, "  neighbor fabric prefix-list LOOPBACKS out"), "undefined prefix-list 'LOOPBACKS'");
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN202_an_undeclared_peer_group_of_an_interface_neighbor_is_found()
    {
        var (reports, text) = Break(Host2, " neighbor eth2 interface peer-group fabric\n", " neighbor eth2 interface peer-group fabirc\n");
        AssertOnlyFinding("EVPN202", reports, Host2, LineOf(text, " neighbor eth2 interface peer-group fabirc"), "undefined peer-group 'fabirc'");
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN202_an_undeclared_peer_group_of_an_address_neighbor_is_found()
    {
        var (reports, text) = Break(Host2, " neighbor eth2 interface peer-group fabric\n", " neighbor 10.1.2.3 peer-group spines\n");
        AssertOnlyFinding("EVPN202", reports, Host2, LineOf(text, " neighbor 10.1.2.3 peer-group spines"), "undefined peer-group 'spines'");
    }

    [Fact]
    public void EVPN202_a_peer_group_used_before_its_declaration_is_found()
    {
        var (reports, text) = Break(Host2, " neighbor fabric peer-group\n neighbor fabric remote-as external\n",
            " neighbor fabric remote-as external\n neighbor fabric peer-group\n");
        AssertOnlyFinding("EVPN202", reports, Host2, LineOf(text, " neighbor fabric remote-as external"),
            "'fabric'", $"declared only later, on line {LineOf(text, " neighbor fabric peer-group")}");
    }

    [Fact]
    public void EVPN201_an_undefined_bfd_profile_is_found()
    {
        var (reports, text) = Break(Host2, " neighbor fabric bfd\n", " neighbor fabric bfd profile fast\n");
        AssertOnlyFinding("EVPN201", reports, Host2, LineOf(text, " neighbor fabric bfd profile fast"), "undefined BFD profile 'fast'");
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN201_defined_route_maps_prefix_lists_and_bfd_profiles_pass()
    {
        // The same uses as above, with their definitions: proves the definitions are read.
        var (reports, _) = Break(Host2, text => text
            .Replace("service integrated-vtysh-config\n", """
                service integrated-vtysh-config
                !
                ip prefix-list LOOPBACKS seq 5 permit 10.0.0.0/24 le 32
                !
                route-map PODS permit 10
                 match ip address prefix-list LOOPBACKS
                exit
                !
                bfd
                 profile fast
                  detect-multiplier 3
                 exit
                exit

                """.Replace("\r\n", "\n"), StringComparison.Ordinal)
            .Replace(" neighbor fabric bfd\n", " neighbor fabric bfd profile fast\n", StringComparison.Ordinal)
            .Replace("  network 10.0.0.12/32\n", "  network 10.0.0.12/32\n  neighbor fabric prefix-list LOOPBACKS out\n", StringComparison.Ordinal)
            .Replace("  redistribute connected\n", "  redistribute connected route-map PODS\n", StringComparison.Ordinal));
        AssertAllPass(reports);
    }

    // ------------------------------------------------------------ EVPN203: rd

    [Theory]
    [InlineData("rd 10.0.0.12:70000", "65535")]
    [InlineData("rd 10.0.0.12", "not of the form ASN:N or A.B.C.D:N")]
    [InlineData("rd 10.0.0.312:1001", "not an IPv4 address")]
    [InlineData("rd 1.2:1001", "not an IPv4 address")]
    [InlineData("rd 4200000000:70000", "4-byte ASN")]
    [InlineData("rd 65000:4294967296", "2-byte ASN")]
    [InlineData("rd 0:1001", "ASN 0")]
    [InlineData("rd 65000:x1", "not a decimal number")]
    [InlineData("rd 10.0.0.12:1001 1", "one value expected")]
    public void EVPN203_a_malformed_rd_is_found(string rd, string problem)
    {
        var (reports, text) = Break(Host2, "  rd 10.0.0.12:1001\n", $"  {rd}\n");
        AssertOnlyFinding("EVPN203", reports, Host2, LineOf(text, $"  {rd}"), "malformed rd", problem);
        AssertOthersPass(reports, Host2);
    }

    [Theory]
    [InlineData("rd 65000:70000")]
    [InlineData("rd 4200000000:1001")]
    [InlineData("rd 10.0.0.12:65535")]
    public void EVPN203_a_well_formed_rd_passes(string rd)
    {
        var (reports, _) = Break(Host2, "  rd 10.0.0.12:1001\n", $"  {rd}\n");
        AssertAllPass(reports);
    }

    // ------------------------------------------------------------ EVPN204: route targets

    [Theory]
    [InlineData("route-target import *:50002", "wildcard route-target import '*:50002'")]
    [InlineData("route-target import 65000:50002 65000:50001", "more than one route-target on one line")]
    [InlineData("route-target import 0:50002", "ASN 0")]
    [InlineData("route-target import 65000:4294967296", "2-byte ASN")]
    [InlineData("route-target import 4200000000:70000", "4-byte ASN")]
    [InlineData("route-target import 10.0.0.1:70000", "65535")]
    [InlineData("route-target import 65000-50002", "not of the form ASN:N or A.B.C.D:N")]
    [InlineData("route-target export *:50000", "wildcard cannot be exported")]
    public void EVPN204_a_malformed_route_target_is_found(string line, string problem)
    {
        var find = line.Contains("export", StringComparison.Ordinal) ? "  route-target export 65000:50000\n" : "  route-target import 65000:50002\n";
        var (reports, text) = Break(Host2, find, $"  {line}\n");
        var f = AssertFinding("EVPN204", reports, Host2, LineOf(text, $"  {line}"), problem);
        Assert.Contains("route-target", f.Message, StringComparison.Ordinal);
        if (!line.Contains("export", StringComparison.Ordinal)) Assert.Single(ReportOf(reports, Host2).Findings);
    }

    [Fact]
    public void EVPN204_route_target_both_counts_as_import_and_export()
    {
        var (reports, _) = Break(Host2, "  route-target import 65000:50000\n  route-target import 65000:50002\n  route-target export 65000:50000\n",
            "  route-target both 65000:50000\n  route-target import 65000:50002\n");
        AssertAllPass(reports);
    }

    // ------------------------------------------------------------ EVPN205: top-level vni

    [Fact]
    public void EVPN205_a_top_level_vni_is_found()
    {
        var (reports, text) = Break(Host2, "vrf shared\n vni 50002\n ip protocol bgp route-map evpnc-shared-fib\n ipv6 protocol bgp route-map evpnc-shared-fib\nexit-vrf\n", "vrf shared\n vni 50002\n ip protocol bgp route-map evpnc-shared-fib\n ipv6 protocol bgp route-map evpnc-shared-fib\nexit-vrf\nvni 50003\n");
        AssertOnlyFinding("EVPN205", reports, Host2, LineOf(text, "vni 50003"), "top-level 'vni 50003'", "default VRF");
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN205_an_indented_vni_after_exit_vrf_is_still_top_level()
    {
        var (reports, text) = Break(Host2, "vrf shared\n vni 50002\n ip protocol bgp route-map evpnc-shared-fib\n ipv6 protocol bgp route-map evpnc-shared-fib\nexit-vrf\n", "vrf shared\n ip protocol bgp route-map evpnc-shared-fib\n ipv6 protocol bgp route-map evpnc-shared-fib\nexit-vrf\n vni 50002\n");
        AssertFinding("EVPN205", reports, Host2, LineOf(text, " vni 50002"), "top-level 'vni 50002'", "default VRF");
    }

    // ------------------------------------------------------------ EVPN206: advertise-all-vni

    [Fact]
    public void EVPN206_advertise_all_vni_in_a_vrf_instance_is_found()
    {
        var (reports, text) = Break(Host2, "  advertise ipv4 unicast route-map evpnc-blue-own\n  rd 10.0.0.12:1001\n", "  advertise ipv4 unicast route-map evpnc-blue-own\n  advertise-all-vni\n  rd 10.0.0.12:1001\n");
        AssertOnlyFinding("EVPN206", reports, Host2, LineOf(text, "  advertise-all-vni", occurrence: 2), "'advertise-all-vni'", "vrf blue", "default BGP instance");
        AssertOthersPass(reports, Host2);
    }

    // ------------------------------------------------------------ EVPN207: VNIs

    [Fact]
    public void EVPN207_one_L3VNI_on_two_VRFs_is_found()
    {
        var (reports, text) = Break(Host2, "vrf red\n vni 50001\n", "vrf red\n vni 50000\n");
        AssertFinding("EVPN207", reports, Host2, LineOf(text, " vni 50000", occurrence: 2), "same L3VNI 50000 on two VRFs", "VRF 'red'", "VRF 'blue'");
    }

    [Fact]
    public void EVPN207_a_VNI_that_is_both_L3VNI_and_L2VNI_is_found()
    {
        var (reports, text) = Break(Host2, "  vni 10000\n", "  vni 50001\n");
        AssertOnlyFinding("EVPN207", reports, Host2, LineOf(text, "  vni 50001"), "VNI 50001 is both an L2VNI", "L3VNI of VRF 'red'");
    }

    [Theory]
    [InlineData("vrf blue\n vni 50000\n", " vni 16777216", "outside 1..16777215")]
    [InlineData("vrf blue\n vni 50000\n", " vni 0", "outside 1..16777215")]
    [InlineData("vrf blue\n vni 50000\n", " vni 5e4", "not a decimal number")]
    [InlineData("  vni 10000\n", "  vni 16777216", "outside 1..16777215")]
    public void EVPN207_a_VNI_out_of_range_is_found(string find, string vniLine, string problem)
    {
        var replace = find.StartsWith("vrf", StringComparison.Ordinal) ? $"vrf blue\n{vniLine}\n" : $"{vniLine}\n";
        var (reports, text) = Break(Host2, find, replace);
        AssertFinding("EVPN207", reports, Host2, LineOf(text, vniLine), problem);
    }

    // ------------------------------------------------------------ EVPN208: trailing comments

    [Fact]
    public void EVPN208_a_trailing_comment_is_found()
    {
        const string line = "  rd 10.0.0.12:1001 ! blue";
        var (reports, text) = Break(Host2, "  rd 10.0.0.12:1001\n", line + "\n");
        var f = AssertOnlyFinding("EVPN208", reports, Host2, LineOf(text, line), "trailing comment '! blue'", "FRR 8.4 rejects it");
        Assert.Equal(line.IndexOf('!', StringComparison.Ordinal) + 1, f.Column);
        AssertOthersPass(reports, Host2);
    }

    // ------------------------------------------------------------ EVPN209: vrf <-> router bgp vrf

    [Fact]
    public void EVPN209_a_bgp_instance_without_its_vrf_block_is_found()
    {
        var (reports, text) = Break(Host2, "vrf blue\n vni 50000\n ip protocol bgp route-map evpnc-blue-fib\n ipv6 protocol bgp route-map evpnc-blue-fib\nexit-vrf\n!\n", "");
        AssertOnlyFinding("EVPN209", reports, Host2, LineOf(text, "router bgp 65102 vrf blue"), "no matching 'vrf blue' block");
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN209_a_vrf_block_without_vni_is_found()
    {
        var (reports, text) = Break(Host2, "vrf red\n vni 50001\n ip protocol bgp route-map evpnc-red-fib\n ipv6 protocol bgp route-map evpnc-red-fib\nexit-vrf\n", "vrf red\n ip protocol bgp route-map evpnc-red-fib\n ipv6 protocol bgp route-map evpnc-red-fib\nexit-vrf\n");
        AssertOnlyFinding("EVPN209", reports, Host2, LineOf(text, "router bgp 65102 vrf red"), "'vrf red' block", "without a 'vni'");
    }

    [Fact]
    public void EVPN209_a_vrf_without_its_bgp_instance_is_found()
    {
        var (reports, text) = Break(Host2, t => t[..t.IndexOf("router bgp 65102 vrf shared\n", StringComparison.Ordinal)]);
        AssertOnlyFinding("EVPN209", reports, Host2, LineOf(text, "vrf shared"), "no matching 'router bgp ASN vrf shared'");
        AssertOthersPass(reports, Host2);
    }

    // ------------------------------------------------------------ EVPN210: fabric agreement

    [Fact]
    public void EVPN210_a_node_exporting_another_route_target_for_a_VRF_is_found()
    {
        var (reports, text) = Break(Host2,
            "  route-target import 65000:50001\n  route-target import 65000:50002\n  route-target export 65000:50001\n",
            "  route-target import 65000:50009\n  route-target import 65000:50002\n  route-target export 65000:50009\n");
        AssertOnlyFinding("EVPN210", reports, Host2, LineOf(text, "  route-target export 65000:50009"),
            "route-target disagreement", "VRF 'red' exports 65000:50009 on host2 but 65000:50001 on host1, host3");
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN210_a_node_with_another_L3VNI_for_a_VRF_is_found()
    {
        var (reports, text) = Break(Host2, "vrf red\n vni 50001\n", "vrf red\n vni 50011\n");
        AssertOnlyFinding("EVPN210", reports, Host2, LineOf(text, " vni 50011"), "L3VNI disagreement", "VRF 'red' has L3VNI 50011 on host2 but 50001 on host1, host3");
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN210_a_node_with_other_route_targets_for_an_L2VNI_is_found()
    {
        var (reports, text) = Break(Host2, "   route-target import 65000:10000\n   route-target export 65000:10000\n",
            "   route-target import 65000:10001\n   route-target export 65000:10001\n");
        AssertFinding("EVPN210", reports, Host2, LineOf(text, "   route-target import 65000:10001"), "L2VNI 10000 imports 65000:10001 on host2 but 65000:10000 on host1, host3");
        AssertFinding("EVPN210", reports, Host2, LineOf(text, "   route-target export 65000:10001"), "L2VNI 10000 exports 65000:10001 on host2 but 65000:10000 on host1, host3");
        Assert.Equal(2, ReportOf(reports, Host2).Findings.Count);
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN210_a_VNI_that_means_different_things_on_two_nodes_is_found()
    {
        // host3 without its transit VRF blue; there 50000 becomes an L2VNI while it is blue's L3VNI on host1/host2.
        var (reports, text) = Break(Host3, text =>
        {
            string Cut(string t, string from, string to)
            {
                int a = t.IndexOf(from, StringComparison.Ordinal);
                Assert.True(a >= 0, $"'{from}' not found");
                int b = t.IndexOf(to, a, StringComparison.Ordinal) + to.Length;
                return t[..a] + t[b..];
            }
            text = Cut(text, "vrf blue\n", "exit-vrf\n!\n");
            text = Cut(text, "router bgp 65103 vrf blue\n", "exit\n!\n");
            text = Cut(text, "route-map evpnc-blue-", "exit\n!\n");
            text = Cut(text, "route-map evpnc-blue-", "exit\n!\n");
            text = Cut(text, "route-map evpnc-blue-", "exit\n!\n");
            text = text.Replace("  import vrf blue\n", "", StringComparison.Ordinal);
            return text.Replace("  vni 10000\n", "  vni 50000\n", StringComparison.Ordinal);
        });
        AssertOnlyFinding("EVPN210", reports, Host3, LineOf(text, "  vni 50000"), "VNI disagreement", "VNI 50000 is an L2VNI on host3 but the L3VNI of VRF 'blue' on host1, host2");
        AssertOthersPass(reports, Host3);
    }

    // ------------------------------------------------------------ EVPN211: imports are exported

    [Fact]
    public void EVPN211_a_dangling_import_is_found()
    {
        var (reports, text) = Break(Host2, "  route-target import 65000:50002\n", "  route-target import 65000:50099\n");
        AssertOnlyFinding("EVPN211", reports, Host2, LineOf(text, "  route-target import 65000:50099"), "dangling import", "VRF 'blue' imports route target 65000:50099");
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN211_a_VRF_not_importing_its_own_export_is_found()
    {
        var (reports, text) = Break(Host2, "  rd 10.0.0.12:1001\n  route-target import 65000:50000\n", "  rd 10.0.0.12:1001\n");
        AssertOnlyFinding("EVPN211", reports, Host2, LineOf(text, "  route-target export 65000:50000"), "VRF 'blue' exports route target 65000:50000 but does not import it");
        AssertOthersPass(reports, Host2);
    }

    [Fact]
    public void EVPN211_a_dangling_L2VNI_import_is_found()
    {
        var (reports, text) = Break(Host2, "   route-target import 65000:10000\n", "   route-target import 65000:10099\n");
        AssertFinding("EVPN211", reports, Host2, LineOf(text, "   route-target import 65000:10099"), "dangling import", "L2VNI 10000 imports route target 65000:10099");
    }

    // ------------------------------------------------------------ EVPN212: unique RDs

    [Fact]
    public void EVPN212_a_reused_rd_is_found()
    {
        var (reports, text) = Break(Host2, "  rd 10.0.0.12:1002\n", "  rd 10.0.0.12:1001\n");
        AssertOnlyFinding("EVPN212", reports, Host2, LineOf(text, "  rd 10.0.0.12:1001", occurrence: 2), "duplicate rd 10.0.0.12:1001", "VRF 'red'", "VRF 'blue'");
        AssertOthersPass(reports, Host2);
    }

    // ------------------------------------------------------------ every audit code is tested by name

    [Fact]
    public void Every_audit_code_of_the_catalogue_has_a_test_named_after_it()
    {
        var tests = typeof(FrrAuditTests).GetMethods().Select(m => m.Name).ToList();
        var codes = EvpnCompile.Core.Diagnostics.DiagnosticCatalog.Audit.Select(e => e.Code).ToList();
        Assert.Equal(12, codes.Count);
        Assert.All(codes, c => Assert.Contains(tests, t => t.StartsWith(c + "_", StringComparison.Ordinal)));
        Assert.DoesNotContain(tests, t => t.StartsWith("Rule", StringComparison.Ordinal));
    }
}
