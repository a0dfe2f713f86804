using System.Diagnostics;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>The three lab commands, each a sequence of steps with its timing printed.</summary>
public static class LabRun
{
    /// <param name="vrfMode">kernel mode also needs nft and, for ifupdown2 hosts, ifup (null: the netns mode's programs only).</param>
    public static IReadOnlyList<string> MissingPrograms(string? vrfMode = null, LabPlan? plan = null) =>
        LabShell.Programs.Where(p => ToolRunner.Find(p) is null)
            .Concat(new[] { "zebra", "bgpd" }.Where(d => !File.Exists($"{LabShell.FrrDaemons}/{d}")))
            .Concat(new[] { "bridge", "host-local" }.Where(p => !File.Exists($"{LabShell.CniPlugins}/{p}")).Select(p => $"the CNI plugin {p}"))
            .Concat(vrfMode == LabVrfMode.Kernel ? LabHostFiles.MissingPrograms(plan) : [])
            // netns mode loads the dual-stack hosts' rendered nftables IPv6 source check in their VRF namespaces.
            .Concat(vrfMode != LabVrfMode.Kernel && plan?.Pods.Any(p => p.Address6 is not null) == true && ToolRunner.Find("nft") is null ? ["nft"] : [])
            .ToList();

    /// <param name="progress">where the step lines go (stdout; stderr when stdout carries a JSON report).</param>
    /// <param name="partOfRun">`lab run`: the lab is checked and removed next, whether or not it converged.</param>
    public static async Task<int> UpAsync(CliContext context, LabState state, TimeSpan timeout, CancellationToken cancellation, TextWriter? progress = null,
        bool partOfRun = false)
    {
        var plan = state.Plan;
        var clock = Stopwatch.StartNew();
        var sh = new LabShell(plan, cancellation);
        var builder = new LabBuilder(plan, sh);
        var output = progress ?? context.Out;
        void Say(string what) => output.Write($"[{clock.Elapsed.TotalSeconds,6:0.00}s] {what}\n");
        try
        {
            state.Save();
            Say(plan.VrfMode == LabVrfMode.Kernel
                ? "mode: kernel VRF devices, FRR in VRF-lite mode, host devices made by the rendered files"
                : "mode: netns (each VRF a network namespace, FRR's netns backend), host devices built from the model");
            await builder.CreateNetworkAsync(state.CniConf, state.HostFiles);
            if (plan.VrfMode == LabVrfMode.Kernel) LabHostFiles.SaveApplied(plan.StateDir, builder.Applied);
            Say($"network: {plan.Nodes.Count} nodes, {plan.Links.Count} links, {plan.Nodes.Sum(n => n.Vrfs.Count)} VRFs, {plan.Pods.Count} pods");
            foreach (var a in builder.Applied) Say($"{a.Node}: {a.Files} {a.Detail}");
            await builder.StartFrrAsync(state.FrrConf);
            Say($"FRR: {plan.Nodes.Sum(n => n.Daemons.Count)} daemons running the rendered frr.conf of each node");
            var started = clock.Elapsed;
            var probe = new LabProbe(state, sh);
            var pending = await probe.WaitConvergedAsync(builder, timeout, Say);
            if (pending.Count > 0)
            {
                Say($"not converged after {timeout.TotalSeconds:0} s; still missing:");
                foreach (var p in pending.Take(20)) output.Write($"  {p}\n");
                if (pending.Count > 20) output.Write($"  ... and {pending.Count - 20} more\n");
                output.Write(partOfRun ? "Checking it as it is, then removing it.\n"
                    : $"The lab stays up for inspection; remove it with 'evpnc lab down --name {plan.Lab}'.\n");
                return ExitCodes.InputErrors;
            }
            Say($"converged {(clock.Elapsed - started).TotalSeconds:0.0} s after the daemons started");
            if (!partOfRun)
                output.Write($"Lab '{plan.Lab}' is up. Prove it with 'evpnc lab check --name {plan.Lab}'; remove it with 'evpnc lab down --name {plan.Lab}'.\n");
            return ExitCodes.Success;
        }
        catch (Exception ex)
        {
            // Whatever stopped `up`, a half-built lab is not left behind.
            bool interrupted = ex is OperationCanceledException;
            bool expected = interrupted || ex is LabStepException or IOException or UnauthorizedAccessException;
            context.Error.Write(interrupted ? "evpnc: interrupted; removing the lab\n"
                : expected ? $"evpnc: lab up failed: {ex.Message}\nevpnc: removing the lab\n"
                : "evpnc: removing the lab\n");
            await LabTeardown.RemoveAsync(plan.Lab, context.Error);
            if (!expected) throw; // a bug: reported as an internal error by the CLI
            return interrupted ? ExitCodes.Interrupted : ExitCodes.InputErrors;
        }
    }

    public static async Task<int> CheckAsync(CliContext context, LabState state, bool json, bool verbose, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var sh = new LabShell(state.Plan, cancellation);
        var report = await new LabProbe(state, sh).CheckAsync();
        if (json) LabReportPrinter.WriteJson(context.Out, state.Plan, report, clock.Elapsed);
        else LabReportPrinter.WriteText(context.Out, state.Plan, report, verbose, clock.Elapsed);
        if (verbose && report.Pings.Any(p => p.Finding.Outcome == LabOutcome.Failed))
            await LabEvidence.WriteAsync(json ? context.Error : context.Out, state.Plan, report, sh);
        return report.Findings.All(r => r.Outcome != LabOutcome.Failed) ? ExitCodes.Success : ExitCodes.InputErrors;
    }

    public static async Task<int> DownAsync(CliContext context, string lab, TextWriter? progress = null)
    {
        var clock = Stopwatch.StartNew();
        bool existed = LabTeardown.Leftovers(lab).Count > 0;
        await LabTeardown.RemoveAsync(lab, context.Error);
        var left = LabTeardown.Leftovers(lab);
        if (left.Count > 0) return ExitCodes.InputErrors;
        (progress ?? context.Out).Write(existed ? $"Lab '{lab}' removed in {clock.Elapsed.TotalSeconds:0.0} s.\n" : $"No lab named '{lab}'; nothing to remove.\n");
        return ExitCodes.Success;
    }

    /// <summary>
    /// `lab run`: up, check, down. A lab that comes up but does not converge is still checked (the report
    /// says what is wrong) and removed; one that fails to come up was already removed by up. With a JSON
    /// report, the step lines go to stderr so that stdout is the report alone. Exit: check's, or up's failure.
    /// </summary>
    public static async Task<int> RunAsync(CliContext context, LabState state, TimeSpan timeout, bool json, bool verbose, CancellationToken cancellation)
    {
        var progress = json ? context.Error : context.Out;
        string lab = state.Plan.Lab;
        int up = await UpAsync(context, state, timeout, cancellation, progress, partOfRun: true);
        if (up != ExitCodes.Success && LabState.Load(lab, out _) is null) return up; // removed by up
        try
        {
            if (cancellation.IsCancellationRequested) return ExitCodes.Interrupted;
            if (!json) progress.Write("\n");
            int check = await CheckAsync(context, state, json, verbose, cancellation);
            return up != ExitCodes.Success ? ExitCodes.InputErrors : check;
        }
        catch (OperationCanceledException)
        {
            context.Error.Write("evpnc: interrupted; removing the lab\n");
            return ExitCodes.Interrupted;
        }
        finally
        {
            if (!json) progress.Write("\n");
            await DownAsync(context, lab, progress);
        }
    }
}
