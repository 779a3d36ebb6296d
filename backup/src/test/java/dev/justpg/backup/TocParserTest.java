package dev.justpg.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.backup.internal.TocParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pg_restore -l lines into typed entries. */
class TocParserTest {

    @Test
    void parsesTypesWithSpacesSchemasTagsAndOwners() {
        String listing = """
                ;
                ; Archive created at 2026-12-02 17:00:00 UTC
                ;     dbname: app
                ;
                ; Selected TOC Entries:
                ;
                5; 2615 16385 SCHEMA - shop postgres
                215; 1259 16386 TABLE shop orders app_owner
                3340; 0 16386 TABLE DATA shop orders app_owner
                3190; 2606 16393 CONSTRAINT shop orders orders_pkey app_owner
                3195; 2606 16400 FK CONSTRAINT shop orders orders_customer_id_fkey app_owner
                3341; 0 0 COMMENT - EXTENSION plpgsql\s
                3342; 0 0 SEQUENCE SET shop orders_id_seq app_owner
                3343; 0 0 ACL shop TABLE orders app_owner
                3350; 3466 16500 EVENT TRIGGER - audit_ddl postgres
                3351; 0 16510 MATERIALIZED VIEW DATA shop totals app_owner
                ;3352; 0 16511 TABLE DATA shop skipped app_owner
                """;
        List<TocEntry> toc = TocParser.parse(listing);
        assertThat(toc).extracting(TocEntry::type).containsExactly("SCHEMA", "TABLE", "TABLE DATA", "CONSTRAINT", "FK CONSTRAINT", "COMMENT",
                "SEQUENCE SET", "ACL", "EVENT TRIGGER", "MATERIALIZED VIEW DATA");
        TocEntry data = toc.get(2);
        assertThat(data).isEqualTo(new TocEntry(3340, "TABLE DATA", "shop", "orders", "app_owner", "3340; 0 16386 TABLE DATA shop orders app_owner"));
        assertThat(toc.get(0).schema()).isEmpty();
        assertThat(toc.get(3).name()).isEqualTo("orders orders_pkey");
        assertThat(toc.get(5).name()).isEqualTo("EXTENSION plpgsql");
        assertThat(toc.get(5).owner()).isEmpty();
        assertThat(toc.get(7).name()).isEqualTo("TABLE orders");
        assertThat(toc.stream().filter(e -> e.belongsToTable("shop", "orders")).map(TocEntry::id)).containsExactly(215, 3340, 3190, 3195, 3343);
    }
}
