using System.Text.Json.Nodes;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Tests.Loading;

public class YamlLoaderTests
{
    private static (IReadOnlyList<LoadedDocument> Docs, IReadOnlyList<Diagnostic> Diags) Load(string text, LoadLimits? limits = null)
    {
        var sink = new DiagnosticSink();
        var docs = YamlLoader.Load(new SourceFile("f.yaml", text), limits ?? LoadLimits.Default, sink);
        return (docs, sink.Sorted());
    }

    [Theory]
    [InlineData("v: \"65001\"", "\"65001\"")]   // quoted stays text
    [InlineData("v: '65001'", "\"65001\"")]
    [InlineData("v: 65001", "65001")]
    [InlineData("v: yes", "\"yes\"")]           // YAML 1.1 boolean; in 1.2 core it is text
    [InlineData("v: on", "\"on\"")]
    [InlineData("v: true", "true")]
    [InlineData("v: False", "false")]
    [InlineData("v: 0x1F", "31")]
    [InlineData("v: 0o17", "15")]
    [InlineData("v: 017", "17")]                // no YAML 1.1 octal
    [InlineData("v: ~", "null")]
    [InlineData("v:", "null")]
    [InlineData("v: !!str 12", "\"12\"")]
    [InlineData("v: 1.5", "1.5")]
    [InlineData("v: 02:00:5e:00:01:01", "\"02:00:5e:00:01:01\"")] // no YAML 1.1 sexagesimal
    [InlineData("v: |-\n  12\n", "\"12\"")]              // a block scalar is text (a line break inside would be EVPN007)
    public void Scalars_follow_the_YAML_1_2_core_schema(string yaml, string json)
    {
        var (docs, diags) = Load(yaml);
        Assert.Empty(diags);
        Assert.Equal(json, docs[0].Root["v"]?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Every_pointer_maps_to_its_key_and_value()
    {
        var (docs, _) = Load("a: 1\nspec:\n  list:\n    - x\n    - {k: v}\n");
        var map = docs[0].Map;
        Assert.Equal("f.yaml:2:1", map.Key("/spec").ToString());
        Assert.Equal("f.yaml:4:5", map.Value("/spec/list").ToString()); // a block list starts at its first "-"
        Assert.Equal("f.yaml:4:7", map.Value("/spec/list/0").ToString());
        Assert.Equal("f.yaml:5:8", map.Key("/spec/list/1/k").ToString());
        Assert.Equal("f.yaml:5:11", map.Value("/spec/list/1/k").ToString());
        // A pointer the document lacks falls back to its nearest ancestor.
        Assert.Equal("f.yaml:5:7", map.Value("/spec/list/1/missing").ToString());
    }

    [Fact]
    public void Keys_with_slashes_are_escaped_in_pointers()
    {
        var (docs, _) = Load("labels:\n  example.com/rack: r1\n");
        Assert.Equal("f.yaml:2:3", docs[0].Map.Key("/labels/example.com~1rack").ToString());
    }

    [Fact]
    public void Several_documents_per_file_and_empty_ones_are_skipped()
    {
        var (docs, diags) = Load("---\na: 1\n---\n---\n# only a comment\n---\nb: 2\n");
        Assert.Empty(diags);
        Assert.Equal(2, docs.Count);
        Assert.Equal(0, docs[0].Index);
        Assert.Equal(3, docs[1].Index);
        Assert.Equal(7, docs[1].Start.Line);
    }

    [Fact]
    public void A_syntax_error_reports_file_line_and_column()
    {
        var (docs, diags) = Load("a: 1\nb: \"unclosed\nc: 3\n");
        Assert.Empty(docs);
        var d = Assert.Single(diags);
        Assert.Equal("EVPN001", d.Code);
        Assert.Equal("f.yaml", d.Span.File);
        Assert.True(d.Span.Line >= 2, d.ToString());
    }

    [Fact]
    public void An_unclosed_flow_list_at_the_end_is_a_syntax_error_not_a_crash()
    {
        var (_, diags) = Load("a: [1, 2\nb: 3\n");
        Assert.Equal("EVPN001", Assert.Single(diags).Code);
    }

    [Fact]
    public void A_duplicate_key_is_reported_at_the_second_key()
    {
        var (_, diags) = Load("a: 1\nb: 2\na: 3\n");
        var d = Assert.Single(diags);
        Assert.Equal("EVPN005", d.Code);
        Assert.Equal("f.yaml:3:1", d.Span.ToString());
        Assert.Contains("'a'", d.Message);
    }

    [Fact]
    public void An_alias_bomb_is_refused_without_expanding_it()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (int i = 1; i < 12; i++) lines.Add($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]");
        var (docs, diags) = Load(string.Join("\n", lines) + "\n");
        Assert.Empty(docs);
        Assert.Equal("EVPN004", Assert.Single(diags).Code);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused()
    {
        string deep = string.Concat(Enumerable.Repeat("[", 10)) + string.Concat(Enumerable.Repeat("]", 10));
        var (_, diags) = Load("a: " + deep + "\n", new LoadLimits { MaxDepth = 5 });
        Assert.Equal("EVPN004", Assert.Single(diags).Code);
    }

    [Theory]
    [InlineData("v: \"red\\n\"\n", 0x0A)]                  // the .NET `$` of the schema patterns would let this through
    [InlineData("v: \"red\\r\"\n", 0x0D)]
    [InlineData("v: \"a\\tb\"\n", 0x09)]
    [InlineData("v: |\n  two\n  lines\n", 0x0A)]
    [InlineData("v: \"r\u200Bed\"\n", 0x200B)]                 // zero-width space
    [InlineData("v: \"red\u202Eder\"\n", 0x202E)]              // right-to-left override
    [InlineData("\"k\\u0000\": 1\n", 0x00)]                   // in a key
    public void Control_and_invisible_characters_are_refused_in_keys_and_values(string yaml, int codePoint)
    {
        var (docs, diags) = Load(yaml);
        Assert.Empty(docs);
        var d = Assert.Single(diags);
        Assert.Equal("EVPN007", d.Code);
        Assert.Contains($"U+{codePoint:X4}", d.Message);
    }

    [Fact]
    public void Look_alike_letters_are_loaded_and_left_to_the_ascii_patterns_of_the_schema()
    {
        var (docs, diags) = Load("v: \"r\u0435d\"\n"); // Cyrillic e: printable, refused later by the name pattern (EVPN014)
        Assert.Empty(diags);
        Assert.Equal("r\u0435d", docs[0].Root["v"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("documents", "---\na: 1\n---\nb: 2\n---\nc: 3\n", 2)]
    [InlineData("scalar", "a: abcdefghijklmnopqrstuvwxyz\n", 10)]
    public void Limits_refuse_with_EVPN004(string which, string yaml, int limit)
    {
        var limits = which == "documents" ? new LoadLimits { MaxDocumentsPerFile = limit } : new LoadLimits { MaxScalarLength = limit };
        var sink = new DiagnosticSink();
        var docs = YamlLoader.Load(new SourceFile("f.yaml", yaml), limits, sink);
        Assert.Empty(docs);
        Assert.Equal("EVPN004", Assert.Single(sink.Sorted()).Code);
    }

    [Fact]
    public void The_total_of_all_files_is_bounded()
    {
        var limits = new LoadLimits { MaxTotalNodes = 5 };
        var budget = new LoadBudget();
        var sink = new DiagnosticSink();
        Assert.Single(YamlLoader.Load(new SourceFile("a.yaml", "a: 1\nb: 2\n"), limits, budget, sink));
        Assert.Empty(YamlLoader.Load(new SourceFile("b.yaml", "c: 1\nd: 2\n"), limits, budget, sink));
        Assert.Equal("b.yaml", Assert.Single(sink.Sorted()).Span.File);
    }

    [Fact]
    public void CRLF_files_read_like_LF_files_with_the_same_positions()
    {
        var (lf, _) = Load("a: 1\nspec:\n  name: red\n");
        var (crlf, diags) = Load("a: 1\r\nspec:\r\n  name: red\r\n");
        Assert.Empty(diags);
        Assert.Equal(lf[0].Root.ToJsonString(), crlf[0].Root.ToJsonString());
        Assert.Equal(lf[0].Map.Value("/spec/name").ToString(), crlf[0].Map.Value("/spec/name").ToString());
    }

    [Fact]
    public void Custom_tags_are_refused_at_their_place()
    {
        var (_, diags) = Load("a: 1\nb: !secret x\n");
        var d = Assert.Single(diags);
        Assert.Equal("EVPN003", d.Code);
        Assert.Equal(2, d.Span.Line);
    }

    [Fact]
    public void Merge_keys_are_not_applied_they_stay_ordinary_keys()
    {
        var (docs, diags) = Load("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n");
        Assert.Empty(diags);
        Assert.True(((JsonObject)docs[0].Root["use"]!).ContainsKey("<<"));
    }
}
