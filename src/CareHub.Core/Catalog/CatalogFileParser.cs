using System.Text.Json;

namespace CareHub.Catalog;

internal sealed record PopulationsFileData(string CatalogVersion, IReadOnlyList<PopulationOfFocus> Entries);

internal sealed record CommunitySupportsFileData(string CatalogVersion, IReadOnlyList<CommunitySupport> Entries, IReadOnlyList<SharedLimit> SharedLimits);

internal sealed record EcmExclusionsFileData(string CatalogVersion, IReadOnlyList<EcmExclusion> Entries, IReadOnlyList<EcmNote> Notes);

/// <summary>Reads and checks each of the three catalog data files on its own.</summary>
internal static class CatalogFileParser
{
    private static readonly IReadOnlyDictionary<string, Confidence> _confidence =
        new Dictionary<string, Confidence> { ["confirmed"] = Confidence.Confirmed, ["unconfirmed"] = Confidence.Unconfirmed };

    private static readonly IReadOnlyDictionary<string, AgeGroup> _ageGroups =
        new Dictionary<string, AgeGroup> { ["adult"] = AgeGroup.Adult, ["child"] = AgeGroup.Child, ["both"] = AgeGroup.Both };

    private static readonly IReadOnlyDictionary<string, ExclusionType> _exclusionTypes =
        new Dictionary<string, ExclusionType> { ["exclusion"] = ExclusionType.Exclusion, ["non-duplication"] = ExclusionType.NonDuplication };

    public static PopulationsFileData? Populations(JsonFieldReader r, JsonElement root)
    {
        var version = Header(r, root, "populations");
        var entries = Entries(r, root, "populations", Population);
        return version is null || entries is null ? null : new PopulationsFileData(version, entries);
    }

    public static CommunitySupportsFileData? CommunitySupports(JsonFieldReader r, JsonElement root)
    {
        var version = Header(r, root, "communitySupports", "sharedLimits");
        var entries = Entries(r, root, "communitySupports", CommunitySupport);
        var shared = Entries(r, root, "sharedLimits", SharedLimit, required: false);
        return version is null || entries is null || shared is null ? null : new CommunitySupportsFileData(version, entries, shared);
    }

    public static EcmExclusionsFileData? EcmExclusions(JsonFieldReader r, JsonElement root)
    {
        var version = Header(r, root, "ecmExclusions", "ecmNotes");
        var entries = Entries(r, root, "ecmExclusions", EcmExclusion);
        var notes = root.TryGetProperty("ecmNotes", out _)
            ? r.Objects(root, "", "ecmNotes", (e, p) => EcmNote(r, e, p), allowEmpty: true)
            : [];
        return version is null || entries is null || notes is null ? null : new EcmExclusionsFileData(version, entries, notes);
    }

    private static EcmNote? EcmNote(JsonFieldReader r, JsonElement e, string path)
    {
        r.RejectUnknownFields(e, path, ["topic", "text", "effectiveFrom", "sources", "confidence"]);
        var topic = r.Code(e, path, "topic");
        var text = r.String(e, path, "text");
        var from = r.Date(e, path, "effectiveFrom", required: false);
        var sources = Sources(r, e, path);
        var confidence = r.Enum(e, path, "confidence", _confidence);
        return topic is null || text is null || sources is null || confidence is null ? null : new EcmNote(topic, text, from, sources, confidence.Value);
    }

    /// <summary>Checks <c>formatVersion</c>, reads <c>catalogVersion</c> and rejects unknown top-level fields.</summary>
    private static string? Header(JsonFieldReader r, JsonElement root, params string[] sections)
    {
        if (!r.IsObject(root, ""))
        {
            return null;
        }

        r.RejectUnknownFields(root, "", ["$schema", "formatVersion", "catalogVersion", .. sections]);
        var format = r.Int(root, "", "formatVersion", 1);
        if (format is not null and not CatalogLoader.FormatVersion)
        {
            r.Error("formatVersion", $"format version {format} is not supported (this CareHub reads version {CatalogLoader.FormatVersion})");
        }

        return r.String(root, "", "catalogVersion");
    }

