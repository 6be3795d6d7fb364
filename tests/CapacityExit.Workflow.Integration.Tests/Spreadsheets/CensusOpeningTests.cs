using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Core.Spreadsheets;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Integration.Tests.Spreadsheets;

/// <summary>
/// The census opens its cases in bulk (one check of the whole file, one write of all its rows), yet a case it opens is the
/// case 立案 opens with the same facts: the same workflow instance, timers, duties (tasks), history and outbox rows, field by
/// field, the ids aside (the virtual clock stands still, so the times are compared too).
/// </summary>
public sealed class CensusOpeningTests : IAsyncLifetime
{
    private const string Office = "chenzhou-office";
    private const string Found = "2026-01-05";
    private readonly WorkflowTestHost _host = new();

    /// <summary>The standard, the bureau responsible, the facts its workflow needs: one of each kind of start.</summary>
    private static readonly (string Standard, string Bureau, string Facts, string Industry)[] Openings =
    [
        ("安全", "郴州市应急管理局", "", "焦化"),
        ("环保", "郴州市生态环境局", "orderPeriod=P3M", "印染"),
        ("技术", "郴州市工业和信息化局", "demolitionDate=2026-06-30", "钢铁"),
        ("能耗", "郴州市工业和信息化局", "", "水泥"),
    ];

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_case_opened_by_the_census_has_the_instance_timers_duties_history_and_outbox_of_one_opened_on_the_form()
    {
        var onForm = new List<long>();
        for (var i = 0; i < Openings.Length; i++)
        {
            var (standard, bureau, facts, industry) = Openings[i];
            var bureauId = await _host.ScalarAsync<int>("select id from capacity_exit.bureaus where name_zh = @n", ("n", bureau));
            var variables = facts.Length == 0 ? null : new Dictionary<string, string> { [facts[..facts.IndexOf('=')]] = facts[(facts.IndexOf('=') + 1)..] };
            onForm.Add(await _host.InScopeAsync(async sp => (await sp.GetRequiredService<CaseOpeningService>().OpenAsync(Office, new CaseOpening(
                Code("1", i), Name(i), industry, "431003", "1号生产线", "10", "万吨/年", standard, Found, "郴州市2017年工作方案 §三.5", bureauId.ToString(), variables),
                CancellationToken.None)).Id));
        }

        var imported = await _host.InScopeAsync(sp => sp.GetRequiredService<CensusImport>().ImportAsync(Office, Census(), CancellationToken.None));

        Assert.True(imported.Succeeded, string.Join("; ", imported.Problems));
        Assert.Equal(Openings.Length, imported.Opened.Count);
        var compared = new HashSet<string>();
        for (var i = 0; i < Openings.Length; i++)
        {
            var (form, census) = (onForm[i], imported.Opened[i]);
            Assert.NotEqual(form, census);
            foreach (var table in new[] { "workflow_instances", "workflow_timers", "workflow_tasks", "case_history", "outbox_messages" })
            {
                var expected = await RowsAsync(table, form);
                Assert.Equal(expected, await RowsAsync(table, census));
                if (expected != "[]")
                {
                    compared.Add(table);
                }
            }

            // The case, its capacity item and its enterprise: the same but for the credit code the census row gives.
            Assert.Equal(await CaseAsync(form), await CaseAsync(census));
        }

        // Every kind of row was there to compare: each start wrote an instance and history, some timers, duties and mail.
        Assert.Equal(["case_history", "outbox_messages", "workflow_instances", "workflow_tasks", "workflow_timers"], compared.Order(StringComparer.Ordinal));
    }

    /// <summary>A table's rows of one case as JSON, ids left out, in a fixed order.</summary>
    private Task<string> RowsAsync(string table, long caseId) => _host.ScalarAsync<string>(
        $"""
        select coalesce(jsonb_agg(r order by r::text), '[]'::jsonb)::text
        from (select to_jsonb(t) - 'id' - 'case_id' - 'message_id' as r from capacity_exit.{table} t where t.case_id = @id) rows
        """, ("id", caseId));

    private Task<string> CaseAsync(long caseId) => _host.ScalarAsync<string>(
        """
        select (to_jsonb(c) - 'id' - 'capacity_item_id') || (to_jsonb(i) - 'id' - 'enterprise_id') || (to_jsonb(e) - 'id' - 'credit_code')
        from capacity_exit.cases c join capacity_exit.capacity_items i on i.id = c.capacity_item_id join capacity_exit.enterprises e on e.id = i.enterprise_id
        where c.id = @id
        """, ("id", caseId));

    private static string Code(string source, int i) => CreditCode.Complete($"91431003MA{source}{i:D6}");

    private static string Name(int i) => $"郴州摸排对照示例{i}有限公司";

    private static byte[] Census()
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, Openings.Select((o, i) => new Dictionary<string, object?>
        {
            [CensusImport.CreditCode] = Code("2", i), [CensusImport.Name] = Name(i), [CensusImport.County] = "苏仙区", [CensusImport.Industry] = o.Industry,
            [CensusImport.Item] = "1号生产线", [CensusImport.Amount] = 10, [CensusImport.Unit] = "万吨/年", [CensusImport.Standard] = o.Standard,
            [CensusImport.FindingDate] = Found, [CensusImport.Bureau] = o.Bureau, [CensusImport.LegalBasis] = "郴州市2017年工作方案 §三.5",
            [CensusImport.Facts] = o.Facts,
        }).ToList());
        return stream.ToArray();
    }
}
