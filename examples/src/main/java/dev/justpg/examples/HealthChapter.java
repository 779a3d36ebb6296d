package dev.justpg.examples;

import dev.justpg.core.Database;
import dev.justpg.diagnostics.health.CheckId;
import dev.justpg.diagnostics.health.HealthCheck;
import dev.justpg.diagnostics.health.HealthFinding;
import dev.justpg.diagnostics.health.HealthReport;

/**
 * Health: two problems a migration can leave behind (a foreign key without an index, a duplicate
 * index), found by one call, fixed with the SQL the findings carry, and checked again.
 */
public final class HealthChapter implements Chapter {

    @Override
    public String title() {
        return "Health: find what needs attention, apply the fix, check again";
    }

    @Override
    public void run(TourContext ctx) throws Exception {
        Database db = ctx.db();
        db.execute("create table customers (id bigint primary key, email text not null unique)");
        db.execute("create table orders (id bigint primary key, customer_id bigint not null references customers,"
                + " placed_at timestamptz not null default now())");
        db.execute("create index orders_placed on orders (placed_at)");
        db.execute("create index orders_placed_again on orders (placed_at)");
        ctx.say("Planted: orders.customer_id references customers without an index, and one index twice.");

        HealthCheck health = HealthCheck.builder(db).kind(CheckId.Kind.SCHEMA).build();
        HealthReport report = health.run();
        ctx.say("HealthCheck ran %d schema checks in %d round trips and found %d problem(s):",
                report.checks().size(), report.roundTrips(), report.findings().size());
        for (HealthFinding f : report.findings()) {
            ctx.say("  %s %s %s", f.severity(), f.check(), f.object());
            ctx.say("    %s", f.explanation());
            f.fix().ifPresent(sql -> ctx.say("    fix: %s", sql));
        }
        if (report.findings(CheckId.FK_WITHOUT_INDEX).size() != 1 || report.findings(CheckId.DUPLICATE_INDEX).size() != 1) {
            throw new IllegalStateException("expected one foreign key without index and one duplicate:\n" + report.toText());
        }
        for (HealthFinding f : report.findings()) {
            String sql = f.fix().orElseThrow();
            ctx.say("Applying: %s", sql);
            db.execute(sql);
        }
        HealthReport after = health.run();
        ctx.say("Checked again: %s.", after.findings().isEmpty() ? "no findings" : after.findings());
        if (!after.findings().isEmpty()) {
            throw new IllegalStateException("the fixes did not clear the findings:\n" + after.toText());
        }
        ctx.say("The same report renders as text, JSON (%d characters) and a self-contained HTML page (%d characters).",
                after.toJson().length(), after.toHtml().length());
    }
}
