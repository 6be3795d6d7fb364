using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Domain.Tests.Workflows;

/// <summary>An invalid file is refused at start-up with its name, line:column and the reason; all errors at once.</summary>
public sealed class DefinitionValidationTests
{
    private const string File = "workflows/definitions/demo.v1.yaml";

    private const string Profile = """
        id: test
        title: test
        reminders: { working-days-before: [7, 1], at: "09:00" }
        periods:
          fix: P6M
        roles:
          officer: bureau-officer
        """;

    // Line numbers below are those of this text (line 1 = "id: demo").
    private const string Valid = """
        id: demo
        version: 1
        title: demo
        initial: open
        states:
          open:
            title: open
            timers:
              fix-deadline:
                title: deadline
                period: profile:fix
                recipient: profile:officer
                then: done
            on:
              pass:
                title: passed
                to: done
                by: [profile:officer]
          done:
            title: done
            final: exited
        """;

    private static WorkflowDefinitionException Refused(string definition, string profile = Profile, string file = File) =>
        Assert.Throws<WorkflowDefinitionException>(() => WorkflowCatalog.Parse([(file, definition)], [("workflows/profiles/test.yaml", profile)]));

    private static DefinitionError Only(string definition, string profile = Profile) => Assert.Single(Refused(definition, profile).Errors);

    [Fact]
    public void The_valid_text_loads()
    {
        var catalog = WorkflowCatalog.Parse([(File, Valid)], [("workflows/profiles/test.yaml", Profile)]);
        Assert.Equal("done", catalog.Get("demo", 1).State("open").Timers.Single().Then);
    }

    [Theory]
    [InlineData("within: nowhere", "is 'within' unknown state 'nowhere'")]
    [InlineData("within: open", "can be 'within' only an open state other than itself")]
    [InlineData("within: done", "can be 'within' only an open state other than itself")]
    public void A_step_within_must_name_another_open_state(string within, string message)
    {
        var text = Valid.Replace("  open:\n    title: open\n", $"  open:\n    title: open\n    {within}\n");
        var error = Only(text);
        Assert.Contains(message, error.Message);
        Assert.Equal(6, error.Line);
    }

    [Fact]
    public void A_task_due_before_a_date_nothing_records_is_refused()
    {
        var text = Valid.Replace("    on:\n", """
                tasks:
                  check:
                    title: check
                    assignee: profile:officer
                    due: P5D
                    due-before: nothingRecordsThis
                    escalate-to: profile:officer
                on:

            """);
        Assert.Contains("due before the date in variable 'nothingRecordsThis', which nothing records", Only(text).Message);
    }

    [Fact]
    public void The_real_files_load()
    {
        // Five standards; energy, environment and technology in two versions (v2: the permit duty of 001 §四.(七)), quality
        // too (v2: the order's period where the seed sets none, 003 §二.(三).3).
        Assert.Equal(9, Repo.Catalog.Definitions.Count);
        Assert.Equal(["energy", "environment", "quality", "safety", "technology"], Repo.Catalog.DefinitionIds.ToArray());
        Assert.Equal(["changchun-2017", "chenzhou-2017", "henan-2021", "jiaxing-2011", "zhanjiang-2021"], Repo.Catalog.Profiles.Select(p => p.Id).Order().ToArray());
    }

    [Fact]
    public void A_transition_to_an_unknown_state()
    {
        var e = Only(Valid.Replace("to: done", "to: dnoe"));
        Assert.Equal((File, 17, 13), (e.File, e.Line, e.Column));
        Assert.Contains("unknown state 'dnoe'", e.Message);
    }

    [Fact]
    public void A_transition_to_nowhere()
    {
        var e = Only(Valid.Replace("        to: done\n", ""));
        Assert.Equal(15, e.Line);
        Assert.Contains("transition to nowhere", e.Message);
    }

    [Fact]
    public void An_unreachable_state()
    {
        var e = Only(Valid + "\n  orphan:\n    title: orphan\n    final: compliant\n");
        Assert.Equal((22, 3), (e.Line, e.Column));
        Assert.Contains("unreachable state 'orphan'", e.Message);
    }

