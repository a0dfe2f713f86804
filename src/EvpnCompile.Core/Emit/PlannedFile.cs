namespace EvpnCompile.Core.Emit;

/// <summary>
/// One file of the output tree before it is rendered: what manifest.json says about it, what renders
/// it and the part of the model it reads. An incremental build fingerprints <see cref="Renderer"/> and
/// <see cref="Input"/> (<see cref="RenderFingerprint"/>) and calls <see cref="Render"/> only when that changed.
/// </summary>
/// <param name="Renderer">the template (or "code:NAME" for a file written by C#) that renders the file.</param>
/// <param name="Input">the only object <see cref="Render"/> reads: the template's model.</param>
public sealed record PlannedFile(string Path, OutputKind Kind, string? Node, string? Target, string? Mode, string? Apply,
    string Renderer, object Input, Func<string> Render)
{
    public OutputFile ToOutputFile(string content) => new(Path, Kind, content, Node, Target, Mode, Apply);

    /// <summary>
    /// For a large file (routes.json): writes the UTF-8 bytes of <see cref="Render"/> straight into a stream, so a
    /// build never holds them; null when the file is only rendered as a string. Same bytes either way (tested).
    /// </summary>
    public Action<Stream>? WriteTo { get; init; }

    /// <summary>A file rendered by a Scriban template from its model; a build streams it (<see cref="WriteTo"/>).</summary>
    public static PlannedFile Template(string path, OutputKind kind, string template, object model, string? node, string? target, string? mode, string? apply) =>
        new(path, kind, node, target, mode, apply, template, model, () => TemplateRenderer.Render(template, model))
        {
            WriteTo = stream =>
            {
                // Small buffers: a build streams half a million files, and a 64 KiB buffer per file would be 32 GB to allocate and zero.
                using var writer = new StreamWriter(stream, Utf8, bufferSize: 4096, leaveOpen: true) { NewLine = "\n" };
                TemplateRenderer.RenderTo(template, model, writer);
            },
        };

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
}

/// <summary>What manifest.json lists for one file: its metadata and the sha256 of its bytes.</summary>
public sealed record ManifestEntry(string Path, OutputKind Kind, string? Node, string? Target, string Sha256, string? Mode, string? Apply)
{
    public static ManifestEntry Of(PlannedFile f, string sha256) => new(f.Path, f.Kind, f.Node, f.Target, sha256, f.Mode, f.Apply);
}
