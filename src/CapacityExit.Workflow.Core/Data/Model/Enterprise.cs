using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Core.Data.Model;

/// <summary>An enterprise that holds capacity, registered in one county or development zone.</summary>
public sealed class Enterprise
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>统一社会信用代码 (GB 32100-2015), validated with its check character.</summary>
    public required string CreditCode { get; set; }

    public Industry Industry { get; set; }

    public int CountyId { get; set; }

    public Jurisdiction? County { get; set; }

    public string? ContactName { get; set; }

    public string? ContactPhone { get; set; }

    public string? ContactEmail { get; set; }

    public List<CapacityItem> CapacityItems { get; set; } = [];
}
