namespace CareHub.Catalog;

/// <summary>Checks that need more than one file or more than one entry: versions, code clashes, billing keys, shared limits.</summary>
internal static class CatalogChecks
{
    public static void AcrossFiles(PopulationsFileData populations, CommunitySupportsFileData supports, EcmExclusionsFileData exclusions, List<CatalogError> errors)
    {
        foreach (var (file, version) in new[] { (CatalogLoader.CommunitySupportsFile, supports.CatalogVersion), (CatalogLoader.EcmExclusionsFile, exclusions.CatalogVersion) })
        {
            if (version != populations.CatalogVersion)
            {
                errors.Add(new CatalogError(file, null, "catalogVersion",
                    $"'{version}' differs from {CatalogLoader.PopulationsFile}'s '{populations.CatalogVersion}'; all catalog files carry the same version"));
            }
        }

        var populationCodes = populations.Entries.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var service in supports.Entries.Where(s => populationCodes.Contains(s.Code)))
        {
            errors.Add(new CatalogError(CatalogLoader.CommunitySupportsFile, service.Code, "code",
                $"code is already used by a population of focus in {CatalogLoader.PopulationsFile}"));
        }

        CheckBillingKeys(supports.Entries, errors);

        var serviceCodes = supports.Entries.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var limit in supports.SharedLimits)
        {
            for (var i = 0; i < limit.Services.Count; i++)
            {
                if (!serviceCodes.Contains(limit.Services[i]))
                {
                    errors.Add(new CatalogError(CatalogLoader.CommunitySupportsFile, limit.Code, $"services[{i}]",
                        $"unknown Community Support '{limit.Services[i]}'"));
                }
            }
        }
    }

    /// <summary>A HCPCS code with its modifiers may belong to only one service at a time.</summary>
    private static void CheckBillingKeys(IReadOnlyList<CommunitySupport> services, List<CatalogError> errors)
    {
        for (var s = 0; s < services.Count; s++)
        {
            for (var v = 0; v < services[s].Versions.Count; v++)
            {
                var version = services[s].Versions[v];
                for (var b = 0; b < version.Billing.Count; b++)
                {
                    var code = version.Billing[b];
                    var clash = services.Take(s)
                        .SelectMany(other => other.Versions.Select(ov => (Service: other, Version: ov)))
                        .FirstOrDefault(o => CatalogFileParser.Overlap(o.Version.EffectiveFrom, o.Version.EffectiveTo, version.EffectiveFrom, version.EffectiveTo)
                            && o.Version.Billing.Any(ob => ob.Matches(code.Hcpcs, code.Modifiers)));
                    if (clash.Service is not null)
                    {
                        errors.Add(new CatalogError(CatalogLoader.CommunitySupportsFile, services[s].Code, $"ruleVersions[{v}].billing[{b}]",
                            $"{code.Key} already bills '{clash.Service.Code}' (rule version '{clash.Version.RuleVersion}', {clash.Version.RangeText()}); a code and modifiers may belong to one service at a time"));
                    }
                }
            }
        }
    }
}
