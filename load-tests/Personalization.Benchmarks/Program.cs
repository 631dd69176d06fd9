using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Personalization.Benchmarks.SegmentEvaluationBenchmarks).Assembly).Run(args);
