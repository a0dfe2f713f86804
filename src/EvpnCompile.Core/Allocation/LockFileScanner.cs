namespace EvpnCompile.Core.Allocation;

internal enum LockToken
{
    MappingStart, MappingEnd, Key, PlainScalar, QuotedScalar, SequenceStart, SequenceEnd, End,
    /// <summary>Something outside the subset below: the general reader decides.</summary>
    Unsupported,
}

/// <summary>
/// Tokens of the small subset of YAML that <see cref="LockFileWriter"/> writes, read line by line without a
/// YAML parser (YamlDotNet's parser alone took 0.5 s and 311 MB for a 17 MB lock). The subset, where YAML
/// has exactly one reading:
/// <list type="bullet">
/// <item>comment lines starting in column 1, before the first key only;</item>
/// <item>block mappings indented by two spaces per level, one `key:` or `key: value` per line, ending in
/// '\n' (or the end of the text), no trailing spaces, no blank lines;</item>
/// <item>keys plain (<c>[A-Za-z0-9_][A-Za-z0-9_.-]*</c>) or double-quoted; values plain
/// (<c>[A-Za-z0-9_][A-Za-z0-9_./-]*</c>), double-quoted, <c>{}</c>, or a flow list <c>[a, "b"]</c> of such
/// scalars; double-quoted text is printable ASCII with no backslash, so it is taken literally.</item>
/// </list>
/// Anything else (another indentation, a tab, a carriage return, an anchor, a tag, a `---`, a comment
/// after content, a block list, a multi-line scalar) is <see cref="LockToken.Unsupported"/>.
/// A `key:` followed by a deeper line opens a mapping; followed by anything else it holds an empty
/// plain scalar (YAML's null), as in YAML.
/// </summary>
internal sealed class LockFileScanner(string text)
{
    private readonly record struct Token(LockToken Kind, int Start, int Length, int Line, int Column, int EndColumn);

    private readonly List<Token> queue = [];
    private readonly Stack<int> indents = new();
    private int next;       // the next queued token to hand out
    private int pos;        // the start of the next line to scan
    private int line = 1;   // the number of the line at pos
    private int pendingIndent = -1; // the indentation of a `key:` line whose value is not known yet
    private bool started, ended;

    private Token current;

    public LockToken Kind => current.Kind;

    /// <summary>The text of the current key or scalar (without quotes).</summary>
    public ReadOnlySpan<char> Value => text.AsSpan(current.Start, current.Length);

    /// <summary>Where the current key or scalar stands, quotes included, as the YAML parser marks it: 1-based, end exclusive.</summary>
    public (int Line, int Column, int EndColumn) Position => (current.Line, current.Column, current.EndColumn);

    public LockToken Peek()
    {
        if (next == queue.Count) Fill();
        return queue[next].Kind;
    }

    public LockToken Next()
    {
        if (next == queue.Count) Fill();
        current = queue[next++];
        return current.Kind;
    }

    private void Fill()
    {
        queue.Clear();
        next = 0;
        if (ended)
        {
            Add(LockToken.Unsupported, 0, 0, 0);
            return;
        }
        if (!started)
        {
            started = true;
            while (pos < text.Length && text[pos] == '#') // the header
                if (!SkipComment()) { Add(LockToken.Unsupported, 0, 0, 0); return; }
        }
        if (pos >= text.Length)
        {
            Finish();
            return;
        }
        if (!ScanLine()) Add(LockToken.Unsupported, 0, 0, 0);
    }

    private void Finish()
    {
        if (indents.Count == 0) // no key at all: an empty or comment-only file
        {
            Add(LockToken.Unsupported, 0, 0, 0);
            return;
        }
        if (pendingIndent >= 0) Add(LockToken.PlainScalar, pos, 0, line);
        for (int i = indents.Count; i > 0; i--) Add(LockToken.MappingEnd, pos, 0, line);
        indents.Clear();
        Add(LockToken.End, pos, 0, line);
        ended = true;
    }

