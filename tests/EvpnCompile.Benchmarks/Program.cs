using System.Globalization;
using BenchmarkDotNet.Running;
using EvpnCompile.Benchmarks;

// dotnet run -c Release --project tests/EvpnCompile.Benchmarks -- generate DIR [--hosts 1000] [--tenants 250]
// dotnet run -c Release --project tests/EvpnCompile.Benchmarks -- bench [BenchmarkDotNet options, e.g. --filter '*']
// dotnet run -c Release --project tests/EvpnCompile.Benchmarks -- phases [--hosts 1000] [--tenants 250]
const string Usage = """
    usage:
      generate DIR [--hosts N] [--tenants N]   write a generated fabric (repo layout) to DIR (default 1000 x 250)
      bench [BenchmarkDotNet args]             run the Compiler.Compile benchmarks (100x25 and 1000x250, with and without a lock)
      phases [--hosts N] [--tenants N]         time each compiler pass once with a Stopwatch (first run, then with the lock)
      phases --dir DIR                         the same on a fabric folder (gen_fabric.py's output; its lock is remade)
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    switch (args[0])
    {
        case "generate":
        {
            if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException("generate needs a folder");
            var (hosts, tenants) = Sizes(args.Skip(2).ToArray());
            var files = FabricGenerator.Generate(hosts, tenants);
            FabricGenerator.WriteTo(args[1], files);
            Console.WriteLine($"wrote {files.Count} files ({hosts} hosts, {tenants} tenants) to {args[1]}");
            return 0;
        }
        case "bench":
        {
            // Without options run every benchmark instead of asking interactively; keep the
            // artifacts (logs, reports) out of the repository unless --artifacts says otherwise.
            var benchArgs = args.Length > 1 ? args[1..].ToList() : ["--filter", "*"];
            if (!benchArgs.Contains("--artifacts"))
                benchArgs.AddRange(["--artifacts", Path.Combine(Path.GetTempPath(), "evpnc-benchmarks")]);
            BenchmarkSwitcher.FromAssembly(typeof(CompileBenchmarks).Assembly).Run([.. benchArgs]);
            return 0;
        }
        case "phases":
        {
            if (args.Length == 3 && args[1] == "--dir")
            {
                PhaseTimer.RunFolder(args[2], Console.Out);
                return 0;
            }
            var (hosts, tenants) = Sizes(args.Skip(1).ToArray());
            PhaseTimer.Run(hosts, tenants, Console.Out);
            return 0;
        }
        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}

static (int Hosts, int Tenants) Sizes(string[] options)
{
    int hosts = 1000, tenants = 250;
    for (int i = 0; i < options.Length; i++)
    {
        string value = i + 1 < options.Length ? options[i + 1] : throw new ArgumentException($"{options[i]} needs a value");
        int n = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw new ArgumentException($"{options[i]}: '{value}' is not a number");
        switch (options[i])
        {
            case "--hosts": hosts = n; break;
            case "--tenants": tenants = n; break;
            default: throw new ArgumentException($"unknown option {options[i]}");
        }
        i++;
    }
    return (hosts, tenants);
}
