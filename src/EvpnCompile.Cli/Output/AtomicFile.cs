using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Cli.Output;

/// <summary>Writes a file so that a reader (or a crash) sees either the old bytes or the new ones.</summary>
public static class AtomicFile
{
    /// <returns>null on success, else the diagnostic that says why the file could not be written.</returns>
    public static Diagnostic? TryWrite(string path, string text, string shownPath)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(temp, new System.Text.UTF8Encoding(false).GetBytes(text));
            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            string why = Directory.Exists(path) ? "a folder has that name" : ex.Message;
            return DiagnosticCatalog.UnwritableOutput(SourceSpan.WholeFile(shownPath), why);
        }
    }
}
