using System.Text.RegularExpressions;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Purity;

/// <summary>
/// Names are made in one place and facts travel in the model: no reader of the model (checks, emit,
/// explain, audit, the lab, the CLI) calls <c>DeviceNames</c> or <c>EvpnNames</c> to work out which
/// tenant, VRF, VNI or network a device or file belongs to; it reads the fact the model carries
/// (CniAttachment.Tenant/Vrf/Kind, VrfIface.L3Vni, TenantModel.Vrf, HostNetwork.VrfDevices).
/// Allowed: Naming/ (where names are spelled), Lowering/ (which makes them), and the two input
/// checks that must foresee the names lowering will make, before any model exists, to report a
/// collision at the input's line (Semantics/UniquenessChecks: network names; Allocation/ResolvedChecks:
/// device names per node).
/// </summary>
public class NameDerivationTests
{
    private static readonly Regex Call = new(@"\b(?:DeviceNames|EvpnNames)\.[A-Z]\w*\s*\(", RegexOptions.Compiled);

    private static readonly string[] AllowedFolders = ["src/EvpnCompile.Core/Naming/", "src/EvpnCompile.Core/Lowering/"];

    private static readonly string[] AllowedFiles =
        ["src/EvpnCompile.Core/Semantics/UniquenessChecks.cs", "src/EvpnCompile.Core/Allocation/ResolvedChecks.cs"];

    [Fact]
    public void No_reader_of_the_model_derives_a_fact_from_a_name()
    {
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Of("src"), "*.cs", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/');
            if (rel.Contains("/obj/", StringComparison.Ordinal) || rel.Contains("/bin/", StringComparison.Ordinal)) continue;
            if (AllowedFolders.Any(f => rel.StartsWith(f, StringComparison.Ordinal)) || AllowedFiles.Contains(rel)) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (!lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal) && Call.IsMatch(lines[i]))
                    problems.Add($"{rel}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.True(problems.Count == 0, "read the fact from the model instead:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void The_scan_sees_a_name_call()
    {
        Assert.Matches(Call, "string tenant = node.Tenants.First(t => DeviceNames.Vrf(t) == vrf);");
        Assert.Matches(Call, "EvpnNames.RouteTarget (asn, vni)");
        Assert.DoesNotMatch(Call, "DeviceNames.LinuxMaxLength");
    }

    /// <summary>A string or bare number compared where an enum exists (NetworkRenderer, DaemonSwitch.Enabled, VniKind, RouteType, LabCheck).</summary>
    private static readonly Regex StringForEnum = new(@"[=!]=\s*""(?:netplan|ifupdown2|yes|no|L3|L2)""|\b[Tt]ype\s*[=!]=\s*[35]\b|\bCheck\s*[=!]=\s*""", RegexOptions.Compiled);

    [Fact]
    public void No_reader_compares_a_string_or_number_where_an_enum_exists()
    {
        // The one place a renderer's name is read is where the input is bound (NetworkRenderers.Parse).
        const string parser = "src/EvpnCompile.Core/Input/InputModel.cs";
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Of("src"), "*.cs", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/');
            if (rel.Contains("/obj/", StringComparison.Ordinal) || rel.Contains("/bin/", StringComparison.Ordinal) || rel == parser) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (!lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal) && StringForEnum.IsMatch(lines[i]))
                    problems.Add($"{rel}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.True(problems.Count == 0, "compare the enum instead:\n" + string.Join('\n', problems));
        Assert.Matches(StringForEnum, "if (net.Renderer == \"netplan\")");
        Assert.Matches(StringForEnum, "x.Route.Type == 5 && y");
        Assert.Matches(StringForEnum, "findings.Count(f => f.Check == \"link\")");
        Assert.DoesNotMatch(StringForEnum, "c.Count == 3)");
    }
}
