using System.Text.Json.Serialization;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>One thing wrong with a request: which field (the request's own name for it), a stable code, and why in Chinese and English.</summary>
public sealed record ApiError(string? Field, string? Code, string MessageZh, string MessageEn);

/// <summary>
/// An error answer as RFC 9457 problem details (<c>application/problem+json</c>): <c>type</c> names the kind (one of
/// <see cref="ApiProblems"/>), <c>title</c> and <c>detail</c> are Chinese, <c>titleEn</c> and <c>detailEn</c> English,
/// and <c>errors</c> lists every field that is wrong, with the services' own bilingual reasons.
/// </summary>
public sealed record ApiProblem(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("titleEn")] string TitleEn,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("detailEn")] string DetailEn,
    [property: JsonPropertyName("instance")] string? Instance,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("errors")] IReadOnlyList<ApiError> Errors)
{
    public const string ContentType = "application/problem+json";

    public JsonHttpResult<ApiProblem> ToResult() => TypedResults.Json(this, (System.Text.Json.JsonSerializerOptions?)null, ContentType, Status);
}

/// <summary>A problem raised inside an endpoint; <see cref="ApiErrorFilter"/> answers with it.</summary>
public sealed class ApiRefusal(ApiProblem problem) : Exception(problem.TitleEn)
{
    public ApiProblem Problem { get; } = problem;
}

/// <summary>
/// The kinds of error the API answers with, each with its own type URI (a <c>tag:</c> URI, RFC 4151: a name, not an
/// address to fetch; docs/api.md describes each) and status.
/// </summary>
public static class ApiProblems
{
    public const string TypePrefix = "tag:capacity-exit.workflow,2026:problem:";

    public const string Validation = TypePrefix + "validation";
    public const string Malformed = TypePrefix + "malformed-request";
    public const string UnsupportedMediaType = TypePrefix + "unsupported-media-type";
    public const string TooLarge = TypePrefix + "request-too-large";
    public const string Unauthenticated = TypePrefix + "unauthenticated";
    public const string SignInRefused = TypePrefix + "sign-in-refused";
    public const string Forbidden = TypePrefix + "forbidden";
    public const string NotFound = TypePrefix + "not-found";
    public const string MethodNotAllowed = TypePrefix + "method-not-allowed";
    public const string RuleRefused = TypePrefix + "rule-refused";
    public const string Unavailable = TypePrefix + "unavailable";

    /// <summary>Every kind with its status, for the document and the docs.</summary>
    public static readonly IReadOnlyList<(string Type, int Status, string TitleZh, string TitleEn)> All =
    [
        (Validation, 400, "提交的内容有误", "The request has invalid values"),
        (Malformed, 400, "请求格式不正确", "The request is not well-formed"),
        (Unauthenticated, 401, "需要有效的访问令牌", "A valid bearer token is required"),
        (SignInRefused, 401, "登录被拒绝", "Sign-in refused"),
        (Forbidden, 403, "您的角色不能进行此操作", "Your role may not do this"),
        (NotFound, 404, "不存在，或不在您的权限范围内", "Not found, or not within your scope"),
        (MethodNotAllowed, 405, "此地址不接受该请求方法", "This address does not take that method"),
        (RuleRefused, 409, "办理规则不允许此操作", "The workflow rules refuse this now"),
        (TooLarge, 413, "请求过大", "The request is too large"),
        (UnsupportedMediaType, 415, "请求体应为 JSON（Content-Type: application/json）", "The body must be JSON (Content-Type: application/json)"),
        (Unavailable, 503, "系统暂时无法使用", "The system is briefly unavailable"),
    ];

    public static ApiProblem Of(string type, IReadOnlyList<ApiError> errors, string? code = null, string? instance = null)
    {
        var kind = All.Single(k => k.Type == type);
        var detailZh = errors.Count == 0 ? kind.TitleZh : string.Join("；", errors.Select(e => e.Field is { Length: > 0 } f ? $"{f}：{e.MessageZh}" : e.MessageZh));
        var detailEn = errors.Count == 0 ? kind.TitleEn : string.Join("; ", errors.Select(e => e.Field is { Length: > 0 } f ? $"{f}: {e.MessageEn}" : e.MessageEn));
        return new ApiProblem(type, kind.TitleZh, kind.TitleEn, kind.Status, detailZh, detailEn, instance, code, errors);
    }

    public static ApiProblem One(string type, string? field, string zh, string en, string? code = null) => Of(type, [new ApiError(field, code, zh, en)], code);

    /// <summary>Bad input a service refused: each field with its reason (the services' own bilingual errors).</summary>
    public static ApiProblem From(DomainValidationException e) =>
        Of(Validation, e.Errors.Select(x => new ApiError(x.Field, null, x.MessageZh, x.MessageEn)).ToList());

    /// <summary>
    /// A rule refusal: a role refusal is 403; a refusal of the command's fields (missing, wrong: the engine names each)
    /// is a validation problem, 400; any other (the step does not allow it now, once only, a task not open) is 409.
    /// </summary>
    public static ApiProblem From(WorkflowRuleException e) =>
        e.Code == Hosting.Refusals.RoleNotAllowed ? One(Forbidden, null, e.MessageZh, e.Message, e.Code)
        : e.Problems.Count > 0 ? Of(Validation, e.Problems.Select(p => new ApiError(p.Field, p.Code, p.MessageZh, p.Message)).ToList(), e.Code)
        : One(RuleRefused, null, e.MessageZh, e.Message, e.Code);

    public static ApiRefusal Missing(string what, string whatEn) =>
        new(One(NotFound, null, $"{what}不存在，或不在您的权限范围内", $"no such {whatEn}, or not within your scope"));

    public static ApiRefusal Refused() => new(One(Forbidden, null, "您的角色不能进行此操作", "your role may not do this"));
}
