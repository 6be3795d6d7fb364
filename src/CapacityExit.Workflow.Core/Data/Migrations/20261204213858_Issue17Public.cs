using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue17Public : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "public_reports",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    receipt_number = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    client_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    refused_because = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    enterprise = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    county_id = table.Column<int>(type: "integer", nullable: true),
                    place = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    standard = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    what_was_seen = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    contact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    photo_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    photo_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    photo_content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    bureau_id = table.Column<int>(type: "integer", nullable: true),
                    due_on = table.Column<DateOnly>(type: "date", nullable: true),
                    verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    verified_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    result = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    case_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_public_reports", x => x.id);
                    table.ForeignKey(
                        name: "fk_public_reports_bureaus_bureau_id",
                        column: x => x.bureau_id,
                        principalSchema: "capacity_exit",
                        principalTable: "bureaus",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_public_reports_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_public_reports_jurisdictions_county_id",
                        column: x => x.county_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_public_reports_bureau_id_status",
                schema: "capacity_exit",
                table: "public_reports",
                columns: new[] { "bureau_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_public_reports_case_id",
                schema: "capacity_exit",
                table: "public_reports",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_public_reports_client_address_submitted_at",
                schema: "capacity_exit",
                table: "public_reports",
                columns: new[] { "client_address", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_public_reports_county_id",
                schema: "capacity_exit",
                table: "public_reports",
                column: "county_id");

            migrationBuilder.CreateIndex(
                name: "ix_public_reports_receipt_number",
                schema: "capacity_exit",
                table: "public_reports",
                column: "receipt_number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "public_reports",
                schema: "capacity_exit");
        }
    }
}
