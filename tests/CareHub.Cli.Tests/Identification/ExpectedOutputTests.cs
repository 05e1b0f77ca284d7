using System.CommandLine;
using System.Runtime.CompilerServices;
using CareHub.Cli.Identification;

namespace CareHub.Cli.Tests.Identification;

/// <summary>
/// <c>identify</c> over generated data gives, byte for byte, the checked-in output: a change to the engine that is
/// meant to keep results the same (refactoring, speed work) must keep these files the same. A change meant to alter
/// results regenerates them (set <c>CAREHUB_UPDATE_EXPECTED=1</c> and run these tests) and says which rows changed.
/// </summary>
public sealed class ExpectedOutputTests : IDisposable
{
    private const int Members = 1000;
    private const string Seed = "7";
    private readonly string _root = Directory.CreateTempSubdirectory("carehub-expected-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string> Cases => ["plan-data-2024-12-31", "plan-data-2022-06-30", "synthea-2024-12-31"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Identify_OnGeneratedData_GivesTheCheckedInOutput(string name)
    {
        var outputs = await RunAsync(name);

        foreach (var (file, path) in outputs)
        {
            var actual = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
            if (Environment.GetEnvironmentVariable("CAREHUB_UPDATE_EXPECTED") == "1")
            {
                await File.WriteAllBytesAsync(Path.Combine(SourceDirectory(), file), actual, TestContext.Current.CancellationToken);
                continue;
            }

            var expectedPath = Path.Combine(AppContext.BaseDirectory, "Identification", "Expected", file);
            File.Exists(expectedPath).ShouldBeTrue($"{file} is not checked in");
            var expected = await File.ReadAllBytesAsync(expectedPath, TestContext.Current.CancellationToken);
            if (!actual.AsSpan().SequenceEqual(expected))
            {
                var a = File.ReadAllLines(path);
                var e = File.ReadAllLines(expectedPath);
                var first = Enumerable.Range(0, Math.Max(a.Length, e.Length))
                    .First(i => i >= a.Length || i >= e.Length || a[i] != e[i]);
                Assert.Fail($"{file} differs from the checked-in output at line {first + 1}:\n"
                    + $"expected: {(first < e.Length ? e[first] : "(end of file)")}\n"
                    + $"actual:   {(first < a.Length ? a[first] : "(end of file)")}");
            }
        }
    }

    private async Task<List<(string File, string Path)>> RunAsync(string name)
    {
        var data = Path.Combine(_root, "data");
        var result = Path.Combine(_root, name + ".csv");
        var determinations = Path.Combine(_root, name + ".determinations.csv");
        switch (name)
        {
            case "plan-data-2024-12-31":
                await Ok("generate", "--members", $"{Members}", "--seed", Seed, "--format", "plan-data", "--out", data);
                await Ok("identify", "--plan-data", data, "--hmis", Path.Combine(data, "hmis"), "--as-of", "2024-12-31", "--out", result);
                return [(name + ".csv", result)];
            case "plan-data-2022-06-30":
                await Ok("generate", "--members", $"{Members}", "--seed", Seed, "--format", "plan-data", "--as-of", "2022-12-31", "--no-hmis", "--out", data);
                await Ok("identify", "--plan-data", data, "--as-of", "2022-06-30", "--out", result, "--determinations", determinations);
                return [(name + ".csv", result), (name + ".determinations.csv", determinations)];
            default:
                await Ok("generate", "--members", $"{Members}", "--seed", Seed, "--format", "synthea", "--out", data);
                await Ok("identify", "--synthea", data, "--as-of", "2024-12-31", "--out", result);
                return [(name + ".csv", result)];
        }
    }

    private static async Task Ok(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(IdentifyCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        exit.ShouldBe(0, $"{string.Join(' ', args)}: {error}");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Expected");
}
