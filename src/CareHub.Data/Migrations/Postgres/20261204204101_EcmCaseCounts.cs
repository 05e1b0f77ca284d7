using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EcmCaseCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ecm_case_counts",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_case_counts", x => new { x.PlanId, x.ProviderId, x.Status });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_case_counts_ProviderId_Status",
                table: "ecm_case_counts",
                columns: new[] { "ProviderId", "Status" });

            // The counts follow every change to ecm_cases, whatever makes it: one upsert per statement from the
            // statement's rows (added +1, removed -1 under their plan, provider and status), in key order.
            migrationBuilder.Sql("""
                CREATE FUNCTION ecm_case_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO ecm_case_counts AS t ("PlanId", "ProviderId", "Status", "Count")
                        SELECT "PlanId", coalesce("ProviderId", '00000000-0000-0000-0000-000000000000'), "Status", count(*)
                        FROM added GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                        ON CONFLICT ("PlanId", "ProviderId", "Status") DO UPDATE SET "Count" = t."Count" + excluded."Count";
                    ELSIF TG_OP = 'DELETE' THEN
                        INSERT INTO ecm_case_counts AS t ("PlanId", "ProviderId", "Status", "Count")
                        SELECT "PlanId", coalesce("ProviderId", '00000000-0000-0000-0000-000000000000'), "Status", -count(*)
                        FROM removed GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                        ON CONFLICT ("PlanId", "ProviderId", "Status") DO UPDATE SET "Count" = t."Count" + excluded."Count";
                    ELSE
                        INSERT INTO ecm_case_counts AS t ("PlanId", "ProviderId", "Status", "Count")
                        SELECT "PlanId", "ProviderId", "Status", sum(n) FROM (
                            SELECT "PlanId", coalesce("ProviderId", '00000000-0000-0000-0000-000000000000') AS "ProviderId", "Status", 1 AS n FROM added
                            UNION ALL
                            SELECT "PlanId", coalesce("ProviderId", '00000000-0000-0000-0000-000000000000'), "Status", -1 FROM removed) d
                        GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
                        ON CONFLICT ("PlanId", "ProviderId", "Status") DO UPDATE SET "Count" = t."Count" + excluded."Count";
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER ecm_cases_counts_insert AFTER INSERT ON ecm_cases
                    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ecm_case_counts_apply();
                CREATE TRIGGER ecm_cases_counts_update AFTER UPDATE ON ecm_cases
                    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ecm_case_counts_apply();
                CREATE TRIGGER ecm_cases_counts_delete AFTER DELETE ON ecm_cases
                    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION ecm_case_counts_apply();

                INSERT INTO ecm_case_counts ("PlanId", "ProviderId", "Status", "Count")
                SELECT "PlanId", coalesce("ProviderId", '00000000-0000-0000-0000-000000000000'), "Status", count(*)
                FROM ecm_cases GROUP BY 1, 2, 3;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER ecm_cases_counts_insert ON ecm_cases;
                DROP TRIGGER ecm_cases_counts_update ON ecm_cases;
                DROP TRIGGER ecm_cases_counts_delete ON ecm_cases;
                DROP FUNCTION ecm_case_counts_apply();
                """);

            migrationBuilder.DropTable(
                name: "ecm_case_counts");
        }
    }
}
