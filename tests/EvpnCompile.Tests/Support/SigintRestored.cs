using System.Diagnostics;

namespace EvpnCompile.Tests.Support;

/// <summary>
/// Starts a program whose SIGINT is the default, whatever this test run inherited. A shell without job control
/// starts background commands with SIGINT ignored, that disposition passes through exec, and .NET then leaves it
/// ignored: a Ctrl-C test run from such a shell (`.ci/run &`) sent SIGINT to an evpnc that never saw it (it finished
/// `lab up` with 0, or kept its VM running). A shell cannot undo an inherited ignore; python3 (which FRR's tools need
/// anyway) resets it and execs the program, which keeps the pid.
/// </summary>
public static class SigintRestored
{
    private const string Reset = "import os, signal, sys\nsignal.signal(signal.SIGINT, signal.SIG_DFL)\nos.execvp(sys.argv[1], sys.argv[1:])\n";

    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("python3");
        foreach (var a in new[] { "-c", Reset, program }.Concat(arguments)) start.ArgumentList.Add(a);
        return start;
    }
}
