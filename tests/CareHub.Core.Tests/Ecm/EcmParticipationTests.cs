using CareHub.Catalog;
using CareHub.Common;
using CareHub.Ecm;

namespace CareHub.Core.Tests.Ecm;

public sealed class EcmParticipationTests
{
    private static readonly Guid _plan = Guid.NewGuid();
    private static readonly Guid _provider = Guid.NewGuid();

    private static EcmCase Case(Guid? provider, EcmStatus status = EcmStatus.Assigned) =>
        new() { MemberId = Guid.NewGuid(), PlanId = _plan, ProviderId = provider, Source = EcmSource.Pcp, Status = status };

    [Fact]
    public void ActorOf_ThePlanAndTheAssignedProvider_OthersNone()
    {
        var c = Case(_provider);
        EcmParticipation.ActorOf(c, new FixedAccessScope(_plan, OrganizationType.Plan)).ShouldBe(EcmActor.Plan);
        EcmParticipation.ActorOf(c, new FixedAccessScope(_provider, OrganizationType.EcmProvider)).ShouldBe(EcmActor.Provider);
        EcmParticipation.ActorOf(c, new FixedAccessScope(Guid.NewGuid(), OrganizationType.EcmProvider)).ShouldBe(EcmActor.None);
        EcmParticipation.ActorOf(c, new FixedAccessScope(Guid.NewGuid(), OrganizationType.Plan)).ShouldBe(EcmActor.None);
        EcmParticipation.ActorOf(c, SystemAccessScope.Instance).ShouldBe(EcmActor.Plan | EcmActor.Provider);

        // The plan's id with another organization type is not the plan.
        EcmParticipation.ActorOf(c, new FixedAccessScope(_plan, OrganizationType.Cbo)).ShouldBe(EcmActor.None);
    }

    [Fact]
    public void Refusal_PlanSteps_OnlyThePlan()
    {
        var c = Case(null, EcmStatus.Referred);
        EcmParticipation.Refusal(c, EcmStateMachine.Authorize, EcmActor.Plan).ShouldBeNull();
        EcmParticipation.Refusal(c, EcmStateMachine.Assign, EcmActor.Provider).ShouldBe("Only the member's plan may do this.");
        EcmParticipation.Refusal(c, EcmStateMachine.DecidePresumptive, EcmActor.Provider).ShouldBe("Only the member's plan may do this.");
    }

    [Fact]
    public void Refusal_ProviderSteps_OnlyTheAssignedProvider_NamingWhyNot()
    {
        EcmParticipation.Refusal(Case(_provider), EcmStateMachine.Accept, EcmActor.Provider).ShouldBeNull();
        EcmParticipation.Refusal(Case(_provider), EcmStateMachine.Accept, EcmActor.Plan).ShouldBe("Only the ECM provider the case is assigned to may do this.");
        EcmParticipation.Refusal(Case(null, EcmStatus.Authorized), EcmStateMachine.Document, EcmActor.None)
            .ShouldBe("The case is 'authorized' and not assigned to an ECM provider; only the assigned provider may do this.");
    }

    [Fact]
    public void Refusal_Disenroll_PlanOrProvider()
    {
        EcmParticipation.Refusal(Case(_provider), EcmStateMachine.Disenroll, EcmActor.Plan).ShouldBeNull();
        EcmParticipation.Refusal(Case(_provider), EcmStateMachine.Disenroll, EcmActor.Provider).ShouldBeNull();
        EcmParticipation.Refusal(Case(_provider), EcmStateMachine.Disenroll, EcmActor.None).ShouldNotBeNull();
    }
}

public sealed class EcmGoLiveTests
{
    private static readonly PopulationOfFocus _homelessness = new("homelessness", "Experiencing homelessness", null, AgeGroup.Adult, [],
        [
            new GoLive(new DateOnly(2022, 1, 1), "former-wpc-hhp", ["Los Angeles", "San Diego"], Confidence.Confirmed, null),
            new GoLive(new DateOnly(2022, 7, 1), "other", [], Confidence.Confirmed, null),
        ], []);

    [Theory]
    [InlineData("Los Angeles", 2021, 12, 31, false)]
    [InlineData("Los Angeles", 2022, 1, 1, true)]
    [InlineData("Fresno County", 2022, 6, 30, false)]
    [InlineData("Fresno", 2022, 7, 1, true)]
    public void GoLiveProblem_EachSideOfTheCountysDate(string county, int y, int m, int d, bool live)
    {
        var problem = EcmIntake.GoLiveProblem(_homelessness, county, new DateOnly(y, m, d));
        if (live)
        {
            problem.ShouldBeNull();
            return;
        }

        problem.ShouldNotBeNull();
        problem.Field.ShouldBe("population");
        problem.Message.ShouldContain($"'homelessness' goes live in {county.Replace(" County", "")} County on");
    }

    [Fact]
    public void GoLiveProblem_NoDatesMeansLiveEverywhere()
    {
        var statewide = _homelessness with { GoLive = [] };
        EcmIntake.GoLiveProblem(statewide, "Fresno", new DateOnly(2020, 1, 1)).ShouldBeNull();
    }
}
