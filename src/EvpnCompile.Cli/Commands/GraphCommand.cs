using System.CommandLine;
using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Explain;

namespace EvpnCompile.Cli.Commands;

/// <summary>
/// `evpnc graph [PATHS...] [--format mermaid|dot]`: the fabric picture (leaves, hosts, links with their
/// ports, tenants and the hosts they land on). Mermaid is exactly the block docs/fabric.md embeds
/// (without the fence); DOT is a Graphviz `graph fabric { ... }`. Writes nothing.
/// </summary>
public static class GraphCommand
{
    public static Command Create(CliContext context)
    {
        var paths = ExplainCommand.PathsOrCurrent();
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var lockOption = CommonOptions.Lock();
        var locked = CommonOptions.Locked();
        var limits = CommonOptions.Limits();
        var command = new Command("graph", "Print the fabric as a Mermaid (as in docs/fabric.md) or Graphviz DOT graph (writes nothing).")
        {
            paths, format, lockOption, locked, limits,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var (build, exit) = await ExplainCommand.CompileModelAsync(context, parse.GetValue(paths)!, parse.GetValue(lockOption), parse.GetValue(locked),
                parse.GetValue(limits), json: false, cancellation);
            if (build is null) return exit;
            context.Out.Write(parse.GetValue(format) == "dot" ? ExplainGraph.Dot(build.Model!) : ExplainGraph.Mermaid(build.Model!));
            return ExitCodes.Success;
        });
        return command;
    }
}
