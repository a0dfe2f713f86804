using System.Text.Json;
using System.Text.RegularExpressions;
using EvpnCompile.Core.Explain;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

/// <summary>`evpnc explain tenant|node NAME` and `evpnc graph` on the quickstart example and its committed lock.</summary>
public class ExplainGraphTests
{
    private static TempDir Quickstart() => TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));

    /// <summary>The value of a `  label:  value` line of the text form's header.</summary>
    private static string Field(string text, string label)
    {
        var m = Regex.Match(text, $"^  {Regex.Escape(label)}:\\s+(.*)$", RegexOptions.Multiline);
        Assert.True(m.Success, $"no '{label}:' line in:\n{text}");
        return m.Groups[1].Value;
    }

    /// <summary>The lines of a `title:` section of the text form, up to the blank line that ends it.</summary>
    private static List<string> Section(string text, string title)
    {
        var lines = text.Split('\n');
        int start = Array.FindIndex(lines, l => l == title + ":");
        Assert.True(start >= 0, $"no section '{title}' in:\n{text}");
        return lines.Skip(start + 1).TakeWhile(l => l.Length > 0).ToList();
    }

    [Fact]
    public void Explain_tenant_red_shows_its_hosts_values_from_the_lock_and_its_import()
    {
        using var work = Quickstart();
        string lockBefore = File.ReadAllText(work.File("evpnc.lock.yaml"));
        var run = CliRunner.Run(work.Path, "explain", "tenant", "red", ".");
        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("tenant red\n", run.Out);
        Assert.Equal("host1, host2, host3", Field(run.Out, "hosts"));
        // The committed lock says l3vni 50001, vrfTable 1002 for red.
        Assert.Equal("50001", Field(run.Out, "L3VNI"));
        Assert.Equal("65000:50001", Field(run.Out, "route target"));
        Assert.Equal("red, table 1002", Field(run.Out, "VRF"));
        // red is dual-stack: each host's IPv6 block (from the lock) beside its IPv4 one.
        Assert.Equal("10.10.0.0/16, fd00:10::/48", Field(run.Out, "pod network"));
        Assert.Equal(
            ["  host   RD              pod block                       gateway",
             "  host1  10.0.0.11:1002  10.10.0.0/24, fd00:10::/64      10.10.0.1, fd00:10::1",
             "  host2  10.0.0.12:1002  10.10.1.0/24, fd00:10:0:1::/64  10.10.1.1, fd00:10:0:1::1",
             "  host3  10.0.0.13:1002  10.10.2.0/24, fd00:10:0:2::/64  10.10.2.1, fd00:10:0:2::1"],
            Section(run.Out, "hosts (3)"));
        Assert.Equal(["  tenant  route target", "  shared  65000:50002"], Section(run.Out, "leaks in (imports)"));
        Assert.Equal(["  -"], Section(run.Out, "leaks out (tenants that import red)"));
        var l2 = Section(run.Out, "L2 networks");
        Assert.Equal("  vms: VNI 10000, route target 65000:10000, subnet 10.20.0.0/24 and fd00:20::/64, gateway 10.20.0.1 and fd00:20::1", l2[0]);
        Assert.Contains("    host2  10.20.0.16/28, fd00:20:0:0:1::/80", l2);
        Assert.Contains("  red-db     red, red-vms", Section(run.Out, "namespaces"));
        var files = Section(run.Out, "files (7)");
        Assert.Contains(files, l => l.StartsWith("  kubernetes/red.yaml ", StringComparison.Ordinal) && l.EndsWith("kubectl apply -f kubernetes/red.yaml", StringComparison.Ordinal));
        Assert.Contains(files, l => l.StartsWith("  nodes/host3/etc/cni/multus/net.d/red-vms.conf ", StringComparison.Ordinal));
        Assert.DoesNotContain(files, l => l.Contains("shared.conf", StringComparison.Ordinal) || l.Contains("blue", StringComparison.Ordinal));
        Assert.Equal(lockBefore, File.ReadAllText(work.File("evpnc.lock.yaml")));
    }

    [Fact]
    public void Explain_tenant_shared_shows_who_imports_it()
    {
        using var work = Quickstart();
        var run = CliRunner.Run(work.Path, "explain", "tenant", "shared");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["  tenant  route target", "  blue    65000:50002", "  red     65000:50002"], Section(run.Out, "leaks out (tenants that import shared)"));
        Assert.Equal(["  -"], Section(run.Out, "leaks in (imports)"));
    }

    [Fact]
    public void Explain_tenant_blue_lands_on_host1_and_host2_only()
    {
        using var work = Quickstart();
        var run = CliRunner.Run(work.Path, "explain", "tenant", "blue", ".");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("host1, host2", Field(run.Out, "hosts"));
        var hosts = Section(run.Out, "hosts (2)");
        Assert.Equal(3, hosts.Count);
        Assert.DoesNotContain("host3", run.Out);
        Assert.Equal("50000", Field(run.Out, "L3VNI"));
    }

    [Fact]
    public void Explain_node_host3_says_netplan_and_carries_red_and_shared_with_blue_only_as_transit()
    {
        using var work = Quickstart();
        var run = CliRunner.Run(work.Path, "explain", "node", "host3", ".");
        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("node host3\n", run.Out);
        Assert.Equal("netplan", Field(run.Out, "network"));
        Assert.Equal("host", Field(run.Out, "role"));
        Assert.Equal("65103", Field(run.Out, "ASN"));
        Assert.Equal("02:e0:00:00:00:03", Field(run.Out, "router MAC"));
        Assert.Equal(["  port  peer   peer port  MTU", "  eth1  leaf1  swp3       9216", "  eth2  leaf2  swp3       9216"], Section(run.Out, "fabric ports"));
        var bgp = Section(run.Out, "BGP");
        Assert.Contains("  eth1      leaf1  65001", bgp);
        Assert.Contains("  eth2      leaf2  65002", bgp);
        var tenants = Section(run.Out, "tenants (2)");
        Assert.Contains("  red: VRF red, table 1002, L3VNI 50001, RD 10.0.0.13:1002", tenants);
        Assert.Contains("  shared: VRF shared, table 1003, L3VNI 50002, RD 10.0.0.13:1003", tenants);
        Assert.Contains(tenants, l => Regex.IsMatch(l, @"^    podd50001\s+dummy\s+in pod50001$"));
        Assert.DoesNotContain(tenants, l => l.StartsWith("  blue:", StringComparison.Ordinal));
        // blue has no pods on host3, but shared (its partner) does: blue's VRF is here so that blue's
        // traffic to shared, sent in blue's L3VNI, arrives in a VRF that exists.
        var transit = Section(run.Out, "transit VRFs (1): no pods here, carried so that leak partners' traffic arrives in a VRF that exists");
        Assert.Contains("  blue: VRF blue, table 1001, L3VNI 50000, RD 10.0.0.13:1001", transit);
        Assert.Contains(transit, l => l.Contains("import vrf:") && l.EndsWith("shared", StringComparison.Ordinal));
        Assert.DoesNotContain(transit, l => l.Contains("pod50000", StringComparison.Ordinal));
        var files = Section(run.Out, "files (20)");
        // red's anycast IPv6 gateway bridge gets its networkd drop-in (no DAD probe).
        Assert.Contains(files, l => l.StartsWith("  nodes/host3/etc/systemd/network/10-netplan-br10000.network.d/50-evpnc.conf ", StringComparison.Ordinal));
        Assert.Contains(files, l => l.StartsWith("  nodes/host3/etc/netplan/60-evpnc.yaml ", StringComparison.Ordinal) && l.EndsWith("netplan apply", StringComparison.Ordinal));
        Assert.Contains(files, l => l.StartsWith("  nodes/host3/etc/systemd/networkd.conf.d/50-evpnc.conf ", StringComparison.Ordinal) && l.EndsWith("netplan apply", StringComparison.Ordinal));
        Assert.Contains(files, l => l.StartsWith("  nodes/host3/etc/sysctl.d/60-evpnc.conf ", StringComparison.Ordinal) && l.EndsWith("sysctl --system", StringComparison.Ordinal));
        // host3 routes IPv6 (red is dual-stack): the nftables IPv6 source check and the unit that loads it at boot.
        Assert.Contains(files, l => l.StartsWith("  nodes/host3/etc/evpnc/ipv6-source.nft ", StringComparison.Ordinal) && l.EndsWith("/usr/sbin/nft -f /etc/evpnc/ipv6-source.nft", StringComparison.Ordinal));
        Assert.Contains(files, l => l.StartsWith("  nodes/host3/etc/systemd/system/evpnc-ipv6-source.service ", StringComparison.Ordinal) && l.EndsWith("systemctl enable evpnc-ipv6-source.service", StringComparison.Ordinal));
        Assert.Contains(files, l => l.StartsWith("  nodes/host3/etc/cni/net.d/multus.d/daemon-config.json ", StringComparison.Ordinal)
            && l.EndsWith("--field-selector spec.nodeName=host3", StringComparison.Ordinal));
        Assert.All(files.Skip(1), l => Assert.StartsWith("  nodes/host3/", l));
    }

    [Fact]
    public void Explain_json_parses_and_carries_the_same_facts()
    {
        using var work = Quickstart();
        var tenant = CliRunner.Run(work.Path, "explain", "tenant", "red", ".", "--format", "json");
        Assert.Equal(0, tenant.ExitCode);
        Assert.DoesNotContain("\r", tenant.Out);
        Assert.Equal(tenant.Out, CliRunner.Run(work.Path, "explain", "tenant", "red", "--format", "json").Out);
        using (var doc = JsonDocument.Parse(tenant.Out))
        {
            var t = doc.RootElement;
            Assert.Equal("red", t.GetProperty("tenant").GetString());
            Assert.Equal(50001, t.GetProperty("l3Vni").GetInt64());
            Assert.Equal(1002, t.GetProperty("vrfTable").GetInt64());
            Assert.Equal("65000:50001", t.GetProperty("routeTarget").GetString());
            Assert.Equal(["host1", "host2", "host3"], t.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("node").GetString()));
            Assert.Equal("10.0.0.12:1002", t.GetProperty("hosts")[1].GetProperty("rd").GetString());
            Assert.Equal("10.10.1.0/24", t.GetProperty("hosts")[1].GetProperty("podBlock").GetString());
            Assert.Equal(["shared"], t.GetProperty("imports").EnumerateArray().Select(i => i.GetProperty("tenant").GetString()));
            Assert.Equal(10000, t.GetProperty("l2Networks")[0].GetProperty("vni").GetInt64());
            Assert.Equal(7, t.GetProperty("files").GetArrayLength());
        }

        var node = CliRunner.Run(work.Path, "explain", "node", "host3", "--format", "json");
        Assert.Equal(0, node.ExitCode);
        using (var doc = JsonDocument.Parse(node.Out))
        {
            var n = doc.RootElement;
            Assert.Equal("netplan", n.GetProperty("network").GetString());
            Assert.Equal(["red", "shared"], n.GetProperty("tenants").EnumerateArray().Select(x => x.GetProperty("tenant").GetString()));
            Assert.Equal(["leaf1", "leaf2"], n.GetProperty("bgp").GetProperty("neighbors").EnumerateArray().Select(x => x.GetProperty("peer").GetString()));
            Assert.Equal(["blue"], n.GetProperty("transitVrfs").EnumerateArray().Select(x => x.GetProperty("tenant").GetString()));
            Assert.Equal(20, n.GetProperty("files").GetArrayLength());
        }

        var leaf = CliRunner.Run(work.Path, "explain", "node", "leaf1", "--format", "json");
        using (var doc = JsonDocument.Parse(leaf.Out))
        {
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("network").ValueKind);
            Assert.Equal(0, doc.RootElement.GetProperty("tenants").GetArrayLength());
            Assert.Equal(["swp1", "swp2", "swp3"], doc.RootElement.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("port").GetString()));
        }
    }

    [Theory]
    [InlineData("tenant", "green", "evpnc: no tenant 'green' (tenants: blue, red, shared)\n")]
    [InlineData("node", "host4", "evpnc: no node 'host4' (nodes: host1, host2, host3, leaf1, leaf2)\n")]
    [InlineData("node", "red", "evpnc: no node 'red' (nodes: host1, host2, host3, leaf1, leaf2)\n")]
    public void Unknown_names_exit_2_naming_the_known_ones(string kind, string name, string message)
    {
        using var work = Quickstart();
        var run = CliRunner.Run(work.Path, "explain", kind, name, ".");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Error);
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData("explain")]
    [InlineData("explain", "tenant")]
    [InlineData("explain", "pod", "x")]
    [InlineData("graph", "--format", "svg")]
    public void Usage_errors_exit_2(params string[] args)
    {
        using var work = Quickstart();
        var run = CliRunner.Run(work.Path, args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("evpnc", run.Error);
    }

    [Fact]
    public void Input_errors_are_printed_like_validate_and_exit_1()
    {
        using var work = Quickstart();
        File.WriteAllText(work.File("fabric.yaml"), File.ReadAllText(work.File("fabric.yaml")).Replace("loopback: 10.0.0.12", "loopback: 10.0.0.11"));
        var run = CliRunner.Run(work.Path, "explain", "tenant", "red", ".");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"^fabric\.yaml:\d+:\d+: error EVPN040: ", run.Out);
        var json = CliRunner.Run(work.Path, "explain", "node", "host1", "--format", "json");
        Assert.Equal(1, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.True(doc.RootElement.GetProperty("errors").GetInt32() > 0);
        Assert.Equal(1, CliRunner.Run(work.Path, "graph").ExitCode);
    }

    [Fact]
    public void A_stale_lock_is_never_written_and_locked_exits_3()
    {
        using var work = Quickstart();
        File.Delete(work.File("evpnc.lock.yaml"));
        var run = CliRunner.Run(work.Path, "explain", "tenant", "red");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("evpnc.lock.yaml is not up to date (not written)", run.Error);
        Assert.False(File.Exists(work.File("evpnc.lock.yaml")));
        var locked = CliRunner.Run(work.Path, "explain", "tenant", "red", "--locked");
        Assert.Equal(3, locked.ExitCode);
        Assert.Contains("EVPN100", locked.Out);
        Assert.False(File.Exists(work.File("evpnc.lock.yaml")));
    }

    [Fact]
    public void Graph_mermaid_is_the_block_docs_fabric_md_embeds()
    {
        string doc = File.ReadAllText(RepoPaths.Of("tests", "EvpnCompile.Tests", "Snapshots", "quickstart", "docs", "fabric.md")).Replace("\r\n", "\n");
        const string fence = "```mermaid\n";
        int start = doc.IndexOf(fence, StringComparison.Ordinal);
        Assert.True(start >= 0, "no mermaid block in the snapshot");
        start += fence.Length;
        int end = doc.IndexOf("```\n", start, StringComparison.Ordinal);
        string block = doc[start..end];
        Assert.StartsWith("graph TD\n", block);

        using var work = Quickstart();
        var run = CliRunner.Run(work.Path, "graph", ".", "--format", "mermaid");
        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(block, run.Out);
        Assert.Equal(run.Out, CliRunner.Run(work.Path, "graph").Out); // mermaid and "." are the defaults
    }

    [Fact]
    public void Graph_dot_is_a_graphviz_graph_with_an_edge_per_link()
    {
        using var work = Quickstart();
        var run = CliRunner.Run(work.Path, "graph", "--format", "dot");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("graph fabric {\n", run.Out);
        Assert.EndsWith("\n}\n", run.Out);
        Assert.Equal(run.Out.Count(c => c == '{'), run.Out.Count(c => c == '}'));
        var links = Regex.Matches(run.Out, @"^  ""([^""]+)"" -- ""([^""]+)"" \[taillabel=""([^""]+)"", headlabel=""([^""]+)""\];$", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[1].Value}:{m.Groups[3].Value}-{m.Groups[2].Value}:{m.Groups[4].Value}").ToList();
        Assert.Equal(
            ["leaf1:swp1-host1:eth1", "leaf2:swp1-host1:eth2", "leaf1:swp2-host2:eth1", "leaf2:swp2-host2:eth2", "leaf1:swp3-host3:eth1", "leaf2:swp3-host3:eth2"],
            links);
        var tenantEdges = Regex.Matches(run.Out, @"^  ""(host\d)"" -- ""tenant:(\w+)"" \[style=""dotted""\];$", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[2].Value}@{m.Groups[1].Value}").ToList();
        Assert.Equal(["blue@host1", "blue@host2", "red@host1", "red@host2", "red@host3", "shared@host1", "shared@host2", "shared@host3"], tenantEdges);
        // Every id is quoted: no edge or node statement starts with a bare word.
        Assert.DoesNotMatch(@"(?m)^  [a-z0-9]+ --", run.Out);
    }
}
