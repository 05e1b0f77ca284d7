using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Identification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "identification_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RuleVersion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MembersRead = table.Column<long>(type: "INTEGER", nullable: false),
                    RowsRead = table.Column<long>(type: "INTEGER", nullable: false),
                    EligibleCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ParametersJson = table.Column<string>(type: "TEXT", nullable: true),
                    SummaryJson = table.Column<string>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identification_runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_identification_runs_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "determinations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Population = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    RuleVersion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Eligible = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExclusionCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    ExclusionText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    EvidenceText = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    EvidenceJson = table.Column<string>(type: "TEXT", nullable: true),
                    County = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    HealthNetwork = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IsDual = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_determinations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_determinations_identification_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "identification_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_determinations_members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_determinations_MemberId_RunId",
                table: "determinations",
                columns: new[] { "MemberId", "RunId" });

            migrationBuilder.CreateIndex(
                name: "IX_determinations_RunId_Population_County",
                table: "determinations",
                columns: new[] { "RunId", "Population", "County" });

            migrationBuilder.CreateIndex(
                name: "IX_identification_runs_PlanId_RequestedAt",
                table: "identification_runs",
                columns: new[] { "PlanId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_identification_runs_Status",
                table: "identification_runs",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "determinations");

            migrationBuilder.DropTable(
                name: "identification_runs");
        }
    }
}
