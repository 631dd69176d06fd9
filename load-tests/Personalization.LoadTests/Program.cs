using Personalization.LoadTests;

return await LoadTestCli.Invoke(args, Console.Out, Console.Error);
