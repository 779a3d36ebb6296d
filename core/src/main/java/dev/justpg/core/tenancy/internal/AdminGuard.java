package dev.justpg.core.tenancy.internal;

import dev.justpg.core.Database;
import dev.justpg.core.TxCallback;
import dev.justpg.core.tenancy.TenancyException;

/** Runs cross-tenant work on the admin database once its role is known to bypass row-level security. */
public final class AdminGuard {

    private static final String ROLE_SQL = "select current_user::text, rolbypassrls or rolsuper"
            + " from pg_roles where rolname = current_user";

    private final Database admin;
    private volatile boolean verified;

    /**
     * Creates the guard.
     *
     * @param admin the database of the BYPASSRLS role
     */
    public AdminGuard(Database admin) {
        this.admin = admin;
    }

    /**
     * Runs the work in a transaction on the admin database.
     *
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it
     */
    public <R, X extends Exception> R run(TxCallback<R, X> work) throws X {
        if (!verified) {
            verify();
        }
        return admin.inTransaction(work);
    }

    private void verify() {
        Object[] row = admin.inReadOnlyTransaction(tx -> tx.queryOne(ROLE_SQL,
                r -> new Object[] {r.getString(1), r.getBoolean(2)}));
        if (!(Boolean) row[1]) {
            throw new TenancyException("the admin data source connects as role '" + row[0] + "', which does not"
                    + " have BYPASSRLS: cross-tenant work would see only rows its policies allow; run"
                    + " ALTER ROLE " + dev.justpg.core.Identifier.quote((String) row[0]) + " BYPASSRLS (as a"
                    + " superuser) or configure a data source for a role that has it");
        }
        verified = true;
    }
}
