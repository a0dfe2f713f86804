using EvpnCompile.Core;

namespace EvpnCompile.Cli.Inputs;

/// <summary>What <see cref="InputReader"/> read for a compiling command: the compiler's request and where the lock lives.</summary>
/// <param name="LockFullPath">the lock file to read and write; null when there is none (standard input without --lock).</param>
/// <param name="FromStdin">whether `-` was among the PATHS.</param>
public sealed record CompileInputs(CompileRequest Request, string? LockFullPath, int FileCount, bool FromStdin)
{
    public string LockDisplayPath => Request.LockPath;

    /// <summary>Standard input without --lock: allocations are made but recorded nowhere, and the user is told so.</summary>
    public bool WithoutLockFile => LockFullPath is null;

    public string FileCountText => $"{FileCount} file{(FileCount == 1 ? "" : "s")}";
}
