using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class NextDeadlineColumn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_deadline",
                schema: "capacity_exit",
                table: "workflow_timers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_deadline_at",
                schema: "capacity_exit",
                table: "workflow_instances",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_workflow_instances_next_deadline",
                schema: "capacity_exit",
                table: "workflow_instances",
                columns: new[] { "next_deadline_at", "case_id" });

            // hand-written (keep when regenerating): a case's next deadline is its earliest pending deadline timer.
            // next_deadline is what TransitionWriter sets with every transition; refresh_next_deadlines is for a writer
            // that moves timers outside a transition (null: every case).
            migrationBuilder.Sql("""
                create function capacity_exit.next_deadline(p_case_id bigint) returns timestamptz
                language sql stable as $$
                    select min(due_at) from capacity_exit.workflow_timers
                    where case_id = p_case_id and status = 'Pending' and is_deadline
                $$;

                create function capacity_exit.refresh_next_deadlines(p_case_ids bigint[]) returns integer
                language sql as $$
                    with changed as (
                        update capacity_exit.workflow_instances i set next_deadline_at = capacity_exit.next_deadline(i.case_id)
                        where (p_case_ids is null or i.case_id = any(p_case_ids))
                          and i.next_deadline_at is distinct from capacity_exit.next_deadline(i.case_id)
                        returning 1)
                    select count(*)::integer from changed
                $$;

                -- Timers written before this column: deadlines are the kinds that are neither a reminder, nor a task's
                -- escalation, nor a recurring day (whose keys carry "@date").
                update capacity_exit.workflow_timers set is_deadline = true
                where kind not in ('reminder', 'task-escalation') and position('@' in key) = 0;
                select capacity_exit.refresh_next_deadlines(null);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("drop function capacity_exit.refresh_next_deadlines(bigint[]); drop function capacity_exit.next_deadline(bigint);");

            migrationBuilder.DropIndex(
                name: "ix_workflow_instances_next_deadline",
                schema: "capacity_exit",
                table: "workflow_instances");

            migrationBuilder.DropColumn(
                name: "is_deadline",
                schema: "capacity_exit",
                table: "workflow_timers");

            migrationBuilder.DropColumn(
                name: "next_deadline_at",
                schema: "capacity_exit",
                table: "workflow_instances");
        }
    }
}
