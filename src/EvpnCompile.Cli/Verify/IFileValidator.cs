using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Verify;

/// <summary>A real program (or an offline check) that reads one kind of rendered file.</summary>
public interface IFileValidator
{
    string Name { get; }

    /// <summary>Whether this validator reads files of <paramref name="kind"/> (manifest.json's `kind`).</summary>
    bool Reads(OutputKind kind);

    /// <summary>null when the validator can run here; else why it cannot (the tool is not installed, ...).</summary>
    string? Unavailable { get; }

    Task<VerifyReport> CheckAsync(string root, string path, CancellationToken cancellation);
}
