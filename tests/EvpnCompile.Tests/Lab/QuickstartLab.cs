using EvpnCompile.Core;
using EvpnCompile.Core.Lab;
using EvpnCompile.Tests.Emit;

namespace EvpnCompile.Tests.Lab;

/// <summary>examples/quickstart compiled once, and the plan of a lab named "lab" made from it.</summary>
public static class QuickstartLab
{
    public static readonly BuildResult Build = OutputSnapshotTests.BuildExample("quickstart");
    public static readonly LabPlan Plan = LabPlanner.Plan(Build.Model!, "lab");

    public static string File(string path) => Build.Files!.Single(f => f.Path == path).Content;

    public static readonly RoutesFile Routes = RoutesFile.Parse(File("routes.json"));
}
