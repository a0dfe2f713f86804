using EvpnCompile.Tests.Cli;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lab;

/// <summary>
/// The scaffolded drift.yml against FRR that really runs: a repository made by `evpnc init` is pushed
/// into a folder per node (as in PlaybookRunTests) and brought up as a lab, so each node's pushed
/// frr.conf is the file its lab daemons loaded; drift.yml then asks those daemons (frr-reload.py
/// --test --pathspace) what a reload would change, before and after a `vtysh` change on one node.
/// </summary>
[Collection(nameof(LabLiveTests))]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class LabDriftTests
{
    /// <summary>netns mode binds each VRF to its namespace (`vrf X` / ` netns /run/netns/X`), which the
    /// rendered file (kernel VRFs) has not; a reload would remove it. Production hosts have no such line.</summary>
    private const string LabOnlyLines = """{"evpnc_frr_ignore_more": [" / no netns "]}""";

    [RequiresLabDriftFact]
    public async Task Drift_shows_what_a_vtysh_change_on_one_node_did_to_its_running_FRR_and_nothing_elsewhere()
    {
        LabTools.AssertReady();
        string lab = "d" + Random.Shared.Next(100000, 999999);
        using var work = new TempDir();
        var repo = PlaybookRunTests.Setup(work);
        var push = await repo.PlaybookAsync("playbook.yml", "-e", "evpnc_record=true");
        Assert.True(push.Exit == 0, push.Output);
        try
        {
            var up = CliRunner.Run(repo.Root, "lab", "up", ".", "--name", lab);
            Assert.True(up.ExitCode == 0, up.Out + up.Error);
            string[] atLab = ["-e", $"evpnc_frr_pathspace={lab}-{{{{ inventory_hostname }}}}", "-e", LabOnlyLines];

            // The daemons run exactly the pushed files: nothing to report, on any node. (Before frr.conf
            // said `no ipv6 forwarding`, every node reported `ipv6 forwarding`: a reload would have
            // switched IPv6 forwarding on.)
            var clean = await repo.PlaybookAsync("drift.yml", atLab);
            Assert.True(clean.Exit == 0, clean.Output);
            foreach (var node in PlaybookRunTests.Nodes) Assert.Contains($"evpnc drift on {node}: files [], running FRR []", clean.Output);

            // On host1, someone adds a prefix-list, changes the fabric timers and takes the L3VNI off the
            // tenant VRF, by hand. The files stay as pushed.
            string vni = System.Text.RegularExpressions.Regex.Match(
                File.ReadAllText(repo.Target("host1", "/etc/frr/frr.conf")), @"^vrf example\n vni (\d+)$", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
            Assert.NotEqual("", vni);
            Vtysh(lab, "host1", "conf t", "ip prefix-list by-hand seq 5 permit 0.0.0.0/0",
                "router bgp 65101", "neighbor fabric timers 10 30", "exit", "vrf example", $"no vni {vni}", "end");
            var drift = await repo.PlaybookAsync("drift.yml", atLab);
            Assert.True(drift.Exit != 0, "drift must fail the run so a scheduled job alerts\n" + drift.Output);
            var host1 = System.Text.RegularExpressions.Regex.Match(drift.Output, @"evpnc drift on host1: files \[\], running FRR \[(.*)\]""");
            Assert.True(host1.Success, drift.Output);
            string[] expected = ["no ip prefix-list by-hand seq 5 permit 0.0.0.0/0", "router bgp 65101 / no neighbor fabric timers 10 30", $"vrf example / vni {vni}"];
            Assert.True(expected.SequenceEqual(host1.Groups[1].Value.Split(" | ").Order(StringComparer.Ordinal)), drift.Output);
            foreach (var node in PlaybookRunTests.Nodes.Where(n => n != "host1"))
                Assert.Contains($"evpnc drift on {node}: files [], running FRR []", drift.Output);
            Assert.Contains("0.0.0.0/0", Vtysh(lab, "host1", "show ip prefix-list by-hand")); // drift changed nothing
        }
        finally
        {
            CliRunner.Run(repo.Root, "lab", "down", "--name", lab);
        }
    }

    private static string Vtysh(string lab, string node, params string[] commands)
    {
        var start = new System.Diagnostics.ProcessStartInfo("vtysh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-N", $"{lab}-{node}" }.Concat(commands.SelectMany(c => new[] { "-c", c }))) start.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"vtysh {string.Join(" / ", commands)}: {output}{p.StandardError.ReadToEnd()}");
        return output;
    }
}

/// <summary>Needs the live lab and a real Ansible push (skipped with the reason, unless EVPNC_REQUIRE_TOOLS=1).</summary>
public sealed class RequiresLabDriftFactAttribute : FactAttribute
{
    public RequiresLabDriftFactAttribute()
    {
        if (LabTools.SkipReason() is { } lab) Skip = lab;
        else if (RequiresPlaybookRunFactAttribute.Missing() is { } why && !Tools.Required) Skip = $"{why} (set EVPNC_REQUIRE_TOOLS=1 to fail instead)";
    }
}
