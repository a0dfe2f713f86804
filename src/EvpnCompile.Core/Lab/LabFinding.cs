namespace EvpnCompile.Core.Lab;

public enum LabOutcome { Passed, Failed, NotTested }

/// <summary>The check families of `lab check`, in the order the report lists them.</summary>
/// <remarks>Ping6: the IPv6 pings of dual-stack pods, counted apart from the IPv4 ones.</remarks>
public enum LabCheck { Config, Running, Host, Link, Session, Vni, Evpn, Vrf, Encap, Wire, Edge, Spoof, Ping, Ping6, Upstream, Exit }

public static class LabChecks
{
    /// <summary>The family as the report and its JSON spell it (config, running, ...).</summary>
    public static string Name(this LabCheck check) => check.ToString().ToLowerInvariant();
}

/// <summary>One proven (or refuted) claim about the running lab.</summary>
/// <param name="Check">the family.</param>
public sealed record LabFinding(LabCheck Check, string Node, string Subject, LabOutcome Outcome, string Detail);

/// <summary>Everything `lab check` found; the ping findings also stay paired with their probes (for the matrix).</summary>
public sealed record LabReport(IReadOnlyList<LabFinding> Findings, IReadOnlyList<(PingProbe Probe, LabFinding Finding)> Pings);
