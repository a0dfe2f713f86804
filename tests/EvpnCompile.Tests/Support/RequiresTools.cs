using EvpnCompile.Cli.Verify;

namespace EvpnCompile.Tests.Support;

/// <summary>
/// Which real programs are missing here. A test that needs them is skipped with the reason, unless
/// EVPNC_REQUIRE_TOOLS=1 (CI), where it runs and fails on the missing program instead.
/// </summary>
public static class Tools
{
    public static bool Required => Environment.GetEnvironmentVariable("EVPNC_REQUIRE_TOOLS") == "1";

    public static IReadOnlyList<string> Missing() =>
        TreeVerifier.ProgramValidators().Where(v => v.Unavailable is not null).Select(v => $"{v.Name}: {v.Unavailable}")
            .Concat(new FrrReloadDelta().Unavailable is { } r ? [$"frr-reload: {r}"] : [])
            .ToList();

    public static string? SkipReason()
    {
        var missing = Missing();
        return missing.Count == 0 || Required ? null : "real validators missing (set EVPNC_REQUIRE_TOOLS=1 to fail instead): " + string.Join("; ", missing);
    }

    /// <summary>First line of every such test: with EVPNC_REQUIRE_TOOLS=1 a missing program fails here.</summary>
    public static void AssertAllPresent() => Assert.True(Missing().Count == 0, "missing: " + string.Join("; ", Missing()));
}

public sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute() { if (Tools.SkipReason() is { } why) Skip = why; }
}

public sealed class RequiresToolsTheoryAttribute : TheoryAttribute
{
    public RequiresToolsTheoryAttribute() { if (Tools.SkipReason() is { } why) Skip = why; }
}

/// <summary>For tests of Linux-only mechanisms (SIGKILL semantics, renameat2): skipped elsewhere, with the reason.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute() { if (!OperatingSystem.IsLinux()) Skip = "needs Linux (renameat2, SIGKILL)"; }
}

/// <summary>
/// The live lab needs Linux, root, FRR's daemons and iproute2/util-linux/ping. Skipped with the reason
/// when any is missing, unless EVPNC_REQUIRE_TOOLS=1 (CI runs as root), where the test fails instead.
/// </summary>
public static class LabTools
{
    public static string? Missing() =>
        !OperatingSystem.IsLinux() ? "needs Linux"
        : !ToolRunner.IsRoot ? "needs root"
        : EvpnCompile.Cli.Lab.LabRun.MissingPrograms() is { Count: > 0 } m ? "missing " + string.Join(", ", m)
        : null;

    public static string? SkipReason() =>
        Missing() is { } why && !Tools.Required ? $"live lab {why} (set EVPNC_REQUIRE_TOOLS=1 to fail instead)" : null;

    public static void AssertReady() => Assert.True(Missing() is null, "live lab: " + Missing());
}

public sealed class RequiresLabFactAttribute : FactAttribute
{
    public RequiresLabFactAttribute() { if (LabTools.SkipReason() is { } why) Skip = why; }
}
