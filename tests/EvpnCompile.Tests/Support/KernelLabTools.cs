using EvpnCompile.Cli.Lab;
using EvpnCompile.Cli.Verify;

namespace EvpnCompile.Tests.Support;

/// <summary>
/// What the kernel-mode lab tests need: nft (as root) for the wire counters' rules, and the VM's
/// pieces (QEMU, Debian's kernel, a static busybox) plus everything the lab needs, for the live VM
/// tests. Skipped with the reason when missing, unless EVPNC_REQUIRE_TOOLS=1 (CI), where they fail.
/// </summary>
public static class KernelLabTools
{
    public static string? NftMissing() =>
        !OperatingSystem.IsLinux() ? "needs Linux" : !ToolRunner.IsRoot ? "needs root (nft talks to the kernel)"
        : ToolRunner.Find("nft") is null ? "nft is not installed (Debian package nftables)" : null;

    public static string? VmMissing() =>
        LabTools.Missing() is { } lab ? lab
        : LabHostFiles.MissingPrograms(null) is { Count: > 0 } kernel ? "missing " + string.Join(", ", kernel)
        : LabVm.Unavailable();

    private static string? Skip(string? why) => why is not null && !Tools.Required ? $"{why} (set EVPNC_REQUIRE_TOOLS=1 to fail instead)" : null;

    public static string? NftSkipReason() => Skip(NftMissing());

    public static string? VmSkipReason() => Skip(VmMissing() is { } why ? "VM lab: " + why : null);

    public static string? CpioMissing() => ToolRunner.Find("cpio") is null ? "cpio is not installed (Debian package cpio)" : null;

    public static string? CpioSkipReason() => Skip(CpioMissing());

    public static void AssertCpio() => Assert.True(CpioMissing() is null, CpioMissing());

    public static void AssertNft() => Assert.True(NftMissing() is null, NftMissing());

    public static void AssertVm() => Assert.True(VmMissing() is null, "VM lab: " + VmMissing());
}

public sealed class RequiresNftFactAttribute : FactAttribute
{
    public RequiresNftFactAttribute() { if (KernelLabTools.NftSkipReason() is { } why) Skip = why; }
}

public sealed class RequiresVmFactAttribute : FactAttribute
{
    public RequiresVmFactAttribute() { if (KernelLabTools.VmSkipReason() is { } why) Skip = why; }
}

public sealed class RequiresCpioFactAttribute : FactAttribute
{
    public RequiresCpioFactAttribute() { if (KernelLabTools.CpioSkipReason() is { } why) Skip = why; }
}
