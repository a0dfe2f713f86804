namespace EvpnCompile.Core.Diagnostics;

/// <summary>
/// The suggestion in a message about an unknown name (tenant, node, property): the known name closest
/// to what was written, when it is close enough to be a typo. The rule is the one `evpnc`'s unknown
/// options use: optimal string alignment distance (a swap of neighbours counts once) of at most 0, 1, 2
/// or 3 for names of up to 2, 5, 9 or more characters, or the written text begins the name (3+
/// characters); the nearest wins, then the shorter, then the ordinal first, so the message is stable.
/// </summary>
public static class DidYouMean
{
    /// <returns>the closest known name, or null when none is close.</returns>
    public static string? Closest(string written, IEnumerable<string> known)
    {
        if (written.Length == 0) return null;
        int allowed = written.Length <= 2 ? 0 : written.Length <= 5 ? 1 : written.Length <= 9 ? 2 : 3;
        return known.Distinct(StringComparer.Ordinal)
            .Where(n => n != written)
            .Select(n => (Name: n, Distance: Distance(written, n), Prefix: written.Length >= 3 && n.StartsWith(written, StringComparison.Ordinal)))
            .Where(n => n.Distance <= allowed || n.Prefix)
            .OrderBy(n => n.Distance).ThenBy(n => n.Name.Length).ThenBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => n.Name)
            .FirstOrDefault();
    }

    /// <summary>"; did you mean 'x'?" for the closest known name, or "" when none is close.</summary>
    public static string Suffix(string written, IEnumerable<string> known) =>
        Closest(written, known) is { } name ? $"; did you mean '{name}'?" : "";

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
