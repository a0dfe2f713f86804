namespace EvpnCompile.Core.Diagnostics;

/// <summary>Where every pass writes its diagnostics. Passes never throw for user errors.</summary>
public sealed class DiagnosticSink
{
    private readonly List<Diagnostic> items = [];
    private readonly HashSet<Diagnostic> seen = [];

    public void Add(Diagnostic diagnostic)
    {
        // A value reached through two paths (a YAML alias, a check run per node) reports once.
        if (seen.Add(diagnostic)) items.Add(diagnostic);
    }

    public bool HasErrors => items.Exists(d => d.IsError);

    public int ErrorCount => items.Count(d => d.IsError);

    /// <summary>All diagnostics so far, in the stable print order.</summary>
    public IReadOnlyList<Diagnostic> Sorted()
    {
        var copy = items.ToList();
        copy.Sort(Diagnostic.Compare);
        return copy;
    }
}
