using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CapacityExit.Workflow.Core.Registry;

/// <summary>
/// Writes checked openings (<see cref="OpeningRules"/>) in the caller's transaction at the database's speed, one case or a
/// census of a hundred thousand alike: ids drawn from the tables' own sequences in one query each, the enterprises the
/// openings register, their capacity items and the cases copied in (PostgreSQL's binary COPY), then every workflow started
/// by <see cref="WorkflowStarter"/> in batches of <see cref="StartBatch"/> cases. The plans' entities get their ids.
/// </summary>
public static class OpeningWriter
{
    /// <summary>Cases whose workflow starts are written as one set of statements: bounds the arrays sent at once.</summary>
    public const int StartBatch = 5_000;

    public static async Task WriteAsync(WorkflowStarter starter, IDbContextTransaction transaction, CapacityExitDbContext db, IReadOnlyList<OpeningPlan> plans,
        DateTimeOffset now, string actor, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)transaction.GetDbTransaction();
        var registered = plans.Where(p => p.RegistersEnterprise).Select(p => p.Enterprise).Distinct().ToList();
        var enterpriseIds = await IdsAsync(connection, tx, "enterprises", registered.Count, cancellationToken);
        for (var i = 0; i < registered.Count; i++)
        {
            registered[i].Id = (int)enterpriseIds[i];
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
                         "copy capacity_exit.enterprises (id, name, credit_code, industry, county_id, contact_name, contact_phone, contact_email) from stdin (format binary)",
                         cancellationToken))
        {
            foreach (var e in registered)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(e.Id, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(e.Name, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(e.CreditCode, NpgsqlDbType.Char, cancellationToken);
                await copy.WriteAsync(e.Industry.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(e.CountyId, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(copy, e.ContactName, cancellationToken);
                await WriteNullableAsync(copy, e.ContactPhone, cancellationToken);
                await WriteNullableAsync(copy, e.ContactEmail, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        var itemIds = await IdsAsync(connection, tx, "capacity_items", plans.Count, cancellationToken);
        var caseIds = await IdsAsync(connection, tx, "cases", plans.Count, cancellationToken);
        for (var i = 0; i < plans.Count; i++)
        {
            plans[i].Item.Id = (int)itemIds[i];
            plans[i].Item.EnterpriseId = plans[i].Enterprise.Id;
            plans[i].Case.Id = caseIds[i];
            plans[i].Case.CapacityItemId = plans[i].Item.Id;
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
                         "copy capacity_exit.capacity_items (id, enterprise_id, description, amount, unit) from stdin (format binary)", cancellationToken))
        {
            foreach (var item in plans.Select(p => p.Item))
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(item.Id, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(item.EnterpriseId, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(item.Description, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(item.Amount, NpgsqlDbType.Numeric, cancellationToken);
                await copy.WriteAsync(item.Unit, NpgsqlDbType.Varchar, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
                         "copy capacity_exit.cases (id, capacity_item_id, standard, finding_date, legal_basis, responsible_bureau_id, status, created_at) from stdin (format binary)",
                         cancellationToken))
        {
            foreach (var c in plans.Select(p => p.Case))
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(c.Id, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(c.CapacityItemId, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(c.Standard.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(c.FindingDate, NpgsqlDbType.Date, cancellationToken);
                await copy.WriteAsync(c.LegalBasis, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(c.ResponsibleBureauId, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(c.Status.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(c.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        foreach (var chunk in plans.Chunk(StartBatch))
        {
            await starter.StartManyAsync(connection, tx, chunk.Select(p => (p.Case.Id, p.Start(starter, now))).ToList(), now, actor, cancellationToken);
        }
    }

    /// <summary>The next <paramref name="count"/> ids of the table's identity column, drawn in one query.</summary>
    private static async Task<List<long>> IdsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, int count, CancellationToken cancellationToken)
    {
        var ids = new List<long>(count);
        if (count == 0)
        {
            return ids;
        }

        await using var command = new NpgsqlCommand($"select nextval(pg_get_serial_sequence('capacity_exit.{table}', 'id')) from generate_series(1, @n)", connection, transaction);
        command.Parameters.AddWithValue("n", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken);
}
