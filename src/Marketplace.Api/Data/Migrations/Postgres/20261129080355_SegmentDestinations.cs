using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Marketplace.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SegmentDestinations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "SellerId",
                table: "WebhookDeliveries",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AddColumn<long>(
                name: "DestinationId",
                table: "WebhookDeliveries",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SegmentDestinations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Secret = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    AllSegments = table.Column<bool>(type: "boolean", nullable: false),
                    ConsecutiveFailures = table.Column<int>(type: "integer", nullable: false),
                    DisabledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DisabledReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentDestinations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SegmentDestinationSegments",
                columns: table => new
                {
                    DestinationId = table.Column<long>(type: "bigint", nullable: false),
                    SegmentId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentDestinationSegments", x => new { x.DestinationId, x.SegmentId });
                    table.ForeignKey(
                        name: "FK_SegmentDestinationSegments_SegmentDestinations_DestinationId",
                        column: x => x.DestinationId,
                        principalTable: "SegmentDestinations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SegmentDestinationSegments_Segments_SegmentId",
                        column: x => x.SegmentId,
                        principalTable: "Segments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_DestinationId_Id",
                table: "WebhookDeliveries",
                columns: new[] { "DestinationId", "Id" });

            migrationBuilder.AddCheckConstraint(
                name: "CK_WebhookDeliveries_OneTarget",
                table: "WebhookDeliveries",
                sql: "(\"SellerId\" IS NOT NULL AND NOT (\"DestinationId\" IS NOT NULL)) OR (NOT (\"SellerId\" IS NOT NULL) AND \"DestinationId\" IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentDestinationSegments_SegmentId",
                table: "SegmentDestinationSegments",
                column: "SegmentId");

            migrationBuilder.AddForeignKey(
                name: "FK_WebhookDeliveries_SegmentDestinations_DestinationId",
                table: "WebhookDeliveries",
                column: "DestinationId",
                principalTable: "SegmentDestinations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_WebhookDeliveries_SegmentDestinations_DestinationId",
                table: "WebhookDeliveries");

            migrationBuilder.DropTable(
                name: "SegmentDestinationSegments");

            migrationBuilder.DropTable(
                name: "SegmentDestinations");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_DestinationId_Id",
                table: "WebhookDeliveries");

            migrationBuilder.DropCheckConstraint(
                name: "CK_WebhookDeliveries_OneTarget",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "DestinationId",
                table: "WebhookDeliveries");

            migrationBuilder.AlterColumn<long>(
                name: "SellerId",
                table: "WebhookDeliveries",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);
        }
    }
}
