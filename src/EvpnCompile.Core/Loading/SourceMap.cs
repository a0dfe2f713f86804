using EvpnCompile.Core.Text;

namespace EvpnCompile.Core.Loading;

/// <summary>Maps a JSON pointer inside one document to where its key and its value stand in the YAML.</summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, (SourceSpan? Key, SourceSpan Value)> spans = new(StringComparer.Ordinal);

    internal void Add(string pointer, SourceSpan? key, SourceSpan value) => spans.TryAdd(pointer, (key, value));

    /// <summary>Where the value at <paramref name="pointer"/> starts; falls back to the nearest ancestor.</summary>
    public SourceSpan Value(string pointer) => Lookup(pointer).Value;

    /// <summary>Where the key of <paramref name="pointer"/> stands (the value for list items and the root).</summary>
    public SourceSpan Key(string pointer)
    {
        var (key, value) = Lookup(pointer);
        return key ?? value;
    }

    public bool Contains(string pointer) => spans.ContainsKey(pointer);

    private (SourceSpan? Key, SourceSpan Value) Lookup(string pointer)
    {
        while (true)
        {
            if (spans.TryGetValue(pointer, out var found)) return found;
            int slash = pointer.LastIndexOf('/');
            if (slash < 0) throw new InvalidOperationException("the document root is always mapped");
            pointer = pointer[..slash];
        }
    }

    /// <summary>Escapes one reference token of a JSON pointer (RFC 6901).</summary>
    public static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
