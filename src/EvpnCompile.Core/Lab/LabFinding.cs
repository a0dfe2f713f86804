namespace EvpnCompile.Core.Lab;

public enum LabOutcome { Passed, Failed, NotTested }

/// <summary>One proven (or refuted) claim about the running lab.</summary>
/// <param name="Check">the family: config, session, vni, evpn, vrf, ping.</param>
public sealed record LabFinding(string Check, string Node, string Subject, LabOutcome Outcome, string Detail);

/// <summary>Everything `lab check` found; the ping findings also stay paired with their probes (for the matrix).</summary>
public sealed record LabReport(IReadOnlyList<LabFinding> Findings, IReadOnlyList<(PingProbe Probe, LabFinding Finding)> Pings);
