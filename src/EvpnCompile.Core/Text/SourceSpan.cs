namespace EvpnCompile.Core.Text;

/// <summary>A place in a file: 1-based line and column of the start and of the end (exclusive).</summary>
public sealed record SourceSpan(string File, int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceSpan At(string file, int line, int column) => new(file, line, column, line, column);

    /// <summary>The start of a file: where problems about the file as a whole are reported.</summary>
    public static SourceSpan FileStart(string file) => At(file, 1, 1);

    public override string ToString() => $"{File}:{Line}:{Column}";
}
