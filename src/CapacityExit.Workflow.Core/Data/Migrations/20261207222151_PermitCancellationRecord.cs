using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PermitCancellationRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "authority_reference",
                schema: "capacity_exit",
                table: "programme_tasks",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "reported_on",
                schema: "capacity_exit",
                table: "programme_tasks",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "authority_reference",
                schema: "capacity_exit",
                table: "programme_tasks");

            migrationBuilder.DropColumn(
                name: "reported_on",
                schema: "capacity_exit",
                table: "programme_tasks");
        }
    }
}
