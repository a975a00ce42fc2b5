using TrustScore.Cli;

return CommandLine.Invoke(args, Console.Out, Console.Error);
