using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CapacityExit.Workflow.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PriceMeasureWaterNotice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "water_notice_id",
                schema: "capacity_exit",
                table: "price_measures",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_price_measures_water_notice_id",
                schema: "capacity_exit",
                table: "price_measures",
                column: "water_notice_id");

            migrationBuilder.AddForeignKey(
                name: "fk_price_measures_issued_notices_water_notice_id",
                schema: "capacity_exit",
                table: "price_measures",
                column: "water_notice_id",
                principalSchema: "capacity_exit",
                principalTable: "issued_notices",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // Measures whose application notice told the water supplier already (a profile that said water-supplier: true
            // then): the price-measure template has written this clause, and only it, whenever the supplier was told.
            migrationBuilder.Sql("""
                update capacity_exit.price_measures m set water_notice_id = m.notice_id
                from capacity_exit.issued_notices n
                where n.id = m.notice_id and n.body like '%并执行超定额用水累进加价%'
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_price_measures_issued_notices_water_notice_id",
                schema: "capacity_exit",
                table: "price_measures");

            migrationBuilder.DropIndex(
                name: "ix_price_measures_water_notice_id",
                schema: "capacity_exit",
                table: "price_measures");

            migrationBuilder.DropColumn(
                name: "water_notice_id",
                schema: "capacity_exit",
                table: "price_measures");
        }
    }
}
