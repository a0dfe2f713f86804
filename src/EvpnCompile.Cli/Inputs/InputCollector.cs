using System.Text;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Cli.Inputs;

/// <summary>
/// Expands the PATHS of a command into input files: files as given, folders recursively
/// (*.yaml and *.yml, skipping hidden folders and the lock file), read as strict UTF-8.
/// </summary>
public sealed class InputCollector(string workingDirectory, IEnumerable<string>? excludedFolders = null, long maxFileSize = long.MaxValue)
{
    /// <summary>Folders never read as input: a build's own output folder may sit inside an input folder.</summary>
    private readonly HashSet<string> excluded = (excludedFolders ?? []).Select(f => Path.GetFullPath(f).TrimEnd('/')).ToHashSet(StringComparer.Ordinal);

    public const string LockFileName = "evpnc.lock.yaml";

    private static readonly UTF8Encoding strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public List<SourceFile> Files { get; } = [];
    public List<Diagnostic> Failures { get; } = [];

    public string FullPath(string path) => Path.GetFullPath(path, workingDirectory);

    /// <summary>The path as diagnostics show it: relative to the working directory when inside it, '/' separated.</summary>
    public string DisplayPath(string fullPath)
    {
        string relative = Path.GetRelativePath(workingDirectory, fullPath);
        string shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
        return shown.Replace('\\', '/');
    }

    public void Add(string path)
    {
        string full = FullPath(path);
        if (File.Exists(full)) Read(full);
        else if (Directory.Exists(full))
        {
            var found = Walk(full.TrimEnd('/')).OrderBy(p => p, StringComparer.Ordinal).ToList();
            if (found.Count == 0)
                Failures.Add(DiagnosticCatalog.UnreadableInput(SourceSpan.FileStart(DisplayPath(full)), "the folder holds no .yaml or .yml files"));
            foreach (var file in found) Read(file);
        }
        else Failures.Add(DiagnosticCatalog.UnreadableInput(SourceSpan.FileStart(DisplayPath(full)), "no such file or folder"));
    }

    private IEnumerable<string> Walk(string folder)
    {
        if (excluded.Contains(folder)) yield break;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(file);
            if (name == LockFileName || name.StartsWith('.')) continue;
            if (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal)) yield return file;
        }
        foreach (var sub in Directory.EnumerateDirectories(folder))
            if (!Path.GetFileName(sub).StartsWith('.'))
                foreach (var file in Walk(sub)) yield return file;
    }

    private void Read(string full)
    {
        string shown = DisplayPath(full);
        if (Files.Any(f => f.Path == shown)) return; // named twice on the command line
        if (TryReadText(full, shown, maxFileSize, out var text, out var failure)) Files.Add(new SourceFile(shown, text));
        else Failures.Add(failure!);
    }

    /// <summary>Input bytes as text: strict UTF-8, a leading BOM dropped; null when the bytes are not UTF-8.</summary>
    public static string? Decode(byte[] bytes)
    {
        int skip = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try { return strictUtf8.GetString(bytes, skip, bytes.Length - skip); }
        catch (DecoderFallbackException) { return null; }
    }

    /// <summary>Reads a whole file as UTF-8 (a BOM is dropped); invalid bytes are a diagnostic, not garbage.</summary>
    public static bool TryReadText(string full, string shown, long maxFileSize, out string text, out Diagnostic? failure)
    {
        text = "";
        failure = null;
        try
        {
            if (new FileInfo(full).Length > maxFileSize)
            {
                // Not read at all: a huge file must not cost its size in memory.
                failure = DiagnosticCatalog.TooLarge(SourceSpan.FileStart(shown), "the file's size", maxFileSize);
                return false;
            }
            if (Decode(File.ReadAllBytes(full)) is { } decoded)
            {
                text = decoded;
                return true;
            }
            failure = DiagnosticCatalog.UnreadableInput(SourceSpan.FileStart(shown), "the file is not valid UTF-8");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            failure = DiagnosticCatalog.UnreadableInput(SourceSpan.FileStart(shown), $"cannot read the file: {ex.Message}");
        }
        return false;
    }
}
