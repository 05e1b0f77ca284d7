using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MemberPagesFromTheNameIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_members_PlanId_LastName_FirstName",
                table: "members");

            migrationBuilder.CreateIndex(
                name: "IX_members_PlanId_LastName_FirstName_Id",
                table: "members",
                columns: new[] { "PlanId", "LastName", "FirstName", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_members_PlanId_LastName_FirstName_Id",
                table: "members");

            migrationBuilder.CreateIndex(
                name: "IX_members_PlanId_LastName_FirstName",
                table: "members",
                columns: new[] { "PlanId", "LastName", "FirstName" });
        }
    }
}
