using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue18Programmes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "programme_tasks",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    region_id = table.Column<int>(type: "integer", nullable: false),
                    bureau_id = table.Column<int>(type: "integer", nullable: false),
                    enterprise_id = table.Column<int>(type: "integer", nullable: false),
                    capacity_item_id = table.Column<int>(type: "integer", nullable: true),
                    case_id = table.Column<long>(type: "bigint", nullable: true),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    opened_on = table.Column<DateOnly>(type: "date", nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    closed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    follow_up_case_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programme_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_programme_tasks_bureaus_bureau_id",
                        column: x => x.bureau_id,
                        principalSchema: "capacity_exit",
                        principalTable: "bureaus",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_programme_tasks_capacity_items_capacity_item_id",
                        column: x => x.capacity_item_id,
                        principalSchema: "capacity_exit",
                        principalTable: "capacity_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_programme_tasks_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_programme_tasks_cases_follow_up_case_id",
                        column: x => x.follow_up_case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_programme_tasks_enterprises_enterprise_id",
                        column: x => x.enterprise_id,
                        principalSchema: "capacity_exit",
                        principalTable: "enterprises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_programme_tasks_jurisdictions_city_id",
                        column: x => x.city_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_programme_tasks_jurisdictions_region_id",
                        column: x => x.region_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "coal_production_reports",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    enterprise_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    days = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    day_count = table.Column<int>(type: "integer", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    task_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coal_production_reports", x => x.id);
                    table.CheckConstraint("ck_coal_production_reports_month", "month between 1 and 12");
                    table.ForeignKey(
                        name: "fk_coal_production_reports_enterprises_enterprise_id",
                        column: x => x.enterprise_id,
                        principalSchema: "capacity_exit",
                        principalTable: "enterprises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_coal_production_reports_programme_tasks_task_id",
                        column: x => x.task_id,
                        principalSchema: "capacity_exit",
                        principalTable: "programme_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "kiln_shutdowns",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    capacity_item_id = table.Column<int>(type: "integer", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    confirm_by = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    confirmed_by_party = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    meter_readings = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    photo_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    photo_file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    photo_content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    task_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiln_shutdowns", x => x.id);
                    table.ForeignKey(
                        name: "fk_kiln_shutdowns_capacity_items_capacity_item_id",
                        column: x => x.capacity_item_id,
                        principalSchema: "capacity_exit",
                        principalTable: "capacity_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_kiln_shutdowns_jurisdictions_city_id",
                        column: x => x.city_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_kiln_shutdowns_programme_tasks_task_id",
                        column: x => x.task_id,
                        principalSchema: "capacity_exit",
                        principalTable: "programme_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_coal_production_reports_enterprise_id_year_month",
                schema: "capacity_exit",
                table: "coal_production_reports",
                columns: new[] { "enterprise_id", "year", "month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_coal_production_reports_task_id",
                schema: "capacity_exit",
                table: "coal_production_reports",
                column: "task_id");

            migrationBuilder.CreateIndex(
                name: "ix_kiln_shutdowns_capacity_item_id_day",
                schema: "capacity_exit",
                table: "kiln_shutdowns",
                columns: new[] { "capacity_item_id", "day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_kiln_shutdowns_city_id",
                schema: "capacity_exit",
                table: "kiln_shutdowns",
                column: "city_id");

            migrationBuilder.CreateIndex(
                name: "ix_kiln_shutdowns_status_confirm_by",
                schema: "capacity_exit",
                table: "kiln_shutdowns",
                columns: new[] { "status", "confirm_by" });

            migrationBuilder.CreateIndex(
                name: "ix_kiln_shutdowns_task_id",
                schema: "capacity_exit",
                table: "kiln_shutdowns",
                column: "task_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_tasks_bureau_id",
                schema: "capacity_exit",
                table: "programme_tasks",
                column: "bureau_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_tasks_capacity_item_id",
                schema: "capacity_exit",
                table: "programme_tasks",
                column: "capacity_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_tasks_case_id",
                schema: "capacity_exit",
                table: "programme_tasks",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_tasks_city_id",
                schema: "capacity_exit",
                table: "programme_tasks",
                column: "city_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_tasks_enterprise_id",
                schema: "capacity_exit",
                table: "programme_tasks",
                column: "enterprise_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_tasks_follow_up_case_id",
                schema: "capacity_exit",
                table: "programme_tasks",
                column: "follow_up_case_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_tasks_region_id",
                schema: "capacity_exit",
                table: "programme_tasks",
                column: "region_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_tasks_status_due_on",
                schema: "capacity_exit",
                table: "programme_tasks",
                columns: new[] { "status", "due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_programme_tasks_subject",
                schema: "capacity_exit",
                table: "programme_tasks",
                column: "subject",
                unique: true);

            // hand-written (keep when regenerating)
            // The monthly kiln shutdown left the energy definition (000 §二 水泥 binds every clinker line, with a case or
            // without): it is the city's programme now. A case's pending kiln timer is cancelled, with the reason in its history.
            migrationBuilder.Sql("""
                insert into capacity_exit.case_history (case_id, at, actor, what, why, timer_key, from_state, to_state, definition_version)
                select t.case_id, now(), 'system:migration', '停止单独计时：水泥熟料装置每月固定时间断电停产',
                       '水泥熟料装置每月断电停产改由所在市的停产方案统一安排（000 §二 水泥），本案件不再单独计时',
                       t.key, i.state, i.state, i.version
                from capacity_exit.workflow_timers t join capacity_exit.workflow_instances i on i.case_id = t.case_id
                where t.kind = 'kiln-shutdown' and t.status = 'Pending';
                update capacity_exit.workflow_timers set status = 'Cancelled', cancelled_at = now()
                where kind = 'kiln-shutdown' and status = 'Pending';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "coal_production_reports",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "kiln_shutdowns",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "programme_tasks",
                schema: "capacity_exit");
        }
    }
}
