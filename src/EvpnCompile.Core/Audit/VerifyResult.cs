namespace EvpnCompile.Core.Audit;

public enum VerifyOutcome { Passed, Failed, Skipped }

/// <summary>One problem a validator found in one rendered file, at a line when it says one.</summary>
/// <param name="Path">the file, relative to the output tree ('/' separated).</param>
/// <param name="Line">1-based; 0 when the validator names no line.</param>
/// <param name="Code">the catalogue code of an evpnc check's finding (EVPN2nn: the FRR audit); null for a real program's message.</param>
public sealed record VerifyFinding(string Path, int Line, int Column, string Message, string? Code = null)
{
    public override string ToString()
    {
        string message = Code is null ? Message : $"{Code}: {Message}";
        return Line > 0 ? $"{Path}:{Line}:{Math.Max(Column, 1)}: {message}" : $"{Path}: {message}";
    }
}

/// <summary>What one validator said about one file (or why it could not run).</summary>
/// <param name="Validator">a short name: vtysh, frr-reload, ifupdown2, netplan, cni-bridge, cni-host-local, kubernetes, frr-audit.</param>
/// <param name="Detail">extra text to show even on success (the frr-reload delta), or the reason for a skip.</param>
public sealed record VerifyReport(string Validator, string Path, VerifyOutcome Outcome, IReadOnlyList<VerifyFinding> Findings, string? Detail = null)
{
    public static VerifyReport Pass(string validator, string path, string? detail = null) => new(validator, path, VerifyOutcome.Passed, [], detail);
    public static VerifyReport Skip(string validator, string path, string reason) => new(validator, path, VerifyOutcome.Skipped, [], reason);
    public static VerifyReport Fail(string validator, string path, IReadOnlyList<VerifyFinding> findings) => new(validator, path, VerifyOutcome.Failed, findings);
}
