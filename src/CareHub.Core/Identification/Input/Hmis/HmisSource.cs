using CareHub.Identification.Engine;

namespace CareHub.Identification.Input.Hmis;

/// <summary>
/// Reads a HUD HMIS CSV export (Client, Enrollment, Exit, Project and, when present, CurrentLivingSituation),
/// matches clients to members and turns the matched clients' records into times of homelessness:
/// an enrollment in a shelter, transitional housing, street outreach or safe haven project (entry to exit);
/// a permanent housing enrollment before move-in; a homeless prior living situation at entry; a homeless exit
/// destination; a homeless current living situation.
/// </summary>
internal static class HmisSource
{
    public static async Task<IReadOnlyList<HmisMatch>?> ReadAsync(string directory, ReadContext context, FactCollector collector, MemberTable members, List<InputFileRef> files)
    {
        if (!Directory.Exists(directory))
        {
            context.Problems.Add(new InputProblem(null, $"HMIS directory {directory} not found."));
            return null;
        }

        var client = TableFiles.Find(directory, "Client", context, caseInsensitive: true);
        var enrollment = TableFiles.Find(directory, "Enrollment", context, caseInsensitive: true);
        var exit = TableFiles.Find(directory, "Exit", context, caseInsensitive: true);
        var project = TableFiles.Find(directory, "Project", context, caseInsensitive: true);
        var living = TableFiles.Find(directory, "CurrentLivingSituation", context, caseInsensitive: true);
        var missing = new[] { (client, "Client.csv"), (enrollment, "Enrollment.csv"), (exit, "Exit.csv"), (project, "Project.csv") }
            .Where(f => f.Item1 is null).Select(f => f.Item2).ToList();
        if (missing.Count > 0)
        {
            context.Problems.Add(new InputProblem(null, $"{string.Join(", ", missing)} not found in the HMIS export {directory}."));
            return null;
        }

        files.AddRange(new[] { client, enrollment, exit, project, living }.OfType<InputFileRef>().Select(f => f with { DisplayName = "hmis/" + f.DisplayName }));
        var projects = new Dictionary<string, HmisProject>(StringComparer.Ordinal);
        var clients = new List<HmisClient>();
        var enrollments = new List<HmisEnrollment>();
        var exits = new Dictionary<string, HmisExit>(StringComparer.Ordinal);
        var situations = new List<HmisLivingSituation>();
        if (await TableFiles.ReadAsync(Named(project!), HmisSchemas.Project, context, m => new HmisProjectWorker(m, projects), parallel: false) is null
            || await TableFiles.ReadAsync(Named(client!), HmisSchemas.Client, context, m => new HmisClientWorker(m, clients), parallel: false) is null
            || await TableFiles.ReadAsync(Named(enrollment!), HmisSchemas.Enrollment, context, m => new HmisEnrollmentWorker(m, enrollments, projects, [.. clients.Select(c => c.PersonalId)]), parallel: false) is null
            || await TableFiles.ReadAsync(Named(exit!), HmisSchemas.Exit, context, m => new HmisExitWorker(m, exits), parallel: false) is null
            || (living is not null && await TableFiles.ReadAsync(Named(living), HmisSchemas.CurrentLivingSituation, context,
                m => new HmisLivingSituationWorker(m, situations), parallel: false) is null))
        {
            return null;
        }

        if (context.ShouldStop)
        {
            return [];
        }

        context.Progress.SetStage("matching HMIS clients");
        var matcher = new HmisIdentityMatcher(members);
        var matches = new List<HmisMatch>(clients.Count);
        var memberOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in clients)
        {
            var (match, member) = matcher.Match(c);
            matches.Add(match);
            if (member >= 0)
            {
                memberOf[c.PersonalId] = member;
            }
        }

        var sink = collector.NewSink();
        foreach (var e in enrollments)
        {
            if (!memberOf.TryGetValue(e.PersonalId, out var member))
            {
                continue;
            }

            var p = projects[e.ProjectId];
            exits.TryGetValue(e.EnrollmentId, out var x);
            var end = x?.ExitDay ?? int.MaxValue;
            var name = p.Name.Length > 0 ? p.Name : "project " + p.ProjectId;
            if (HmisCodes.IsHomelessProject(p.ProjectType))
            {
                Add(sink, member, e.EntryDay, end, e.EnrollmentId, $"enrollment in {name} ({HmisCodes.ProjectTypeWords(p.ProjectType)})");
            }
            else if (HmisCodes.IsPermanentHousing(p.ProjectType) && (e.MoveInDay is null || e.MoveInDay > e.EntryDay))
            {
                var until = e.MoveInDay is { } moveIn ? Math.Min(end, moveIn - 1) : end;
                Add(sink, member, e.EntryDay, until, e.EnrollmentId, $"enrollment in {name} ({HmisCodes.ProjectTypeWords(p.ProjectType)}) before move-in");
            }

            if (e.LivingSituation is { } prior && HmisCodes.IsHomelessSituation(prior))
            {
                Add(sink, member, e.EntryDay, e.EntryDay, e.EnrollmentId, $"living in {HmisCodes.SituationWords(prior)} at entry to {name}");
            }

            if (x?.Destination is { } destination && HmisCodes.IsHomelessSituation(destination))
            {
                Add(sink, member, x.ExitDay, x.ExitDay, e.EnrollmentId, $"exit from {name} to {HmisCodes.SituationWords(destination)}");
            }
        }

        foreach (var s in situations)
        {
            if (memberOf.TryGetValue(s.PersonalId, out var member) && HmisCodes.IsHomelessSituation(s.Situation))
            {
                Add(sink, member, s.Day, s.Day, s.Id.Length > 0 ? s.Id : s.PersonalId, $"contact: living in {HmisCodes.SituationWords(s.Situation)}");
            }
        }

        return matches;

        static InputFileRef Named(InputFileRef f) => f with { DisplayName = "hmis/" + f.DisplayName };
    }

    private static void Add(FactSink sink, int member, int start, int end, string source, string description) =>
        sink.Homeless.Add(member, new HomelessFact
        {
            Start = start,
            End = end,
            Source = sink.Text.Add(source),
            Description = sink.Text.Add(description),
        });
}

internal static class HmisSchemas
{
    public static readonly TableSchema Client = new("HMIS clients", ["PersonalID"],
        ["FirstName", "LastName", "SSN", "SSNDataQuality", "DOB", "DOBDataQuality", "NameDataQuality", "DateDeleted"]);

    public static readonly TableSchema Enrollment = new("HMIS enrollments", ["EnrollmentID", "PersonalID", "ProjectID", "EntryDate"],
        ["LivingSituation", "MoveInDate", "DateDeleted"]);

    public static readonly TableSchema Exit = new("HMIS exits", ["EnrollmentID", "ExitDate"],
        ["ExitID", "PersonalID", "Destination", "DateDeleted"]);

    public static readonly TableSchema Project = new("HMIS projects", ["ProjectID", "ProjectType"],
        ["ProjectName", "OrganizationID", "DateDeleted"]);

    public static readonly TableSchema CurrentLivingSituation = new("HMIS current living situations",
        ["PersonalID", "InformationDate", "CurrentLivingSituation"],
        ["CurrentLivingSitID", "EnrollmentID", "DateDeleted"]);
}
