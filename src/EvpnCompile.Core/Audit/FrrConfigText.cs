using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Core.Audit;

/// <summary>The kinds of configuration node a frr.conf line can open.</summary>
internal enum FrrBlockKind { RouterBgp, Vrf, AddressFamily, Vni, RouteMap, Bfd, BfdProfile, BfdPeer, Other }

/// <summary>One configuration node opened by a command (`router bgp ...`, `vrf X`, `vni N`, ...).</summary>
internal sealed class FrrBlock(FrrBlockKind kind, FrrCommand opener, FrrBlock? parent)
{
    public FrrBlockKind Kind { get; } = kind;
    public FrrCommand Opener { get; } = opener;
    public FrrBlock? Parent { get; } = parent;
    public int Line => Opener.Line;

    /// <summary>`router bgp ASN vrf NAME`: NAME; null for the default instance (also `vrf default`).</summary>
    public string? RouterVrf =>
        Kind == FrrBlockKind.RouterBgp && Opener.Word(3) == "vrf" && Opener.Word(4) is { Length: > 0 } v && v != "default" ? v : null;

    /// <summary>The key of a BGP instance: its VRF, or "default".</summary>
    public string InstanceKey => RouterVrf ?? "default";

    public bool IsEvpnAddressFamily => Kind == FrrBlockKind.AddressFamily && Opener.Word(1) == "l2vpn" && Opener.Word(2) == "evpn";

    /// <summary>`address-family ipv6 ...`.</summary>
    public bool IsIpv6AddressFamily => Kind == FrrBlockKind.AddressFamily && Opener.Word(1) == "ipv6";

    /// <summary>This block or the nearest enclosing one of the kind.</summary>
    public FrrBlock? Enclosing(FrrBlockKind k)
    {
        for (var b = this; b is not null; b = b.Parent)
            if (b.Kind == k) return b;
        return null;
    }
}

/// <summary>One command line: its words with their 1-based columns, and where it sits.</summary>
internal sealed class FrrCommand(int line, int column, IReadOnlyList<string> words, IReadOnlyList<int> columns, int commentColumn, string comment)
{
    public int Line { get; } = line;
    /// <summary>1-based column of the first word.</summary>
    public int Column { get; } = column;
    public IReadOnlyList<string> Words { get; } = words;
    public IReadOnlyList<int> Columns { get; } = columns;
    /// <summary>1-based column of a trailing `! comment` (removed from Words), 0 when none.</summary>
    public int CommentColumn { get; } = commentColumn;
    public string Comment { get; } = comment;
    /// <summary>The node the command was read in (null: the top level), after FRR's walk to a parent node.</summary>
    public FrrBlock? Context { get; set; }
    /// <summary>The node this command opens, if any.</summary>
    public FrrBlock? Opens { get; set; }

    public int Count => Words.Count;
    public string Word(int i) => i >= 0 && i < Words.Count ? Words[i] : "";
    public int ColumnOf(int i) => i >= 0 && i < Columns.Count ? Columns[i] : Column;
    public string Text => string.Join(' ', Words);
    public FrrBlock? Router => Context?.Enclosing(FrrBlockKind.RouterBgp);
}

/// <summary>
/// A rendered frr.conf read back as FRR reads it: comment lines skipped, each command placed in the
/// configuration node it lands in. FRR ignores indentation; nodes end with their `exit*` command,
/// and a command the current node does not know walks up to the parent nodes (so a `vni N` after
/// `exit-vrf` lands at the top level even when indented). The walk is modelled for the commands
/// whose place matters to the audit.
/// </summary>
internal sealed class FrrConfigText
{
    private FrrConfigText(string path, IReadOnlyList<FrrCommand> commands, IReadOnlyList<FrrBlock> blocks)
    {
        Path = path;
        Commands = commands;
        Blocks = blocks;
        Hostname = commands.FirstOrDefault(c => c.Context is null && c.Word(0) == "hostname" && c.Count >= 2)?.Word(1);
    }

    public string Path { get; }
    public string? Hostname { get; }
    public IReadOnlyList<FrrCommand> Commands { get; }
    public IReadOnlyList<FrrBlock> Blocks { get; }

    /// <summary>How the fabric-wide messages name this file: its hostname, else its path.</summary>
    public string Node => Hostname ?? Path;

    public List<VerifyFinding> Findings { get; } = [];

    /// <summary>A place in this file, for the catalogue's audit messages.</summary>
    public SourceSpan At(FrrCommand command, int column) => SourceSpan.At(Path, command.Line, column);

    /// <summary>Records a finding of the audit (a catalogue diagnostic at a place in this file).</summary>
    public void Report(Diagnostic finding) =>
        Findings.Add(new VerifyFinding(Path, finding.Span.Line, finding.Span.Column, finding.Message, finding.Code));

    public IEnumerable<FrrBlock> BlocksOf(FrrBlockKind kind) => Blocks.Where(b => b.Kind == kind);

    /// <summary>`vni N` inside `vrf X`: the L3VNI of X.</summary>
    public IEnumerable<FrrCommand> L3VniCommands => Commands.Where(c => c.Word(0) == "vni" && c.Context?.Kind == FrrBlockKind.Vrf);

    /// <summary>`vni N` at the top level: the L3VNI of the default VRF.</summary>
    public IEnumerable<FrrCommand> TopLevelVniCommands => Commands.Where(c => c.Word(0) == "vni" && c.Context is null && c.Opens is null);

    /// <summary>`vni N` blocks under `address-family l2vpn evpn`: L2VNIs.</summary>
    public IEnumerable<FrrBlock> L2VniBlocks => BlocksOf(FrrBlockKind.Vni);

