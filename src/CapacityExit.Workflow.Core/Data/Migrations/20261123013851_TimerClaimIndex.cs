using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class TimerClaimIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_timers_pending_due",
                schema: "capacity_exit",
                table: "workflow_timers");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_pending_due",
                schema: "capacity_exit",
                table: "workflow_timers",
                columns: new[] { "due_at", "id" },
                filter: "status = 'Pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_workflow_timers_pending_due",
                schema: "capacity_exit",
                table: "workflow_timers");

            migrationBuilder.CreateIndex(
                name: "ix_workflow_timers_pending_due",
                schema: "capacity_exit",
                table: "workflow_timers",
                column: "due_at",
                filter: "status = 'Pending'");
        }
    }
}
