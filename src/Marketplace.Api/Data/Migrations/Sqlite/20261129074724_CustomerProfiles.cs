using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomerProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Personas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    ContentFormat = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    DescriptionWords = table.Column<int>(type: "INTEGER", nullable: false),
                    PriceSensitivity = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PreferredCategories = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Personas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Profiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConsentWithdrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SessionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    EventCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ProductViewCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PurchaseCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LifetimeValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    LastPurchaseAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastCartActivityAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    JourneyStage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Affinities = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Traits_Age = table.Column<int>(type: "INTEGER", nullable: true),
                    Traits_Company = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Traits_Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Traits_CustomerType = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    Traits_Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Traits_Gender = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Traits_Industry = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Traits_Language = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Traits_Role = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Profiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Segments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    RuleVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecomputeStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecomputeProcessed = table.Column<int>(type: "INTEGER", nullable: false),
                    RecomputeTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    RecomputeStartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RecomputeFinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Segments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProfileId = table.Column<long>(type: "INTEGER", nullable: false),
                    VisitorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Timestamp = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProductId = table.Column<long>(type: "INTEGER", nullable: true),
                    VariantId = table.Column<long>(type: "INTEGER", nullable: true),
                    Query = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ResultCount = table.Column<int>(type: "INTEGER", nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OrderId = table.Column<long>(type: "INTEGER", nullable: true),
                    Value = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    CategoryPath = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Brand = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Gender = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Color = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Size = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    PriceBand = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Events_Profiles_ProfileId",
                        column: x => x.ProfileId,
                        principalTable: "Profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProfileIdentities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProfileId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProfileIdentities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProfileIdentities_Profiles_ProfileId",
                        column: x => x.ProfileId,
                        principalTable: "Profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PersonaSegments",
                columns: table => new
                {
                    PersonaId = table.Column<long>(type: "INTEGER", nullable: false),
                    SegmentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonaSegments", x => new { x.PersonaId, x.SegmentId });
                    table.ForeignKey(
                        name: "FK_PersonaSegments_Personas_PersonaId",
                        column: x => x.PersonaId,
                        principalTable: "Personas",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PersonaSegments_Segments_SegmentId",
                        column: x => x.SegmentId,
                        principalTable: "Segments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SegmentMemberships",
                columns: table => new
                {
                    SegmentId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProfileId = table.Column<long>(type: "INTEGER", nullable: false),
                    EnteredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentMemberships", x => new { x.SegmentId, x.ProfileId });
                    table.ForeignKey(
                        name: "FK_SegmentMemberships_Profiles_ProfileId",
                        column: x => x.ProfileId,
                        principalTable: "Profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SegmentMemberships_Segments_SegmentId",
                        column: x => x.SegmentId,
                        principalTable: "Segments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Events_EventId",
                table: "Events",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Events_ProductId_Type",
                table: "Events",
                columns: new[] { "ProductId", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_ProfileId_Timestamp",
                table: "Events",
                columns: new[] { "ProfileId", "Timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_Personas_Name",
                table: "Personas",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PersonaSegments_SegmentId",
                table: "PersonaSegments",
                column: "SegmentId");

            migrationBuilder.CreateIndex(
                name: "IX_ProfileIdentities_Kind_Value",
                table: "ProfileIdentities",
                columns: new[] { "Kind", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProfileIdentities_ProfileId",
                table: "ProfileIdentities",
                column: "ProfileId");

            migrationBuilder.CreateIndex(
                name: "IX_Profiles_CustomerId",
                table: "Profiles",
                column: "CustomerId",
                unique: true,
                filter: "\"CustomerId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentMemberships_ProfileId",
                table: "SegmentMemberships",
                column: "ProfileId");

            migrationBuilder.CreateIndex(
                name: "IX_Segments_Name",
                table: "Segments",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Events");

            migrationBuilder.DropTable(
                name: "PersonaSegments");

            migrationBuilder.DropTable(
                name: "ProfileIdentities");

            migrationBuilder.DropTable(
                name: "SegmentMemberships");

            migrationBuilder.DropTable(
                name: "Personas");

            migrationBuilder.DropTable(
                name: "Profiles");

            migrationBuilder.DropTable(
                name: "Segments");
        }
    }
}
