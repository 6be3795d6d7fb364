namespace CapacityExit.Workflow.Web.Tests.Api;

/// <summary>One API operation, the request a test sends for it, and the status each role gets (0: not sent).</summary>
public sealed record ApiRow(string Method, string Route, string Sample, string? Body,
    int Anonymous, int Office, int Bureau, int County, int Supervisor, int Auditor, int Admin)
{
    public IEnumerable<(string Role, string? Login, int Expected)> Cells()
    {
        yield return ("anonymous", null, Anonymous);
        yield return ("LeadingGroupOffice", Authorisation.RouteMatrix.Logins.Office, Office);
        yield return ("BureauOfficer", Authorisation.RouteMatrix.Logins.Bureau, Bureau);
        yield return ("CountyOfficer", Authorisation.RouteMatrix.Logins.County, County);
        yield return ("Supervisor", Authorisation.RouteMatrix.Logins.Supervisor, Supervisor);
        yield return ("Auditor", Authorisation.RouteMatrix.Logins.Auditor, Auditor);
        yield return ("Admin", Authorisation.RouteMatrix.Logins.Admin, Admin);
    }
}

/// <summary>
/// THE table of the JSON API: every operation the host maps under /api (and the OpenAPI document) × every role →
/// the status, each role with a bearer token of its demo account (the same people as <see cref="Authorisation.RouteMatrix"/>).
/// Writes are sent with a body that the rules refuse after the authorisation (a missing field, an outcome the task
/// does not have), so the table can run in any order and changes nothing: a role that may act gets the refusal of
/// its data (400/409), a role that may not gets 403, a case out of scope 404, no token 401. Samples name the cases
/// the test opened ({energyCase}, {techTask}, …).
/// </summary>
public static class ApiMatrix
{
    private const int Ok = 200, Bad = 400, NoToken = 401, No = 403, Missing = 404, Refused = 409;

    public static IEnumerable<string> Routes => Rows.Select(r => r.Route).Distinct();

    public static readonly IReadOnlyList<ApiRow> Rows =
    [
        //  method  route                                    sample                                  body
        //                                                   anonymous office  bureau  county  superv. auditor admin
        new("POST", "/api/token",                            "/api/token",                           "{}",
                                                             Bad,      Bad,    Bad,    Bad,    Bad,    Bad,    Bad),
        new("POST", "/api/token/refresh",                    "/api/token/refresh",                   """{"refreshToken":"not-a-token"}""",
                                                             NoToken,  NoToken, NoToken, NoToken, NoToken, NoToken, NoToken),
        new("GET",  "/api/cases",                            "/api/cases?status=all",                null,
                                                             NoToken,  Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        // A case of 工信局 in 桂阳县: the county officer (北湖区) does not see it.
        new("GET",  "/api/cases/{id:long}",                  "/api/cases/{energyCase}",              null,
                                                             NoToken,  Ok,     Ok,     Missing, Ok,    Ok,     Ok),
        new("POST", "/api/cases",                            "/api/cases",                           "{}",
                                                             NoToken,  Bad,    Bad,    No,     No,     No,     No),
        // Withdrawal without its reason: the office and the case officer may withdraw; the others may not.
        new("POST", "/api/cases/{id:long}/commands/{command}", "/api/cases/{energyCase}/commands/withdraw", """{"data":{}}""",
                                                             NoToken,  Bad,    Bad,    Missing, No,    No,     No),
        new("GET",  "/api/documents/{id:long}",              "/api/documents/{document}",            null,
                                                             NoToken,  Ok,     Ok,     Missing, Ok,    Ok,     Ok),
        new("GET",  "/api/tasks",                            "/api/tasks?overdue=false",             null,
                                                             NoToken,  Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        new("GET",  "/api/obligations",                      "/api/obligations?overdue=false",       null,
                                                             NoToken,  Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        // The demolition assessment is the case officer's: an outcome it does not have is refused; others may not act.
        new("POST", "/api/tasks/{id:long}/complete",         "/api/tasks/{techTask}/complete",       """{"outcome":"no-such-outcome"}""",
                                                             NoToken,  No,     Refused, Missing, No,   No,     No),
        new("GET",  "/api/reports",                          "/api/reports",                         null,
                                                             NoToken,  Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        new("POST", "/api/reports",                          "/api/reports",                         "{}",
                                                             NoToken,  Bad,    Bad,    Bad,    No,     No,     No),
        // A bureau or county that did not file it does not see the receipt: it reads as absent (docs/security.md).
        new("GET",  "/api/reports/receipts/{id:long}",       "/api/reports/receipts/{chenzhouReceipt}", null,
                                                             NoToken,  Ok,     Missing, Missing, Ok,   Ok,     Ok),
        new("GET",  "/api/targets",                          "/api/targets",                         null,
                                                             NoToken,  Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        new("POST", "/api/targets",                          "/api/targets",                         "{}",
                                                             NoToken,  Bad,    No,     No,     No,     No,     No),
        new("GET",  "/api/notices",                          "/api/notices",                         null,
                                                             NoToken,  Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        new("GET",  "/api/notices/{id:long}/docx",           "/api/notices/999999/docx",             null,
                                                             NoToken,  Missing, Missing, Missing, Missing, Missing, Missing),
        // The published lists are public, as on the government website.
        new("GET",  "/api/public/exit-list",                 "/api/public/exit-list?city=431000",    null,
                                                             Ok,       Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        new("GET",  "/api/public/red-cards",                 "/api/public/red-cards?city=431000",    null,
                                                             Ok,       Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        new("GET",  "/api/public/yellow-cards",              "/api/public/yellow-cards?city=431000", null,
                                                             Ok,       Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        new("GET",  "/api/public/over-emission",             "/api/public/over-emission?city=431000", null,
                                                             Ok,       Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        new("GET",  "/api/public/sealed-equipment",          "/api/public/sealed-equipment?city=431000", null,
                                                             Ok,       Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        new("GET",  "/api/public/census",                    "/api/public/census?city=431000",       null,
                                                             Ok,       Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        new("GET",  "/api/public/targets",                   "/api/public/targets?city=410100",      null,
                                                             Ok,       Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
        // Any other address under /api: a problem, never the sign-in page.
        new("GET",  "/api/{**path}",                         "/api/no-such-operation",               null,
                                                             NoToken,  Missing, Missing, Missing, Missing, Missing, Missing),
        new("GET",  "/openapi/{documentName}.json",          "/openapi/v1.json",                     null,
                                                             NoToken,  Ok,     Ok,     Ok,     Ok,     Ok,     Ok),
    ];
}
