package dev.justpg.core.tenancy;

import dev.justpg.core.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table to make tenant-safe: its name, tenant column, policy name, optional restrictive guards
 * and whether to create an index led by the tenant column. Immutable.
 *
 * <pre>{@code
 * TenantTable orders = TenantTable.builder(Identifier.of("orders"))
 *         .restrictiveGuard(RestrictiveGuard.of("not_deleted", "deleted_at is null"))
 *         .build();
 * }</pre>
 */
public final class TenantTable {

    /** Default tenant column. */
    public static final String DEFAULT_TENANT_COLUMN = Tenancy.DEFAULT_TENANT_COLUMN;
    /** Default name of the tenant policy. */
    public static final String DEFAULT_POLICY_NAME = "tenant_isolation";
    /** By default an index led by the tenant column is created when the table has none. */
    public static final boolean DEFAULT_CREATE_INDEX = true;

    private final Identifier table;
    private final Identifier tenantColumn;
    private final Identifier policyName;
    private final List<RestrictiveGuard> guards;
    private final boolean createIndex;

    private TenantTable(Builder b) {
        this.table = b.table;
        this.tenantColumn = Identifier.of(b.tenantColumn);
        this.policyName = Identifier.of(b.policyName);
        this.guards = List.copyOf(b.guards);
        this.createIndex = b.createIndex;
    }

    /**
     * A table with the defaults.
     *
     * @param table the table
     * @return the table description
     */
    public static TenantTable of(Identifier table) {
        return builder(table).build();
    }

    /**
     * A builder.
     *
     * @param table the table
     * @return the builder
     */
    public static Builder builder(Identifier table) {
        return new Builder(table);
    }

    /**
     * The table.
     *
     * @return its name
     */
    public Identifier table() {
        return table;
    }

    /**
     * The tenant column.
     *
     * @return its name
     */
    public Identifier tenantColumn() {
        return tenantColumn;
    }

    /**
     * The tenant policy's name.
     *
     * @return the name
     */
    public Identifier policyName() {
        return policyName;
    }

    /**
     * The restrictive guards.
     *
     * @return the guards (may be empty)
     */
    public List<RestrictiveGuard> guards() {
        return guards;
    }

    /**
     * Whether an index led by the tenant column is created when none exists.
     *
     * @return whether to create it
     */
    public boolean createIndex() {
        return createIndex;
    }

    /**
     * The index created when the table has none led by the tenant column.
     *
     * @return {@code <table>_<column>_idx}, in the table's schema; when that passes 63 bytes, its
     *         start and a short hash ({@code <start>_<8 hex>_idx})
     */
    public Identifier indexName() {
        return dev.justpg.core.tenancy.internal.PolicyDdl.indexName(table.name(), tenantColumn.name());
    }

    @Override
    public String toString() {
        return "TenantTable[" + table + " by " + tenantColumn + "]";
    }

    /** Builds a {@link TenantTable}. */
    public static final class Builder {

        private final Identifier table;
        private String tenantColumn = DEFAULT_TENANT_COLUMN;
        private String policyName = DEFAULT_POLICY_NAME;
        private final List<RestrictiveGuard> guards = new ArrayList<>();
        private boolean createIndex = DEFAULT_CREATE_INDEX;

        private Builder(Identifier table) {
            this.table = Objects.requireNonNull(table, "table must not be null");
        }

        /**
         * The tenant column (default {@value TenantTable#DEFAULT_TENANT_COLUMN}).
         *
         * @param value the column name
         * @return this builder
         */
        public Builder tenantColumn(String value) {
            this.tenantColumn = value;
            return this;
        }

        /**
         * The tenant policy's name (default {@value TenantTable#DEFAULT_POLICY_NAME}).
         *
         * @param value the name
         * @return this builder
         */
        public Builder policyName(String value) {
            this.policyName = value;
            return this;
        }

        /**
         * Adds a restrictive guard.
         *
         * @param guard the guard
         * @return this builder
         */
        public Builder restrictiveGuard(RestrictiveGuard guard) {
            guards.add(Objects.requireNonNull(guard, "guard must not be null"));
            return this;
        }

        /**
         * Whether to create an index led by the tenant column when none exists (default
         * {@value TenantTable#DEFAULT_CREATE_INDEX}). Turn it off and create the index
         * {@code CONCURRENTLY} yourself on a large table in production: a plain
         * {@code CREATE INDEX} blocks writes while it builds.
         *
         * @param value whether to create it
         * @return this builder
         */
        public Builder createIndex(boolean value) {
            this.createIndex = value;
            return this;
        }

        /**
         * Builds the description.
         *
         * @return the table description
         * @throws IllegalArgumentException when a name is invalid or a guard repeats a policy name
         */
        public TenantTable build() {
            TenantTable t = new TenantTable(this);
            java.util.Set<String> names = new java.util.HashSet<>();
            names.add(t.policyName.name());
            for (RestrictiveGuard g : guards) {
                if (!names.add(g.name())) {
                    throw new IllegalArgumentException("policy name '" + g.name() + "' is used twice on " + table);
                }
            }
            if (createIndex) {
                t.indexName();
            }
            return t;
        }
    }
}
