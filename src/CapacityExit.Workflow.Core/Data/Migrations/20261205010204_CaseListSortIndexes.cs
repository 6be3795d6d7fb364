using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseListSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_enterprises_name_id",
                schema: "capacity_exit",
                table: "enterprises",
                columns: new[] { "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_finding_date_id",
                schema: "capacity_exit",
                table: "cases",
                columns: new[] { "finding_date", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_enterprises_name_id",
                schema: "capacity_exit",
                table: "enterprises");

            migrationBuilder.DropIndex(
                name: "ix_cases_finding_date_id",
                schema: "capacity_exit",
                table: "cases");
        }
    }
}
