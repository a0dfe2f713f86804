using System.CommandLine;
using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Core.Audit;

namespace EvpnCompile.Cli.Commands;

/// <summary>`evpnc verify OUT [--against OLD]`: every rendered file through the real program that reads it.</summary>
public static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var tree = new Argument<string>("out") { Description = "A tree written by evpnc build." };
        var against = new Option<string?>("--against") { Description = "The previous tree: show what frr-reload would change on each node." };
        var format = CommonOptions.Format("sarif");
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also list the checks that passed." };
        var command = new Command("verify", "Check a rendered tree with FRR (vtysh -C, frr-reload.py), ifupdown2 (strict), netplan, networkd, sysctl, nft, systemd-analyze, the CNI plugins and the Kubernetes schemas.")
        {
            tree, against, format, verbose,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var collector = new InputPaths(context.WorkingDirectory);
            string root = collector.FullPath(parse.GetValue(tree)!);
            if (!Directory.Exists(root))
            {
                context.Error.Write($"evpnc: no such folder: {collector.DisplayPath(root)}\n");
                return ExitCodes.Usage;
            }
            string? old = parse.GetValue(against) is { } a ? collector.FullPath(a) : null;
            if (old is not null && !Directory.Exists(old))
            {
                context.Error.Write($"evpnc: no such folder: {collector.DisplayPath(old)}\n");
                return ExitCodes.Usage;
            }
            var reports = await TreeVerifier.VerifyAsync(root, old, cancellation);
            if (parse.GetValue(format) == "json") VerifyPrinter.WriteJson(context.Out, reports);
            else if (parse.GetValue(format) == "sarif") VerifySarif.Write(context.Out, reports, collector.DisplayPath(root));
            else VerifyPrinter.WriteText(context.Out, reports, collector.DisplayPath(root), parse.GetValue(verbose));
            return reports.Any(r => r.Outcome == VerifyOutcome.Failed) ? ExitCodes.InputErrors : ExitCodes.Success;
        });
        return command;
    }
}
