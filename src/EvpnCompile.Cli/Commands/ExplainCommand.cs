using System.CommandLine;
using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Output;
using EvpnCompile.Core;
using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Explain;

namespace EvpnCompile.Cli.Commands;

/// <summary>
/// `evpnc explain tenant NAME [PATHS...]` and `evpnc explain node NAME [PATHS...]`: what the compiled
/// fabric says about one tenant or node, read from the network model and the output plan. Writes
/// nothing, not even the lock file (a lock that would change is noted on stderr).
/// </summary>
public static class ExplainCommand
{
    public static Command Create(CliContext context) =>
        new("explain", "Show where a tenant lands or what a node carries, as the compiled fabric says (writes nothing).")
        {
            Subcommand(context, "tenant", "Hosts, VNIs, route targets, RDs, pod blocks, L2 networks, leaks, namespaces and files of a tenant.",
                (model, files, name) => Explainer.Tenant(model, files, name) is { } t ? (ExplainText.Text(t), ExplainText.Json(t)) : null,
                model => model.Tenants.Select(t => t.Name)),
            Subcommand(context, "node", "Role, addresses, fabric ports and peers, BGP, tenants with their devices, and files of a node.",
                (model, files, name) => Explainer.Node(model, files, name) is { } n ? (ExplainText.Text(n), ExplainText.Json(n)) : null,
                model => model.Nodes.Select(n => n.Name)),
        };

    private static Command Subcommand(CliContext context, string kind, string description,
        Func<Core.Model.FabricModel, IReadOnlyList<OutputFile>, string, (string Text, string Json)?> explain,
        Func<Core.Model.FabricModel, IEnumerable<string>> known)
    {
        var name = new Argument<string>("name") { Description = $"The {kind}'s name." };
        var paths = PathsOrCurrent();
        var format = CommonOptions.Format();
        var lockOption = CommonOptions.Lock();
        var locked = CommonOptions.Locked();
        var limits = CommonOptions.Limits();
        var command = new Command(kind, description) { name, paths, format, lockOption, locked, limits };
        command.SetAction(async (parse, cancellation) =>
        {
            bool json = parse.GetValue(format) == "json";
            var (build, exit) = await CompileModelAsync(context, parse.GetValue(paths)!, parse.GetValue(lockOption), parse.GetValue(locked),
                parse.GetValue(limits), json, cancellation);
            if (build is null) return exit;
            string wanted = parse.GetValue(name)!;
            if (explain(build.Model!, build.Files!, wanted) is not { } shown)
            {
                var names = known(build.Model!).Order(StringComparer.Ordinal).ToList();
                context.Error.Write($"evpnc: no {kind} '{wanted}' ({kind}s: {(names.Count == 0 ? "none" : string.Join(", ", names))})\n");
                return ExitCodes.Usage;
            }
            context.Out.Write(json ? shown.Json : shown.Text);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>PATHS for the read-only commands: optional, the current folder when none is given.</summary>
    internal static Argument<string[]> PathsOrCurrent() => new("paths")
    {
        Description = "Input YAML files and folders (folders are read recursively); default: the current folder.",
        Arity = ArgumentArity.ZeroOrMore,
        DefaultValueFactory = _ => ["."],
    };

    /// <summary>
    /// Compiles and renders in memory (as build does, with validate's lock handling minus the write).
    /// On errors prints the diagnostics as validate does and returns null with the exit code; otherwise
    /// prints warnings, and a note when the lock is not current, on stderr (stdout stays the answer).
    /// </summary>
    internal static async Task<(BuildResult? Build, int Exit)> CompileModelAsync(CliContext context, string[] paths, string? lockOption, bool locked,
        string[]? limits, bool json, CancellationToken cancellation)
    {
        if (paths.Length == 0) paths = ["."];
        if (InputReader.UsageProblem(paths, lockOption, locked) is { } usage) return (null, CommonOptions.Usage(context, usage));
        var inputs = await InputReader.WorkingTree(context, CommonOptions.ToLimits(limits)).ReadAsync(paths, lockOption, locked, cancellation);
        CommonOptions.NoteStdinWithoutLock(context, inputs);
        var build = Compiler.Build(inputs.Request);
        if (build.Model is null || build.Files is null)
        {
            if (json) DiagnosticFormatter.WriteJson(context.Out, build.Diagnostics);
            else DiagnosticFormatter.WriteText(context.Out, build.Diagnostics, $" in {inputs.FileCountText}; nothing to show");
            return (null, ExitCodes.For(build.Diagnostics));
        }
        foreach (var d in build.Diagnostics) context.Error.Write(d + "\n");
        if (build.Compile.LockChanged && !inputs.WithoutLockFile)
            context.Error.Write($"evpnc: note: {inputs.LockDisplayPath} is not up to date (not written); the values shown include allocations 'evpnc validate' would record\n");
        return (build, ExitCodes.Success);
    }
}
