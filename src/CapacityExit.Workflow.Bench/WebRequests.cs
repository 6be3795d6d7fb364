using Npgsql;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// What the simulated people ask for: /cases with varied filters, search, sorts and pages (as the list's own links
/// write them), and /cases/{id} of random cases in their scope.
/// </summary>
public sealed class WebRequests
{
    private static readonly string[] Standards = ["", "", "Energy", "Environment", "Quality", "Safety", "Technology"];
    private static readonly string[] Sorts = ["", "", "FindingDate", "Enterprise", "Number"];
    private static readonly string[] Statuses = ["", "", "", "all", "Compliant"];
    private static readonly string[] Searches = ["建材", "铅业", "烟花", "示例"];
    private readonly List<int> _counties;
    private readonly List<long> _cases;

    private WebRequests(List<int> counties, List<long> cases)
    {
        _counties = counties;
        _cases = cases;
    }

    /// <summary>The counties of <paramref name="cityId"/> and up to 2,000 of its cases that have a workflow (a case page needs one).</summary>
    public static async Task<WebRequests> LoadAsync(string cs, int cityId)
    {
        await using var source = NpgsqlDataSource.Create(cs);
        var counties = await ReadAsync<int>(source, $"select id from capacity_exit.jurisdictions where parent_id = {cityId}");
        var cases = await ReadAsync<long>(source, $"""
            select c.id from capacity_exit.cases c join capacity_exit.workflow_instances i on i.case_id = c.id
            join capacity_exit.capacity_items ci on ci.id = c.capacity_item_id join capacity_exit.enterprises e on e.id = ci.enterprise_id
            join capacity_exit.jurisdictions j on j.id = e.county_id where j.parent_id = {cityId} order by random() limit 2000
            """);
        return new WebRequests(counties, cases);
    }

    public string List(Random random)
    {
        var query = new List<string>();
        void Add(string key, string value)
        {
            if (value.Length > 0)
            {
                query.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }

        Add("Standard", Standards[random.Next(Standards.Length)]);
        Add("Status", Statuses[random.Next(Statuses.Length)]);
        Add("State", random.Next(6) == 0 ? "rectifying" : "");
        Add("County", random.Next(4) == 0 ? _counties[random.Next(_counties.Count)].ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        Add("Q", random.Next(8) == 0 ? Searches[random.Next(Searches.Length)] : "");
        Add("Sort", Sorts[random.Next(Sorts.Length)]);
        Add("Desc", random.Next(4) == 0 ? "true" : "");
        Add("p", random.Next(4) == 0 ? random.Next(2, 21).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        return query.Count == 0 ? "/cases" : "/cases?" + string.Join('&', query);
    }

    public string Case(Random random) => $"/cases/{_cases[random.Next(_cases.Count)]}";

    private static async Task<List<T>> ReadAsync<T>(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
