using CareHub.Members;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MemberNameKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FirstNameKey",
                table: "members",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "LastNameKey",
                table: "members",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "",
                collation: "C");

            // Existing members get their keys as the app computes them.
            migrationBuilder.Sql($"UPDATE members SET \"FirstNameKey\" = {Key("FirstName")}, \"LastNameKey\" = {Key("LastName")};");

            migrationBuilder.CreateIndex(
                name: "IX_members_PlanId_FirstNameKey",
                table: "members",
                columns: new[] { "PlanId", "FirstNameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_members_PlanId_LastNameKey",
                table: "members",
                columns: new[] { "PlanId", "LastNameKey" });
        }

        /// <summary>The key of a name column in SQL, as <see cref="NameKeys.Of"/> computes it.</summary>
        private static string Key(string column) => $"upper(translate(btrim(\"{column}\"), '{NameKeys.Accented}', '{NameKeys.Plain}'))";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_members_PlanId_FirstNameKey",
                table: "members");

            migrationBuilder.DropIndex(
                name: "IX_members_PlanId_LastNameKey",
                table: "members");

            migrationBuilder.DropColumn(
                name: "FirstNameKey",
                table: "members");

            migrationBuilder.DropColumn(
                name: "LastNameKey",
                table: "members");
        }
    }
}
