namespace EvpnCompile.Cli;

/// <summary>What a command may touch besides the file system: its console and its working directory.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, string WorkingDirectory)
{
    /// <summary>Standard input, read when a PATH is `-`.</summary>
    public Stream In { get; init; } = Stream.Null;

    /// <summary>Whether <see cref="Error"/> is a terminal (progress lines are shown there only then, by default).</summary>
    public bool ErrorIsTerminal { get; init; }
}
