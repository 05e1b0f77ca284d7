using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxPendingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_DeliveredAt_NextAttemptAt",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_SubscriptionId_ReferralId_Id",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_SubscriptionId",
                table: "outbox_messages",
                column: "SubscriptionId");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_delivered",
                table: "outbox_messages",
                column: "DeliveredAt",
                filter: "\"DeliveredAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_failed",
                table: "outbox_messages",
                column: "FailedAt",
                filter: "\"FailedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_pending",
                table: "outbox_messages",
                column: "Id",
                filter: "\"DeliveredAt\" IS NULL AND \"FailedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_pending_lease",
                table: "outbox_messages",
                column: "LeasedBy",
                filter: "\"DeliveredAt\" IS NULL AND \"FailedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_pending_referral",
                table: "outbox_messages",
                columns: new[] { "SubscriptionId", "ReferralId", "Id" },
                filter: "\"DeliveredAt\" IS NULL AND \"FailedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_SubscriptionId",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_delivered",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_failed",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_pending",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_pending_lease",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_pending_referral",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_DeliveredAt_NextAttemptAt",
                table: "outbox_messages",
                columns: new[] { "DeliveredAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_SubscriptionId_ReferralId_Id",
                table: "outbox_messages",
                columns: new[] { "SubscriptionId", "ReferralId", "Id" });
        }
    }
}
