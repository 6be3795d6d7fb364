using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CapacityExit.Workflow.Core.Registry;

/// <summary>
/// Registers enterprises, their capacity and the cases found against it. Every input is checked in full
/// before anything is written; a bad input raises <see cref="DomainValidationException"/> and writes nothing.
/// </summary>
public sealed class RegistryService(CapacityExitDbContext db, TimeProvider time, WorkflowStarter workflows)
{
    public async Task<Enterprise> CreateEnterpriseAsync(NewEnterprise input, CancellationToken cancellationToken)
    {
        ThrowIfAny(RegistryRules.EnterpriseControls(input));
        var code = RegistryRules.NormalCreditCode(input.CreditCode);
        var registered = CreditCode.Validate(code) is null && await db.Enterprises.AnyAsync(e => e.CreditCode == code, cancellationToken);
        var county = await db.Jurisdictions.SingleOrDefaultAsync(j => j.Code == input.CountyCode, cancellationToken);
        var errors = new List<ValidationError>();
        var enterprise = RegistryRules.Enterprise(input, registered, county, errors);
        ThrowIfAny(errors);
        db.Enterprises.Add(enterprise!);
        await db.SaveChangesAsync(cancellationToken);
        return enterprise!;
    }

    public async Task<CapacityItem> AddCapacityItemAsync(NewCapacityItem input, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        var item = RegistryRules.Item(input, await db.Enterprises.AnyAsync(e => e.Id == input.EnterpriseId, cancellationToken), errors);
        ThrowIfAny(errors);
        db.CapacityItems.Add(item!);
        await db.SaveChangesAsync(cancellationToken);
        return item!;
    }

    public async Task<Case> OpenCaseAsync(NewCase input, CancellationToken cancellationToken, string? actor = null)
    {
        var errors = new List<ValidationError>();
        var countyId = await db.CapacityItems.Where(c => c.Id == input.CapacityItemId).Select(c => (int?)c.Enterprise!.CountyId).SingleOrDefaultAsync(cancellationToken);
        var bureau = await db.Bureaus.AsNoTracking().SingleOrDefaultAsync(b => b.Id == input.ResponsibleBureauId, cancellationToken);
        var jurisdictions = await JurisdictionTree.LoadAsync(db, cancellationToken);
        var profileId = countyId is { } county ? jurisdictions.Profile(county) : null;
        var entity = RegistryRules.Case(input, ChinaTime.Today(time), countyId, bureau, jurisdictions.Upwards, profileId, time.GetUtcNow(), errors);
        ThrowIfAny(errors);
        // A caller that opens the enterprise, its item and the case together (CaseOpeningService) holds the transaction.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var transaction = own ?? db.Database.CurrentTransaction!;
        db.Cases.Add(entity!);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            // The workflow starts in the case's own transaction: a refusal (say, an environmental order without
            // its period) leaves neither the case nor any timer behind.
            await workflows.StartAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(),
                entity!, profileId!, input.Variables ?? new Dictionary<string, string>(), actor ?? "registry", cancellationToken);
        }
        catch (WorkflowRuleException e)
        {
            if (own is not null)
            {
                await own.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            throw DomainValidationException.Single("variables", e.MessageZh, e.Message);
        }

        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
            await own.DisposeAsync();
        }

        return entity!;
    }

    private static void ThrowIfAny(List<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
    }
}
