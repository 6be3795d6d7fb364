using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue19Measures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credit_exports",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    city_id = table.Column<int>(type: "integer", nullable: false),
                    exported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    exported_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    rows = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_exports", x => x.id);
                    table.ForeignKey(
                        name: "fk_credit_exports_jurisdictions_city_id",
                        column: x => x.city_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "land_reuses",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    enterprise_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    area_mu = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    disposal = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    document_ref = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_land_reuses", x => x.id);
                    table.CheckConstraint("ck_land_reuses_area_positive", "area_mu > 0");
                    table.ForeignKey(
                        name: "fk_land_reuses_enterprises_enterprise_id",
                        column: x => x.enterprise_id,
                        principalSchema: "capacity_exit",
                        principalTable: "enterprises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "price_measures",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    since = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    notice_id = table.Column<long>(type: "bigint", nullable: false),
                    lifted_on = table.Column<DateOnly>(type: "date", nullable: true),
                    lift_reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    lift_notice_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_price_measures", x => x.id);
                    table.ForeignKey(
                        name: "fk_price_measures_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_price_measures_issued_notices_lift_notice_id",
                        column: x => x.lift_notice_id,
                        principalSchema: "capacity_exit",
                        principalTable: "issued_notices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_price_measures_issued_notices_notice_id",
                        column: x => x.notice_id,
                        principalSchema: "capacity_exit",
                        principalTable: "issued_notices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "replacement_ledger",
                schema: "capacity_exit",
                columns: table => new
                {
                    capacity_item_id = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: false),
                    drawn = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replacement_ledger", x => x.capacity_item_id);
                    table.CheckConstraint("ck_replacement_ledger_within_amount", "drawn >= 0 and drawn <= amount");
                    table.ForeignKey(
                        name: "fk_replacement_ledger_capacity_items_capacity_item_id",
                        column: x => x.capacity_item_id,
                        principalSchema: "capacity_exit",
                        principalTable: "capacity_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "replacement_plans",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    applicant = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    county_id = table.Column<int>(type: "integer", nullable: false),
                    industry = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    unit = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    new_capacity = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: false),
                    ratio = table.Column<decimal>(type: "numeric(6,3)", precision: 6, scale: 3, nullable: false),
                    required = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: false),
                    drawn = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: false),
                    document_ref = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replacement_plans", x => x.id);
                    table.CheckConstraint("ck_replacement_plans_covered", "drawn >= required and ratio >= 1 and new_capacity > 0");
                    table.ForeignKey(
                        name: "fk_replacement_plans_jurisdictions_county_id",
                        column: x => x.county_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "resettlement_plans",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    enterprise_id = table.Column<int>(type: "integer", nullable: false),
                    workers_affected = table.Column<int>(type: "integer", nullable: false),
                    transferred = table.Column<int>(type: "integer", nullable: false),
                    reemployed = table.Column<int>(type: "integer", nullable: false),
                    early_retired = table.Column<int>(type: "integer", nullable: false),
                    insurance_continued = table.Column<int>(type: "integer", nullable: false),
                    document_ref = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resettlement_plans", x => x.id);
                    table.CheckConstraint("ck_resettlement_plans_everyone_placed", "workers_affected >= 0 and transferred >= 0 and reemployed >= 0 and early_retired >= 0 and insurance_continued >= 0 and transferred + reemployed + early_retired + insurance_continued = workers_affected");
                    table.ForeignKey(
                        name: "fk_resettlement_plans_enterprises_enterprise_id",
                        column: x => x.enterprise_id,
                        principalSchema: "capacity_exit",
                        principalTable: "enterprises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "support_funds",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    enterprise_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    document_ref = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    applied = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: false),
                    approved = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: true),
                    paid = table.Column<decimal>(type: "numeric(16,2)", precision: 16, scale: 2, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_support_funds", x => x.id);
                    table.CheckConstraint("ck_support_funds_stages", "applied > 0 and (approved is null or (approved >= 0 and approved <= applied)) and (paid is null or (approved is not null and paid >= 0 and paid <= approved))");
                    table.ForeignKey(
                        name: "fk_support_funds_enterprises_enterprise_id",
                        column: x => x.enterprise_id,
                        principalSchema: "capacity_exit",
                        principalTable: "enterprises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "replacement_draws",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    plan_id = table.Column<long>(type: "bigint", nullable: false),
                    capacity_item_id = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replacement_draws", x => x.id);
                    table.CheckConstraint("ck_replacement_draws_positive", "amount > 0");
                    table.ForeignKey(
                        name: "fk_replacement_draws_replacement_ledger_capacity_item_id",
                        column: x => x.capacity_item_id,
                        principalSchema: "capacity_exit",
                        principalTable: "replacement_ledger",
                        principalColumn: "capacity_item_id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_replacement_draws_replacement_plans_plan_id",
                        column: x => x.plan_id,
                        principalSchema: "capacity_exit",
                        principalTable: "replacement_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_exports_city_id_exported_at",
                schema: "capacity_exit",
                table: "credit_exports",
                columns: new[] { "city_id", "exported_at" });

            migrationBuilder.CreateIndex(
                name: "ix_land_reuses_enterprise_id_year",
                schema: "capacity_exit",
                table: "land_reuses",
                columns: new[] { "enterprise_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_price_measures_case_id",
                schema: "capacity_exit",
                table: "price_measures",
                column: "case_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_price_measures_lift_notice_id",
                schema: "capacity_exit",
                table: "price_measures",
                column: "lift_notice_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_price_measures_notice_id",
                schema: "capacity_exit",
                table: "price_measures",
                column: "notice_id");

            migrationBuilder.CreateIndex(
                name: "ix_replacement_draws_capacity_item_id",
                schema: "capacity_exit",
                table: "replacement_draws",
                column: "capacity_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_replacement_draws_plan_id_capacity_item_id",
                schema: "capacity_exit",
                table: "replacement_draws",
                columns: new[] { "plan_id", "capacity_item_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_replacement_plans_county_id",
                schema: "capacity_exit",
                table: "replacement_plans",
                column: "county_id");

            migrationBuilder.CreateIndex(
                name: "ix_resettlement_plans_enterprise_id",
                schema: "capacity_exit",
                table: "resettlement_plans",
                column: "enterprise_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_support_funds_enterprise_id_year",
                schema: "capacity_exit",
                table: "support_funds",
                columns: new[] { "enterprise_id", "year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_exports",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "land_reuses",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "price_measures",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "replacement_draws",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "resettlement_plans",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "support_funds",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "replacement_ledger",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "replacement_plans",
                schema: "capacity_exit");
        }
    }
}
