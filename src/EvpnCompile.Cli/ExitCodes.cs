namespace EvpnCompile.Cli;

/// <summary>Exit codes of every evpnc command (README: "Exit codes").</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InputErrors = 1;
    public const int Usage = 2;
    public const int OutOfDate = 3;
    public const int Interrupted = 130; // 128 + SIGINT, as shells report it
    public const int InternalError = 70; // EX_SOFTWARE: a bug in evpnc, never the user's input
}
