namespace EvpnCompile.Cli.Inputs;

/// <summary>
/// Where input bytes come from: the working tree, a git revision, or standard input. A source only
/// lists and reads; <see cref="InputReader"/> applies every rule (decoding, limits, the lock's place,
/// the diagnostics), so all sources behave alike.
/// </summary>
public abstract class InputSource
{
    /// <summary>The input files PATH names here (a file as given, a folder walked by <see cref="InputRule"/>), in ordinal order.</summary>
    /// <param name="fullPath">an absolute path, or <see cref="InputPaths.Stdin"/>.</param>
    public abstract Task<PathListing> ListAsync(string fullPath, CancellationToken cancellation);

    /// <summary>One file's bytes; <paramref name="maxBytes"/> bounds what is read (a larger file is not read whole).</summary>
    public abstract Task<FileBytes> ReadAsync(string fullPath, long maxBytes, CancellationToken cancellation);

    /// <summary>Added to messages about bytes read from here, such as " (at HEAD)"; empty for the working tree.</summary>
    public virtual string Where => "";
}

/// <param name="Files">full paths of the input files, in ordinal order.</param>
/// <param name="Problem">why PATH gives no input (such as "no such file or folder"), or null.</param>
public sealed record PathListing(IReadOnlyList<string> Files, string? Problem = null)
{
    public static PathListing Missing(string why) => new([], why);
}

/// <summary>What reading one file gave: its bytes, or that it is absent, too large or unreadable.</summary>
public sealed record FileBytes(byte[]? Bytes, bool TooLarge = false, string? Error = null)
{
    public static readonly FileBytes Absent = new(Bytes: null);
    public static readonly FileBytes Large = new(null, TooLarge: true);
    public static FileBytes Failed(string error) => new(null, Error: error);

    /// <summary>The bytes, or <see cref="Large"/> when there are more than <paramref name="maxBytes"/>.</summary>
    public static FileBytes Of(byte[] bytes, long maxBytes) => bytes.LongLength > maxBytes ? Large : new(bytes);
}
