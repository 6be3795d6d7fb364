namespace CapacityExit.Workflow.Core.Registry;

// Inputs as they arrive from the API, the CLI or a spreadsheet: untrusted, so every field may be missing.

public sealed record NewEnterprise(
    string? Name, string? CreditCode, string? Industry, string? CountyCode,
    string? ContactName = null, string? ContactPhone = null, string? ContactEmail = null);

public sealed record NewCapacityItem(int EnterpriseId, string? Description, decimal Amount, string? Unit);

/// <summary>Variables are the facts the standard's workflow needs at the start (e.g. orderPeriod for an environmental order).</summary>
public sealed record NewCase(int CapacityItemId, string? Standard, DateOnly FindingDate, string? LegalBasis, int ResponsibleBureauId,
    IReadOnlyDictionary<string, string>? Variables = null);
