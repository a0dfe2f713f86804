using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using EvpnCompile.Cli.Lab;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Commands;

/// <summary>
/// `evpnc lab up PATHS... | check | down [--name N]`: the compiled fabric running with the real FRR
/// daemons in network namespaces on this machine, and the proof that it does what the model says.
/// </summary>
public static class LabCommand
{
    public static Command Create(CliContext context) =>
        new("lab", "Run the compiled fabric with real FRR daemons in network namespaces (Linux, root) and prove it works.")
        {
            Up(context), Check(context), Down(context),
        };

    private static Option<string> Name() => new("--name")
    {
        Description = "The lab's name (lowercase letters and digits, up to 12); several labs may run side by side.",
        DefaultValueFactory = _ => LabPaths.DefaultName,
    };

    private static Command Up(CliContext context)
    {
        var paths = ExplainCommand.PathsOrCurrent();
        var name = Name();
        var lockOption = CommonOptions.Lock();
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the fabric to converge.", DefaultValueFactory = _ => 60 };
        timeout.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--timeout: at least 1 second"); });
        var command = new Command("up", "Compile, create the lab's namespaces, devices and pods, start FRR with the rendered frr.conf files, and wait until it converges.")
        {
            paths, name, lockOption, timeout,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            string lab = parse.GetValue(name)!;
            if (Refuse(context, lab) is { } refused) return refused;
            var (build, exit) = await ExplainCommand.CompileModelAsync(context, parse.GetValue(paths)!, parse.GetValue(lockOption), locked: false,
                limits: null, json: false, cancellation);
            if (build is null) return exit; // any error: nothing starts
            if (LabTeardown.Leftovers(lab) is { Count: > 0 } left)
            {
                context.Error.Write($"evpnc: lab '{lab}' (or what is left of it) exists: {string.Join(", ", left.Take(4))}{(left.Count > 4 ? ", ..." : "")}\n");
                context.Error.Write($"Run 'evpnc lab down --name {lab}' first.\n");
                return ExitCodes.Usage;
            }
            var plan = LabPlanner.Plan(build.Model!, lab);
            var utf8 = new UTF8Encoding(false);
            byte[] Rendered(string node, string target) => utf8.GetBytes(build.Files!.First(f => f.Node == node && f.Target == target).Content);
            var state = new LabState(plan, build.Files!.First(f => f.Path == "routes.json").Content,
                plan.Nodes.ToDictionary(n => n.Name, n => Rendered(n.Name, "/etc/frr/frr.conf"), StringComparer.Ordinal),
                plan.Pods.ToDictionary(LabState.PodKey, p => Rendered(p.Node, p.CniFile), StringComparer.Ordinal));
            using var interrupt = new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, interrupt.Token);
            // Ctrl-C (or a TERM) while the lab comes up: stop the step, then remove what was made.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupt.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupt.Cancel(); });
            return await LabRun.UpAsync(context, state, TimeSpan.FromSeconds(parse.GetValue(timeout)), linked.Token);
        });
        return command;
    }

    private static Command Check(CliContext context)
    {
        var name = Name();
        var format = CommonOptions.Format();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every check, not only the ones that failed." };
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
