using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkflowRuntime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calendar_job_runs",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    job_id = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    nominal_day = table.Column<DateOnly>(type: "date", nullable: false),
                    ran_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ran_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_job_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "case_history",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    what = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    why = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    timer_key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    task_key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    from_state = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    to_state = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    definition_version = table.Column<int>(type: "integer", nullable: false),
                    late_by = table.Column<TimeSpan>(type: "interval", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_history_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "consistency_findings",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    found_on = table.Column<DateOnly>(type: "date", nullable: false),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    problem = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consistency_findings", x => x.id);
                    table.ForeignKey(
                        name: "fk_consistency_findings_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: true),
                    kind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recipient_role = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    template_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    data = table.Column<string>(type: "jsonb", nullable: false),
                    message_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    tries = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_reply = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_outbox_messages_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workflow_instances",
                schema: "capacity_exit",
                columns: table => new
                {
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    definition_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    profile_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    state = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    variables = table.Column<string>(type: "jsonb", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workflow_instances", x => x.case_id);
                    table.ForeignKey(
                        name: "fk_workflow_instances_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workflow_tasks",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    kind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    assignee_role = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    owner_state = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    outcome = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workflow_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_workflow_tasks_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workflow_timers",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    kind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recipient_role = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    owner_state = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    payload = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    fired_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workflow_timers", x => x.id);
                    table.ForeignKey(
                        name: "fk_workflow_timers_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_calendar_job_runs_job_id_nominal_day",
                schema: "capacity_exit",
                table: "calendar_job_runs",
                columns: new[] { "job_id", "nominal_day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_case_history_case_id_at",
                schema: "capacity_exit",
                table: "case_history",
                columns: new[] { "case_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_consistency_findings_case_id",
                schema: "capacity_exit",
                table: "consistency_findings",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_consistency_findings_found_on_case_id",
                schema: "capacity_exit",
                table: "consistency_findings",
                columns: new[] { "found_on", "case_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_case_id",
                schema: "capacity_exit",
                table: "outbox_messages",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_message_id",
                schema: "capacity_exit",
                table: "outbox_messages",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending_next",
                schema: "capacity_exit",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_tasks_status_assignee_role",
                schema: "capacity_exit",
                table: "workflow_tasks",
                columns: new[] { "status", "assignee_role" });

            migrationBuilder.CreateIndex(
                name: "ux_workflow_tasks_open_key",
                schema: "capacity_exit",
                table: "workflow_tasks",
                columns: new[] { "case_id", "key" },
                unique: true,
                filter: "status = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_case_id",
                schema: "capacity_exit",
                table: "workflow_timers",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_pending_due",
                schema: "capacity_exit",
                table: "workflow_timers",
                column: "due_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ux_workflow_timers_pending_key",
                schema: "capacity_exit",
                table: "workflow_timers",
                columns: new[] { "case_id", "key" },
                unique: true,
                filter: "status = 'Pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_job_runs",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "case_history",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "consistency_findings",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "workflow_instances",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "workflow_tasks",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "workflow_timers",
                schema: "capacity_exit");
        }
    }
}
