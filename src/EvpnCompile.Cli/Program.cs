using EvpnCompile.Cli;

// Console I/O is UTF-8 with LF line ends on every platform: output is compared byte for byte.
Console.OutputEncoding = new System.Text.UTF8Encoding(false);
return EvpncCli.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory, Console.OpenStandardInput());
