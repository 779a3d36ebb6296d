package dev.justpg.core.tenancy;

import java.util.Objects;
import java.util.UUID;

/**
 * A typed tenant id: a {@link UUID}, a {@code long} or non-empty text. Immutable.
 *
 * <pre>{@code
 * TenantId acme = TenantId.of(UUID.fromString("7f1c..."));
 * TenantId fromHeader = TenantId.parse(TenantIdType.UUID, request.getHeader("X-Tenant"));
 * }</pre>
 */
public final class TenantId {

    /** The longest text id accepted, in characters. */
    public static final int MAX_TEXT_LENGTH = 256;

    private final TenantIdType type;
    private final String text;

    private TenantId(TenantIdType type, String text) {
        this.type = type;
        this.text = text;
    }

    /**
     * A UUID tenant id.
     *
     * @param id the id
     * @return the tenant id
     */
    public static TenantId of(UUID id) {
        Objects.requireNonNull(id, "tenant id must not be null");
        return new TenantId(TenantIdType.UUID, id.toString());
    }

    /**
     * A numeric tenant id.
     *
     * @param id the id
     * @return the tenant id
     */
    public static TenantId of(long id) {
        return new TenantId(TenantIdType.LONG, Long.toString(id));
    }

    /**
     * A text tenant id.
     *
     * @param id the id: not blank, no NUL character, at most {@value #MAX_TEXT_LENGTH} characters
     * @return the tenant id
     * @throws IllegalArgumentException when the text breaks a rule
     */
    public static TenantId of(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("tenant id must not be null or blank (a blank id would mean 'no"
                    + " tenant')");
        }
        if (id.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("tenant id must not contain a NUL character");
        }
        if (id.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("tenant id must be at most " + MAX_TEXT_LENGTH + " characters, was "
                    + id.length());
        }
        return new TenantId(TenantIdType.TEXT, id);
    }

    /**
     * Parses text (a header, a JWT claim) into an id of the given type.
     *
     * @param type the type the text must have
     * @param text the text
     * @return the tenant id
     * @throws IllegalArgumentException when the text is not a valid id of that type
     */
    public static TenantId parse(TenantIdType type, String text) {
        Objects.requireNonNull(type, "type must not be null");
        if (text == null) {
            throw new IllegalArgumentException("tenant id text must not be null");
        }
        if (type == TenantIdType.TEXT) {
            return of(text);
        }
        try {
            return type == TenantIdType.UUID ? of(UUID.fromString(text.strip())) : of(Long.parseLong(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tenant id '" + shorten(text) + "' is not a valid " + type
                    + " id: " + e.getMessage(), e);
        }
    }

    /**
     * The id's type.
     *
     * @return the type
     */
    public TenantIdType type() {
        return type;
    }

    /**
     * The id as the text bound to the tenant setting.
     *
     * @return the canonical text (lower-case UUID, decimal number, or the text itself)
     */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TenantId)) {
            return false;
        }
        TenantId other = (TenantId) o;
        return type == other.type && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + text.hashCode();
    }

    /**
     * The type and the id.
     *
     * @return for example {@code uuid:7f1c...}
     */
    @Override
    public String toString() {
        return type.sqlType() + ":" + text;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
