namespace EvpnCompile.Core.Text;

/// <summary>A place in a file: 1-based line and column of the start and of the end (exclusive).</summary>
public sealed record SourceSpan(string File, int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceSpan At(string file, int line, int column) => new(file, line, column, line, column);

    /// <summary>The start of a file: where problems about the file as a whole are reported.</summary>
    public static SourceSpan FileStart(string file) => At(file, 1, 1);

    /// <summary>A file as a whole, with no line or column: an output path, which has no place inside it to point at.</summary>
    public static SourceSpan WholeFile(string file) => new(file, 0, 0, 0, 0);

    /// <summary>False for <see cref="WholeFile"/>: printed as the path alone.</summary>
    public bool HasPosition => Line > 0;

    public override string ToString() => HasPosition ? $"{File}:{Line}:{Column}" : File;
}
