using System.Diagnostics;
using System.Text.RegularExpressions;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Purity;

/// <summary>
/// The core's purity is enforced by the build (BannedApiAnalyzers, src/EvpnCompile.Core/BannedApis.props):
/// a throwaway project with the very same settings must fail on every banned family and accept what
/// the core legitimately uses (path arithmetic, readers over embedded streams, date arithmetic).
/// </summary>
public class BannedApiTests
{
    private static readonly string Props = RepoPaths.Of("src", "EvpnCompile.Core", "BannedApis.props");

    /// <summary>One line per banned family; the test requires RS0030 on each of these lines.</summary>
    private static readonly string[] Violations =
    [
        "System.Console.WriteLine(\"x\");",
        "_ = System.IO.File.ReadAllText(\"x\");",
        "_ = System.IO.Directory.GetFiles(\"x\");",
        "_ = new System.IO.FileInfo(\"x\").Length;",
        "_ = new System.IO.StreamReader(\"x\");",
        "_ = System.IO.Path.GetFullPath(\"x\");",
        "_ = System.IO.Path.GetTempPath();",
        "_ = System.DateTime.Now;",
        "_ = System.DateTime.UtcNow;",
        "_ = System.DateTimeOffset.UtcNow;",
        "_ = System.Environment.GetEnvironmentVariable(\"x\");",
        "_ = System.Environment.CurrentDirectory;",
        "System.Diagnostics.Process.Start(\"x\");",
    ];

    private const string Allowed = """
        namespace Probe;
        public static class Allowed
        {
            public static string Run(System.IO.Stream resource) =>
                System.IO.Path.Combine("a", "b") + System.IO.Path.GetFileName("a/b") + System.IO.Path.GetFullPath("x", "/base")
                + new System.IO.StreamReader(resource).ReadToEnd() + new System.DateTime(2000, 1, 1).AddDays(1);
        }
        """;

    [Fact]
    public void The_core_project_imports_the_banned_api_settings()
    {
        string csproj = File.ReadAllText(RepoPaths.Of("src", "EvpnCompile.Core", "EvpnCompile.Core.csproj"));
        Assert.Contains("<Import Project=\"BannedApis.props\" />", csproj);
    }

    [Fact]
    public async Task A_banned_api_fails_the_build_and_what_the_core_uses_does_not()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Props}" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        var lines = new List<string> { "namespace Probe;", "public static class Violations", "{", "    public static void Run()", "    {" };
        int first = lines.Count + 1;
        lines.AddRange(Violations.Select(v => "        " + v));
        lines.AddRange(["    }", "}", ""]);
        File.WriteAllText(work.File("Violations.cs"), string.Join("\n", lines));
        File.WriteAllText(work.File("Allowed.cs"), Allowed);

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "build", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:NoSummary" }) start.ArgumentList.Add(arg);
        // The test host's MSBuild settings must not leak into this separate build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
            start.Environment.Remove(name);
        using var p = Process.Start(start)!;
        var errors = p.StandardError.ReadToEndAsync();
        string output = await p.StandardOutput.ReadToEndAsync() + await errors;
        await p.WaitForExitAsync();

        Assert.True(p.ExitCode != 0, "the build passed; output:\n" + output);
        var flagged = Regex.Matches(output, @"Violations\.cs\((\d+),\d+\): error RS0030").Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
        var missed = Violations.Where((v, i) => !flagged.Contains(first + i)).ToList();
        Assert.True(missed.Count == 0, "not refused: " + string.Join(" | ", missed) + "\noutput:\n" + output);
        Assert.DoesNotContain("Allowed.cs(", output);
    }
}
