using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EcmCaseCountsAtCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The counts move when each change commits, not when its statement runs: a count row changed by a
            // statement stays locked until the transaction ends, and every case added to a plan or moved between the
            // same two statuses changes the same row, so writers of one plan waited for each other's whole
            // transactions. Deferred to the commit, the row is held for the commit alone. One row trigger for each
            // added, removed or moved case (constraint triggers are row triggers); an update that leaves the plan,
            // provider and status as they were fires none. ecm_case_counts_apply stays for Down.
            migrationBuilder.Sql("""
                DROP TRIGGER ecm_cases_counts_insert ON ecm_cases;
                DROP TRIGGER ecm_cases_counts_update ON ecm_cases;
                DROP TRIGGER ecm_cases_counts_delete ON ecm_cases;
                CREATE FUNCTION ecm_case_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        INSERT INTO ecm_case_counts AS t ("PlanId", "ProviderId", "Status", "Count")
                        VALUES (OLD."PlanId", coalesce(OLD."ProviderId", '00000000-0000-0000-0000-000000000000'), OLD."Status", -1)
                        ON CONFLICT ("PlanId", "ProviderId", "Status") DO UPDATE SET "Count" = t."Count" - 1;
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        INSERT INTO ecm_case_counts AS t ("PlanId", "ProviderId", "Status", "Count")
                        VALUES (NEW."PlanId", coalesce(NEW."ProviderId", '00000000-0000-0000-0000-000000000000'), NEW."Status", 1)
                        ON CONFLICT ("PlanId", "ProviderId", "Status") DO UPDATE SET "Count" = t."Count" + 1;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE CONSTRAINT TRIGGER ecm_cases_counts_insert AFTER INSERT ON ecm_cases
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ecm_case_counts_move();
                CREATE CONSTRAINT TRIGGER ecm_cases_counts_update AFTER UPDATE OF "PlanId", "ProviderId", "Status" ON ecm_cases
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                    WHEN (OLD."PlanId" IS DISTINCT FROM NEW."PlanId" OR OLD."ProviderId" IS DISTINCT FROM NEW."ProviderId" OR OLD."Status" IS DISTINCT FROM NEW."Status")
                    EXECUTE FUNCTION ecm_case_counts_move();
                CREATE CONSTRAINT TRIGGER ecm_cases_counts_delete AFTER DELETE ON ecm_cases
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ecm_case_counts_move();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER ecm_cases_counts_insert ON ecm_cases;
                DROP TRIGGER ecm_cases_counts_update ON ecm_cases;
                DROP TRIGGER ecm_cases_counts_delete ON ecm_cases;
                DROP FUNCTION ecm_case_counts_move();
                CREATE TRIGGER ecm_cases_counts_insert AFTER INSERT ON ecm_cases
                    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ecm_case_counts_apply();
                CREATE TRIGGER ecm_cases_counts_update AFTER UPDATE ON ecm_cases
                    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ecm_case_counts_apply();
                CREATE TRIGGER ecm_cases_counts_delete AFTER DELETE ON ecm_cases
                    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION ecm_case_counts_apply();
                """);
        }
    }
}
