using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>
/// Every API operation's refusals as problem details: the services' bilingual validation errors (400), their rule
/// refusals (403 for a role, 409 otherwise), and what the endpoints themselves refuse (<see cref="ApiRefusal"/>).
/// </summary>
public sealed class ApiErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ApiProblem problem;
        try
        {
            return await next(context);
        }
        catch (ApiRefusal e)
        {
            problem = e.Problem;
        }
        catch (DomainValidationException e)
        {
            problem = ApiProblems.From(e);
        }
        catch (WorkflowRuleException e)
        {
            problem = ApiProblems.From(e);
        }

        return (problem with { Instance = context.HttpContext.Request.Path.Value }).ToResult();
    }
}
