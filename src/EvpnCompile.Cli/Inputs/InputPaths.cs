namespace EvpnCompile.Cli.Inputs;

/// <summary>
/// How a command names paths: arguments are relative to its working directory, and diagnostics show
/// them relative to it when inside it ('/' separated), absolute otherwise. `-` is standard input,
/// shown as <c>&lt;stdin&gt;</c> (as `kubectl apply -f -` users expect).
/// </summary>
public sealed class InputPaths(string workingDirectory)
{
    /// <summary>The PATH argument that means standard input.</summary>
    public const string StdinArgument = "-";

    /// <summary>Standard input's full path and shown name: no file path looks like it (full paths are rooted).</summary>
    public const string Stdin = "<stdin>";

    public string WorkingDirectory => workingDirectory;

    public string FullPath(string path) => path == StdinArgument ? Stdin : Path.GetFullPath(path, workingDirectory);

    /// <summary>The path as diagnostics show it: relative to the working directory when inside it, '/' separated.</summary>
    public string DisplayPath(string fullPath)
    {
        if (fullPath == Stdin) return Stdin;
        string relative = Path.GetRelativePath(workingDirectory, fullPath);
        string shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
        return shown.Replace('\\', '/');
    }
}
