using EvpnCompile.Core.Checks;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Lowering;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Emit;

/// <summary>
/// The output tree planned one node at a time, for `evpnc build`: <see cref="Node"/> lowers a node, checks it and plans
/// its files; once the caller has dealt with them (fingerprinted, rendered what changed) it drops them, so the build
/// holds a few node models at a time. <see cref="Rest"/> then plans the fabric-wide files from the nodes' summaries.
/// The files and their bytes are those of <see cref="OutputPlan.Plan"/> over <see cref="Compiler.Prepare"/>'s model,
/// and so are the diagnostics (tested).
/// </summary>
public sealed class NodeByNodePlan
{
    private readonly CompileResult compiled;
    private readonly NodeByNodeLowering lowering;
    private readonly ModelChecks.TenantOwners owners;
    private readonly NodeSummary?[] summaries;
    private readonly IReadOnlySet<long>?[] carried;
    private readonly DiagnosticSink?[] found;
    private IReadOnlyList<Diagnostic>? diagnostics;

    /// <param name="compiled">a compile without errors.</param>
    public NodeByNodePlan(CompileResult compiled)
    {
        if (compiled.HasErrors || compiled.Input is null || compiled.Fabric is null)
            throw new ArgumentException("only a fabric that compiled without errors is lowered", nameof(compiled));
        this.compiled = compiled;
        lowering = new NodeByNodeLowering(compiled.Input, compiled.Fabric);
        owners = new ModelChecks.TenantOwners(lowering.Tenants);
        summaries = new NodeSummary?[lowering.NodeCount];
        carried = new IReadOnlySet<long>?[lowering.NodeCount];
        found = new DiagnosticSink?[lowering.NodeCount];
    }

    public int NodeCount => lowering.NodeCount;

    /// <summary>Node <paramref name="index"/>'s files (not sorted); call once per node, from any thread.</summary>
    public IReadOnlyList<PlannedFile> Node(int index)
    {
        var node = lowering.Node(index);
        var sink = new DiagnosticSink();
        ModelChecks.CheckNode(node, owners, compiled.Input!, sink);
        found[index] = sink;
        summaries[index] = node.Summary();
        carried[index] = ModelChecks.CarriedVnis(node);
        return OutputPlan.NodeFiles(node);
    }

    /// <summary>The fabric-wide files (not sorted), after every node; also runs the checks that span nodes.</summary>
    public IReadOnlyList<PlannedFile> Rest()
    {
        var nodes = summaries.Select((s, i) => s ?? throw new InvalidOperationException($"node {i} was not planned")).ToList();
        var rest = lowering.Rest(nodes, routesOnDemand: true);
        var sink = new DiagnosticSink();
        foreach (var d in compiled.Diagnostics) sink.Add(d);
        foreach (var node in found)
            foreach (var d in node!.Sorted()) sink.Add(d);
        ModelChecks.CheckEncap(rest.Routes, nodes.Select((n, i) => (n.Name, Vnis: carried[i]!)).ToDictionary(x => x.Name, x => x.Vnis, StringComparer.Ordinal),
            compiled.Input!, sink);
        diagnostics = sink.Sorted();
        var page = new FabricPage(lowering.Name, lowering.FrrVersion, lowering.RouteTargetAsn, nodes, lowering.Tenants, rest.Inventory, rest.Graph);
        return OutputPlan.FabricFiles(page, rest.Cluster, new RoutesJson.RoutesInput(lowering.RouteTargetAsn, rest.Routes)).ToList();
    }

    /// <summary>The compile's diagnostics and the model checks' (sorted); known after <see cref="Rest"/>.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => diagnostics ?? throw new InvalidOperationException("the model checks end with Rest()");

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
