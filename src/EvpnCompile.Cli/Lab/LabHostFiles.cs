using EvpnCompile.Core.Input;
using System.Text.Json;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>A rendered host file: where the host keeps it, and its bytes.</summary>
public sealed record RenderedHostFile(string Target, byte[] Bytes);

/// <summary>
/// Kernel mode: a host's devices are made by its rendered files and the real programs, inside the
/// node's network namespace and its private mount namespace. The files are copied to the node's private
/// root (LAB state folder nodes/NODE/root, at their target paths).
/// ifupdown2: the node's own /etc/network and `ifup -a` (and `ifreload -a` where ifup left a device
/// wrong), with a tmpfs on /run/network and /var/tmp (ifupdown2's lock and state), so nothing of it
/// reaches the machine.
/// netplan: `netplan generate --root-dir ROOT`, then systemd-networkd for that namespace alone, in a
/// mount namespace of its own: the generated /run/systemd/network and the node's rendered /etc/systemd
/// bound in place, no D-Bus (a tmpfs on /run/dbus), and /sys read-only so that networkd, like in a
/// container, does not wait for a udev that does not run here. It keeps running, as on a host.
/// </summary>
public sealed class LabHostFiles(LabPlan plan, LabShell sh)
{
    public const string NetworkdBinary = "/lib/systemd/systemd-networkd";
    private const string NetworkdUser = "systemd-network";
    private static readonly TimeSpan NetworkdTimeout = TimeSpan.FromSeconds(180);

    public static string Root(string stateDir, string node) => $"{stateDir}/nodes/{node}/root";

    private static string AppliedFile(string stateDir) => $"{stateDir}/hosts.json";

    /// <summary>The programs kernel mode needs for the plan's hosts (netplan hosts fall back to the model without theirs).</summary>
    public static IReadOnlyList<string> MissingPrograms(LabPlan? plan) =>
        new[] { "nft" }.Concat(plan is null || plan.Nodes.Any(n => n.Network == NetworkRenderer.Ifupdown2) ? ["ifup", "ifreload"] : Array.Empty<string>())
            .Where(p => Verify.ToolRunner.Find(p) is null).ToList();

    /// <summary>Why this machine cannot run a netplan host's files (null: it can).</summary>
    public static string? NetplanUnavailable() =>
        Verify.ToolRunner.Find("netplan") is null ? "netplan is not installed (Debian package netplan.io)"
        : !File.Exists(NetworkdBinary) ? $"systemd-networkd is not installed ({NetworkdBinary})"
        : !File.ReadAllLines("/etc/passwd").Any(l => l.StartsWith(NetworkdUser + ":", StringComparison.Ordinal)) ? $"there is no {NetworkdUser} user for systemd-networkd"
        : null;

    /// <summary>Called in the host's mount namespace setup: the private state folders ifupdown2 writes.</summary>
    public static string MountNamespaceSetup =>
        "mount -t tmpfs tmpfs /run/network && mount -t tmpfs tmpfs /var/tmp";

    /// <summary>The mount points the setup needs on the machine (ifupdown2's lock folder, networkd's run folder).</summary>
    public static void EnsureMountPoints()
    {
        Directory.CreateDirectory("/run/network");
        Directory.CreateDirectory("/run/systemd");
    }

