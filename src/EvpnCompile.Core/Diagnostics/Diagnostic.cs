using EvpnCompile.Core.Text;

namespace EvpnCompile.Core.Diagnostics;

public enum Severity { Error, Warning }

/// <summary>One problem in the user's input. Created only through <see cref="DiagnosticCatalog"/>.</summary>
public sealed record Diagnostic(string Code, Severity Severity, SourceSpan Span, string Message)
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>The canonical text form: <c>file:line:col: error EVPN0nn: message</c>.</summary>
    public override string ToString() =>
        $"{Span}: {(IsError ? "error" : "warning")} {Code}: {Message}";

    /// <summary>The order every command prints in: file, position, then code and text for ties.</summary>
    public static int Compare(Diagnostic a, Diagnostic b)
    {
        int c = string.CompareOrdinal(a.Span.File, b.Span.File);
        if (c == 0) c = a.Span.Line.CompareTo(b.Span.Line);
        if (c == 0) c = a.Span.Column.CompareTo(b.Span.Column);
        if (c == 0) c = string.CompareOrdinal(a.Code, b.Code);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        return c;
    }
}
