using CareHub.Catalog;

namespace CareHub.Identification;

/// <summary>
/// The population rules the engine uses until the program catalog supplies them. Thresholds follow the domain
/// notes; where those mark a fact UNCONFIRMED the criterion's <see cref="Criterion.Note"/> says so. Version names
/// are the month the version took effect.
/// </summary>
public sealed class BuiltInPopulationRules : IPopulationRuleSource
{
    public const string AdultHighUtilizer = "adult-high-utilizer";
    public const string ChildHighUtilizer = "child-high-utilizer";
    public const string Homelessness = "homelessness";
    public const string AdultSmiSud = "adult-smi-sud";
    public const string IncarcerationTransition = "incarceration-transition";
    public const string NursingFacilityTransition = "nf-transition";
    public const string LtcAtRisk = "ltc-at-risk";
    public const string BirthEquity = "birth-equity";

    /// <summary>Race or ethnicity values (plan-data vocabulary) that the Birth Equity population covers.</summary>
    public static readonly IReadOnlyList<string> BirthEquityRaces = ["black", "american-indian-alaska-native", "pacific-islander"];

    public static BuiltInPopulationRules Instance { get; } = new();

    /// <summary>Every version of every rule.</summary>
    public IReadOnlyList<PopulationRule> All { get; } = Build();

    public IReadOnlyList<PopulationRule> GetRules(string ruleVersion, DateOnly asOf) =>
        PopulationRuleSelection.Select(All, ruleVersion, asOf);

    private static List<PopulationRule> Build()
    {
        var adult = new AgeCriterion(21, null);
        var child = new AgeCriterion(null, 20);
        string[] edVisit = [EventKinds.EdVisit];
        string[] stays = [EventKinds.InpatientAdmission, EventKinds.SnfStay];
        const string hu2021 = "seed 002 (CalOptima 2021 model of care, pre-launch proposal)";
        const string huCurrent = "https://healthy.kaiserpermanente.org/northern-california/shop-plans/medicaid/calaim-programs";

        return
        [
            new(AdultHighUtilizer, "2022", new DateOnly(2022, 1, 1), new DateOnly(2023, 6, 30),
                new AllOf([
                    new AnyOf([
                        new EventCountCriterion(edVisit, 6, 12),
                        new EventCountCriterion([EventKinds.InpatientAdmission], 2, 12),
                        new EventCountCriterion([EventKinds.SnfStay], 2, 12),
                    ]) { Citation = hu2021, Note = "UNCONFIRMED as a DHCS rule; 'avoidable' is not checked by data." },
                    adult,
                ]))
            { Name = "Adult high utilizers" },
            new(AdultHighUtilizer, "2023-07", new DateOnly(2023, 7, 1), null,
                new AllOf([
                    new AnyOf([
                        new EventCountCriterion(edVisit, 5, 6),
                        new EventCountCriterion(stays, 3, 6),
                    ]) { Citation = huCurrent, Note = "Start date of the 6-month thresholds UNCONFIRMED." },
                    adult,
                ]))
            { Name = "Adults at risk for avoidable hospital or ED utilization" },
            new(ChildHighUtilizer, "2023-07", new DateOnly(2023, 7, 1), null,
                new AllOf([
                    new AnyOf([
                        new EventCountCriterion(edVisit, 3, 12),
                        new EventCountCriterion(stays, 2, 12),
                    ]) { Citation = huCurrent },
                    child,
                ]))
            { Name = "Children and youth at risk for avoidable hospital or ED utilization" },
            new(Homelessness, "2022", new DateOnly(2022, 1, 1), null,
                new HomelessnessCriterion(180)
                {
                    Citation = "https://lacare.org/providers/ecm/eligibility",
                    Note = "Data shows homelessness only; the complex need is confirmed at assessment. Window UNCONFIRMED.",
                })
            { Name = "Individuals and families experiencing homelessness" },
            new(AdultSmiSud, "2022", new DateOnly(2022, 1, 1), null,
                new AllOf([
                    new AnyOf([
                        new DiagnosisCriterion("serious-mental-illness", CodeLists.SeriousMentalIllness, 12, 2),
                        new DiagnosisCriterion("substance-use-disorder", CodeLists.SubstanceUse, 12, 2),
                    ])
                    {
                        Note = "Data proxy for 'meets SMHS, DMC or DMC-ODS criteria'; the complex social factor and risk "
                            + "markers are confirmed at assessment (UNCONFIRMED).",
                    },
                    adult,
                ]))
            { Name = "Adults with serious mental health and/or SUD needs" },
            new(IncarcerationTransition, "2024-01", new DateOnly(2024, 1, 1), null,
                new AllOf([
                    new ReleaseCriterion(12),
                    new AnyOf([
                        child,
                        new DiagnosisCriterion("justice-involved-conditions", CodeLists.JusticeInvolvedConditions, 24),
                    ]),
                ])
                { Note = "Statewide go-live date and condition list UNCONFIRMED." })
            { Name = "Individuals transitioning from incarceration" },
            new(LtcAtRisk, "2023-01", new DateOnly(2023, 1, 1), null,
                new AllOf([
                    new EventCountCriterion([EventKinds.SnfStay], 1, 12)
                    {
                        Note = "Data proxy: a short-term skilled nursing stay in the last 12 months; nursing facility "
                            + "level of care and the ability to live safely in the community are confirmed at assessment.",
                    },
                    adult,
                ]))
            { Name = "Adults living in the community and at risk for LTC institutionalization" },
            new(NursingFacilityTransition, "2023-01", new DateOnly(2023, 1, 1), null,
                new AllOf([
                    new ProgramCriterion(ProgramCodes.NursingFacility)
                    {
                        Note = "Resident of a nursing facility on the as-of date; the wish to move is confirmed at assessment.",
                    },
                    adult,
                ]))
            { Name = "Adult nursing facility residents transitioning to the community" },
            new(BirthEquity, "2024-01", new DateOnly(2024, 1, 1), null,
                new AllOf([
                    new DiagnosisCriterion("pregnancy", CodeLists.Pregnancy, 12)
                    {
                        Note = "Pregnant or within 12 months postpartum, shown by a pregnancy or delivery diagnosis.",
                    },
                    new MemberAttributeCriterion("raceEthnicity", BirthEquityRaces),
                ])
                { Citation = "https://www.dhcs.ca.gov/CalAIM/Pages/BirthingCarePathway.aspx", Note = "Go-live date UNCONFIRMED." })
            { Name = "Birth equity" },
        ];
    }
}
