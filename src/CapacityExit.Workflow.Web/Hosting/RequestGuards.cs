using System.Globalization;
using System.Text.RegularExpressions;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// Malformed requests are refused with 4xx before any page, operation or query runs, in one place rather than page by
/// page: a method a page has no handler for (405, with Allow; TRACE and OPTIONS included), a <c>?handler=</c> the page
/// does not have (404), a control character (NUL and the other C0 characters, tab and line breaks aside:
/// <see cref="InputText"/>) in any query or form value (400), a value that does not bind to what the page takes (400),
/// and the Hangfire dashboard's job ids that are not ids (404). Without it a page ran with no handler (and no model:
/// a 500), a checkbox rendered a value that is not true or false (a 500), and a NUL reached PostgreSQL (a 500).
/// </summary>
public static partial class RequestGuards
{
    private static readonly string[] DashboardMethods = ["GET", "HEAD", "POST"];

    /// <summary>The page filters (form values, values that do not bind); the middleware is <see cref="UseCapacityExitRequestGuards"/>.</summary>
    public static void AddCapacityExitRequestGuards(this IServiceCollection services) =>
        services.Configure<MvcOptions>(o =>
        {
            o.Filters.Add(new FormTextFilter());
            o.Filters.Add(new UnboundValueFilter());
        });

