using EvpnCompile.Core;

namespace EvpnCompile.Cli.Inputs;

/// <summary>What <see cref="InputReader"/> read for a compiling command: the compiler's request and where the lock lives.</summary>
/// <param name="LockFullPath">the lock file to read and write; null when there is none (standard input without --lock).</param>
/// <param name="FromStdin">whether `-` was among the PATHS.</param>
/// <param name="Skipped">YAML files found in folders that do not claim to be evpnc (<see cref="InputClaim"/>), as shown.</param>
public sealed record CompileInputs(CompileRequest Request, string? LockFullPath, int FileCount, bool FromStdin, IReadOnlyList<string> Skipped)
{
    public string LockDisplayPath => Request.LockPath;

    /// <summary>Standard input without --lock: allocations are made but recorded nowhere, and the user is told so.</summary>
    public bool WithoutLockFile => LockFullPath is null;

    /// <summary>Appended to a command's summary: how many files were skipped and how to see them; empty when none were.</summary>
    public string SkippedNote => Skipped.Count == 0 ? ""
        : $"; {Skipped.Count} other YAML file{(Skipped.Count == 1 ? "" : "s")} skipped (-v lists {(Skipped.Count == 1 ? "it" : "them")})";

    /// <summary>What -v prints (on stderr): each skipped file and why.</summary>
    public void WriteSkipped(TextWriter error)
    {
        foreach (var file in Skipped) error.Write($"evpnc: skipped {file}: {InputClaim.SkipReason}\n");
    }

    public string FileCountText => $"{FileCount} file{(FileCount == 1 ? "" : "s")}";
}
