using EvpnCompile.Cli.Verify;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>
/// Removes everything a lab of this name created, found by name on the machine, not by a record, so it
/// works after a crash and twice in a row. It touches only things named "LAB-..." and the lab's folder.
/// </summary>
public static class LabTeardown
{
    /// <summary>What is left of the lab on this machine; empty when there is nothing.</summary>
    public static IReadOnlyList<string> Leftovers(string lab)
    {
        var found = new List<string>();
        string prefix = LabPaths.NodeName(lab, "");
        if (Directory.Exists(LabPaths.StateDir(lab))) found.Add(LabPaths.StateDir(lab));
        foreach (var root in new[] { "/run/netns", LabPaths.FrrConfigRoot, LabPaths.FrrRunRoot })
            if (Directory.Exists(root))
                found.AddRange(Directory.EnumerateFileSystemEntries(root, prefix + "*").Order(StringComparer.Ordinal));
        found.AddRange(Mounts(lab).Select(m => $"mount {m}"));
        found.AddRange(Daemons(lab).Select(d => $"process {d.Pid} ({d.Name})"));
        found.AddRange(NamespaceProcesses(lab).Where(p => found.All(f => !f.StartsWith($"process {p.Pid} ", StringComparison.Ordinal)))
            .Select(p => $"process {p.Pid} ({p.Name})"));
        return found;
    }

    public static async Task RemoveAsync(string lab, TextWriter log)
    {
        await StopDaemonsAsync(lab, log);
        // Then whatever else runs in the lab's node namespaces (kernel mode: a netplan host's systemd-networkd).
        await StopAsync(NamespaceProcesses(lab), log);
        // Deepest first: the host mount namespaces hold the VRF and pod namespaces; unbinding them frees all.
        foreach (var mount in Mounts(lab).OrderByDescending(m => m.Length))
            await Run("umount", "-l", mount);
        string prefix = LabPaths.NodeName(lab, "");
        if (Directory.Exists("/run/netns"))
            foreach (var ns in Directory.EnumerateFileSystemEntries("/run/netns", prefix + "*"))
                await Run("ip", "netns", "delete", Path.GetFileName(ns));
        foreach (var root in new[] { LabPaths.FrrConfigRoot, LabPaths.FrrRunRoot })
            if (Directory.Exists(root))
                foreach (var dir in Directory.EnumerateDirectories(root, prefix + "*")) Directory.Delete(dir, recursive: true);
        if (Directory.Exists(LabPaths.StateDir(lab))) Directory.Delete(LabPaths.StateDir(lab), recursive: true);
        foreach (var left in Leftovers(lab)) log.Write($"evpnc: could not remove {left}\n");
    }

    public sealed record Daemon(int Pid, string Name);

    /// <summary>FRR daemons started with `-N LAB-...`, read from /proc (pid files may be gone after a crash).</summary>
    public static IReadOnlyList<Daemon> Daemons(string lab)
    {
        string prefix = LabPaths.NodeName(lab, "");
        var found = new List<Daemon>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            string[] args;
            try { args = File.ReadAllText($"{dir}/cmdline").Split('\0'); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (args.Length < 3 || !args[0].StartsWith(LabShell.FrrDaemons + "/", StringComparison.Ordinal)) continue;
            int n = Array.IndexOf(args, "-N");
            if (n > 0 && n + 1 < args.Length && args[n + 1].StartsWith(prefix, StringComparison.Ordinal))
                found.Add(new Daemon(pid, Path.GetFileName(args[0])));
        }
        return found;
    }

    /// <summary>Every process in a network namespace of the lab's nodes (`ip netns pids`), found by namespace, not by name.</summary>
    public static IReadOnlyList<Daemon> NamespaceProcesses(string lab)
    {
        string prefix = LabPaths.NodeName(lab, "");
        if (!Directory.Exists("/run/netns")) return [];
        var found = new List<Daemon>();
        foreach (var ns in Directory.EnumerateFileSystemEntries("/run/netns", prefix + "*").Order(StringComparer.Ordinal))
        {
            var r = Run("ip", "netns", "pids", Path.GetFileName(ns)).GetAwaiter().GetResult();
            foreach (var line in r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(line.Trim(), out int pid) && pid != Environment.ProcessId)
                    found.Add(new Daemon(pid, ProcessName(pid)));
        }
        return found;
    }

    private static string ProcessName(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return "?"; }
    }

    /// <summary>As frrinit.sh stops them: the routing daemons first, zebra (which they talk to) last.</summary>
    private static async Task StopDaemonsAsync(string lab, TextWriter log)
    {
        var all = Daemons(lab);
        await StopAsync(all.Where(d => d.Name != "zebra").ToList(), log);
        await StopAsync(all.Where(d => d.Name == "zebra").ToList(), log);
    }

    private static async Task StopAsync(IReadOnlyList<Daemon> daemons, TextWriter log)
    {
        foreach (var d in daemons) await Run("kill", "-TERM", $"{d.Pid}");
        for (int i = 0; i < 50 && daemons.Any(Alive); i++) await Task.Delay(100);
        foreach (var d in daemons.Where(Alive))
        {
            log.Write($"evpnc: note: {d.Name} ({d.Pid}) did not stop within 5 s of SIGTERM; sent SIGKILL\n");
            await Run("kill", "-KILL", $"{d.Pid}");
        }
    }

    private static bool Alive(Daemon d)
    {
        try { return File.ReadAllText($"/proc/{d.Pid}/stat").Split(' ')[2] != "Z"; }
        catch (IOException) { return false; }
    }

    /// <summary>Mount points inside the lab's folder, as this mount namespace sees them.</summary>
    public static IReadOnlyList<string> Mounts(string lab)
    {
        string state = LabPaths.StateDir(lab);
        return File.ReadAllLines("/proc/self/mountinfo")
            .Select(l => l.Split(' ')[4])
            .Where(m => m == state || m.StartsWith(state + "/", StringComparison.Ordinal))
            .Distinct().ToList();
    }

    private static Task<ToolResult> Run(params string[] argv) =>
        ToolRunner.RunAsync(ToolRunner.Find(argv[0]) ?? argv[0], argv.Skip(1));
}
