using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>The signed-in person for this request, read once from the database (never from the cookie alone).</summary>
public sealed class CurrentUser(IHttpContextAccessor http, CaseReadAccess access)
{
    private Person? _person;

    public string? Login => http.HttpContext?.User.Identity?.IsAuthenticated == true ? http.HttpContext.User.Identity.Name : null;

    public async Task<Person> PersonAsync(CancellationToken cancellationToken) =>
        _person ??= await access.PersonAsync(Login, cancellationToken);

    public bool IsIn(params Role[] roles) => roles.Any(r => http.HttpContext?.User.IsInRole(r.ToString()) == true);
}
