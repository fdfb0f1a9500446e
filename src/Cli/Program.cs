using Orquesta.Azure.Cli;

return OrquestaCommand.Run(args, Console.Out, Console.Error);
