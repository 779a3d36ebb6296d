package dev.justpg.core.tenancy;

/**
 * The kind of value that identifies a tenant. A {@link Tenancy} is built for one type and refuses
 * tenant ids of any other, so a {@code long} id can never be compared with a {@code uuid} column.
 */
public enum TenantIdType {

    /** A {@link java.util.UUID}, for {@code uuid} tenant columns. */
    UUID("uuid"),
    /** A {@code long}, for {@code smallint}, {@code integer} and {@code bigint} tenant columns. */
    LONG("bigint"),
    /** Non-empty text, for {@code text} and {@code varchar} tenant columns. */
    TEXT("text");

    private final String sqlType;

    TenantIdType(String sqlType) {
        this.sqlType = sqlType;
    }

    /**
     * The PostgreSQL type a value of this kind is cast to when the column type is not known.
     *
     * @return {@code uuid}, {@code bigint} or {@code text}
     */
    public String sqlType() {
        return sqlType;
    }

    /**
     * Whether a column of this PostgreSQL type (as {@code format_type} prints it) can hold ids of
     * this kind.
     *
     * @param columnType the column's type, such as {@code integer} or {@code character varying(40)}
     * @return {@code true} when the types match
     */
    public boolean matchesColumnType(String columnType) {
        String t = columnType.toLowerCase(java.util.Locale.ROOT);
        switch (this) {
            case UUID:
                return t.equals("uuid");
            case LONG:
                return t.equals("smallint") || t.equals("integer") || t.equals("bigint");
            default:
                return t.equals("text") || t.startsWith("character varying") || t.startsWith("character(")
                        || t.equals("character");
        }
    }
}
