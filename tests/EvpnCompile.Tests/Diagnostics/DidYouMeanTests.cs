using System.Text.Json;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Diagnostics;

/// <summary>Unknown names get the closest known one in the message, the same string in text, JSON and SARIF.</summary>
public class DidYouMeanTests
{
    [Theory]
    [InlineData("shard", "shared")]        // a letter missing
    [InlineData("bleu", "blue")]           // two letters swapped
    [InlineData("hots1", "host1")]
    [InlineData("namspaces", "namespaces")]
    [InlineData("shar", "shared")]         // the beginning of a name
    public void A_close_name_is_suggested(string written, string expected) =>
        Assert.Equal(expected, DidYouMean.Closest(written, ["blue", "host1", "host2x", "namespaces", "shared", "red"]));

    [Theory]
    [InlineData("green")]   // nothing close
    [InlineData("re")]      // two letters: only an exact match would do, and that is not unknown
    [InlineData("")]
    public void A_far_name_gets_no_suggestion(string written) =>
        Assert.Null(DidYouMean.Closest(written, ["blue", "red", "shared"]));

    [Fact]
    public void Ties_go_to_the_nearest_then_the_shorter_then_the_ordinal_first() =>
        Assert.Equal("host1", DidYouMean.Closest("hostx", ["host2", "host1", "host10"]));

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    public void The_suggestion_is_in_the_machine_formats_too(string format)
    {
        using var work = new TempDir();
        CaseFolder.Stage(Path.Combine(DiagnosticBaselineTests.CasesRoot, "evpn034-import-misspelled-tenant"), work, "expected.txt");
        var run = CliRunner.Run(work.Path, "validate", ".", "--format", format);
        Assert.Equal(1, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var messages = new List<string>();
        void Collect(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
                foreach (var p in e.EnumerateObject())
                    if (p.Name is "message" && p.Value.ValueKind == JsonValueKind.String) messages.Add(p.Value.GetString()!);
                    else if (p.Name is "text" && p.Value.ValueKind == JsonValueKind.String) messages.Add(p.Value.GetString()!);
                    else Collect(p.Value);
            else if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Collect(x);
        }
        Collect(doc.RootElement);
        Assert.Contains("'import' names tenant 'shard', but no Tenant document has that name; did you mean 'shared'?", messages);
    }
}
