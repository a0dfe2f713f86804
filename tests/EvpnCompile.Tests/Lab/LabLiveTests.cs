using System.Diagnostics;
using System.Text.Json;
using EvpnCompile.Cli;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lab;

/// <summary>
/// The quickstart fabric running for real in netns mode: FRR 8.4 daemons in network namespaces with the rendered
/// frr.conf files. Each test uses its own lab name and proves, by looking at the machine itself (not
/// through evpnc), that nothing of its lab is left afterwards.
/// </summary>
[Collection(nameof(LabLiveTests))] // one lab at a time: convergence timing is part of what is measured
public class LabLiveTests
{
    private static string NewName() => "t" + Random.Shared.Next(100000, 999999);

    private static CliRun Evpnc(params string[] args) => CliRunner.Run(RepoPaths.Root, args);

    /// <summary>Whatever of lab <paramref name="lab"/> exists on the machine: namespaces, folders, mounts, FRR processes.</summary>
    internal static List<string> Traces(string lab)
    {
        var found = new List<string>();
        foreach (var (dir, pattern) in new[] { ("/run/netns", $"{lab}-*"), ("/etc/frr", $"{lab}-*"), ("/var/run/frr", $"{lab}-*"), ("/run/evpnc-lab", lab) })
            if (Directory.Exists(dir)) found.AddRange(Directory.EnumerateFileSystemEntries(dir, pattern));
        found.AddRange(File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains($"/run/evpnc-lab/{lab}")).Select(l => "mount " + l));
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                string cmdline = File.ReadAllText($"{proc}/cmdline");
                if (cmdline.Contains($"\0-N\0{lab}-")) found.Add($"process {cmdline.Replace('\0', ' ')}");
            }
            catch (IOException) { }
        }
        return found;
    }

    private static void RunIn(string lab, string host, params string[] command)
    {
        var start = new ProcessStartInfo("nsenter") { RedirectStandardError = true };
        foreach (var a in new[] { $"--mount=/run/evpnc-lab/{lab}/nodes/{host}/mnt", $"--net=/run/netns/{lab}-{host}", "--" }.Concat(command)) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{string.Join(' ', command)}: {p.StandardError.ReadToEnd()}");
    }

    /// <summary>vtysh commands on a running lab node (in configuration mode when <paramref name="configure"/>).</summary>
    private static string Vtysh(string lab, string node, bool configure, params string[] commands)
    {
        var start = new ProcessStartInfo("vtysh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-N", $"{lab}-{node}" }.Concat((configure ? ["conf t", .. commands, "end"] : commands).SelectMany(c => new[] { "-c", c })))
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"vtysh {string.Join(" / ", commands)}: {output}{p.StandardError.ReadToEnd()}");
        return output;
    }

    /// <summary>`lab check` until every one of <paramref name="patterns"/> shows (routes take BGP rounds to move), for at most a minute.</summary>
    private static CliRun CheckUntil(string lab, params string[] patterns)
    {
        var clock = Stopwatch.StartNew();
        var run = Evpnc("lab", "check", "--name", lab);
        // Up to three minutes: the fabric re-converges in seconds on a quiet machine, but CI runs the VM tests beside
        // this one, and their QEMU runs at a higher priority (the clean-clone CI once needed more than a minute here).
        while (clock.Elapsed < TimeSpan.FromMinutes(3) && !patterns.All(p => System.Text.RegularExpressions.Regex.IsMatch(run.Out, p)))
        {
            Thread.Sleep(500);
            run = Evpnc("lab", "check", "--name", lab);
        }
        return run;
    }

    [RequiresLabFact]
    public void Isolation_holds_live_spoofing_needs_the_rp_filter_a_missing_transit_vrf_fails_encap_and_a_rogue_host_is_stopped_at_its_leaf()
    {
        LabTools.AssertReady();
        string lab = NewName();
        try
        {
            var up = Evpnc("lab", "up", "examples/quickstart", "--name", lab);
            Assert.True(up.ExitCode == 0, up.Out + up.Error);

            // 0. spoof: without the rendered strict rp_filter on blue's pod bridge on host1, blue's pod there
            //    can send with red's address and blue's VRF delivers it to blue's pod on host2.
            RunIn(lab, "host1", "ip", "netns", "exec", "blue", "sysctl", "-qw", "net.ipv4.conf.pod50000.rp_filter=0");
            var spoofed = CheckUntil(lab, @"FAIL +spoof +host1 ");
            Assert.Equal(ExitCodes.InputErrors, spoofed.ExitCode);
            Assert.Matches(@"FAIL +spoof +host1 +blue@host1 as 10\.10\.0\.2 \(red\) -> blue@host2 +3 of 3 packets with red's address delivered to blue@host2", spoofed.Out);
            Assert.DoesNotMatch(@"FAIL +spoof +host[23] ", spoofed.Out);
            RunIn(lab, "host1", "ip", "netns", "exec", "blue", "sysctl", "-qw", "net.ipv4.conf.pod50000.rp_filter=1");

            // 1. encap: host3 loses blue's L3VNI (its transit VRF). blue on host1 and host2 still sends
            //    to shared's pods on host3 in VNI 50000: the black hole the transit VRF exists to prevent.
            Vtysh(lab, "host3", configure: true, "vrf blue", "no vni 50000");
            // Each of host1 and host2 may instead reach shared's pods through its own `import vrf shared` (then over
            // shared's L3VNI, which host3 still carries): which path BGP prefers varies between runs, so at least one
            // host, not both, must show the black hole (seen in the full suite: host1 in one run, host2 in another).
            const string holed = @"FAIL +encap +host[12] +vrf blue 10\.40\.2\.0/24 +sent to host3 \(10\.0\.0\.13\) in VNI 50000, which host3 does not carry as an L3VNI: dropped there";
            var hole = CheckUntil(lab, holed);
            Assert.Equal(ExitCodes.InputErrors, hole.ExitCode);
            // Both hosts may also prefer shared's own routes (their `import vrf shared`, or shared's type-5 by route target)
            // to host3's blue ones, and keep that path: then nothing is black-holed, and what the check must still name is
            // the transit VRF host3 lost. In three clean-clone CI runs (VM tests running beside this one) neither host showed
            // the hole; alone it shows in most runs. The hole itself is proven with packets in kernel mode
            // (LabVmLiveTests) and from recorded observations (LabJudgeTests).
            if (!System.Text.RegularExpressions.Regex.IsMatch(hole.Out, holed))
                Assert.Matches(@"FAIL +vni +host3 +L3VNI 50000 \(vrf blue\) +zebra does not know it", hole.Out);
            Assert.DoesNotMatch(@"FAIL +encap +\S+ +vrf (red|shared) ", hole.Out);
            // zebra may still be tearing the L3VNI down when it is given back: seen once in a clean-clone CI, the daemons
            // then lacked `vni 50000` for good. Given back until the running config has it again (a minute at most).
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string given = "";
            bool back = false;
            do
            {
                given = Vtysh(lab, "host3", configure: true, "vrf blue", "vni 50000");
                back = System.Text.RegularExpressions.Regex.IsMatch(Vtysh(lab, "host3", configure: false, "show running-config"), @"\nvrf blue\n(?: [^\n]*\n)*? vni 50000\n")
                    && System.Text.RegularExpressions.Regex.IsMatch(Vtysh(lab, "host3", configure: false, "show vrf vni"), @"(?m)^blue +50000 .* Up ");
                if (back) break;
                Thread.Sleep(1000);
            } while (clock.Elapsed < TimeSpan.FromMinutes(1));
            string Zebra() => $"vni 50000 said: {given}\n" + Vtysh(lab, "host3", configure: false, "show vrf vni") + Vtysh(lab, "host3", configure: false, "show evpn vni")
                + Vtysh(lab, "host3", configure: false, "show interface vni50000");
            Assert.True(back, "zebra on host3 did not take blue's L3VNI back within a minute:\n" + Zebra());
            var healed = CheckUntil(lab, "the fabric does what the compiled model says");
            Assert.True(healed.ExitCode == 0, healed.Out + "\n" + Zebra());

            // 2. edge: host3 turns rogue. It announces a default route and host1's loopback into the
            //    underlay, and exports red's routes (and a default route) also under blue's route target,
            //    which would hand red's prefixes to blue's VRFs.
            Vtysh(lab, "host3", configure: true, "router bgp 65103", "no bgp network import-check", "address-family ipv4 unicast",
                "network 10.0.0.11/32", "neighbor fabric default-originate", "exit-address-family", "exit",
                "router bgp 65103 vrf red", "address-family l2vpn evpn", "route-target export 65000:50000", "default-originate ipv4");
            Thread.Sleep(3000);
            Assert.Contains("0.0.0.0/0", Vtysh(lab, "host3", configure: false, "show bgp ipv4 unicast neighbors eth1 advertised-routes"));
            Assert.Contains("RT:65000:50000", Vtysh(lab, "host3", configure: false, "show bgp l2vpn evpn route rd 10.0.0.13:1002"));
            // The leaves dropped all of it: no other node holds a default route or host3's word for host1's
            // loopback, and blue's VRFs never see red's prefixes (the rogue host only loses its own routes).
            var stopped = CheckUntil(lab, @"FAIL +evpn +leaf1 +type-5 10\.10\.2\.0/24 +missing", @"FAIL +edge +host3 +underlay 10\.0\.0\.11/32 ");
            Assert.Matches(@"FAIL +edge +host3 +underlay 10\.0\.0\.11/32 +host1's loopback, originated here", stopped.Out);
            Assert.DoesNotMatch(@"FAIL +edge +(leaf1|leaf2|host1|host2) ", stopped.Out);
            Assert.DoesNotMatch(@"FAIL +vrf +host[12] +vrf blue ", stopped.Out);
            foreach (var node in new[] { "leaf1", "leaf2", "host1", "host2" })
                Assert.DoesNotContain("0.0.0.0/0", Vtysh(lab, node, configure: false, "show bgp ipv4 unicast"));
            Assert.DoesNotContain("10.10.2.0", Vtysh(lab, "host1", configure: false, "show ip route vrf blue"));

            // 3. Without the leaves' inbound route-maps the rogue routes reach them, and the second
            //    line of defence trips: more ipv4 prefixes than the model gives host3, so the leaves
            //    shut the session (Idle, PfxCt).
            foreach (var leaf in new[] { "leaf1", "leaf2" })
                Vtysh(lab, leaf, configure: true, "router bgp " + (leaf == "leaf1" ? "65001" : "65002"),
                    "address-family ipv4 unicast", "no neighbor swp3 route-map evpnc-host3-in-ipv4 in", "exit-address-family",
                    "address-family l2vpn evpn", "no neighbor swp3 route-map evpnc-host3-in-evpn in");
            var capped = CheckUntil(lab, @"FAIL +session +leaf1 +swp3 ipv4 unicast +Idle \(PfxCt\)");
            Assert.Matches(@"FAIL +session +leaf1 +swp3 ipv4 unicast +Idle \(PfxCt\)", capped.Out);

            // 4. Without any edge policy the rogue routes spread through the fabric: the checks must say so.
            foreach (var leaf in new[] { "leaf1", "leaf2" })
            {
                Vtysh(lab, leaf, configure: true, "router bgp " + (leaf == "leaf1" ? "65001" : "65002"),
                    "address-family ipv4 unicast", "no neighbor swp3 maximum-prefix 1");
                Vtysh(lab, leaf, configure: false, "clear bgp swp3");
            }
            // Wait until the default route and the foreign target have spread to every node that shows them.
            var spread = CheckUntil(lab, @"FAIL +edge +host1 +underlay 0\.0\.0\.0/0", @"FAIL +edge +leaf1 +underlay 0\.0\.0\.0/0",
                @"FAIL +edge +leaf1 +type-5 10\.0\.0\.13:1002 ");
            Assert.Matches(@"FAIL +edge +leaf1 +underlay 0\.0\.0\.0/0 +no node may announce it \(AS path 65103\)", spread.Out);
            Assert.Matches(@"FAIL +edge +leaf1 +type-5 10\.0\.0\.13:1002 \S+ +taken from host host3 with route target 65000:50000, which belongs to no tenant host3 hosts", spread.Out);
            Assert.Matches(@"FAIL +edge +host1 +underlay 0\.0\.0\.0/0 +no node may announce it", spread.Out);
        }
        finally
        {
            var down = Evpnc("lab", "down", "--name", lab);
            Assert.True(down.ExitCode == 0, down.Out + down.Error);
        }
        Assert.Empty(Traces(lab));
    }

    /// <summary>Whether `lab up` waited in vain only for router MACs zebra never installed (each listed item says so).</summary>
    internal static bool OnlyMissingRouterMacs(string upOutput)
    {
        int at = upOutput.IndexOf("still missing:\n", StringComparison.Ordinal);
        if (at < 0) return false;
        var items = upOutput[(at + "still missing:\n".Length)..].Split('\n').TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        return items.Count > 0 && items.All(l => l.Contains("zebra holds no router MAC", StringComparison.Ordinal) || l.StartsWith("  ... and ", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_a_wait_for_router_macs_alone_counts_as_the_known_zebra_defect()
    {
        const string rmac = "  host1: vrf red 0.0.0.0/0: via border1 (10.0.0.90) in L3VNI 50002: zebra holds no router MAC for 10.0.0.90 in that VNI (`show evpn next-hops`), so ...";
        Assert.True(OnlyMissingRouterMacs($"[ 63.92s] not converged after 60 s; still missing:\n{rmac}\n{rmac}\nChecking it as it is\n"));
        Assert.False(OnlyMissingRouterMacs($"[ 63.92s] not converged after 60 s; still missing:\n{rmac}\n  host2: L2VNI 10000 (vrf red): remote VTEPs [10.0.0.11]\n"));
        Assert.False(OnlyMissingRouterMacs("[ 3.00s] converged 1.0 s after the daemons started\n"));
    }

    /// <summary>
    /// two-racks: spines, borders and an upstream router per (border, uplink, tenant VLAN). Green: every session up, each
    /// upstream holds exactly its tenant's own prefixes, external tenants' pods reach the upstream's test address, green and
    /// shared reach nothing outside, red and blue never cross at the border. Then border1 turns bad: its red VRF also
    /// imports shared's route target and its upstream route-map lets shared's prefixes out; the upstream check names them.
    /// </summary>
    [RequiresLabFact]
    public void Two_racks_reaches_the_outside_through_its_borders_and_a_border_that_leaks_a_second_tenant_upstream_fails()
    {
        LabTools.AssertReady();
        string lab = NewName();
        try
        {
            var up = Evpnc("lab", "up", "examples/two-racks", "--name", lab, "--vrf", "netns");
            // FRR 8.4.4's zebra sometimes installs a VRF route without its VTEP's router MAC when the machine is loaded
            // (docs/topology.md: seen in about 1 of 5 runs under load, never on a quiet machine here); `up` then fails
            // naming each such route. That defect is FRR's, not the rendered files': the lab is rebuilt once, only when
            // every route still missing is of that kind, and the second `up` must converge.
            if (up.ExitCode != 0 && OnlyMissingRouterMacs(up.Out))
            {
                Evpnc("lab", "down", "--name", lab);
                up = Evpnc("lab", "up", "examples/two-racks", "--name", lab, "--vrf", "netns");
            }
            Assert.True(up.ExitCode == 0, up.Out + up.Error);

            // The upstreams' sessions start after the fabric converged: wait for a green check (at most a minute), then read it whole.
            var green = CheckUntil(lab, "the fabric does what the compiled model says");
            Assert.True(green.ExitCode == 0, green.Out + green.Error);
            var check = Evpnc("lab", "check", "--name", lab, "-v");
            Assert.True(check.ExitCode == 0, check.Out + check.Error);
            Assert.Matches(@"ok +upstream +up-border1-swp49-red +border1:swp49\.100 \(red\) received +exactly red's own 6 prefixes", check.Out);
            Assert.Matches(@"ok +upstream +up-border2-swp49-blue +border2:swp49\.200 \(blue\) session +Established", check.Out);
            Assert.Matches(@"ok +exit +host4 +blue@host4 -> 203\.0\.113\.1 +reply", check.Out);
            Assert.Matches(@"ok +exit +host1 +green@host1 -> 203\.0\.113\.1 +no reply", check.Out);
            Assert.Matches(@"ok +exit +host4 +blue@host4 -> 198\.51\.100\.1 +no reply", check.Out);
            // Racks meet through the spines only: host4's red block reaches host1 with a spine's ASN in its path.
            Assert.Contains("65500", Vtysh(lab, "host1", configure: false, "show bgp l2vpn evpn route rd 10.0.0.14:1003"));

            Vtysh(lab, "border1", configure: true, "ip prefix-list evpnc-red-own seq 20 permit 10.40.0.0/16 le 32",
                "router bgp 65090 vrf red", "address-family l2vpn evpn", "route-target import 65000:50003");
            const string leaked = @"FAIL +upstream +up-border1-swp49-red +border1:swp49\.100 \(red\) received +not red's own: 10\.40\.0\.0/24, 10\.40\.1\.0/24";
            var bad = CheckUntil(lab, leaked);
            Assert.Equal(ExitCodes.InputErrors, bad.ExitCode);
            Assert.Matches(leaked, bad.Out);
            Assert.DoesNotMatch(@"FAIL +upstream +up-border2-", bad.Out);
        }
        finally
        {
            var down = Evpnc("lab", "down", "--name", lab);
            Assert.True(down.ExitCode == 0, down.Out + down.Error);
        }
        Assert.Empty(Traces(lab));
    }

    [RequiresLabFact]
    public void Quickstart_comes_up_checks_green_beside_a_second_lab_fails_precisely_with_an_l3vni_down_and_comes_down_clean()
    {
        LabTools.AssertReady();
        string lab = NewName();
        try
        {
            var up = Evpnc("lab", "up", "examples/quickstart", "--name", lab, "--vrf", "netns");
            Assert.True(up.ExitCode == 0, up.Out + up.Error);
            Assert.Contains("converged", up.Out);

            var check = Evpnc("lab", "check", "--name", lab, "--format", "json");
            Assert.True(check.ExitCode == 0, check.Out + check.Error);
            using var report = JsonDocument.Parse(check.Out);
            Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
            var checks = report.RootElement.GetProperty("checks").EnumerateArray()
                .Select(c => (Check: c.GetProperty("check").GetString()!, Outcome: c.GetProperty("outcome").GetString()!, Detail: c.GetProperty("detail").GetString()!)).ToList();
            Assert.DoesNotContain(checks, c => c.Outcome == "failed");
            Assert.Equal(5, checks.Count(c => c is { Check: "config", Outcome: "passed" }));
            Assert.Equal(5, checks.Count(c => c is { Check: "running", Outcome: "passed" })); // frr-reload.py --test: nothing to add
            Assert.Equal(24, checks.Count(c => c is { Check: "session", Outcome: "passed" }));
            Assert.Equal(5, checks.Count(c => c is { Check: "evpn", Outcome: "passed" }));
            // 9 VRFs (host3 carries blue as a transit VRF), each judged in IPv4 and, the quickstart being dual-stack, in IPv6.
            Assert.Equal(18, checks.Count(c => c is { Check: "vrf", Outcome: "passed" }));
            Assert.Equal(9, checks.Count(c => c is { Check: "link", Outcome: "passed" }));
            Assert.Equal(9, checks.Count(c => c is { Check: "encap", Outcome: "passed" }));
            Assert.Equal(5, checks.Count(c => c is { Check: "edge", Outcome: "passed" }));
            // One pod per host in each family: IPv4 dropped by strict rp_filter, IPv6 (red is dual-stack) by the nftables source check.
            Assert.Equal(6, checks.Count(c => c is { Check: "spoof", Outcome: "passed" }));
            Assert.Equal(3, checks.Count(c => c is { Check: "spoof", Outcome: "passed" } && c.Detail.Contains("nftables IPv6 source check")));
            // The three ways a tenant's pods reach each other, and isolation from non-consenting tenants.
            Assert.Contains(checks, c => c.Check == "ping" && c.Detail.StartsWith("ttl=62: routed by both VRFs"));
            Assert.Contains(checks, c => c.Check == "ping" && c.Detail.StartsWith("ttl=63: routed once"));
            Assert.Contains(checks, c => c.Check == "ping" && c.Detail.StartsWith("ttl=64: bridged over the L2VNI"));
            Assert.Contains(checks, c => c.Check == "ping" && c.Outcome == "passed" && c.Detail.StartsWith("isolated"));
            Assert.Contains(checks, c => c.Check == "ping" && c.Outcome == "notTested"); // red and shared consent

            // A second lab of the same fabric runs beside it, and its removal leaves the first untouched.
            string second = NewName();
            try
            {
                var up2 = Evpnc("lab", "up", "examples/quickstart", "--name", second, "--vrf", "netns");
                Assert.True(up2.ExitCode == 0, up2.Out + up2.Error);
                Assert.Equal(0, Evpnc("lab", "check", "--name", second).ExitCode);
            }
            finally
            {
                Assert.Equal(0, Evpnc("lab", "down", "--name", second).ExitCode);
            }
            Assert.Empty(Traces(second));
            var still = Evpnc("lab", "check", "--name", lab);
            Assert.True(still.ExitCode == 0, still.Out);

            // Break one thing on purpose: host2's L3VNI for red goes down.
            RunIn(lab, "host2", "ip", "-n", "red", "link", "set", "vni50001", "down");
            // zebra sees the device at once; the withdrawals take a BGP update round to reach every node.
            const string lostRoute = @"FAIL +ping +host1 +red@host1 -> red@host2 10\.10\.1\.2 +.*\(expected a reply with ttl=62";
            CliRun broken = CheckUntil(lab, lostRoute);
            Assert.Equal(ExitCodes.InputErrors, broken.ExitCode);
            Assert.Matches(@"FAIL +link +host2 +vrf red vni50001 +down \(flags BROADCAST,MULTICAST\)", broken.Out);
            Assert.Matches(@"FAIL +vni +host2 +L3VNI 50001 \(vrf red\) +state Down \(expected Up\)", broken.Out);
            Assert.Matches(@"FAIL +evpn +leaf1 +type-5 10\.10\.1\.0/24 +missing: originated by host2", broken.Out);
            Assert.Matches(lostRoute, broken.Out);
            Assert.DoesNotMatch(@"FAIL +\S+ +\S+ +\S*blue", broken.Out); // blue does not use host2's red VNI
            Assert.Contains("the fabric does NOT do what the compiled model says", broken.Out);
        }
        finally
        {
            var down = Evpnc("lab", "down", "--name", lab);
            Assert.True(down.ExitCode == 0, down.Out + down.Error);
        }
        Assert.Empty(Traces(lab));
    }

    [RequiresLabFact]
    public void Check_needs_a_lab_up_refuses_to_start_over_leftovers_and_down_removes_them_and_is_safe_twice()
    {
        LabTools.AssertReady();
        string lab = NewName();
        var none = Evpnc("lab", "check", "--name", lab);
        Assert.Equal((ExitCodes.Usage, $"evpnc: no lab named '{lab}' is up (start one with 'evpnc lab up PATHS --name {lab}')\n"), (none.ExitCode, none.Error));
        var leftover = Process.Start("ip", ["netns", "add", $"{lab}-host1"])!;
        leftover.WaitForExit();
        Assert.Equal(0, leftover.ExitCode);
        try
        {
            var up = Evpnc("lab", "up", "examples/quickstart", "--name", lab);
            Assert.Equal(ExitCodes.Usage, up.ExitCode);
            Assert.Contains($"lab '{lab}' (or what is left of it) exists: /run/netns/{lab}-host1", up.Error);
            Assert.Equal([$"/run/netns/{lab}-host1"], Traces(lab)); // refused before creating anything
        }
        finally
        {
            Assert.Equal(0, Evpnc("lab", "down", "--name", lab).ExitCode);
        }
        Assert.Empty(Traces(lab));
        var again = Evpnc("lab", "down", "--name", lab);
        Assert.Equal((0, $"No lab named '{lab}'; nothing to remove.\n"), (again.ExitCode, again.Out));
    }

    /// <summary>`evpnc lab up` in its own process, read until its namespaces exist and the daemons are starting.</summary>
    private static Process StartUpUntilNetworkExists(string lab)
    {
        var start = SigintRestored.StartInfo("dotnet", ["exec", typeof(EvpncCli).Assembly.Location, "lab", "up", "examples/quickstart", "--name", lab, "--vrf", "netns"]);
        start.WorkingDirectory = RepoPaths.Root;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.Contains("network:")) { }
        if (line is null) Assert.Fail("evpnc lab up ended before creating its network: " + process.StandardError.ReadToEnd());
        Assert.NotEmpty(Traces(lab));
        return process;
    }

    [RequiresLabFact]
    public void Down_removes_a_lab_whose_up_was_killed()
    {
        LabTools.AssertReady();
        string lab = NewName();
        try
        {
            using var process = StartUpUntilNetworkExists(lab);
            process.Kill(); // SIGKILL: no chance to clean up
            process.WaitForExit();
            Thread.Sleep(2000); // let FRR daemons it had started finish starting, as after a real crash
            Assert.NotEmpty(Traces(lab));
            Assert.Equal(ExitCodes.Usage, Evpnc("lab", "up", "examples/quickstart", "--name", lab).ExitCode); // refuses over the wreck
        }
        finally
        {
            var down = Evpnc("lab", "down", "--name", lab);
            Assert.True(down.ExitCode == 0, down.Out + down.Error);
        }
        Assert.Empty(Traces(lab));
    }

    [RequiresLabFact]
    public void Ctrl_c_during_up_removes_everything_it_made()
    {
        LabTools.AssertReady();
        string lab = NewName();
        // Interrupt once the namespaces exist and the daemons are starting: the most to undo.
        using var process = StartUpUntilNetworkExists(lab);
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            using (var kill = Process.Start("kill", ["-INT", $"{process.Id}"])!) kill.WaitForExit();
            Assert.True(process.WaitForExit(60_000), "evpnc lab up did not stop after SIGINT");
            Assert.Equal(ExitCodes.Interrupted, process.ExitCode);
            Assert.Contains("interrupted; removing the lab", error.Result);
            Assert.Empty(Traces(lab));
        }
        finally
        {
            if (!process.HasExited) process.Kill();
            Evpnc("lab", "down", "--name", lab);
        }
    }

    [RequiresLabFact]
    public void A_fabric_with_errors_starts_nothing()
    {
        LabTools.AssertReady();
        string lab = NewName();
        using var work = new TempDir();
        File.WriteAllText(work.File("fabric.yaml"), Fixtures.Fabric(2).Replace("loopback: 10.0.0.11}", "loopback: 10.0.0.1}")); // host1 takes leaf1's loopback
        var up = CliRunner.Run(work.Path, "lab", "up", ".", "--name", lab);
        Assert.Equal(ExitCodes.InputErrors, up.ExitCode);
        Assert.Contains("EVPN", up.Out);
        Assert.Empty(Traces(lab));
    }

    [Fact]
    public void An_invalid_lab_name_is_refused_before_anything_runs()
    {
        var r = Evpnc("lab", "down", "--name", "Bad-Name");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("lab name 'Bad-Name': use 1 to 12 lowercase letters and digits", r.Error);
    }
}
