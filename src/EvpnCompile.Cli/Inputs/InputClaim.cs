using System.Text.RegularExpressions;

namespace EvpnCompile.Cli.Inputs;

/// <summary>
/// Whether a YAML file found by walking a folder is an evpnc input: it is when it *claims* to be one.
/// A repository made by `evpnc init` also holds an Ansible playbook, a CI workflow and, after a build,
/// out/ with Kubernetes manifests; `evpnc validate .` must skip those, yet a file that tries to be an
/// evpnc document and is broken must still fail loudly, never be skipped. So the test reads the text,
/// not the parsed YAML (a file with a syntax error is still recognised), and it is deliberately wide:
/// a false "claims" gives an error the user sees, a false "does not claim" would hide a tenant.
///
/// A file claims evpnc when one of its documents (split at `---` lines), comment lines aside:
/// 1. has an `apiVersion` key (any indentation, quoted or not, block or flow style) whose value
///    contains "evpn" in any case (`evpnc/v1alpha1`, a wrong version, the typo `evpn/v1`); or
/// 2. has a top-level `kind` of Fabric, Node or Tenant (any case) and a top-level `apiVersion` that is
///    missing or is not another API's: other APIs are Kubernetes' core `v1` (its Nodes) and
///    `group/version` with a dotted group (`capsule.clastix.io/v1beta2` Tenants); any other value, such
///    as `evpmc/v1alpha1`, is a misspelled evpnc one.
/// Files named on the command line and standard input are always inputs.
/// </summary>
public static class InputClaim
{
    private static readonly Regex DocumentSeparator = new(@"^(?:---|\.\.\.)(?:[ \t].*)?$", RegexOptions.CultureInvariant);

    private static readonly Regex AnyApiVersion = new(
        @"(?:^|[\s{,\-?])[""']?apiVersion[""']?[ \t]*:[ \t]*[""']?([^\s,}""'#]*)", RegexOptions.CultureInvariant);

    private static readonly Regex TopApiVersion = new(
        @"^(?:\{.*[\s{,])?[""']?apiVersion[""']?[ \t]*:[ \t]*[""']?([^\s,}""'#]*)", RegexOptions.CultureInvariant);

    private static readonly Regex TopKind = new(
        @"^(?:\{.*[\s{,])?[""']?kind[""']?[ \t]*:[ \t]*[""']?(Fabric|Node|Tenant)(?=[\s,}""'#]|$)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly string[] LineBreaks = ["\r\n", "\r", "\n", "\u0085", "\u2028", "\u2029"];

    /// <summary>Why a skipped file was skipped, as `-v` lists it.</summary>
    public const string SkipReason = "no document declares an evpnc apiVersion or an evpnc kind";

    public static bool Claims(string text)
    {
        var document = new List<string>();
        // Every line break YAML or an editor knows: a file with bare CR breaks (old Mac) must not read
        // as one long comment line and be skipped.
        foreach (var l in text.Split(LineBreaks, StringSplitOptions.None))
        {
            if (DocumentSeparator.IsMatch(l))
            {
                if (DocumentClaims(document)) return true;
                document.Clear();
                // `--- {apiVersion: ...}`: the rest of the line is the document's first line.
                if (l.Length > 4 && l.StartsWith("--- ", StringComparison.Ordinal)) document.Add(l[4..]);
                continue;
            }
            if (l.TrimStart().StartsWith('#')) continue;
            document.Add(l);
        }
        return DocumentClaims(document);
    }

    private static bool DocumentClaims(List<string> lines)
    {
        bool evpncKind = false;
        string? topApiVersion = null;
        foreach (var line in lines)
        {
            foreach (Match m in AnyApiVersion.Matches(line))
                if (m.Groups[1].Value.Contains("evpn", StringComparison.OrdinalIgnoreCase)) return true;
            if (TopKind.IsMatch(line)) evpncKind = true;
            if (TopApiVersion.Match(line) is { Success: true } top) topApiVersion ??= top.Groups[1].Value;
        }
        return evpncKind && !IsAnotherApi(topApiVersion);
    }

    /// <summary>Kubernetes' core group (`v1`) or a `group/version` whose group is a domain name.</summary>
    private static bool IsAnotherApi(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion)) return false;
        if (apiVersion == "v1") return true;
        int slash = apiVersion.IndexOf('/');
        return slash > 0 && apiVersion[..slash].Contains('.');
    }
}
