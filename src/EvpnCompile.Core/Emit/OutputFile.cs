namespace EvpnCompile.Core.Emit;

/// <summary>One file of the output tree, with what manifest.json says about it.</summary>
/// <param name="Path">relative to the output folder, '/' separated.</param>
/// <param name="Kind">what the file is (manifest.json's `kind`): its readers select by it.</param>
/// <param name="Node">the node that receives it (null for cluster and fabric files).</param>
/// <param name="Target">where it goes on that node (null when it is not copied anywhere).</param>
/// <param name="Mode">file mode on the target, octal.</param>
/// <param name="Apply">the command that applies it after a change (null when none is needed).</param>
public sealed record OutputFile(string Path, OutputKind Kind, string Content, string? Node, string? Target, string? Mode, string? Apply);
