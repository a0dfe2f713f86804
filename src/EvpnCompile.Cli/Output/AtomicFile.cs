namespace EvpnCompile.Cli.Output;

/// <summary>Writes a file so that a reader (or a crash) sees either the old bytes or the new ones.</summary>
public static class AtomicFile
{
    public static void Write(string path, string text)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temp, new System.Text.UTF8Encoding(false).GetBytes(text));
        File.Move(temp, path, overwrite: true);
    }
}
