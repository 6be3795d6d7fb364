namespace CapacityExit.Workflow.Web.Tests.Authorisation;

/// <summary>
/// What a request to a route gives one role: a page (200), the sign-in form, 403, 404, a refusal of the form's content
/// (400), or a redirect elsewhere. A refusal the cookie scheme answers with a redirect to /forbidden (which itself
/// answers 403) counts as 403.
/// </summary>
public sealed record Outcome(int Status, string? Location)
{
    public override string ToString() => Location is null ? Status.ToString() : $"{Status} → {Location}";
}

/// <summary>
/// One request a route accepts (a method, and for a page the handler named by <c>?handler=</c> in the sample), the
/// address a test sends it to, and what each of 郴州's roles gets there.
/// </summary>
public sealed record RouteRow(string Route, string Sample, Outcome Anonymous, Outcome Office, Outcome Bureau, Outcome County,
    Outcome Supervisor, Outcome Auditor, Outcome Admin)
{
    /// <summary>GET, or POST (sent with the session's antiforgery token and <see cref="Form"/>).</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The fields a POST sends besides the token; none by default (the form's checks refuse it, nothing is written).</summary>
    public IReadOnlyDictionary<string, string> Form { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For a route that names one record: the address of a record of 郴州 (a sample with a placeholder). Other cities'
    /// people must get there exactly what they get for <see cref="Absent"/>, the same address with a key nobody has.
    /// </summary>
    public string? Record { get; init; }

    /// <summary>The key of <see cref="Record"/> that nobody has: the record's placeholder is replaced by it.</summary>
    public string Absent { get; init; } = "987654321";

    /// <summary>Who of 郴州 reads <see cref="Record"/> (gets 200 there), so the record exists and the comparison can fail.</summary>
    public string? Reader { get; init; }

    /// <summary>
    /// What other cities' people get where it is not what 郴州's of the same role get (a programme 郴州 runs and they do
    /// not); office, bureau, county, supervisor, auditor, admin. Null: the same as 郴州's.
    /// </summary>
    public Outcome[]? Elsewhere { get; init; }

    /// <summary>Sent only to these roles (a public form that counts every post against one address's limit); null: all.</summary>
    public string[]? OnlyFor { get; init; }

    /// <summary>The page handler the sample names (<c>?handler=xlsx</c>), lower case; empty for the unnamed one.</summary>
    public string Handler => Query(Sample, "handler").ToLowerInvariant();

    /// <summary>What identifies the request among those the host accepts.</summary>
    public string Key => $"{Method}\t{Route}\t{Handler}";

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

    /// <summary>The same roles in other cities, with what they get (<see cref="Elsewhere"/>, or 郴州's).</summary>
    public IEnumerable<(string Role, string Login, Outcome Expected)> ElsewhereCells()
    {
        var own = Cells().Skip(1).ToList();
        var logins = RouteMatrix.OtherCityLogins.All;
        for (var i = 0; i < own.Count; i++)
        {
            yield return (own[i].Role, logins[i], Elsewhere?[i] ?? own[i].Expected);
        }
    }

    private static string Query(string sample, string name)
    {
        var q = sample.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            return "";
        }

        foreach (var part in sample[(q + 1)..].Split('&'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        return "";
    }
}

/// <summary>
/// THE table: every request the web app accepts (each route's methods and page handlers; pages, downloads, endpoints)
/// × every role → what it gives, for 郴州's people and for the same roles of other cities (湛江, 长春). The test compares
/// it with the requests the running host lists, so a new route, method or handler without a row here fails it, and so
/// does a row whose request is gone. A sample may name demo data in braces ({energyCase}); the test puts in the id. A
/// row naming one record (<see cref="RouteRow.Record"/>) is also checked for the scope rule: another city's record
/// answers exactly as a missing one.
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

    /// <summary>
    /// The same roles in other cities: 湛江's office, 工信局 and county officer, 长春's supervisor and auditor, and an
    /// administrator seated at 湛江 (the demo has one administrator only; the test adds this one through /admin/users/add).
    /// </summary>
    public static class OtherCityLogins
    {
        public const string Admin = "scope-admin-zhanjiang";
        public const string AdminJurisdiction = "440800";

        public static readonly string[] All = ["zhanjiang-office", "zhanjiang-industryit", "zhanjiang-county", "changchun-supervisor", "changchun-auditor", Admin];
    }

    /// <summary>Served by middleware rather than an endpoint (the Hangfire dashboard): not in the host's route list.</summary>
    public static readonly IReadOnlySet<string> MiddlewareRoutes = new HashSet<string>(StringComparer.Ordinal) { "/hangfire" };

    /// <summary>The sign-in form, asked to come back to the sample afterwards.</summary>
    public static readonly Outcome SignIn = new(302, "sign-in");

    public static readonly Outcome Ok = new(200, null);
    public static readonly Outcome No = new(403, null);
    public static readonly Outcome Missing = new(404, null);
    public static readonly Outcome Bad = new(400, null);

    public static Outcome To(string location) => new(302, location);

    public static readonly IReadOnlyList<RouteRow> Rows =
    [
        //  route                 sample                         anonymous  office          bureau          county          supervisor      auditor         admin
        new("/",                  "/",                           Ok,        To("/dashboard"), To("/dashboard"), To("/dashboard"), To("/dashboard"), To("/dashboard"), To("/dashboard")),
        // The sign-in form posted empty: the form's own refusal, beside its fields.
        new("/",                  "/",                           Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok) { Method = "POST" },
        new("/dashboard",         "/dashboard",                  SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/forbidden",         "/forbidden",                  No,        No,             No,             No,             No,             No,             No),
        new("/language",          "/language?culture=zh-CN",     To("/"),   To("/"),        To("/"),        To("/"),        To("/"),        To("/"),        To("/")),
        new("/account/signout",   "/account/signout",            SignIn,    To("/"),        To("/"),        To("/"),        To("/"),        To("/"),        To("/")),
        // Signing out (each cell in a session of its own, the others go on signed in).
        new("/account/signout",   "/account/signout",            SignIn,    To("/"),        To("/"),        To("/"),        To("/"),        To("/"),        To("/")) { Method = "POST" },
        new("/health",            "/health",                     Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // Liveness (the process) and readiness (database, dispatcher, outbox) for a proxy or orchestrator: open like /health.
        new("/health/live",       "/health/live",                Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/health/ready",      "/health/ready",               Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/hangfire",          "/hangfire",                   SignIn,    No,             No,             No,             No,             Ok,             Ok),
        new("/tasks",             "/tasks",                      SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/tasks",             "/tasks?handler=xlsx",         SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/cases",             "/cases",                      SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/cases",             "/cases?handler=xlsx",         SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // Issue 18: the calendar. Everyone signed in sees their own; the feed has no sign-in, only its secret token (a wrong one: 404).
        new("/calendar",          "/calendar",                   SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/calendar/agenda",   "/calendar/agenda",            SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/calendar/subscribe", "/calendar/subscribe",        SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // Making, renewing or switching off one's own feed address: everyone signed in, for themselves only.
        new("/calendar/subscribe", "/calendar/subscribe?handler=renew",
                                                                 SignIn,    To("/calendar/subscribe"), To("/calendar/subscribe"), To("/calendar/subscribe"), To("/calendar/subscribe"),
                                                                                                                To("/calendar/subscribe"), To("/calendar/subscribe")) { Method = "POST" },
        new("/calendar/subscribe", "/calendar/subscribe?handler=revoke",
                                                                 SignIn,    To("/calendar/subscribe"), To("/calendar/subscribe"), To("/calendar/subscribe"), To("/calendar/subscribe"),
                                                                                                                To("/calendar/subscribe"), To("/calendar/subscribe")) { Method = "POST" },
        new("/calendar/feed/{token}", "/calendar/feed/not-a-token",
                                                                 Missing,   Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        new("/cases/new",         "/cases/new",                  SignIn,    Ok,             Ok,             No,             No,             No,             No),
        // Posted empty: the form again with what is missing beside each field (200), for those who may open a case.
        new("/cases/new",         "/cases/new",                  SignIn,    Ok,             Ok,             No,             No,             No,             No) { Method = "POST" },
        // 郴州's lead smelter (工信局's, in a county that is not chenzhou-county's).
        new("/cases/{id:long}",   "/cases/{leadCase}",           SignIn,    Ok,             Ok,             Missing,        Ok,             Ok,             Ok)
            { Record = "/cases/{leadCase}", Reader = Logins.Office },
        new("/cases/{id:long}/act/{command}", "/cases/{leadCase}/act/withdraw",
                                                                 SignIn,    Ok,             Ok,             Missing,        No,             No,             No)
            { Record = "/cases/{leadCase}/act/withdraw", Reader = Logins.Office },
        // Withdrawal without its reason: refused for its content where the person may withdraw.
        new("/cases/{id:long}/act/{command}", "/cases/{leadCase}/act/withdraw",
                                                                 SignIn,    Bad,            Bad,            Missing,        No,             No,             No)
            { Method = "POST", Record = "/cases/{leadCase}/act/withdraw" },
        // A document of 郴州's fireworks case (应急管理局's, in a county that is not chenzhou-county's).
        new("/documents/{id:long}", "/documents/{fireworksDocument}",
                                                                 SignIn,    Ok,             Missing,        Missing,        Ok,             Ok,             Ok)
            { Record = "/documents/{fireworksDocument}", Reader = Logins.Office },
        new("/notices",           "/notices",                    SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/notices",           "/notices?handler=xlsx",       SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // Which 通报 the demo issues depends on the day it loads: the sample is an id that is not there; the record is one of
        // 郴州's notices (the demo's price notices are always there).
        new("/notices/{id:long}/docx", "/notices/999999/docx",
                                                                 SignIn,    Missing,        Missing,        Missing,        Missing,        Missing,        Missing)
            { Record = "/notices/{chenzhouNotice}/docx", Reader = Logins.Office },
        new("/outbox",            "/outbox",                     SignIn,    Ok,             No,             No,             No,             Ok,             Ok),
        new("/outbox",            "/outbox?handler=xlsx",        SignIn,    Ok,             No,             No,             No,             Ok,             Ok),
        // Sending a message again: no such message for those who may; an auditor reads only.
        new("/outbox",            "/outbox?handler=retry",       SignIn,    Missing,        No,             No,             No,             No,             Missing)
            { Method = "POST", Form = new Dictionary<string, string> { ["id"] = "987654321" } },
        new("/reports",           "/reports",                    SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/reports",           "/reports?handler=xlsx",       SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // The filing form needs the report and filer it is for; without them nobody owes anything there.
        new("/reports/file",      "/reports/file",               SignIn,    Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        new("/reports/file",      "/reports/file",               SignIn,    Missing,        Missing,        Missing,        Missing,        Missing,        Missing) { Method = "POST" },
        // A receipt of a 郴州 filing: the city's office, supervisor and auditor read it; a bureau or county that did not file
        // does not see it, so it reads as absent.
        new("/reports/receipt/{id:long}", "/reports/receipt/{chenzhouReceipt}",
                                                                 SignIn,    Ok,             Missing,        Missing,        Ok,             Ok,             Ok)
            { Record = "/reports/receipt/{chenzhouReceipt}", Reader = Logins.Office },
        // The city's kiln shutdown days and the programme tasks the person sees: read-only, every signed-in person.
        new("/programmes",        "/programmes",                 SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // Issue 18: the programme forms, for whom ProgrammeService lets record (the city's office, the programme's bureau, the
        // line's or mine's county officer); the others read /programmes only. 郴州's clinker line is 工信's and lies in 宜章县,
        // the demo coal mine is 发改's and lies in 资兴市: the matrix's county officer (北湖区) has neither. The other cities
        // run neither programme, so nobody there gets the forms.
        new("/programmes/kiln/confirm", "/programmes/kiln/confirm", SignIn, Ok,             Ok,             No,             No,             No,             No)
            { Elsewhere = [No, No, No, No, No, No] },
        new("/programmes/kiln/confirm", "/programmes/kiln/confirm", SignIn, Bad,            Bad,            No,             No,             No,             No)
            { Method = "POST", Elsewhere = [No, No, No, No, No, No] },
        new("/programmes/coal/report", "/programmes/coal/report", SignIn,   Ok,             No,             No,             No,             No,             No)
            { Elsewhere = [No, No, No, No, No, No] },
        new("/programmes/coal/report", "/programmes/coal/report", SignIn,   Bad,            No,             No,             No,             No,             No)
            { Method = "POST", Elsewhere = [No, No, No, No, No, No] },
        // The demo coal mine's task (发改委's): the office completes it; 工信 and 北湖区 do not see it; the others read it only.
        new("/programmes/tasks/{id:long}/complete", "/programmes/tasks/{coalTask}/complete",
                                                                 SignIn,    Ok,             Missing,        Missing,        No,             No,             No)
            { Record = "/programmes/tasks/{coalTask}/complete", Reader = Logins.Office },
        new("/programmes/tasks/{id:long}/complete", "/programmes/tasks/{coalTask}/complete",
                                                                 SignIn,    Bad,            Missing,        Missing,        No,             No,             No)
            { Method = "POST", Record = "/programmes/tasks/{coalTask}/complete" },
        new("/targets",           "/targets",                    SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/targets",           "/targets?handler=xlsx",       SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/targets/new",       "/targets/new",                SignIn,    Ok,             No,             No,             No,             No,             No),
        new("/targets/new",       "/targets/new",                SignIn,    Ok,             No,             No,             No,             No,             No) { Method = "POST" },
        // Issue 19: the replacement ledger and the measures around an exit. Everyone reads within their jurisdiction; plans are
        // recorded by the city's office (or its development and reform bureau, not 工信局); the credit exchange is the office's.
        new("/replacement",       "/replacement",                SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/replacement/new",   "/replacement/new",            SignIn,    Ok,             No,             No,             No,             No,             No),
        new("/replacement/new",   "/replacement/new",            SignIn,    Ok,             No,             No,             No,             No,             No) { Method = "POST" },
        new("/replacement/ledger", "/replacement/ledger",        SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/measures/prices",   "/measures/prices",            SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/measures/support",  "/measures/support",           SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // One enterprise's support records, found by its credit code (郴州's exited steel works): a code of another city reads
        // as one that does not exist, and the enterprise is never named.
        new("/measures/support",  "/measures/support?creditCode={chenzhouCredit}",
                                                                 SignIn,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok)
            { Record = "/measures/support?creditCode={chenzhouCredit}", Absent = "91431002MA0000000X", Reader = Logins.Office },
        // Recording for it without the numbers: refused for the content where the person may record (the city's office, and the
        // officer of 北湖区, where it lies), 403 where not.
        new("/measures/support",  "/measures/support?handler=plan&creditCode={chenzhouCredit}",
                                                                 SignIn,    Bad,            No,             Bad,            No,             No,             No)
            { Method = "POST", Record = "/measures/support?handler=plan&creditCode={chenzhouCredit}", Absent = "91431002MA0000000X" },
        new("/measures/support",  "/measures/support?handler=fund&creditCode={chenzhouCredit}",
                                                                 SignIn,    Bad,            No,             Bad,            No,             No,             No)
            { Method = "POST", Record = "/measures/support?handler=fund&creditCode={chenzhouCredit}", Absent = "91431002MA0000000X" },
        new("/measures/support",  "/measures/support?handler=land&creditCode={chenzhouCredit}",
                                                                 SignIn,    Bad,            No,             Bad,            No,             No,             No)
            { Method = "POST", Record = "/measures/support?handler=land&creditCode={chenzhouCredit}", Absent = "91431002MA0000000X" },
        new("/measures/credit",   "/measures/credit",            SignIn,    Ok,             No,             No,             No,             No,             No),
        // The exchange file (a download, nothing written).
        new("/measures/credit",   "/measures/credit",            SignIn,    Ok,             No,             No,             No,             No,             No) { Method = "POST" },
        new("/audit",             "/audit",                      SignIn,    No,             No,             No,             No,             Ok,             Ok),
        new("/admin/users",       "/admin/users",                SignIn,    No,             No,             No,             No,             No,             Ok),
        // Locking an account that does not exist: none such, for an administrator.
        new("/admin/users",       "/admin/users?handler=lock",   SignIn,    No,             No,             No,             No,             No,             Missing)
            { Method = "POST", Form = new Dictionary<string, string> { ["login"] = "no-such-login", ["locked"] = "true" } },
        new("/admin/users/add",   "/admin/users/add",            SignIn,    No,             No,             No,             No,             No,             Ok),
        new("/admin/users/add",   "/admin/users/add",            SignIn,    No,             No,             No,             No,             No,             Ok) { Method = "POST" },
        // Accounts are the platform's: an administrator resets any jurisdiction's account (docs/security.md).
        new("/admin/users/reset", "/admin/users/reset?login=chenzhou-county",
                                                                 SignIn,    No,             No,             No,             No,             No,             Ok),
        new("/admin/users/reset", "/admin/users/reset?login=chenzhou-county",
                                                                 SignIn,    No,             No,             No,             No,             No,             Ok) { Method = "POST" },
        new("/admin/calendar",    "/admin/calendar",             SignIn,    No,             No,             No,             No,             No,             Ok),
        new("/admin/calendar/add", "/admin/calendar/add",        SignIn,    No,             No,             No,             No,             No,             Ok),
        new("/admin/calendar/add", "/admin/calendar/add",        SignIn,    No,             No,             No,             No,             No,             Ok) { Method = "POST" },
        // Issue 17: the public side needs no sign-in and shows everyone the same; the officers' side is the bureaus' and the office's.
        new("/public/exit-list",  "/public/exit-list",           Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/exit-list",  "/public/exit-list?handler=xlsx", Ok,     Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/red-list",   "/public/red-list?year=2026",  Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/red-list",   "/public/red-list?year=2026&handler=xlsx", Ok, Ok,        Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/yellow-list", "/public/yellow-list",        Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/yellow-list", "/public/yellow-list?handler=xlsx", Ok,  Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // Only an exited case has a closure notice: an open one (the lead smelter) has none, for anybody.
        new("/public/closures/{id:long}", "/public/closures/{leadCase}",
                                                                 Missing,   Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        // What the seeds ask to publish: the over-emission list, the sealed-equipment notices, the census results, the counties'
        // annual targets. Public like the lists above; a case that never reached the sealed-equipment notice (the lead
        // smelter, still being assessed) has none, for anybody.
        new("/public/over-emission", "/public/over-emission?City=431000", Ok, Ok,          Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/over-emission", "/public/over-emission?City=431000&handler=xlsx", Ok, Ok,   Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/sealed-equipment", "/public/sealed-equipment",  Ok,    Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/sealed-equipment", "/public/sealed-equipment?handler=xlsx", Ok, Ok,         Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/sealed-equipment/{id:long}", "/public/sealed-equipment/{leadCase}",
                                                                 Missing,   Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        new("/public/census",     "/public/census?year=2026",    Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/census",     "/public/census?year=2026&handler=xlsx", Ok, Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/targets",    "/public/targets?City=410100", Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/targets",    "/public/targets?City=410100&handler=xlsx", Ok, Ok,          Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/report",     "/public/report",              Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        // The 举报 form posted empty: refused beside its fields. Every post counts against the address's limit of ten a
        // minute (and the journeys of the public side post from the same address), so only two are sent.
        new("/public/report",     "/public/report",              Bad,       Bad,            Bad,            Bad,            Bad,            Bad,            Bad)
            { Method = "POST", OnlyFor = ["anonymous", "LeadingGroupOffice"] },
        new("/public/reports",    "/public/reports",             Ok,        Ok,             Ok,             Ok,             Ok,             Ok,             Ok),
        new("/public/reports/{receipt}", "/public/reports/JBNOSUCHRECEIPT",
                                                                 Missing,   Missing,        Missing,        Missing,        Missing,        Missing,        Missing),
        new("/verifications",     "/verifications",              SignIn,    Ok,             Ok,             No,             No,             No,             No),
        new("/verifications",     "/verifications?handler=xlsx", SignIn,    Ok,             Ok,             No,             No,             No,             No),
        // The demo's 举报 about a fireworks workshop in 桂阳县 (应急管理局 verifies it; 工信局 does not see it).
        new("/verifications/{id:long}", "/verifications/{chenzhouReport}",
                                                                 SignIn,    Ok,             Missing,        No,             No,             No,             No)
            { Record = "/verifications/{chenzhouReport}", Reader = Logins.Office },
        // Its photo: the demo's report has none; no one else sees the report at all.
        new("/verifications/{id:long}", "/verifications/{chenzhouReport}?handler=photo",
                                                                 SignIn,    Missing,        Missing,        Missing,        Missing,        Missing,        Missing)
            { Record = "/verifications/{chenzhouReport}?handler=photo" },
        // Deciding it is the verifying bureau's: the office oversees it only; the others do not see it.
        new("/verifications/{id:long}", "/verifications/{chenzhouReport}?handler=confirm",
                                                                 SignIn,    No,             Missing,        No,             No,             No,             No)
            { Method = "POST", Record = "/verifications/{chenzhouReport}?handler=confirm" },
        new("/verifications/{id:long}", "/verifications/{chenzhouReport}?handler=reject",
                                                                 SignIn,    Bad,            Missing,        No,             No,             No,             No)
            { Method = "POST", Record = "/verifications/{chenzhouReport}?handler=reject" },
        new("/verifications/refused", "/verifications/refused",  SignIn,    Ok,             No,             No,             No,             Ok,             No),
        new("/verifications/refused", "/verifications/refused?handler=xlsx", SignIn, Ok,    No,             No,             No,             Ok,             No),
        new("/census",            "/census",                     SignIn,    Ok,             Ok,             No,             No,             No,             No),
        new("/census",            "/census?handler=template",    SignIn,    Ok,             Ok,             No,             No,             No,             No),
        new("/census",            "/census",                     SignIn,    Bad,            Bad,            No,             No,             No,             No) { Method = "POST" },
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