    /// <summary>
    /// Reads the entries of one section. Each entry is read with <see cref="JsonFieldReader.Entry"/> set to its code
    /// (or <c>#n</c>, counting from 1, when it has none); codes must be unique in the section.
    /// </summary>
    private static List<T>? Entries<T>(JsonFieldReader r, JsonElement root, string section, Func<JsonFieldReader, JsonElement, T?> read, bool required = true)
        where T : class
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (!root.TryGetProperty(section, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                r.Error(section, "is required");
                return null;
            }

            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            r.Error(section, "must be an array");
            return null;
        }

        var entries = new List<T>();
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = true;
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            index++;
            r.Entry = element.ValueKind == JsonValueKind.Object
                && element.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(code.GetString())
                ? code.GetString()
                : $"#{index}";
            var before = r.ErrorCount;
            var entry = r.IsObject(element, "") ? read(r, element) : null;
            if (codes.TryGetValue(r.Entry!, out var first))
            {
                r.Error("code", $"duplicate code: entry #{first} in {section} has the same code");
            }
            else
            {
                codes[r.Entry!] = index;
            }

            if (entry is null || r.ErrorCount > before)
            {
                ok = false;
            }
            else
            {
                entries.Add(entry);
            }
        }

        r.Entry = null;
        return ok ? entries : null;
    }

    private static PopulationOfFocus? Population(JsonFieldReader r, JsonElement e)
    {
        r.RejectUnknownFields(e, "", ["code", "name", "dhcsCode", "ageGroup", "formerNames", "goLive", "ruleVersions"]);
        var code = r.Code(e, "", "code");
        var name = r.String(e, "", "name");
        var dhcsCode = r.String(e, "", "dhcsCode", required: false);
        var ageGroup = r.Enum(e, "", "ageGroup", _ageGroups);
        var formerNames = r.Strings(e, "", "formerNames", required: false, allowEmpty: true);
        var goLive = r.Objects(e, "", "goLive", (g, p) => GoLive(r, g, p));
        var versions = r.Objects(e, "", "ruleVersions", (v, p) => PopulationRuleVersion(r, v, p));
        if (versions is not null)
        {
            CheckVersionRanges(r, versions);
        }

        return code is null || name is null || ageGroup is null || formerNames is null || goLive is null || versions is null
            ? null
            : new PopulationOfFocus(code, name, dhcsCode, ageGroup.Value, formerNames, goLive, versions);
    }

    private static GoLive? GoLive(JsonFieldReader r, JsonElement e, string path)
    {
        r.RejectUnknownFields(e, path, ["date", "countyGroup", "counties", "confidence", "note"]);
        var date = r.Date(e, path, "date");
        var group = r.Code(e, path, "countyGroup", required: false);
        var counties = r.Strings(e, path, "counties", required: false, allowEmpty: true);
        var confidence = r.Enum(e, path, "confidence", _confidence);
        var note = r.String(e, path, "note", required: false);
        return date is null || counties is null || confidence is null ? null : new GoLive(date.Value, group, counties, confidence.Value, note);
    }

    private static PopulationRuleVersion? PopulationRuleVersion(JsonFieldReader r, JsonElement e, string path)
    {
        r.RejectUnknownFields(e, path, ["ruleVersion", "effectiveFrom", "effectiveTo", "name", "criteria", "sources", "confidence", "notes"]);
        var range = VersionRange(r, e, path);
        var name = r.String(e, path, "name", required: false);
        var criteria = Criteria(r, e, path);
        var sources = Sources(r, e, path);
        var confidence = r.Enum(e, path, "confidence", _confidence);
        var notes = r.String(e, path, "notes", required: false);
        return range is null || criteria is null || sources is null || confidence is null
            ? null
            : new PopulationRuleVersion(range.Value.Version, range.Value.From, range.Value.To, name, criteria, sources, confidence.Value, notes);
    }

    private static CommunitySupport? CommunitySupport(JsonFieldReader r, JsonElement e)
    {
        r.RejectUnknownFields(e, "", ["code", "name", "formerNames", "ruleVersions"]);
        var code = r.Code(e, "", "code");
        var name = r.String(e, "", "name");
        var formerNames = r.Strings(e, "", "formerNames", required: false, allowEmpty: true);
        var versions = r.Objects(e, "", "ruleVersions", (v, p) => CommunitySupportVersion(r, v, p));
        if (versions is not null)
        {
            CheckVersionRanges(r, versions);
        }

        return code is null || name is null || formerNames is null || versions is null
            ? null
            : new CommunitySupport(code, name, formerNames, versions);
    }

    private static CommunitySupportVersion? CommunitySupportVersion(JsonFieldReader r, JsonElement e, string path)
    {
        r.RejectUnknownFields(e, path,
            ["ruleVersion", "effectiveFrom", "effectiveTo", "name", "definition", "criteria", "limits", "billing", "providerTypes", "sources", "confidence", "notes"]);
        var range = VersionRange(r, e, path);
        var name = r.String(e, path, "name", required: false);
        var definition = r.String(e, path, "definition");
        var criteria = Criteria(r, e, path);
        var limits = r.Objects(e, path, "limits", (l, p) => ReadLimit(r, l, p), required: true, allowEmpty: true);
        var billing = r.Objects(e, path, "billing", (b, p) => Billing(r, b, p));
        if (billing is not null)
        {
            CheckBillingUnique(r, billing, path);
        }

        var providerTypes = r.Strings(e, path, "providerTypes", check: t => CatalogVocabulary.ProviderTypes.ContainsKey(t)
            ? null
            : $"unknown provider type '{t}' (expected one of: {string.Join(", ", CatalogVocabulary.ProviderTypes.Keys)})");
        var sources = Sources(r, e, path);
        var confidence = r.Enum(e, path, "confidence", _confidence);
        var notes = r.String(e, path, "notes", required: false);
        return range is null || definition is null || criteria is null || limits is null || billing is null
            || providerTypes is null || sources is null || confidence is null
            ? null
            : new CommunitySupportVersion(range.Value.Version, range.Value.From, range.Value.To, name, definition, criteria,
                limits, billing, providerTypes, sources, confidence.Value, notes);
    }

    internal static Limit? ReadLimit(JsonFieldReader r, JsonElement e, string path)
    {
        r.RejectUnknownFields(e, path, ["kind", "quantity", "unit", "period", "confidence", "note", "exceptions"]);
        var kind = r.OneOf(e, path, "kind", CatalogVocabulary.LimitKinds);
        var quantity = r.PositiveNumber(e, path, "quantity");
        var unit = r.OneOf(e, path, "unit", CatalogVocabulary.LimitUnits);
        var period = r.OneOf(e, path, "period", CatalogVocabulary.LimitPeriods);
        var confidence = r.Enum(e, path, "confidence", _confidence, required: false);
        var note = r.String(e, path, "note", required: false);
        var exceptions = LimitExceptions(r, e, path, quantity);
        return kind is null || quantity is null || unit is null || period is null || exceptions is null
            ? null
            : new Limit(kind, quantity.Value, unit, period, confidence, note, exceptions);
    }

    private static List<LimitException>? LimitExceptions(JsonFieldReader r, JsonElement e, string path, decimal? limit)
    {
        if (!e.TryGetProperty("exceptions", out _))
        {
            return [];
        }

        var list = r.Objects(e, path, "exceptions", (x, p) => LimitException(r, x, p, limit), allowEmpty: true);
        if (list is not null)
        {
            foreach (var duplicate in list.GroupBy(x => x.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                r.Error(JsonFieldReader.Child(path, "exceptions"), $"the exception code '{duplicate.Key}' is listed more than once");
            }
        }

        return list;
    }

    private static LimitException? LimitException(JsonFieldReader r, JsonElement e, string path, decimal? limit)
    {
        r.RejectUnknownFields(e, path, ["code", "description", "source", "confidence", "upTo", "requires"]);
        var code = r.Code(e, path, "code");
        var description = r.String(e, path, "description");
        var source = r.String(e, path, "source");
        var confidence = r.Enum(e, path, "confidence", _confidence);
        decimal? upTo = null;
        if (e.TryGetProperty("upTo", out var upToValue) && upToValue.ValueKind != JsonValueKind.Null)
        {
            upTo = r.PositiveNumber(e, path, "upTo");
            if (upTo is not null && limit is not null && upTo <= limit)
            {
                r.Error(JsonFieldReader.Child(path, "upTo"), $"an exception must allow more than the limit ({limit}), not {upTo}");
            }
        }

        var requires = r.String(e, path, "requires", required: false);
        return code is null || description is null || source is null || confidence is null
            ? null
            : new LimitException(code, description, source, confidence.Value, upTo, requires);
    }

    private static BillingCode? Billing(JsonFieldReader r, JsonElement e, string path)
    {
        r.RejectUnknownFields(e, path, ["hcpcs", "modifiers", "unit", "description", "confidence", "note"]);
        var hcpcs = r.String(e, path, "hcpcs");
        if (hcpcs is not null && !IsHcpcs(hcpcs))
        {
            r.Error(JsonFieldReader.Child(path, "hcpcs"), $"'{hcpcs}' is not a HCPCS code (a capital letter and four digits, like H0044)");
            hcpcs = null;
        }

        var modifiers = r.Strings(e, path, "modifiers", allowEmpty: true, check: m => IsModifier(m)
            ? null
            : $"'{m}' is not a HCPCS modifier (two capital letters or digits, like U2)");
        var unit = r.OneOf(e, path, "unit", CatalogVocabulary.BillingUnits);
        var description = r.String(e, path, "description");
        var confidence = r.Enum(e, path, "confidence", _confidence, required: false);
        var note = r.String(e, path, "note", required: false);
        return hcpcs is null || modifiers is null || unit is null || description is null
            ? null
            : new BillingCode(hcpcs, modifiers, unit, description, confidence, note);
    }

    private static SharedLimit? SharedLimit(JsonFieldReader r, JsonElement e)
    {
        r.RejectUnknownFields(e, "",
            ["code", "name", "services", "kind", "quantity", "unit", "period", "effectiveFrom", "effectiveTo", "sources", "confidence", "notes", "exceptions"]);
        var code = r.Code(e, "", "code");
        var name = r.String(e, "", "name");
        var services = r.Strings(e, "", "services");
        var kind = r.OneOf(e, "", "kind", CatalogVocabulary.LimitKinds);
        var quantity = r.PositiveNumber(e, "", "quantity");
        var unit = r.OneOf(e, "", "unit", CatalogVocabulary.LimitUnits);
        var period = r.OneOf(e, "", "period", CatalogVocabulary.LimitPeriods);
        var range = DateRange(r, e, "");
        var sources = Sources(r, e, "");
        var confidence = r.Enum(e, "", "confidence", _confidence);
        var notes = r.String(e, "", "notes", required: false);
        var exceptions = LimitExceptions(r, e, "", quantity);
        return code is null || name is null || services is null || kind is null || quantity is null || unit is null
            || period is null || range is null || sources is null || confidence is null || exceptions is null
            ? null
            : new SharedLimit(code, name, services, kind, quantity.Value, unit, period, range.Value.From, range.Value.To,
                sources, confidence.Value, notes, exceptions);
    }

    private static EcmExclusion? EcmExclusion(JsonFieldReader r, JsonElement e)
    {
        r.RejectUnknownFields(e, "",
            ["code", "name", "type", "description", "criteria", "effectiveFrom", "effectiveTo", "sources", "confidence", "notes"]);
        var code = r.Code(e, "", "code");
        var name = r.String(e, "", "name");
        var type = r.Enum(e, "", "type", _exclusionTypes);
        var description = r.String(e, "", "description");
        var criteria = Criteria(r, e, "");
        var range = DateRange(r, e, "");
        var sources = Sources(r, e, "");
        var confidence = r.Enum(e, "", "confidence", _confidence);
        var notes = r.String(e, "", "notes", required: false);
        return code is null || name is null || type is null || description is null || criteria is null || range is null
            || sources is null || confidence is null
            ? null
            : new EcmExclusion(code, name, type.Value, description, criteria, range.Value.From, range.Value.To, sources,
                confidence.Value, notes);
    }

    private static Criterion? Criteria(JsonFieldReader r, JsonElement e, string path)
    {
        if (!e.TryGetProperty("criteria", out var criteria) || criteria.ValueKind == JsonValueKind.Null)
        {
            r.Error(JsonFieldReader.Child(path, "criteria"), "is required");
            return null;
        }

        return CriterionReader.Read(r, criteria, JsonFieldReader.Child(path, "criteria"));
    }

    private static List<string>? Sources(JsonFieldReader r, JsonElement e, string path) => r.Strings(e, path, "sources");

    private static (string Version, DateOnly From, DateOnly? To)? VersionRange(JsonFieldReader r, JsonElement e, string path)
    {
        var version = r.String(e, path, "ruleVersion");
        var range = DateRange(r, e, path);
        return version is null || range is null ? null : (version, range.Value.From, range.Value.To);
    }

    /// <summary>Reads <c>effectiveFrom</c> (required) and <c>effectiveTo</c> (inclusive; missing or null = open).</summary>
    private static (DateOnly From, DateOnly? To)? DateRange(JsonFieldReader r, JsonElement e, string path)
    {
        var from = r.Date(e, path, "effectiveFrom");
        var toGiven = e.TryGetProperty("effectiveTo", out var toElement) && toElement.ValueKind != JsonValueKind.Null;
        var to = r.Date(e, path, "effectiveTo", required: false);
        if (from is null || (toGiven && to is null))
        {
            return null;
        }

        if (to < from)
        {
            r.Error(JsonFieldReader.Child(path, "effectiveTo"),
                $"{JsonFieldReader.Date(to.Value)} is before effectiveFrom {JsonFieldReader.Date(from.Value)}");
            return null;
        }

        return (from.Value, to);
    }

    /// <summary>Rule versions are listed oldest first, their names are unique in an entry and their date ranges do not overlap.</summary>
    private static void CheckVersionRanges<T>(JsonFieldReader r, IReadOnlyList<T> versions)
        where T : IRuleVersion
    {
        for (var i = 0; i < versions.Count; i++)
        {
            if (i > 0 && versions[i].EffectiveFrom < versions[i - 1].EffectiveFrom)
            {
                r.Error($"ruleVersions[{i}].effectiveFrom", "rule versions must be listed oldest first");
            }

            for (var j = 0; j < i; j++)
            {
                var earlier = versions[j];
                var later = versions[i];
                if (earlier.RuleVersion == later.RuleVersion)
                {
                    r.Error($"ruleVersions[{i}].ruleVersion", $"rule version '{later.RuleVersion}' is given twice");
                }
                else if (Overlap(earlier.EffectiveFrom, earlier.EffectiveTo, later.EffectiveFrom, later.EffectiveTo))
                {
                    r.Error($"ruleVersions[{i}].effectiveFrom",
                        $"rule version '{later.RuleVersion}' ({later.RangeText()}) overlaps rule version '{earlier.RuleVersion}' ({earlier.RangeText()})");
                }
            }
        }
    }

    private static void CheckBillingUnique(JsonFieldReader r, IReadOnlyList<BillingCode> billing, string path)
    {
        for (var i = 0; i < billing.Count; i++)
        {
            if (billing.Take(i).Any(b => b.Matches(billing[i].Hcpcs, billing[i].Modifiers)))
            {
                r.Error(JsonFieldReader.Item(JsonFieldReader.Child(path, "billing"), i), $"{billing[i].Key} is listed twice");
            }
        }
    }

    internal static bool Overlap(DateOnly fromA, DateOnly? toA, DateOnly fromB, DateOnly? toB) =>
        (toB is null || fromA <= toB) && (toA is null || fromB <= toA);

    private static bool IsHcpcs(string code) => code.Length == 5 && char.IsAsciiLetterUpper(code[0]) && code[1..].All(char.IsAsciiDigit);

    private static bool IsModifier(string modifier) => modifier.Length == 2 && modifier.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}
