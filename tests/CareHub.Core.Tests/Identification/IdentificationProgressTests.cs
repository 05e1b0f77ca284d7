using CareHub.Identification;

namespace CareHub.Core.Tests.Identification;

public class IdentificationProgressTests
{
    [Fact]
    public void Doing_NamesTheFileBeingRead_ThenTheStage()
    {
        var progress = new IdentificationProgress();
        progress.Doing.ShouldBe("starting");

        progress.StartFile("claims.csv");
        progress.Doing.ShouldBe("reading claims.csv");

        progress.SetStage("evaluating");
        progress.Doing.ShouldBe("evaluating");
    }
}
