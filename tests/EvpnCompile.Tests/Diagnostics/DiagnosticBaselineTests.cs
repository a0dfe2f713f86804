using EvpnCompile.Core.Checks;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Diagnostics;

/// <summary>
/// Every folder under Diagnostics/Cases is an input that evpnc must answer with exactly the
/// diagnostics in its expected.txt (the command's whole output, then "exit: N").
/// A case may hold an `args` file with extra options (such as --locked) and an evpnc.lock.yaml.
/// </summary>
public class DiagnosticBaselineTests
{
    public static string CasesRoot => RepoPaths.Of("tests", "EvpnCompile.Tests", "Diagnostics", "Cases");

    public static TheoryData<string> Cases() => CaseFolder.Names(CasesRoot);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_gives_exactly_its_expected_diagnostics(string name)
    {
        string caseDir = Path.Combine(CasesRoot, name);
        using var work = new TempDir();
        string[] extra = CaseFolder.Stage(caseDir, work, "expected.txt");

        var run = CliRunner.Run(work.Path, ["validate", ".", .. extra]);

        Assert.Equal("", run.Error); // no stack trace, no internal error
        Snapshot.Match(Path.Combine(caseDir, "expected.txt"), run.Out + $"exit: {run.ExitCode}\n");
    }

    /// <summary>Codes that no input can produce; each needs a reason here.</summary>
    private static readonly Dictionary<string, string> Unreachable = new()
    {
        ["EVPN018"] = "fallback for schema keywords the schema does not use; kept so a future keyword is never silent",
        ["EVPN110"] = "model invariant; ModelChecksTests breaks a model to prove it fires",
        ["EVPN111"] = "model invariant; ModelChecksTests breaks a model to prove it fires",
        ["EVPN112"] = "model invariant; ModelChecksTests breaks a model to prove it fires",
        ["EVPN113"] = "model invariant; ModelChecksTests breaks a model to prove it fires",
        ["EVPN114"] = "model invariant (transit VRFs); ModelChecksTests breaks a model to prove it fires",
    };

    [Fact]
    public void Every_diagnostic_code_has_a_baseline_case()
    {
        var seen = Directory.EnumerateFiles(CasesRoot, "expected.txt", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadAllLines(f))
            .SelectMany(l => DiagnosticCatalog.All.Where(e => l.Contains($" {e.Code}: ")).Select(e => e.Code))
            .ToHashSet();
        // The FRR audit's codes (EVPN2nn) are findings about rendered frr.conf, never about input: FrrAuditTests
        // has a test named after each, breaking a rendered file so that it fires.
        var audit = DiagnosticCatalog.Audit.Select(e => e.Code).ToHashSet();
        var missing = DiagnosticCatalog.All.Select(e => e.Code).Where(c => !seen.Contains(c) && !Unreachable.ContainsKey(c) && !audit.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "codes without a baseline case: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_invalid_case_exits_1_and_warning_cases_exit_0()
    {
        foreach (var file in Directory.EnumerateFiles(CasesRoot, "expected.txt", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(file);
            bool hasError = text.Contains(": error EVPN");
            bool outOfDate = hasError && text.Split('\n').Where(l => l.Contains(": error EVPN")).All(l => l.Contains("EVPN100"));
            string expectedExit = !hasError ? "exit: 0" : outOfDate ? "exit: 3" : "exit: 1";
            Assert.True(text.TrimEnd().EndsWith(expectedExit, StringComparison.Ordinal), $"{file}: expected '{expectedExit}'");
        }
    }
}

public class DiagnosticCatalogTests
{
    [Fact]
    public void The_diagnostics_page_lists_every_code_with_its_severity_and_meaning()
    {
        string readme = File.ReadAllText(RepoPaths.Of("docs", "diagnostics.md"));
        foreach (var e in DiagnosticCatalog.All)
            Assert.Contains($"| {e.Code} | {e.Severity.ToString().ToLowerInvariant()} | {e.Title} |", readme);
    }

    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        Assert.Equal(DiagnosticCatalog.All.Count, DiagnosticCatalog.All.Select(e => e.Code).Distinct().Count());
        Assert.All(DiagnosticCatalog.All, e => Assert.Matches(@"^EVPN\d{3}$", e.Code));
    }
}
