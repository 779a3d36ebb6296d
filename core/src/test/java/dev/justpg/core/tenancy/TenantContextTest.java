package dev.justpg.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.justpg.core.tenancy.internal.PolicyText;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Tenant ids, contexts, scopes and builder validation: no database needed (nothing connects). */
@SuppressWarnings("try") // scopes are opened for their effect on the thread
class TenantContextTest {

    private final Tenancy tenancy = Tenancy.of(new PGSimpleDataSource(), TenantIdType.LONG);

    @Test
    void tenantIdsAreTypedAndValidated() {
        UUID id = UUID.randomUUID();
        assertThat(TenantId.of(id).type()).isEqualTo(TenantIdType.UUID);
        assertThat(TenantId.of(id).text()).isEqualTo(id.toString());
        assertThat(TenantId.parse(TenantIdType.UUID, " " + id + " ")).isEqualTo(TenantId.of(id));
        assertThat(TenantId.parse(TenantIdType.LONG, "42")).isEqualTo(TenantId.of(42));
        assertThat(TenantId.of(42)).isNotEqualTo(TenantId.of("42"));
        assertThatThrownBy(() -> TenantId.parse(TenantIdType.LONG, "42x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid LONG id");
        assertThatThrownBy(() -> TenantId.parse(TenantIdType.UUID, "nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid UUID id");
        assertThatThrownBy(() -> TenantId.of("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> TenantId.of("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void textIdsThatCouldCollapseIntoAnotherIdAreRefused() {
        for (String bad : new String[] {"\uD800", "a\uDC00b", "\uDC00\uD800", "x\uD83D", "\uDE00"}) {
            assertThatThrownBy(() -> TenantId.of(bad)).as("lone surrogate in %s", bad.codePoints().toArray())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not well-formed Unicode")
                    .hasMessageContaining("'?'");
        }
        assertThatThrownBy(() -> TenantId.parse(TenantIdType.TEXT, "\uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantId.of("\0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> TenantId.of("acme ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("white space");
        assertThatThrownBy(() -> TenantId.of("\tacme")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("white space");
        assertThatThrownBy(() -> TenantId.of("a".repeat(TenantId.MAX_TEXT_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        assertThat(TenantId.of("\uD83D\uDE00").text()).as("a well-formed pair is one code point").isEqualTo("\uD83D\uDE00");
        assertThat(TenantId.of("caf\u00e9")).as("not normalized: two ids, never one")
                .isNotEqualTo(TenantId.of("cafe\u0301"));
        assertThat(TenantId.of("a b").text()).isEqualTo("a b");
    }

    @Test
    void contextsValidateRolesAndClaims() {
        TenantContext ctx = TenantContext.builder(TenantId.of(7)).userId("u-1").roles("editor", "viewer", "editor")
                .claim("plan", "pro").build();
        assertThat(ctx.roles()).containsExactly("editor", "viewer");
        assertThat(ctx.userId()).hasValue("u-1");
        assertThat(ctx.toString()).contains("plan").doesNotContain("pro]");
        assertThat(ctx).isEqualTo(TenantContext.builder(TenantId.of(7)).userId("u-1").roles("editor", "viewer")
                .claim("plan", "pro").build());
        assertThatThrownBy(() -> TenantContext.builder(TenantId.of(7)).roles("a,b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comma");
        assertThatThrownBy(() -> TenantContext.builder(TenantId.of(7)).userId(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantContext.builder(TenantId.of(7)).claim("k", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopesNestAndLeaveNothingBehind() {
        assertThat(tenancy.current()).isEmpty();
        try (TenantScope outer = tenancy.enter(TenantId.of(1))) {
            try (TenantScope inner = tenancy.enter(TenantId.of(2))) {
                assertThat(tenancy.current()).contains(TenantContext.of(TenantId.of(2)));
            }
            assertThat(tenancy.current()).contains(TenantContext.of(TenantId.of(1)));
        }
        assertThat(tenancy.current()).isEmpty();
        Tenancy other = Tenancy.of(new PGSimpleDataSource(), TenantIdType.LONG);
        try (TenantScope scope = tenancy.enter(TenantId.of(1))) {
            assertThat(other.current()).as("scopes belong to one Tenancy").isEmpty();
        }
    }

    @Test
    void scopesMustBeClosedInOrderAndOnTheirThread() throws Exception {
        TenantScope outer = tenancy.enter(TenantId.of(1));
        TenantScope inner = tenancy.enter(TenantId.of(2));
        assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("reverse order");
        assertThat(tenancy.current()).as("the thread is clean anyway").isEmpty();
        inner.close();
        assertThat(tenancy.current()).as("closing the inner scope late does not bring the outer one back").isEmpty();
        TenantScope scope = tenancy.enter(TenantId.of(3));
        try {
            assertThatThrownBy(() -> CompletableFuture.runAsync(scope::close).get())
                    .isInstanceOf(ExecutionException.class).hasRootCauseInstanceOf(IllegalStateException.class);
            assertThat(CompletableFuture.supplyAsync(tenancy::current).get()).as("scopes do not follow work to other"
                    + " threads").isEmpty();
        } finally {
            scope.close();
        }
        assertThat(tenancy.current()).isEmpty();
    }

    @Test
    void theWrongIdTypeIsRefusedWhenEnteringAScope() {
        assertThatThrownBy(() -> tenancy.enter(TenantId.of("acme"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TEXT").hasMessageContaining("LONG");
        assertThat(tenancy.current()).isEmpty();
    }

    @Test
    void theBuilderNamesTheBadSetting() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        assertThatThrownBy(() -> Tenancy.builder(ds, TenantIdType.LONG).settingPrefix("App-1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settingPrefix");
        assertThatThrownBy(() -> Tenancy.builder(ds, null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenantType");
        assertThatThrownBy(() -> Tenancy.builder(null, TenantIdType.UUID).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataSource");
        assertThatThrownBy(() -> Tenancy.builder(ds, TenantIdType.UUID).adminDataSource(ds).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adminDataSource");
        Tenancy custom = Tenancy.builder(ds, TenantIdType.UUID).settingPrefix("acme").build();
        assertThat(custom.settingNames()).containsExactly("acme.tenant_id", "acme.user_id", "acme.roles", "acme.claims");
    }

    @Test
    void policyExpressionsAreReadAsPostgresDeparsesThem() {
        String generated = "(tenant_id = ( SELECT (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::bigint"
                + " AS \"nullif\"))";
        assertThat(PolicyText.readsSetting(generated, "app.tenant_id")).isTrue();
        assertThat(PolicyText.failsClosed(generated, "app.tenant_id", true)).isTrue();
        assertThat(PolicyText.wrapped(generated)).isTrue();
        String naive = "(tenant_id = (current_setting('app.tenant_id'::text))::bigint)";
        assertThat(PolicyText.failsClosed(naive, "app.tenant_id", true)).isFalse();
        assertThat(PolicyText.wrapped(naive)).isFalse();
        String noNullif = "(tenant_id = ( SELECT current_setting('app.tenant_id'::text, true) AS current_setting))";
        assertThat(PolicyText.failsClosed(noNullif, "app.tenant_id", true)).isFalse();
        assertThat(PolicyText.failsClosed(noNullif, "app.tenant_id", false)).as("fine for text ids").isTrue();
        assertThat(PolicyText.readsSetting("(owner = CURRENT_USER)", "app.tenant_id")).isFalse();
    }
}
