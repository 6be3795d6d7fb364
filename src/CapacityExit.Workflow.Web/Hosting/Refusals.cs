using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// A service's refusal on a page: each field error beside the input it is about, in the reader's language. The
/// service names its fields ("note", "amount"); the page says which input each one is (<c>("note", "Input.Note")</c>).
/// A field the page has no input for goes to the error summary alone.
/// </summary>
public static class Refusals
{
    public const string RoleNotAllowed = "role-not-allowed";

    public static void AddErrors(this ModelStateDictionary state, DomainValidationException refusal, params (string Field, string Key)[] inputs)
    {
        foreach (var error in refusal.Errors)
        {
            var key = inputs.FirstOrDefault(i => i.Field == error.Field).Key ?? "";
            state.AddModelError(key, Web.Text.T(error.MessageZh, error.MessageEn));
        }
    }

    /// <summary>Whether a refusal only concerns fields the person never typed (hidden ids): then the request was forged.</summary>
    public static bool OnlyOn(this DomainValidationException refusal, params string[] fields) => refusal.Errors.All(e => fields.Contains(e.Field));

    public static bool IsRoleRefusal(this WorkflowRuleException refusal) => refusal.Code == RoleNotAllowed;

    public static string Message(this WorkflowRuleException refusal) => Web.Text.T(refusal.MessageZh, refusal.Message);
}
