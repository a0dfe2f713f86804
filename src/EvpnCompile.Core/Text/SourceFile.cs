namespace EvpnCompile.Core.Text;

/// <summary>One input file as the CLI read it. The core never touches the file system.</summary>
/// <param name="Path">The path as the user should see it in diagnostics ('/' separators).</param>
public sealed record SourceFile(string Path, string Text);
