namespace EvpnCompile.Cli.Inputs;

/// <summary>
/// Standard input as one input file, <c>&lt;stdin&gt;</c> (PATH `-`): `cat *.yaml | evpnc validate -`,
/// the documents separated by `---`. Every other path is read from <paramref name="files"/>.
/// The stream is read once, when first asked for, and kept (a build reads its inputs again under its lock).
/// </summary>
public sealed class StandardInputSource(Stream stdin, InputSource files) : InputSource
{
    private FileBytes? read;

    public override Task<PathListing> ListAsync(string fullPath, CancellationToken cancellation) =>
        fullPath == InputPaths.Stdin ? Task.FromResult(new PathListing([InputPaths.Stdin])) : files.ListAsync(fullPath, cancellation);

    public override async Task<FileBytes> ReadAsync(string fullPath, long maxBytes, CancellationToken cancellation)
    {
        if (fullPath != InputPaths.Stdin) return await files.ReadAsync(fullPath, maxBytes, cancellation);
        return read ??= await ReadBounded(maxBytes, cancellation);
    }

    /// <summary>At most one byte more than the limit is read: enough to know the input is too large.</summary>
    private async Task<FileBytes> ReadBounded(long maxBytes, CancellationToken cancellation)
    {
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = await stdin.ReadAsync(chunk, cancellation)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > maxBytes) return FileBytes.Large;
            }
            return new FileBytes(buffer.ToArray());
        }
        catch (IOException ex)
        {
            return FileBytes.Failed(ex.Message);
        }
    }
}
