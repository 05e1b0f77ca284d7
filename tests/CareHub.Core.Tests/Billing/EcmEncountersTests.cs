using CareHub.Billing;

namespace CareHub.Core.Tests.Billing;

public sealed class EcmEncountersTests
{
    private static readonly Guid _case = Guid.NewGuid(), _member = Guid.NewGuid(), _plan = Guid.NewGuid(), _provider = Guid.NewGuid();
    private static readonly DateOnly _day = new(2025, 3, 4);

    private static EcmActivity A(string activity, string mode, string source, DateOnly? day = null) =>
        new(_case, _member, _plan, _provider, day ?? _day, activity, mode, source);

    [Fact]
    public void Build_OutreachAttempts_EachCountsAndSameCodeSameDayIsOneLineWithUnits()
    {
        var encounters = EcmEncounters.Build([
            A(EcmEncounterCoding.Outreach, "in-person", EcmEncounters.FromOutreach),
            A(EcmEncounterCoding.Outreach, "phone", EcmEncounters.FromOutreach),
            A(EcmEncounterCoding.Outreach, "text", EcmEncounters.FromOutreach),
        ], EcmEncounterCoding.Embedded);
        encounters.Select(e => (e.Code.Key, e.Units, e.Remote)).ShouldBe([("G9012 U8", 1, false), ("G9012 U8 GQ", 2, true)]);
        encounters.ShouldAllBe(e => e.Code.Confirmed);
    }

    [Fact]
    public void Build_AnAttemptAlsoOnTheOutreachTrackerFile_CountsOnce()
    {
        var encounters = EcmEncounters.Build([
            A(EcmEncounterCoding.Outreach, "phone", EcmEncounters.FromOutreach),
            A(EcmEncounterCoding.Outreach, "phone", EcmEncounters.FromOutreachFile),
            A(EcmEncounterCoding.Outreach, "in-person", EcmEncounters.FromOutreachFile, _day.AddDays(1)),
        ], EcmEncounterCoding.Embedded);
        encounters.Select(e => (e.Date, e.Code.Key, e.Units, e.Sources[0])).ShouldBe([
            (_day, "G9012 U8 GQ", 1, EcmEncounters.FromOutreach), (_day.AddDays(1), "G9012 U8", 1, EcmEncounters.FromOutreachFile)]);
    }

    [Fact]
    public void Build_CareManagement_IsOneInPersonEncounterPerDay_WhateverItLeftBehind()
    {
        var encounters = EcmEncounters.Build([
            A(EcmEncounterCoding.CareManagement, "in-person", EcmEncounters.FromAssessment),
            A(EcmEncounterCoding.CareManagement, "in-person", EcmEncounters.FromCarePlan),
            A(EcmEncounterCoding.CareManagement, "in-person", EcmEncounters.FromCarePlan, _day.AddDays(7)),
        ], EcmEncounterCoding.Embedded);
        encounters.Select(e => (e.Date, e.Code.Key, e.Units)).ShouldBe([(_day, "G9012 U2", 1), (_day.AddDays(7), "G9012 U2", 1)]);
        encounters[0].Sources.ShouldBe([EcmEncounters.FromAssessment, EcmEncounters.FromCarePlan]);
    }

    [Fact]
    public void Coding_ClinicalStaffRows_StayUnconfirmed_AndAreNeverChosenByBuild()
    {
        EcmEncounterCoding.Embedded.For(EcmEncounterCoding.CareManagement, clinicalStaff: true, remote: true).Confirmed.ShouldBeFalse();
        EcmEncounters.Build([A(EcmEncounterCoding.CareManagement, "video", EcmEncounters.FromCarePlan)], EcmEncounterCoding.Embedded)
            .ShouldHaveSingleItem().Code.Key.ShouldBe("G9012 U2 GQ");
    }

    [Fact]
    public void ControlNumbers_FitTheirX12Elements()
    {
        var e = EcmEncounters.Build([A(EcmEncounterCoding.Outreach, "phone", EcmEncounters.FromOutreach)], EcmEncounterCoding.Embedded)[0];
        EcmEncounters.LineControlNumber(e).Length.ShouldBeLessThanOrEqualTo(30);
        EcmEncounters.ClaimNumber(_case).Length.ShouldBe(20);
    }
}
