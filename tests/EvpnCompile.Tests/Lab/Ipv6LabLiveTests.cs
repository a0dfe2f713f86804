using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using EvpnCompile.Cli;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lab;

/// <summary>
/// Dual-stack tenants live: the quickstart with blue dual-stack too (so two dual-stack tenants without
/// consent meet), in netns mode. Pods get both addresses from the real CNI plugin, the IPv6 type-5
/// routes are exactly routes.json's, IPv6 pings are routed (hop limit 62/63) and bridged (64) like IPv4,
/// and isolation holds in IPv6; then an IPv6 block missing on one host fails for that reason alone.
/// </summary>
[Collection(nameof(LabLiveTests))] // one lab at a time
public class Ipv6LabLiveTests
{
    private static CliRun Evpnc(params string[] args) => CliRunner.Run(RepoPaths.Root, args);

    private static List<(string Check, string Outcome, string Subject, string Detail)> Checks(CliRun run)
    {
        using var report = JsonDocument.Parse(run.Out);
        return report.RootElement.GetProperty("checks").EnumerateArray().Select(c => (c.GetProperty("check").GetString()!,
            c.GetProperty("outcome").GetString()!, c.GetProperty("subject").GetString()!, c.GetProperty("detail").GetString()!)).ToList();
    }

    [RequiresLabFact]
    public void Both_families_are_proven_live_and_a_missing_ipv6_block_fails_for_that_reason()
    {
        LabTools.AssertReady();
        using var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        string tenants = File.ReadAllText(work.File("tenants.yaml"));
        const string blue = "podNetwork: {cidr: 10.30.0.0/16, perNodePrefix: 24}";
        Assert.Contains(blue, tenants);
        File.WriteAllText(work.File("tenants.yaml"), tenants.Replace(blue,
            "podNetwork: {cidr: 10.30.0.0/16, perNodePrefix: 24, cidr6: \"fd00:30::/48\", perNodePrefix6: 64}", StringComparison.Ordinal));
        string lab = "t6" + Random.Shared.Next(10000, 99999);
        try
        {
            var up = Evpnc("lab", "up", work.Path, "--name", lab, "--vrf", "netns");
            Assert.True(up.ExitCode == 0, up.Out + up.Error);

            var check = Evpnc("lab", "check", "--name", lab, "--format", "json");
            Assert.True(check.ExitCode == 0, check.Out + check.Error);
            var checks = Checks(check);
            Assert.DoesNotContain(checks, c => c.Outcome == "failed");
            // routes.json's IPv6 type-5 routes are among those every node holds exactly.
            Assert.Equal(5, checks.Count(c => c is { Check: "evpn", Outcome: "passed" }));
            Assert.Contains(checks, c => c is { Check: "vrf", Outcome: "passed" } && c.Subject == "vrf red ipv6");
            // IPv6 pings, counted apart: routed, routed locally, bridged, and isolated between red and blue.
            var pings6 = checks.Where(c => c.Check == "ping6").ToList();
            Assert.Contains(pings6, c => c.Outcome == "passed" && c.Detail.StartsWith("ttl=62: routed by both VRFs", StringComparison.Ordinal));
            Assert.Contains(pings6, c => c.Outcome == "passed" && c.Detail.StartsWith("ttl=63: routed once", StringComparison.Ordinal));
            Assert.Contains(pings6, c => c.Outcome == "passed" && c.Detail.StartsWith("ttl=64: bridged over the L2VNI", StringComparison.Ordinal));
            Assert.Contains(pings6, c => c.Outcome == "passed" && c.Subject.StartsWith("red@host1 -> blue@host2 fd00:30:", StringComparison.Ordinal)
                && c.Detail.StartsWith("isolated", StringComparison.Ordinal));
            Assert.Contains(pings6, c => c.Outcome == "passed" && c.Subject.StartsWith("blue@host2 -> red@host1 fd00:10::", StringComparison.Ordinal)
                && c.Detail.StartsWith("isolated", StringComparison.Ordinal));
            Assert.All(pings6, c => Assert.Contains(':', c.Subject.Split(' ')[^1]));

            // Take away host2's IPv6 block of red (its pod bridge's IPv6 address, so its connected route and type-5 route).
            var del = new ProcessStartInfo("nsenter") { RedirectStandardError = true };
            foreach (var a in new[] { $"--mount=/run/evpnc-lab/{lab}/nodes/host2/mnt", $"--net=/run/netns/{lab}-host2", "--",
                "ip", "-n", "red", "-6", "addr", "del", "fd00:10:0:1::1/64", "dev", "pod50001" }) del.ArgumentList.Add(a);
            using (var p = Process.Start(del)!) { p.WaitForExit(); Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd()); }

            const string missing = @"FAIL +evpn +leaf1 +type-5 fd00:10:0:1::/64 +missing: originated by host2";
            var clock = Stopwatch.StartNew();
            var broken = Evpnc("lab", "check", "--name", lab);
            while (clock.Elapsed < TimeSpan.FromMinutes(1) && !Regex.IsMatch(broken.Out, missing))
            {
                Thread.Sleep(500);
                broken = Evpnc("lab", "check", "--name", lab);
            }
            Assert.Equal(ExitCodes.InputErrors, broken.ExitCode);
            Assert.Matches(missing, broken.Out);
            Assert.Matches(@"FAIL +vrf +host1 +vrf red ipv6 fd00:10:0:1::/64 +missing \(type-5 from host2\)", broken.Out);
            Assert.Matches(@"FAIL +ping6 +host1 +red@host1 -> red@host2 fd00:10:0:1::2 +no reply \(expected a reply with ttl=62", broken.Out);
            // The right reason alone: IPv4 is untouched (no ping failed), and every failure is about host2's IPv6 block of red.
            Assert.Matches(@"\nping +\d+ +0 ", broken.Out);
            foreach (var line in broken.Out.Split('\n').Where(l => l.StartsWith("FAIL", StringComparison.Ordinal)))
                Assert.True(line.Contains("fd00:10:0:1::", StringComparison.Ordinal) || line.Contains("red@host2", StringComparison.Ordinal), line);
        }
        finally
        {
            var down = Evpnc("lab", "down", "--name", lab);
            Assert.True(down.ExitCode == 0, down.Out + down.Error);
        }
    }
}
