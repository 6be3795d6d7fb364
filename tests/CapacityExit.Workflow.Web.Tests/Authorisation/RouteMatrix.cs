namespace CapacityExit.Workflow.Web.Tests.Authorisation;

/// <summary>What a GET of a route gives one role: a page (200), the sign-in form, 403, 404, or a redirect elsewhere.</summary>
public sealed record Outcome(int Status, string? Location)
{
    public override string ToString() => Location is null ? Status.ToString() : $"{Status} → {Location}";
}

/// <summary>One route the web app maps, the address a test requests for it, and what each role gets there.</summary>
public sealed record RouteRow(string Route, string Sample, Outcome Anonymous, Outcome Office, Outcome Bureau, Outcome County,
    Outcome Supervisor, Outcome Auditor, Outcome Admin)
{
    public IEnumerable<(string Role, string? Login, Outcome Expected)> Cells()
    {
        yield return ("anonymous", null, Anonymous);
        yield return ("LeadingGroupOffice", RouteMatrix.Logins.Office, Office);
        yield return ("BureauOfficer", RouteMatrix.Logins.Bureau, Bureau);
        yield return ("CountyOfficer", RouteMatrix.Logins.County, County);
        yield return ("Supervisor", RouteMatrix.Logins.Supervisor, Supervisor);
        yield return ("Auditor", RouteMatrix.Logins.Auditor, Auditor);
        yield return ("Admin", RouteMatrix.Logins.Admin, Admin);
    }
}

/// <summary>
/// THE table: every route the web app maps (pages, downloads, endpoints) × every role → what a GET gives. The test
/// compares it with the routes the running host lists, so a new route without a row here fails it, and so does a row
/// whose route is gone. A sample may name demo data in braces ({energyCase}); the test puts in the id.
/// </summary>
public static class RouteMatrix
{
    /// <summary>The person who plays each role: all of 郴州 except the administrator, who has no city.</summary>
    public static class Logins
    {
        public const string Office = "chenzhou-office";
        public const string Bureau = "chenzhou-industryit";
        public const string County = "chenzhou-county";
        public const string Supervisor = "chenzhou-supervisor";
        public const string Auditor = "chenzhou-auditor";
        public const string Admin = "admin";
    }

    /// <summary>Served by middleware rather than an endpoint (the Hangfire dashboard): not in the host's route list.</summary>
    public static readonly IReadOnlySet<string> MiddlewareRoutes = new HashSet<string>(StringComparer.Ordinal) { "/hangfire" };

    /// <summary>The sign-in form, asked to come back to the sample afterwards.</summary>
    public static readonly Outcome SignIn = new(302, "sign-in");

    public static readonly Outcome Ok = new(200, null);
    public static readonly Outcome No = new(403, null);
    public static readonly Outcome Missing = new(404, null);

    public static Outcome To(string location) => new(302, location);

    public static readonly IReadOnlyList<RouteRow> Rows =
    [
        //  route                 sample                         anonymous  office          bureau          county          supervisor      auditor         admin
        new("/",                  "/",                           Ok,        To("/dashboard"), To("/dashboard"), To("/dashboard"), To("/dashboard"), To("/dashboard"), To("/dashboard")),
        new("/dashboard",         "/dashboard",                  SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/forbidden",         "/forbidden",                  No,        No,             No,             No,             No,             No,             No),
        new("/language",          "/language?culture=zh-CN",     To("/"),   To("/"),        To("/"),        To("/"),        To("/"),        To("/"),        To("/")),
        new("/account/signout",   "/account/signout",            SignIn,    To("/"),        To("/"),        To("/"),        To("/"),        To("/"),        To("/")),
        new("/health",            "/health",                     Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/hangfire",          "/hangfire",                   SignIn,    No,             No,             No,             No,             Ok,             Ok),
    ];
}