    public static FrrConfigText Parse(string path, string text)
    {
        var commands = new List<FrrCommand>();
        var blocks = new List<FrrBlock>();
        var stack = new List<FrrBlock>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var command = Read(i + 1, lines[i]);
            if (command is null) continue;
            Place(command, stack, blocks);
            commands.Add(command);
        }
        return new FrrConfigText(path, commands, blocks);
    }

    /// <summary>Splits one line into words; null for blank and comment lines.</summary>
    private static FrrCommand? Read(int number, string raw)
    {
        if (raw.EndsWith('\r')) raw = raw[..^1];
        int start = 0;
        while (start < raw.Length && char.IsWhiteSpace(raw[start])) start++;
        if (start == raw.Length || raw[start] is '!' or '#') return null;

        int commentAt = -1;
        for (int j = start + 1; j < raw.Length; j++)
            if (raw[j] == '!' && char.IsWhiteSpace(raw[j - 1])) { commentAt = j; break; }
        var body = commentAt >= 0 ? raw[..commentAt] : raw;

        var words = new List<string>();
        var columns = new List<int>();
        for (int j = start; j < body.Length;)
        {
            if (char.IsWhiteSpace(body[j])) { j++; continue; }
            int k = j;
            while (k < body.Length && !char.IsWhiteSpace(body[k])) k++;
            words.Add(body[j..k]);
            columns.Add(j + 1);
            j = k;
        }
        return new FrrCommand(number, start + 1, words, columns, commentAt >= 0 ? commentAt + 1 : 0, commentAt >= 0 ? raw[commentAt..].Trim() : "");
    }

    private static void Place(FrrCommand c, List<FrrBlock> stack, List<FrrBlock> blocks)
    {
        FrrBlock? Top() => stack.Count > 0 ? stack[^1] : null;
        int Nearest(Func<FrrBlock, bool> fits) => stack.FindLastIndex(b => fits(b));
        void CutAbove(int index) => stack.RemoveRange(index + 1, stack.Count - index - 1);
        void PopThrough(FrrBlockKind kind)
        {
            int at = Nearest(b => b.Kind == kind);
            if (at >= 0) stack.RemoveRange(at, stack.Count - at);
        }
        void Open(FrrBlockKind kind)
        {
            c.Context = Top();
            var block = new FrrBlock(kind, c, c.Context);
            c.Opens = block;
            blocks.Add(block);
            stack.Add(block);
        }

        switch (c.Word(0))
        {
            case "end":
                c.Context = Top();
                stack.Clear();
                return;
            case "exit" or "quit":
                c.Context = Top();
                if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
                return;
            case "exit-vni":
                c.Context = Top();
                PopThrough(FrrBlockKind.Vni);
                return;
            case "exit-address-family":
                c.Context = Top();
                PopThrough(FrrBlockKind.AddressFamily);
                return;
            case "exit-vrf":
                c.Context = Top();
                PopThrough(FrrBlockKind.Vrf);
                return;
            case "vni":
            {
                // Known in `vrf X` (the L3VNI) and `address-family l2vpn evpn` (opens an L2VNI);
                // anywhere else FRR walks up to the top level, where it sets the default VRF's L3VNI.
                int at = Nearest(b => b.Kind == FrrBlockKind.Vrf || b.IsEvpnAddressFamily);
                if (at < 0) { stack.Clear(); c.Context = null; return; }
                CutAbove(at);
                if (stack[at].Kind == FrrBlockKind.Vrf) c.Context = stack[at];
                else Open(FrrBlockKind.Vni);
                return;
            }
            case "address-family":
            {
                int at = Nearest(b => b.Kind == FrrBlockKind.RouterBgp);
                if (at < 0) { c.Context = Top(); return; }
                CutAbove(at);
                Open(FrrBlockKind.AddressFamily);
                return;
            }
            case "profile" when Top()?.Kind != FrrBlockKind.BfdPeer:
            case "peer":
            {
                int at = Nearest(b => b.Kind == FrrBlockKind.Bfd);
                if (at < 0) { c.Context = Top(); return; }
                CutAbove(at);
                Open(c.Word(0) == "peer" ? FrrBlockKind.BfdPeer : FrrBlockKind.BfdProfile);
                return;
            }
        }

        if (TopLevelOpener(c) is { } kind)
        {
            stack.Clear();
            Open(kind);
        }
        else if (IsTopLevelOnly(c))
        {
            stack.Clear();
            c.Context = null;
        }
        else c.Context = Top();
    }

    /// <summary>Commands that exist only at the top level and open a node there.</summary>
    private static FrrBlockKind? TopLevelOpener(FrrCommand c) => c.Word(0) switch
    {
        "router" when c.Word(1) == "bgp" => FrrBlockKind.RouterBgp,
        "router" => FrrBlockKind.Other,
        "vrf" when c.Count >= 2 => FrrBlockKind.Vrf,
        "route-map" when c.Word(2) is "permit" or "deny" => FrrBlockKind.RouteMap,
        "bfd" when c.Count == 1 => FrrBlockKind.Bfd,
        "interface" or "line" or "key" => FrrBlockKind.Other,
        _ => null,
    };

    /// <summary>Commands that exist only at the top level (FRR walks up to it to run them).</summary>
    private static bool IsTopLevelOnly(FrrCommand c) =>
        c.Word(0) is "hostname" or "frr" or "service" or "log" or "password" or "enable"
        || (c.Word(0) is "ip" or "ipv6" && c.Word(1) == "prefix-list");
}
