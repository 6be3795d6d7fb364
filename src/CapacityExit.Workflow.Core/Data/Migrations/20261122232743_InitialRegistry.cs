using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "capacity_exit");

            migrationBuilder.CreateTable(
                name: "jurisdictions",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    name_zh = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name_en = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    level = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    parent_id = table.Column<int>(type: "integer", nullable: true),
                    profile_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jurisdictions", x => x.id);
                    table.ForeignKey(
                        name: "fk_jurisdictions_jurisdictions_parent_id",
                        column: x => x.parent_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bureaus",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    jurisdiction_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    name_zh = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    standards = table.Column<string[]>(type: "text[]", nullable: false),
                    mailbox = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bureaus", x => x.id);
                    table.ForeignKey(
                        name: "fk_bureaus_jurisdictions_jurisdiction_id",
                        column: x => x.jurisdiction_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "enterprises",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    credit_code = table.Column<string>(type: "character(18)", fixedLength: true, maxLength: 18, nullable: false),
                    industry = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    county_id = table.Column<int>(type: "integer", nullable: false),
                    contact_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    contact_phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    contact_email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enterprises", x => x.id);
                    table.ForeignKey(
                        name: "fk_enterprises_jurisdictions_county_id",
                        column: x => x.county_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "people",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    login = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    display_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    role = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    jurisdiction_id = table.Column<int>(type: "integer", nullable: false),
                    bureau_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                    table.ForeignKey(
                        name: "fk_people_bureaus_bureau_id",
                        column: x => x.bureau_id,
                        principalSchema: "capacity_exit",
                        principalTable: "bureaus",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_people_jurisdictions_jurisdiction_id",
                        column: x => x.jurisdiction_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "capacity_items",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    enterprise_id = table.Column<int>(type: "integer", nullable: false),
                    description = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: false),
                    unit = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_capacity_items", x => x.id);
                    table.CheckConstraint("ck_capacity_items_amount_positive", "amount > 0");
                    table.ForeignKey(
                        name: "fk_capacity_items_enterprises_enterprise_id",
                        column: x => x.enterprise_id,
                        principalSchema: "capacity_exit",
                        principalTable: "enterprises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    capacity_item_id = table.Column<int>(type: "integer", nullable: false),
                    standard = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    finding_date = table.Column<DateOnly>(type: "date", nullable: false),
                    legal_basis = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    responsible_bureau_id = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cases", x => x.id);
                    table.ForeignKey(
                        name: "fk_cases_bureaus_responsible_bureau_id",
                        column: x => x.responsible_bureau_id,
                        principalSchema: "capacity_exit",
                        principalTable: "bureaus",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cases_capacity_items_capacity_item_id",
                        column: x => x.capacity_item_id,
                        principalSchema: "capacity_exit",
                        principalTable: "capacity_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bureaus_jurisdiction_id_kind",
                schema: "capacity_exit",
                table: "bureaus",
                columns: new[] { "jurisdiction_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_capacity_items_enterprise_id",
                schema: "capacity_exit",
                table: "capacity_items",
                column: "enterprise_id");

            migrationBuilder.CreateIndex(
                name: "ix_cases_capacity_item_id",
                schema: "capacity_exit",
                table: "cases",
                column: "capacity_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_cases_responsible_bureau_id",
                schema: "capacity_exit",
                table: "cases",
                column: "responsible_bureau_id");

            migrationBuilder.CreateIndex(
                name: "ix_cases_status_standard",
                schema: "capacity_exit",
                table: "cases",
                columns: new[] { "status", "standard" });

            migrationBuilder.CreateIndex(
                name: "ix_enterprises_county_id",
                schema: "capacity_exit",
                table: "enterprises",
                column: "county_id");

            migrationBuilder.CreateIndex(
                name: "ix_enterprises_credit_code",
                schema: "capacity_exit",
                table: "enterprises",
                column: "credit_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_jurisdictions_code",
                schema: "capacity_exit",
                table: "jurisdictions",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_jurisdictions_parent_id",
                schema: "capacity_exit",
                table: "jurisdictions",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_bureau_id",
                schema: "capacity_exit",
                table: "people",
                column: "bureau_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_jurisdiction_id",
                schema: "capacity_exit",
                table: "people",
                column: "jurisdiction_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_login",
                schema: "capacity_exit",
                table: "people",
                column: "login",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cases",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "people",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "capacity_items",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "bureaus",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "enterprises",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "jurisdictions",
                schema: "capacity_exit");
        }
    }
}
