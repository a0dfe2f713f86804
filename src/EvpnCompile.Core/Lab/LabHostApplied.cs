namespace EvpnCompile.Core.Lab;

/// <summary>
/// Kernel mode: how a host's devices came to be, recorded by `up` and reported by `check` as the `host`
/// family. Passed: the real program applied the host's rendered files. Not tested: this machine could
/// not run it, and the devices were built from the model instead (so the files themselves were not proven).
/// </summary>
/// <param name="Files">the rendered files, as the host has them ("/etc/network/interfaces.d/evpnc").</param>
public sealed record LabHostApplied(string Node, string Files, LabOutcome Outcome, string Detail)
{
    public LabFinding Finding => new(LabCheck.Host, Node, Files, Outcome, Detail);
}