    public async Task<LabHostApplied> ApplyAsync(LabNode host, IReadOnlyList<RenderedHostFile> files)
    {
        string root = Root(plan.StateDir, host.Name);
        foreach (var f in files)
        {
            string path = root + f.Target;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, f.Bytes);
            // netplan refuses to trust (and warns about) configuration others can read.
            if (f.Target.StartsWith("/etc/netplan/", StringComparison.Ordinal) && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return host.Network == NetworkRenderer.Netplan ? await NetplanAsync(host, root, files) : await IfupdownAsync(host, root, files);
    }

    /// <summary>
    /// The node's /etc/network is its private root's (bound in its mount namespace): the rendered
    /// interfaces.d, an interfaces file that sources it as Debian's does, and a copy of this machine's
    /// ifupdown2 configuration. `ifup -a`, as at boot; then, only if the kernel does not show what the
    /// file declares, `ifreload -a` (the manifest's apply command), and the report says what ifup left:
    /// ifupdown2 3.0 skips the MTU of a dummy it has just created when its netlink cache has not yet
    /// seen the new device (measured here: about one host in four under emulation).
    /// </summary>
    private async Task<LabHostApplied> IfupdownAsync(LabNode host, string root, IReadOnlyList<RenderedHostFile> files)
    {
        var rendered = files.Where(f => f.Target.StartsWith("/etc/network/interfaces.d/", StringComparison.Ordinal)).Select(f => f.Target).ToList();
        if (rendered.Count == 0) throw new LabStepException($"{host.Name} has no rendered /etc/network/interfaces.d file");
        File.WriteAllText($"{root}/etc/network/interfaces", "source /etc/network/interfaces.d/*\n");
        CopyFolder("/etc/network/ifupdown2", $"{root}/etc/network/ifupdown2");
        await sh.Must([.. sh.EnterHostMounts(host.Name), "mount", "--bind", $"{root}/etc/network", "/etc/network"]);
        await IfupdownStepAsync(host, "ifup", rendered);
        var left = await DifferencesAsync(host);
        if (left.Count == 0)
            return new LabHostApplied(host.Name, string.Join(" ", rendered), LabOutcome.Passed, "applied by ifupdown2 (`ifup -a`) in the host's namespace");
        await IfupdownStepAsync(host, "ifreload", rendered);
        var still = await DifferencesAsync(host);
        // Whether the result is what the model says is the link check's verdict; this only tells what each step left.
        return new LabHostApplied(host.Name, string.Join(" ", rendered), LabOutcome.Passed,
            $"applied by ifupdown2 in the host's namespace: `ifup -a` left {string.Join(", ", left)}; then `ifreload -a` (the manifest's apply command) "
            + (still.Count == 0 ? "set it as planned" : $"left {string.Join(", ", still)}"));
    }

    private async Task<List<string>> DifferencesAsync(LabNode host) =>
        Differences(host, KernelJson.Links((await sh.Try([.. sh.EnterNode(host), "ip", "-json", "link", "show"])).Out));

    private async Task IfupdownStepAsync(LabNode host, string program, IReadOnlyList<string> rendered)
    {
        var r = await sh.Try([.. sh.EnterNode(host), program, "-a"]);
        if (r.ExitCode != 0)
            throw new LabStepException($"`{program} -a` of {host.Name}'s rendered {string.Join(", ", rendered)} exited {r.ExitCode}: {r.Both}");
    }

    /// <summary>Where the kernel differs from the devices the host's file declares: missing, outside its master, another MTU.</summary>
    private static List<string> Differences(LabNode host, IReadOnlyList<KernelJson.Link>? links)
    {
        if (links is null) return ["(the namespace did not answer)"];
        var wrong = new List<string>();
        foreach (var device in host.Vrfs.SelectMany(v => v.Devices))
        {
            var link = links.FirstOrDefault(l => l.Name == device.Name);
            if (link is null) wrong.Add($"{device.Name} missing");
            else if (link.Master != device.Master) wrong.Add($"{device.Name} outside {device.Master}");
            else if (device.Mtu is { } mtu && link.Mtu != mtu) wrong.Add($"{device.Name} at MTU {link.Mtu}");
        }
        return wrong;
    }

    private static void CopyFolder(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private async Task<LabHostApplied> NetplanAsync(LabNode host, string root, IReadOnlyList<RenderedHostFile> files)
    {
        string described = string.Join(" ", files.Where(f => f.Target.StartsWith("/etc/netplan/", StringComparison.Ordinal)).Select(f => f.Target)
            .Append(files.Any(f => f.Target.StartsWith("/etc/systemd/", StringComparison.Ordinal)) ? "/etc/systemd/network/*" : null).OfType<string>());
        if (NetplanUnavailable() is { } why)
        {
            await sh.IpBatch(sh.EnterNode(host), host.ModelBatch ?? []);
            return new LabHostApplied(host.Name, described, LabOutcome.NotTested,
                $"not applied: {why}; the devices were built from the model instead, as ifupdown2 would make them");
        }
        var generated = await sh.Try(["netplan", "generate", "--root-dir", root]);
        if (generated.ExitCode != 0)
            throw new LabStepException($"`netplan generate` of {host.Name}'s rendered files exited {generated.ExitCode}: {generated.Both}");
        Directory.CreateDirectory($"{root}/etc/systemd/network");
        Directory.CreateDirectory($"{root}/run/systemd/netif");
        await sh.Must(["chown", $"{NetworkdUser}:{NetworkdUser}", $"{root}/run/systemd/netif"]);
        string log = $"{LabPaths.LogFolder(plan.StateDir, host.Name)}/systemd-networkd.log";
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        string inside = string.Join(" && ",
            $"mount --bind {root}/run/systemd /run/systemd",
            $"mount --bind {root}/etc/systemd /etc/systemd",
            "{ [ ! -d /run/dbus ] || mount -t tmpfs tmpfs /run/dbus; }",
            "umount -l /sys", "mount -t sysfs -o ro sysfs /sys",
            $"exec {NetworkdBinary}");
        // Detached: it outlives this command, as a service does; `down` stops it with the namespace's other processes.
        await sh.Must([.. sh.EnterNode(host), "sh", "-c", $"setsid unshare --mount --propagation private -- sh -c \"$0\" >>{log} 2>&1 </dev/null &", inside]);
        string? problem = await WaitConfiguredAsync($"{root}/run/systemd/netif/links", host);
        if (problem is not null)
            throw new LabStepException($"systemd-networkd did not configure {host.Name}'s devices from its rendered files: {problem} (log: {log})");
        return new LabHostApplied(host.Name, described, LabOutcome.Passed,
            "applied by `netplan generate` and systemd-networkd, run for the host's namespace");
    }

    /// <summary>
    /// Until networkd has configured every link it manages (its state files say configured or unmanaged),
    /// the planned devices all exist, and none failed. Null when done, else what is wrong.
    /// </summary>
    private async Task<string?> WaitConfiguredAsync(string links, LabNode host)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int planned = host.Vrfs.Sum(v => v.Devices.Count);
        string last = "networkd wrote no link state";
        while (clock.Elapsed < NetworkdTimeout)
        {
            await Task.Delay(500, sh.Cancellation);
            if (!Directory.Exists(links)) continue;
            var states = Directory.EnumerateFiles(links).Select(ReadAdminState).ToList();
            if (states.Contains("failed")) return "a link failed (ADMIN_STATE=failed)";
            bool settled = states.Count >= planned && states.All(s => s is "configured" or "unmanaged");
            last = $"{states.Count(s => s == "configured")} of {states.Count} links configured ({planned} devices planned)";
            if (settled) return null;
        }
        return $"not done after {NetworkdTimeout.TotalSeconds:0} s: {last}";
    }

    private static string? ReadAdminState(string file)
    {
        try
        {
            return File.ReadLines(file).FirstOrDefault(l => l.StartsWith("ADMIN_STATE=", StringComparison.Ordinal))?["ADMIN_STATE=".Length..];
        }
        catch (IOException) { return null; }
    }

    public static void SaveApplied(string stateDir, IReadOnlyList<LabHostApplied> applied) =>
        File.WriteAllBytes(AppliedFile(stateDir), JsonSerializer.SerializeToUtf8Bytes(applied));

    /// <summary>What `up` recorded (empty when it recorded nothing: netns mode, or an older lab).</summary>
    public static IReadOnlyList<LabHostApplied> LoadApplied(string stateDir)
    {
        try
        {
            return File.Exists(AppliedFile(stateDir))
                ? JsonSerializer.Deserialize<List<LabHostApplied>>(File.ReadAllBytes(AppliedFile(stateDir))) ?? []
                : [];
        }
        catch (JsonException) { return []; }
    }
}
