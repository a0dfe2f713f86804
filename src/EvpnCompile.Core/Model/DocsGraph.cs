namespace EvpnCompile.Core.Model;

/// <summary>
/// The fabric picture of docs/fabric.md and `evpnc graph --format mermaid`, statement by statement in
/// the order they are printed (DocsGraphLowering decides what is drawn).
/// </summary>
/// <param name="Racks">true when the fabric is too large to draw every host: racks (a set of leaves
/// and a host count) and tenants grouped by the racks they are placed in.</param>
public sealed record DocsGraph(bool Racks, IReadOnlyList<GraphStatement> Statements);

/// <summary>One statement: a box (<see cref="Node"/>) or a line (<see cref="Edge"/>).</summary>
public sealed record GraphStatement(GraphNode? Node, GraphEdge? Edge);

/// <param name="Rounded">a stadium shape (tenants) rather than a box (nodes, racks).</param>
public sealed record GraphNode(string Id, string Label, bool Rounded);

/// <param name="Label">the text on a solid line (link ports); null on a dotted line (placement).</param>
public sealed record GraphEdge(string From, string To, string? Label, bool Dotted);
