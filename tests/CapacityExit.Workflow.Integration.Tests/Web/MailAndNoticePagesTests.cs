using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>The notices register with its .docx, and the mail outbox with "send again", over HTTP on the real host.</summary>
[Collection(OfficePagesCollection.Name)]
public sealed partial class MailAndNoticePagesTests(OfficeHost office) : IClassFixture<OfficeHost>
{
    [Fact]
    public async Task Notices_are_listed_with_number_and_recipients_and_their_docx_goes_only_to_people_of_their_region_others_read_it_as_absent()
    {
        using var zhengzhou = await office.SignInAsync("zhengzhou-office");
        var list = await zhengzhou.PageAsync("/notices");
        var id = NoticeLink().Match(list.Split("郑淘汰落后办〔2026〕3号")[1]).Groups[1].Value;

        var docx = await zhengzhou.GetAsync($"/notices/{id}/docx");
        var bytes = await docx.Content.ReadAsByteArrayAsync();
        using var chenzhou = await office.SignInAsync("chenzhou-office");
        var elsewhere = await chenzhou.GetAsync($"/notices/{id}/docx");
        var missing = await zhengzhou.GetAsync("/notices/99999999/docx");

        Assert.Contains("郑淘汰落后办〔2026〕1号", list);
        Assert.Contains("约谈", list);
        Assert.Contains("@example.org>", list);
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", docx.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".docx", docx.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(docx.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);
        // Another city's notice reads exactly as one that does not exist (the scope rule, docs/security.md).
        var missingForChenzhou = await chenzhou.GetAsync("/notices/99999999/docx");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(await missingForChenzhou.Content.ReadAsStringAsync(), await elsewhere.Content.ReadAsStringAsync());
        // 郴州's office sees its own notices (the demo's price notices of its 发改委) and none of 郑州's.
        var chenzhouList = await chenzhou.PageAsync("/notices");
        Assert.DoesNotContain("郑淘汰落后办", chenzhouList);
        Assert.DoesNotContain("郑发改", chenzhouList);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_office_sends_a_failed_message_of_its_city_again_an_auditor_only_reads_and_another_city_never_sees_it()
    {
        var id = await FailedMessageInChenzhouAsync();
        using var auditor = await office.SignInAsync("chenzhou-auditor");
        var read = await auditor.PageAsync("/outbox?status=failed");
        var auditorPost = await auditor.PostWithTokenAsync("/outbox?handler=Retry", OfficeClient.Token(read), ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var zhengzhou = await office.SignInAsync("zhengzhou-office");
        var other = await zhengzhou.PageAsync("/outbox?status=failed");
        var otherPost = await zhengzhou.PostWithTokenAsync("/outbox?handler=Retry", OfficeClient.Token(other), ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains($"<tr id=\"mail-{id}\">", read);
        Assert.Contains("550 5.1.1 mailbox unavailable (nobody@beihu.example.cn)", read);
        Assert.DoesNotContain("重新发送", read);
        Assert.Equal(HttpStatusCode.Forbidden, await auditor.FinalStatusAsync(auditorPost));
        Assert.DoesNotContain($"<tr id=\"mail-{id}\">", other);
        Assert.Equal(HttpStatusCode.NotFound, otherPost.StatusCode);
        Assert.Equal(("Failed", 5), await StateAsync(id));

        using var chief = await office.SignInAsync("chenzhou-office");
        var form = await chief.PageAsync("/outbox?status=failed");
        var sent = await chief.PostWithTokenAsync("/outbox?handler=Retry", OfficeClient.Token(form), ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (_, done) = await chief.FollowAsync(sent);
        var again = await chief.PostWithTokenAsync("/outbox?handler=Retry", OfficeClient.Token(done), ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var withoutToken = await chief.PostWithTokenAsync("/outbox?handler=Retry", null, ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains("重新发送", form);
        Assert.Contains($"邮件 {id} 已重新排队", done);
        Assert.Equal(("Pending", 0), await StateAsync(id));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("只有发送失败的邮件可以重发", await OfficeClient.BodyAsync(again));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        using var county = await office.SignInAsync("chenzhou-county");
        Assert.Equal(HttpStatusCode.Forbidden, await county.FinalStatusAsync(await county.GetAsync("/outbox")));
    }

    /// <summary>A reminder to 北湖区 that the mail server refused for good (as OutboxSender records a 550).</summary>
    private async Task<long> FailedMessageInChenzhouAsync()
    {
        await using var connection = new NpgsqlConnection(office.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            insert into capacity_exit.outbox_messages (case_id, kind, recipient_role, template_id, data, message_id, status, tries, created_at, next_attempt_at, last_reply)
            select null, 'report-reminder', 'county-government', 'report-reminder', jsonb_build_object('region_id', j.id::text), '<web-test-failed@capacity-exit.workflow>',
                   'Failed', 5, now(), now(), '550 5.1.1 mailbox unavailable (nobody@beihu.example.cn)'
            from capacity_exit.jurisdictions j where j.code = '431002'
            returning id
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<(string Status, int Tries)> StateAsync(long id)
    {
        await using var connection = new NpgsqlConnection(office.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select status, tries from capacity_exit.outbox_messages where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetInt32(1));
    }

    [GeneratedRegex("/notices/([0-9]+)/docx")]
    private static partial Regex NoticeLink();
}
