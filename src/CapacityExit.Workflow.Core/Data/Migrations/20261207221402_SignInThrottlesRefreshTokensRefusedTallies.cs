using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SignInThrottlesRefreshTokensRefusedTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "refused_submission_tallies",
                schema: "capacity_exit",
                columns: table => new
                {
                    address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    refused = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_refused_submission_tallies", x => new { x.address, x.day });
                });

            migrationBuilder.CreateTable(
                name: "sign_in_throttles",
                schema: "capacity_exit",
                columns: table => new
                {
                    login = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    lockouts = table.Column<int>(type: "integer", nullable: false),
                    locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_failure_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sign_in_throttles", x => new { x.login, x.address });
                });

            migrationBuilder.CreateTable(
                name: "spent_refresh_tokens",
                schema: "capacity_exit",
                columns: table => new
                {
                    token_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    spent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_spent_refresh_tokens", x => x.token_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sign_in_throttles_last_failure_at",
                schema: "capacity_exit",
                table: "sign_in_throttles",
                column: "last_failure_at");

            migrationBuilder.CreateIndex(
                name: "ix_spent_refresh_tokens_expires_at",
                schema: "capacity_exit",
                table: "spent_refresh_tokens",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "refused_submission_tallies",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "sign_in_throttles",
                schema: "capacity_exit");

            migrationBuilder.DropTable(
                name: "spent_refresh_tokens",
                schema: "capacity_exit");
        }
    }
}