    private bool ScanLine()
    {
        int start = pos;
        int indent = 0;
        while (start + indent < text.Length && text[start + indent] == ' ') indent++;
        int p = start + indent;
        if (indent % 2 != 0) return false;

        if (pendingIndent >= 0)
        {
            if (indent == pendingIndent + 2)
            {
                Add(LockToken.MappingStart, p, 0, line);
                indents.Push(indent);
            }
            else if (indent <= pendingIndent) Add(LockToken.PlainScalar, p, 0, line); // `key:` then a sibling: null
            else return false;
            pendingIndent = -1;
        }
        else if (indents.Count == 0)
        {
            if (indent != 0) return false;
            Add(LockToken.MappingStart, p, 0, line);
            indents.Push(0);
        }
        while (indent < indents.Peek())
        {
            indents.Pop();
            Add(LockToken.MappingEnd, p, 0, line);
        }
        if (indent != indents.Peek()) return false;

        // The key.
        int keyStart, keyEnd;
        if (p < text.Length && text[p] == '"')
        {
            keyStart = p + 1;
            keyEnd = QuotedEnd(keyStart);
            if (keyEnd < 0) return false;
            p = keyEnd + 1;
        }
        else
        {
            keyStart = p;
            if (p >= text.Length || !IsPlainStart(text[p])) return false;
            while (p < text.Length && IsPlainKeyChar(text[p])) p++;
            keyEnd = p;
        }
        if (p >= text.Length || text[p] != ':') return false;
        Add(LockToken.Key, keyStart, keyEnd - keyStart, line, indent + 1, p - start + 1);
        p++;

        if (p >= text.Length || text[p] == '\n')
        {
            pendingIndent = indent;
            return NextLine(p);
        }
        if (text[p] != ' ' || ++p >= text.Length) return false;
        int valueColumn = p - start + 1;
        switch (text[p])
        {
            case '{':
                if (p + 1 >= text.Length || text[p + 1] != '}') return false;
                Add(LockToken.MappingStart, p, 0, line);
                Add(LockToken.MappingEnd, p, 0, line);
                return NextLine(p + 2);
            case '[':
                Add(LockToken.SequenceStart, p, 0, line);
                p++;
                if (p < text.Length && text[p] == ']') return End(LockToken.SequenceEnd, p);
                while (true)
                {
                    p = Scalar(p, p - start + 1);
                    if (p < 0 || p >= text.Length) return false;
                    if (text[p] == ']') return End(LockToken.SequenceEnd, p);
                    if (text[p] != ',' || p + 1 >= text.Length || text[p + 1] != ' ') return false;
                    p += 2;
                }
            default:
                p = Scalar(p, valueColumn);
                return p >= 0 && NextLine(p);
        }
    }

    private bool End(LockToken kind, int p)
    {
        Add(kind, p, 0, line);
        return NextLine(p + 1);
    }

    /// <returns>the position after a plain or quoted scalar at <paramref name="p"/>, or -1.</returns>
    private int Scalar(int p, int column)
    {
        if (p >= text.Length) return -1;
        if (text[p] == '"')
        {
            int end = QuotedEnd(p + 1);
            if (end < 0) return -1;
            Add(LockToken.QuotedScalar, p + 1, end - p - 1, line, column, column + end + 1 - p);
            return end + 1;
        }
        if (!IsPlainStart(text[p])) return -1;
        int s = p;
        while (p < text.Length && IsPlainValueChar(text[p])) p++;
        Add(LockToken.PlainScalar, s, p - s, line, column, column + p - s);
        return p;
    }

    /// <returns>the index of the closing quote of a double-quoted scalar whose text starts at <paramref name="p"/>, or -1.</returns>
    private int QuotedEnd(int p)
    {
        for (; p < text.Length; p++)
        {
            char c = text[p];
            if (c == '"') return p;
            if (c is < ' ' or > '~' or '\\') return -1;
        }
        return -1;
    }

    /// <summary>The line must end at <paramref name="p"/>.</summary>
    private bool NextLine(int p)
    {
        if (p < text.Length && text[p] != '\n') return false;
        pos = p + 1;
        line++;
        return true;
    }

    /// <summary>A comment line of printable ASCII (YAML refuses some other characters even in comments).</summary>
    private bool SkipComment()
    {
        for (; pos < text.Length && text[pos] != '\n'; pos++)
            if (text[pos] is < ' ' or > '~') return false;
        pos++;
        line++;
        return true;
    }

    private void Add(LockToken kind, int start, int length, int atLine, int column = 0, int endColumn = 0) =>
        queue.Add(new Token(kind, start, length, atLine, column, endColumn));

    private static bool IsPlainStart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsPlainKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    private static bool IsPlainValueChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/';
}
