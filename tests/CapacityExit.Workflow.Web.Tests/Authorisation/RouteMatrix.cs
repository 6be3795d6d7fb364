namespace CapacityExit.Workflow.Web.Tests.Authorisation;

/// <summary>
/// What a GET of a route gives one role: a page (200), the sign-in form, 403, 404, or a redirect elsewhere. A refusal
/// the cookie scheme answers with a redirect to /forbidden (which itself answers 403) counts as 403.
/// </summary>
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
    /// <summary>The person who plays each role: all of 郴州 (the demo's administrator sits at 郴州 too).</summary>
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
        new("/tasks",             "/tasks",                      SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/cases",             "/cases",                      SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // Issue 18: the calendar. Everyone signed in sees their own; the feed has no sign-in, only its secret token (a wrong one: 404).
        new("/calendar",          "/calendar",                   SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/calendar/agenda",   "/calendar/agenda",            SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/calendar/subscribe", "/calendar/subscribe",        SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/calendar/feed/{token}", "/calendar/feed/not-a-token",
                                                                 Missing,   Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        new("/cases/new",         "/cases/new",                  SignIn,    Ok,             Ok,             No,             No,             No,             No),
        // 郴州's lead smelter (工信局's, in a county that is not chenzhou-county's).
        new("/cases/{id:long}",   "/cases/{leadCase}",           SignIn,    Ok,             Ok,             Missing,        Ok,             Ok,             Ok),
        new("/cases/{id:long}/act/{command}", "/cases/{leadCase}/act/withdraw",
                                                                 SignIn,    Ok,             Ok,             Missing,        No,             No,             No),
        // A document of 郴州's fireworks case (应急管理局's, in a county that is not chenzhou-county's).
        new("/documents/{id:long}", "/documents/{fireworksDocument}",
                                                                 SignIn,    Ok,             Missing,        Missing,        Ok,             Ok,             Ok),
        new("/notices",           "/notices",                    SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // Which 通报 the demo issues depends on the day it loads (none on 郴州 on some days): an id that is not there.
        new("/notices/{id:long}/docx", "/notices/999999/docx",
                                                                 SignIn,    Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        new("/outbox",            "/outbox",                     SignIn,    Ok,             No,             No,             No,             Ok,             Ok),
        new("/reports",           "/reports",                    SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // The filing form needs the report and filer it is for; without them nobody owes anything there.
        new("/reports/file",      "/reports/file",               SignIn,    Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        // A receipt of a 郴州 filing: the city's office, supervisor and auditor read it; a bureau or county that did not file does not.
        new("/reports/receipt/{id:long}", "/reports/receipt/{chenzhouReceipt}",
                                                                 SignIn,    Ok,             No,             No,             Ok,             Ok,             Ok),
        // The city's kiln shutdown days and the programme tasks the person sees: read-only, every signed-in person.
        new("/programmes",        "/programmes",                 SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // Issue 18: the programme forms, for whom ProgrammeService lets record (the city's office, the programme's bureau, the
        // line's or mine's county officer); the others read /programmes only. 郴州's clinker line is 工信's and lies in 宜章县,
        // the demo coal mine is 发改's and lies in 资兴市: the matrix's county officer (北湖区) has neither.
        new("/programmes/kiln/confirm", "/programmes/kiln/confirm", SignIn, Ok,             Ok,             No,             No,             No,             No),
        new("/programmes/coal/report", "/programmes/coal/report", SignIn,   Ok,             No,             No,             No,             No,             No),
        // The demo coal mine's task (发改委's): the office completes it; 工信 and 北湖区 do not see it; the others read it only.
        new("/programmes/tasks/{id:long}/complete", "/programmes/tasks/{coalTask}/complete",
                                                                 SignIn,    Ok,             Missing,        Missing,        No,             No,             No),
        new("/targets",           "/targets",                    SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/targets/new",       "/targets/new",                SignIn,    Ok,             No,             No,             No,             No,             No),
        // Issue 19: the replacement ledger and the measures around an exit. Everyone reads within their jurisdiction; plans are
        // recorded by the city's office (or its development and reform bureau, not 工信局); the credit exchange is the office's.
        new("/replacement",       "/replacement",                SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/replacement/new",   "/replacement/new",            SignIn,    Ok,             No,             No,             No,             No,             No),
        new("/replacement/ledger", "/replacement/ledger",        SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/measures/prices",   "/measures/prices",            SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/measures/support",  "/measures/support",           SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/measures/credit",   "/measures/credit",            SignIn,    Ok,             No,             No,             No,             No,             No),
        new("/audit",             "/audit",                      SignIn,    No,             No,             No,             No,             Ok,             Ok),
        new("/admin/users",       "/admin/users",                SignIn,    No,             No,             No,             No,             No,             Ok),
        new("/admin/users/add",   "/admin/users/add",            SignIn,    No,             No,             No,             No,             No,             Ok),
        new("/admin/users/reset", "/admin/users/reset?login=chenzhou-county",
                                                                 SignIn,    No,             No,             No,             No,             No,             Ok),
        new("/admin/calendar",    "/admin/calendar",             SignIn,    No,             No,             No,             No,             No,             Ok),
        new("/admin/calendar/add", "/admin/calendar/add",        SignIn,    No,             No,             No,             No,             No,             Ok),
        // Issue 17: the public side needs no sign-in and shows everyone the same; the officers' side is the bureaus' and the office's.
        new("/public/exit-list",  "/public/exit-list",           Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/red-list",   "/public/red-list?year=2026",  Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/yellow-list", "/public/yellow-list",        Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // Only an exited case has a closure notice: an open one (the lead smelter) has none, for anybody.
        new("/public/closures/{id:long}", "/public/closures/{leadCase}",
                                                                 Missing,   Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        // What the seeds ask to publish: the over-emission list, the sealed-equipment notices, the census results, the counties'
        // annual targets. Public like the lists above; a case that never reached the sealed-equipment notice (the lead
        // smelter, still being assessed) has none, for anybody.
        new("/public/over-emission", "/public/over-emission?City=431000", Ok, Ok,          Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/sealed-equipment", "/public/sealed-equipment",  Ok,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/sealed-equipment/{id:long}", "/public/sealed-equipment/{leadCase}",
                                                                 Missing,   Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        new("/public/census",     "/public/census?year=2026",    Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/targets",    "/public/targets?City=410100", Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/report",     "/public/report",              Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/reports",    "/public/reports",             Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/reports/{receipt}", "/public/reports/JBNOSUCHRECEIPT",
                                                                 Missing,   Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        new("/verifications",     "/verifications",              SignIn,    Ok,             Ok,             No,             No,             No,             No),
        new("/verifications/{id:long}", "/verifications/999999", SignIn,    Missing,        Missing,        No,             No,             No,             No),
        new("/verifications/refused", "/verifications/refused",  SignIn,    Ok,             No,             No,             No,             Ok,             No),
        new("/census",            "/census",                     SignIn,    Ok,             Ok,             No,             No,             No,             No),
        // Issue 17: the OpenAPI document (any signed-in person; the cookie or a token; anonymous gets the API's 401) and its
        // reader page for administrators. The /api operations have their own table (Api/ApiMatrix.cs, with tokens).
        new("/openapi/{documentName}.json", "/openapi/v1.json",  new(401, null), Ok,         Ok,             Ok,             Ok,             Ok,             Ok),
        new("/api-reference/{documentName?}", "/api-reference/v1", SignIn,  No,             No,             No,             No,             No,             Ok),
        // The reader's own script and icon (Scalar's static files, no data in them) are served to anyone, as /css and /js are.
        new("/api-reference/scalar.js", "/api-reference/scalar.js", Ok,     Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/api-reference/scalar.aspnetcore.js", "/api-reference/scalar.aspnetcore.js",
                                                                 Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/api-reference/favicon.svg", "/api-reference/favicon.svg", Ok, Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
    ];
}
