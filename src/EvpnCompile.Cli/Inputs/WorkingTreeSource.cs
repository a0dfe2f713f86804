namespace EvpnCompile.Cli.Inputs;

/// <summary>The inputs as they are on disk now.</summary>
/// <param name="excludedFolders">folders never read as input: a build's own output folder may sit inside an input folder.</param>
public sealed class WorkingTreeSource(IEnumerable<string>? excludedFolders = null) : InputSource
{
    private readonly HashSet<string> excluded = (excludedFolders ?? []).Select(f => Path.GetFullPath(f).TrimEnd('/')).ToHashSet(StringComparer.Ordinal);

    public override Task<PathListing> ListAsync(string fullPath, CancellationToken cancellation)
    {
        if (!Path.IsPathRooted(fullPath)) return Task.FromResult(PathListing.Missing("no such file or folder"));
        if (File.Exists(fullPath)) return Task.FromResult(new PathListing([fullPath]));
        if (!Directory.Exists(fullPath)) return Task.FromResult(PathListing.Missing("no such file or folder"));
        string root = fullPath.TrimEnd('/');
        var found = Walk(root).Where(f => InputRule.IsInput(Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(found.Count == 0 ? PathListing.Missing("the folder holds no .yaml or .yml files") : new PathListing(found));
    }

    /// <summary>Every file below <paramref name="folder"/>, not entering hidden or excluded folders.</summary>
    private IEnumerable<string> Walk(string folder)
    {
        if (excluded.Contains(folder)) yield break;
        foreach (var file in Directory.EnumerateFiles(folder)) yield return file;
        foreach (var sub in Directory.EnumerateDirectories(folder))
            if (!Path.GetFileName(sub).StartsWith('.'))
                foreach (var file in Walk(sub)) yield return file;
    }

    public override Task<FileBytes> ReadAsync(string fullPath, long maxBytes, CancellationToken cancellation)
    {
        if (!Path.IsPathRooted(fullPath) || !File.Exists(fullPath)) return Task.FromResult(FileBytes.Absent);
        try
        {
            // A huge file is not read at all: it must not cost its size in memory.
            if (new FileInfo(fullPath).Length > maxBytes) return Task.FromResult(FileBytes.Large);
            return Task.FromResult(FileBytes.Of(File.ReadAllBytes(fullPath), maxBytes));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(FileBytes.Failed(ex.Message));
        }
    }
}
