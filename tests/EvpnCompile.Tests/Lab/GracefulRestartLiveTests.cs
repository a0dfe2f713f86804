using System.Diagnostics;
using System.Text.Json;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lab;

/// <summary>
/// Graceful restart, live (docs/graceful-restart.md): the quickstart in netns mode with the rendered `bgp graceful-restart`
/// and zebra `-K 120`. The running daemons show the line and frr-reload has nothing to change about it; a crashed bgpd on
/// host1 leaves host1's kernel routes in place and its loopback, marked stale, at leaf1; a crash of all of host1's FRR
/// daemons leaves the kernel routes to the zebra that starts over them (without `-K` it sweeps them at once: measured).
/// After each restart the whole check is green again.
/// </summary>
[Collection(nameof(LabLiveTests))] // one lab at a time
public class GracefulRestartLiveTests
{
    private const string Host = "host1", HostLoopback = "10.0.0.11/32", Leaf = "leaf1";

    private static CliRun Evpnc(params string[] args) => CliRunner.Run(RepoPaths.Root, args);

    private static (int Exit, string Out) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }

    /// <summary>The node's namespaces as the lab enters them (mount, network, UTS: FRR takes its host name from uname).</summary>
    private static string[] Enter(string lab, string node) =>
    [
        .. File.Exists($"/run/evpnc-lab/{lab}/nodes/{node}/mnt") ? [$"--mount=/run/evpnc-lab/{lab}/nodes/{node}/mnt"] : Array.Empty<string>(), // hosts only
        $"--net=/run/netns/{lab}-{node}", $"--uts=/run/evpnc-lab/{lab}/nodes/{node}/uts", "--",
    ];

    private static string Vtysh(string lab, string node, string command) => Run("vtysh", "-N", $"{lab}-{node}", "-c", command).Out;

    /// <summary>The BGP routes of the host's kernel: the underlay's and red's (a VRF is a namespace in netns mode), sorted.</summary>
    private static List<string> KernelBgpRoutes(string lab)
    {
        var underlay = Run("nsenter", [.. Enter(lab, Host), "ip", "route", "show", "proto", "bgp"]);
        var red = Run("nsenter", [.. Enter(lab, Host), "ip", "-n", "red", "route", "show", "proto", "bgp"]);
        Assert.Equal(0, underlay.Exit);
        Assert.Equal(0, red.Exit);
        return underlay.Out.Split('\n').Select(l => "underlay " + l.Trim()).Concat(red.Out.Split('\n').Select(l => "red " + l.Trim()))
            .Where(l => !l.EndsWith(' ')).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>pid and argv of the lab node's FRR daemon, from /proc (the lab started it with `-N LAB-NODE`).</summary>
    private static (int Pid, string[] Argv) Daemon(string lab, string node, string daemon)
    {
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string[] argv;
            try { argv = File.ReadAllText($"{proc}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries); }
            catch (IOException) { continue; }
            if (argv.Length > 3 && argv[0] == $"/usr/lib/frr/{daemon}" && argv.SkipWhile(a => a != "-N").Skip(1).FirstOrDefault() == $"{lab}-{node}")
                return (int.Parse(Path.GetFileName(proc), System.Globalization.CultureInfo.InvariantCulture), argv);
        }
        throw new Xunit.Sdk.XunitException($"no {daemon} of {lab}-{node} runs");
    }

    private static void Kill(int pid)
    {
        using var p = Process.GetProcessById(pid);
        p.Kill(); // SIGKILL: a crash, not bgpd's clean exit (which withdraws every route from zebra itself)
        p.WaitForExit();
    }

    /// <summary>Starts a daemon again with the argv it had, in the node's namespaces (it daemonizes: `-d`).</summary>
    private static void Restart(string lab, string[] argv)
    {
        var started = Run("nsenter", [.. Enter(lab, Host), .. argv]);
        Assert.True(started.Exit == 0, started.Out);
    }

    /// <summary>Polls <paramref name="what"/> until it holds (a state to reach, never a duration to assert), for at most a minute.</summary>
    private static void WaitFor(string description, Func<bool> what)
    {
        var clock = Stopwatch.StartNew();
        while (!what())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "not reached within a minute: " + description);
            Thread.Sleep(250);
        }
    }

    private static bool LeafHasStaleLoopback(string lab)
    {
        string json = Vtysh(lab, Leaf, $"show bgp ipv4 unicast {HostLoopback} json");
        if (!json.TrimStart().StartsWith('{')) return false;
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("paths", out var paths) && paths.EnumerateArray().Any(p =>
            p.TryGetProperty("stale", out var s) && s.GetBoolean()
            && p.GetProperty("nexthops").EnumerateArray().Any(n => n.TryGetProperty("hostname", out var h) && h.GetString() == Host));
    }

    /// <param name="beforeEachTry">run before every check (after a restart: the pods ping their gateways again).</param>
    private static void CheckGreen(string lab, Action? beforeEachTry = null)
    {
        // Up to three minutes, as LabLiveTests.CheckUntil: on a loaded machine (the CI runs the VM tests beside this one)
        // the restarted daemons take over a minute to converge.
        var clock = Stopwatch.StartNew();
        beforeEachTry?.Invoke();
        var run = Evpnc("lab", "check", "--name", lab);
        while (run.ExitCode != 0 && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            Thread.Sleep(1000);
            beforeEachTry?.Invoke();
            run = Evpnc("lab", "check", "--name", lab);
        }
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
    }

    [RequiresLabFact]
    public void A_crashed_bgpd_keeps_its_kernel_routes_and_its_stale_loopback_at_the_leaf_and_zebra_K_keeps_them_over_an_frr_crash()
    {
        LabTools.AssertReady();
        string lab = "g" + Random.Shared.Next(100000, 999999);
        try
        {
            var up = Evpnc("lab", "up", "examples/quickstart", "--name", lab, "--vrf", "netns");
            Assert.True(up.ExitCode == 0, up.Out + up.Error);
            CheckGreen(lab); // includes `running`: frr-reload --test has nothing to add on any node

            // The daemons show the line (restart mode is not FRR's default), and on every node frr-reload --test of the
            // rendered file against them is empty but for what the lab itself adds: each netns VRF's `netns` line (the
            // lab's FRR backend) and `frr version` (the file says 8.4, FRR 8.4.4).
            foreach (var node in new[] { Host, "host2", "host3", Leaf, "leaf2" })
            {
                Assert.Contains("\n bgp graceful-restart\n", Vtysh(lab, node, "show running-config"));
                var reload = Run("nsenter", [.. Enter(lab, node), "python3", "/usr/lib/frr/frr-reload.py", "--test", "--stdout",
                    "--pathspace", $"{lab}-{node}", $"/etc/frr/{lab}-{node}/frr.conf"]);
                Assert.True(reload.Exit == 0, reload.Out);
                Assert.Equal(["frr version 8.4"], EvpnCompile.Core.Lab.FrrReloadText.LinesToAdd(reload.Out));
                var deleted = EvpnCompile.Core.Lab.FrrReloadText.LinesToDelete(reload.Out) ?? []; // leaves: nothing to delete
                Assert.All(deleted, l => Assert.Matches(@"^(vrf (\w+)| no netns /run/netns/\w+)$", l));
            }
            Assert.Contains("Restart*", Vtysh(lab, Host, "show bgp neighbors")); // local GR mode: restart, configured

            var before = KernelBgpRoutes(lab);
            Assert.Contains(before, r => r.StartsWith("underlay 10.0.0.12 ", StringComparison.Ordinal)); // host2's loopback
            Assert.Contains(before, r => r.StartsWith("red 10.10.1.0/24 ", StringComparison.Ordinal));    // host2's red pod block

            // bgpd crashes: zebra keeps what it installed (bgpd registered for graceful restart), leaf1 keeps host1's
            // loopback as a stale path. (FRR 8.4 has no graceful restart for l2vpn evpn: the leaves drop host1's EVPN routes.)
            var bgpd = Daemon(lab, Host, "bgpd");
            Kill(bgpd.Pid);
            WaitFor("leaf1 holds host1's loopback as a stale path", () => LeafHasStaleLoopback(lab));
            Assert.Equal(before, KernelBgpRoutes(lab));
            Restart(lab, bgpd.Argv);
            Assert.Equal(0, Run("vtysh", "-N", $"{lab}-{Host}", "-b").Exit); // as the lab (and frrinit.sh) loads the file
            CheckGreen(lab);

            // All of host1's FRR crashes. The zebra that starts over the kernel's routes keeps them (-K 120, from the
            // rendered daemons file); the lab asks it only once it answers, when a zebra without -K has swept them.
            var daemons = new[] { "zebra", "bgpd", "bfdd" }.Select(d => Daemon(lab, Host, d)).ToList();
            Assert.Contains("-K", daemons[0].Argv);
            var kept = KernelBgpRoutes(lab);
            foreach (var d in daemons) Kill(d.Pid);
            Restart(lab, daemons[0].Argv);
            WaitFor("the new zebra answers", () => Vtysh(lab, Host, "show ip route summary").Contains("Totals"));
            Assert.Equal(kept, KernelBgpRoutes(lab));
            foreach (var d in daemons.Skip(1)) Restart(lab, d.Argv);
            Assert.Equal(0, Run("vtysh", "-N", $"{lab}-{Host}", "-b").Exit);
            // As `lab up` does after starting FRR: each pod pings its gateways, since zebra 8.4.4 ignores the neighbour
            // entries that existed before it started (docs/lab.md, pitfalls) and would not originate their type-2 routes.
            // Here the entries did exist before, and the lab's checks kept them reachable: a ping that only confirms one
            // sends zebra no netlink event. So each pod's entry is flushed first, and its ping makes a new one (the CI
            // showed it: host1's red-vms pod had no type-2 route after the restart, checks pinging it for minutes). Again
            // before every check: a ping that lands before the new zebra has its L2VNIs up is not learned either.
            var state = EvpnCompile.Cli.Lab.LabState.Load(lab, out string? damaged);
            Assert.True(state is not null, damaged);
            string mounts = $"--mount=/run/evpnc-lab/{lab}/nodes/{Host}/mnt";
            void PingGateways()
            {
                foreach (var pod in state.Plan.Pods.Where(p => p.Node == Host))
                {
                    Run("nsenter", mounts, "--", "ip", "-n", pod.Vrf, "neigh", "flush", "to", pod.Address);
                    if (pod.Address6 is { } address6) Run("nsenter", mounts, "--", "ip", "-6", "-n", pod.Vrf, "neigh", "flush", "to", address6);
                    foreach (var gateway in new[] { pod.Gateway, pod.Gateway6 }.OfType<string>())
                        Run("nsenter", mounts, "--", "nsenter", $"--net=/run/evpnc-lab/{lab}/nodes/{Host}/pods/{pod.Name}",
                            "--", "ping", "-c1", "-W1", gateway);
                }
            }
            CheckGreen(lab, PingGateways);
        }
        finally
        {
            var down = Evpnc("lab", "down", "--name", lab);
            Assert.True(down.ExitCode == 0, down.Out + down.Error);
        }
        Assert.Empty(LabLiveTests.Traces(lab));
    }
}
