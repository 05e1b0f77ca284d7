using System.Text.Json;
using System.Text.RegularExpressions;

namespace CareHub.Catalog;

/// <summary>Reads a criterion tree (the same JSON shape <see cref="CatalogJson"/> writes) with precise errors.</summary>
internal static partial class CriterionReader
{
    private static readonly string[] _common = ["kind", "citation", "note"];

    public static readonly IReadOnlyList<string> Kinds =
        ["all-of", "any-of", "none-of", "age", "event-count", "diagnosis", "homelessness", "program", "release", "member-attribute", "attestation"];

    /// <summary>An ICD-10-CM code or prefix: F20, F32.2, Z59.0, T40.1X1.</summary>
    [GeneratedRegex("^[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?$")]
    private static partial Regex IcdCode();

    public static Criterion? Read(JsonFieldReader r, JsonElement element, string path)
    {
        if (!r.IsObject(element, path))
        {
            return null;
        }

        var kind = r.OneOf(element, path, "kind", Kinds);
        if (kind is null)
        {
            return null;
        }

        var before = r.ErrorCount;
        var citation = r.String(element, path, "citation", required: false);
        var note = r.String(element, path, "note", required: false);
        var criterion = kind switch
        {
            "all-of" => Group(r, element, path, list => new AllOf(list)),
            "any-of" => Group(r, element, path, list => new AnyOf(list)),
            "none-of" => Group(r, element, path, list => new NoneOf(list)),
            "age" => Age(r, element, path),
            "event-count" => EventCount(r, element, path),
            "diagnosis" => Diagnosis(r, element, path),
            "homelessness" => Homelessness(r, element, path),
            "program" => Program(r, element, path),
            "release" => Release(r, element, path),
            "member-attribute" => MemberAttribute(r, element, path),
            "attestation" => Attestation(r, element, path),
            _ => null,
        };

        return criterion is null || r.ErrorCount > before ? null : criterion with { Citation = citation, Note = note };
    }

    private static void Known(JsonFieldReader r, JsonElement element, string path, params string[] fields) =>
        r.RejectUnknownFields(element, path, [.. _common, .. fields]);

    private static Criterion? Group(JsonFieldReader r, JsonElement element, string path, Func<IReadOnlyList<Criterion>, Criterion> create)
    {
        Known(r, element, path, "criteria");
        var children = r.Objects(element, path, "criteria", (e, p) => Read(r, e, p));
        return children is null ? null : create(children);
    }

    private static AgeCriterion? Age(JsonFieldReader r, JsonElement element, string path)
    {
        Known(r, element, path, "min", "max");
        var min = r.Int(element, path, "min", 0, 130, required: false);
        var max = r.Int(element, path, "max", 0, 130, required: false);
        if (min is null && max is null)
        {
            r.Error(JsonFieldReader.Child(path, "min"), "an age criterion needs min, max or both");
            return null;
        }

        if (min > max)
        {
            r.Error(JsonFieldReader.Child(path, "max"), $"{max} is below min {min}");
            return null;
        }

        return new AgeCriterion(min, max);
    }

    private static EventCountCriterion? EventCount(JsonFieldReader r, JsonElement element, string path)
    {
        Known(r, element, path, "events", "min", "windowMonths");
        var events = r.Strings(element, path, "events", check: e => CatalogVocabulary.EventKinds.ContainsKey(e)
            ? null
            : $"unknown event kind '{e}' (expected one of: {string.Join(", ", CatalogVocabulary.EventKinds.Keys)})");
        var min = r.Int(element, path, "min", 1);
        var window = r.Int(element, path, "windowMonths", 1, 120);
        return events is null || min is null || window is null ? null : new EventCountCriterion(events, min.Value, window.Value);
    }

    private static DiagnosisCriterion? Diagnosis(JsonFieldReader r, JsonElement element, string path)
    {
        Known(r, element, path, "codeList", "codes", "windowMonths", "minCount");
        var codeList = r.Code(element, path, "codeList");
        var codes = r.Strings(element, path, "codes", check: c => IcdCode().IsMatch(c)
            ? null
            : $"'{c}' is not an ICD-10 code or prefix (like F20 or F32.2)");
        var window = r.Int(element, path, "windowMonths", 1, 120, required: false);
        var minCount = r.Int(element, path, "minCount", 1, required: false) ?? 1;
        return codeList is null || codes is null ? null : new DiagnosisCriterion(codeList, codes, window, minCount);
    }

    private static HomelessnessCriterion? Homelessness(JsonFieldReader r, JsonElement element, string path)
    {
        Known(r, element, path, "windowDays", "includeAtRisk");
        var days = r.Int(element, path, "windowDays", 1, 3660);
        var atRisk = r.Bool(element, path, "includeAtRisk", required: false) ?? false;
        return days is null ? null : new HomelessnessCriterion(days.Value, atRisk);
    }

    private static ProgramCriterion? Program(JsonFieldReader r, JsonElement element, string path)
    {
        Known(r, element, path, "program", "withinMonths");
        var program = r.OneOf(element, path, "program", CatalogVocabulary.Programs.Keys.ToList());
        var within = r.Int(element, path, "withinMonths", 1, 120, required: false);
        return program is null ? null : new ProgramCriterion(program, within);
    }

    private static ReleaseCriterion? Release(JsonFieldReader r, JsonElement element, string path)
    {
        Known(r, element, path, "withinMonths");
        var within = r.Int(element, path, "withinMonths", 1, 120);
        return within is null ? null : new ReleaseCriterion(within.Value);
    }

    private static MemberAttributeCriterion? MemberAttribute(JsonFieldReader r, JsonElement element, string path)
    {
        Known(r, element, path, "attribute", "values");
        var attribute = r.OneOf(element, path, "attribute", CatalogVocabulary.MemberAttributes.Keys.ToList());
        var values = r.Strings(element, path, "values");
        return attribute is null || values is null ? null : new MemberAttributeCriterion(attribute, values);
    }

    private static AttestationCriterion? Attestation(JsonFieldReader r, JsonElement element, string path)
    {
        Known(r, element, path, "statement");
        var statement = r.String(element, path, "statement");
        return statement is null ? null : new AttestationCriterion(statement);
    }
}
