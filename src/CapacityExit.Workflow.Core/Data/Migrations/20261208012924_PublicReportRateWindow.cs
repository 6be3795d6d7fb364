using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PublicReportRateWindow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "public_report_rate_segments",
                schema: "capacity_exit",
                columns: table => new
                {
                    address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    segment_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_public_report_rate_segments", x => new { x.address, x.segment_start });
                });

            migrationBuilder.CreateIndex(
                name: "ix_public_report_rate_segments_segment_start",
                schema: "capacity_exit",
                table: "public_report_rate_segments",
                column: "segment_start");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "public_report_rate_segments",
                schema: "capacity_exit");
        }
    }
}
