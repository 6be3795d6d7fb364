using System.Text.Json;
using CapacityExit.Workflow.Domain.Workflows;
using Npgsql;
using NpgsqlTypes;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>Reads workflow instances with their open timers and tasks, three queries for any number of cases.</summary>
public static class WorkflowStore
{
    public static async Task<Dictionary<long, LoadedInstance>> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<long> caseIds, bool lockRows, CancellationToken cancellationToken)
    {
        var ids = caseIds.Distinct().ToArray();
        var timers = new Dictionary<long, List<OpenTimer>>();
        await using (var command = new NpgsqlCommand(
            """
            select case_id, key, kind, due_at, recipient_role, owner_state, payload, is_deadline
            from capacity_exit.workflow_timers where case_id = any(@ids) and status = 'Pending' order by due_at, id
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Bucket(timers, reader.GetInt64(0)).Add(new OpenTimer(reader.GetString(1), reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetBoolean(7)));
            }
        }

        var tasks = new Dictionary<long, List<OpenTask>>();
        await using (var command = new NpgsqlCommand(
            """
            select case_id, key, kind, assignee_role, due_at, owner_state
            from capacity_exit.workflow_tasks where case_id = any(@ids) and status = 'Open' order by id
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Bucket(tasks, reader.GetInt64(0)).Add(new OpenTask(reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5)));
            }
        }

        var result = new Dictionary<long, LoadedInstance>(ids.Length);
        await using (var command = new NpgsqlCommand(
            $"""
            select case_id, definition_id, version, profile_id, state, variables::text, finished_at is not null
            from capacity_exit.workflow_instances where case_id = any(@ids) {(lockRows ? "for update" : "")}
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var caseId = reader.GetInt64(0);
                var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(5)) ?? [];
                var state = new WorkflowInstanceState(reader.GetString(1), reader.GetInt32(2), reader.GetString(4), variables,
                    timers.GetValueOrDefault(caseId) ?? [], tasks.GetValueOrDefault(caseId) ?? []);
                result[caseId] = new LoadedInstance(caseId, reader.GetString(3), state, reader.GetBoolean(6));
            }
        }

        return result;
    }

    private static List<T> Bucket<T>(Dictionary<long, List<T>> map, long key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        return list;
    }

    internal static NpgsqlParameter Array<T>(string name, IEnumerable<T> values, NpgsqlDbType type) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };
}
