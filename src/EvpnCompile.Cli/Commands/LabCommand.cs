using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using EvpnCompile.Cli.Lab;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Commands;

/// <summary>
/// `evpnc lab up PATHS... | check | down [--name N]`, and `lab run` (all three, optionally inside a VM):
/// the compiled fabric running with the real FRR daemons in network namespaces on this machine, and the
/// proof that it does what the model says.
/// </summary>
public static class LabCommand
{
    public static Command Create(CliContext context) =>
        new("lab", "Run the compiled fabric with real FRR daemons in network namespaces (Linux, root) and prove it works.")
        {
            Up(context), Check(context), Down(context), Run(context),
        };

    private static Option<string> Name() => new("--name")
    {
        Description = "The lab's name (lowercase letters and digits, up to 12); several labs may run side by side.",
        DefaultValueFactory = _ => LabPaths.DefaultName,
    };

    private static Option<string?> Vrf() => new Option<string?>("--vrf")
    {
        Description = "How tenant VRFs exist: kernel (VRF devices, FRR's production VRF-lite mode, the rendered host files applied with ifupdown2 and netplan; "
            + "the default where the kernel has VRF devices) or netns (a network namespace per VRF, FRR's netns backend, devices built from the model).",
    }.AcceptOnlyFromAmong(LabVrfMode.All);

    private static Option<string?> Rendered() => new("--rendered")
    {
        Description = "Run the files of this tree (written by 'evpnc build' from the same inputs, possibly edited) instead of rendering them.",
    };

    private static Option<int> Timeout()
    {
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the fabric to converge.", DefaultValueFactory = _ => 60 };
        timeout.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--timeout: at least 1 second"); });
        return timeout;
    }

    private static Option<bool> Vm() => new("--vm")
    {
        Description = "Run up, check and down inside a throwaway QEMU virtual machine with Debian's kernel (for kernels without VRF devices).",
    };

