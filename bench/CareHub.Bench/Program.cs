using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/CareHub.Bench -- --filter '*'
// Results (markdown, CSV, HTML) are written to bench/results/.
var results = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results"));
BenchmarkSwitcher.FromAssembly(typeof(CareHub.Bench.LimitEngineBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.WithArtifactsPath(results));
