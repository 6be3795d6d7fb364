using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <summary>
    /// The rungs a case step has climbed move into escalation_steps, the one record of rungs for every duty: each open
    /// task's 通报 and 约谈 (the notices issued on its case since the task opened) become its steps, subject
    /// "case-task:ID", with the notice they sent; nothing is sent again. Down removes them (the notices stay).
    /// </summary>
    public partial class CaseStepRungsInEscalationSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                insert into capacity_exit.escalation_steps (subject, step, jurisdiction_id, taken_on, taken_at, why, notice_id)
                select distinct on (t.id, n.kind)
                       'case-task:' || t.id, n.kind, b.jurisdiction_id, n.issued_on, n.issued_at, '督办记录迁移：案件已发' || case n.kind when 'interview-summons' then '约谈' else '通报' end, n.id
                from capacity_exit.workflow_tasks t
                join capacity_exit.cases c on c.id = t.case_id
                join capacity_exit.bureaus b on b.id = c.responsible_bureau_id
                join capacity_exit.issued_notices n on n.case_id = t.case_id and n.issued_at >= t.created_at
                where t.status = 'Open' and n.kind in ('circulated-notice', 'interview-summons')
                order by t.id, n.kind, n.issued_at
                on conflict (subject, step) do nothing;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("delete from capacity_exit.escalation_steps where subject like 'case-task:%';");
        }
    }
}
