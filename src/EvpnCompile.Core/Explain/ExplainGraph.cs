using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Explain;

/// <summary>
/// `evpnc graph`: the fabric picture. Mermaid is the very partial docs/fabric.md embeds
/// (docs/_graph_mermaid.sbn, rendered over the whole model), so both always show the same graph;
/// DOT is a Graphviz `graph fabric { ... }` with leaves and hosts on a rank each.
/// </summary>
public static class ExplainGraph
{
    public const string MermaidTemplate = "docs/_graph_mermaid.sbn";
    public const string DotTemplate = "docs/graph.dot.sbn";

    /// <summary>What the DOT template prints: the nodes split by role (the template only prints).</summary>
    public sealed record DotModel(
        string Name, IReadOnlyList<NodeModel> Leaves, IReadOnlyList<NodeModel> Hosts, IReadOnlyList<LinkModel> Links,
        IReadOnlyList<TenantModel> Tenants);

    public static string Mermaid(FabricModel model) => TemplateRenderer.Render(MermaidTemplate, model);

    public static string Dot(FabricModel model) => TemplateRenderer.Render(DotTemplate, new DotModel(
        model.Name, model.Nodes.Where(n => !n.IsHost).ToList(), model.Nodes.Where(n => n.IsHost).ToList(), model.Links, model.Tenants));
}
