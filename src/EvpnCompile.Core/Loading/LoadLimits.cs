namespace EvpnCompile.Core.Loading;

/// <summary>Bounds on what one input may cost. A tenant's file must not be able to exhaust the compiler.</summary>
public sealed record LoadLimits
{
    /// <summary>Deepest nesting of mappings and lists in a document. The real model needs 6.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Values in one document after aliases are followed (a billion-laughs input stops here).</summary>
    public int MaxNodesPerDocument { get; init; } = 200_000;

    public static LoadLimits Default { get; } = new();
}
