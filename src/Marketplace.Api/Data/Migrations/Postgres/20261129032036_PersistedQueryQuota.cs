using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersistedQueryQuota : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastUsedAt",
                table: "PersistedQueries",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<bool>(
                name: "Pinned",
                table: "PersistedQueries",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_PersistedQueries_Pinned_LastUsedAt",
                table: "PersistedQueries",
                columns: new[] { "Pinned", "LastUsedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PersistedQueries_Pinned_LastUsedAt",
                table: "PersistedQueries");

            migrationBuilder.DropColumn(
                name: "LastUsedAt",
                table: "PersistedQueries");

            migrationBuilder.DropColumn(
                name: "Pinned",
                table: "PersistedQueries");
        }
    }
}
