using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Marketplace.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProductVariants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "VariantId",
                table: "Offers",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "ProductOptions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductOptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProductOptions_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProductVariants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Gtin = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MinPriceMinor = table.Column<long>(type: "bigint", nullable: true),
                    InStock = table.Column<bool>(type: "boolean", nullable: false),
                    OfferCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductVariants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProductVariants_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProductOptionValues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OptionId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductOptionValues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProductOptionValues_ProductOptions_OptionId",
                        column: x => x.OptionId,
                        principalTable: "ProductOptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VariantOptionValues",
                columns: table => new
                {
                    VariantId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VariantOptionValues", x => new { x.VariantId, x.Name });
                    table.ForeignKey(
                        name: "FK_VariantOptionValues_ProductVariants_VariantId",
                        column: x => x.VariantId,
                        principalTable: "ProductVariants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_VariantId_Status_PriceMinor",
                table: "Offers",
                columns: new[] { "VariantId", "Status", "PriceMinor" });

            migrationBuilder.CreateIndex(
                name: "IX_ProductOptions_ProductId_Position",
                table: "ProductOptions",
                columns: new[] { "ProductId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_ProductOptionValues_OptionId_Position",
                table: "ProductOptionValues",
                columns: new[] { "OptionId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_ProductVariants_Gtin",
                table: "ProductVariants",
                column: "Gtin",
                unique: true,
                filter: "\"Gtin\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ProductVariants_ProductId_Title",
                table: "ProductVariants",
                columns: new[] { "ProductId", "Title" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VariantOptionValues_Name_Value_VariantId",
                table: "VariantOptionValues",
                columns: new[] { "Name", "Value", "VariantId" });

            // Every existing product gets one default variant, with its GTIN, and its offers move to it. Prices follow
            // the rule the code now keeps: the cheapest visible offer in stock, else the cheapest visible offer.
            // After the indexes, so that each offer finds its variant by ProductId (a scan per offer took hours at 1M products).
            migrationBuilder.Sql("""
                UPDATE "Products" SET "MinPriceMinor" = COALESCE(
                    (SELECT MIN(o."PriceMinor") FROM "Offers" AS o JOIN "Sellers" AS s ON s."Id" = o."SellerId"
                     WHERE o."ProductId" = "Products"."Id" AND o."Status" = 'Active' AND s."Status" = 'Active' AND o."Stock" > 0),
                    (SELECT MIN(o."PriceMinor") FROM "Offers" AS o JOIN "Sellers" AS s ON s."Id" = o."SellerId"
                     WHERE o."ProductId" = "Products"."Id" AND o."Status" = 'Active' AND s."Status" = 'Active'));
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ProductVariants" ("ProductId", "Position", "Title", "Gtin", "CreatedAt", "MinPriceMinor", "InStock", "OfferCount")
                SELECT "Id", 0, 'Default', "Gtin", "CreatedAt", "MinPriceMinor", "InStock", "OfferCount" FROM "Products";
                """);
            migrationBuilder.Sql("""
                UPDATE "Offers" SET "VariantId" = (SELECT v."Id" FROM "ProductVariants" AS v WHERE v."ProductId" = "Offers"."ProductId");
                """);

            migrationBuilder.AddForeignKey(
                name: "FK_Offers_ProductVariants_VariantId",
                table: "Offers",
                column: "VariantId",
                principalTable: "ProductVariants",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Offers_ProductVariants_VariantId",
                table: "Offers");

            migrationBuilder.DropTable(
                name: "ProductOptionValues");

            migrationBuilder.DropTable(
                name: "VariantOptionValues");

            migrationBuilder.DropTable(
                name: "ProductOptions");

            migrationBuilder.DropTable(
                name: "ProductVariants");

            migrationBuilder.DropIndex(
                name: "IX_Offers_VariantId_Status_PriceMinor",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "VariantId",
                table: "Offers");
        }
    }
}
