using CapacityExit.Workflow.Core.Measures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Replacement;

/// <summary>The capacity-replacement ledger of the person's jurisdiction and its plans (ReplacementService decides).</summary>
public sealed class IndexModel(ReplacementService replacement) : PageModel
{
    public IReadOnlyList<LedgerRow> Ledger { get; private set; } = [];

    public IReadOnlyList<PlanView> Plans { get; private set; } = [];

    public bool MayRecord { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var login = User.Identity?.Name ?? "";
        Ledger = await replacement.LedgerAsync(login, cancellationToken);
        Plans = await replacement.PlansAsync(login, null, cancellationToken);
        MayRecord = (await replacement.CountiesAsync(login, cancellationToken)).Count > 0;
    }

    public static string N(decimal value) => Domain.Measures.CapacityReplacement.Number(value);
}
