using CareHub.Members;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LastNameKey",
                table: "members",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // Existing members get their keys as the app computes them.
            foreach (var statement in FillKeys())
            {
                migrationBuilder.Sql(statement);
            }

            migrationBuilder.CreateIndex(
                name: "IX_members_PlanId_FirstNameKey",
                table: "members",
                columns: new[] { "PlanId", "FirstNameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_members_PlanId_LastNameKey",
                table: "members",
                columns: new[] { "PlanId", "LastNameKey" });
        }

        /// <summary>Statements that give existing members their keys as <see cref="NameKeys.Of"/> computes them: trimmed
        /// names, then the accented Latin letters replaced by plain ones (a few letters per statement, as SQLite's parser
        /// limits nesting) on the names that are not plain ASCII, then upper case (SQLite's upper changes ASCII only).</summary>
        private static IEnumerable<string> FillKeys()
        {
            yield return "UPDATE members SET \"FirstNameKey\" = trim(\"FirstName\"), \"LastNameKey\" = trim(\"LastName\");";
            const int perStatement = 16;
            for (var start = 0; start < NameKeys.Accented.Length; start += perStatement)
            {
                var end = Math.Min(start + perStatement, NameKeys.Accented.Length);
                string Replace(string column)
                {
                    var expression = $"\"{column}\"";
                    for (var i = start; i < end; i++)
                    {
                        expression = $"replace({expression}, '{NameKeys.Accented[i]}', '{NameKeys.Plain[i]}')";
                    }

                    return expression;
                }

                yield return $"UPDATE members SET \"FirstNameKey\" = {Replace("FirstNameKey")}, \"LastNameKey\" = {Replace("LastNameKey")} " +
                    "WHERE \"FirstNameKey\" GLOB '*[^ -~]*' OR \"LastNameKey\" GLOB '*[^ -~]*';";
            }

            yield return "UPDATE members SET \"FirstNameKey\" = upper(\"FirstNameKey\"), \"LastNameKey\" = upper(\"LastNameKey\");";
        }

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
