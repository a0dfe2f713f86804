using System.Diagnostics;
using System.Text;
using EvpnCompile.Cli.Verify;

namespace EvpnCompile.Cli.Lab;

/// <summary>What `lab run --vm` asks the guest to run (paths absolute: the guest sees this machine's files at the same paths).</summary>
public sealed record VmRequest(
    IReadOnlyList<string> Paths, string Lab, string? Lock, int Timeout, string? Rendered, bool Json, bool Verbose, string WorkingDirectory);

/// <summary>
/// `evpnc lab run --vm`: the whole lab (up, check, down) in kernel mode inside a throwaway virtual
/// machine, for machines whose kernel has no VRF devices (the recipe of ../shared/reference/vm-lab/).
/// QEMU boots Debian's kernel under software emulation (TCG; nested KVM hangs on the machine kind this
/// was measured on) with no network device at all; the guest sees this machine's file system read-only
/// under a tmpfs overlay (every program installed here, this evpnc included; nothing it writes reaches
/// the host) and one read-write results folder, through which its report comes back and is printed
/// here as it is written. The VM always ends powered off and its folder removed: at the end of the
/// run, on Ctrl-C, and, when this process is killed, by a watchdog that kills QEMU and removes the folder.
/// </summary>
public static class LabVm
{
    public const string Qemu = "qemu-system-x86_64";
    public const string Packages = "qemu-system-x86 linux-image-amd64 busybox-static";
    public const int MemoryMb = 4096;
    private const string Marker = "@evpnc-vm: ";

    /// <summary>Why the VM cannot run here (null: it can), naming the Debian packages to install.</summary>
    public static string? Unavailable()
    {
        var missing = new List<string>();
        if (ToolRunner.Find(Qemu) is null) missing.Add($"{Qemu} (qemu-system-x86)");
        if (LabVmImage.FindKernel() is null) missing.Add("a kernel image /boot/vmlinuz-* with its modules (linux-image-amd64)");
        if (!File.Exists(LabVmImage.Busybox) || !LabVmImage.IsStaticElf(File.ReadAllBytes(LabVmImage.Busybox))) missing.Add("a static /bin/busybox (busybox-static)");
        if (missing.Count > 0) return $"the VM lab needs {string.Join(", ", missing)}; install the Debian packages {Packages}";
        if (AvailableMemoryMb() is { } free && free < MemoryMb + 512)
            return $"the VM lab needs {MemoryMb + 512} MB of free memory, and {free} MB are available";
        return null;
    }

