using BenchmarkDotNet.Attributes;
using CareHub.Catalog;
using CareHub.Referrals;

namespace CareHub.Bench;

/// <summary>
/// The limit engine runs on every instant check, decision and extension. These measure one check against a member
/// with a long history (authorizations of several services over years, from two plans and counties).
/// </summary>
[MemoryDiagnoser]
public class LimitEngineBenchmarks
{
    private ProgramCatalog _catalog = null!;
    private List<UsageRecord> _history = null!;

    [Params(10, 100, 1000)]
    public int Authorizations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _catalog = CatalogLoader.LoadEmbedded().Catalog!;
        var services = new[] { "medically-tailored-meals", "recuperative-care", "respite-services", "environmental-accessibility-adaptations", "short-term-post-hospitalization-housing" };
        var rng = new Random(7);
        _history = [];
        for (var i = 0; i < Authorizations; i++)
        {
            var start = new DateOnly(2022, 1, 1).AddDays(rng.Next(0, 1400));
            var service = services[i % services.Length];
            _history.Add(new UsageRecord(service, start, start.AddDays(rng.Next(0, 30)), rng.Next(1, 60), rng.Next(0, 500), Guid.NewGuid().ToString(), null, i % 2 == 0 ? "Los Angeles" : "Orange"));
        }
    }

    [Benchmark(Description = "meals: per day + per episode")]
    public bool Meals() => LimitEngine.Check(_catalog, new LimitRequest("medically-tailored-meals", new DateOnly(2025, 9, 1), new DateOnly(2025, 11, 23), 168, null), _history).Allowed;

    [Benchmark(Description = "recuperative care: per stay + shared 6-in-12")]
    public bool Recuperative() => LimitEngine.Check(_catalog, new LimitRequest("recuperative-care", new DateOnly(2025, 9, 1), new DateOnly(2025, 11, 29), null, null), _history).Allowed;

    [Benchmark(Description = "respite: hours per calendar year")]
    public bool Respite() => LimitEngine.Check(_catalog, new LimitRequest("respite-services", new DateOnly(2025, 9, 1), new DateOnly(2025, 9, 30), 40, null), _history).Allowed;

    [Benchmark(Description = "home modifications: lifetime dollars")]
    public bool HomeModifications() => LimitEngine.Check(_catalog, new LimitRequest("environmental-accessibility-adaptations", new DateOnly(2025, 9, 1), new DateOnly(2025, 9, 1), null, 1200), _history).Allowed;
}
