package dev.justpg.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.justpg.backup.internal.FailureClassifier;
import dev.justpg.backup.internal.ProgressParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tools' own error lines map to failure kinds; verbose lines map to progress phases. */
class FailureClassifierTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pg_dump: error: could not write to output file: No space left on device | DISK_FULL",
        "pg_restore: error: could not execute query: ERROR:  could not extend file \"base/16384/16385\": No space left on device | DISK_FULL",
        "pg_dump: error: connection to server at \"db\" (10.0.0.1), port 5432 failed: FATAL:  password authentication failed for user \"app\" | AUTHENTICATION",
        "pg_dump: error: connection failed: FATAL:  no pg_hba.conf entry for host \"10.0.0.2\", user \"app\" | AUTHENTICATION",
        "pg_dump: error: aborting because of server version mismatch | VERSION_MISMATCH",
        "pg_restore: error: unsupported version (1.16) in file header | VERSION_MISMATCH",
        "psql:dump.sql:12: error: invalid command \\restrict | VERSION_MISMATCH",
        "pg_dump: error: query failed: ERROR:  permission denied for table secrets | PERMISSION",
        "pg_restore: error: could not execute query: ERROR:  must be owner of table orders | PERMISSION",
        "pg_restore: error: could not execute query: ERROR:  role \"app_owner\" does not exist | MISSING_OBJECT",
        "pg_dump: error: no matching tables were found | MISSING_OBJECT",
        "pg_restore: warning: errors ignored on restore: 3 | ERRORS_IGNORED",
        "pg_restore: error: could not read from input file: end of file | CORRUPT",
        "pg_restore: error: did not find magic string in file header | CORRUPT",
        "pg_dump: error: something nobody foresaw | OTHER"})
    void classifiesTheToolsMessages(String line, FailureKind kind) {
        assertThat(FailureClassifier.classify(line)).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pg_dump | pg_dump: dumping contents of table \"shop.orders\" | DATA | shop.orders",
        "pg_restore | pg_restore: processing data for table \"public.events_0\" | DATA | public.events_0",
        "pg_restore | pg_restore: creating TABLE \"shop.orders\" | SCHEMA | shop.orders",
        "pg_restore | pg_restore: creating FK CONSTRAINT \"shop.orders orders_customer_id_fkey\" | POST_DATA | shop.orders orders_customer_id_fkey",
        "pg_restore | pg_restore: creating INDEX \"shop.orders_customer\" | POST_DATA | shop.orders_customer",
        "pg_dump | pg_dump: reading extensions | PREPARING | ''",
        "pg_restore | pg_restore: warning: errors ignored on restore: 1 | WARNING | ''"})
    void parsesVerboseLines(String tool, String line, ProgressEvent.Phase phase, String object) {
        ProgressEvent e = ProgressParser.parse(tool, line);
        assertThat(e.phase()).isEqualTo(phase);
        assertThat(e.object()).isEqualTo(object);
        assertThat(e.line()).isEqualTo(line);
    }
}
