package dev.justpg.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.Database;
import dev.justpg.core.Identifier;
import dev.justpg.testkit.PostgresTest;
import dev.justpg.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Text tenant ids reach the database unchanged, each as its own tenant (no two ids become one),
 * and a text Tenancy refuses a database whose encoding could map two ids to one.
 */
@PostgresTest
@Timeout(60)
class TextTenantIdTest {

    @Test
    void textIdsArriveUnchangedAndStayApart(TestDatabase database) {
        TenantSchema roles = TenantSchema.rolesOnly(database, "textid");
        roles.ownerDb.execute("create table notes(tenant_id text not null, body text not null)");
        Tenancy tenancy = Tenancy.of(roles.app.dataSource(), TenantIdType.TEXT);
        tenancy.policies(roles.ownerDb).apply(TenantTable.of(Identifier.of("notes")));
        roles.grantApp();
        // "?" is what a lone surrogate used to become; the others differ only in encoding details.
        List<String> ids = List.of("?", "caf\u00e9", "cafe\u0301", "\uD83D\uDE00", "\u00c5", "\u212b", "a b");
        for (String id : ids) {
            tenancy.inTenant(TenantId.of(id), tx -> tx.update("insert into notes values (?, ?)", id, "note of " + id));
        }
        for (String id : ids) {
            List<String> seen = tenancy.inTenant(TenantId.of(id), tx -> tx.query(
                    "select current_setting('app.tenant_id') || '|' || tenant_id || '|' || body from notes",
                    r -> r.getString(1)));
            assertThat(seen).as("tenant %s", id).containsExactly(id + "|" + id + "|note of " + id);
        }
    }

    @Test
    void aTextTenancyRefusesADatabaseThatIsNotUtf8(TestDatabase database) {
        String name = database.name() + "_latin1";
        Database.of(database.server().adminConnectionInfo().dataSource()).execute("create database " + name
                + " encoding 'LATIN1' lc_collate 'C' lc_ctype 'C' template template0");
        try {
            Tenancy text = Tenancy.builder(database.server().adminConnectionInfo().withDatabase(name).dataSource(),
                    TenantIdType.TEXT).verifyRole(false).build();
            assertThatThrownBy(() -> text.inTenant(TenantId.of("acme"), tx -> tx.queryOne("select 1", r -> 1)))
                    .isInstanceOf(TenancyException.class).hasMessageContaining("LATIN1").hasMessageContaining("UTF8");
            Tenancy numeric = Tenancy.builder(database.server().adminConnectionInfo().withDatabase(name).dataSource(),
                    TenantIdType.LONG).verifyRole(false).build();
            int one = numeric.inTenant(TenantId.of(1), tx -> tx.queryOne("select 1", r -> r.getInt(1)));
            assertThat(one).isEqualTo(1);
        } finally {
            Database.of(database.server().adminConnectionInfo().dataSource()).execute("drop database " + name);
        }
    }
}
