using System.CommandLine;
using System.CommandLine.Parsing;

namespace EvpnCompile.Cli;

/// <summary>
/// A mistyped option must not become an input path (`--chek` read as a file and reported as a missing
/// input). Every token before `--` that starts with '-' and that the parser took as an argument (an
/// input path, a name) or could not place is an unknown option of that command: a usage error naming
/// it, with the closest real option of that very command. After `--` everything is an argument, so a
/// path that starts with '-' can still be given. A lone `-` is standard input, not an option.
/// A word where a subcommand was expected gets the same treatment with the command's subcommands.
/// </summary>
public static class UnknownTokens
{
    /// <returns>the usage message for the first unknown option or subcommand, or null when there is none.</returns>
    public static string? Find(ParseResult parse)
    {
        var tokens = parse.Tokens;
        int end = Enumerable.Range(0, tokens.Count).FirstOrDefault(i => tokens[i].Type == TokenType.DoubleDash, tokens.Count);
        var command = parse.CommandResult.Command;
        var asArguments = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens);
        var unmatched = parse.UnmatchedTokens.ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < end; i++)
        {
            var token = tokens[i];
            if (token.Type != TokenType.Argument) continue;
            bool looksLikeOption = token.Value.Length > 1 && token.Value[0] == '-';
            if (looksLikeOption && (unmatched.Contains(token.Value) || asArguments.Any(t => ReferenceEquals(t, token))))
                return UnknownOption(command, token.Value);
            if (!looksLikeOption && command.Subcommands.Count > 0 && unmatched.Contains(token.Value))
                return UnknownSubcommand(command, token.Value);
        }
        return null;
    }

    private static string UnknownOption(Command command, string typed)
    {
        var names = OptionsOf(command);
        string name = typed.Split('=', 2)[0];
        string? suggestion = Closest(name, names);
        string where = $"'{Path(command)}'";
        return suggestion is not null
            ? $"unknown option '{name}' for {where}; did you mean '{suggestion}'?"
            : $"unknown option '{name}' for {where}; its options: {string.Join(", ", names.Where(n => n.StartsWith("--", StringComparison.Ordinal)))}";
    }

    private static string UnknownSubcommand(Command command, string typed)
    {
        var names = command.Subcommands.Select(c => c.Name).ToList();
        string? suggestion = Closest(typed, names);
        return suggestion is not null
            ? $"unknown command '{typed}' for '{Path(command)}'; did you mean '{suggestion}'?"
            : $"unknown command '{typed}' for '{Path(command)}'; its commands: {string.Join(", ", names)}";
    }

    /// <summary>The options a command accepts: its own, and the recursive ones of its parents (--help).</summary>
    public static List<string> OptionsOf(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
            foreach (var option in c.Options.Where(o => c == command || o.Recursive))
                names.AddRange(new[] { option.Name }.Concat(option.Aliases).Where(n => n.StartsWith('-')));
        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The command as typed: `evpnc lab up`.</summary>
    public static string Path(Command command)
    {
        var words = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
            words.Insert(0, c is RootCommand ? "evpnc" : c.Name);
        return string.Join(' ', words);
    }

    /// <summary>
    /// The real name closest to what was typed (by edit distance with transpositions, dashes ignored),
    /// when it is close enough to be a typo, or when the typed text begins it (`--lock-time`).
    /// </summary>
    public static string? Closest(string typed, IReadOnlyList<string> names)
    {
        string bare = typed.TrimStart('-');
        if (bare.Length == 0) return null;
        int allowed = bare.Length <= 2 ? 0 : bare.Length <= 5 ? 1 : bare.Length <= 9 ? 2 : 3;
        var scored = names.Select(n => (Name: n, Bare: n.TrimStart('-')))
            .Select(n => (n.Name, Distance: Distance(bare, n.Bare), Prefix: bare.Length >= 3 && n.Bare.StartsWith(bare, StringComparison.Ordinal)))
            .Where(n => n.Distance <= allowed || n.Prefix)
            .OrderBy(n => n.Distance).ThenBy(n => n.Name.Length).ThenBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        return scored.Count == 0 ? null : scored[0].Name;
    }

    /// <summary>Optimal string alignment distance (the one unknown names in diagnostics use too).</summary>
    public static int Distance(string a, string b) => EvpnCompile.Core.Diagnostics.DidYouMean.Distance(a, b);
}
