using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using EvpnCompile.Cli;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lab;

/// <summary>
/// The lab on a real kernel: `evpnc lab run --vm` boots Debian's kernel under QEMU, runs the quickstart
/// in kernel mode inside (VRF devices, FRR in VRF-lite mode, the rendered host files applied by ifupdown2
/// and netplan/systemd-networkd), and prints the report here. Each test proves, by looking at the machine
/// itself, that no VM and no VM folder is left.
/// </summary>
[Collection(nameof(LabLiveTests))] // one lab (or VM) at a time: both are timed, and the VM takes the machine's cores
public class LabVmLiveTests
{
    private static CliRun Evpnc(params string[] args) => CliRunner.Run(RepoPaths.Root, args);

    /// <summary>QEMU processes of evpnc's VMs and evpnc's VM folders on this machine.</summary>
    private static SortedSet<string> VmTraces()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), "evpnc-vm-*")) found.Add(dir);
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                string cmdline = File.ReadAllText($"{proc}/cmdline");
                if (cmdline.Contains("qemu-system-x86_64") && cmdline.Contains("evpnc-vm-")) found.Add($"process {proc}");
            }
            catch (IOException) { }
        }
        return found;
    }

    private static List<(string Check, string Node, string Subject, string Outcome, string Detail)> Checks(string json)
    {
        using var report = JsonDocument.Parse(json);
        Assert.Equal("kernel", report.RootElement.GetProperty("vrfMode").GetString());
        return report.RootElement.GetProperty("checks").EnumerateArray().Select(c => (c.GetProperty("check").GetString()!, c.GetProperty("node").GetString()!,
            c.GetProperty("subject").GetString()!, c.GetProperty("outcome").GetString()!, c.GetProperty("detail").GetString()!)).ToList();
    }

    [RequiresVmFact]
    public void The_quickstart_in_kernel_mode_passes_every_check_with_its_leaks_pinged_and_on_the_wire()
    {
        KernelLabTools.AssertVm();
        var before = VmTraces();
        // The quickstart as it is: red is dual-stack, with an anycast IPv6 gateway on its L2 network.
        using var work = new TempDir();
        string inputs = RepoPaths.Of("examples", "quickstart");
        var run = CliRunner.Run(work.Path, "lab", "run", inputs, "--vm", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        var checks = Checks(run.Out);
        Assert.DoesNotContain(checks, c => c.Outcome != "passed"); // nothing failed, nothing left untested
        int Passed(string check) => checks.Count(c => c.Check == check && c.Outcome == "passed");
        // The rendered files made the devices: ifupdown2 on host1 and host2, netplan and systemd-networkd on host3.
        Assert.Equal(3, Passed("host"));
        Assert.Contains(checks, c => c is { Check: "host", Node: "host3" } && c.Detail.Contains("systemd-networkd"));
        Assert.Equal(2, checks.Count(c => c.Check == "host" && c.Detail.StartsWith("applied by ifupdown2")));
        Assert.Equal(9, Passed("link"));  // 9 VRF devices with their bridges and ports, host3's transit VRF blue included
        Assert.Equal(18, Passed("vrf"));  // both families of 9 VRFs: every imported prefix installed in the kernel, none that is not imported
        // IPv6 as IPv4: routed over the L3VNI, routed once on the host, bridged on the L2 network through the anycast gateway.
        Assert.Equal(30, Passed("ping6"));
        Assert.Contains(checks, c => c.Check == "ping6" && c.Detail.StartsWith("ttl=64: bridged"));
        Assert.Contains(checks, c => c.Check == "ping6" && c.Detail.StartsWith("ttl=63: routed once"));
        Assert.Equal(5, Passed("running"));
        Assert.Equal(24, Passed("session"));
        // Consented leaks forward: on one host routed once, across hosts by both, in both directions.
        Assert.Contains(checks, c => c.Check == "ping" && c.Detail.StartsWith("ttl=63: a consented leak, routed once on the host"));
        Assert.Contains(checks, c => c is { Check: "ping", Subject: var s } && s.StartsWith("blue@host1 -> shared@host3") && c.Detail.StartsWith("ttl=62: a consented leak"));
        Assert.Contains(checks, c => c is { Check: "ping", Subject: var s } && s.StartsWith("shared@host3 -> blue@host1") && c.Detail.StartsWith("ttl=62: a consented leak"));
        Assert.Contains(checks, c => c.Check == "ping" && c.Detail.StartsWith("isolated"));
        // On the wire: each leaked flow across hosts arrived in a VNI its far end carries (32 in the quickstart).
        Assert.Equal(32, Passed("wire"));
        Assert.Equal(9, Passed("encap"));  // and every installed route's VNI is carried by its VTEP (the control plane)
        // The rendered strict rp_filter (IPv4) and nftables IPv6 source check, applied as boot would.
        Assert.Equal(6, Passed("spoof"));
        Assert.Equal(3, checks.Count(c => c is { Check: "spoof", Outcome: "passed" } && c.Detail.Contains("nftables IPv6 source check")));
        Assert.Contains(checks, c => c is { Check: "wire", Subject: var s } && s.StartsWith("blue@host1 -> shared@host3")
            && c.Detail.StartsWith("request in VNI 50000 at host3 (vrf blue there)"));
        Assert.Matches(@"\[vm +\d+\.\ds\] powered off; the whole VM run took \d+ s", run.Error);
        Assert.Equal(before, VmTraces());
    }

    /// <summary>The quickstart with every host on ifupdown2, built, then host3's transit VRF blue deleted from its rendered files.</summary>
    private static string BrokenTree(TempDir work)
    {
        string inputs = Directory.CreateDirectory(work.File("in")).FullName;
        foreach (var f in Directory.EnumerateFiles(RepoPaths.Of("examples", "quickstart"))) File.Copy(f, Path.Combine(inputs, Path.GetFileName(f)));
        string fabric = Path.Combine(inputs, "fabric.yaml");
        File.WriteAllText(fabric, File.ReadAllText(fabric).Replace(", network: netplan}", "}"));
        var build = CliRunner.Run(work.Path, "build", "in", "-o", "out");
        Assert.True(build.ExitCode == 0, build.Out + build.Error);
        string interfaces = work.File("out/nodes/host3/etc/network/interfaces.d/evpnc");
        var stanzas = File.ReadAllText(interfaces).Split("\n\n");
        var kept = stanzas.Where(s => !Regex.IsMatch(s, @"\bblue\b|50000")).ToList();
        Assert.Equal(3, stanzas.Length - kept.Count); // the VRF, its L3VNI and the L3VNI's bridge
        File.WriteAllText(interfaces, string.Join("\n\n", kept));
        string frr = work.File("out/nodes/host3/etc/frr/frr.conf");
        var blocks = File.ReadAllText(frr).Split("\n!\n");
        var rest = blocks.Where(b => !b.StartsWith("vrf blue\n") && !b.StartsWith("router bgp 65103 vrf blue\n")).ToList();
        Assert.Equal(2, blocks.Length - rest.Count);
        File.WriteAllText(frr, string.Join("\n!\n", rest));
        return inputs;
    }

    [RequiresVmFact]
    public void A_leak_whose_partner_vrf_is_missing_on_the_far_host_fails_its_pings_and_the_encap_check_for_that_reason()
    {
        KernelLabTools.AssertVm();
        var before = VmTraces();
        using var work = new TempDir();
        string inputs = BrokenTree(work);
        var run = CliRunner.Run(work.Path, "lab", "run", inputs, "--rendered", "out", "--vm", "--timeout", "30", "--format", "json");
        Assert.True(run.ExitCode == ExitCodes.InputErrors, run.Out + run.Error);
        var checks = Checks(run.Out);
        var failed = checks.Where(c => c.Outcome == "failed").ToList();
        string all = string.Join("\n", failed.Select(c => $"{c.Check} {c.Node} {c.Subject}: {c.Detail}"));
        bool Failed(string check, string subject, string detail) =>
            failed.Any(c => c.Check == check && c.Subject.StartsWith(subject) && Regex.IsMatch(c.Detail, detail));
        // blue's request to shared on host3 leaves host1 in blue's L3VNI, which host3 no longer has: dropped there.
        Assert.True(Failed("ping", "blue@host1 -> shared@host3", "^no reply"), all);
        Assert.True(Failed("wire", "blue@host1 -> shared@host3",
            @"^the request reached host3 in VNI 50000 \(\d+ packets\), which host3 does not carry \(no VXLAN device has it\): its VTEP drops them$"), all);
        // shared's reply to blue takes the same way back: its request arrives, the reply is dropped.
        Assert.True(Failed("ping", "shared@host3 -> blue@host1", "^no reply"), all);
        Assert.True(Failed("wire", "shared@host3 -> blue@host1", @"^the reply reached host3 in VNI 50000 \("), all);
        // The missing VRF itself is named, and nothing of red, which has its VRF everywhere, fails.
        Assert.True(Failed("vni", "L3VNI 50000 (vrf blue)", "zebra does not know it"), all);
        // The control plane says the same before any packet: host1's blue sends to host3 in a VNI host3 lacks.
        Assert.True(Failed("encap", "vrf blue 10.40.2.0/24", "which host3 does not carry as an L3VNI"), all);
        Assert.True(failed.All(c => c.Check is "encap" ? c.Subject.StartsWith("vrf blue ") : c.Check is not ("ping" or "wire") || c.Subject.Contains("blue@")), all);
        Assert.Contains(checks, c => c is { Check: "ping", Outcome: "passed", Subject: var s } && s.StartsWith("red@host1 -> shared@host3"));
        Assert.Equal(before, VmTraces());
    }

    /// <summary>`evpnc lab run --vm` in its own process, read until the VM has booted.</summary>
    private static Process StartVmUntilBooted()
    {
        var start = SigintRestored.StartInfo("dotnet", ["exec", typeof(EvpncCli).Assembly.Location, "lab", "run", "examples/quickstart", "--vm"]);
        start.WorkingDirectory = RepoPaths.Root;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.Contains("booted")) { }
        if (line is null) Assert.Fail("evpnc lab run --vm ended before its VM booted: " + process.StandardError.ReadToEnd());
        return process;
    }

    [RequiresVmFact]
    public void Ctrl_c_powers_the_vm_off_and_removes_its_folder()
    {
        KernelLabTools.AssertVm();
        var before = VmTraces();
        using var process = StartVmUntilBooted();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            Assert.NotEqual(before, VmTraces()); // the VM runs
            using (var kill = Process.Start("kill", ["-INT", $"{process.Id}"])!) kill.WaitForExit();
            Assert.True(process.WaitForExit(60_000), "evpnc lab run --vm did not stop after SIGINT");
            Assert.Equal(ExitCodes.Interrupted, process.ExitCode);
            Assert.Contains("interrupted; powering the VM off", error.Result);
            Assert.Equal(before, VmTraces());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [RequiresVmFact]
    public void When_evpnc_is_killed_its_watchdog_powers_the_vm_off_and_removes_its_folder()
    {
        KernelLabTools.AssertVm();
        var before = VmTraces();
        using var process = StartVmUntilBooted();
        try
        {
            process.Kill(); // SIGKILL: evpnc itself cannot clean up
            process.WaitForExit();
            var clock = Stopwatch.StartNew();
            while (!before.SetEquals(VmTraces()) && clock.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(250);
            Assert.Equal(before, VmTraces());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void Up_with_vm_points_to_run_and_netns_with_vm_is_refused()
    {
        var up = Evpnc("lab", "up", "examples/quickstart", "--vm");
        Assert.Equal(ExitCodes.Usage, up.ExitCode);
        Assert.Contains("a VM lab lives only as long as one command: use 'evpnc lab run --vm PATHS'", up.Error);
        var bad = Evpnc("lab", "up", "examples/quickstart", "--vrf", "vrfs");
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
    }
}
