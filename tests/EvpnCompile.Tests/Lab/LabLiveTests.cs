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
    private static List<string> Traces(string lab)
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
            Assert.Equal(8, checks.Count(c => c is { Check: "vrf", Outcome: "passed" }));
            Assert.Equal(8, checks.Count(c => c is { Check: "link", Outcome: "passed" }));
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
            CliRun broken = Evpnc("lab", "check", "--name", lab);
            for (int i = 0; i < 20 && !System.Text.RegularExpressions.Regex.IsMatch(broken.Out, lostRoute); i++)
            {
                Thread.Sleep(500);
                broken = Evpnc("lab", "check", "--name", lab);
            }
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
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "exec", typeof(EvpncCli).Assembly.Location, "lab", "up", "examples/quickstart", "--name", lab, "--vrf", "netns" }) start.ArgumentList.Add(a);
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
