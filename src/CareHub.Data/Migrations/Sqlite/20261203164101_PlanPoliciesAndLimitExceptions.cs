using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlanPoliciesAndLimitExceptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AllowPresumptiveAuthorization",
                table: "ecm_plan_settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "PresumptiveAuthorizationDays",
                table: "ecm_plan_settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EnrollmentDate",
                table: "ecm_cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Presumptive",
                table: "ecm_cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PresumptiveDueBy",
                table: "ecm_cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LimitException",
                table: "cs_authorizations",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LimitExceptionLimits",
                table: "cs_authorizations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LimitExceptionReason",
                table: "cs_authorizations",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "plan_policies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunitySupportCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EffectiveTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CriteriaJson = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    LimitsJson = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_policies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plan_policies_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_plan_policies_PlanId_CommunitySupportCode_EffectiveFrom",
                table: "plan_policies",
                columns: new[] { "PlanId", "CommunitySupportCode", "EffectiveFrom" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plan_policies");

            migrationBuilder.DropColumn(
                name: "AllowPresumptiveAuthorization",
                table: "ecm_plan_settings");

            migrationBuilder.DropColumn(
                name: "PresumptiveAuthorizationDays",
                table: "ecm_plan_settings");

            migrationBuilder.DropColumn(
                name: "EnrollmentDate",
                table: "ecm_cases");

            migrationBuilder.DropColumn(
                name: "Presumptive",
                table: "ecm_cases");

            migrationBuilder.DropColumn(
                name: "PresumptiveDueBy",
                table: "ecm_cases");

            migrationBuilder.DropColumn(
                name: "LimitException",
                table: "cs_authorizations");

            migrationBuilder.DropColumn(
                name: "LimitExceptionLimits",
                table: "cs_authorizations");

            migrationBuilder.DropColumn(
                name: "LimitExceptionReason",
                table: "cs_authorizations");
        }
    }
}
