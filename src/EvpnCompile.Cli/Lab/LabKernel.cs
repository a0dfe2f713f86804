using EvpnCompile.Cli.Verify;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>What this machine's kernel offers the lab.</summary>
public static class LabKernel
{
    private static bool? vrfDevices;

    /// <summary>
    /// Whether the kernel makes VRF devices: one is created in a throwaway network namespace
    /// (`unshare --net`), which vanishes with the command; nothing of the machine's is touched.
    /// </summary>
    public static bool HasVrfDevices()
    {
        if (vrfDevices is { } known) return known;
        if (!OperatingSystem.IsLinux() || !ToolRunner.IsRoot || ToolRunner.Find("unshare") is not { } unshare || ToolRunner.Find("ip") is not { } ip)
            return false;
        var r = ToolRunner.RunAsync(unshare, ["--net", "--", ip, "link", "add", "evpncprobe", "type", "vrf", "table", "1"]).GetAwaiter().GetResult();
        vrfDevices = r.ExitCode == 0;
        return vrfDevices.Value;
    }

    /// <summary>The mode `--vrf` defaults to here: kernel wherever the kernel has VRF devices.</summary>
    public static string DefaultMode() => HasVrfDevices() ? LabVrfMode.Kernel : LabVrfMode.Netns;

    public const string NoVrfDevices =
        "this kernel has no VRF devices (`ip link add NAME type vrf` fails: CONFIG_NET_VRF is off or the vrf module is missing)";
}
