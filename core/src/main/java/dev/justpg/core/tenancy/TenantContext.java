package dev.justpg.core.tenancy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Who a unit of work runs for: the tenant, and optionally the user, the user's roles and extra
 * claims. Immutable.
 *
 * <p>Each transaction binds it with one parameterised, transaction-local {@code set_config} call:
 * policies read {@code current_setting('app.tenant_id', true)}, {@code app.user_id},
 * {@code app.roles} (comma-separated) and {@code app.claims} (a JSON object) with the
 * {@link Tenancy}'s setting prefix. Keys that are not given are bound as the empty string.
 *
 * <pre>{@code
 * TenantContext ctx = TenantContext.builder(TenantId.of(42))
 *         .userId("u-17").roles("editor").claim("plan", "pro").build();
 * }</pre>
 */
public final class TenantContext {

    /** What a role name may contain: letters, digits, {@code _ . : -} (never a comma). */
    public static final Pattern ROLE_PATTERN = Pattern.compile("[A-Za-z0-9_.:-]{1,63}");

    private final TenantId tenantId;
    private final String userId;
    private final List<String> roles;
    private final Map<String, String> claims;

    private TenantContext(Builder b) {
        this.tenantId = b.tenantId;
        this.userId = b.userId;
        this.roles = Collections.unmodifiableList(new ArrayList<>(b.roles));
        this.claims = Collections.unmodifiableMap(new TreeMap<>(b.claims));
    }

    /**
     * A context with only a tenant.
     *
     * @param tenantId the tenant
     * @return the context
     */
    public static TenantContext of(TenantId tenantId) {
        return builder(tenantId).build();
    }

    /**
     * A builder for a context with a user, roles or claims.
     *
     * @param tenantId the tenant
     * @return the builder
     */
    public static Builder builder(TenantId tenantId) {
        return new Builder(tenantId);
    }

    /**
     * The tenant.
     *
     * @return the tenant id
     */
    public TenantId tenantId() {
        return tenantId;
    }

    /**
     * The user, when one was given.
     *
     * @return the user id, or empty
     */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    /**
     * The user's roles, in the order given, without duplicates.
     *
     * @return the roles (may be empty)
     */
    public List<String> roles() {
        return roles;
    }

    /**
     * Extra claims, sorted by key.
     *
     * @return the claims (may be empty)
     */
    public Map<String, String> claims() {
        return claims;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TenantContext)) {
            return false;
        }
        TenantContext other = (TenantContext) o;
        return tenantId.equals(other.tenantId) && Objects.equals(userId, other.userId)
                && roles.equals(other.roles) && claims.equals(other.claims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, userId, roles, claims);
    }

    /**
     * The tenant, user and roles (claim values are left out: they may be personal data).
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "TenantContext[tenant=" + tenantId + (userId == null ? "" : ", user=" + userId)
                + (roles.isEmpty() ? "" : ", roles=" + roles)
                + (claims.isEmpty() ? "" : ", claims=" + claims.keySet()) + "]";
    }

    /** Builds a {@link TenantContext}; see {@link TenantContext#builder(TenantId)}. */
    public static final class Builder {

        private final TenantId tenantId;
        private String userId;
        private final Set<String> roles = new LinkedHashSet<>();
        private final Map<String, String> claims = new TreeMap<>();

        private Builder(TenantId tenantId) {
            this.tenantId = Objects.requireNonNull(tenantId, "tenantId must not be null");
        }

        /**
         * The user the work runs for, bound as {@code app.user_id}.
         *
         * @param id the user id: not blank, no NUL character
         * @return this builder
         */
        public Builder userId(String id) {
            this.userId = checkText("userId", id);
            return this;
        }

        /**
         * Adds roles, bound comma-separated as {@code app.roles}.
         *
         * @param names role names matching {@link #ROLE_PATTERN}
         * @return this builder
         */
        public Builder roles(String... names) {
            for (String name : names) {
                if (name == null || !ROLE_PATTERN.matcher(name).matches()) {
                    throw new IllegalArgumentException("role '" + name + "' must match " + ROLE_PATTERN.pattern()
                            + " (roles are bound comma-separated)");
                }
                roles.add(name);
            }
            return this;
        }

        /**
         * Adds a claim, bound inside the JSON object {@code app.claims}.
         *
         * @param key the key: not blank, no NUL character
         * @param value the value: not null, no NUL character
         * @return this builder
         */
        public Builder claim(String key, String value) {
            checkText("claim key", key);
            if (value == null || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("claim '" + key + "' must have a value without NUL characters");
            }
            claims.put(key, value);
            return this;
        }

        /**
         * Builds the context.
         *
         * @return the context
         */
        public TenantContext build() {
            return new TenantContext(this);
        }

        private static String checkText(String what, String text) {
            if (text == null || text.isBlank() || text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(what + " must not be null, blank or contain NUL characters");
            }
            return text;
        }
    }
}
