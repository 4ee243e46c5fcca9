using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Marketplace.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Recommendations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CoPurchases",
                columns: table => new
                {
                    ProductId = table.Column<long>(type: "bigint", nullable: false),
                    OtherProductId = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoPurchases", x => new { x.ProductId, x.OtherProductId });
                });

            migrationBuilder.CreateTable(
                name: "CoViews",
                columns: table => new
                {
                    ProductId = table.Column<long>(type: "bigint", nullable: false),
                    OtherProductId = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoViews", x => new { x.ProductId, x.OtherProductId });
                });

            migrationBuilder.CreateTable(
                name: "ProductTrends",
                columns: table => new
                {
                    ProductId = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    AsOf = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductTrends", x => x.ProductId);
                });

            migrationBuilder.CreateTable(
                name: "SegmentProductTrends",
                columns: table => new
                {
                    SegmentId = table.Column<long>(type: "bigint", nullable: false),
                    ProductId = table.Column<long>(type: "bigint", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    AsOf = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentProductTrends", x => new { x.SegmentId, x.ProductId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProductTrends_Score",
                table: "ProductTrends",
                column: "Score");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentProductTrends_SegmentId_Score",
                table: "SegmentProductTrends",
                columns: new[] { "SegmentId", "Score" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CoPurchases");

            migrationBuilder.DropTable(
                name: "CoViews");

            migrationBuilder.DropTable(
                name: "ProductTrends");

            migrationBuilder.DropTable(
                name: "SegmentProductTrends");
        }
    }
}