    /// <summary>The query, the page's methods and handlers, the dashboard's ids: before authentication reads anything.</summary>
    public static IApplicationBuilder UseCapacityExitRequestGuards(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (await RefusedAsync(context))
        {
            return;
        }

        try
        {
            await next(context);
        }
        catch (InvalidDataException) when (context.Request.HasFormContentType && !context.Response.HasStarted)
        {
            // A form read further on (the 举报 limit keeps a refused submission's fields; a tool's own antiforgery check)
            // that ASP.NET Core cannot decode: a NUL in a URL-encoded form, too many or too long values.
            await MalformedFormAsync(context);
        }
    });

    private static async Task<bool> RefusedAsync(HttpContext context)
    {
        var request = context.Request;
        foreach (var (key, values) in request.Query)
        {
            if (InputText.HasControlCharacters(key) || values.Any(InputText.HasControlCharacters))
            {
                await ControlCharactersAsync(context, inForm: false);
                return true;
            }
        }

        if (request.Path.StartsWithSegments("/hangfire", out var rest))
        {
            return await DashboardRefusedAsync(context, rest);
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<CompiledPageActionDescriptor>() is { } page)
        {
            return await PageRefusedAsync(context, page);
        }

        return false;
    }

    /// <summary>
    /// The methods a page answers: GET and HEAD (a page renders; HEAD runs the GET handler) and those of its handlers.
    /// A request its handlers do not take would render the page with no handler run (an empty model): refused instead.
    /// </summary>
    private static async Task<bool> PageRefusedAsync(HttpContext context, CompiledPageActionDescriptor page)
    {
        var method = context.Request.Method;
        var handlers = page.HandlerMethods;
        var allowed = new SortedSet<string>(StringComparer.Ordinal) { "GET", "HEAD" };
        allowed.UnionWith(handlers.Select(h => h.HttpMethod.ToUpperInvariant()));
        if (!allowed.Contains(method.ToUpperInvariant()))
        {
            await PlainAnswers.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, ApiProblems.MethodNotAllowed,
                "此页面不接受该请求方式", "This page does not take that method",
                $"此页面只接受 {string.Join("、", allowed)} 请求。", $"This page takes {string.Join(", ", allowed)} only.", "method-not-allowed",
                ("Allow", string.Join(", ", allowed)));
            return true;
        }

        // As Razor Pages chooses: the handlers of the method (HEAD falls back to GET), unnamed or named as asked.
        var name = HandlerName(context);
        var forMethod = handlers.Where(h => string.Equals(h.HttpMethod, method, StringComparison.OrdinalIgnoreCase)).ToList();
        if (forMethod.Count == 0 && HttpMethods.IsHead(method))
        {
            forMethod = handlers.Where(h => HttpMethods.IsGet(h.HttpMethod)).ToList();
        }

        if (forMethod.Count == 0 || forMethod.Any(h => h.Name is null || string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return false; // a page without handlers for GET renders as it is (the sign-out confirmation, 无权访问)
        }

        await PlainAnswers.WriteAsync(context, StatusCodes.Status404NotFound, ApiProblems.NotFound,
            "此页面没有该项操作", "This page has no such action",
            "请求的操作不存在（网址中的 handler 参数不对）。请从页面上的按钮或链接办理。", "The action asked for does not exist (the address is not one the pages link to). Use the page's buttons and links.",
            "no-such-action");
        return true;
    }

    private static string? HandlerName(HttpContext context) =>
        Convert.ToString(context.GetRouteValue("handler"), CultureInfo.InvariantCulture) is { Length: > 0 } routed ? routed
        : context.Request.Query.TryGetValue("handler", out var values) ? values[0] : null;

    /// <summary>
    /// Hangfire's dashboard takes GET and POST (and HEAD); its job pages and commands take a job id, which this
    /// storage keeps as a number: any other text made its storage throw (a 500). Refused as a missing job instead.
    /// </summary>
    private static async Task<bool> DashboardRefusedAsync(HttpContext context, PathString rest)
    {
        if (!DashboardMethods.Contains(context.Request.Method.ToUpperInvariant()))
        {
            await PlainAnswers.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, ApiProblems.MethodNotAllowed,
                "此页面不接受该请求方式", "This page does not take that method",
                "后台作业页面只接受 GET、HEAD、POST 请求。", "The background jobs pages take GET, HEAD and POST only.", "method-not-allowed",
                ("Allow", string.Join(", ", DashboardMethods)));
            return true;
        }

        var path = rest.Value ?? "";
        if (DashboardCommand().IsMatch(path) && !HttpMethods.IsPost(context.Request.Method))
        {
            await PlainAnswers.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, ApiProblems.MethodNotAllowed,
                "此地址不接受该请求方式", "This address does not take that method",
                "后台作业的操作只能从其页面上的按钮提交。", "The background jobs' actions are sent from the buttons on their pages only.", "method-not-allowed",
                ("Allow", "POST"));
            return true;
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            // The dashboard's own pages post forms only; anything else made it throw reading one.
            if (!context.Request.HasFormContentType || await ReadFormAsync(context) is not { } form)
            {
                await MalformedFormAsync(context);
                return true;
            }

            if (HasControlCharacters(form))
            {
                await ControlCharactersAsync(context, inForm: true);
                return true;
            }

            // A background job's id is a number; a recurring job's is its name (daily-digest), which its buttons post.
            if (!path.StartsWith("/recurring/", StringComparison.OrdinalIgnoreCase)
                && form.TryGetValue("jobs[]", out var jobs) && jobs.Any(j => !long.TryParse(j, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                await NoSuchJobAsync(context);
                return true;
            }
        }

        if (DashboardJobId().Match(path) is { Success: true } m && !long.TryParse(m.Groups["id"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            await NoSuchJobAsync(context);
            return true;
        }

        return false;
    }

    private static Task NoSuchJobAsync(HttpContext context) =>
        PlainAnswers.WriteAsync(context, StatusCodes.Status404NotFound, ApiProblems.NotFound,
            "没有这个后台作业", "No such background job", "作业编号应为数字。", "A job's number is a whole number.", "no-such-job");

    /// <summary>The form, or null when it cannot be read: a NUL in a URL-encoded form (ASP.NET Core refuses to decode it), too many or too long values.</summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static bool HasControlCharacters(IFormCollection form) =>
        form.Any(f => InputText.HasControlCharacters(f.Key) || f.Value.Any(InputText.HasControlCharacters));

    private static Task MalformedFormAsync(HttpContext context) => PlainAnswers.WriteAsync(context, StatusCodes.Status400BadRequest, ApiProblems.Malformed,
        "提交的表单无法读取", "The form cannot be read",
        "提交的表单格式不正确，或含有不可见的控制字符（例如 NUL），或字段过多、过长。本次提交未被处理，也未保存任何内容。",
        "The form is not well-formed, holds invisible control characters (such as NUL), or has too many or too long fields. Nothing was done or saved.",
        "malformed-form");
    private static Task ControlCharactersAsync(HttpContext context, bool inForm) => PlainAnswers.WriteAsync(context, StatusCodes.Status400BadRequest,
        ApiProblems.Malformed, "请求中含有不可见的控制字符", "The request contains control characters",
        inForm
            ? "提交的表单中含有不可见的控制字符（例如从其他程序粘贴来的 NUL 或响铃符）。本次提交未被处理，也未保存任何内容：请删除这些字符后重新提交。"
            : "网址中含有不可见的控制字符（例如 NUL）。本次请求未被处理：请从页面上的链接或表单重新打开。",
        inForm
            ? "The form holds invisible control characters (such as NUL or a bell pasted from another program). Nothing was done or saved: remove them and submit again."
            : "The address holds invisible control characters (such as NUL). Nothing was done: open the page again from its links or forms.",
        "control-characters");

    /// <summary>A refusal as a page's result: the same answer the middleware writes.</summary>
    private sealed class Refusal(Func<HttpContext, Task> write) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => write(context.HttpContext);
    }

    /// <summary>
    /// Every text of a posted form (after the page's form limits, before the antiforgery check and binding): a control
    /// character anywhere refuses the whole form, so that no page, service or query sees it; a form that cannot be read
    /// at all (a NUL in a URL-encoded form, which ASP.NET Core refuses to decode) likewise, with its reason.
    /// </summary>
    private sealed class FormTextFilter : IAsyncAuthorizationFilter, IOrderedFilter
    {
        /// <summary>After the page's form limits (900), before the antiforgery check (1000) that reads the form too.</summary>
        public int Order => 950;

        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (!http.Request.HasFormContentType)
            {
                return;
            }

            if (await ReadFormAsync(http) is not { } form)
            {
                context.Result = new Refusal(MalformedFormAsync);
            }
            else if (HasControlCharacters(form))
            {
                context.Result = new Refusal(h => ControlCharactersAsync(h, inForm: true));
            }
        }
    }

    /// <summary>
    /// A value that does not bind to what the page takes: in an address (a filter, a page number, a flag) it was not
    /// written by the pages, so the request is refused with the reasons; in a posted form the page shows the error
    /// beside the input, except for a true/false box, whose input cannot show a value that is neither (it threw).
    /// </summary>
    private sealed class UnboundValueFilter : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var method = context.HttpContext.Request.Method;
            var fromAddress = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
            var wrong = context.ModelState
                .Where(e => e.Value is { ValidationState: ModelValidationState.Invalid, Errors.Count: > 0 }
                    && (fromAddress || LeafType(context, e.Key) is { } t && (Nullable.GetUnderlyingType(t) ?? t) == typeof(bool)))
                .SelectMany(e => e.Value!.Errors.Select(x => x.ErrorMessage))
                .Where(m => m.Length > 0)
                .Distinct()
                .ToList();
            if (wrong.Count == 0)
            {
                await next();
                return;
            }

            var reasons = string.Join(Text.T("；", "; "), wrong);
            context.Result = new Refusal(http => PlainAnswers.WriteAsync(http, StatusCodes.Status400BadRequest, ApiProblems.Malformed,
                "请求中的值无效", "A value in the request is not valid", $"{reasons}。请从页面上的链接或表单重新打开。", $"{reasons}. Open the page again from its links or forms.",
                "malformed-value"));
        }

        /// <summary>The type a model state key ("Input.Replace", "Lifted") binds to: a bound property or handler parameter, then its properties.</summary>
        private static Type? LeafType(PageHandlerExecutingContext context, string key)
        {
            var parts = key.Split('.').Select(p => p.Split('[')[0]).ToArray();
            var roots = context.ActionDescriptor.BoundProperties.Select(p => (Name: p.BindingInfo?.BinderModelName ?? p.Name, Type: p.ParameterType))
                .Concat((context.HandlerMethod?.Parameters ?? []).Select(p => (Name: p.BindingInfo?.BinderModelName ?? p.Name, Type: p.ParameterType)));
            var type = roots.FirstOrDefault(r => string.Equals(r.Name, parts[0], StringComparison.OrdinalIgnoreCase)).Type;
            foreach (var part in parts.Skip(1))
            {
                type = type?.GetProperty(part, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.PropertyType;
            }

            return type;
        }
    }

    /// <summary>The dashboard's commands (POST only): batch actions on a list, a job's requeue and delete, a recurring job's trigger and removal.</summary>
    [GeneratedRegex("^/(?:stats|jobs/actions/.*|(?:jobs|recurring|retries)/.*/?(?:delete|requeue|enqueue|trigger|remove))/?$", RegexOptions.IgnoreCase)]
    private static partial Regex DashboardCommand();

    [GeneratedRegex("^/jobs/(?:details|actions/requeue|actions/delete)/(?<id>[^/]*)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex DashboardJobId();
}
