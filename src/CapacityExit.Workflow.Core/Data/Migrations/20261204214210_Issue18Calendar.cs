using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue18Calendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calendar_feed_tokens",
                schema: "capacity_exit",
                columns: table => new
                {
                    person_id = table.Column<int>(type: "integer", nullable: false),
                    token_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_feed_tokens", x => x.person_id);
                    table.ForeignKey(
                        name: "fk_calendar_feed_tokens_people_person_id",
                        column: x => x.person_id,
                        principalSchema: "capacity_exit",
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "calendar_year_arrivals",
                schema: "capacity_exit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    year = table.Column<int>(type: "integer", nullable: false),
                    notice = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    cases_moved = table.Column<int>(type: "integer", nullable: false),
                    deadlines_moved = table.Column<int>(type: "integer", nullable: false),
                    timers_moved = table.Column<int>(type: "integer", nullable: false),
                    bureaus_mailed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_year_arrivals", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feed_tokens_token_hash",
                schema: "capacity_exit",
                table: "calendar_feed_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_calendar_year_arrivals_year",
                schema: "capacity_exit",
                table: "calendar_year_arrivals",
                column: "year");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_feed_tokens",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "calendar_year_arrivals",
                schema: "capacity_exit");
        }
    }
}
