using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class HolidayYears : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "holiday_years",
                schema: "capacity_exit",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    notice_title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    holidays = table.Column<string>(type: "jsonb", nullable: false),
                    entered_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_holiday_years", x => x.year);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "holiday_years",
                schema: "capacity_exit");
        }
    }
}
