using System.Net.Sockets;
using CapacityExit.Workflow.Web.Api;
using Npgsql;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// While PostgreSQL cannot be reached (stopped, restarting, the network gone, no connection left), a request that
/// needs it is answered 503 with Retry-After: a page in the reader's language saying the system is briefly
/// unavailable and that what they just did was not done, or under /api a problem document. Any other failure is not
/// hidden here. The host itself carries on and answers normally once the database is back (see /health).
/// </summary>
public static class DatabaseOutage
{
    /// <summary>Seconds a client is asked to wait: about what a PostgreSQL restart takes.</summary>
    public const int RetryAfterSeconds = 30;

    public static IApplicationBuilder UseCapacityExitOutagePages(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsOutage(e) && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CapacityExit.DatabaseOutage")
                .LogError("{Method} {Path} answered 503: the database cannot be reached ({Reason})", context.Request.Method, context.Request.Path, e.GetBaseException().Message);
            await PlainAnswers.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ApiProblems.Unavailable,
                "系统暂时无法使用", "The system is briefly unavailable",
                "系统暂时无法连接数据库，请稍候几分钟再试。您刚才的操作没有完成，也没有保存：恢复后请重新打开页面或重新提交。",
                "The system cannot reach its database just now. Please try again in a few minutes. What you just did was not done or saved: open the page or submit again once it is back.",
                "unavailable", ("Retry-After", RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    });

    /// <summary>Whether a failure is the database being out of reach (anywhere in the chain of causes), not a bug or bad data.</summary>
    public static bool IsOutage(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Connection-class errors, the server shutting down or starting, no connection slot left.
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300":
                    return true;
                case PostgresException:
                    return false; // the server answered: a query's own error
                case NpgsqlException or SocketException:
                    return true; // refused, reset, timed out, pool exhausted: no answer from the server
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsOutage):
                    return true;
            }
        }

        return false;
    }
}
