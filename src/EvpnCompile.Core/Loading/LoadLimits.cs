using System.Globalization;

namespace EvpnCompile.Core.Loading;

/// <summary>
/// Bounds on what the inputs may cost. In a shared repo any tenant can open a pull request, so no
/// input may exhaust the compiler: each limit is refused with EVPN004 at the place it is crossed.
/// Set on the command line with --limit NAME=VALUE (names in <see cref="Names"/>; docs/security.md).
/// </summary>
public sealed record LoadLimits
{
    /// <summary>Bytes of one input file (the CLI does not read a larger one).</summary>
    public long MaxFileSize { get; init; } = 64 * 1024 * 1024; // a 4000-host lock file is about 26 MB

    /// <summary>YAML documents in one file.</summary>
    public int MaxDocumentsPerFile { get; init; } = 10_000;

    /// <summary>Deepest nesting of mappings and lists in a document. The real model needs 6.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Characters of one key or value. The longest real value is a label key (317).</summary>
    public int MaxScalarLength { get; init; } = 1024;

    /// <summary>Values in one document after aliases are followed (a billion-laughs input stops here).</summary>
    public int MaxNodesPerDocument { get; init; } = 200_000;

    /// <summary>Values in all inputs together (and in the lock file).</summary>
    public long MaxTotalNodes { get; init; } = 20_000_000;

    public static LoadLimits Default { get; } = new();

    /// <summary>The names --limit accepts, with their defaults, for help and the README.</summary>
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["file-size"] = "bytes of one input file",
        ["documents"] = "YAML documents per file",
        ["depth"] = "nesting depth of a document",
        ["scalar"] = "characters of one key or value",
        ["nodes"] = "values per document, aliases followed",
        ["total-nodes"] = "values in all inputs together",
    };

    /// <summary>Applies one `NAME=VALUE`; null when it is not a known name with a positive integer.</summary>
    public LoadLimits? With(string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0 || !long.TryParse(assignment[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out long v) || v <= 0) return null;
        int i = (int)Math.Min(v, int.MaxValue);
        return assignment[..eq] switch
        {
            "file-size" => this with { MaxFileSize = v },
            "documents" => this with { MaxDocumentsPerFile = i },
            "depth" => this with { MaxDepth = i },
            "scalar" => this with { MaxScalarLength = i },
            "nodes" => this with { MaxNodesPerDocument = i },
            "total-nodes" => this with { MaxTotalNodes = v },
            _ => null,
        };
    }
}

/// <summary>What the inputs of one run have used of <see cref="LoadLimits.MaxTotalNodes"/>.</summary>
public sealed class LoadBudget
{
    public long NodesUsed { get; set; }
}
