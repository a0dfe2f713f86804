namespace EvpnCompile.Cli.Inputs;

/// <summary>
/// Which files a folder given as PATH contributes, wherever the folder is read from (working tree or
/// git revision): *.yaml and *.yml, not in a hidden folder, not hidden, not the lock file.
/// </summary>
public static class InputRule
{
    public const string LockFileName = "evpnc.lock.yaml";

    /// <param name="relative">the file's path below the folder, '/' separated.</param>
    public static bool IsInput(string relative)
    {
        var parts = relative.Split('/');
        return parts.All(p => !p.StartsWith('.')) && parts[^1] != LockFileName
            && (relative.EndsWith(".yaml", StringComparison.Ordinal) || relative.EndsWith(".yml", StringComparison.Ordinal));
    }
}