    private static Command Up(CliContext context)
    {
        var paths = ExplainCommand.PathsOrCurrent();
        var name = Name();
        var lockOption = CommonOptions.Lock();
        var timeout = Timeout();
        var vrf = Vrf();
        var rendered = Rendered();
        var vm = Vm();
        var command = new Command("up", "Compile, create the lab's namespaces, devices and pods, start FRR with the rendered frr.conf files, and wait until it converges.")
        {
            paths, name, lockOption, timeout, vrf, rendered, vm,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            string lab = parse.GetValue(name)!;
            if (parse.GetValue(vm))
            {
                context.Error.Write("evpnc: a VM lab lives only as long as one command: use 'evpnc lab run --vm PATHS' (up, check and down inside the VM)\n");
                return ExitCodes.Usage;
            }
            if (Refuse(context, lab) is { } refused) return refused;
            var (state, exit) = await PrepareAsync(context, parse.GetValue(paths)!, parse.GetValue(lockOption), lab, parse.GetValue(vrf), parse.GetValue(rendered), json: false, cancellation);
            if (state is null) return exit;
            return await Interruptible(cancellation, token => LabRun.UpAsync(context, state, TimeSpan.FromSeconds(parse.GetValue(timeout)), token));
        });
        return command;
    }

    /// <summary>Ctrl-C (or a TERM) while the lab comes up: stop the step, then remove what was made.</summary>
    private static async Task<int> Interruptible(CancellationToken cancellation, Func<CancellationToken, Task<int>> run)
    {
        using var interrupt = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, interrupt.Token);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupt.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupt.Cancel(); });
        return await run(linked.Token);
    }

    /// <summary>
    /// Compiles (any error: nothing starts), picks the VRF mode, refuses what this machine cannot run, and
    /// describes the lab. Null with the exit code when it must not start.
    /// </summary>
    private static async Task<(LabState? State, int Exit)> PrepareAsync(CliContext context, string[] paths, string? lockFile, string lab, string? vrf,
        string? rendered, bool json, CancellationToken cancellation)
    {
        var (build, exit) = await ExplainCommand.CompileModelAsync(context, paths, lockFile, locked: false, limits: null, json: json, cancellation);
        if (build is null) return (null, exit); // any error: nothing starts
        string mode = vrf ?? LabKernel.DefaultMode();
        string? why = mode == LabVrfMode.Kernel && !LabKernel.HasVrfDevices()
            ? $"--vrf kernel: {LabKernel.NoVrfDevices}; use --vrf netns, or 'evpnc lab run --vm' (a VM with Debian's kernel)"
            : null;
        var plan = LabPlanner.Plan(build.Model!, lab, mode);
        if (why is null && mode == LabVrfMode.Kernel && LabRun.MissingPrograms(mode, plan) is { Count: > 0 } missing)
            why = $"the kernel mode needs {string.Join(", ", missing)} (install the Debian packages nftables and ifupdown2)";
        if (why is not null)
        {
            context.Error.Write($"evpnc: {why}\n");
            return (null, ExitCodes.Usage);
        }
        if (LabTeardown.Leftovers(lab) is { Count: > 0 } left)
        {
            context.Error.Write($"evpnc: lab '{lab}' (or what is left of it) exists: {string.Join(", ", left.Take(4))}{(left.Count > 4 ? ", ..." : "")}\n");
            context.Error.Write($"Run 'evpnc lab down --name {lab}' first.\n");
            return (null, ExitCodes.Usage);
        }
        var state = LabInputs.State(build, plan, rendered is null ? null : Path.GetFullPath(rendered, context.WorkingDirectory), out string? problem);
        if (state is null)
        {
            context.Error.Write($"evpnc: {problem}\n");
            return (null, ExitCodes.Usage);
        }
        return (state, exit);
    }

    private static Command Run(CliContext context)
    {
        var paths = ExplainCommand.PathsOrCurrent();
        var name = Name();
        var lockOption = CommonOptions.Lock();
        var timeout = Timeout();
        var vrf = Vrf();
        var rendered = Rendered();
        var vm = Vm();
        var format = CommonOptions.Format();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every check, not only the ones that failed; with failed pings, the kernel state of their hosts." };
        var command = new Command("run", "up, check and down in one command (with --vm: inside a throwaway virtual machine); exits as check does.")
        {
            paths, name, lockOption, timeout, vrf, rendered, vm, format, verbose,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            string lab = parse.GetValue(name)!;
            bool json = parse.GetValue(format) == "json";
            if (Refuse(context, lab) is { } refused) return refused;
            if (parse.GetValue(vm))
            {
                if (parse.GetValue(vrf) == LabVrfMode.Netns)
                {
                    context.Error.Write("evpnc: --vm runs the kernel mode (the reason for the VM); drop --vrf netns\n");
                    return ExitCodes.Usage;
                }
                if (LabVm.Unavailable() is { } vmWhy)
                {
                    context.Error.Write($"evpnc: {vmWhy}\n");
                    return ExitCodes.Usage;
                }
                // Compiled here first: input errors are reported before any VM boots.
                var (compiled, compileExit) = await ExplainCommand.CompileModelAsync(context, parse.GetValue(paths)!, parse.GetValue(lockOption), locked: false,
                    limits: null, json: json, cancellation);
                if (compiled is null) return compileExit;
                string Full(string p) => Path.GetFullPath(p, context.WorkingDirectory);
                var request = new VmRequest(parse.GetValue(paths)!.DefaultIfEmpty(".").Select(Full).ToList(), lab,
                    parse.GetValue(lockOption) is { } l ? Full(l) : null, parse.GetValue(timeout),
                    parse.GetValue(rendered) is { } r ? Full(r) : null, json, parse.GetValue(verbose), context.WorkingDirectory);
                return await Interruptible(cancellation, token => LabVm.RunAsync(context, request, token));
            }
            var (state, exit) = await PrepareAsync(context, parse.GetValue(paths)!, parse.GetValue(lockOption), lab, parse.GetValue(vrf), parse.GetValue(rendered), json, cancellation);
            if (state is null) return exit;
            return await Interruptible(cancellation, token =>
                LabRun.RunAsync(context, state, TimeSpan.FromSeconds(parse.GetValue(timeout)), json, parse.GetValue(verbose), token));
        });
        return command;
    }

    private static Command Check(CliContext context)
    {
        var name = Name();
        var format = CommonOptions.Format();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every check, not only the ones that failed; with failed pings, the kernel state of their hosts." };
        var command = new Command("check", "Prove the running lab: BGP sessions, VNIs, EVPN routes against routes.json, VRF tables, and a ping matrix.")
        {
            name, format, verbose,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            string lab = parse.GetValue(name)!;
            if (Refuse(context, lab) is { } refused) return refused;
            if (LabState.Load(lab, out string? damaged) is not { } state)
            {
                context.Error.Write(damaged is null
                    ? $"evpnc: no lab named '{lab}' is up (start one with 'evpnc lab up PATHS --name {lab}')\n"
                    : $"evpnc: lab '{lab}': {damaged}; remove it with 'evpnc lab down --name {lab}'\n");
                return ExitCodes.Usage;
            }
            return await LabRun.CheckAsync(context, state, parse.GetValue(format) == "json", parse.GetValue(verbose), cancellation);
        });
        return command;
    }

    private static Command Down(CliContext context)
    {
        var name = Name();
        var command = new Command("down", "Stop the lab's daemons and remove its namespaces, mounts and folders (safe to repeat, and after a crash).") { name };
        command.SetAction(async (parse, cancellation) =>
        {
            string lab = parse.GetValue(name)!;
            if (Refuse(context, lab) is { } refused) return refused;
            return await LabRun.DownAsync(context, lab);
        });
        return command;
    }

    /// <summary>The lab needs Linux, root and FRR; anything else is a clear message and exit 2.</summary>
    private static int? Refuse(CliContext context, string lab)
    {
        string? why = !LabPaths.IsValidName(lab) ? $"lab name '{lab}': use 1 to 12 lowercase letters and digits, starting with a letter"
            : !OperatingSystem.IsLinux() ? "the lab needs Linux (network namespaces)"
            : !Verify.ToolRunner.IsRoot ? "the lab needs root (it creates network namespaces and starts FRR)"
            : LabRun.MissingPrograms() is { Count: > 0 } missing ? $"the lab needs {string.Join(", ", missing)} (install the Debian packages frr, containernetworking-plugins, iproute2, util-linux, procps and iputils-ping)"
            : null;
        if (why is null) return null;
        context.Error.Write($"evpnc: {why}\n");
        return ExitCodes.Usage;
    }
}