    private static long? AvailableMemoryMb()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException) { return null; }
    }

    /// <summary>The command line that runs this evpnc (the guest runs the very same files).</summary>
    public static IReadOnlyList<string> EvpncCommand()
    {
        string assembly = typeof(LabVm).Assembly.Location;
        string? process = Environment.ProcessPath;
        if (assembly.Length == 0 && process is not null) return [process]; // a single-file evpnc
        string? dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : ToolRunner.Find("dotnet");
        return dotnet is not null ? [dotnet, "exec", assembly] : [process ?? "evpnc"];
    }

    /// <summary>The guest's script: load the modules the lab needs, run `evpnc lab run` in kernel mode, keep its exit code.</summary>
    public static string GuestScript(VmRequest request, IReadOnlyList<string> evpnc, IReadOnlyDictionary<string, string> environment)
    {
        var args = new List<string>(evpnc) { "lab", "run" };
        args.AddRange(request.Paths);
        args.AddRange(["--vrf", "kernel", "--name", request.Lab, "--timeout", $"{request.Timeout}", "--format", request.Json ? "json" : "text"]);
        if (request.Lock is not null) args.AddRange(["--lock", request.Lock]);
        if (request.Rendered is not null) args.AddRange(["--rendered", request.Rendered]);
        if (request.Verbose) args.Add("--verbose");
        var sb = new StringBuilder("#!/bin/sh\n");
        sb.Append($"echo '{Marker}booted'\n");
        sb.Append("for m in vrf vxlan bridge veth dummy nf_tables; do modprobe $m 2>/dev/null; done\n");
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal)) sb.Append($"export {name}={Quote(value)}\n");
        sb.Append($"cd {Quote(request.WorkingDirectory)} || exit 1\n");
        sb.Append($"{string.Join(' ', args.Select(Quote))} >/results/stdout 2>/results/stderr\n");
        sb.Append("echo $? > /results/exit.tmp && mv /results/exit.tmp /results/exit\n");
        sb.Append($"echo '{Marker}done'\n");
        return sb.ToString();
    }

    public static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    /// <summary>The environment the guest's evpnc gets, passed through from this one.</summary>
    private static Dictionary<string, string> GuestEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = "/root", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var name in new[] { "DOTNET_ROOT", "EVPNC_DEBUG", "EVPNC_REQUIRE_TOOLS" })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } v) env[name] = v;
        return env;
    }

    public static async Task<int> RunAsync(CliContext context, VmRequest request, CancellationToken cancellation)
    {
        var progress = request.Json ? context.Error : context.Out;
        var clock = Stopwatch.StartNew();
        void Say(string what) => progress.Write($"[vm {clock.Elapsed.TotalSeconds,6:0.0}s] {what}\n");
        var (kernel, version) = LabVmImage.FindKernel()!.Value;
        var work = Directory.CreateTempSubdirectory("evpnc-vm-").FullName;
        string results = Path.Combine(work, "results");
        Directory.CreateDirectory(results);
        Process? qemu = null;
        try
        {
            string initrd = Path.Combine(work, "initrd.gz");
            await BuildInitramfsAsync(work, initrd, version);
            string script = Path.Combine(work, "guest.sh");
            File.WriteAllText(script, GuestScript(request, EvpncCommand(), GuestEnvironment()));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string console = Path.Combine(work, "console.log");
            int cpus = Environment.ProcessorCount;
            Say($"booting {Path.GetFileName(kernel)} under QEMU (software emulation, {cpus} vCPUs, {MemoryMb} MB, no network device)");
            qemu = StartQemu(work, kernel, initrd, script, console, results, cpus);
            // Ctrl-C powers the VM off at once, from the signal's own callback: QEMU runs at nice -10 on every core, and
            // on a loaded machine the rest of this process could take a minute to get the CPU to reach its `finally`
            // (seen in the clean-clone CI: "did not stop after SIGINT").
            var running = qemu;
            using var powerOff = cancellation.Register(() =>
            {
                try { if (!running.HasExited) running.Kill(entireProcessTree: true); }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception) { }
            });
            var relay = new ResultRelay(results, context);
            var deadline = TimeSpan.FromSeconds(request.Timeout) + TimeSpan.FromMinutes(20);
            bool booted = false;
            while (!qemu.HasExited)
            {
                await Task.Delay(250, cancellation);
                relay.Pump();
                if (!booted && File.Exists(console) && ReadShared(console).Contains(Marker + "booted", StringComparison.Ordinal))
                {
                    booted = true;
                    Say("booted; the guest runs `evpnc lab run --vrf kernel`");
                }
                if (clock.Elapsed > deadline)
                {
                    Say($"no result after {deadline.TotalMinutes:0} min; powering the VM off");
                    break;
                }
            }
            Stop(qemu);
            relay.Pump(final: true);
            string exitFile = Path.Combine(results, "exit");
            if (File.Exists(exitFile) && int.TryParse(File.ReadAllText(exitFile).Trim(), out int exit))
            {
                Say($"powered off; the whole VM run took {clock.Elapsed.TotalSeconds:0} s");
                return exit;
            }
            context.Error.Write("evpnc: the VM ended without a result; the end of its console:\n");
            foreach (var line in (File.Exists(console) ? ReadShared(console) : "").Split('\n').TakeLast(30)) context.Error.Write($"  {line.TrimEnd('\r')}\n");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            context.Error.Write("evpnc: interrupted; powering the VM off\n");
            return ExitCodes.Interrupted;
        }
        finally
        {
            if (qemu is not null) Stop(qemu);
            qemu?.Dispose();
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Stop(Process qemu)
    {
        if (qemu.HasExited) return;
        qemu.Kill(entireProcessTree: true);
        qemu.WaitForExit();
    }

    private static string ReadShared(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd();
    }

    private static async Task BuildInitramfsAsync(string work, string initrd, string version)
    {
        string modules = $"/lib/modules/{version}";
        string builtin = File.Exists($"{modules}/modules.builtin") ? await File.ReadAllTextAsync($"{modules}/modules.builtin") : "";
        var order = LabVmImage.LoadOrder(await File.ReadAllTextAsync($"{modules}/modules.dep"), builtin, LabVmImage.Needed, out string? missing)
            ?? throw new LabStepException($"kernel {version} has no module {missing} (needed to share files with the VM)");
        var files = new List<(string, byte[])>();
        foreach (var relative in order)
        {
            string path = $"{modules}/{relative}";
            string name = LabVmImage.ModuleName(relative) + ".ko";
            files.Add((name, relative.EndsWith(".ko", StringComparison.Ordinal) ? await File.ReadAllBytesAsync(path) : await DecompressAsync(work, path)));
        }
        LabVmImage.WriteInitramfs(initrd, await File.ReadAllBytesAsync(LabVmImage.Busybox), files);
    }

    /// <summary>busybox's insmod takes plain .ko files: a compressed module is unpacked with xz or zstd.</summary>
    private static async Task<byte[]> DecompressAsync(string work, string path)
    {
        string tool = path.EndsWith(".xz", StringComparison.Ordinal) ? "xz" : path.EndsWith(".zst", StringComparison.Ordinal) ? "zstd" : "gzip";
        string out_ = Path.Combine(work, "module.ko");
        var r = await ToolRunner.RunAsync(ToolRunner.Find("sh")!, ["-c", $"{tool} -dc \"$0\" > \"$1\"", path, out_]);
        if (r.ExitCode != 0) throw new LabStepException($"could not unpack {path} with {tool}: {r.Both}");
        byte[] bytes = await File.ReadAllBytesAsync(out_);
        File.Delete(out_);
        return bytes;
    }

    /// <summary>
    /// QEMU under a small shell that also starts a watchdog: when this process dies without stopping the
    /// VM, the watchdog kills QEMU and removes the VM's folder. QEMU runs at nice -10 (root may; otherwise
    /// nice says so and runs it as is): the guest emulates 2 vCPUs in software, and when the machine's other
    /// work starves it, BFD (300 ms x 3) and BGP in the guest miss their timers and sessions flap in the
    /// middle of a check (measured at load 14: pings lost while sessions re-converged).
    /// </summary>
    private static Process StartQemu(string work, string kernel, string initrd, string script, string console, string results, int cpus)
    {
        string[] qemu =
        [
            ToolRunner.Find(Qemu)!, "-accel", "tcg", "-cpu", "max", "-m", $"{MemoryMb}", "-smp", $"{cpus}",
            "-nodefaults", "-display", "none", "-no-reboot",
            "-chardev", $"file,id=console,path={console}", "-serial", "chardev:console",
            "-kernel", kernel, "-initrd", initrd,
            "-append", $"console=ttyS0 quiet loglevel=1 panic=-1 vmcmd={script}",
            "-fsdev", "local,id=root,path=/,security_model=none,readonly=on,multidevs=remap", "-device", "virtio-9p-pci,fsdev=root,mount_tag=hostroot",
            "-fsdev", $"local,id=results,path={results},security_model=none", "-device", "virtio-9p-pci,fsdev=results,mount_tag=results",
        ];
        const string wrapper = """
            parent=$1; work=$2; shift 2
            nice -n -10 "$@" &
            q=$!
            ( while kill -0 "$parent" 2>/dev/null && kill -0 "$q" 2>/dev/null; do sleep 1; done
              kill -0 "$parent" 2>/dev/null || { kill -9 "$q" 2>/dev/null; sleep 1; rm -rf "$work"; } ) </dev/null >/dev/null 2>&1 &
            w=$!
            wait "$q"; rc=$?
            # evpnc alive: it removes the folder itself and the watchdog must not linger; dead: let the watchdog finish.
            if kill -0 "$parent" 2>/dev/null; then kill "$w" 2>/dev/null; else wait "$w"; fi
            exit "$rc"
            """;
        var start = new ProcessStartInfo(ToolRunner.Find("sh")!)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-c", wrapper, "evpnc-vm", $"{Environment.ProcessId}", work }.Concat(qemu)) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new LabStepException($"could not start {Qemu}");
        process.StandardInput.Close();
        // QEMU's own messages (warnings) are kept out of the report; drained so it never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Copies what the guest's evpnc writes to /results/stdout and /results/stderr here, whole lines as they come.</summary>
    private sealed class ResultRelay(string results, CliContext context)
    {
        private long outAt, errAt;

        public void Pump(bool final = false)
        {
            outAt = Copy(Path.Combine(results, "stdout"), outAt, context.Out, final);
            errAt = Copy(Path.Combine(results, "stderr"), errAt, context.Error, final);
        }

        private static long Copy(string path, long at, TextWriter to, bool final)
        {
            if (!File.Exists(path)) return at;
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (s.Length <= at) return at;
            s.Seek(at, SeekOrigin.Begin);
            var buffer = new byte[s.Length - at];
            int read = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            int end = final ? read : Array.LastIndexOf(buffer, (byte)'\n', read - 1) + 1;
            if (end <= 0) return at;
            to.Write(Encoding.UTF8.GetString(buffer, 0, end));
            to.Flush();
            return at + end;
        }
    }
}
