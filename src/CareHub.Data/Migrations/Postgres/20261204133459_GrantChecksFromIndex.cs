using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GrantChecksFromIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_member_access_grants_OrganizationId_MemberId",
                table: "member_access_grants");

            migrationBuilder.CreateIndex(
                name: "IX_member_access_grants_OrganizationId_MemberId_RevokedAt_Reas~",
                table: "member_access_grants",
                columns: new[] { "OrganizationId", "MemberId", "RevokedAt", "Reason" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_member_access_grants_OrganizationId_MemberId_RevokedAt_Reas~",
                table: "member_access_grants");

            migrationBuilder.CreateIndex(
                name: "IX_member_access_grants_OrganizationId_MemberId",
                table: "member_access_grants",
                columns: new[] { "OrganizationId", "MemberId" });
        }
    }
}
