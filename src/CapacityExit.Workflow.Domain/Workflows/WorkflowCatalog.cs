namespace CapacityExit.Workflow.Domain.Workflows;

/// <summary>
/// Every definition (every version: running cases keep theirs) and every jurisdiction profile, loaded and
/// validated together at start-up. Nothing invalid gets in: one error anywhere refuses the whole set.
/// </summary>
public sealed class WorkflowCatalog
{
    public const string DefinitionsFolder = "definitions";
    public const string ProfilesFolder = "profiles";

    private readonly Dictionary<(string Id, int Version), WorkflowDefinition> _definitions;
    private readonly Dictionary<string, JurisdictionProfile> _profiles;

    private WorkflowCatalog(IEnumerable<WorkflowDefinition> definitions, IEnumerable<JurisdictionProfile> profiles)
    {
        _definitions = definitions.ToDictionary(d => (d.Id, d.Version));
        _profiles = profiles.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<WorkflowDefinition> Definitions => _definitions.Values;

    public IReadOnlyCollection<JurisdictionProfile> Profiles => _profiles.Values;

    public IReadOnlyList<string> DefinitionIds => _definitions.Keys.Select(k => k.Id).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Parses and validates the definition and profile files given as (name, text); reading them is the caller's
    /// (Core's <c>WorkflowFileReader.LoadCatalog</c>): the Domain does no I/O.
    /// </summary>
    public static WorkflowCatalog Parse(IEnumerable<(string File, string Text)> definitionFiles, IEnumerable<(string File, string Text)> profileFiles)
    {
        var errors = new List<DefinitionError>();
        var profiles = new List<JurisdictionProfile>();
        foreach (var (file, text) in profileFiles)
        {
            if (ProfileParser.Parse(file, text, errors) is not { } profile)
            {
                continue;
            }

            if (profiles.FirstOrDefault(p => p.Id == profile.Id) is { } other)
            {
                errors.Add(new DefinitionError(file, 0, 0, $"profile '{profile.Id}' is also defined in {other.File}"));
                continue;
            }

            profiles.Add(profile);
        }

        var definitions = new List<WorkflowDefinition>();
        foreach (var (file, text) in definitionFiles)
        {
            if (DefinitionParser.Parse(file, text, errors) is not { } definition)
            {
                continue;
            }

            if (definitions.FirstOrDefault(d => d.Id == definition.Id && d.Version == definition.Version) is { } other)
            {
                errors.Add(new DefinitionError(file, 0, 0, $"{definition.Id} v{definition.Version} is also defined in {other.File}"));
                continue;
            }

            definitions.Add(definition);
        }

        foreach (var definition in definitions)
        {
            var superseded = definitions.Any(d => d.Id == definition.Id && d.MigratesFrom.Contains(definition.Version));
            DefinitionValidator.Validate(definition, profiles, errors, superseded);
        }

        // A version that takes over running cases of an earlier one at start-up maps each state to the same name.
        foreach (var definition in definitions)
        {
            foreach (var from in definition.MigratesFrom)
            {
                if (definitions.FirstOrDefault(d => d.Id == definition.Id && d.Version == from) is not { } old)
                {
                    errors.Add(new DefinitionError(definition.File, 0, 0, $"'migrates-from' names {definition.Id} v{from}, which does not exist"));
                    continue;
                }

                foreach (var missing in old.States.Keys.Where(k => !definition.States.ContainsKey(k)).Order(StringComparer.Ordinal))
                {
                    errors.Add(new DefinitionError(definition.File, 0, 0,
                        $"'migrates-from' {from}: state '{missing}' of v{from} is not in v{definition.Version}, so its running cases cannot move by name"));
                }
            }
        }

        if (profiles.Count == 0 && errors.Count == 0)
        {
            errors.Add(new DefinitionError(ProfilesFolder, 0, 0, "no jurisdiction profile found"));
        }

        if (errors.Count > 0)
        {
            throw new WorkflowDefinitionException(errors);
        }

        return new WorkflowCatalog(definitions, profiles);
    }

    public WorkflowDefinition Latest(string definitionId)
    {
        var versions = _definitions.Values.Where(d => d.Id == definitionId).ToList();
        return versions.Count > 0
            ? versions.MaxBy(d => d.Version)!
            : throw new KeyNotFoundException($"No workflow definition '{definitionId}' (known: {string.Join(", ", DefinitionIds)}).");
    }

    public WorkflowDefinition Get(string definitionId, int version) =>
        _definitions.TryGetValue((definitionId, version), out var d)
            ? d
            : throw new KeyNotFoundException($"No workflow definition '{definitionId}' version {version}.");

    public bool TryGet(string definitionId, int version, out WorkflowDefinition definition) =>
        _definitions.TryGetValue((definitionId, version), out definition!);

    public JurisdictionProfile Profile(string id) => _profiles.TryGetValue(id, out var p)
        ? p
        : throw new KeyNotFoundException($"No jurisdiction profile '{id}' (known: {string.Join(", ", _profiles.Keys.Order(StringComparer.Ordinal))}).");
}
