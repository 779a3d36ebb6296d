package dev.justpg.examples.snippets;

import dev.justpg.core.tenancy.Tenancy;
import dev.justpg.core.tenancy.TenantContext;
import dev.justpg.core.tenancy.TenantId;
import dev.justpg.core.tenancy.TenantIdType;
import dev.justpg.core.tenancy.TenantScope;
import javax.sql.DataSource;

/** The README's tenancy snippet for frameworks: the wrapped data source and a scope per request. */
final class TenancyScope {

    private TenancyScope() {
    }

    /** What a servlet filter or an interceptor does around each request. */
    interface Chain {
        void doFilter() throws Exception;
    }

    @SuppressWarnings("try") // the scope is opened for its effect on the thread
    static DataSource perRequest(Tenancy tenancy, String header, String userId, Chain chain) throws Exception {
        DataSource dataSource = tenancy.dataSource();             // give this to Spring, jOOQ, MyBatis...
        try (TenantScope scope = tenancy.enter(TenantContext.builder(TenantId.parse(TenantIdType.UUID, header))
                .userId(userId).roles("editor").build())) {
            chain.doFilter();                                     // every transaction in here is bound
        }
        return dataSource;
    }
}
