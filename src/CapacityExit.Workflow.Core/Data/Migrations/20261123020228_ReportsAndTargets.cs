using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportsAndTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "mailbox",
                schema: "capacity_exit",
                table: "jurisdictions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "annual_targets",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    jurisdiction_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    unit = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    set_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_annual_targets", x => x.id);
                    table.CheckConstraint("ck_annual_targets_amount_positive", "amount > 0");
                    table.ForeignKey(
                        name: "fk_annual_targets_jurisdictions_jurisdiction_id",
                        column: x => x.jurisdiction_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "escalation_steps",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    subject = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    step = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    jurisdiction_id = table.Column<int>(type: "integer", nullable: false),
                    taken_on = table.Column<DateOnly>(type: "date", nullable: false),
                    taken_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    why = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    notice_id = table.Column<long>(type: "bigint", nullable: true),
                    outbox_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_escalation_steps", x => x.id);
                    table.ForeignKey(
                        name: "fk_escalation_steps_issued_notices_notice_id",
                        column: x => x.notice_id,
                        principalSchema: "capacity_exit",
                        principalTable: "issued_notices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_escalation_steps_jurisdictions_jurisdiction_id",
                        column: x => x.jurisdiction_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_escalation_steps_outbox_messages_outbox_id",
                        column: x => x.outbox_id,
                        principalSchema: "capacity_exit",
                        principalTable: "outbox_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "report_submissions",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    report = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    filer_key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_submissions", x => x.id);
                    table.ForeignKey(
                        name: "fk_report_submissions_jurisdictions_city_id",
                        column: x => x.city_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_annual_targets_jurisdiction_id_year_description",
                schema: "capacity_exit",
                table: "annual_targets",
                columns: new[] { "jurisdiction_id", "year", "description" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_escalation_steps_jurisdiction_id_taken_at",
                schema: "capacity_exit",
                table: "escalation_steps",
                columns: new[] { "jurisdiction_id", "taken_at" });

            migrationBuilder.CreateIndex(
                name: "ix_escalation_steps_notice_id",
                schema: "capacity_exit",
                table: "escalation_steps",
                column: "notice_id");

            migrationBuilder.CreateIndex(
                name: "ix_escalation_steps_outbox_id",
                schema: "capacity_exit",
                table: "escalation_steps",
                column: "outbox_id");

            migrationBuilder.CreateIndex(
                name: "ix_escalation_steps_subject_step",
                schema: "capacity_exit",
                table: "escalation_steps",
                columns: new[] { "subject", "step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_report_submissions_city_id_report_year_filer_key",
                schema: "capacity_exit",
                table: "report_submissions",
                columns: new[] { "city_id", "report", "year", "filer_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "annual_targets",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "escalation_steps",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "report_submissions",
                schema: "capacity_exit");

            migrationBuilder.DropColumn(
                name: "mailbox",
                schema: "capacity_exit",
                table: "jurisdictions");
        }
    }
}
