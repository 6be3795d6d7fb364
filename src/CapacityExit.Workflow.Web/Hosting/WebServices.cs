using CapacityExit.Workflow.Web.Endpoints;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Core.Cases;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;

namespace CapacityExit.Workflow.Web.Hosting;

public static class WebServices
{
    public const string AdminPolicy = "admin";
    public const string AuditPolicy = "audit";
    public const string RefusedReportsPolicy = "refused-reports";

    /// <summary>Razor Pages, sign-in with Identity on our database, Chinese first with English available.</summary>
    public static void AddCapacityExitWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddCapacityExitSharedKeys(); // cookies and tokens readable by every host on the database (SharedKeys)
        services.AddSystemd(); // under systemd: Type=notify start-up and journald-friendly logs; nothing otherwise (docs/deploy.md)
        // Identity's user store is registered by the core (the CLI manages accounts too); the web adds cookie sign-in.
        new IdentityBuilder(typeof(Account), services)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<PersonClaimsFactory>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "capexit.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure behind HTTPS
            o.LoginPath = "/";
            o.AccessDeniedPath = "/forbidden";
            o.ExpireTimeSpan = TimeSpan.FromHours(8); // one working day
            o.SlidingExpiration = true;
        });
        // A locked or reset account is signed out at its next request after a minute, not at the cookie's end.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireRole(nameof(Role.Admin)))
            .AddPolicy(AuditPolicy, p => p.RequireRole(nameof(Role.Admin), nameof(Role.Auditor)))
            .AddPolicy(RefusedReportsPolicy, p => p.RequireRole(nameof(Role.LeadingGroupOffice), nameof(Role.Auditor)));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "capexit.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToPage("/Index");
            o.Conventions.AllowAnonymousToPage("/Forbidden");
            o.Conventions.AllowAnonymousToPage("/Language");
            o.Conventions.AllowAnonymousToFolder("/Public"); // the public lists and the 举报 form (issue 17)
            o.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
            o.Conventions.AuthorizeFolder("/Audit", AuditPolicy);
            o.Conventions.AuthorizePage("/Verifications/Refused", RefusedReportsPolicy); // refused 举报, kept for the audit (issue 17)
        }).AddMvcOptions(o =>
        {
            // A value that does not bind (a word where a number goes) is said in the reader's language, like every other error.
            var m = o.ModelBindingMessageProvider;
            m.SetAttemptedValueIsInvalidAccessor((value, _) => Text.T($"“{value}”不是有效的值", $"'{value}' is not valid here"));
            m.SetValueMustBeANumberAccessor(_ => Text.T("请填写数字", "write a number"));
            m.SetValueMustNotBeNullAccessor(value => Text.T($"“{value}”不是有效的值", $"'{value}' is not valid here"));
            m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Text.T($"“{value}”不是有效的值", $"'{value}' is not valid here"));
        });
        services.AddSingleton(sp => new Core.Calendar.CalendarAdministration(Core.Hosting.ProjectPaths.HolidayCalendar(builder.Environment.ContentRootPath),
            sp.GetRequiredService<Core.Calendar.YearArrival.YearArrivalRecompute>(), sp.GetRequiredService<Core.Workflows.WorkflowRuntime>(),
            sp.GetRequiredService<Core.Calendar.HolidayYearStore>()));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = new[] { new CultureInfo("zh-CN"), new CultureInfo("en") };
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // The reader's choice (the language link) wins; a browser's Accept-Language does not switch a Chinese office.
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        // Chinese as itself, not as &#x...; entities: pages half the size on an office line, and readable as source.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        builder.AddCapacityExitAccountHardening(); // trusted proxies, Secure cookies and HSTS, bearer tokens that die
        builder.AddCapacityExitPublicWeb();
        builder.ConfigureRequestLimits(); // every route's body limit, before it is read (RequestLimits)
        services.AddCapacityExitRequestGuards(); // 400/404/405 for malformed requests, before any page runs
        Core.Agenda.AgendaServices.AddCapacityExitAgenda(builder); // issue 18: the calendar pages and feed
    }

    public static void UseCapacityExitWeb(this WebApplication app)
    {
        app.UseCapacityExitTrustedProxies(); // before anything reads the client's address or scheme (the 举报 limit, the sign-in audit, cookies)
        app.UseCapacityExitProtectiveHeaders().UseCapacityExitOutagePages().UseCapacityExitRequestGuards(); // headers, 503, 4xx: Hosting/
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseAuthentication();
        // /hangfire: an anonymous visitor is sent to sign in; a signed-in non-administrator gets Hangfire's 403.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/hangfire") && context.User.Identity?.IsAuthenticated != true
                && !app.Services.GetRequiredService<Core.Scheduling.SchedulingSettings>().DashboardAllowsLocalRequests)
            {
                await context.ChallengeAsync(IdentityConstants.ApplicationScheme);
                return;
            }

            await next();
        });
        // Hangfire's dashboard is middleware with its own filter (admin full, auditor read-only, the local-requests
        // setting); it runs before the endpoints' authorization, whose fallback policy would send everyone to sign in.
        app.MapOperatorsDashboard();
        app.UseAuthorization();
        app.UseRequestLimits(); // 413 before a body over the route's limit is read
        app.UseCapacityExitPublicReportLimit(); // the 举报 limit, counted in PostgreSQL across hosts (PublicWeb)
        app.MapRazorPages();
        app.MapCalendarFeed();
    }
}
