using System.CommandLine;
using System.Text;
using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Scaffold;

namespace EvpnCompile.Cli.Commands;

/// <summary>
/// `evpnc init DIR [--name NAME]`: a new fabric repository (inputs, schema, README, CI workflow,
/// Ansible playbook) in a new or empty folder. It never writes into a folder that holds anything.
/// </summary>
public static class InitCommand
{
    private static readonly UTF8Encoding utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("dir") { Description = "The folder of the new repository: created, or an existing empty folder." };
        var name = new Option<string?>("--name") { Description = $"The fabric's name (default: the folder's name when it is a DNS label, else {Scaffolder.DefaultFabricName})." };
        var command = new Command("init", "Create a Git repository for a new fabric: example nodes and tenant, README, CI workflow and Ansible playbook.")
        {
            dir, name,
        };
        command.SetAction(parse =>
        {
            var collector = new InputPaths(context.WorkingDirectory);
            string root = collector.FullPath(parse.GetValue(dir)!);
            string shown = collector.DisplayPath(root);
            if (File.Exists(root)) return Usage(context, $"{shown} is a file; init needs a new or empty folder");
            bool existed = Directory.Exists(root);
            if (existed && Directory.EnumerateFileSystemEntries(root).Any())
                return Usage(context, $"{shown} is not empty; init writes only into a new or empty folder");
            string fabricName = parse.GetValue(name) ?? Scaffolder.NameFor(root);
            if (!Scaffolder.IsValidName(fabricName))
                return Usage(context, $"--name '{fabricName}' is not a valid fabric name (a DNS label: lowercase letters, digits and '-', at most 63 characters, not starting or ending with '-')");

            var files = Scaffolder.Files(fabricName);
            try
            {
                foreach (var (path, text) in files)
                {
                    string full = Path.Combine(root, path);
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    File.WriteAllText(full, text, utf8);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The folder was new or empty: leave it as it was.
                TryRemove(root, existed);
                context.Error.Write($"evpnc: cannot write {shown}: {ex.Message}\n");
                return ExitCodes.InputErrors;
            }

            var output = new StringBuilder();
            output.Append($"Created fabric {fabricName} in {shown}/:\n");
            foreach (var (path, _) in files) output.Append($"  {path}\n");
            string inputs = string.Join(' ', Scaffolder.InputPaths);
            output.Append("Next:\n");
            output.Append($"  cd {shown}\n");
            output.Append($"  evpnc validate {inputs}     # writes evpnc.lock.yaml: commit it\n");
            output.Append($"  evpnc build {inputs} -o out --locked\n");
            output.Append("  git init -b main && git add . && git commit -m \"Fabric " + fabricName + "\"\n");
            output.Append("README.md says how to add tenants and how CI and Ansible fit in.\n");
            context.Out.Write(output.ToString());
            return ExitCodes.Success;
        });
        return command;
    }

    private static int Usage(CliContext context, string message)
    {
        context.Error.Write($"evpnc: {message}\n");
        return ExitCodes.Usage;
    }

    private static void TryRemove(string root, bool existed)
    {
        try
        {
            if (!existed) Directory.Delete(root, recursive: true);
            else
                foreach (var entry in Directory.EnumerateFileSystemEntries(root))
                    if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                    else File.Delete(entry);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error message already says what went wrong.
        }
    }
}
