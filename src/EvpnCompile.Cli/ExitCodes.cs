using EvpnCompile.Core.Diagnostics;

namespace EvpnCompile.Cli;

/// <summary>Exit codes of every evpnc command (README: "Exit codes").</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InputErrors = 1;
    public const int Usage = 2;
    public const int OutOfDate = 3;
    public const int InternalError = 70; // EX_SOFTWARE: a bug in evpnc, never the user's input
    public const int Busy = 75; // EX_TEMPFAIL: another build held the output folder's lock past --lock-timeout; try again
    public const int Interrupted = 130; // 128 + SIGINT, as shells report it

    /// <summary>
    /// The one mapping from a compile's diagnostics to an exit code: no error 0; only --locked
    /// complaints (the inputs are fine, the lock is stale) 3; any other error 1.
    /// </summary>
    public static int For(IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count == 0) return Success;
        return errors.All(d => d.Code == DiagnosticCatalog.LockOutOfDateEntry.Code) ? OutOfDate : InputErrors;
    }
}
