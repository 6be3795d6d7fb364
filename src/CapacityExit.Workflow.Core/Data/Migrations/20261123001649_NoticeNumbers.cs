using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class NoticeNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "issued_notices",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    issuer_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    document_number = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    case_id = table.Column<long>(type: "bigint", nullable: true),
                    jurisdiction_id = table.Column<int>(type: "integer", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: false),
                    issued_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    laggard = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    main_recipients = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    copy_to = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    recipients = table.Column<string>(type: "jsonb", nullable: false),
                    meeting_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    attendees = table.Column<string>(type: "jsonb", nullable: true),
                    docx = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issued_notices", x => x.id);
                    table.ForeignKey(
                        name: "fk_issued_notices_cases_case_id",
                        column: x => x.case_id,
                        principalSchema: "capacity_exit",
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_issued_notices_jurisdictions_jurisdiction_id",
                        column: x => x.jurisdiction_id,
                        principalSchema: "capacity_exit",
                        principalTable: "jurisdictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notice_number_sequences",
                schema: "capacity_exit",
                columns: table => new
                {
                    issuer_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notice_number_sequences", x => new { x.issuer_id, x.year });
                    table.CheckConstraint("ck_notice_number_sequences_positive", "last_number > 0");
                });

            migrationBuilder.CreateIndex(
                name: "ix_issued_notices_case_id",
                schema: "capacity_exit",
                table: "issued_notices",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_issued_notices_issuer_id_year_number",
                schema: "capacity_exit",
                table: "issued_notices",
                columns: new[] { "issuer_id", "year", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_issued_notices_jurisdiction_id_issued_at",
                schema: "capacity_exit",
                table: "issued_notices",
                columns: new[] { "jurisdiction_id", "issued_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "issued_notices",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "notice_number_sequences",
                schema: "capacity_exit");
        }
    }
}