    [Fact]
    public void A_period_that_does_not_parse()
    {
        var e = Only(Valid.Replace("period: profile:fix", "period: P6X"));
        Assert.Equal((11, 17), (e.Line, e.Column));
        Assert.Contains("does not parse", e.Message);
    }

    [Fact]
    public void A_report_whose_filers_are_unknown_or_missing_is_refused_at_its_line()
    {
        const string reports = """

            reports:
              half-year:
                title: 半年工作情况
                due: 07-31
                to: leading-group-office
                source: 000 §四.1
                from: [counties, township]
              annual:
                title: 年度工作情况
                due: 12-31
                to: leading-group-office
                source: 000 §四.1
            """;
        var errors = Refused(Valid, Profile + reports).Errors;
        Assert.Equal(2, errors.Count);
        Assert.Equal(("workflows/profiles/test.yaml", 14, 22), (errors[0].File, errors[0].Line, errors[0].Column));
        Assert.Contains("'township' is not a filer (counties, bureaus or office)", errors[0].Message);
        Assert.Equal(15, errors[1].Line);
        Assert.Contains("report 'annual' needs 'from'", errors[1].Message);
    }

    [Fact]
    public void A_period_in_a_profile_that_does_not_parse()
    {
        var e = Only(Valid, Profile.Replace("fix: P6M", "fix: 6 months"));
        Assert.Equal(("workflows/profiles/test.yaml", 5), (e.File, e.Line));
        Assert.Contains("period 'fix' does not parse", e.Message);
    }

    [Fact]
    public void A_profile_reference_that_does_not_exist()
    {
        var e = Only(Valid.Replace("recipient: profile:officer", "recipient: profile:oficer"));
        Assert.Equal((12, 20), (e.Line, e.Column));
        Assert.Contains("profile 'test'", e.Message);
        Assert.Contains("no role 'oficer'", e.Message);
    }

    [Fact]
    public void A_final_state_with_outgoing_transitions()
    {
        var e = Only(Valid.Replace("    final: exited", "    final: exited\n    on:\n      again:\n        to: open\n        by: [enterprise]"));
        Assert.Equal(19, e.Line);
        Assert.Contains("final state 'done' has outgoing transitions", e.Message);
    }

    [Fact]
    public void An_open_state_with_no_way_out()
    {
        var text = Valid.Replace("        to: done\n        by", "        to: stuck\n        by") + "\n  stuck:\n    title: stuck\n";
        var e = Only(text);
        Assert.Equal(22, e.Line);
        Assert.Contains("open state 'stuck' has no way out", e.Message);
    }

    [Fact]
    public void An_unknown_key_is_a_typo_not_something_to_ignore()
    {
        var e = Only(Valid.Replace("then: done", "than: done"));
        Assert.Contains("unknown key 'than'", e.Message);
    }

    [Fact]
    public void Broken_yaml_names_the_place()
    {
        var e = Only(Valid.Replace("title: open", "title: [open"));
        Assert.Equal(File, e.File);
        Assert.Contains("not valid YAML", e.Message);
    }

    [Fact]
    public void The_file_name_must_match_id_and_version()
    {
        var errors = Refused(Valid, file: "workflows/definitions/demo.v2.yaml").Errors;
        Assert.Contains(errors, e => e.Message.Contains("file name says demo v2", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_error_is_reported_together()
    {
        var text = Valid.Replace("to: done", "to: nowhere").Replace("period: profile:fix", "period: P0M") + "\n  orphan:\n    title: orphan\n    final: compliant\n";
        var ex = Refused(text);
        Assert.Equal(3, ex.Errors.Count);
        Assert.Contains($"{File}:17:13: unknown state 'nowhere'", ex.Message);
        Assert.All(ex.Errors, e => Assert.Equal(File, e.File));
    }

    [Fact]
    public void An_extension_without_a_recorded_original_is_refused()
    {
        var text = Valid.Replace("        by: [profile:officer]\n", """
                    by: [profile:officer]
                    requires: [newLastDay]
                    extension: { field: newLastDay, of: neverRecorded, at-most: P3M }

            """);
        Assert.Contains("nothing records", Only(text).Message);
    }
}
