using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CareHub.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    RuleVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MembersRead = table.Column<long>(type: "bigint", nullable: false),
                    RowsRead = table.Column<long>(type: "bigint", nullable: false),
                    EligibleCount = table.Column<int>(type: "integer", nullable: false),
                    ParametersJson = table.Column<string>(type: "text", nullable: true),
                    SummaryJson = table.Column<string>(type: "text", nullable: true),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    Population = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    RuleVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Eligible = table.Column<bool>(type: "boolean", nullable: false),
                    ExclusionCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    ExclusionText = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    EvidenceText = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    EvidenceJson = table.Column<string>(type: "text", nullable: true),
                    County = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    HealthNetwork = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    IsDual = table.Column<bool>(type: "boolean", nullable: false)
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
