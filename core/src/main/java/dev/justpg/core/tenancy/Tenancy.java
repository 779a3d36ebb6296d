package dev.justpg.core.tenancy;

import dev.justpg.core.Database;
import dev.justpg.core.Propagation;
import dev.justpg.core.TxCallback;
import dev.justpg.core.TxConsumer;
import dev.justpg.core.TxOptions;
import dev.justpg.core.tenancy.internal.AdminGuard;
import dev.justpg.core.tenancy.internal.Binding;
import dev.justpg.core.tenancy.internal.TenantDataSource;
import dev.justpg.core.tenancy.internal.TenantRuntime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant isolation with PostgreSQL row-level security: binds a typed {@link TenantContext} to
 * every transaction, generates fail-closed policies, and audits the schema and roles.
 *
 * <pre>{@code
 * Tenancy tenancy = Tenancy.builder(appPool, TenantIdType.UUID)
 *         .adminDataSource(adminPool)              // a BYPASSRLS role, for cross-tenant work
 *         .build();
 * tenancy.policies(ownerDb).apply(TenantTable.of(Identifier.of("orders")));
 * List<String> refs = tenancy.inTenant(TenantId.of(acme), tx ->
 *         tx.query("select ref from orders", r -> r.getString(1)));   // only acme's rows
 * DataSource forSpringOrJooq = tenancy.dataSource();   // binds the scope's tenant per transaction
 * }</pre>
 *
 * <p>The binding is one parameterised {@code select set_config(name, value, true), ...} per
 * transaction: transaction-local, so it vanishes at commit or rollback and a connection returned
 * to the pool carries no tenant (safe with HikariCP and with PgBouncer in transaction mode). It
 * is never a session {@code SET}. By default it travels in the same round trip as the first
 * prepared statement of the transaction.
 *
 * <p>Immutable and thread-safe; make one per application data source and share it. Scopes
 * ({@link #enter}) are per thread and per {@code Tenancy}.
 */
public final class Tenancy {

    /** Default setting prefix: the settings are {@code app.tenant_id}, {@code app.user_id}, {@code app.roles}, {@code app.claims}. */
    public static final String DEFAULT_SETTING_PREFIX = "app";
    /** Default name of the tenant column the audit looks for. */
    public static final String DEFAULT_TENANT_COLUMN = "tenant_id";
    /** By default a statement in a transaction with no tenant in scope is refused. */
    public static final boolean DEFAULT_REQUIRE_TENANT = true;
    /** By default the binding is sent with the first prepared statement of a transaction. */
    public static final boolean DEFAULT_PIPELINE_BINDING = true;
    /** By default a superuser or BYPASSRLS application role is refused on the first connection. */
    public static final boolean DEFAULT_VERIFY_ROLE = true;

    private static final Logger LOG = LoggerFactory.getLogger(Tenancy.class);
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,39}");

    private final TenantIdType tenantType;
    private final String tenantColumn;
    private final Binding binding;
    private final ThreadLocal<TenantScope> scopes = new ThreadLocal<>();
    private final DataSource dataSource;
    private final Database database;
    private final AdminGuard admin;

    private Tenancy(Builder b) {
        this.tenantType = b.tenantType;
        this.tenantColumn = b.tenantColumn;
        this.binding = new Binding(b.settingPrefix);
        TenantRuntime runtime = new TenantRuntime(binding, this::currentOrNull, b.requireTenant, b.pipelineBinding,
                b.verifyRole, b.tenantType == TenantIdType.TEXT);
        this.dataSource = new TenantDataSource(b.dataSource, runtime);
        this.database = Database.builder(dataSource).defaultOptions(b.options).quiet().build();
        this.admin = b.adminDataSource == null ? null
                : new AdminGuard(Database.builder(b.adminDataSource).defaultOptions(b.options).quiet().build());
    }

    /**
     * A tenancy with the defaults.
     *
     * @param dataSource the application's data source (a plain role: no superuser, no BYPASSRLS, owns no table)
     * @param tenantType the type of tenant ids
     * @return the tenancy
     */
    public static Tenancy of(DataSource dataSource, TenantIdType tenantType) {
        return builder(dataSource, tenantType).build();
    }

    /**
     * A builder.
     *
     * @param dataSource the application's data source (a plain role: no superuser, no BYPASSRLS, owns no table)
     * @param tenantType the type of tenant ids; ids of another type are refused
     * @return the builder
     */
    public static Builder builder(DataSource dataSource, TenantIdType tenantType) {
        return new Builder(dataSource, tenantType);
    }

    /**
     * The data source for frameworks (Spring {@code @Transactional}, jOOQ {@code DSL.using},
     * plain JDBC): each transaction on its connections is bound to the tenant in scope on the
     * calling thread ({@link #enter}). Statements in autocommit mode with a tenant in scope, and
     * statements with no tenant in scope (unless {@link Builder#requireTenant(boolean)} is off),
     * are refused with a {@link TenancyException} before anything is sent.
     *
     * @return the wrapped data source
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A {@link Database} over {@link #dataSource()}: its transactions are bound to the scope's tenant.
     *
     * @return the database
     */
    public Database database() {
        return database;
    }

    /**
     * The type tenant ids must have.
     *
     * @return the type
     */
    public TenantIdType tenantType() {
        return tenantType;
    }

    /**
     * The setting that holds the tenant id, for policies written by hand.
     *
     * @return for example {@code app.tenant_id}
     */
    public String tenantSetting() {
        return binding.tenantSetting();
    }

    /**
     * The four settings bound per transaction: tenant id, user id, roles (comma-separated),
     * claims (a JSON object).
     *
     * @return the setting names
     */
    public List<String> settingNames() {
        return binding.settingNames();
    }

    /**
     * The tenant column name the audit looks for.
     *
     * @return the column name
     */
    public String tenantColumn() {
        return tenantColumn;
    }

    /**
     * Puts a tenant in scope on this thread until the scope is closed.
     *
     * @param context the tenant
     * @return the scope; close it (try-with-resources)
     * @throws IllegalArgumentException when the tenant id has the wrong type
     */
    public TenantScope enter(TenantContext context) {
        checkType(context);
        return new TenantScope(scopes, context);
    }

    /**
     * Puts a tenant in scope on this thread until the scope is closed.
     *
     * @param tenantId the tenant
     * @return the scope; close it (try-with-resources)
     * @throws IllegalArgumentException when the tenant id has the wrong type
     */
    public TenantScope enter(TenantId tenantId) {
        return enter(TenantContext.of(tenantId));
    }

    /**
     * The tenant in scope on this thread.
     *
     * @return the context, or empty
     */
    public Optional<TenantContext> current() {
        return Optional.ofNullable(currentOrNull());
    }

    private TenantContext currentOrNull() {
        TenantScope scope = scopes.get();
        return scope == null ? null : scope.context();
    }

    /**
     * Runs work in a transaction bound to the tenant (default options, retried on serialization
     * failures like {@link Database#inTransaction(TxCallback)}). The tenant is in scope on this
     * thread only while the work runs, also when it throws.
     *
     * @param context the tenant
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it (after rollback)
     * @throws IllegalArgumentException when the tenant id has the wrong type (nothing ran)
     */
    public <R, X extends Exception> R inTenant(TenantContext context, TxCallback<R, X> work) throws X {
        return inTenant(context, database.defaultOptions(), work);
    }

    /**
     * Runs work in a transaction bound to the tenant. See {@link #inTenant(TenantContext, TxCallback)}.
     *
     * @param tenantId the tenant
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it (after rollback)
     */
    public <R, X extends Exception> R inTenant(TenantId tenantId, TxCallback<R, X> work) throws X {
        return inTenant(TenantContext.of(tenantId), work);
    }

    /**
     * Runs work in a transaction with the given options, bound to the tenant.
     *
     * <p>Nested calls: inside a transaction this thread has open on {@link #dataSource()}, a call
     * for the same context (tenant, user, roles and claims) joins it, like any nested
     * {@link Database#inTransaction(TxCallback)}. A call for another context, or one made inside a
     * transaction with no tenant in scope, never joins: it is refused with a
     * {@link TenancyException} before anything runs (no wait for a second connection, so a pool
     * of one cannot deadlock). To run it anyway, give it a transaction of its own with
     * {@code options.withPropagation(Propagation.REQUIRES_NEW)}: it then needs a second pooled
     * connection, and a pool of one fails after its own connection timeout.
     *
     * @param context the tenant
     * @param options isolation, read-only, timeout, retry, propagation
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it (after rollback)
     * @throws TenancyException when it would join a transaction of another tenant (nothing ran)
     */
    @SuppressWarnings("try") // the scope is opened for its effect on this thread
    public <R, X extends Exception> R inTenant(TenantContext context, TxOptions options, TxCallback<R, X> work)
            throws X {
        Objects.requireNonNull(context, "context must not be null");
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(work, "work must not be null");
        checkType(context);
        TenantContext open = currentOrNull();
        if (options.propagation() == Propagation.REQUIRED && !context.equals(open)
                && database.currentTransaction().isPresent()) {
            String outer = open == null ? "no tenant" : "tenant " + open.tenantId()
                    + (open.tenantId().equals(context.tenantId()) ? " with another user, roles or claims" : "");
            throw new TenancyException("refusing to run work for tenant " + context.tenantId() + " inside the"
                    + " transaction this thread already has open for " + outer + ": a nested call never joins"
                    + " another tenant's transaction; nothing was run. Run it after the enclosing transaction, or in"
                    + " a transaction of its own with options.withPropagation(Propagation.REQUIRES_NEW) (it needs a"
                    + " second pooled connection)");
        }
        try (TenantScope scope = enter(context)) {
            return database.inTransaction(options, work);
        }
    }

    /**
     * Runs work that returns nothing in a transaction bound to the tenant.
     *
     * @param context the tenant
     * @param work the work
     * @param <X> the checked exception the work may throw
     * @throws X when the work throws it (after rollback)
     */
    public <X extends Exception> void useTenant(TenantContext context, TxConsumer<X> work) throws X {
        Objects.requireNonNull(work, "work must not be null");
        inTenant(context, tx -> {
            work.accept(tx);
            return null;
        });
    }

    /**
     * Runs cross-tenant work (reports, migrations, support tools) in a transaction on the admin
     * data source, whose role must have {@code BYPASSRLS} (checked once, before the first such
     * transaction). Never a setting the application role could also set.
     *
     * @param work the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return what the work returned
     * @throws X when the work throws it (after rollback)
     * @throws TenancyException when no admin data source was configured or its role lacks BYPASSRLS
     */
    public <R, X extends Exception> R crossTenant(TxCallback<R, X> work) throws X {
        Objects.requireNonNull(work, "work must not be null");
        if (admin == null) {
            throw new TenancyException("cross-tenant work needs an admin DataSource: configure"
                    + " Tenancy.builder(...).adminDataSource(ds) with a role that has BYPASSRLS");
        }
        return admin.run(work);
    }

    /**
     * Policy DDL for tenant tables, run through {@code owner} (the role that owns the tables:
     * only an owner may change their row-level security).
     *
     * @param owner a database connecting as the tables' owner (or a superuser)
     * @return the policy generator
     */
    public TenantPolicies policies(Database owner) {
        return new TenantPolicies(owner, binding.tenantSetting(), tenantType);
    }

    /**
     * Audits the schema and the application role for isolation mistakes: one call, typed
     * findings with severity and fix SQL. Read-only.
     *
     * @param db a database whose role may read the catalogs (any role can; the owner sees all)
     * @param appRole the role the application connects as
     * @return the report (empty when nothing was found)
     */
    public AuditReport audit(Database db, String appRole) {
        return TenancyAudit.run(db, appRole, tenantColumn, binding.tenantSetting(), tenantType);
    }

    private void checkType(TenantContext context) {
        Objects.requireNonNull(context, "context must not be null");
        if (context.tenantId().type() != tenantType) {
            throw new IllegalArgumentException("tenant id " + context.tenantId() + " has type "
                    + context.tenantId().type() + " but this Tenancy was built for " + tenantType
                    + " ids; nothing was run");
        }
    }

    /** Builds a {@link Tenancy}; see {@link Tenancy#builder(DataSource, TenantIdType)}. */
    public static final class Builder {

        private final DataSource dataSource;
        private final TenantIdType tenantType;
        private DataSource adminDataSource;
        private String settingPrefix = DEFAULT_SETTING_PREFIX;
        private String tenantColumn = DEFAULT_TENANT_COLUMN;
        private boolean requireTenant = DEFAULT_REQUIRE_TENANT;
        private boolean pipelineBinding = DEFAULT_PIPELINE_BINDING;
        private boolean verifyRole = DEFAULT_VERIFY_ROLE;
        private TxOptions options = TxOptions.DEFAULT;

        private Builder(DataSource dataSource, TenantIdType tenantType) {
            this.dataSource = dataSource;
            this.tenantType = tenantType;
        }

        /**
         * A data source whose role has {@code BYPASSRLS}, for {@link Tenancy#crossTenant}.
         *
         * @param value the admin data source (default none)
         * @return this builder
         */
        public Builder adminDataSource(DataSource value) {
            this.adminDataSource = value;
            return this;
        }

        /**
         * The prefix of the settings ({@value Tenancy#DEFAULT_SETTING_PREFIX} gives {@code app.tenant_id}).
         *
         * @param value lower-case letters, digits and {@code _}, at most 40 characters
         * @return this builder
         */
        public Builder settingPrefix(String value) {
            this.settingPrefix = value;
            return this;
        }

        /**
         * The tenant column name the audit looks for (default {@value Tenancy#DEFAULT_TENANT_COLUMN}).
         *
         * @param value the column name
         * @return this builder
         */
        public Builder tenantColumn(String value) {
            this.tenantColumn = value;
            return this;
        }

        /**
         * Whether a statement in a transaction needs a tenant in scope (default
         * {@value Tenancy#DEFAULT_REQUIRE_TENANT}). When off, work without a tenant runs with empty
         * settings and the policies show it no tenant rows.
         *
         * @param value whether a tenant is required
         * @return this builder
         */
        public Builder requireTenant(boolean value) {
            this.requireTenant = value;
            return this;
        }

        /**
         * Whether the binding travels with the first prepared statement of a transaction in one
         * round trip (default {@value Tenancy#DEFAULT_PIPELINE_BINDING}); when off it is its own statement.
         *
         * @param value whether to pipeline the binding
         * @return this builder
         */
        public Builder pipelineBinding(boolean value) {
            this.pipelineBinding = value;
            return this;
        }

        /**
         * Whether the first connection checks that the role is neither a superuser nor
         * {@code BYPASSRLS} (default {@value Tenancy#DEFAULT_VERIFY_ROLE}).
         *
         * @param value whether to check
         * @return this builder
         */
        public Builder verifyRole(boolean value) {
            this.verifyRole = value;
            return this;
        }

        /**
         * The options of {@link Tenancy#inTenant(TenantContext, TxCallback)} and
         * {@link Tenancy#crossTenant} (default {@link TxOptions#DEFAULT}).
         *
         * @param value the options
         * @return this builder
         */
        public Builder defaultOptions(TxOptions value) {
            this.options = value;
            return this;
        }

        /**
         * Builds the tenancy. Connects to nothing yet.
         *
         * @return the tenancy
         * @throws IllegalArgumentException naming the bad setting
         */
        public Tenancy build() {
            if (dataSource == null) {
                throw new IllegalArgumentException("dataSource must not be null");
            }
            if (tenantType == null) {
                throw new IllegalArgumentException("tenantType must not be null (UUID, LONG or TEXT)");
            }
            if (settingPrefix == null || !PREFIX.matcher(settingPrefix).matches()) {
                throw new IllegalArgumentException("settingPrefix '" + settingPrefix + "' must match "
                        + PREFIX.pattern() + " (it names custom settings such as app.tenant_id)");
            }
            if (tenantColumn == null || tenantColumn.isBlank()) {
                throw new IllegalArgumentException("tenantColumn must not be blank");
            }
            if (options == null) {
                throw new IllegalArgumentException("defaultOptions must not be null");
            }
            if (adminDataSource != null && adminDataSource == dataSource) {
                throw new IllegalArgumentException("adminDataSource must be a different data source (a BYPASSRLS"
                        + " role), not the application's");
            }
            LOG.info("justpg Tenancy: tenantType={}, settings={}.*, tenantColumn={}, requireTenant={},"
                            + " pipelineBinding={}, verifyRole={}, crossTenant={}", tenantType, settingPrefix,
                    tenantColumn, requireTenant, pipelineBinding, verifyRole,
                    adminDataSource == null ? "off" : "admin data source");
            return new Tenancy(this);
        }
    }
}
